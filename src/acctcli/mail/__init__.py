"""Mail sources: Maildir, mbox, .eml files and IMAP, all yielding one small `Message` type.

Parsing is our own light pass over the raw bytes (header block, then only as much of the
body as a snippet needs), built on the standard library's codecs, `binascii` and
`email.utils`; it never raises on bad input: what cannot be read is left out and noted.
"""
