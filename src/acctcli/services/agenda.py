"""`acct calendar`: the open items due by the end of a window, as calendar events.

Calls due (on the working day they fall due; in the client's hours when they have some),
report days, onboarding steps, invoices' due dates and follow-ups — the same items, read by
the same services, as `acct calls` and `acct today` show.  Overdue items stay on the day
they fell due.  Read-only.
"""

from __future__ import annotations

from datetime import date, timedelta

from acctcli.domain.agenda import (
    CALL,
    FOLLOW_UP,
    INVOICE,
    REPORT,
    STEP,
    AgendaEvent,
    event_uid,
    in_order,
)
from acctcli.domain.calls import CallDue, parse_hours
from acctcli.domain.followups import FollowUp, owes_text
from acctcli.domain.labels import label
from acctcli.domain.ledger import InvoiceLine
from acctcli.domain.money import money_display
from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.settings import Settings
from acctcli.store.db import Database

DEFAULT_DAYS = 30
MAX_DAYS = 3660


def agenda(
    db: Database, settings: Settings, *, day: date, days: int, owner: str | None
) -> list[AgendaEvent]:
    """Every open item due on or before `day` + `days` − 1 (overdue ones too), in day order."""
    if not 1 <= days <= MAX_DAYS:
        raise Invalid(_("--days must be from 1 to {most}").format(most=MAX_DAYS))
    last = day + timedelta(days=days - 1)
    events = [
        *_calls(db, settings, day, days, owner),
        *_reports(db, settings, day, last, owner),
        *_steps(db, day, last, owner),
        *_invoices(db, settings, day, last, owner),
        *_follow_ups(db, day, last, owner),
    ]
    return in_order(events)


def _calls(
    db: Database, settings: Settings, day: date, days: int, owner: str | None
) -> list[AgendaEvent]:
    from acctcli.services.calls import call_list, calls_config

    calls = call_list(db, day, owner=owner, config=calls_config(settings), ahead=days - 1)
    return [call_event(c) for c in [*calls.calls, *calls.upcoming]]


def call_event(call: CallDue) -> AgendaEvent:
    """A call on the day it is due; timed in the client's hours (within mine) when known."""
    channel = label("channel", call.channel)
    whom = [call.contact.name if call.contact else "", call.reach or ""]
    lines = [" ".join(w for w in whom if w), call.reason]
    start = end = None
    if call.window:
        hours = parse_hours(call.window)
        start, end = hours.start, hours.end
    return AgendaEvent(
        uid=event_uid(CALL, call.client_id, call.due),
        kind=CALL,
        day=call.due,
        # TRANSLATORS: a calendar event: "Contact Pizza Mama (phone)"
        summary=_("Contact {client} ({channel})").format(client=call.client, channel=channel),
        description="\n".join(line for line in lines if line),
        client=call.client,
        start=start,
        end=end,
    )


def _reports(
    db: Database, settings: Settings, day: date, last: date, owner: str | None
) -> list[AgendaEvent]:
    """Report days not yet sent: the overdue ones, then those due in the window."""
    from acctcli.services.reports import report_calendar, reports_due

    late = reports_due(db, settings, day, owner=owner)
    ahead = (
        report_calendar(db, settings, day + timedelta(days=1), last, owner=owner)
        if last > day
        else []
    )
    events: dict[str, AgendaEvent] = {}
    for report in [*late, *ahead]:
        uid = event_uid(REPORT, report.client_id, report.month)
        events[uid] = AgendaEvent(
            uid=uid,
            kind=REPORT,
            day=report.due,
            # TRANSLATORS: a calendar event: "Report for 2026-11 due: Pizza Mama"
            summary=_("Report for {month} due: {client}").format(
                month=report.month, client=report.client
            ),
            client=report.client,
        )
    return list(events.values())


def _steps(db: Database, day: date, last: date, owner: str | None) -> list[AgendaEvent]:
    from acctcli.domain.dates import as_date
    from acctcli.store.onboarding import due_steps

    events = []
    for row in due_steps(db, last, owner, day):
        events.append(
            AgendaEvent(
                uid=event_uid(STEP, row["onboarding_id"], row["key"]),
                kind=STEP,
                day=as_date(row["due"]),
                # TRANSLATORS: a calendar event: "Onboarding Pizza Mama: Agree the reports"
                summary=_("Onboarding {client}: {step}").format(
                    client=row["name"], step=row["title"]
                ),
                description=label("role", row["role"]),
                client=row["name"],
            )
        )
    return events


def invoice_event(line: InvoiceLine, currency: str) -> AgendaEvent:
    balance = money_display(line.balance, currency)
    description = _("issued {issued}, {amount}; still to pay {balance}").format(
        issued=line.issued.isoformat(),
        amount=money_display(line.amount, currency),
        balance=balance,
    )
    return AgendaEvent(
        uid=event_uid(INVOICE, line.number),
        kind=INVOICE,
        day=line.due,
        # TRANSLATORS: a calendar event: "Invoice 2026-014 due: Pizza Mama, 45 000 ₽"
        summary=_("Invoice {number} due: {client}, {balance}").format(
            number=line.number, client=line.client, balance=balance
        ),
        description=description,
        client=line.client,
    )


def _invoices(
    db: Database, settings: Settings, day: date, last: date, owner: str | None
) -> list[AgendaEvent]:
    from acctcli.services.money import list_invoices

    lines = list_invoices(db, as_of=day, open_only=True, owner=owner, due_by=last)
    return [invoice_event(line, settings.currency) for line in lines]


def follow_up_event(f: FollowUp, due: date) -> AgendaEvent:
    description = [owes_text(f)]
    if f.invoice:
        description.append(_("invoice {number}").format(number=f.invoice))
    return AgendaEvent(
        uid=event_uid(FOLLOW_UP, f.id),
        kind=FOLLOW_UP,
        day=due,
        # TRANSLATORS: a calendar event: "Pizza Mama: send the January media plan"
        summary=_("{client}: {text}").format(client=f.client, text=f.text),
        description="\n".join(description),
        client=f.client,
    )


def _follow_ups(db: Database, day: date, last: date, owner: str | None) -> list[AgendaEvent]:
    from acctcli.store.followups import follow_ups

    found = follow_ups(db, owner, day, due_by=last)
    return [follow_up_event(f, f.due) for f in found if f.due is not None]
