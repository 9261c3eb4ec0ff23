"""Onboarding checklists made from a template: one current per client, old ones kept.

Due dates are worked out once, when the checklist is made, and stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Onboarding(SQLModel, table=True):
    __tablename__ = "onboarding"
    __table_args__ = (Index("ix_onboarding_client", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    template: str
    start: date
    created_at: datetime = Field(sa_type=DateTime)
    # the day the last step was done (the client then became active); NULL while open
    completed_on: date | None = None
    # set when --restart replaced this checklist: kept as history, never shown as current
    archived_at: datetime | None = Field(default=None, sa_type=DateTime)


class OnboardingStep(SQLModel, table=True):
    __tablename__ = "onboarding_step"
    __table_args__ = (
        UniqueConstraint("onboarding_id", "key"),
        Index("ix_onboarding_step_due", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    onboarding_id: int = Field(foreign_key="onboarding.id", ondelete="CASCADE")
    position: int
    key: str
    title: str
    role: str
    due: date
    after: str = ""  # space-separated keys of the steps this one waits for
    done_on: date | None = None
    records: str | None = None  # "channel" | "urgent-contact": ticking it records that
    touch: str | None = None  # "call" | "meeting" | "message": ticking it logs a touch (0018)
