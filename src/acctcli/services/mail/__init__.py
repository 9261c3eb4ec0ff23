"""Mail in the store: importing it (files, IMAP), matching it to clients, listing and triaging it.

- `listing`: mail as of a day, its state changes, the morning's summary, a message's full text
- `importer`: `acct mail import PATH…` (Maildir, mbox, .eml), resumable
- `sync`: `acct mail sync` from the IMAP accounts in config.toml
- `writer`: parsed messages into the store in transactional batches
- `matching`: unmatched mail claimed again by clients added later

Kept empty on purpose: `acct mail list` runs before Typer loads and imports only `listing`.
"""
