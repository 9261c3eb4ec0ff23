"""Bytes to text in any charset Python knows, with a sane guess when the label lies or is absent.

Russian mail is the hard case: a message labelled us-ascii (or nothing) may carry raw KOI8-R
or Windows-1251, and one labelled windows-1251 may carry KOI8-R (or the reverse): every byte
is valid in both, so the wrong one gives fluent-looking nonsense ("уТПЮОП" for "Срочно").
When the label is a Cyrillic single-byte charset (or missing) and the bytes are not UTF-8,
each candidate's text is scored as Russian (`russian_score`: how common its letters are, and
whether capitals start words rather than sit inside them) and the best one is used.

Decoding never raises and never loses a part: an unknown or unusable label falls back to
UTF-8, then to the guess, then to UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import math
import re

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
# text codecs that are no charset: "undefined" fails on any input, the others are escapes
_UNUSABLE = frozenset(
    ("undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "escape")
)


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
            usable = info._is_text_encoding and info.name not in _UNUSABLE  # type: ignore[attr-defined]
            name = info.name if usable else None
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
SAMPLE = 4096  # bytes scored when guessing

# Single-byte Cyrillic charsets: a label naming one of these is checked against the bytes.
CYRILLIC = frozenset(("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic"))
# The charsets tried besides the label: the two that Russian mail really mixes up.
_CANDIDATES = ("cp1251", "koi8-r")

# Letter frequencies of Russian text, per cent (a national corpus count, rounded).
_FREQUENCY = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
    "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
    "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
    "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
    "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04, "ё": 0.04,
}  # fmt: skip
_LOG_FREQUENCY = {letter: math.log(share) for letter, share in _FREQUENCY.items()}
_OTHER = math.log(0.005)  # any other non-ASCII character: rarer than the rarest letter
_CAPITAL_INSIDE = 4.0  # a capital right after a lowercase letter: what a wrong guess gives
_LOWER_UPPER = re.compile("[а-яё][А-ЯЁ]")
# How much better (per character) another reading must score to overrule a label, as
# _LABEL_MARGIN / sqrt(characters scored): the mean of a few letters says little (a short
# all-capitals word, "ЖКХ", reads as something plausible either way: the label wins), a
# line of text says a lot.
_LABEL_MARGIN = 1.5


def _count(data: bytes, table: bytes) -> int:
    return len(data) - len(data.translate(None, table))


def russian_score(text: str) -> float:
    """How much `text` looks like Russian, per non-ASCII character (higher is better): the
    mean log frequency of its letters, less a penalty for each capital inside a word.
    Read in the wrong one of KOI8-R and Windows-1251, Russian turns into rare letters with
    inverted case ("уТПЮОП"), since the two put capitals in opposite halves of 0xC0-0xFF."""
    high = len(text) - len(text.encode("ascii", "ignore"))
    if not high:
        return 0.0
    lower = text.lower()
    letters = 0
    total = 0.0
    for letter, weight in _LOG_FREQUENCY.items():
        n = lower.count(letter)
        letters += n
        total += n * weight
    total += (high - letters) * _OTHER
    total -= _CAPITAL_INSIDE * len(_LOWER_UPPER.findall(text))
    return total / high


def guess_cyrillic(data: bytes, label: str | None = None) -> str:
    """Of `label` (a Cyrillic single-byte codec) and KOI8-R / Windows-1251, the codec whose
    reading of `data` looks most like Russian; the label is kept unless another reading is
    clearly better."""
    sample = data[:SAMPLE]
    best, best_score = label or "", -math.inf
    if label:
        high = max(1, len(sample) - len(sample.translate(None, _80_FF)))
        best_score = russian_score(sample.decode(label, "replace"))
        best_score += _LABEL_MARGIN / math.sqrt(high)
    for codec in _CANDIDATES:
        if codec != label:
            score = russian_score(sample.decode(codec, "replace"))
            if score > best_score:
                best, best_score = codec, score
    return best


def _decode(data: bytes, codec: str, partial: bool) -> str:
    if not partial:
        return data.decode(codec)
    # the text was cut short: a character split at the cut is dropped, not a decoding error
    return codecs.getincrementaldecoder(codec)().decode(data, final=False)


def _is_utf8(data: bytes, partial: bool) -> bool:
    try:
        _decode(data, "utf-8", partial)
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes, charset: str | None = None, *, partial: bool = False) -> str:
    """Decode, never raising: the declared charset, else UTF-8, else a Cyrillic guess.

    A Cyrillic single-byte label is checked: when the bytes are not UTF-8, they are decoded
    by whichever of the label, KOI8-R and Windows-1251 reads as Russian.
    `partial`: `data` is the start of a longer text, possibly cut inside a character."""
    codec = codec_for(charset)
    if codec in CYRILLIC and not data.isascii() and not _is_utf8(data[:SAMPLE], True):
        codec = guess_cyrillic(data, codec)
    if codec:
        try:
            return _decode(data, codec, partial)
        except Exception:  # UnicodeDecodeError; some codecs raise odd errors on odd input
            pass
    try:
        return _decode(data, "utf-8", partial)
    except UnicodeDecodeError:
        pass
    if codec and codec not in ("utf-8", "utf_8"):
        try:
            return data.decode(codec, "replace")
        except Exception:  # a codec that fails even with "replace" (utf-7 on broken input…)
            pass
    sample = data[:SAMPLE]
    letters = _count(sample, _C0_DF) + _count(sample, _E0_FF)
    if letters * 4 >= _count(sample, _80_FF) * 3:
        return data.decode(guess_cyrillic(sample), "replace")
    return data.decode("utf-8", "replace")
