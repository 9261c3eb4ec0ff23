"""The body: walk the MIME tree just far enough for the text and the attachments' names.

Each part's headers are read by the standard library (`headers.parse_headers`, then
`get_content_type`, `get_params`, `get_boundary`); what stays ours is the walk itself, on
offsets into the one buffer holding the message, so that a 50 MB attachment is measured (its
decoded size) without a copy of it ever being made: the standard parser would hold every
part as a string.  Only the chosen text part is decoded, and with `limit` only its start.
Broken structure degrades to "what could be read" plus a note in `problems`.
"""

from __future__ import annotations

import binascii
import re

from acctcli.i18n import _
from acctcli.mail.charsets import decode_bytes
from acctcli.mail.headers import (
    MAX_HEADER_BYTES,
    Headers,
    boundary,
    content_params,
    header_end,
    header_text,
    parse_headers,
)
from acctcli.mail.htmltext import html_to_text
from acctcli.mail.message import Attachment

MAX_DEPTH = 20
MAX_PARTS = 1000
_WHITESPACE = b" \t\r\n"
_BASE64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")


class Body:
    """What the walk over a message's parts finds (filled in as it goes)."""

    __slots__ = (
        "text", "attachments", "problems", "plain", "html", "parts", "limit",
        "plain_cut", "html_cut", "cut",
    )  # fmt: skip

    def __init__(self, *, limit: int | None = None) -> None:
        self.text = ""
        self.attachments: list[Attachment] = []
        self.problems: list[str] = []
        self.plain: str | None = None
        self.html: str | None = None
        self.parts = 0
        self.limit = limit
        self.plain_cut = 0  # with `limit`: bytes of the plain text part left undecoded
        self.html_cut = 0
        self.cut = 0  # the same, of the part `text` comes from


def read_body(headers: Headers, raw: bytes, start: int, *, limit: int | None) -> Body:
    """Text (plain preferred, else HTML made plain) and attachments of raw[start:]."""
    found = Body(limit=limit)
    _walk(headers, raw, start, len(raw), 0, found)
    if found.plain is not None and found.plain.strip():
        found.text, found.cut = found.plain, found.plain_cut
    elif found.html is not None:
        found.text, found.cut = html_to_text(found.html), found.html_cut
    else:
        found.text, found.cut = found.plain or "", found.plain_cut
    return found


def read_text(raw: bytes, *, limit: int | None) -> tuple[str, int]:
    """A whole message's text for reading (plain, or HTML made plain) and how many bytes of
    it were left out: with `limit`, only about the first `limit` bytes of the text part are
    read and decoded, however large it is (a 50 MB one-line body costs no more than a short
    one).  May raise on a parser bug: the caller falls back to what it has."""
    end, body_start = header_end(raw)
    found = read_body(parse_headers(raw, 0, end), raw, body_start, limit=limit)
    return found.text.replace("\r\n", "\n").strip(), found.cut


def _walk(headers: Headers, buf: bytes, start: int, end: int, depth: int, found: Body) -> None:
    found.parts += 1
    if found.parts > MAX_PARTS:
        if found.parts == MAX_PARTS + 1:
            found.problems.append(
                _("more than {count} MIME parts; the rest skipped").format(count=MAX_PARTS)
            )
        return
    ctype = headers.get_content_type()
    if not ctype.startswith("multipart/"):
        try:
            _leaf(ctype, headers, buf, start, end, found)
        except Exception as exc:  # one unreadable part must not lose the others
            found.problems.append(
                _("a {type} part unreadable ({error}); left out").format(
                    type=header_text(ctype), error=type(exc).__name__
                )
            )
        return
    mark = boundary(headers)
    if not mark:
        found.problems.append(_("multipart without a boundary; read as text"))
        _leaf("text/plain", Headers(), buf, start, end, found)
        return
    if depth >= MAX_DEPTH:
        found.problems.append(_("MIME nesting too deep; the rest skipped"))
        return
    parts = split_multipart(buf, start, end, mark)
    if parts is None:
        found.problems.append(_("multipart boundary never found; read as text"))
        _leaf("text/plain", Headers(), buf, start, end, found)
        return
    for part_start, part_end in parts:
        head_end, body_start = header_end(buf, part_start, part_end, bound=MAX_HEADER_BYTES)
        part = parse_headers(buf, part_start, head_end)
        if ctype == "multipart/digest":
            part.set_default_type("message/rfc822")
        _walk(part, buf, min(body_start, part_end), part_end, depth + 1, found)


