"""Header blocks: split, unfold, decode RFC 2047 words and RFC 2231 parameters, read dates,
addresses and Message-IDs.  Nothing here raises on malformed input.
"""

from __future__ import annotations

import binascii
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote_to_bytes

from acctcli.mail.charsets import decode_bytes

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_NAME = re.compile(rb"^[!-9;-~]+$")
# the everyday shapes, read without the full RFC 5322 parser: "Name <a@b>", "<a@b>", "a@b"
_SIMPLE_ADDRESS = re.compile(
    r"^\s*(?:([^<>\"(),;:@\\]*?)\s*<([^<>\s@]+@[^<>\s@]+)>|([^<>\s@\"(),;:]+@[^<>\s@\"(),;:]+))\s*$"
)


def header_end(raw: bytes, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """(end of the header block, start of the body) within raw[start:end], as offsets into
    `raw`; the body is empty when there is none.  Nothing is copied."""
    stop = len(raw) if end is None else end
    if raw.startswith(b"\n", start):  # no headers at all
        return start, start + 1
    if raw.startswith(b"\r\n", start):
        return start, start + 2
    lf = raw.find(b"\n\n", start, stop)
    crlf = raw.find(b"\r\n\r\n", start, stop)
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf, crlf + 4
    if lf >= 0:
        return lf, lf + 2
    return stop, stop


def parse_header_block(block: bytes, wanted: frozenset[str] | None = None) -> dict[str, str]:
    """Unfolded headers by lowercase name (the first occurrence wins), values still encoded.

    Lines without a colon (an mbox "From " line, 8-bit garbage) are skipped.
    """
    try:
        text = block.decode("ascii")
    except UnicodeDecodeError:
        text = decode_bytes(block)
    headers: dict[str, str] = {}
    name = ""
    value_parts: list[str] = []
    for line in text.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        if line[:1] in (" ", "\t"):
            if name:
                value_parts.append(line)
            continue
        if name:
            if name not in headers and (wanted is None or name in wanted):
                headers[name] = " ".join(p.strip() for p in value_parts).strip()
            name = ""
        colon = line.find(":")
        if colon <= 0:
            continue
        candidate = line[:colon].rstrip().lower()
        if " " in candidate or not candidate.isascii():
            continue
        name = candidate
        value_parts = [line[colon + 1 :]]
    if name and name not in headers and (wanted is None or name in wanted):
        headers[name] = " ".join(p.strip() for p in value_parts).strip()
    return headers


def _word_bytes(encoding: str, text: str) -> bytes | None:
    try:
        if encoding in "bB":
            data = text.encode("ascii")
            return binascii.a2b_base64(data + b"=" * (-len(data) % 4))
        return binascii.a2b_qp(text.encode("ascii"), header=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None


def decode_words(value: str) -> str:
    """RFC 2047 encoded words to text; adjacent words of one charset are joined first, so a
    character split across two words survives.  Undecodable words stay as they were."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending_charset: str | None = None
    pending = b""
    last = 0
    for match in _ENCODED_WORD.finditer(value):
        gap = value[last : match.start()]
        data = _word_bytes(match.group(2), match.group(3))
        charset = match.group(1).split("*", 1)[0].lower()
        if data is None:
            if pending_charset is not None:
                out.append(decode_bytes(pending, pending_charset))
                pending_charset, pending = None, b""
            out.append(gap + match.group(0))
            last = match.end()
            continue
        if pending_charset is not None and (gap and not gap.isspace()):
            out.append(decode_bytes(pending, pending_charset))
            pending_charset, pending = None, b""
        if pending_charset is None:
            out.append(gap)
        if pending_charset == charset:
            pending += data
        else:
            if pending_charset is not None:
                out.append(decode_bytes(pending, pending_charset))
            pending_charset, pending = charset, data
        last = match.end()
    if pending_charset is not None:
        out.append(decode_bytes(pending, pending_charset))
    out.append(value[last:])
    return "".join(out)


def split_params(value: str) -> tuple[str, dict[str, str]]:
    """'text/plain; charset="koi8-r"' → ('text/plain', {'charset': 'koi8-r'}), with RFC 2231
    continuations and charsets (filename*0*=utf-8''%D0%9E…) and RFC 2047 words in quotes."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for ch in value:
        if escaped:
            # only \" and \\ are escapes; Windows paths keep their backslashes
            current.append(ch if ch in ('"', "\\") else "\\" + ch)
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    main = parts[0].strip().lower()
    plain: dict[str, str] = {}
    extended: dict[str, dict[int, tuple[bool, str]]] = {}
    for part in parts[1:]:
        key, sep, val = part.partition("=")
        if not sep:
            continue
        key = key.strip().lower()
        val = val.strip()
        if "*" in key:
            base, _, rest = key.partition("*")
            encoded = rest.endswith("*") or rest == ""
            index_text = rest.rstrip("*")
            index = int(index_text) if index_text.isdigit() else 0
            extended.setdefault(base, {})[index] = (encoded, val)
        elif key and key not in plain:
            plain[key] = decode_words(val)
    for base, pieces in extended.items():
        plain[base] = _join_2231(pieces)
    return main, plain


def _join_2231(pieces: dict[int, tuple[bool, str]]) -> str:
    charset = None
    data = b""
    for n in sorted(pieces):
        encoded, val = pieces[n]
        if encoded:
            if n == 0 and val.count("'") >= 2:
                charset, _, val = val.split("'", 2)
            data += unquote_to_bytes(val)
        else:
            data += val.encode("utf-8", "surrogateescape")
    return decode_bytes(data, charset or "utf-8")


def normalise_message_id(value: str | None) -> str | None:
    """'<ABC@Host.Example>' → 'ABC@host.example'; None for an empty or absurd one."""
    if not value:
        return None
    start = value.find("<")
    end = value.find(">", start + 1)
    token = value[start + 1 : end] if start >= 0 and end > start else value
    token = "".join(token.split())
    if not token or len(token) > 500:
        return None
    if "@" not in token:
        return token
    local, _, domain = token.rpartition("@")
    return f"{local}@{domain.lower()}"


def parse_date(value: str | None) -> datetime | None:
    """A Date header as an aware datetime; None when absent, unparseable or absurd."""
    if not value:
        return None
    from email.utils import parsedate_tz

    try:
        parts = parsedate_tz(value)
        if parts is None:
            return None
        offset = parts[9] or 0
        if abs(offset) > 16 * 3600:
            offset = 0
        stamp = datetime(*parts[:6], tzinfo=timezone(timedelta(seconds=offset)))  # type: ignore[misc]
    except (ValueError, TypeError, OverflowError, IndexError):
        return None
    if not 1980 <= stamp.year <= 2200:
        return None
    return stamp


def normalise_address(addr: str) -> str:
    """Lowercase; an IDNA (xn--) domain shown in Unicode, as client domains are kept."""
    addr = addr.strip().strip("<>").strip().lower()
    if "xn--" in addr:
        local, _, domain = addr.rpartition("@")
        try:
            domain = domain.encode("ascii").decode("idna")
        except (UnicodeError, ValueError):
            pass
        addr = f"{local}@{domain}" if local else domain
    return addr


def parse_address(value: str) -> tuple[str, str]:
    """(display name, address) of a From header."""
    simple = _SIMPLE_ADDRESS.match(value)
    if simple:
        name = simple.group(1) or ""
        return " ".join(decode_words(name).split()), normalise_address(
            simple.group(2) or simple.group(3)
        )
    from email.utils import parseaddr

    try:
        name, addr = parseaddr(value)
    except Exception:  # parseaddr has raised on pathological input in some versions
        name, addr = "", ""
    if not addr and "@" in value:
        addr = value.strip()
    return " ".join(decode_words(name).split()), normalise_address(addr)


def parse_address_list(*values: str) -> list[str]:
    """Every address in To/Cc headers, lowercased, in order, without duplicates."""
    present = [v for v in values if v]
    if not present:
        return []
    seen: dict[str, None] = {}
    if '"' not in "".join(present):
        simple = [_SIMPLE_ADDRESS.match(item) for v in present for item in v.split(",")]
        if all(simple):
            for m in simple:
                seen.setdefault(normalise_address(m.group(2) or m.group(3)), None)  # type: ignore[union-attr]
            return list(seen)
    from email.utils import getaddresses

    try:
        pairs = getaddresses(present)
    except Exception:
        pairs = [("", v) for value in present for v in value.split(",")]
    for _, addr in pairs:
        clean = normalise_address(addr)
        if "@" in clean:
            seen.setdefault(clean, None)
    return list(seen)


def looks_like_header(line: bytes) -> bool:
    """Whether a line starts a header field ("Name: value")."""
    colon = line.find(b":")
    return colon > 0 and bool(_NAME.match(line[:colon]))
