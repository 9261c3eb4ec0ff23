"""The demo agency's follow-ups and promises (examples/followups.toml), through the same
service as `acct follow add`."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from acctcli.services.demo.dates import demo_date
from acctcli.services.followups import add_follow_up
from acctcli.store.db import Database
from acctcli.store.followups import oldest_open_invoice
from acctcli.store.repo import find_client_id


def load_demo_followups(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    for spec in data.get("followup", []):
        created = datetime.combine(demo_date(spec.get("created", "D"), day), time(10, 0))
        invoice = spec.get("invoice")
        if invoice == "oldest open":
            invoice = oldest_open_invoice(db, find_client_id(db, spec["client"])[0])
        add_follow_up(
            db,
            spec["client"],
            spec["text"],
            now=created,
            due=demo_date(spec["due"], day) if spec.get("due") else None,
            who=spec.get("who"),
            invoice=invoice,
            amount=Decimal(spec["amount"]) if invoice and spec.get("amount") else None,
        )
