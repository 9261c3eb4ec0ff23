"""Mail sources: Maildir, mbox, .eml files and IMAP, all yielding one small `Message` type.

Headers are parsed by the standard library's `email` package (compat32, header blocks only);
the body is walked on offsets into the raw bytes, so only as much of it as a snippet needs is
decoded and attachments are measured, never copied.  Nothing raises on bad input: what cannot
be read is left out and noted.
"""
