"""Header blocks, read with the standard library's `email` package (the compat32 parser,
about 5x faster than `policy.default`'s header objects) plus the little it does not do for
real mail: skip lines that are no header instead of ending the block there, read raw 8-bit
bytes with a charset guess, survive an undecodable RFC 2047 word or broken RFC 2231 parameters.
Nothing here raises on malformed input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message as Headers
from email.parser import BytesHeaderParser
from email.policy import Compat32
from email.utils import getaddresses, parseaddr, parsedate, parsedate_to_datetime

from acctcli.mail.charsets import decode_bytes
from acctcli.mail.mbox import looks_like_header

MAX_HEADER_BYTES = 256 * 1024
_BLANK_BEFORE_COLON = re.compile(rb"^([!-9;-~]+)[ \t]+:")
_TOKEN = re.compile(r"^[!-9;-~]+$")  # a header name: printable ASCII but the colon


class _Policy(Compat32):
    """compat32, but a header value comes back as it was parsed (8-bit bytes kept as surrogate
    escapes) instead of wrapped in a `Header` object: `header_text` decodes it with a guess."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


_POLICY = _Policy()
_PARSER = BytesHeaderParser(policy=_POLICY)


def header_end(
    raw: bytes, start: int = 0, end: int | None = None, *, bound: int | None = None
) -> tuple[int, int]:
    """(end of the header block, start of the body) within raw[start:end], as offsets into
    `raw`; the body is empty when there is none.  Nothing is copied (the standard parser
    would read the whole body, however large, into a string).  With `bound`, the blank line
    is looked for in the first `bound` bytes only (a MIME part whose blank line is lost is
    not searched to its end, twice)."""
    stop = len(raw) if end is None else end
    if bound is not None and stop - start > bound:
        found = header_end(raw, start, start + bound)
        return found if found[1] < start + bound or _ends_blank(raw, found[1]) else (stop, stop)
    if raw.startswith(b"\n", start):  # no headers at all
        return start, start + 1
    if raw.startswith(b"\r\n", start):
        return start, start + 2
    # the first blank line, either style; the second search stops where the first found one,
    # so a 50 MB body after a short header block is never scanned
    nl = raw.find(b"\n", start, stop)
    if nl > start and raw[nl - 1] == 13:  # CRLF lines
        crlf = raw.find(b"\r\n\r\n", start, stop)
        lf = raw.find(b"\n\n", start, crlf + 1 if crlf >= 0 else stop)
    else:
        lf = raw.find(b"\n\n", start, stop)
        crlf = raw.find(b"\r\n\r\n", start, lf + 3 if lf >= 0 else stop)
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf, crlf + 4
    if lf >= 0:
        return lf, lf + 2
    return stop, stop


def _ends_blank(raw: bytes, at: int) -> bool:
    """Whether raw[:at] ends with the blank line that ends a header block."""
    return raw.endswith(b"\n\n", 0, at) or raw.endswith(b"\r\n\r\n", 0, at)


def parse_headers(raw: bytes, start: int = 0, end: int | None = None) -> Headers:
    """The header block raw[start:end] as an `email.message.Message`; values through
    `header_text`.  At most MAX_HEADER_BYTES are read: a part whose headers never end (its
    blank line lost) is not copied and parsed whole, however large.

    The standard parser ends the headers at the first line that is none (8-bit garbage, a
    stray word); such lines are skipped instead, with their continuation lines.
    """
    stop = len(raw) if end is None else end
    block = raw[start : min(stop, start + MAX_HEADER_BYTES)]
    if b"\0" in block:  # no header may hold NUL (RFC 5322); a broken one loses it, not mail
        block = block.replace(b"\0", b"")
    if len(block) < 512 and block.isascii() and b"\n " not in block and b"\n\t" not in block:
        simple = _simple_block(block)
        if simple is not None:
            return simple
    headers = _unfolded_block(block)
    if headers is not None:
        return headers
    headers = _PARSER.parsebytes(block)
    if headers.get_payload():
        headers = _PARSER.parsebytes(b"".join(_header_lines(block)))
    return headers


