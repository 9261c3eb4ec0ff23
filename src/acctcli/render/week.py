"""`acct week` as plain text, as Markdown for the meeting's notes, and as JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from acctcli.domain.money import money_display, money_str
from acctcli.domain.week import ClientWeek, Week, fire_hours
from acctcli.i18n import _, ngettext
from acctcli.render.report_md import hours_text, md
from acctcli.render.safe import clean_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _behind(c: ClientWeek, day: date, money: Any, esc: Any) -> list[str]:
    parts = []
    if c.touches:
        part = ngettext("{n} touch", "{n} touches", c.touches).format(n=c.touches)
        if c.meetings:
            part += (
                " ("
                + ngettext("{n} meeting", "{n} meetings", c.meetings).format(n=c.meetings)
                + ")"
            )
        parts.append(part)
    for fire in c.fires:
        took = hours_text(fire_hours(fire, day))
        if fire.resolved_at is not None and fire.resolved_at.date() < day:
            done = f" ({esc(fire.resolution)})" if fire.resolution else ""
            # TRANSLATORS: an incident of the week and how long it burned ("4 h").
            text = _("fire I{id} {title}: {took}")
            parts.append(text.format(id=fire.id, title=esc(fire.title), took=took) + done)
        else:
            # TRANSLATORS: an incident still open, and how long it has burned ("29 h").
            parts.append(
                _("fire I{id} {title}: burning {took}").format(
                    id=fire.id, title=esc(fire.title), took=took
                )
            )
    if c.paid_in:
        parts.append(_("paid in {amount}").format(amount=money(c.paid_in)))
    if c.debt_grew > 0:
        parts.append(
            _("overdue debt grew by {amount} to {total}").format(
                amount=money(c.debt_grew), total=money(c.debt_now)
            )
        )
    if c.kept:
        parts.append(
            ngettext("{n} promise kept", "{n} promises kept", len(c.kept)).format(n=len(c.kept))
        )
    for f in c.broken:
        parts.append(_("broken: {text} (due {day})").format(text=esc(f.text), day=f.due))
    for month in c.reports_sent:
        parts.append(_("report for {month} sent").format(month=month))
    for u in c.upsells_opened:
        parts.append(_("upsell {service} proposed").format(service=esc(u.service)))
    for u in c.upsells_won:
        parts.append(_("upsell {service} won").format(service=esc(u.service)))
    for u in c.upsells_lost:
        parts.append(_("upsell {service} lost").format(service=esc(u.service)))
    return parts


def _waiting(c: ClientWeek, day: date) -> str | None:
    if not c.waiting:
        return None
    oldest = (day - c.waiting[0].date.date()).days
    return ngettext(
        "{n} message waiting for a reply, the oldest {days} d",
        "{n} messages waiting for a reply, the oldest {days} d",
        len(c.waiting),
    ).format(n=len(c.waiting), days=oldest)


def _ahead(c: ClientWeek, money: Any, esc: Any) -> list[str]:
    parts = []
    if c.calls:
        parts.append(_("call {days}").format(days=", ".join(d.isoformat() for d in c.calls)))
    for f in c.follow_ups_due:
        parts.append(_("{text} (due {day})").format(text=esc(f.text), day=f.due))
    for month, due in c.reports_due:
        parts.append(_("report for {month}, due {day}").format(month=month, day=due))
    for s in c.steps_due:
        parts.append(_("onboarding: {title} (due {day})").format(title=esc(s.title), day=s.due))
    for i in c.invoices_due:
        parts.append(
            _("invoice {number} {amount} due {day}").format(
                number=esc(i.number), amount=money(i.balance), day=i.due
            )
        )
    return parts


def week_text(week: Week, currency: str, *, markdown: bool, team: bool) -> str:
    esc = md if markdown else clean_text

    def money(value: Decimal) -> str:
        return money_display(value, currency)

    def heading(level: int, text: str) -> str:
        return ("#" * level + " " + text) if markdown else text

    bullet = "- " if markdown else "  "
    out = [
        heading(
            1,
            # TRANSLATORS: the title of acct week: the days behind and the days ahead.
            _("Week of {day}: behind {b1} to {b2}, ahead to {a2}").format(
                day=week.day, b1=week.behind.start, b2=week.behind.end, a2=week.ahead.end
            ),
        ),
        "",
    ]
    quiet = []
    for c in week.clients:
        if c.is_quiet():
            quiet.append(esc(c.client))
            continue
        who = f" ({esc(c.owner)})" if team else ""
        out += [heading(2, esc(c.client) + who), ""]
        behind = _behind(c, week.day, money, esc)
        waiting = _waiting(c, week.day)
        ahead = _ahead(c, money, esc)
        out.append(bullet + _("Behind: {what}").format(what=" · ".join(behind) or "—"))
        if waiting:
            out.append(bullet + _("Waiting: {what}").format(what=waiting))
        out.append(bullet + _("Ahead: {what}").format(what=" · ".join(ahead) or "—"))
        out.append("")
    if quiet:
        out += [_("Quiet: {clients}").format(clients=", ".join(quiet)), ""]
    if team:
        out += [heading(2, _("Per manager")), ""]
        for m in week.managers:
            parts = [
                ngettext("{n} client", "{n} clients", m.clients).format(n=m.clients),
                ngettext("{n} touch", "{n} touches", m.touches).format(n=m.touches),
                ngettext("{n} fire", "{n} fires", m.fires).format(n=m.fires),
                _("paid in {amount}").format(amount=money(m.paid_in)),
                # TRANSLATORS: how much the overdue debt grew (or fell: negative) in a week.
                _("overdue debt change {amount}").format(amount=money(m.debt_grew)),
                ngettext("{n} promise kept", "{n} promises kept", m.kept).format(n=m.kept),
                ngettext("{n} broken", "{n} broken", m.broken).format(n=m.broken),
                ngettext("{n} call due", "{n} calls due", m.calls_due).format(n=m.calls_due),
                ngettext("{n} report due", "{n} reports due", m.reports_due).format(
                    n=m.reports_due
                ),
            ]
            out.append(bullet + esc(m.owner) + ": " + " · ".join(parts))
        out.append("")
    out += [heading(2, _("Not contacted for longer than their cadence allows")), ""]
    for s in week.silent:
        last = s.last_contact.isoformat() if s.last_contact else _("never")
        out.append(
            bullet
            + _("{client}: last contact {last}, due {due}, overdue {days} d").format(
                client=esc(s.client), last=last, due=s.due, days=s.days_overdue
            )
        )
    if not week.silent:
        out.append(_("Nobody."))
    out += ["", heading(2, _("Largest debts")), ""]
    for d in week.debts:
        out.append(
            bullet
            + _("{client}: {balance} open, {overdue} overdue").format(
                client=esc(d.client), balance=money(d.balance), overdue=money(d.overdue)
            )
        )
    if not week.debts:
        out.append(_("Nobody owes anything."))
    return "\n".join(out) + "\n"


def week_json(week: Week) -> dict[str, Any]:
    def client(c: ClientWeek) -> dict[str, Any]:
        return {
            "client": c.client,
            "owner": c.owner,
            "behind": {
                "touches": c.touches,
                "meetings": c.meetings,
                "fires": [
                    {
                        "id": f.id,
                        "title": f.title,
                        "opened_at": f.opened_at.isoformat(timespec="minutes"),
                        "resolved_at": None
                        if f.resolved_at is None
                        else f.resolved_at.isoformat(timespec="minutes"),
                        "hours": round(fire_hours(f, week.day), 1),
                        "resolution": f.resolution,
                    }
                    for f in c.fires
                ],
                "paid_in": money_str(c.paid_in),
                "overdue_before": money_str(c.debt_before),
                "overdue_now": money_str(c.debt_now),
                "follow_ups_kept": [f.id for f in c.kept],
                "follow_ups_broken": [f.id for f in c.broken],
                "reports_sent": c.reports_sent,
                "upsells_opened": [u.id for u in c.upsells_opened],
                "upsells_won": [u.id for u in c.upsells_won],
                "upsells_lost": [u.id for u in c.upsells_lost],
            },
            "waiting_mail": [
                {"id": m.id, "date": m.date.isoformat(timespec="minutes"), "state": m.state}
                for m in c.waiting
            ],
            "ahead": {
                "calls": [d.isoformat() for d in c.calls],
                "follow_ups": [
                    {"id": f.id, "text": f.text, "due": f.due.isoformat() if f.due else None}
                    for f in c.follow_ups_due
                ],
                "reports": [{"month": m, "due": d.isoformat()} for m, d in c.reports_due],
                "onboarding": [{"key": s.key, "due": s.due.isoformat()} for s in c.steps_due],
                "invoices": [
                    {"number": i.number, "balance": money_str(i.balance), "due": i.due.isoformat()}
                    for i in c.invoices_due
                ],
            },
        }

    return {
        "date": week.day.isoformat(),
        "behind": {"start": week.behind.start.isoformat(), "end": week.behind.end.isoformat()},
        "ahead": {"start": week.ahead.start.isoformat(), "end": week.ahead.end.isoformat()},
        "clients": [client(c) for c in week.clients],
        "managers": [
            {
                "owner": m.owner,
                "clients": m.clients,
                "touches": m.touches,
                "fires": m.fires,
                "paid_in": money_str(m.paid_in),
                "debt_grew": money_str(m.debt_grew),
                "follow_ups_kept": m.kept,
                "follow_ups_broken": m.broken,
                "calls_due": m.calls_due,
                "reports_due": m.reports_due,
            }
            for m in week.managers
        ],
        "not_contacted": [
            {
                "client": s.client,
                "owner": s.owner,
                "last_contact": s.last_contact.isoformat() if s.last_contact else None,
                "due": s.due.isoformat(),
                "days_overdue": s.days_overdue,
            }
            for s in week.silent
        ],
        "largest_debts": [
            {
                "client": d.client,
                "owner": d.owner,
                "balance": money_str(d.balance),
                "overdue": money_str(d.overdue),
            }
            for d in week.debts
        ],
    }