def _leaf(ctype: str, headers: Headers, buf: bytes, start: int, end: int, found: Body) -> None:
    params = content_params(headers)
    disposition = headers.get_content_disposition()
    filename = content_params(headers, "content-disposition").get("filename")
    filename = filename or params.get("name") or ""
    filename = " ".join(filename.replace("\\", "/").rsplit("/", 1)[-1].split())
    cte = headers.get("content-transfer-encoding", "")
    if ctype in ("message/rfc822", "message/global"):
        if not filename:
            inner = parse_headers(buf, start, header_end(buf, start, min(end, start + 65536))[0])
            filename = f"{header_text(inner.get('subject'))[:80] or 'message'}.eml"
        found.attachments.append(Attachment(filename, end - start))
        return
    is_text = ctype in ("text/plain", "text/html")
    if disposition == "attachment" or filename or not is_text:
        if ctype.startswith("text/") and not disposition and not filename:
            return  # text/calendar, text/x-vcard… inline: neither text nor attachment
        size = decoded_size(buf, start, end, cte)
        found.attachments.append(Attachment(filename or f"unnamed {header_text(ctype)}", size))
        return
    if ctype == "text/plain" and found.plain is not None and found.plain.strip():
        return
    if ctype == "text/html" and (found.html is not None or (found.plain or "").strip()):
        return
    limit = found.limit
    budget = None if limit is None else (limit if ctype == "text/plain" else limit * 8)
    data, problem = decode_transfer(buf, start, end, cte, budget)
    if problem:
        found.problems.append(problem)
    text = decode_bytes(data, params.get("charset"), partial=budget is not None)
    cut = 0
    if budget is not None and end - start > budget:
        cut = max(0, decoded_size(buf, start, end, cte) - len(data))
    if ctype == "text/plain":
        if params.get("format", "").lower() == "flowed":
            text = text.replace(" \r\n", " ").replace(" \n", " ")
        found.plain, found.plain_cut = text, cut
    else:
        found.html, found.html_cut = text, cut


def split_multipart(
    buf: bytes, start: int, end: int, boundary: bytes
) -> list[tuple[int, int]] | None:
    """(start, end) of the parts between `--boundary` lines of buf[start:end]; an
    unterminated last part is kept as it is; None when the boundary never occurs."""
    delimiter = b"--" + boundary
    parts: list[tuple[int, int]] = []
    begin: int | None = None
    pos = start
    while True:
        found = buf.find(delimiter, pos, end)
        if found < 0:
            break
        after = found + len(delimiter)
        at_line_start = found == start or buf[found - 1] == 10
        next_byte = buf[after : after + 1] if after < end else b""
        if not at_line_start or next_byte not in (b"", b"-", b"\r", b"\n", b" ", b"\t"):
            pos = after
            continue
        if begin is not None:
            stop = found
            if stop > begin and buf[stop - 1] == 10:  # the line break belongs to the delimiter
                stop -= 2 if stop - 2 >= begin and buf[stop - 2] == 13 else 1
            parts.append((begin, stop))
        if buf.startswith(b"--", after, end):
            return parts
        eol = buf.find(b"\n", after, end)
        begin = end if eol < 0 else eol + 1
        pos = begin
    if begin is None:
        return None
    if begin < end:
        parts.append((begin, end))
    return parts


MAX_LINE = 1000  # RFC 5322: 998 characters and CR LF


