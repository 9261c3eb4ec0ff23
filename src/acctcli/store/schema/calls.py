"""Touches: every logged call, message or meeting with a client."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index
from sqlmodel import Field, SQLModel


class Touch(SQLModel, table=True):
    __tablename__ = "touch"
    __table_args__ = (Index("ix_touch_client_at", "client_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    channel: str
    at: datetime = Field(sa_type=DateTime)
    note: str | None = None
    next_date: date | None = None
    source: str = "manual"
