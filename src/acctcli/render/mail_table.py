"""The mail list as plain terminal text, without Rich: `acct mail list` runs every morning and
must start about as fast as the interpreter (importing Rich alone costs several times that).

Widths count terminal cells (wide characters two, combining marks none), so Cyrillic and CJK
line up; every untrusted string goes through clean_text; colour only on a terminal and never
with NO_COLOR.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from acctcli.domain.labels import label
from acctcli.i18n import _, ngettext
from acctcli.render.plain import Painter as Paint
from acctcli.render.plain import colour_wanted, pad, terminal_width
from acctcli.render.plain import fit as cut
from acctcli.render.safe import clean_text

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any, TextIO

SCREEN = 30  # messages shown when not on a terminal (a terminal: its height)
CATEGORY_STYLE = {
    "incident": ("bold", "red"),
    "billing": ("yellow",),
    "report": ("cyan",),
    "idea": ("magenta",),
}
STATE_STYLE = {
    "new": ("bold",),
    "needs-reply": ("yellow",),
    "waiting": ("blue",),
    "snoozed": ("dim",),
}


def fit(text: str, width: int) -> str:
    """Cut to `width` cells (an ellipsis marks the cut), then pad to exactly `width`."""
    return pad(cut(text, width), width)


def _who(view: Any) -> str:
    if view.outgoing:
        return "→ " + (view.to_addrs.split(", ")[0] if view.to_addrs else "?")
    return view.from_name or view.from_addr or "?"


def table_lines(views: Sequence[Any], width: int, paint: Paint) -> list[str]:
    """A header and one line per message; narrow terminals drop who and when."""
    id_width = max(2, *(len(str(v.id)) + 1 for v in views))
    fixed = id_width + 11 + 12 + 11 + 2 * 6
    narrow = width - fixed < 30
    # TRANSLATORS: the header of the column of message ids (acct mail show ID)
    number = _("ID")
    if narrow:
        columns = [(number, id_width), (_("Category"), 12), (_("State"), 11)]
        subject = max(6, width - (id_width + 12 + 11 + 2 * 3))
    else:
        rest = width - fixed
        who = min(24, max(8, rest * 27 // 100))
        client = min(18, max(7, rest * 22 // 100))
        subject = max(8, rest - who - client)
        columns = [
            (number, id_width),
            (_("Date"), 11),
            (_("From"), who),
            (_("Client"), client),
            (_("Category"), 12),
            (_("State"), 11),
        ]
    columns.append((_("Subject"), subject))
    lines = ["  ".join(fit(title, w) for title, w in columns).rstrip()]
    for view in views:
        marks = " " + "!" * view.priority if view.priority else ""
        category = fit(label("category", view.category) + marks, 12)
        cells_out = [f"M{view.id}".rjust(id_width)]  # M12 beside incidents' I3
        if not narrow:
            cells_out += [
                fit(view.date.strftime("%m-%d %H:%M") if view.date else "", 11),
                fit(clean_text(_who(view)), columns[2][1]),
                paint(fit(clean_text(view.client), columns[3][1]))
                if view.client
                else paint(fit(_("unmatched"), columns[3][1]), "dim"),
            ]
        cells_out += [
            paint(category, *CATEGORY_STYLE.get(view.category, ())),
            paint(fit(label("state", view.state), 11), *STATE_STYLE.get(view.state, ())),
            fit(_shared(view) + clean_text(view.subject or _("(no subject)")), subject).rstrip(),
        ]
        lines.append("  ".join(cells_out))
    return lines


def _shared(view: Any) -> str:
    """The mark of a message whose Message-ID another, different message has."""
    # TRANSLATORS: before the subject of a message that shares its Message-ID with another,
    # different message (one of them may be forged)
    return _("[shared id]") + " " if getattr(view, "shares_id", False) else ""


def screen_rows(stream: TextIO | None = None) -> int:
    """How many messages one screen holds: the terminal's height less the header and the
    lines around the table, or SCREEN rows when not on a terminal (LINES when set)."""
    try:
        return max(5, int(os.environ["LINES"]) - 4)
    except (KeyError, ValueError):
        pass
    try:
        if (stream or sys.stdout).isatty():
            return max(5, os.get_terminal_size((stream or sys.stdout).fileno()).lines - 4)
    except (OSError, ValueError, AttributeError):
        pass
    return SCREEN


def print_messages(
    views: Sequence[Any],
    *,
    total: int | None = None,
    client: str | None = None,
    all_: bool = False,
    stream: TextIO | None = None,
) -> None:
    """Working-hours mail (and anything urgent) first; the rest of what arrived after hours
    set apart below it, not mixed into the day's work.  `views` is the page to show (already
    in that order), `total` how many the whole list holds."""
    out = stream or sys.stdout
    total = len(views) if total is None else total
    if not views:
        if client is not None and not all_:
            out.write(
                _("No open mail for {client}.").format(client=clean_text(client))
                + "\n"
                + _("See all of it, done too: acct mail list --client {client} --all").format(
                    client=_quoted(clean_text(client))
                )
                + "\n"
            )
        elif client is not None:
            out.write(_("No mail for {client}.").format(client=clean_text(client)) + "\n")
        else:
            out.write(_("No mail to triage. Import some: acct mail import ~/Maildir") + "\n")
        return
    width = terminal_width(out)
    paint = Paint(colour_wanted(out))
    night = [v for v in views if v.after_hours and not v.urgent]
    daytime = [v for v in views if not (v.after_hours and not v.urgent)]
    lines: list[str] = []
    for group, title in ((daytime, None), (night, _("Arrived after hours"))):
        if not group:
            continue
        if lines:
            lines.append("")
        if title:
            lines.append(paint(title, "bold"))
        lines += table_lines(group, width, paint)
    if len(views) < total:
        more = total - len(views)
        lines.append(
            ngettext(
                "… and {n} more (see them: --limit N, --all or --json)",
                "… and {n} more (see them: --limit N, --all or --json)",
                more,
            ).format(n=more)
        )
    out.write("\n".join(lines) + "\n")


def _quoted(text: str) -> str:
    return f'"{text}"' if any(c.isspace() for c in text) else text
