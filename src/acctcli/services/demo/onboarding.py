"""The demo agency's onboarding client (examples/onboarding.toml), part-way through."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.services.demo.clients import add_demo_client
from acctcli.services.demo.dates import demo_date
from acctcli.services.onboarding.checklist import OnboardRequest, onboard
from acctcli.store.db import Database


def load_demo_onboarding(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    """Add each client and tick its steps on their days, through the same services as
    `acct client add`, `acct contact add` and `acct onboard --done`."""
    for spec in data.get("client", []):
        since = demo_date(spec["since"], day)
        client = add_demo_client(db, spec, since=since, today=since, now=now, owner=owner)
        onboard(db, client.name, OnboardRequest(start=since), day=since, now=now, settings=None)
        for tick in spec.get("done", []):
            onboard(
                db,
                client.name,
                OnboardRequest(
                    done=[tick["step"]],
                    channel=tick.get("channel"),
                    urgent_contact=tick.get("urgent_contact"),
                    reports=tick.get("reports"),
                ),
                day=demo_date(tick["on"], day),
                now=now,
                settings=None,
            )
