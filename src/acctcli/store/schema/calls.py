"""Touches: every logged call, message or meeting with a client.

Any touch resets the client's clock, whatever its channel or source: `manual` (acct call log),
`mail` (mail the manager sent, recorded by the mail feature).  `next_date` is a one-off
"contact again on" date that replaces the cadence while its touch is the latest.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Touch(SQLModel, table=True):
    __tablename__ = "touch"
    __table_args__ = (
        Index("ix_touch_client_at", "client_id", "at"),
        Index("ix_touch_at", "at"),
        UniqueConstraint("message_id", name="uq_touch_message"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    # the name of a contact since removed (`acct contact remove --force`, 0010)
    contact_name: str | None = None
    channel: str
    at: datetime = Field(sa_type=DateTime)
    note: str | None = None
    next_date: date | None = None
    source: str = "manual"
    logged_by: str | None = None
    # the sent message a `mail` touch comes from: one touch per message (issue 14)
    message_id: int | None = Field(default=None, foreign_key="message.id", ondelete="SET NULL")
    # what it was (0018): call, message, email, meeting or contact (one before acct); NULL on
    # older rows: the kind its channel implies (domain.calls.touch_kind)
    kind: str | None = None
    place: str | None = None  # where a meeting took place
    attendees: str | None = None  # who was there, one name a line
    step_id: int | None = None  # the onboarding step whose ticking logged it (source onboarding)