def _simple_block(block: bytes) -> Headers | None:
    """A MIME part's few short, unfolded ASCII header lines set on a Message directly: the
    feed parser's set-up costs more than such a block's whole parse (a part has one or
    two headers).  None when any line is not a plain `Name: value`."""
    headers = Headers(policy=_Policy())
    for line in block.decode("ascii").splitlines():
        if not line:
            continue
        name, colon, value = line.partition(":")
        if not colon or not name or not _TOKEN.match(name):
            return None
        headers[name] = value.strip()
    return headers


_FIELD = re.compile(r"[!-9;-~]+:")


def _unfolded_block(block: bytes) -> Headers | None:
    """A header block read as the standard parser reads it (compat32: a value is the rest of
    its line, blanks before it dropped, its continuation lines joined as they are, the final
    line break dropped), without the feed parser's set-up and per-line machinery: a message's
    whole header block in about a third of the time.  None when any line is not a plain field
    or a continuation (a "From " line, a line without a name, a lone CR…): the parser then
    reads it, with all its rules."""
    if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
        return None
    pieces = block.decode("ascii", "surrogateescape").split("\n")
    if pieces[-1] == "":
        pieces.pop()
    headers = Headers(policy=_POLICY)
    name = ""
    value: list[str] = []
    last = len(pieces) - 1
    for n, piece in enumerate(pieces):
        line = piece if n == last else piece + "\n"
        if not line:
            return None
        if line[0] in " \t":
            if not name:
                return None
            value.append(line)
            continue
        found = _FIELD.match(line)
        if found is None:
            return None
        if name:
            headers.set_raw(name, "".join(value).rstrip("\r\n"))
        name = line[: found.end() - 1]
        value = [line[found.end() :].lstrip(" \t")]
    if name:
        headers.set_raw(name, "".join(value).rstrip("\r\n"))
    return headers


def _header_lines(block: bytes) -> Iterator[bytes]:
    keep = False
    for line in block.splitlines(keepends=True):
        if line[:1] not in (b" ", b"\t"):
            line = _BLANK_BEFORE_COLON.sub(rb"\1:", line, count=1)  # RFC 822's "Subject : x"
            keep = looks_like_header(line)
        if keep:
            yield line


def header_text(value: str | None) -> str:
    """A header value as one line of text: raw 8-bit bytes decoded (guessing the charset when
    they are not UTF-8), RFC 2047 words decoded, folding and runs of blanks made one space."""
    if not value:
        return ""
    return " ".join(decode_words(unescape(value)).split())


def unescape(value: str) -> str:
    """The parser keeps 8-bit header bytes as surrogate escapes: decode them."""
    if value.isascii():
        return value
    try:
        return decode_bytes(value.encode("ascii", "surrogateescape"))
    except UnicodeEncodeError:
        return value


def unfolded(value: str | None) -> str:
    """A raw header value with its folding undone, otherwise untouched."""
    return " ".join(line.strip() for line in (value or "").split("\n")).strip()


def decode_words(value: str) -> str:
    """RFC 2047 encoded words to text with `email.header.decode_header`, whose (bytes,
    charset) chunks are decoded here with the charset fallback; adjacent words of one
    charset are joined before decoding, so a character split across two words survives.
    When one word is broken, the others are decoded one by one and it stays as it was."""
    if "=?" not in value:
        return value
    try:
        return _join(decode_header(value), value.isascii())
    except (HeaderParseError, ValueError):
        pass
    words = []
    for word in value.split():
        try:
            words.append(_join(decode_header(word), word.isascii()))
        except (HeaderParseError, ValueError):
            words.append(word)
    return " ".join(words)


def _join(chunks: list[tuple[bytes | str, str | None]], ascii_input: bool) -> str:
    out = []
    for data, charset in chunks:
        if isinstance(data, str):
            out.append(data)
        elif charset:
            out.append(decode_bytes(data, charset))
        elif ascii_input:
            out.append(data.decode("ascii", "replace"))
        else:  # decode_header turned the unencoded text into bytes with raw-unicode-escape
            try:
                out.append(data.decode("raw-unicode-escape"))
            except UnicodeDecodeError:
                out.append(data.decode("latin-1"))
    return "".join(out)


