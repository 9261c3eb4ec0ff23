"""The SQL of incidents (fires): opening, resolving, and which burned when."""

from __future__ import annotations

from datetime import datetime

from acctcli.domain.dates import as_datetime
from acctcli.domain.incidents import Incident
from acctcli.store.db import Database
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

_SELECT = (
    "SELECT i.id, c.name AS client, i.client_id, i.title, i.severity, i.opened_at,"
    " i.resolved_at, i.resolution FROM incident i JOIN client c ON c.id = i.client_id"
)


def _incident(row: Any) -> Incident:
    return Incident(
        id=int(row["id"]),
        client=row["client"],
        client_id=int(row["client_id"]),
        title=row["title"],
        severity=row["severity"],
        opened_at=as_datetime(row["opened_at"]),
        resolved_at=None if row["resolved_at"] is None else as_datetime(row["resolved_at"]),
        resolution=row["resolution"],
    )


def unresolved_incidents(db: Database, client_id: int) -> list[Incident]:
    """A client's incidents not resolved yet (whenever they were opened)."""
    rows = db.all(f"{_SELECT} WHERE i.client_id = :c AND i.resolved_at IS NULL", {"c": client_id})
    return [_incident(r) for r in rows]


def get_incident(db: Database, incident_id: int) -> Incident | None:
    row = db.one(f"{_SELECT} WHERE i.id = :i", {"i": incident_id})
    return None if row is None else _incident(row)


def insert_incident(
    db: Database, client_id: int, title: str, severity: str, opened_at: datetime
) -> int:
    return db.insert(
        "INSERT INTO incident (client_id, title, severity, opened_at, resolved_at)"
        " VALUES (:c, :t, :s, :at, NULL)",
        {"c": client_id, "t": title, "s": severity, "at": opened_at},
    )


def set_resolved(
    db: Database, incident_id: int, at: datetime, resolution: str | None = None
) -> None:
    db.execute(
        "UPDATE incident SET resolved_at = :at, resolution = :r WHERE id = :i",
        {"at": at, "r": resolution, "i": incident_id},
    )


def update_incident(db: Database, incident_id: int, **fields: Any) -> None:
    """Set some of title, severity, opened_at, resolved_at, resolution."""
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    db.execute(f"UPDATE incident SET {sets} WHERE id = :id", {**fields, "id": incident_id})


def incidents_at(
    db: Database, at: datetime, owner: str | None, *, burning_only: bool
) -> list[Incident]:
    """Incidents opened by `at` for the clients `owner` sees that day (None: everyone's);
    with `burning_only`, only those still unresolved at `at`.  Unordered."""
    where, params = visible_clause(owner, at.date(), "c")
    burning = " AND (i.resolved_at IS NULL OR i.resolved_at > :at)" if burning_only else ""
    rows = db.all(f"{_SELECT} WHERE i.opened_at <= :at{burning} AND {where}", {**params, "at": at})
    return [_incident(r) for r in rows]
