"""The one small type every mail source yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attachment:
    filename: str
    size: int


@dataclass
class Message:
    """What acct keeps of a message: headers, a snippet, attachments' names and sizes."""

    key: str  # normalised Message-ID, or "sha256:<hex>" of the content when there is none
    message_id: str | None
    date: datetime | None  # timezone-aware when the Date header had a zone
    from_addr: str
    from_name: str
    to_addrs: list[str]
    subject: str
    snippet: str
    text: str = ""  # the start of the body as plain text (for rules; not stored)
    attachments: list[Attachment] = field(default_factory=list)
    bulk: bool = False  # mailing lists, newsletters, auto-replies
    size: int = 0
    problems: list[str] = field(default_factory=list)  # what could not be read, one line each
    fingerprint: str = ""  # sender, date and body hashed (mail/identity.py); "" when unknown
