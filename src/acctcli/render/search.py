"""acct search on the terminal and as JSON.  Every piece of stored text goes through
`inert`/`clean_text`: Rich markup and escape sequences in a subject are shown, never obeyed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.i18n import N_, NP_, _, pgettext
from acctcli.render.safe import clean_text

INDEX_LABEL = N_("Building the search index")  # migration 0013's progress bar
HIT = "search hit"  # the context of the kinds' names in the catalog
KIND_LABELS = {
    "mail": NP_("search hit", "mail"),
    "touch": NP_("search hit", "touch"),
    "incident": NP_("search hit", "incident"),
    "note": NP_("search hit", "client note"),
    "step": NP_("search hit", "onboarding step"),
}


def _day(at: datetime | date | None) -> str:
    if at is None:
        return ""
    if isinstance(at, datetime):
        return at.date().isoformat()
    return at.isoformat()


def found_json(found: Any) -> dict[str, Any]:
    return {
        "query": found.query,
        "total": found.total,
        "hits": [
            {
                "kind": h.kind,
                "id": h.id,
                "date": _day(h.at) or None,
                "client": h.client,
                "who": h.who,
                "title": h.title,
                "snippet": "".join(piece for piece, _m in h.snippet),
                "score": round(h.score, 6),
            }
            for h in found.hits
        ],
    }


def print_found(found: Any) -> None:
    """Two lines a hit: id, kind, date, client, who and title; then its line of text with the
    matched words marked (bold on a terminal, *so* otherwise).  Plain text, no Rich."""
    import sys

    from acctcli.render.plain import Painter, colour_wanted, fit, terminal_width

    out = sys.stdout
    if not found.hits:
        out.write(_("Nothing found.") + "\n")
        return
    colour = colour_wanted(out)
    paint = Painter(colour)
    width = terminal_width(out)
    lines = []
    for h in found.hits:
        head = [h.id, pgettext(HIT, KIND_LABELS[h.kind]), _day(h.at)]
        head += [clean_text(v) for v in (h.client, h.who, h.title) if v]
        lines.append(fit("  ".join(p for p in head if p), width))
        snippet = "    "
        for piece, matched in h.snippet:
            text = clean_text(piece)
            snippet += (f"*{text}*" if not colour else text) if matched else text
        cut = fit(snippet, width)
        if colour:  # marked after cutting, so that the escapes are never cut in half
            for piece, matched in h.snippet:
                text = clean_text(piece)
                if matched and text.strip():
                    cut = cut.replace(text, paint(text, "bold", "yellow"))
        lines.append(cut)
    shown = len(found.hits)
    if found.total > shown:
        # TRANSLATORS: the last line of acct search when there are more hits than shown
        more = _("{shown} of {total} shown; --limit N shows more")
        lines.append(more.format(shown=shown, total=found.total))
    out.write("\n".join(lines) + "\n")
