"""The demo agency's clients (examples/agency.toml), through the same services as
`acct client add`, `acct contact add` and `acct client pause|resume|churn`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.domain.clients import Client
from acctcli.domain.money import parse_amount
from acctcli.services.clients import (
    ClientFields,
    ContactFields,
    add_client,
    add_contact,
    change_status,
)
from acctcli.services.demo.dates import demo_date
from acctcli.store.db import Database
from acctcli.store.demo import set_client_notes


def add_demo_client(
    db: Database, spec: dict[str, Any], *, since: date, today: date, now: datetime, owner: str
) -> Client:
    """One `[[client]]` table of an example file: the client, its notes and its contacts."""
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
            max_gap=spec.get("max_gap"),
            hours=spec.get("hours"),
        ),
        today=today,
        now=now,
    )
    if spec.get("costs"):  # the agency's monthly cost of each service, from the start
        from acctcli.services.clients import edit_client

        costs = {s: parse_amount(str(v)) for s, v in spec["costs"].items()}
        edit_client(db, client.name, ClientFields(costs=costs, fees_on=since), today=today, now=now)
    if spec.get("notes"):
        set_client_notes(db, client.id, spec["notes"])
    for person in spec.get("contact", []):
        add_contact(db, client.name, ContactFields(**person), now=now)
    return client


def load_demo_clients(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> list[str]:
    """Every client of agency.toml with its status history; give their names."""
    names = []
    for spec in data.get("client", []):
        client = add_demo_client(
            db, spec, since=demo_date(spec["since"], day), today=day, now=now, owner=owner
        )
        for change in spec.get("status", []):
            change_status(
                db,
                client.name,
                change["status"],
                on=demo_date(change["on"], day),
                today=day,
                now=now,
                reason=change.get("reason"),
            )
        names.append(client.name)
    return names
