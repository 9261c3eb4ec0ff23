"""The demo agency's mail: examples/mail/ imported with dates relative to the demo day."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from acctcli.errors import Invalid
from acctcli.mail.parse import parse_message
from acctcli.services.demo import demo_date, examples_dir
from acctcli.services.mail.writer import MailWriter
from acctcli.services.mail_config import MailSettings
from acctcli.store.db import Database


def demo_moment(text: str, day: date) -> datetime:
    """'D-1d 18:05' → that day at 18:05 (naive local time, as the store keeps it)."""
    day_part, _, time_part = text.strip().partition(" ")
    try:
        at = time.fromisoformat(time_part.strip()) if time_part.strip() else time(9, 0)
    except ValueError:
        raise Invalid(f"examples/mail.toml: bad time in {text!r}") from None
    return datetime.combine(demo_date(day_part, day), at)


def load_demo_mail(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    folder = examples_dir() / "mail"
    settings = MailSettings(me=frozenset(data.get("me", [])))
    writer = MailWriter(db, owner=owner, today=day, now=now, settings=settings)
    states = []
    for entry in data.get("message", []):
        path = folder / entry["file"]
        msg = parse_message(path.read_bytes())
        msg.date = demo_moment(entry["at"], day)
        writer.add(
            msg,
            source="maildir",
            location=str(path),
            sent_folder=entry["file"].startswith(".Sent/"),
        )
        if "state" in entry:
            until = demo_date(entry["until"], day) if "until" in entry else None
            states.append({"k": msg.key, "o": owner, "s": entry["state"], "u": until})
    writer.flush()
    db.executemany(
        "UPDATE message SET state = :s, snooze_until = :u WHERE owner = :o AND message_key = :k",
        states,
    )
