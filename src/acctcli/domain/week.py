"""The weekly planning meeting (`acct week`): the week behind and the week ahead, per client
and per account manager, and the book's sore points — pure data made from the store's facts.

The week behind is the seven days before the day D (D−7 … D−1), the week ahead D … D+6.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from acctcli.domain.activity import (
    FollowFact,
    IncidentFact,
    InvoiceFact,
    PaymentFact,
    Period,
    StepFact,
    TouchFact,
    UpsellFact,
    WaitingMail,
)
from acctcli.domain.clients import sort_key
from acctcli.records import NamedTuple

ZERO = Decimal("0.00")


class ClientWeek(NamedTuple):
    client_id: int
    client: str
    owner: str
    # the week behind
    touches: int
    meetings: int
    fires: list[IncidentFact]  # burning at some moment of the week
    paid_in: Decimal
    debt_before: Decimal  # overdue at the start of the week behind
    debt_now: Decimal  # overdue on D
    kept: list[FollowFact]
    broken: list[FollowFact]
    reports_sent: list[str]  # months
    upsells_opened: list[UpsellFact]
    upsells_won: list[UpsellFact]
    upsells_lost: list[UpsellFact]
    # now
    waiting: list[WaitingMail]  # unanswered, oldest first
    # the week ahead
    calls: list[date]  # call days due (overdue ones on D)
    follow_ups_due: list[FollowFact]  # open, due by the end of the week ahead
    reports_due: list[tuple[str, date]]  # (month, due) by the end of the week ahead
    steps_due: list[StepFact]
    invoices_due: list[InvoiceFact]  # open, due in the week ahead

    @property
    def debt_grew(self) -> Decimal:
        return self.debt_now - self.debt_before

    def is_quiet(self) -> bool:
        return not (
            self.touches
            or self.fires
            or self.paid_in
            or self.debt_grew > 0
            or self.kept
            or self.broken
            or self.reports_sent
            or self.upsells_opened
            or self.upsells_won
            or self.upsells_lost
            or self.waiting
            or self.calls
            or self.follow_ups_due
            or self.reports_due
            or self.steps_due
            or self.invoices_due
        )


class ManagerWeek(NamedTuple):
    owner: str
    clients: int
    touches: int
    fires: int
    paid_in: Decimal
    debt_grew: Decimal
    kept: int
    broken: int
    reports_due: int
    calls_due: int


class Silent(NamedTuple):
    """A client not contacted for longer than its cadence allows."""

    client: str
    owner: str
    last_contact: date | None
    due: date
    days_overdue: int


class Debt(NamedTuple):
    client: str
    owner: str
    balance: Decimal
    overdue: Decimal


class Week(NamedTuple):
    day: date
    behind: Period
    ahead: Period
    clients: list[ClientWeek]
    managers: list[ManagerWeek]
    silent: list[Silent]
    debts: list[Debt]


def periods(day: date) -> tuple[Period, Period]:
    return Period(day - timedelta(days=7), day - timedelta(days=1)), Period(
        day, day + timedelta(days=6)
    )


def overdue_on(invoices: Iterable[InvoiceFact], day: date) -> Decimal:
    """The overdue balance on `day` of invoices read as of that day."""
    return sum((i.balance for i in invoices if i.balance > 0 and i.due < day), ZERO)


def client_week(
    *,
    client_id: int,
    client: str,
    owner: str,
    day: date,
    touches: list[TouchFact],
    incidents: list[IncidentFact],
    payments: list[PaymentFact],
    invoices_before: list[InvoiceFact],
    invoices_now: list[InvoiceFact],
    follow_ups: list[FollowFact],
    reports_sent: list[str],
    upsells: list[UpsellFact],
    waiting: list[WaitingMail],
    calls: list[date],
    reports_due: list[tuple[str, date]],
    steps: list[StepFact],
) -> ClientWeek:
    behind, ahead = periods(day)
    return ClientWeek(
        client_id=client_id,
        client=client,
        owner=owner,
        touches=len(touches),
        meetings=sum(1 for t in touches if t.channel == "meeting"),
        fires=incidents,
        paid_in=sum((p.amount for p in payments), ZERO),
        debt_before=overdue_on(invoices_before, behind.start),
        debt_now=overdue_on(invoices_now, day),
        kept=[f for f in follow_ups if f.kept() and behind.holds(f.closed_on)],
        broken=[
            f
            for f in follow_ups
            if f.broken(day) and (behind.holds(f.due) or behind.holds(f.closed_on))
        ],
        reports_sent=reports_sent,
        upsells_opened=[u for u in upsells if behind.holds(u.opened_on)],
        upsells_won=[u for u in upsells if u.status == "won" and behind.holds(u.closed_on)],
        upsells_lost=[u for u in upsells if u.status == "lost" and behind.holds(u.closed_on)],
        waiting=waiting,
        calls=calls,
        follow_ups_due=[
            f for f in follow_ups if f.state == "open" and f.due is not None and f.due <= ahead.end
        ],
        reports_due=reports_due,
        steps_due=[s for s in steps if s.done_on is None and s.due <= ahead.end],
        invoices_due=[i for i in invoices_now if i.balance > 0 and ahead.holds(i.due)],
    )


def manager_weeks(clients: list[ClientWeek]) -> list[ManagerWeek]:
    owners: dict[str, list[ClientWeek]] = {}
    for c in clients:
        owners.setdefault(c.owner, []).append(c)
    return [
        ManagerWeek(
            owner=owner,
            clients=len(rows),
            touches=sum(c.touches for c in rows),
            fires=sum(len(c.fires) for c in rows),
            paid_in=sum((c.paid_in for c in rows), ZERO),
            debt_grew=sum((c.debt_grew for c in rows), ZERO),
            kept=sum(len(c.kept) for c in rows),
            broken=sum(len(c.broken) for c in rows),
            reports_due=sum(len(c.reports_due) for c in rows),
            calls_due=sum(len(c.calls) for c in rows),
        )
        for owner, rows in sorted(owners.items(), key=lambda kv: sort_key(kv[0]))
    ]


def largest_debts(
    invoices: dict[int, list[InvoiceFact]], names: dict[int, tuple[str, str]], day: date, top: int
) -> list[Debt]:
    debts = []
    for client_id, rows in invoices.items():
        balance = sum((i.balance for i in rows if i.balance > 0), ZERO)
        if balance > 0:
            name, owner = names[client_id]
            debts.append(Debt(name, owner, balance, overdue_on(rows, day)))
    debts.sort(key=lambda d: (-d.overdue, -d.balance, sort_key(d.client)))
    return debts[:top]


def fire_hours(incident: IncidentFact, day: date) -> float:
    """How long a fire of the week burned (to D's start while still open)."""
    return incident.hours(datetime.combine(day, time()))