def content_params(headers: Headers, name: str = "content-type") -> dict[str, str]:
    """The parameters of a Content-Type or Content-Disposition header, as text by lowercase
    name (the first occurrence wins).  The standard library splits them and joins RFC 2231
    continuations; decoding is ours, so that an unknown or lying charset is guessed instead
    of giving mojibake, and RFC 2047 words in quotes (which many mailers write) are read."""
    value = headers.get(name)
    if value is None:
        return {}
    found = _PARAMS.get(value)
    if found is None:
        found = _content_params(headers, name)
        if len(_PARAMS) >= 4096:
            _PARAMS.clear()
        _PARAMS[value] = found
    return dict(found)


# the parameters of a header value, by the value: most parts of most mail say one of a few
# things ('text/plain; charset="utf-8"'), read once a run rather than once a part
_PARAMS: dict[str, dict[str, str]] = {}


def _content_params(headers: Headers, name: str) -> dict[str, str]:
    try:
        pairs = headers.get_params(header=name) or []
    except (TypeError, ValueError):  # e.g. "name*=…; name*0=…" mixed: unreadable, left out
        return {}
    params: dict[str, str] = {}
    for key, value in pairs[1:]:
        key = key.strip().lower()
        if not key or key in params:
            continue
        try:
            if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded text)
                charset, _, text = value
                data = text.encode("latin-1", "surrogateescape")
                # an unknown charset ("undefined''%FF%FE") is guessed, for this value alone
                params[key] = decode_bytes(data, charset or "utf-8")
            else:
                params[key] = decode_words(unescape(value))
        except (UnicodeError, ValueError):  # a value no decoding reads: left out, alone
            continue
    return params


def boundary(headers: Headers) -> bytes:
    """A multipart's boundary as the raw bytes it was written with (b"" when there is none)."""
    try:
        value = headers.get_boundary()
    except (TypeError, ValueError):
        return b""
    return value.encode("utf-8", "surrogateescape") if value else b""


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
    """A Date header as an aware datetime (UTC when it has no zone, or an impossible one);
    None when absent, unparseable or absurd (a year outside 1980-2200)."""
    if not value:
        return None
    try:
        try:
            stamp = parsedate_to_datetime(value)
        except ValueError:  # perhaps only the zone is impossible ("+9900"): keep the time
            parts = parsedate(value)
            if parts is None:
                return None
            stamp = datetime(*parts[:6], tzinfo=UTC)
    except (ValueError, TypeError, OverflowError, IndexError):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
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


# `Name <a@b.ru>` or `a@b.ru` with nothing RFC 5322 could quote or comment: most mail.  These
# are taken apart here (parseaddr costs ~20 µs a call, a third of a message's whole parse);
# anything else goes to email.utils.
_ADDR = r"[^\s<>\"(),;:\\@\[\]]+@[^\s<>\"(),;:\\@\[\]]+"
_SIMPLE_ADDRESS = re.compile(rf"^\s*(?:([^\"<>,;:()\\@\[\]]*?)\s*<({_ADDR})>|({_ADDR}))\s*$")


def _simple(value: str) -> tuple[str, str] | None:
    m = _SIMPLE_ADDRESS.match(value)
    if m is None:
        return None
    return (m.group(1) or "").strip(), m.group(2) or m.group(3)


def parse_address(value: str | None) -> tuple[str, str]:
    """(display name, address) of a From header."""
    value = unfolded(unescape(value or ""))
    simple = _simple(value)
    if simple is not None:
        name, addr = simple
    else:
        try:
            name, addr = parseaddr(value)
        except Exception:  # parseaddr has raised on pathological input in some versions
            name, addr = "", ""
    if not addr and "@" in value:
        addr = value.strip()
    return " ".join(decode_words(name).split()), normalise_address(addr)


def parse_address_list(*values: str | None) -> list[str]:
    """Every address in To/Cc/Bcc headers, lowercased, in order, without duplicates."""
    present = [unfolded(unescape(v)) for v in values if v]
    if not present:
        return []
    quick = [_simple(piece) for value in present for piece in value.split(",") if piece.strip()]
    if all(p is not None for p in quick):
        pairs = [p for p in quick if p is not None]
    else:
        try:
            pairs = getaddresses(present)
        except Exception:  # as parseaddr
            pairs = [("", v) for value in present for v in value.split(",")]
    seen: dict[str, None] = {}
    for _, addr in pairs:
        clean = normalise_address(addr)
        if "@" in clean:
            seen.setdefault(clean, None)
    return list(seen)
