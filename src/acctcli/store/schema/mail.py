"""Imported mail, its attachments' names, and what each source has already given."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Index, PrimaryKeyConstraint, UniqueConstraint, false
from sqlmodel import Field, SQLModel


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        # one mailbox per account manager: the same message may be in two managers' stores
        UniqueConstraint("owner", "message_key", name="uq_message_owner_key"),
        Index("ix_message_owner_state", "owner", "state"),
        Index("ix_message_client_date", "client_id", "date"),
        Index("ix_message_counterpart_date", "counterpart", "date"),
        # the morning's top-N in SQL (0010): owner, state, category and after_hours fixed by
        # equality, the rows come out most urgent first; the other columns it filters by
        # follow, so that a walk reads this index alone, never the rows, until the few shown
        Index(
            "ix_message_morning",
            "owner",
            "state",
            "category",
            "after_hours",
            "urgent",
            "priority",
            "date",
            "client_id",
            "contact_id",
            "incident_id",
            "outgoing",
            "snooze_until",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner: str  # the account manager whose mailbox it came from
    # normalised Message-ID, or "sha256:<hex>" of the content when there is none; a second,
    # different message with a Message-ID already stored gets "<id>#<fingerprint>"
    message_key: str
    message_id: str | None = None
    # hash of sender, date and body (mail/identity.py): tells a message that only shares a
    # Message-ID from the same message imported again; NULL for mail stored before 0008
    fingerprint: str | None = None
    # another stored message has the same Message-ID but different content (spoofing?)
    shares_id: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    date: dt.datetime | None = Field(default=None, sa_type=DateTime)  # naive local time
    from_addr: str = ""
    from_name: str = ""
    to_addrs: str = ""  # comma-separated, lowercase
    # the other party: the sender of incoming mail, the matched recipient of sent mail
    counterpart: str = ""
    subject: str = ""
    snippet: str = ""
    client_id: int | None = Field(default=None, foreign_key="client.id", ondelete="SET NULL")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    category: str = "other"
    priority: int = 0
    state: str = "new"
    snooze_until: dt.date | None = None
    after_hours: bool = False
    # its client given by `acct mail assign`: matching again never moves it (0010)
    assigned_by_hand: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # from (or to) the client's urgent contact: its contact's flag, kept so by triggers (0010)
    urgent: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    outgoing: bool = False
    # the incident this message reported (acct incident open --from-mail): shown under it (0009)
    incident_id: int | None = Field(
        default=None, foreign_key="incident.id", ondelete="SET NULL", index=True
    )
    source: str = ""  # maildir | mbox | eml | imap
    location: str = ""  # where to read it again: a file, "mbox#offset", "imap:account/folder"
    imported_at: dt.datetime = Field(sa_type=DateTime)


class MailTally(SQLModel, table=True):
    """How many messages of each kind are new or need a reply, kept exact by triggers on
    `message` (migration 0010): the morning counts these rows, not the messages."""

    __tablename__ = "mail_tally"
    __table_args__ = (
        PrimaryKeyConstraint(
            "owner",
            "state",
            "client_id",
            "category",
            "after_hours",
            "urgent",
            "linked",
            name="pk_mail_tally",
        ),
    )

    owner: str
    state: str  # 'new' or 'needs-reply'
    client_id: int  # 0: no client
    category: str
    after_hours: bool
    urgent: bool  # from the urgent contact
    linked: bool  # reported an incident (message.incident_id set)
    n: int


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"
    # each attachment of a message once, however many imports store the message at once
    __table_args__ = (UniqueConstraint("message_id", "position", name="uq_attachment_position"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", ondelete="CASCADE", index=True)
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # 0, 1, … in order
    filename: str
    size: int = Field(sa_type=BigInteger)


class MailSeen(SQLModel, table=True):
    """What a re-import may skip unopened: Maildir files by unique name, a Maildir's cur/ and
    new/ by folder mtime ("cur/"), .eml files by mtime and size, an mbox by the byte offset
    reached (name "")."""

    __tablename__ = "mail_seen"
    __table_args__ = (UniqueConstraint("owner", "source", "name", name="uq_mail_seen"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str
    source: str  # the folder or file imported, as an absolute path
    name: str
    mtime_ns: int = Field(default=0, sa_type=BigInteger)
    size: int = Field(default=0, sa_type=BigInteger)  # bytes; for an mbox the offset reached
    messages: int = Field(default=0, sa_type=BigInteger)  # messages under this entry


class ImapFolderState(SQLModel, table=True):
    __tablename__ = "imap_folder_state"
    __table_args__ = (UniqueConstraint("owner", "account", "folder", name="uq_imap_folder"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str
    account: str
    folder: str
    uidvalidity: int = Field(sa_type=BigInteger)
    last_uid: int = Field(default=0, sa_type=BigInteger)
    messages: int = Field(default=0, sa_type=BigInteger)
