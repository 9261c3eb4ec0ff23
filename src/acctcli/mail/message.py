"""The one small type every mail source yields."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from acctcli.records import NamedTuple


class Attachment(NamedTuple):
    filename: str
    size: int


class Message(NamedTuple):
    """What acct keeps of a message: headers, a snippet, attachments' names and sizes."""

    key: str  # normalised Message-ID, or "sha256:<hex>" of the content when there is none
    message_id: str | None
    date: datetime | None  # timezone-aware when the Date header had a zone
    from_addr: str
    from_name: str
    to_addrs: Sequence[str]
    subject: str
    snippet: str
    text: str = ""  # the start of the body as plain text (for rules; not stored)
    attachments: Sequence[Attachment] = ()
    bulk: bool = False  # mailing lists, newsletters, auto-replies
    size: int = 0
    problems: Sequence[str] = ()  # what could not be read, one line each
    fingerprint: str = ""  # sender, date and body hashed (mail/identity.py); "" when unknown