def base64_lines(buf: bytes, start: int, end: int) -> tuple[int, int]:
    """(stop, blanks): buf[start:stop] is whole lines of the first line's width, as a base64
    encoder writes them, and `blanks` is how many line-end bytes they hold.

    Checked one byte a line, by strided slices (`buf[i:stop:width]` copies one byte in 77),
    not by reading every byte: each line ends as the first one does (LF or CR LF), with no
    blank before it, and starts with neither a blank nor "-" (not a base64 character, so no
    MIME delimiter is among these lines); the first line, which sets the width, is read
    whole, and the last one is left out.  So a blank slipped in anywhere moves the line ends
    after it off the width, or is seen.  What is not seen is a character *replaced* by a
    blank, or lines of other widths that happen to end every `width` bytes: base64 that no
    encoder writes, whose decoded size is then off by under a byte for each such blank.
    A first line that is not such a line gives (start, 0)."""
    nl = buf.find(b"\n", start, min(end, start + MAX_LINE + 1))
    if nl < 0:
        return start, 0
    width = nl + 1 - start
    crlf = buf[nl - 1] == 13 if nl > start else False
    if width < 5 + crlf:  # four characters at least
        return start, 0
    for blank in b" \t\r":  # the first line sets the width: all of it is looked at
        if buf.find(blank, start, nl - crlf) >= 0:
            return start, 0
    stop = start + (end - start) // width * width
    lines = _leading(buf[nl:stop:width], b"\n")
    if crlf:
        lines = min(lines, _leading(buf[nl - 1 : stop : width], b"\r"))
        lines = _first_of(buf[nl - 2 : stop : width], b" \t", lines)
    else:
        lines = _first_of(buf[nl - 1 : stop : width], b" \t\r", lines)
    lines = _first_of(buf[start:stop:width], b"- \t\r\n", lines)
    # the last of them is left to be counted: a short last line with a blank slipped in
    # can come out exactly as wide as the others
    lines = max(lines - 1, 0)
    return start + lines * width, lines * (1 + crlf)


def _leading(data: bytes, byte: bytes) -> int:
    """How many of data's first bytes are `byte`."""
    return len(data) - len(data.lstrip(byte))


def _first_of(data: bytes, chars: bytes, limit: int) -> int:
    """The index of the first of `chars` in data[:limit], or `limit`."""
    for ch in chars:
        found = data.find(ch, 0, limit)
        if found >= 0:
            limit = found
    return limit


def decode_transfer(
    buf: bytes, start: int, end: int, cte: str, budget: int | None
) -> tuple[bytes, str | None]:
    """Undo base64 / quoted-printable with `binascii` (what `Message.get_payload(decode=True)`
    uses too, but that needs the whole payload as a string and hands back the base64 text
    itself when it is broken); with `budget`, only about that many bytes' worth."""
    cte = cte.strip().strip('"').lower()
    if cte == "base64":
        stop = end if budget is None else min(end, start + budget * 2)
        data = buf[start:stop].translate(None, _WHITESPACE)
        for attempt in (data, _BASE64_JUNK.sub(b"", data.rstrip(b"="))):
            if budget is not None:
                attempt = attempt[: len(attempt) - len(attempt) % 4]
            else:
                attempt += b"=" * (-len(attempt) % 4)
            try:
                return binascii.a2b_base64(attempt), None
            except (binascii.Error, ValueError):
                continue
        return b"", _("bad base64 in the text; text left out")
    if cte == "quoted-printable":
        data = buf[start : end if budget is None else min(end, start + budget * 3)]
        try:
            return binascii.a2b_qp(data), None
        except (binascii.Error, ValueError):
            return data, None
    return buf[start : end if budget is None else min(end, start + budget)], None


def decoded_size(buf: bytes, start: int, end: int, cte: str) -> int:
    """An attachment's size once decoded, measured in place: no copy, no decoding."""
    cte = cte.strip().strip('"').lower()
    if cte == "base64":
        # the lines of one width are measured one byte a line (base64_lines); what follows
        # them (the last line, or all of a body of uneven lines) is counted: line ends, and
        # the other blanks looked for first (memchr, many times faster than a count)
        run, blanks = base64_lines(buf, start, end)
        blanks += buf.count(b"\n", run, end)
        for ch in (b"\r", b" ", b"\t"):
            if buf.find(ch, run, end) >= 0:
                blanks += buf.count(ch, run, end)
        chars = end - start - blanks
        pad, pos = 0, end - 1
        while pos >= start and pad < 2 and buf[pos] in b" \t\r\n=":
            pad += buf[pos] == 61  # "="
            pos -= 1
        return max(0, chars * 3 // 4 - pad)
    if cte == "quoted-printable":
        soft_crlf = buf.count(b"=\r\n", start, end)
        soft_lf = buf.count(b"=\n", start, end)
        escapes = buf.count(b"=", start, end) - soft_crlf - soft_lf
        return max(0, end - start - 3 * soft_crlf - 2 * soft_lf - 2 * escapes)
    return end - start
