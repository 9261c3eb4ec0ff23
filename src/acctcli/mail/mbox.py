"""mbox files, streamed: one message at a time with its byte offsets, never the whole file.

"From " quirks: a separator is a "From " line at the start of the file or after a blank line,
and only when a header line follows it; ">From " (and ">>From "…) quoting in bodies is undone
(mboxrd, which also reads mboxo well); CRLF files work too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_QUOTED_FROM = re.compile(rb"^>+From ")
_NAME = re.compile(rb"^[!-9;-~]+$")


@dataclass(frozen=True)
class MboxEntry:
    start: int  # offset of the "From " line
    end: int  # offset just after the message (the next "From " line, or the end of file)
    raw: bytes


def looks_like_header(line: bytes) -> bool:
    """Whether a line starts a header field ("Name: value")."""
    colon = line.find(b":")
    return colon > 0 and bool(_NAME.match(line[:colon]))


def iter_mbox(path: Path, start: int = 0) -> Iterator[MboxEntry]:
    """Messages from byte offset `start` (which must be a separator, or 0)."""
    with path.open("rb") as handle:
        handle.seek(start)
        offset = start
        msg_start: int | None = None
        lines: list[bytes] = []
        previous_blank = True
        pending: bytes | None = None  # a "From " line waiting to see whether a header follows
        pending_at = 0
        for line in handle:
            if pending is not None:
                if looks_like_header(line):
                    if msg_start is not None:
                        yield MboxEntry(msg_start, pending_at, _finish(lines))
                    msg_start, lines = pending_at, []
                else:
                    lines.append(pending)
                pending = None
            blank = line in (b"\n", b"\r\n")
            if previous_blank and line.startswith(b"From "):
                pending, pending_at = line, offset
            elif msg_start is not None:
                lines.append(line)
            previous_blank = blank
            offset += len(line)
        if pending is not None and msg_start is not None:
            lines.append(pending)
        if msg_start is not None:
            yield MboxEntry(msg_start, offset, _finish(lines))


def _finish(lines: list[bytes]) -> bytes:
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]  # the blank line before the next separator is the mbox's, not ours
    return b"".join(
        line[1:] if line[:1] == b">" and _QUOTED_FROM.match(line) else line for line in lines
    )


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


def read_at(path: Path, offset: int) -> bytes | None:
    """The message starting at `offset`, if the mbox still has one there."""
    if not separator_at(path, offset):
        return None
    for entry in iter_mbox(path, offset):
        return entry.raw
    return None
