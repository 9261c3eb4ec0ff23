"""Raw bytes to a `Message`: the one entry point every source uses."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from acctcli.i18n import _
from acctcli.mail.headers import (
    Headers,
    header_end,
    header_text,
    normalise_message_id,
    parse_address,
    parse_address_list,
    parse_date,
    parse_headers,
    unescape,
    unfolded,
)
from acctcli.mail.identity import fingerprint, hash_lf
from acctcli.mail.message import Message
from acctcli.mail.mime import read_body

_IDENTITY = ("from", "to", "cc", "subject", "date", "message-id")
TEXT_LIMIT = 4096  # bytes of the text part decoded for the snippet and the rules
SNIPPET_LENGTH = 200
_REPLY_HEADER = re.compile(
    r"^(?:-{2,}\s*(?:original message|исходное сообщение|пересылаемое сообщение)"
    r"|-- ?$|_{8,}$|On .{4,80} wrote:$|.{4,80} (?:пишет|написал[а]?):$)",
    re.I,
)


class UnreadableMessage(Exception):
    """Nothing in the bytes looks like a mail message."""


def parse_message(raw: bytes, *, fallback_date: datetime | None = None) -> Message:
    """Parse what can be parsed; raise UnreadableMessage only when there is no mail at all.

    A BOM, blank lines and spaces before the headers are skipped; any header block is a
    message (one with no From, Date or Message-ID is keyed by its content)."""
    skip = _leading_blank(raw)
    if skip:
        raw = raw[skip:]
    if not raw:
        raise UnreadableMessage(_("empty file"))
    end, body_start = header_end(raw)
    headers = parse_headers(raw, 0, end)
    # the first of each header, by lowercase name: Message.get() scans every header per call
    first: dict[str, str] = {}
    for name, value in headers.items():
        first.setdefault(name.lower(), value)
    if not first or not (_header_line(raw) or any(name in first for name in _IDENTITY)):
        raise UnreadableMessage(_("no mail headers"))
    problems: list[str] = []
    subject = header_text(first.get("subject"))
    from_name, from_addr = parse_address(first.get("from"))
    to_addrs = parse_address_list(first.get("to"), first.get("cc"), first.get("bcc"))
    date = parse_date(first.get("date"))
    if date is None:
        if first.get("date"):
            problems.append(
                _("unreadable date {date!r}").format(date=header_text(first["date"])[:40])
            )
        date = fallback_date
    message_id = normalise_message_id(unescape(first.get("message-id", "")))
    try:
        found = read_body(headers, raw, body_start, limit=TEXT_LIMIT)
        text, attachments = found.text, found.attachments
        problems.extend(found.problems)
    except Exception as exc:  # a parser bug must not lose the message's headers
        text, attachments = "", []
        problems.append(_("body unreadable ({error})").format(error=type(exc).__name__))
    precedence = unfolded(first.get("precedence")).lower()
    auto = unfolded(first.get("auto-submitted")).lower()
    bulk = (
        "list-id" in first
        or "list-unsubscribe" in first
        or precedence in ("bulk", "list", "junk")
        or (auto not in ("", "no"))
    )
    key = message_id or content_key(headers, raw, body_start)
    if not any(name in first for name in _IDENTITY):  # a bare header block: all of it counts
        key = (
            "sha256:" + hashlib.sha256(key.encode() + raw[:end].replace(b"\r\n", b"\n")).hexdigest()
        )
    return Message(
        key=key,
        message_id=message_id,
        date=date,
        from_addr=from_addr,
        from_name=from_name,
        to_addrs=to_addrs,
        subject=subject,
        snippet=make_snippet(text),
        text=text[:TEXT_LIMIT],
        attachments=attachments,
        bulk=bulk,
        size=len(raw),
        problems=problems,
        fingerprint=fingerprint(from_addr, unfolded(first.get("date")), raw, body_start),
    )


def _leading_blank(raw: bytes) -> int:
    """How many bytes of BOM, blank lines and spaces come before the headers."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    stop = min(len(raw), start + 65536)
    while start < stop and raw[start] in b" \t\r\n\x0b\x0c":
        start += 1
    return start


def _header_line(raw: bytes) -> bool:
    """Whether the first line is a header field ("Name: value")."""
    from acctcli.mail.mbox import looks_like_header

    return looks_like_header(raw[:1000].split(b"\n", 1)[0])


def content_key(headers: Headers, raw: bytes, body_start: int) -> str:
    """For a message without a Message-ID: a hash of its identity headers and body, the same
    whether it came from a Maildir file (LF), IMAP (CRLF) or an mbox.  Hashed a slice at a
    time, so a large message is never copied whole."""
    digest = hashlib.sha256()
    for name in _IDENTITY:
        digest.update(unfolded(headers.get(name)).encode("utf-8", "surrogateescape") + b"\0")
    end = len(raw)
    while end > body_start and raw[end - 1] in b" \t\r\n\x0b\x0c":
        end -= 1
    hash_lf(digest, raw, body_start, end)
    return "sha256:" + digest.hexdigest()


def make_snippet(text: str, length: int = SNIPPET_LENGTH) -> str:
    """The first words of the message itself: quoted replies and signatures left out."""
    kept: list[str] = []
    size = 0
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(">"):
            continue
        if _REPLY_HEADER.match(stripped):
            break
        kept.append(stripped)
        size += len(stripped) + 1
        if size > length * 2:
            break
    snippet = " ".join(" ".join(kept).split())
    if len(snippet) > length:
        cut = snippet[:length].rsplit(" ", 1)[0]
        snippet = (cut if len(cut) > length // 2 else snippet[:length]) + "…"
    return snippet


def full_text(raw: bytes) -> str:
    """The whole text of a message (for reading it in triage): plain, or HTML made plain."""
    end, body_start = header_end(raw)
    try:
        found = read_body(parse_headers(raw, 0, end), raw, body_start, limit=None)
    except Exception as exc:
        return _("(the body could not be read: {error})").format(error=type(exc).__name__)
    return found.text.replace("\r\n", "\n").strip()
