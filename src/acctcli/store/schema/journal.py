"""The undo journal (issue 15, store/journal.py): one row per write, one per row it changed.

Filled by triggers on every journalled table, never by the code that writes; read by
`acct undo`.  `journal_open` names the write the current transaction journals to.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer
from sqlmodel import Field, SQLModel


class JournalWrite(SQLModel, table=True):
    """One transaction of one command run (`run`: the command's token, shared by all its
    transactions); `undone_by`: the write that reverted it, once it has been."""

    __tablename__ = "journal_write"
    __table_args__ = (Index("ix_journal_write_run", "run"),)

    id: int | None = Field(default=None, primary_key=True)
    run: str
    at: datetime = Field(sa_type=DateTime)
    command: str
    owner: str
    undone_by: int | None = None


class JournalChange(SQLModel, table=True):
    """A row a write changed: op I (inserted: its id only), U or D (the old row, JSON)."""

    __tablename__ = "journal_change"
    __table_args__ = (
        Index("ix_journal_change_write", "write_id"),
        Index("ix_journal_change_row", "tbl", "row_id", "write_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    write_id: int
    tbl: str
    op: str
    row_id: int = Field(sa_type=BigInteger)
    data: str | None = None


class JournalOpen(SQLModel, table=True):
    """The write of the transaction in progress (one row, deleted before it commits)."""

    __tablename__ = "journal_open"

    write_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
