"""The line-by-line mbox reader acct used before the bulk one (kept as the tests' oracle:
the bulk reader in acctcli/mail/mbox.py must split every input exactly as this one does)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_QUOTED_FROM = re.compile(rb"^>+From ")
_QUOTED_LINES = re.compile(rb"(?m)^>(>*From )")
_NAME = re.compile(rb"^[!-9;-~]+$")
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,15})[ \t]*\r?\n?$", re.I)
_BLANK = (b"\n", b"\r\n")
# a whole From_ line: "From sender Thu Dec  3 10:00:00 2026" (a sender "-" or MAILER-DAEMON too)
_FROM_LINE = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +"
    rb"\d{1,2}:\d{2}(?::\d{2})?(?: +[A-Z]{2,5}| +[+-]\d{4})? +\d{4}\s*$"
)
PIECE = 1 << 16  # the longest piece of a line read at once


@dataclass(frozen=True)
class MboxEntry:
    start: int  # offset of the "From " line
    end: int  # offset just after the message (the next "From " line, or the end of file)
    raw: bytes | None  # None when the message is larger than the limit (it was not kept)
    size: int = 0  # the message's bytes (without its "From " line)


def looks_like_header(line: bytes) -> bool:
    """Whether a line starts a header field ("Name: value")."""
    colon = line.find(b":")
    return colon > 0 and bool(_NAME.match(line[:colon]))


class _Reader:
    """A file's lines, in pieces of at most PIECE bytes, with their offsets and whether each
    starts a line; one piece of lookahead; every byte read goes through the hasher."""

    def __init__(self, handle: IO[bytes], offset: int, hasher: Any) -> None:
        self.handle = handle
        self.offset = offset
        self.hasher = hasher
        self.line_start = True
        self.back: list[tuple[int, bytes, bool]] = []
        self.unhashed: list[bytes] = []  # the last pieces read, hashed once known to be before
        self.unhashed_at = offset  # the offset of the first of them

    def _took(self, data: bytes) -> None:
        if self.hasher is None:
            return
        self.unhashed.append(data)
        while len(self.unhashed) > 3:  # a message ends at most two pieces back
            self._hash_one()

    def _hash_one(self) -> None:
        data = self.unhashed.pop(0)
        self.hasher.update(data)
        self.unhashed_at += len(data)

    def hash_to(self, offset: int) -> None:
        """Feed the hasher exactly the bytes before `offset` (a piece boundary)."""
        while self.unhashed and self.unhashed_at + len(self.unhashed[0]) <= offset:
            self._hash_one()

    def next(self) -> tuple[int, bytes, bool]:
        if self.back:
            return self.back.pop()
        piece = self.handle.readline(PIECE)
        item = (self.offset, piece, self.line_start)
        self.offset += len(piece)
        self.line_start = piece.endswith(b"\n")
        self._took(piece)
        return item

    def read(self, size: int) -> bytes:
        data = self.handle.read(size)
        self.offset += len(data)
        self._took(data)
        return data

    def header_follows(self) -> bool:
        item = self.next()
        self.back.append(item)
        return item[2] and looks_like_header(item[1])

    def separator(self, item: tuple[int, bytes, bool], previous_blank: bool) -> bool:
        """A "From " line after a blank one, followed by a header line — or a whole From_
        line (sender and date), whatever follows: a message whose headers are lost is then a
        failed entry of its own, not text glued to the message before it."""
        _at, piece, starts = item
        if not (starts and previous_blank and piece.startswith(b"From ")):
            return False
        return self.header_follows() or _FROM_LINE.match(piece) is not None


class _Kept:
    """A message's pieces, up to the limit; past it they are counted, not kept."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.pieces: list[bytes] = []
        self.size = 0
        self.last_blank = False

    def add(self, piece: bytes, blank: bool = False) -> None:
        self.size += len(piece)
        self.last_blank = blank
        if self.limit is not None and self.size > self.limit:
            self.pieces = []
        else:
            self.pieces.append(piece)

    def entry(self, start: int, end: int, *, trailing_blank: bool = True) -> MboxEntry:
        if self.limit is not None and self.size > self.limit:
            return MboxEntry(start, end, None, self.size)
        pieces = self.pieces
        if trailing_blank and self.last_blank and pieces:
            pieces = pieces[:-1]  # the blank line before the next separator is the mbox's
        raw = b"".join(pieces)
        return MboxEntry(start, end, raw, len(raw))


