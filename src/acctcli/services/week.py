"""`acct week`: the weekly planning meeting, gathered from the store (issue 19).

A fixed handful of queries over the clients the user sees (or everyone's), whatever the
number of clients: the facts of the two weeks, the call list, the reports due, then pure
assembly in domain/week.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from acctcli.domain.activity import InvoiceFact
from acctcli.domain.week import (
    ClientWeek,
    Silent,
    Week,
    client_week,
    largest_debts,
    manager_weeks,
    periods,
)
from acctcli.services.calls import call_list, calls_config
from acctcli.services.reports import report_calendar, reports_due
from acctcli.store import activity
from acctcli.store.repo import load_clients, visible_client_ids
from acctcli.store.reports import reports_sent_between

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from acctcli.store.db import Database

TOP_DEBTS = 5


def _by_client(rows: list[Any]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for row in rows:
        found.setdefault(row.client_id, []).append(row)
    return found


def weekly_meeting(db: Database, settings: Any, day: date, *, owner: str | None) -> Week:
    behind, ahead = periods(day)
    visible = visible_client_ids(db, owner, day)
    every = load_clients(db, day, None if visible is None else sorted(visible))
    clients = [c for c in every if c.status != "churned"]
    ids = [c.id for c in clients]
    names = {c.id: (c.name, c.owner) for c in every}
    touches = _by_client(activity.touches(db, ids, behind.start, behind.end))
    fires = _by_client(activity.incidents(db, ids, behind.start, behind.end))
    payments = _by_client(activity.payments(db, ids, behind.start, behind.end))
    before: dict[int, list[InvoiceFact]] = _by_client(
        activity.invoices(db, ids, behind.start - timedelta(days=1))
    )
    # debts: churned clients' too (what they owe is still owed)
    now: dict[int, list[InvoiceFact]] = _by_client(
        activity.invoices(db, [c.id for c in every], day)
    )
    follow = _by_client(activity.follow_ups(db, ids, behind.start, ahead.end))
    upsells = _by_client(activity.upsells(db, ids, behind.start, behind.end))
    waiting = _by_client(activity.waiting_mail(db, ids, day))
    steps = _by_client(activity.onboarding_steps(db, ids))
    sent: dict[str, list[str]] = {}
    for name, month, _on in reports_sent_between(db, owner, behind.start, behind.end):
        sent.setdefault(name, []).append(month)
    due_reports: dict[int, list[tuple[str, date]]] = {}
    late = reports_due(db, settings, day, owner=owner)
    coming = report_calendar(db, settings, day, ahead.end, owner=owner)
    for r in late + [r for r in coming if r.due > day]:
        due_reports.setdefault(r.client_id, []).append((r.month, r.due))
    calls = call_list(db, day, owner=owner, config=calls_config(settings), ahead=6)
    call_days: dict[int, list[date]] = {}
    for c in calls.calls:
        call_days.setdefault(c.client_id, []).append(day)
    for c in calls.upcoming:
        call_days.setdefault(c.client_id, []).append(c.due)
    weeks: list[ClientWeek] = [
        client_week(
            client_id=c.id,
            client=c.name,
            owner=c.owner,
            day=day,
            touches=touches.get(c.id, []),
            incidents=fires.get(c.id, []),
            payments=payments.get(c.id, []),
            invoices_before=before.get(c.id, []),
            invoices_now=now.get(c.id, []),
            follow_ups=follow.get(c.id, []),
            reports_sent=sent.get(c.name, []),
            upsells=upsells.get(c.id, []),
            waiting=waiting.get(c.id, []),
            calls=call_days.get(c.id, []),
            reports_due=due_reports.get(c.id, []),
            steps=steps.get(c.id, []),
        )
        for c in clients
    ]
    silent = [
        Silent(c.client, c.owner, c.last_contact, c.due, c.days_overdue)
        for c in calls.calls
        if c.days_overdue > 0
    ]
    return Week(
        day=day,
        behind=behind,
        ahead=ahead,
        clients=weeks,
        managers=manager_weeks(weeks),
        silent=silent,
        debts=largest_debts(now, names, day, TOP_DEBTS),
    )
