"""The morning dashboard as plain terminal text, and as JSON.

Drawn without Rich on purpose: `acct today` must start about as fast as the interpreter, and
importing Rich alone costs ~3-4x that.  Widths count terminal cells (wide characters are two,
combining marks none), so Cyrillic and CJK line up; untrusted text goes through clean_text.
Colour only on a terminal and never with NO_COLOR.
"""

from __future__ import annotations

import sys
from datetime import datetime

from acctcli import i18n
from acctcli.domain.dashboard import Dashboard, Item
from acctcli.domain.labels import label
from acctcli.i18n import _, ngettext, pgettext
from acctcli.render.calls import call_json
from acctcli.render.money import invoice_json, upsell_json
from acctcli.render.plain import Painter, cells, colour_wanted, fit, pad, terminal_width, wrap_parts
from acctcli.render.safe import clean_text

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any


def _label(item: Item) -> str:
    # TRANSLATORS: mail that no client's contact or domain matched.
    return clean_text(item.client or _("(unmatched)"))


def _rows(
    items: list[Item],
    width: int,
    paint: Painter,
    limit: int | None = None,
    total: int = 0,
    linked: dict[int, list[Item]] | None = None,
) -> list[str]:
    """Client, what (and with whom), and why, in columns; a `why` that does not fit goes on
    its own line under the text rather than being cut.  `total`: how many there are in all
    when `items` holds only the first few; `linked`: mail shown under its incident."""
    shown = items if limit is None else items[:limit]
    client_w = min(max((cells(_label(i)) for i in shown), default=0), 18)
    room = width - 4 - client_w
    middles = [clean_text(i.text) + (f" — {clean_text(i.how)}" if i.how else "") for i in shown]
    whys = [clean_text(i.why) for i in shown]
    one_line = [
        cells(m) + 2 + cells(w) <= room and width >= 60 for m, w in zip(middles, whys, strict=True)
    ]
    mid_w = max((cells(m) for m, ok in zip(middles, one_line, strict=True) if ok), default=0)
    lines = []
    for item, middle, why, ok in zip(shown, middles, whys, one_line, strict=True):
        client = paint(pad(fit(_label(item), client_w), client_w), "bold")
        if ok or not why:
            text = (
                pad(middle, mid_w)
                if cells(middle) <= mid_w and mid_w + 2 + cells(why) <= room
                else middle
            )
            text = fit(text, room) if not why else text
            lines.append(f"  {client}  {text}  {paint(why, 'yellow')}".rstrip())
        else:
            lines.append(f"  {client}  {fit(middle, room)}".rstrip())
            lines.append(f"  {' ' * client_w}  {paint(fit(why, room), 'yellow')}".rstrip())
        if linked and item.kind == "incident":
            for mail in linked.get(item.details.id, []):
                under = f"↳ {clean_text(mail.how)}: {clean_text(mail.text)}"
                lines.append(f"  {' ' * client_w}  {paint(fit(under, room), 'dim')}".rstrip())
    if limit is not None and max(total, len(items)) > limit:
        more = max(total, len(items)) - limit
        lines.append(
            paint("  " + ngettext("… and {n} more", "… and {n} more", more).format(n=more), "dim")
        )
    return lines


def _section(title: str, body: list[str], quiet: str, paint: Painter) -> list[str]:
    if not body:
        # TRANSLATORS: a dashboard section with nothing in it: "Calls: nobody due".
        return [paint(_("{section}: {quiet}").format(section=title, quiet=quiet), "dim")]
    return ["", paint(title, "bold", "cyan"), *body]


