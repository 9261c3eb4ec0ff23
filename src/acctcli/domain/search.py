"""Search text made comparable, and the query language (issue 18).

Text is folded (case, `ё` → `е`, Latin diacritics) and cut into words; each word becomes its
Snowball stem — Russian for Cyrillic words, English for Latin ones — so `счёт`, `счета` and
`счетов` are one word to the index, and `invoices` is `invoice`.  Both the stored index and
the query go through `stems`, on either engine, so matching never depends on the database.

Query language: words (all must match), "a phrase", prefix*, -word (exclude), OR between two
terms, and the qualifiers from:, to:, subject:, client:, after:, before:.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.records import NamedTuple

# words: runs of digits, of Cyrillic letters or of other letters ("№245от" is 245 and от;
# "\x1b[31mкрасный" has красный)
_WORD = re.compile(r"\d+|[\u0400-\u04ff]+|[^\W\d_\u0400-\u04ff]+")
_NON_ASCII_LATIN = re.compile(r"[\u00c0-\u03ff\u1e00-\u1eff]")
FIELDS = {"from": "frm", "to": "rcpt", "subject": "subj"}
QUALIFIERS = ("from", "to", "subject", "client", "after", "before")


def _strip_marks(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group(0))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lowercase, `ё` as `е`, Latin letters without their diacritics (`й` stays `й`)."""
    text = text.casefold()
    if text.isascii():
        return text
    return _NON_ASCII_LATIN.sub(_strip_marks, text.replace("ё", "е"))


@lru_cache(maxsize=1)
def _stemmers() -> tuple[Any, Any]:
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("russian"), Stemmer.Stemmer("english")


_CACHE: dict[str, str] = {}


def stem(word: str) -> str:
    """One folded word's stem: Russian for Cyrillic, English for Latin letters, else as is."""
    found = _CACHE.get(word)
    if found is not None:
        return found
    russian, english = _stemmers()
    first = word[0]
    if "\u0400" <= first <= "\u04ff":
        found = russian.stemWord(word)
    elif word.isascii() and word.isalpha():
        found = english.stemWord(word)
    else:
        found = word
    if len(_CACHE) < 200_000:
        _CACHE[word] = found
    return found


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def stems(text: str) -> str:
    """The text as the index holds it: its words' stems, space-separated, in order.

    Each distinct word is stemmed once (the cache); the words already met — nearly all of
    an import's — are looked up in one pass in C, not one Python call a word."""
    found = words(text)
    out = list(map(_CACHE.get, found))
    if None in out:
        out = [s if s is not None else stem(w) for s, w in zip(out, found, strict=True)]
    return " ".join(out)  # type: ignore[arg-type]


def prefix_stem(word: str) -> str:
    """What a `prefix*` looks for among the stems: the part the prefix and its own stem share
    (`отчёты*` → `отчет`, `invoic*` → `invoic`)."""
    stemmed = stem(word)
    n = 0
    while n < min(len(word), len(stemmed)) and word[n] == stemmed[n]:
        n += 1
    return word[: max(n, 1)]


# -- the query ------------------------------------------------------------------------------


class Term(NamedTuple):
    """A word (one stem), a phrase (several, in order) or a prefix, in all the text or in one
    field (`subj`, `frm`, `rcpt`)."""

    stems: tuple[str, ...]
    prefix: bool = False
    field: str | None = None


class Query(NamedTuple):
    groups: list[tuple[Term, ...]]  # all must match; OR inside
    excluded: list[Term]
    clients: list[str]
    after: date | None = None
    before: date | None = None

    def match_stems(self) -> set[str]:
        """The stems a snippet marks (prefixes end with '*')."""
        found: set[str] = set()
        for group in self.groups:
            for term in group:
                for s in term.stems:
                    found.add(s + "*" if term.prefix else s)
        return found


# one piece of the typed query: an optional "-", an optional "name:", then "quoted" or a word
_PIECE = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?(?:"([^"]*)("?)|([^\s"]+))?')


