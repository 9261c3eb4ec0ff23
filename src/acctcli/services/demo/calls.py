"""The demo agency's call history (examples/calls.toml), through `acct call log`'s service."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from acctcli.services.calls import TouchFields, record_touch
from acctcli.services.demo.dates import demo_date, demo_moment
from acctcli.store.db import Database


def load_demo_calls(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    """`[[touch]]` tables with client, at ("D-9d 10:30"), channel, contact, note and next
    ("D+3d"); dates relative to the demo day."""
    end_of_day = datetime.combine(day, time(23, 59))
    for item in data.get("touch", []):
        record_touch(
            db,
            TouchFields(
                client=item["client"],
                contact=item.get("contact"),
                channel=item.get("channel"),
                at=demo_moment(item["at"], day, source="examples/calls.toml"),
                note=item.get("note"),
                next_date=demo_date(item["next"], day) if item.get("next") else None,
                source=item.get("source", "manual"),
            ),
            now=end_of_day,
        )
