"""The client card (issue 20): everything to read before a call with one client, as of a day.

`acct client show X [--date D]`: status and since when, services with fees (and costs and
margin when known), contacts, cadence with the last touch and the next call, the report
schedule, open mail, follow-ups, incidents, onboarding, open invoices, upsells, health, notes
and the latest 20 events.  One client: a couple of dozen small indexed reads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from acctcli.domain.clients import Client
from acctcli.records import NamedTuple
from acctcli.store import card as store
from acctcli.store.db import Database

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Onboarding(NamedTuple):
    template: str
    start: date
    done: int
    total: int
    completed_on: date | None
    next_title: str | None
    next_due: date | None


class Card(NamedTuple):
    client: Client
    day: date
    status_since: date
    fees: dict[str, Decimal]
    costs: dict[str, Decimal]
    last_touch: store.Touch | None
    call: Any  # CallDue or None (no rhythm, or not a customer)
    report: Any  # ReportDue or None (no schedule)
    health: Any  # Health or None (not a customer)
    mail: dict[str, int]
    followups: list[Any]  # FollowUp, open
    incidents: list[store.CardIncident]
    onboarding: Onboarding | None
    invoices: list[Any]  # InvoiceLine, open on the day
    upsells: list[store.CardUpsell]
    notes: str | None
    timeline: list[store.Event]


def _status_since(client: Client) -> date:
    since = client.since
    for change in client.history:
        if change.status == client.status:
            since = change.on
    return since


def _call(db: Database, settings: Any, client: Client, day: date) -> Any:
    from acctcli.services.calls import _plans, calls_config

    plans = _plans(db, day, owner=None, config=calls_config(settings), now=None, clients=[client])
    return plans[0] if plans else None


def _onboarding(db: Database, client_id: int, day: date) -> Onboarding | None:
    from acctcli.store.onboarding import checklist_steps, current_checklist

    checklist = current_checklist(db, client_id)
    if checklist is None:
        return None
    steps = checklist_steps(db, checklist.id)
    done = [s for s in steps if s.done_on is not None and s.done_on <= day]
    todo = sorted((s for s in steps if s not in done), key=lambda s: (s.due, s.position))
    return Onboarding(
        checklist.template,
        checklist.start,
        len(done),
        len(steps),
        checklist.completed_on,
        todo[0].title if todo else None,
        todo[0].due if todo else None,
    )


def client_card(db: Database, settings: Any, ref: str, day: date) -> Card:
    """One client's card as of `day`."""
    from acctcli.services.health import client_health
    from acctcli.services.reports import next_report_due
    from acctcli.store.followups import follow_ups
    from acctcli.store.money import invoice_lines
    from acctcli.store.repo import load_client

    client = load_client(db, ref, day)
    health = client_health(db, settings, day, None, client_id=client.id)
    return Card(
        client=client,
        day=day,
        status_since=_status_since(client),
        fees=store.latest_amounts(db, client.id, day, "client_fee"),
        costs=store.latest_amounts(db, client.id, day, "client_cost"),
        last_touch=store.latest_touch(db, client.id, day),
        call=_call(db, settings, client, day),
        report=next_report_due(db, settings, client.id, day),
        health=health[0] if health else None,
        mail=store.mail_counts(db, client.id),
        followups=sorted(
            follow_ups(db, None, day, client_id=client.id),
            key=lambda f: (f.due is None, f.due or day, f.id),
        ),
        incidents=store.incidents(db, client.id, day),
        onboarding=_onboarding(db, client.id, day),
        invoices=[
            line
            for line in invoice_lines(db, as_of=day, open_only=True, client_id=client.id)
            if line.issued <= day
        ],
        upsells=store.upsells(db, client.id, day),
        notes=store.notes(db, client.id),
        timeline=store.timeline(db, client.id, day),
    )
