"""Monthly client reports (issue 19): each client's agreed schedule, and the reports sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class ReportSchedule(SQLModel, table=True):
    """How often a client wants its report: a cadence spec (`monthly:5`), agreed on a day.
    Reports whose due day falls before `agreed_on` are not asked for."""

    __tablename__ = "report_schedule"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", unique=True)
    spec: str
    agreed_on: date = Field(sa_type=Date)
    created_at: datetime = Field(sa_type=DateTime)


class ReportSent(SQLModel, table=True):
    """A month's report that went out: by hand (`acct report X --sent`) or seen in Sent mail."""

    __tablename__ = "report_sent"
    __table_args__ = (
        UniqueConstraint("client_id", "month", name="uq_report_sent_client_month"),
        Index("ix_report_sent_sent_on", "sent_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    month: str  # YYYY-MM: the month reported on
    sent_on: date = Field(sa_type=Date)
    source: str = "manual"  # manual, mail
    message_id: int | None = Field(default=None, foreign_key="message.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=DateTime)
