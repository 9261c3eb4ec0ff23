"""`acct today`: the morning, in the order the day goes — fires, mail, calls, onboarding,
money, upsells — each item scored by explainable urgency.

This is read-only and runs on the fast path (before Typer): it imports only what it uses.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from acctcli.domain.dashboard import Dashboard, Item, ranked
from acctcli.domain.labels import label
from acctcli.domain.money import money_display
from acctcli.domain.urgency import days_text, open_text, overdue_text, urgency
from acctcli.i18n import _
from acctcli.store.dashboard import any_messages
from acctcli.store.db import Database
from acctcli.store.repo import any_clients

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

MORNING = time(9, 0)  # the moment a dashboard for a day other than today is drawn at


def build_dashboard(
    db: Database, settings: Any, *, day: date, now: datetime, owner: str | None
) -> Dashboard:
    """Everything `acct today` shows for `day` (now: the real moment when `day` is today)."""
    at = now if now.date() == day else datetime.combine(day, MORNING)
    coeff = dict(settings.urgency)
    currency = settings.currency
    board = Dashboard(
        day=day,
        at=at,
        has_clients=any_clients(db),
        has_mail=any_messages(db),
    )
    if not board.has_clients:
        return board
    board.incidents = ranked(
        _fires(board, db, at, owner, coeff)
        + _urgent_mail(board, db, settings, day, at, owner, coeff)
    )
    # each section apart: a row no section can read leaves that section out, named in a
    # warning (a client's own bad row in the calls is named there, the others still shown)
    board.calls = ranked(
        _section(board, "calls", _calls, board, db, settings, day, now, owner, coeff)
    )
    board.onboarding = ranked(_section(board, "onboarding", _onboarding, db, day, owner, coeff))
    board.invoices = ranked(_section(board, "money", _invoices, db, day, owner, coeff, currency))
    board.upsells = ranked(_section(board, "upsells", _upsells, db, day, owner, coeff, currency))
    board.followups = ranked(
        _section(board, "follow-ups", _followups, db, settings, day, owner, coeff)
    )
    board.reports = ranked(_section(board, "reports", _reports, db, settings, day, owner, coeff))
    board.at_risk = _section(board, "health", _at_risk, db, settings, day, owner, board.invoices)
    return board


def _section(board: Dashboard, name: str, build: Any, *args: Any) -> list[Item]:
    """A section's items; [] and a note on the board when its rows cannot be read (bad data
    written by another tool), so that the rest of the morning is still shown."""
    from acctcli.errors import AcctError

    try:
        return build(*args)  # type: ignore[no-any-return]
    except AcctError:
        raise  # the user's to fix (a setting), said as an error
    except Exception as exc:  # noqa: BLE001 - one bad row never takes the morning down
        from acctcli.services.calls import unreadable_reason

        board.broken_sections.append((name, unreadable_reason(exc)))
        return []


def _at_risk(
    db: Database, settings: Any, day: date, owner: str | None, invoices: list[Item]
) -> list[Item]:
    """Clients whose health is at risk, one row each with its top reasons (a few queries;
    the receivables past due are the Money section's)."""
    from acctcli.services.health import at_risk, health_item

    lines = [i.details for i in invoices]
    return [health_item(h) for h in at_risk(db, settings, day, owner, lines)]


def _fires(
    board: Dashboard, db: Database, at: datetime, owner: str | None, coeff: dict
) -> list[Item]:
    from acctcli.services.incidents import linked_mail, open_incidents

    items = []
    incidents = open_incidents(db, at, owner)
    linked = linked_mail(db, [i.id for i in incidents], day=at.date())
    for incident in incidents:
        hours = incident.burning(at).total_seconds() / 3600
        score = urgency(
            coeff, fire=True, high_severity=incident.severity == "high", fire_hours=hours
        )
        open_incident = _("open incident")  # what every fire is: not worth repeating
        why = ", ".join(r for r in score.reasons if r != open_incident)
        ref = incident_ref(incident.id)
        items.append(Item("incident", incident.client, incident.title, ref, why, score, incident))
        if incident.id in linked:
            board.linked[incident.id] = [
                _mail_item(v, at, coeff, "mail") for v in linked[incident.id]
            ]
    return items


def incident_ref(ident: int) -> str:
    """I3: an incident's id as shown beside messages' (M12)."""
    return f"I{ident}"


def message_ref(ident: int) -> str:
    """M12: a message's id as shown beside incidents' (I3)."""
    return f"M{ident}"


def _mail_item(view: Any, at: datetime, coeff: dict, kind: str) -> Item:
    waited = (at - view.date).total_seconds() / 3600 if view.date and view.date <= at else 0.0
    score = urgency(
        coeff,
        urgent_contact=view.urgent_contact,
        waiting_hours=waited,
        incident_mail=view.category == "incident",
        mail_priority=view.priority or 0,  # the triage rules' (0-3, urgent words, known senders)
    )
    sender = view.from_name or view.from_addr
    why = ", ".join(score.reasons) if kind == "urgent-mail" else label("category", view.category)
    if kind == "mail" and view.urgent_contact:
        why = ", ".join((why, _("urgent contact")))
    text = view.subject or _("(no subject)")
    return Item(kind, view.client, text, f"{message_ref(view.id)} {sender}", why, score, view)


def _urgent_mail(
    board: Dashboard,
    db: Database,
    settings: Any,
    day: date,
    at: datetime,
    owner: str | None,
    coeff: dict,
) -> list[Item]:
    if not board.has_mail:
        return []
    from acctcli.services.mail.listing import mail_overview

    overview = mail_overview(db, day=day, owner=owner, wait_days=settings.mail.wait_days)
    section = board.mail
    section.to_triage = overview.to_triage
    section.needs_reply = overview.needs_reply
    section.waiting = overview.waiting
    section.by_client = list(overview.by_client)
    top = ranked([_mail_item(v, at, coeff, "mail") for v in overview.top])
    section.top = sorted(top, key=lambda i: not i.details.urgent_contact)  # theirs first
    section.after_hours = ranked([_mail_item(v, at, coeff, "mail") for v in overview.after_hours])
    section.after_hours_total = overview.after_hours_total
    board.fire_mail = overview.fires_total
    return [_mail_item(v, at, coeff, "urgent-mail") for v in overview.fires]


def _calls(
    board: Dashboard,
    db: Database,
    settings: Any,
    day: date,
    now: datetime,
    owner: str | None,
    coeff: dict,
) -> list[Item]:
    from acctcli.services.calls import call_list, calls_config

    items = []
    real_now = now if now.date() == day else None
    listed = call_list(db, day, owner=owner, config=calls_config(settings), now=real_now, ahead=0)
    board.unreadable = list(listed.unreadable)
    for call in listed.calls:
        urgent = bool(call.contact and call.contact.urgent)
        score = urgency(
            coeff, days_overdue=call.days_overdue, at_risk=call.at_risk, urgent_contact=urgent
        )
        channel = label("channel", call.channel)
        what = channel + (f" {call.reach}" if call.reach else "")
        how = call.contact.name if call.contact else ""
        late = call.days_overdue
        reasons = [overdue_text(late) if late > 0 else _("due today")]
        if call.at_risk:
            days = days_text(call.days_silent)
            if call.max_gap:
                # TRANSLATORS: no touch for {days} ("9 days"), longer than the client's longest
                # safe gap {gap} (a cadence value such as "1w", kept as it is).
                reasons.append(_("silent {days} (max {gap})").format(days=days, gap=call.max_gap))
            else:
                # TRANSLATORS: no touch for {days} ("9 days").
                reasons.append(_("silent {days}").format(days=days))
        if call.last_contact is None:
            reasons.append(_("never contacted"))
        if call.outside_hours:
            reasons.append(_("outside their hours"))
        why = " · ".join(reasons)
        items.append(Item("call", call.client, what, how, why, score, call))
    return items


def _onboarding(db: Database, day: date, owner: str | None, coeff: dict) -> list[Item]:
    from acctcli.services.onboarding.due import onboarding_due

    items = []
    for step in onboarding_due(db, day, owner):
        score = urgency(coeff, days_overdue=step.days_overdue)
        # TRANSLATORS: an onboarding step due in the days to come.
        why = score.reasons[0] if score.reasons else _("due")
        if step.blocked_by:
            # TRANSLATORS: {steps} are the keys of the steps to finish first ("brief, access").
            why += " · " + _("after {steps}").format(steps=", ".join(step.blocked_by))
        role = label("role", step.role)
        items.append(Item("onboarding", step.client, step.title, role, why, score, step))
    return items


def _invoices(db: Database, day: date, owner: str | None, coeff: dict, currency: str) -> list[Item]:
    from acctcli.services.followups import promises_on_invoices
    from acctcli.services.money import invoices_needing_attention

    items = []
    lines = invoices_needing_attention(db, day, owner)
    promises = promises_on_invoices(db, [line.number for line in lines], day)
    for line in lines:
        late = (day - line.due).days
        text = _("invoice {number}").format(number=line.number)
        if late > 0:
            balance = money_display(line.balance, currency)
            # TRANSLATORS: the balance of an invoice ("45 000 ₽") and how late it is ("6 days").
            amount_reason = _("invoice {balance}, {days} late").format(
                balance=balance, days=days_text(late)
            )
            score = urgency(
                coeff,
                days_overdue=late,
                amount=line.balance,
                amount_text=amount_reason,
                broken_promise=_broken(promises, line.number),
            )
        else:
            amount_reason = (
                _("due today")
                if late == 0
                # TRANSLATORS: an invoice due in {days} ("3 days").
                else _("due in {days}").format(days=days_text(-late))
            )
            score = urgency(
                coeff,
                amount=line.balance,
                amount_text=amount_reason,
                broken_promise=_broken(promises, line.number),
            )
        if _broken(promises, line.number):
            from acctcli.services.followups import broken_reason

            amount_reason += " · " + broken_reason(promises[line.number], currency)
        how = line.service or ""
        items.append(Item("invoice", line.client, text, how, amount_reason, score, line))
    return items


def _broken(promises: dict[str, Any], number: str) -> bool:
    """Whether the invoice's promise to pay is broken (issue 16)."""
    return number in promises and promises[number].broken


def _followups(
    db: Database, settings: Any, day: date, owner: str | None, coeff: dict
) -> list[Item]:
    """Open follow-ups due by the second working day after `day` (one indexed query)."""
    from acctcli.services.followups import due_follow_ups, follow_up_item

    return [follow_up_item(f, day, coeff) for f in due_follow_ups(db, settings, day, owner)]


def _upsells(db: Database, day: date, owner: str | None, coeff: dict, currency: str) -> list[Item]:
    from acctcli.services.money import open_upsells

    items = []
    for line in open_upsells(db, day, owner):
        age = (day - line.opened_on).days
        if age < 0:  # proposed after the day drawn: not open on it yet
            continue
        value = line.value or Decimal(0)
        worth = money_display(value, currency) if line.value else _("no value yet")
        score = urgency(coeff, amount=value, amount_text=worth, open_days=age)
        text = f"{line.service} · {worth}"
        why = open_text(age)
        items.append(Item("upsell", line.client, text, line.note or "", why, score, line))
    return items


def _reports(db: Database, settings: Any, day: date, owner: str | None, coeff: dict) -> list[Item]:
    """Client reports due today or overdue (acct report CLIENT --sent records one)."""
    from acctcli.services.reports import reports_due

    items = []
    for due in reports_due(db, settings, day, owner=owner):
        late = due.days_overdue(day)
        score = urgency(coeff, days_overdue=late)
        why = overdue_text(late) if late > 0 else _("due today")
        # TRANSLATORS: {month} is the month reported on, YYYY-MM.
        text = _("report for {month}").format(month=due.month)
        items.append(Item("report", due.client, text, "", why, score, due))
    return items
