"""The demo agency's report schedules and reports sent (examples/reports.toml)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from acctcli.services.demo.dates import demo_date
from acctcli.services.reports import record_report, set_report_schedule
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id


def load_demo_reports(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    for spec in data.get("client", []):
        client_id, _name = find_client_id(db, spec["name"])
        agreed = demo_date(spec["agreed"], day)
        set_report_schedule(db, client_id, spec["reports"], agreed_on=agreed, now=now)
        for sent in spec.get("sent", []):
            on = demo_date(sent["on"], day)
            record_report(db, None, client_id, month=sent.get("month"), on=on, now=now)
