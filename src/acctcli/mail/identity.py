"""What makes two copies of a message the same message.

A Message-ID is the sender's claim, not proof: a spoofed message can reuse a bank's id.  The
fingerprint hashes what a second copy of the same message keeps — the sender's address, the
Date header and the body — and ignores what transport changes (line endings,
trailing blank lines, Received headers), so the same message read from a Maildir (LF), an
mbox or IMAP (CRLF) has one fingerprint, and a different message with a known id another.
"""

from __future__ import annotations

import hashlib
from typing import Any

FINGERPRINT_LENGTH = 32  # hex digits of SHA-256 kept: 128 bits


def fingerprint(from_addr: str, date_header: str, raw: bytes, body_start: int) -> str:
    """Hex digest of the sender's address, the Date header as written (unfolded; "" when
    there is none — never a file's mtime, which differs between copies) and the body.  The
    body is hashed a slice at a time, so a large message is never copied whole."""
    digest = hashlib.sha256()
    for text in (from_addr.strip().lower(), " ".join(date_header.split())):
        digest.update(text.encode("utf-8", "surrogateescape") + b"\0")
    end = len(raw)
    while end > body_start and raw[end - 1] in b" \t\r\n\x0b\x0c":
        end -= 1
    hash_lf(digest, raw, body_start, end)
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def hash_lf(digest: Any, raw: bytes, start: int, end: int) -> None:
    """Feed raw[start:end] with CRLF line ends made LF, a slice at a time; a slice without a
    CR LF goes in as it is, without a copy."""
    view = memoryview(raw)
    pos = start
    while pos < end:
        stop = min(end, pos + (1 << 20))
        if stop < end and raw[stop - 1] == 13:  # never split a CRLF between two slices
            stop += 1
        if raw.find(b"\r", pos, stop) < 0:  # (a one-byte search: memchr, many times faster)
            digest.update(view[pos:stop])
        else:
            digest.update(raw[pos:stop].replace(b"\r\n", b"\n"))
        pos = stop


def shared_key(key: str, print_: str) -> str:
    """The key of a message whose Message-ID (`key`) another, different message has."""
    return f"{key}#{print_}"