def _mail_lines(board: Dashboard, width: int, paint: Painter) -> list[str]:
    mail = board.mail
    if not mail.to_triage and not mail.needs_reply:
        return []
    # TRANSLATORS: counts of messages: "9 new · 1 needs a reply · 2 waiting for an answer".
    counts = [ngettext("{n} new", "{n} new", mail.to_triage).format(n=mail.to_triage)]
    if mail.needs_reply:
        n = mail.needs_reply
        counts.append(ngettext("{n} needs a reply", "{n} need a reply", n).format(n=n))
    if mail.waiting:
        n = mail.waiting
        counts.append(
            ngettext("{n} waiting for an answer", "{n} waiting for an answer", n).format(n=n)
        )
    lines = wrap_parts(counts, width)
    per_category: dict[str, int] = {}
    per_client: dict[str, int] = {}
    for client, category, n in mail.by_client:
        per_category[category] = per_category.get(category, 0) + n
        # TRANSLATORS: the mail no client matched, counted among the clients' ("unmatched 3").
        who = clean_text(client or pgettext("mail of no client", "unmatched"))
        per_client[who] = per_client.get(who, 0) + n
    if per_category:
        order = ("incident", "billing", "report", "idea", "other")
        kinds = sorted(
            per_category.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 9
        )
        by_category = [f"{label('category', k)} {n}" for k, n in kinds]
        lines += wrap_parts([_("by category:"), *by_category], width, sep="  ")
        busiest = sorted(per_client.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        shown = [f"{who} {n}" for who, n in busiest[:6]]
        if len(busiest) > 6:
            more = len(busiest) - 6
            # TRANSLATORS: so many more clients with mail to triage.
            shown.append(ngettext("{n} more", "{n} more", more).format(n=more))
        lines += wrap_parts([_("by client:"), *shown], width, sep="  ")
    lines += _rows(mail.top, width, paint, limit=5)
    if mail.after_hours:
        count = max(mail.after_hours_total, len(mail.after_hours))
        late = _("After hours ({n}), when you are ready:").format(n=count)
        lines.append(paint(f"  {late}", "dim"))
        lines += _rows(mail.after_hours, width, paint, limit=3, total=count)
    return lines


def dashboard_text(
    board: Dashboard, *, colour: bool | None = None, width: int | None = None
) -> str:
    paint = Painter(colour_wanted() if colour is None else colour)
    width = width or terminal_width()
    day = board.day
    header = i18n.long_date(day)
    if not board.has_clients:
        first_steps = [
            ("acct client add NAME --cadence weekly", _("add your first client")),
            ("acct mail import ~/Maildir", _("bring in your mail")),
            ("acct demo", _("or try the demo agency")),
        ]
        return (
            "\n".join(
                [
                    paint(header, "bold"),
                    "",
                    _("Nothing here yet. To begin:"),
                    *(f"  {command:<39} {what}" for command, what in first_steps),
                ]
            )
            + "\n"
        )
    summary = board.summary()
    lines = [paint(line, "bold") for line in wrap_parts([header, *summary], width, "")]
    if not summary:
        lines += [
            "",
            paint(
                _("A clean day: no fires, nothing to triage, no calls or payments due."), "green"
            ),
        ]
        if not board.has_mail:
            lines.append(paint(_("(No mail imported yet: acct mail import PATH)"), "dim"))
        return "\n".join(lines) + "\n"
    fires = _rows(
        board.incidents,
        width,
        paint,
        limit=8,
        total=board.fires + board.fire_mail,
        linked=board.linked,
    )
    lines += _section(_("Fires"), fires, _("none burning"), paint)
    mail_quiet = (
        _("nothing to triage") if board.has_mail else _("none imported yet (acct mail import PATH)")
    )
    lines += _section(_("Mail"), _mail_lines(board, width, paint), mail_quiet, paint)
    calls = _rows(board.calls, width, paint, limit=10)
    lines += _section(_("Calls"), calls, _("nobody due"), paint)
    if board.followups:
        lines += _section(_("Follow-ups"), _rows(board.followups, width, paint, limit=8), "", paint)
    if board.reports:
        lines += _section(_("Reports"), _rows(board.reports, width, paint, limit=8), "", paint)
    if board.at_risk:
        # TRANSLATORS: clients whose health score is in the "at risk" band (acct health).
        lines += _section(
            _("Clients at risk"), _rows(board.at_risk, width, paint, limit=5), "", paint
        )
    onboarding = _rows(board.onboarding, width, paint, limit=8)
    lines += _section(_("Onboarding"), onboarding, _("no steps due"), paint)
    lines += _section(
        _("Money"),
        _rows(board.invoices, width, paint, limit=8),
        _("no invoices overdue or due this week"),
        paint,
    )
    upsells = _rows(board.upsells, width, paint, limit=5)
    lines += _section(_("Upsells"), upsells, _("no open offers"), paint)
    return "\n".join(lines) + "\n"


def print_dashboard(board: Dashboard) -> None:
    sys.stdout.write(dashboard_text(board))


# --- JSON ----------------------------------------------------------------------------------


def _details_json(
    item: Item, at: datetime, linked: dict[int, list[Item]] | None = None
) -> dict[str, Any]:
    """The fields of the record behind an item, by its kind (an incident's with the mail that
    reported it, `linked`)."""
    linked = linked or {}
    d = item.details
    if item.kind == "incident":
        return {
            "id": d.id,
            "title": d.title,
            "severity": d.severity,
            "opened_at": d.opened_at.isoformat(timespec="minutes"),
            "hours_open": round(d.burning(at).total_seconds() / 3600, 1),
            "messages": [_details_json(m, at) for m in linked.get(d.id, [])],
        }
    if item.kind in ("mail", "urgent-mail"):
        return {
            "id": d.id,
            "subject": d.subject,
            "from": d.from_addr,
            "category": d.category,
            "state": d.state,
            "date": d.date.isoformat(timespec="minutes") if d.date else None,
            "after_hours": d.after_hours,
        }
    if item.kind == "call":
        return call_json(d)
    if item.kind == "onboarding":
        return {
            "key": d.key,
            "title": d.title,
            "role": d.role,
            "due": d.due.isoformat(),
            "days_overdue": d.days_overdue,
            "blocked_by": list(d.blocked_by),
        }
    if item.kind == "invoice":
        return invoice_json(d)
    if item.kind == "upsell":
        return upsell_json(d)
    if item.kind == "followup":
        return {
            "id": d.id,
            "who": d.who,
            "due": d.due.isoformat() if d.due else None,
            "days_overdue": d.days_overdue(at.date()),
            "source": d.source,
            "invoice": d.invoice,
        }
    if item.kind == "report":
        return {
            "month": d.month,
            "due": d.due.isoformat(),
            "days_overdue": d.days_overdue(at.date()),
        }
    if item.kind == "health":
        return {
            "health": d.score,
            "band": d.band,
            "factors": [
                {"key": f.key, "points": str(f.points), "reason": f.reason} for f in d.factors
            ],
        }
    raise ValueError(f"no JSON for dashboard items of kind {item.kind!r}")


def item_json(
    item: Item, at: datetime, linked: dict[int, list[Item]] | None = None
) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "client": item.client,
        "text": item.text,
        "how": item.how,
        "why": item.why,
        "score": item.urgency.score,
        "reasons": list(item.urgency.reasons),
        **_details_json(item, at, linked),
    }


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    mail = board.mail

    def items(section: list[Item]) -> list[dict[str, Any]]:
        return [item_json(i, board.at, board.linked) for i in section]

    return {
        "date": board.day.isoformat(),
        "weekday": i18n.WEEKDAYS[board.day.weekday()],  # the English name, never translated
        "at": board.at.isoformat(timespec="minutes"),
        "summary": board.summary(),
        "incidents": items(board.incidents),
        "mail": {
            "to_triage": mail.to_triage,
            "needs_reply": mail.needs_reply,
            "waiting": mail.waiting,
            "by_client": [
                {"client": client, "category": category, "count": n}
                for client, category, n in mail.by_client
            ],
            "top": items(mail.top),
            "after_hours": items(mail.after_hours),
        },
        "calls": items(board.calls),
        "onboarding": items(board.onboarding),
        "invoices": items(board.invoices),
        "upsells": items(board.upsells),
        "followups": items(board.followups),
        "reports": items(board.reports),
        "at_risk": items(board.at_risk),
    }
