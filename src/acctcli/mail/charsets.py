"""Bytes to text in any charset Python knows, with a sane guess when the label lies or is absent.

Russian mail is the hard case: a message labelled us-ascii (or nothing) may carry raw KOI8-R
or Windows-1251.  The guess tries UTF-8 first, then tells KOI8-R from Windows-1251 by where
the lowercase Cyrillic letters fall (running text is mostly lowercase, and the two encodings
put lowercase in opposite halves of the upper byte range).
"""

from __future__ import annotations

import codecs

_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "x-mac-cyrillic": "mac-cyrillic",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
    "charset": "",
    "us-ascii": "utf-8",  # 8-bit text under an ASCII label is common; UTF-8 is its superset
    "ascii": "utf-8",
    "ansi_x3.4-1968": "utf-8",
}
_CACHE: dict[str, str | None] = {}


def codec_for(charset: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None when there is no usable one."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").split("*", 1)[0].lower()  # RFC 2231 "utf-8*ru"
    if label in _CACHE:
        return _CACHE[label]
    name: str | None = _ALIASES.get(label, label)
    if name:
        try:
            info = codecs.lookup(name)
            # text codecs only: never rot13, base64, zlib… from a hostile label
            name = info.name if info._is_text_encoding else None  # type: ignore[attr-defined]
        except (LookupError, ValueError):
            name = None
    else:
        name = None
    if len(_CACHE) < 256:
        _CACHE[label] = name
    return name


_C0_DF = bytes(range(0xC0, 0xE0))
_E0_FF = bytes(range(0xE0, 0x100))
_80_FF = bytes(range(0x80, 0x100))


def _count(data: bytes, table: bytes) -> int:
    return len(data) - len(data.translate(None, table))


def guess_cyrillic(data: bytes) -> str:
    """KOI8-R or Windows-1251, whichever makes the 8-bit bytes look like lowercase text."""
    return "cp1251" if _count(data, _E0_FF) >= _count(data, _C0_DF) else "koi8-r"


def _decode(data: bytes, codec: str, partial: bool) -> str:
    if not partial:
        return data.decode(codec)
    # the text was cut short: a character split at the cut is dropped, not a decoding error
    return codecs.getincrementaldecoder(codec)().decode(data, final=False)


def decode_bytes(data: bytes, charset: str | None = None, *, partial: bool = False) -> str:
    """Decode, never raising: the declared charset, else UTF-8, else a Cyrillic guess.

    `partial`: `data` is the start of a longer text, possibly cut inside a character."""
    codec = codec_for(charset)
    if codec:
        try:
            return _decode(data, codec, partial)
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
        except Exception:  # some codecs raise odd errors on odd input (utf-7…)
            pass
    try:
        return _decode(data, "utf-8", partial)
    except UnicodeDecodeError:
        pass
    if codec and codec not in ("utf-8", "utf_8"):
        return data.decode(codec, "replace")
    sample = data[:4096]
    letters = _count(sample, _C0_DF) + _count(sample, _E0_FF)
    if letters * 4 >= _count(sample, _80_FF) * 3:
        return data.decode(guess_cyrillic(sample), "replace")
    return data.decode("utf-8", "replace")
