"""The demo agency's incidents (examples/incidents.toml), through the same services as
`acct incident open|resolve`."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from acctcli.services.demo.dates import demo_moment
from acctcli.services.incidents import open_incident, resolve_incident
from acctcli.store.db import Database

_SOURCE = "examples/incidents.toml"


def load_demo_incidents(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    clock = max(now, datetime.combine(day, time(23, 59)))  # a demo day may be in the future
    for spec in data.get("incident", []):
        incident = open_incident(
            db,
            spec["client"],
            spec["title"],
            severity=spec.get("severity", "normal"),
            at=demo_moment(spec["opened"], day, source=_SOURCE),
            now=clock,
        )
        if spec.get("resolved"):
            resolve_incident(
                db,
                str(incident.id),
                at=demo_moment(spec["resolved"], day, source=_SOURCE),
                now=clock,
            )
