"""Invoices, payments and upsells as plain data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from acctcli.records import NamedTuple

UPSELL_STATUSES = ("open", "won", "lost")


class InvoiceLine(NamedTuple):
    """One invoice with what was paid on it as of `as_of`."""

    number: str
    client: str
    owner: str
    amount: Decimal
    paid: Decimal
    issued: date
    due: date
    service: str | None
    as_of: date
    voided_on: date | None = None  # void (issue 15): kept in the history, out of balances

    @property
    def void(self) -> bool:
        return self.voided_on is not None and self.voided_on <= self.as_of

    @property
    def balance(self) -> Decimal:
        return Decimal(0) if self.void else self.amount - self.paid

    @property
    def is_open(self) -> bool:
        return self.balance > 0

    @property
    def days_past_due(self) -> int:
        """as_of − due, negative while not yet due."""
        return (self.as_of - self.due).days

    @property
    def days_overdue(self) -> int:
        """Days past due of an open balance; 0 when paid or not yet due."""
        return max(0, self.days_past_due) if self.is_open else 0


class PaymentMade(NamedTuple):
    number: str
    client: str
    amount: Decimal
    on: date
    balance: Decimal  # what is left on the invoice after every recorded payment
    id: int = 0  # the payment's (acct invoice unpay ID)
    kept: tuple = ()  # promises to pay this payment kept (follow-ups, now done)


class UpsellLine(NamedTuple):
    id: int
    client: str
    owner: str
    service: str
    value: Decimal | None
    status: str
    opened_on: date
    closed_on: date | None
    note: str | None