def iter_mbox(
    path: Path, start: int = 0, *, limit: int | None = None, hasher: Any = None
) -> Iterator[MboxEntry]:
    """Messages from byte offset `start` (which must be a separator, or 0).  `limit` bounds a
    message's bytes; `hasher` (hashlib), when given, holds the bytes before each entry's end
    when the entry is yielded (`fingerprint` it then, to resume there safely)."""
    with path.open("rb") as handle:
        handle.seek(start)
        reader = _Reader(handle, start, hasher)
        previous_blank = True
        while True:
            item = reader.next()
            if not item[1]:
                return
            if reader.separator(item, previous_blank):
                break
            previous_blank = item[2] and item[1] in _BLANK
        at: int | None = item[0]
        while at is not None:
            entry, at = _message(reader, handle.fileno(), at, limit)
            reader.hash_to(entry.end)
            yield entry


def _message(
    reader: _Reader, fd: int, start: int, limit: int | None
) -> tuple[MboxEntry, int | None]:
    """The message whose "From " line is at `start` (already read), and where the next one
    starts (None at the end of the file)."""
    kept = _Kept(limit)
    length: int | None = None
    while True:  # the header block
        item = reader.next()
        at, piece, starts = item
        if not piece:
            return kept.entry(start, at), None
        if starts and piece in _BLANK:
            kept.add(piece, blank=True)
            break
        if starts and piece.startswith(b"From ") and reader.header_follows():
            return kept.entry(start, at), at  # headers with no body, then the next message
        if starts and piece[:15].lower() == b"content-length:":
            found = _LENGTH.match(piece)
            length = int(found.group(1)) if found else None
        kept.add(piece)
    if length is not None:
        following = _boundary(fd, reader.offset + length)
        if following is not None:
            return _counted(reader, kept, start, length, following)
    previous_blank = True
    while True:  # the body, up to the next separator
        item = reader.next()
        at, piece, starts = item
        if not piece:
            return kept.entry(start, at), None
        if reader.separator(item, previous_blank):
            return kept.entry(start, at), at
        blank = starts and piece in _BLANK
        if starts and piece[:1] == b">" and _QUOTED_FROM.match(piece):
            piece = piece[1:]
        kept.add(piece, blank=blank)
        previous_blank = blank


def _counted(
    reader: _Reader, kept: _Kept, start: int, length: int, following: int
) -> tuple[MboxEntry, int | None]:
    """A body of exactly `length` bytes (mboxcl, mboxcl2), its length checked already."""
    over = kept.limit is not None and kept.size + length > kept.limit
    body: list[bytes] = []
    remaining = length
    while remaining > 0:
        chunk = reader.read(min(PIECE, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        if over:
            kept.add(chunk)  # counted, not kept
        else:
            body.append(chunk)
    if body:
        text = b"".join(body)
        if not text.startswith(b"From ") and b"\nFrom " not in text:
            text = _QUOTED_LINES.sub(rb"\1", text)  # mboxcl quotes; mboxcl2 does not
        kept.add(text)
    if following > reader.offset:
        reader.read(following - reader.offset)  # the blank line between the messages
    reader.line_start = True
    if following >= os.fstat(reader.handle.fileno()).st_size:
        return kept.entry(start, following, trailing_blank=False), None
    reader.next()  # the next message's "From " line, checked by _boundary
    return kept.entry(start, following, trailing_blank=False), following


def _boundary(fd: int, target: int) -> int | None:
    """Where the next message starts if a Content-Length points at `target` truly (at a
    separator, after at most one line break, or at the end of the file); None otherwise."""
    size = os.fstat(fd).st_size
    if target == size:
        return size
    if target > size:
        return None
    data = os.pread(fd, 4096, target)
    for skip in (b"", b"\n", b"\r\n"):
        if not data.startswith(skip):
            continue
        rest = data[len(skip) :]
        if not rest and target + len(skip) == size:
            return size
        if rest.startswith(b"From "):
            lines = rest.split(b"\n", 2)
            if len(lines) > 1 and looks_like_header(lines[1]):
                return target + len(skip)
    return None
