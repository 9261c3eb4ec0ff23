"""The body: walk the MIME tree just far enough for the text and the attachments' names.

Only the chosen text part is decoded, and with `limit` only its start; attachments are
measured (their decoded size), never decoded.  Broken structure degrades to "what could be
read" plus a note in `problems`.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass, field

from acctcli.mail.charsets import decode_bytes
from acctcli.mail.headers import decode_words, header_end, parse_header_block, split_params
from acctcli.mail.htmltext import html_to_text
from acctcli.mail.message import Attachment

PART_HEADERS = frozenset(
    {"content-type", "content-transfer-encoding", "content-disposition", "subject"}
)
MAX_DEPTH = 20
MAX_PARTS = 1000
_WHITESPACE = b" \t\r\n"
_BASE64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")


@dataclass
class Body:
    text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    plain: str | None = None
    html: str | None = None
    parts: int = 0


def read_body(headers: dict[str, str], body: bytes, *, limit: int | None) -> Body:
    """Text (plain preferred, else HTML made plain) and attachments of a message body."""
    found = Body()
    _walk(
        headers.get("content-type", ""),
        headers.get("content-transfer-encoding", ""),
        headers.get("content-disposition", ""),
        body,
        0,
        found,
        limit,
    )
    if found.plain is not None and found.plain.strip():
        found.text = found.plain
    elif found.html is not None:
        found.text = html_to_text(found.html)
    else:
        found.text = found.plain or ""
    return found


def _walk(
    ctype: str, cte: str, disposition: str, body: bytes, depth: int, found: Body, limit: int | None
) -> None:
    found.parts += 1
    if found.parts > MAX_PARTS:
        if found.parts == MAX_PARTS + 1:
            found.problems.append(f"more than {MAX_PARTS} MIME parts; the rest skipped")
        return
    main, params = split_params(ctype) if ctype else ("text/plain", {})
    if "/" not in main:
        main = "text/plain"
    if main.startswith("multipart/"):
        boundary = params.get("boundary", "")
        if not boundary:
            found.problems.append("multipart without a boundary; read as text")
            _leaf("text/plain", {}, cte, "", body, found, limit)
            return
        if depth >= MAX_DEPTH:
            found.problems.append("MIME nesting too deep; the rest skipped")
            return
        parts = split_multipart(body, boundary.encode("utf-8", "surrogateescape"))
        if parts is None:
            found.problems.append("multipart boundary never found; read as text")
            _leaf("text/plain", {}, cte, "", body, found, limit)
            return
        for part in parts:
            end, start = header_end(part)
            part_headers = parse_header_block(part[:end], PART_HEADERS)
            _walk(
                part_headers.get("content-type", ""),
                part_headers.get("content-transfer-encoding", ""),
                part_headers.get("content-disposition", ""),
                part[start:],
                depth + 1,
                found,
                limit,
            )
        return
    _leaf(main, params, cte, disposition, body, found, limit)


def _leaf(
    main: str,
    params: dict[str, str],
    cte: str,
    disposition: str,
    body: bytes,
    found: Body,
    limit: int | None,
) -> None:
    disp, dparams = split_params(disposition) if disposition else ("", {})
    filename = dparams.get("filename") or params.get("name") or ""
    filename = " ".join(filename.replace("\\", "/").rsplit("/", 1)[-1].split())
    if main in ("message/rfc822", "message/global"):
        if not filename:
            end, _ = header_end(body)
            inner = parse_header_block(body[:end], frozenset({"subject"}))
            subject = " ".join(decode_words(inner.get("subject", "")).split())[:80]
            filename = f"{subject or 'message'}.eml"
        found.attachments.append(Attachment(filename, len(body)))
        return
    is_text = main in ("text/plain", "text/html")
    if disp == "attachment" or filename or not is_text:
        if main.startswith("text/") and not disp and not filename:
            return  # text/calendar, text/x-vcard… inline: neither text nor attachment
        found.attachments.append(Attachment(filename or f"unnamed {main}", decoded_size(body, cte)))
        return
    if main == "text/plain" and found.plain is not None and found.plain.strip():
        return
    if main == "text/html" and (found.html is not None or (found.plain or "").strip()):
        return
    budget = None if limit is None else (limit if main == "text/plain" else limit * 8)
    data, problem = decode_transfer(body, cte, budget)
    if problem:
        found.problems.append(problem)
    text = decode_bytes(data, params.get("charset"), partial=budget is not None)
    if main == "text/plain":
        if params.get("format", "").lower() == "flowed":
            text = text.replace(" \r\n", " ").replace(" \n", " ")
        found.plain = text
    else:
        found.html = text


def split_multipart(body: bytes, boundary: bytes) -> list[bytes] | None:
    """The parts between `--boundary` lines; an unterminated last part is kept as it is."""
    delimiter = b"--" + boundary
    parts: list[bytes] = []
    start: int | None = None
    pos = 0
    size = len(body)
    while True:
        found = body.find(delimiter, pos)
        if found < 0:
            break
        after = found + len(delimiter)
        at_line_start = found == 0 or body[found - 1] == 10
        next_byte = body[after : after + 1]
        if not at_line_start or next_byte not in (b"", b"-", b"\r", b"\n", b" ", b"\t"):
            pos = after
            continue
        if start is not None:
            end = found
            if end > start and body[end - 1] == 10:
                end -= 2 if end - 2 >= start and body[end - 2] == 13 else 1
            parts.append(body[start:end])
        if body.startswith(b"--", after):
            return parts
        eol = body.find(b"\n", after)
        start = size if eol < 0 else eol + 1
        pos = start
    if start is None:
        return None
    if start < size:
        parts.append(body[start:])
    return parts


def decode_transfer(body: bytes, cte: str, budget: int | None) -> tuple[bytes, str | None]:
    """Undo base64 / quoted-printable; with `budget`, only about that many bytes' worth."""
    cte = cte.strip().strip('"').lower()
    if cte == "base64":
        data = body if budget is None else body[: budget * 2]
        data = data.translate(None, _WHITESPACE)
        for attempt in (data, _BASE64_JUNK.sub(b"", data.rstrip(b"="))):
            if budget is not None:
                attempt = attempt[: len(attempt) - len(attempt) % 4]
            else:
                attempt += b"=" * (-len(attempt) % 4)
            try:
                return binascii.a2b_base64(attempt), None
            except (binascii.Error, ValueError):
                continue
        return b"", "bad base64 in the text; text left out"
    if cte == "quoted-printable":
        data = body if budget is None else body[: budget * 3]
        try:
            return binascii.a2b_qp(data), None
        except (binascii.Error, ValueError):
            return data, None
    return (body if budget is None else body[:budget]), None


def decoded_size(body: bytes, cte: str) -> int:
    """An attachment's size once decoded, measured without decoding a base64 body."""
    cte = cte.strip().strip('"').lower()
    if cte == "base64":
        data = body.translate(None, _WHITESPACE)
        pad = len(data) - len(data.rstrip(b"="))
        return max(0, len(data) * 3 // 4 - min(pad, 2))
    if cte == "quoted-printable":
        try:
            return len(binascii.a2b_qp(body))
        except (binascii.Error, ValueError):
            return len(body)
    return len(body)
