"""Clients, their status history, services, domains and contacts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Client(SQLModel, table=True):
    __tablename__ = "client"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    # casefold()ed name: SQLite's lower() knows only ASCII, and Cyrillic names must match
    name_key: str = Field(unique=True)
    since: date
    cadence: str | None = None
    channel: str | None = None
    owner: str = Field(index=True)
    notes: str | None = None
    max_gap: str | None = None
    hours: str | None = None
    created_at: datetime = Field(sa_type=DateTime)


class ClientStatus(SQLModel, table=True):
    """Every status change, dated: churn and win-back dates are history, not overwritten."""

    __tablename__ = "client_status"
    __table_args__ = (Index("ix_client_status_client_on", "client_id", "on_date"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    status: str
    on_date: date
    reason: str | None = None
    created_at: datetime = Field(sa_type=DateTime)


class ClientService(SQLModel, table=True):
    __tablename__ = "client_service"
    __table_args__ = (UniqueConstraint("client_id", "service"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    service: str
    fee_minor: int | None = Field(default=None, sa_type=BigInteger)


class ClientFee(SQLModel, table=True):
    """Every fee change, dated (issue 20): a service's fee on day d is the latest set on or
    before d; None: no fee from that day (the service dropped)."""

    __tablename__ = "client_fee"
    __table_args__ = (Index("ix_client_fee_client_on", "client_id", "on_date"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    service: str
    on_date: date
    fee_minor: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(sa_type=DateTime)


class ClientCost(SQLModel, table=True):
    """The agency's monthly cost of serving a client's service, dated like fees (issue 20):
    the cost on day d is the latest set on or before d; None: no cost from that day."""

    __tablename__ = "client_cost"
    __table_args__ = (Index("ix_client_cost_client_on", "client_id", "on_date"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    service: str
    on_date: date
    cost_minor: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(sa_type=DateTime)


class ClientDomain(SQLModel, table=True):
    __tablename__ = "client_domain"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", index=True)
    domain: str = Field(unique=True)


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("client_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    name: str
    email: str | None = Field(default=None, index=True)
    phone: str | None = None
    messenger: str | None = None
    role: str | None = None
    urgent: bool = False
    created_at: datetime = Field(sa_type=DateTime)