def parse_query(text: str, today: date | None = None) -> Query:
    """The typed query as a Query; a malformed one is an Invalid saying what is wrong.
    `today`: what relative days in after:/before: count from (вчера, fri, 3 дек…)."""
    from acctcli.domain.dates import parse_date

    groups: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    clients: list[str] = []
    after = before = None
    pending: list[Term] = []  # the current OR group
    joined = False  # the last piece was OR: the next term joins the group
    pos = 0
    text = text.strip()
    if not text:
        raise Invalid(_("the search is empty: give a word to look for"))
    while pos < len(text):
        m = _PIECE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        if m.end() == pos:
            raise Invalid(_("cannot read the search at {text!r}").format(text=text[pos:]))
        pos = m.end()
        minus, name, quoted, closed, word = m.groups()
        if quoted is not None and not closed:
            raise Invalid(_("a quote is not closed in the search: {text!r}").format(text=text))
        if word == "OR" and not minus and not name:
            if not pending or joined:
                raise Invalid(_("OR needs a word on each side"))
            joined = True
            continue
        if name is not None:
            name = name.lower()
            if name not in QUALIFIERS:
                raise Invalid(
                    _("unknown qualifier {name!r}: use {known}").format(
                        name=name + ":", known=", ".join(q + ":" for q in QUALIFIERS)
                    )
                )
        value = quoted if quoted is not None else word
        if value is None or not value.strip():
            if name:
                raise Invalid(_("{name} needs a value, e.g. {name}ivan").format(name=name + ":"))
            if minus:
                raise Invalid(_("a lone '-': put the word to exclude right after it"))
            continue
        if name in ("after", "before", "client"):
            if minus or joined:
                raise Invalid(
                    _("{name} cannot be excluded or joined with OR").format(name=name + ":")
                )
            if name == "client":
                clients.append(value)
            elif name == "after":
                after = parse_date(value, "after:", today)
            else:
                before = parse_date(value, "before:", today)
            continue
        term = _term(value, phrase=quoted is not None, field=FIELDS.get(name or ""))
        if term is None:
            if joined:
                raise Invalid(_("OR needs a word on each side"))
            continue
        if minus:
            if joined:
                raise Invalid(_("an excluded word cannot be part of OR"))
            excluded.append(term)
            continue
        if joined:
            pending.append(term)
            joined = False
        else:
            if pending:
                groups.append(tuple(pending))
            pending = [term]
    if joined:
        raise Invalid(_("OR needs a word on each side"))
    if pending:
        groups.append(tuple(pending))
    if not groups:
        raise Invalid(_("nothing to search for: give at least one word to find"))
    return Query(groups, excluded, clients, after, before)


def _term(value: str, *, phrase: bool, field: str | None) -> Term | None:
    prefix = not phrase and value.endswith("*")
    if prefix:
        value = value.rstrip("*")
        if "*" in value:
            raise Invalid(_("'*' goes only at the end of a word, e.g. отчёт*"))
        folded = words(value)
        if len(folded) != 1:
            raise Invalid(_("'*' needs letters before it, e.g. отчёт*"))
        return Term((prefix_stem(folded[0]),), prefix=True, field=field)
    if "*" in value and not phrase:
        raise Invalid(_("'*' goes only at the end of a word, e.g. отчёт*"))
    found = tuple(map(stem, words(value)))
    if not found:
        return None
    return Term(found, field=field)


# -- snippets -------------------------------------------------------------------------------

_TOKEN = _WORD
SNIPPET_WIDTH = 160


def _matches(word: str, wanted: set[str], prefixes: tuple[str, ...]) -> bool:
    folded = _WORD.findall(fold(word))
    return any(stem(w) in wanted or w.startswith(prefixes) for w in folded)


def snippet(text: str, match: set[str], width: int = SNIPPET_WIDTH) -> list[tuple[str, bool]]:
    """One line of `text` around its first matched word, as (piece, matched) pieces; a text
    with no matched word gives its beginning."""
    line = " ".join(text.split())
    wanted = {s for s in match if not s.endswith("*")}
    prefixes = tuple(s[:-1] for s in match if s.endswith("*"))
    spans = [
        (m.start(), m.end())
        for m in _TOKEN.finditer(line)
        if _matches(m.group(0), wanted, prefixes)
    ]
    start = 0
    if spans and spans[0][1] > width - 20:
        start = max(0, spans[0][0] - width // 3)
        space = line.rfind(" ", 0, start + 1)
        start = space + 1 if space > start - 20 else start
    end = min(len(line), start + width)
    if end < len(line):
        space = line.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        if a > pos:
            pieces.append((line[pos:a], False))
        pieces.append((line[a:b], True))
        pos = b
    if pos < end:
        pieces.append((line[pos:end], False))
    if end < len(line):
        pieces.append(("…", False))
    return pieces
