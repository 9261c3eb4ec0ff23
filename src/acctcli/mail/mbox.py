"""mbox files, streamed: one message at a time with its byte offsets, never the whole file.

Every variant is read: mboxo and mboxrd (">From " quoting undone: mboxrd's rule, which reads
mboxo well), mboxcl and mboxcl2 (a `Content-Length` header).  A separator is a "From " line at
the start of the file or after a blank line, and only when a header line follows it; CRLF files
work too.  `Content-Length` is a hint that is checked: it is used only where the byte it points
at begins the next separator (or the end of the file), and is otherwise ignored, so a wrong
length never swallows the messages after it.

The file is read a block at a time and split by searching each block for "\\nFrom " (in C),
not line by line in Python; only a message's header block is walked line by line.  A message
is cut out of the block in one slice.  One longer than STREAM is not kept in the window while
its end is sought (only the block being searched is held), then read from disk in one piece:
an 80 MB message is in memory once.  A message larger than the limit is skipped (its entry has
no bytes), never read whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from acctcli.records import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
PIECE = 1 << 16  # how much of a line is looked at (a From_ line, the header line after it)
BLOCK = 1 << 20  # bytes read at once
STREAM = 8 << 20  # a message longer than this is not held while its end is sought


class MboxEntry(NamedTuple):
    start: int  # offset of the "From " line
    end: int  # offset just after the message (the next "From " line, or the end of file)
    raw: bytes | None  # None when the message is larger than the limit (it was not kept)
    size: int = 0  # the message's bytes (without its "From " line)


def looks_like_header(line: bytes) -> bool:
    """Whether a line starts a header field ("Name: value")."""
    colon = line.find(b":")
    return colon > 0 and bool(_NAME.match(line[:colon]))


class _Window:
    """The bytes [base, base + len(buf)) of the file.  Reading on drops what lies before
    `keep`; a search that has gone STREAM bytes past `keep` moves it along (what it let go
    is read again from disk if wanted)."""

    def __init__(self, fd: int, offset: int, block: int, stream: int) -> None:
        self.fd = fd
        self.block = block
        self.stream = stream
        self.base = offset
        self.buf = b""
        self.eof = False
        self.keep = offset

    @property
    def end(self) -> int:
        return self.base + len(self.buf)

    def more(self) -> bool:
        """Read the next block; False at the end of the file."""
        if self.eof:
            return False
        chunk = os.pread(self.fd, self.block, self.end)
        if not chunk:
            self.eof = True
            return False
        drop = max(0, min(self.keep, self.end) - self.base)
        self.buf = self.buf[drop:] + chunk if self.buf else chunk
        self.base += drop
        return True

    def has(self, upto: int) -> bool:
        """Whether the file holds the bytes before `upto` (read into the window)."""
        while self.end < upto:
            if not self.more():
                return False
        return True

    def find(self, sub: bytes, start: int) -> int:
        """The offset of `sub` at or after `start`, or -1."""
        if start < self.base:  # behind the window: start it again there
            self.base, self.buf, self.eof, self.keep = start, b"", False, start
        pos = start
        while True:
            hit = self.buf.find(sub, pos - self.base)
            if hit >= 0:
                return self.base + hit
            pos = max(start, self.end - len(sub) + 1)
            if pos - self.keep > self.stream:
                self.keep = pos - 16  # a long message: let go of what is behind
            if not self.more():
                return -1

    def line_end(self, pos: int) -> int:
        """The offset after the line starting at `pos` (after its "\\n", or the file's end)."""
        nl = self.find(b"\n", pos)
        return nl + 1 if nl >= 0 else self.end

    def at(self, start: int, end: int) -> bytes:
        """File bytes [start, end): from the window, else (a long stretch, or one the window
        has let go) from disk in one read."""
        if end - start <= self.stream:
            self.has(end)
            if start >= self.base:
                return self.buf[start - self.base : end - self.base]
        return _pread(self.fd, max(0, end - start), start)


def _pread(fd: int, size: int, offset: int) -> bytes:
    data = os.pread(fd, size, offset)
    if len(data) < size:  # a short read: the rest piece by piece
        pieces = [data]
        got = len(data)
        while got < size:
            more = os.pread(fd, size - got, offset + got)
            if not more:
                break
            pieces.append(more)
            got += len(more)
        data = b"".join(pieces)
    return data


def _piece(w: _Window, pos: int, end: int) -> bytes:
    """The first PIECE bytes of the line [pos, end)."""
    return w.at(pos, min(end, pos + PIECE))


def _header_follows(w: _Window, pos: int) -> bool:
    """Whether the line after the one at `pos` starts with a header field."""
    end = w.line_end(pos)
    if end - pos > PIECE or w.at(end - 1, end) != b"\n":
        return False  # the next piece read is no line start (or there is none)
    return looks_like_header(_piece(w, end, w.line_end(end)))


def _separator(w: _Window, pos: int) -> bool:
    """A "From " line (at a line start after a blank line) followed by a header line — or a
    whole From_ line (sender and date), whatever follows: a message whose headers are lost is
    then a failed entry of its own, not text glued to the message before it."""
    if w.at(pos, pos + 5) != b"From ":
        return False
    return _header_follows(w, pos) or _FROM_LINE.match(_piece(w, pos, w.line_end(pos))) is not None


def _blank_line_ends_at(w: _Window, s: int, begin: int, begin_starts: bool = True) -> bool:
    """Whether the bytes before `s` (s > `begin`) end with a blank line ("\n" or "\r\n"
    at a line start); `begin_starts`: whether `begin` is a line start."""
    if w.at(s - 1, s) != b"\n":
        return False
    if s - 1 == begin:
        return begin_starts
    before = w.at(max(begin, s - 3), s)
    if before.endswith(b"\n\n"):
        return True
    if before.endswith(b"\r\n"):
        return before == b"\n\r\n" or (s - 2 == begin and begin_starts)
    return False


def _next_separator(w: _Window, begin: int, blank_before: bool) -> int:
    """The first separator at or after the line start `begin` (-1: none); `blank_before`:
    whether the line before `begin` is blank.  Found by searching for "\nFrom ", so only the
    lines that could be one are looked at in Python."""
    if blank_before and _separator(w, begin):
        return begin
    pos = begin
    while True:
        hit = w.find(b"\nFrom ", pos)
        if hit < 0:
            return -1
        s = hit + 1
        if _blank_line_ends_at(w, s, begin) and _separator(w, s):
            return s
        pos = s


def iter_mbox(
    path: Path,
    start: int = 0,
    *,
    limit: int | None = None,
    hasher: Any = None,
    block: int | None = None,
    stream: int | None = None,
) -> Iterator[MboxEntry]:
    """Messages from byte offset `start` (which must be a separator, or 0).  `limit` bounds a
    message's bytes; `hasher` (hashlib), when given, holds the bytes before each entry's end
    when the entry is yielded (`fingerprint` it then, to resume there safely).  `block` and
    `stream`: how much is read at once, and how far a message's end is sought holding it."""
    with path.open("rb") as handle:
        w = _Window(handle.fileno(), start, block or BLOCK, stream or STREAM)
        hashed = start
        at = _next_separator(w, start, True)
        while at >= 0:
            w.keep = at
            entry, following = _message(w, at, limit)
            if hasher is not None:
                _hash(w, hasher, hashed, entry.end)
                hashed = entry.end
            yield entry
            del entry  # not held while the next message is read
            at = following


def _hash(w: _Window, hasher: Any, start: int, end: int) -> None:
    """Feed the hasher the file's bytes [start, end)."""
    if start >= w.base and end <= w.end:
        hasher.update(memoryview(w.buf)[start - w.base : end - w.base])
        return
    while start < end:
        chunk = os.pread(w.fd, min(BLOCK, end - start), start)
        if not chunk:
            return
        hasher.update(chunk)
        start += len(chunk)


def _message(w: _Window, start: int, limit: int | None) -> tuple[MboxEntry, int]:
    """The message whose "From " line is at `start`, and where the next one starts (-1 at
    the end of the file)."""
    first_end = w.line_end(start)
    content = min(first_end, start + PIECE)  # a From_ line longer than that: the rest is text
    content_starts = content == first_end
    pos, length, line_start = content, None, content_starts
    while True:  # the header block, line by line (it is short)
        end = w.line_end(pos)
        if end == pos:  # the end of the file
            return _entry(w, start, content, pos, pos, pos, limit), -1
        if line_start:
            piece = _piece(w, pos, end)
            if piece in _BLANK:
                break
            if piece.startswith(b"From ") and _header_follows(w, pos):
                return _entry(w, start, content, pos, pos, pos, limit), pos
            if piece[:15].lower() == b"content-length:":
                found = _LENGTH.match(piece)
                length = int(found.group(1)) if found else None
        line_start = True
        pos = end
    body = end
    if length is not None:
        following = _boundary(w.fd, body + length)
        if following is not None:
            return _counted(w, start, content, body, length, following, limit)
    nxt = _next_separator(w, body, True)
    stop = nxt if nxt >= 0 else w.end
    kept = stop
    # the blank line before the next separator (or ending the file) is the mbox's
    if stop > content and _blank_line_ends_at(w, stop, content, content_starts):
        kept -= 2 if w.at(stop - 2, stop) == b"\r\n" and stop - 2 >= content else 1
    return _entry(w, start, content, body, kept, stop, limit), nxt


def _entry(
    w: _Window, start: int, content: int, body: int, kept: int, stop: int, limit: int | None
) -> MboxEntry:
    """The message [content, kept) (its body, from `body`, unquoted) ending at `stop`; over
    the limit (counted with the blank line before `stop`) it is not read."""
    total = stop - content
    if limit is not None and total > limit:
        total -= _quoted(w, body, kept)
        if total > limit:
            return MboxEntry(start, stop, None, total)
    raw = w.at(content, kept)
    if body < kept and raw.find(b">From ", body - content) >= 0:
        raw = raw[: body - content] + _QUOTED_LINES.sub(rb"\1", raw[body - content :])
    return MboxEntry(start, stop, raw, len(raw))


def _quoted(w: _Window, start: int, end: int) -> int:
    """How many lines of [start, end) (`start` a line start) are ">From " quoted."""
    if start >= w.base and end <= w.end:
        return sum(1 for _ in _QUOTED_LINES.finditer(w.buf, start - w.base, end - w.base))
    count, pos, mid_line = 0, start, False
    while pos < end:  # read from disk a block at a time, each cut after its last line
        chunk = os.pread(w.fd, min(BLOCK, end - pos), pos)
        if not chunk:
            break
        if pos + len(chunk) < end:
            cut = chunk.rfind(b"\n")
            if cut < 0:  # no line ends in it: no line starts in what follows either
                pos += len(chunk)
                mid_line = True
                continue
            chunk = chunk[: cut + 1]
        for found in _QUOTED_LINES.finditer(chunk):
            count += not (mid_line and found.start() == 0)
        pos += len(chunk)
        mid_line = False
    return count


def _counted(
    w: _Window,
    start: int,
    content: int,
    body: int,
    length: int,
    following: int,
    limit: int | None,
) -> tuple[MboxEntry, int]:
    """A body of exactly `length` bytes (mboxcl, mboxcl2), its length checked already."""
    nxt = following if following < os.fstat(w.fd).st_size else -1
    total = body - content + length
    if limit is not None and total > limit:
        return MboxEntry(start, following, None, total), nxt
    raw = w.at(content, body + length)
    skip = body - content
    if (
        skip < len(raw)
        and not raw.startswith(b"From ", skip)
        and raw.find(b"\nFrom ", skip) < 0
        and raw.find(b">From ", skip) >= 0
    ):
        raw = raw[:skip] + _QUOTED_LINES.sub(rb"\1", raw[skip:])  # mboxcl quotes; mboxcl2 not
    return MboxEntry(start, following, raw, len(raw)), nxt


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


def separator_at(path: Path, offset: int) -> bool:
    """Whether a message starts at `offset` (to resume an mbox that has grown)."""
    if offset == 0:
        return True
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(5) == b"From "
    except OSError:
        return False


def prefix_digest(path: Path, size: int) -> Any:
    """A sha256 of the file's first `size` bytes, to continue with what follows (None when the
    file is shorter)."""
    import hashlib  # here: a Maildir's re-import never needs it (8 ms)

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        left = size
        while left > 0:
            chunk = handle.read(min(1 << 20, left))
            if not chunk:
                return None
            digest.update(chunk)
            left -= len(chunk)
    return digest


ENDS = 1 << 16  # bytes of each end of an mbox that `ends_print` hashes


def ends_print(path: Path, size: int) -> int:
    """A fingerprint of an mbox's size and its first and last ENDS bytes: what a mail
    client that only touched it, or rewrote it as it was, leaves as it was, and what
    appending a message, or deleting one and appending another, changes (the tail)."""
    import hashlib

    digest = hashlib.sha256(b"%d\0" % size)
    try:
        with path.open("rb") as handle:
            digest.update(handle.read(min(size, ENDS)))
            if size > ENDS:
                handle.seek(max(ENDS, size - ENDS))
                digest.update(handle.read(min(ENDS, size - ENDS)))
    except OSError:
        return -1
    return fingerprint(digest)


def fingerprint(digest: Any) -> int:
    """A digest as a number a BIGINT column holds."""
    return int(digest.hexdigest()[:15], 16)


def read_at(path: Path, offset: int, limit: int | None = None) -> bytes | None:
    """The message starting at `offset`, if the mbox still has one there."""
    if not separator_at(path, offset):
        return None
    for entry in iter_mbox(path, offset, limit=limit):
        return entry.raw
    return None
