"""What happened with clients over a period, as plain data: the stuff of a client's monthly
report and of the weekly planning meeting (domain types only; store/activity.py reads them).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from acctcli.records import NamedTuple


class TouchFact(NamedTuple):
    client_id: int
    at: datetime
    channel: str
    contact: str | None
    note: str | None


class IncidentFact(NamedTuple):
    id: int
    client_id: int
    title: str
    severity: str
    opened_at: datetime
    resolved_at: datetime | None
    resolution: str | None = None  # what was done (acct incident resolve --note)

    def hours(self, until: datetime) -> float:
        """How long it burned: to its resolution, or to `until` while open."""
        end = self.resolved_at or until
        return max(0.0, (end - self.opened_at).total_seconds() / 3600)


class MailCount(NamedTuple):
    client_id: int
    category: str
    messages: int


class WaitingMail(NamedTuple):
    """A client's message still waiting for an answer (new or needs-reply)."""

    id: int
    client_id: int
    date: datetime
    subject: str
    state: str


class InvoiceFact(NamedTuple):
    client_id: int
    number: str
    amount: Decimal
    issued: date
    due: date
    paid: Decimal  # paid by the end of the period
    service: str | None

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid


class PaymentFact(NamedTuple):
    client_id: int
    number: str
    amount: Decimal
    on: date


class FollowFact(NamedTuple):
    id: int
    client_id: int
    text: str
    who: str
    due: date | None
    state: str  # open, done, dropped (as of the period's end)
    closed_on: date | None
    created_on: date

    def kept(self) -> bool:
        """Done, and by its day when it had one."""
        return self.state == "done" and (
            self.due is None or self.closed_on is None or self.closed_on <= self.due
        )

    def broken(self, day: date) -> bool:
        """Past its day on `day` and not done by then (done late, or still open)."""
        if self.due is None or self.due >= day:
            return False
        if self.state == "done" and self.closed_on is not None:
            return self.closed_on > self.due
        return self.state == "open"


class UpsellFact(NamedTuple):
    id: int
    client_id: int
    service: str
    value: Decimal | None
    status: str  # as of the period's end
    closed_on: date | None
    opened_on: date
    note: str | None


class StepFact(NamedTuple):
    client_id: int
    key: str
    title: str
    due: date
    done_on: date | None


class Period(NamedTuple):
    """Days `start` to `end`, both included."""

    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end
