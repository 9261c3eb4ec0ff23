"""Imported mail, its attachments' names, and what each source has already given."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_state", "state", "client_id"),
        Index("ix_message_client_date", "client_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # normalised Message-ID, or "sha256:<hex>" of the content when there is none
    message_key: str = Field(unique=True)
    message_id: str | None = None
    date: dt.datetime | None = Field(default=None, index=True, sa_type=DateTime)
    from_addr: str = ""
    from_name: str = ""
    to_addrs: str = ""
    subject: str = ""
    snippet: str = ""
    client_id: int | None = Field(default=None, foreign_key="client.id", ondelete="SET NULL")
    category: str = "other"
    priority: int = 0
    state: str = "new"
    snooze_until: dt.date | None = None
    after_hours: bool = False
    outgoing: bool = False
    source: str = ""
    imported_at: dt.datetime = Field(sa_type=DateTime)


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", ondelete="CASCADE", index=True)
    filename: str
    size: int = Field(sa_type=BigInteger)


class MailSeen(SQLModel, table=True):
    """Files (or mbox byte offsets) already imported, so a re-import skips them unopened."""

    __tablename__ = "mail_seen"
    __table_args__ = (UniqueConstraint("source", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str
    name: str
    mtime_ns: int = Field(default=0, sa_type=BigInteger)
    size: int = Field(default=0, sa_type=BigInteger)


class ImapFolderState(SQLModel, table=True):
    __tablename__ = "imap_folder_state"
    __table_args__ = (UniqueConstraint("account", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    folder: str
    uidvalidity: int = Field(sa_type=BigInteger)
    last_uid: int = Field(default=0, sa_type=BigInteger)
