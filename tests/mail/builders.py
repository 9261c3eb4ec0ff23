"""Raw mail the tests build byte by byte: any charset, any transfer encoding, broken on purpose."""

from __future__ import annotations

import base64
import os
import quopri
from email.header import Header
from pathlib import Path

ANNA = "anna@agency.ru"


def encoded(text: str, charset: str = "utf-8", encoding: str = "b") -> str:
    """An RFC 2047 encoded word (or the text itself when it is ASCII)."""
    if text.isascii():
        return text
    data = text.encode(charset)
    if encoding == "b":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    return f"=?{charset}?Q?{quopri.encodestring(data, header=True).decode()}?="


def header_words(text: str, charset: str = "utf-8") -> str:
    """The standard library's folding into several encoded words."""
    return Header(text, charset).encode()


def body_bytes(text: str, charset: str, cte: str) -> bytes:
    data = text.encode(charset)
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        return quopri.encodestring(data)
    return data


def message(
    *,
    subject: str = "Hello",
    sender: str = "Ирина Волкова <i.volkova@stroymarket.ru>",
    to: str = ANNA,
    date: str | None = "Thu, 26 Nov 2026 10:15:00 +0300",
    message_id: str | None = "<m1@stroymarket.ru>",
    body: str = "Добрый день!",
    charset: str = "utf-8",
    cte: str = "8bit",
    subject_charset: str | None = None,
    extra: tuple[str, ...] = (),
    content_type: str | None = None,
    raw_body: bytes | None = None,
    newline: str = "\n",
) -> bytes:
    """One message; headers given as text are used as they are (so tests can break them)."""
    if subject_charset:
        subject = encoded(subject, subject_charset)
    head = [f"From: {sender}", f"To: {to}", f"Subject: {subject}"]
    if date is not None:
        head.append(f"Date: {date}")
    if message_id is not None:
        head.append(f"Message-ID: {message_id}")
    head.append("MIME-Version: 1.0")
    head.extend(extra)
    if raw_body is None:
        head.append(content_type or f"Content-Type: text/plain; charset={charset}")
        head.append(f"Content-Transfer-Encoding: {cte}")
        raw_body = body_bytes(body, charset, cte)
    elif content_type:
        head.append(content_type)
    block = newline.join(head).encode("utf-8") + (newline * 2).encode()
    if newline != "\n":
        raw_body = raw_body.replace(b"\n", newline.encode())
    return block + raw_body


def part(content_type: str, payload: bytes, *headers: str) -> bytes:
    return ("\n".join([f"Content-Type: {content_type}", *headers]) + "\n\n").encode() + payload


def multipart(boundary: str, *parts: bytes, preamble: bytes = b"", closed: bool = True) -> bytes:
    out = preamble
    for p in parts:
        out += f"--{boundary}\n".encode() + p + b"\n"
    if closed:
        out += f"--{boundary}--\n".encode()
    return out


def write_maildir(root: Path, messages: dict[str, bytes], folder: str = "cur") -> Path:
    """Files into a Maildir (cur/, new/, tmp/ made as needed); names as given."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, raw in messages.items():
        (root / folder / name).write_bytes(raw)
    return root


def age(path: Path, seconds: int = 3600) -> None:
    """Make a file or folder look untouched for a while (as a mailbox at rest)."""
    stamp = os.stat(path).st_mtime - seconds
    os.utime(path, (stamp, stamp))


def mbox(*messages: bytes, senders: tuple[str, ...] = ()) -> bytes:
    """An mbox: "From " separators, ">From " quoting of body lines (mboxrd)."""
    out = b""
    for i, raw in enumerate(messages):
        sender = senders[i] if i < len(senders) else "someone@example.ru"
        quoted = b"\n".join(
            (b">" + line if line.lstrip(b">").startswith(b"From ") else line)
            for line in raw.split(b"\n")
        )
        out += f"From {sender} Thu Nov 26 10:15:00 2026\n".encode() + quoted.rstrip(b"\n") + b"\n\n"
    return out
