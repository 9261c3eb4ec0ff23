"""acct search on the terminal and as JSON.  Every piece of stored text goes through
`inert`/`clean_text`: Rich markup and escape sequences in a subject are shown, never obeyed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.i18n import N_, NP_, _, ngettext, pgettext
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


def print_found(console: Any, found: Any) -> None:
    from rich.text import Text

    if not found.hits:
        console.print(_("Nothing found."), markup=False)
        return
    plain = bool(console.no_color)
    for h in found.hits:
        head = Text()
        head.append(h.id, style="bold")
        head.append("  " + pgettext(HIT, KIND_LABELS[h.kind]))
        head.append("  " + _day(h.at))
        if h.client:
            head.append("  " + clean_text(h.client), style="cyan")
        if h.who:
            head.append("  " + clean_text(h.who))
        if h.title:
            head.append("  " + clean_text(h.title), style="bold")
        console.print(head)
        line = Text("    ")
        for piece, matched in h.snippet:
            text = clean_text(piece)
            if matched:
                line.append(f"*{text}*" if plain else text, style="bold reverse")
            else:
                line.append(text, style="dim")
        console.print(line, overflow="ellipsis", no_wrap=True)
    shown = len(found.hits)
    if found.total > shown:
        console.print(
            ngettext(
                "{shown} of {total} hit shown (--limit N for more).",
                "{shown} of {total} hits shown (--limit N for more).",
                found.total,
            ).format(shown=shown, total=found.total),
            markup=False,
        )
