"""Shared-store ownership: temporary handovers of a client to another account manager."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index
from sqlmodel import Field, SQLModel


class ClientHandover(SQLModel, table=True):
    """While it lasts, `to_user` sees the client as their own (holidays, sick leave)."""

    __tablename__ = "client_handover"
    __table_args__ = (Index("ix_client_handover_to_user", "to_user", "until"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", index=True)
    from_user: str
    to_user: str
    from_date: date
    until: date | None = None
    created_at: datetime = Field(sa_type=DateTime)
