"""Invoices, payments and upsells.  Money is integer minor units (kopecks), never a float."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, DateTime, Index
from sqlmodel import Field, SQLModel


class Invoice(SQLModel, table=True):
    __tablename__ = "invoice"
    __table_args__ = (
        # covering indexes for the KPI sums (issued/due by client) and per-client listings
        Index("ix_invoice_issued", "issued", "client_id", "due", "amount_minor"),
        Index("ix_invoice_client", "client_id", "issued"),
        Index("ix_invoice_due", "due"),
        Index("ix_invoice_voided", "voided_on"),  # the KPIs' credit notes (issue 15)
        # open invoices (issue 17): those not yet paid in full (settled_on IS NULL) and those
        # settled after a past day, two ranges of one index
        Index("ix_invoice_settled", "settled_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    amount_minor: int = Field(sa_type=BigInteger)
    issued: date
    due: date
    service: str | None = None
    created_at: datetime = Field(sa_type=DateTime)
    # void (issue 15): kept for the KPIs' history (issued that month), out of every balance
    voided_on: date | None = None
    void_why: str | None = None
    # the day its payments reached its amount; NULL while open (triggers keep it, 0015)
    settled_on: date | None = None


class Payment(SQLModel, table=True):
    __tablename__ = "payment"
    __table_args__ = (
        # an invoice's balance as of a day; the month's collections
        Index("ix_payment_invoice", "invoice_id", "paid_on", "amount_minor"),
        Index("ix_payment_paid_on", "paid_on", "invoice_id", "amount_minor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", ondelete="CASCADE")
    amount_minor: int = Field(sa_type=BigInteger)
    paid_on: date
    created_at: datetime = Field(sa_type=DateTime)


class Upsell(SQLModel, table=True):
    __tablename__ = "upsell"
    __table_args__ = (Index("ix_upsell_client", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    service: str
    value_minor: int | None = Field(default=None, sa_type=BigInteger)
    status: str = "open"
    opened_on: date
    closed_on: date | None = None
    note: str | None = None
