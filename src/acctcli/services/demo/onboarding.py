"""The demo agency's onboarding client (examples/onboarding.toml), part-way through."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.domain.money import parse_amount
from acctcli.services.clients import ClientFields, ContactFields, add_client, add_contact
from acctcli.services.demo import demo_date
from acctcli.services.onboarding.checklist import OnboardRequest, onboard
from acctcli.store.db import Database


def load_demo_onboarding(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    """Add each client and tick its steps on their days, through the same services as
    `acct client add`, `acct contact add` and `acct onboard --done`."""
    for spec in data.get("client", []):
        since = demo_date(spec["since"], day)
        client = add_client(
            db,
            ClientFields(
                name=spec["name"],
                fees={s: parse_amount(str(v)) for s, v in spec.get("services", {}).items()},
                since=since,
                cadence=spec.get("cadence"),
                channel=spec.get("channel"),
                domains=spec.get("domains", []),
                owner=owner,
                hours=spec.get("hours"),
            ),
            today=since,
            now=now,
        )
        if spec.get("notes"):
            db.execute(
                "UPDATE client SET notes = :n WHERE id = :i", {"n": spec["notes"], "i": client.id}
            )
        for person in spec.get("contact", []):
            add_contact(db, client.name, ContactFields(**person), now=now)
        onboard(db, client.name, OnboardRequest(start=since), day=since, now=now, settings=None)
        for tick in spec.get("done", []):
            onboard(
                db,
                client.name,
                OnboardRequest(
                    done=[tick["step"]],
                    channel=tick.get("channel"),
                    urgent_contact=tick.get("urgent_contact"),
                ),
                day=demo_date(tick["on"], day),
                now=now,
                settings=None,
            )
