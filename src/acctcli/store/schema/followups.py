"""Follow-ups and promises (issue 16): what I owe, what is owed to me, and by whom."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Index
from sqlmodel import Field, SQLModel


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_state_due", "state", "due"),
        Index("ix_follow_up_invoice", "invoice_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    text: str
    who: str = "me"  # me, client, a department (seo, ppc…) or a colleague's name
    due: date | None = Field(default=None, sa_type=Date)
    source: str = "manual"  # manual, call, mail, triage
    mail_id: int | None = None
    touch_id: int | None = None
    invoice_id: int | None = None
    amount_minor: int | None = Field(default=None, sa_type=BigInteger)
    state: str = "open"  # open, done, dropped
    created_at: datetime = Field(sa_type=DateTime)
    closed_on: date | None = Field(default=None, sa_type=Date)
    why: str | None = None
    # what it points at besides mail and touches (0018): an incident, an onboarding step
    incident_id: int | None = None
    step_id: int | None = None
