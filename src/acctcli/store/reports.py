"""The SQL of report schedules and the reports sent (issue 19)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from acctcli.domain.dates import as_date
from acctcli.domain.reports import ReportSchedule
from acctcli.store.db import Database, in_marks
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any


def _schedule(r: Any) -> ReportSchedule:
    return ReportSchedule(
        client_id=int(r["client_id"]),
        client=r["name"],
        owner=r["owner"],
        since=as_date(r["since"]),
        spec=r["spec"],
        agreed_on=as_date(r["agreed_on"]),
    )


_SCHEDULES = (
    "SELECT s.client_id, c.name, c.owner, c.since, s.spec, s.agreed_on"
    " FROM report_schedule s JOIN client c ON c.id = s.client_id"
)


def schedules(db: Database, owner: str | None, day: date) -> list[ReportSchedule]:
    """The schedules of the clients `owner` sees on `day` (None: everyone's)."""
    where, params = visible_clause(owner, day, "c")
    rows = db.all(f"{_SCHEDULES} WHERE {where} ORDER BY c.name_key", params)
    return [_schedule(r) for r in rows]


def schedule_of(db: Database, client_id: int) -> ReportSchedule | None:
    row = db.one(f"{_SCHEDULES} WHERE s.client_id = :c", {"c": client_id})
    return None if row is None else _schedule(row)


def set_schedule(
    db: Database, client_id: int, spec: str | None, *, agreed_on: date, now: datetime
) -> None:
    """Replace the client's schedule (None: no schedule)."""
    db.execute("DELETE FROM report_schedule WHERE client_id = :c", {"c": client_id})
    if spec is not None:
        db.execute(
            "INSERT INTO report_schedule (client_id, spec, agreed_on, created_at)"
            " VALUES (:c, :spec, :agreed_on, :now)",
            {"c": client_id, "spec": spec, "agreed_on": agreed_on, "now": now},
        )


def sent_reports(db: Database, client_ids: Sequence[int]) -> list[tuple[int, str, date]]:
    """(client_id, month, sent_on) of every report the clients were sent."""
    if not client_ids:
        return []
    marks, params = in_marks("c", list(client_ids))
    rows = db.all(
        f"SELECT client_id, month, sent_on FROM report_sent WHERE client_id IN ({marks})",
        params,
    )
    return [(int(r["client_id"]), str(r["month"]), as_date(r["sent_on"])) for r in rows]


def report_sent(db: Database, client_id: int, month: str) -> tuple[date, str] | None:
    """(sent_on, source) of a month's report, if it went out."""
    row = db.one(
        "SELECT sent_on, source FROM report_sent WHERE client_id = :c AND month = :m",
        {"c": client_id, "m": month},
    )
    return None if row is None else (as_date(row["sent_on"]), str(row["source"]))


def record_sent(
    db: Database,
    client_id: int,
    month: str,
    *,
    sent_on: date,
    source: str,
    now: datetime,
    message_id: int | None = None,
) -> bool:
    """Record a month's report as sent; False when it was already recorded (kept as it was)."""
    row = db.one(
        "INSERT INTO report_sent (client_id, month, sent_on, source, message_id, created_at)"
        " VALUES (:c, :m, :sent_on, :source, :message_id, :now)"
        " ON CONFLICT (client_id, month) DO NOTHING RETURNING id",
        {
            "c": client_id,
            "m": month,
            "sent_on": sent_on,
            "source": source,
            "message_id": message_id,
            "now": now,
        },
    )
    return row is not None


def reports_sent_between(
    db: Database, owner: str | None, start: date, end: date
) -> list[tuple[str, str, date]]:
    """(client, month, sent_on) of the reports sent from `start` to `end`, by day."""
    where, params = visible_clause(owner, end, "c")
    rows = db.all(
        "SELECT c.name, r.month, r.sent_on FROM report_sent r JOIN client c ON c.id = r.client_id"
        f" WHERE r.sent_on >= :start AND r.sent_on <= :end AND {where}"
        " ORDER BY r.sent_on, c.name_key",
        {**params, "start": start, "end": end},
    )
    return [(str(r["name"]), str(r["month"]), as_date(r["sent_on"])) for r in rows]
