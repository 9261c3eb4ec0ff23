"""The demo agency's mail: examples/mail/ imported with dates relative to the demo day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.config.mail import MailSettings
from acctcli.mail.parse import parse_message
from acctcli.services.demo import examples_dir
from acctcli.services.demo.dates import demo_date, demo_moment
from acctcli.services.mail.writer import MailWriter
from acctcli.store.db import Database
from acctcli.store.demo import set_mail_states


def load_demo_mail(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    folder = examples_dir() / "mail"
    settings = MailSettings(me=frozenset(data.get("me", [])))
    writer = MailWriter(db, owner=owner, today=day, now=now, settings=settings)
    states = []
    for entry in data.get("message", []):
        path = folder / entry["file"]
        msg = parse_message(path.read_bytes())._replace(
            date=demo_moment(entry["at"], day, source="examples/mail.toml")
        )
        writer.add(
            msg,
            source="maildir",
            location=str(path),
            sent_folder=entry["file"].startswith(".Sent/"),
        )
        if "state" in entry:
            until = demo_date(entry["until"], day) if "until" in entry else None
            states.append((msg.key, entry["state"], until))
    writer.flush()
    set_mail_states(db, owner, states)
