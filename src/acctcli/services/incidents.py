"""Incidents: open, resolve, list — and the open ones for the morning dashboard."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from acctcli.domain.clients import name_key
from acctcli.domain.dates import as_datetime
from acctcli.domain.incidents import (
    Incident,
    check_moment,
    clean_severity,
    clean_title,
    parse_incident_id,
)
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.store.db import Database
from acctcli.store.repo import load_client, visible_clause

_SELECT = (
    "SELECT i.id, c.name, i.client_id, i.title, i.severity, i.opened_at, i.resolved_at"
    " FROM incident i JOIN client c ON c.id = i.client_id"
)


def _incident(row: Any) -> Incident:
    return Incident(
        id=int(row[0]),
        client=row[1],
        client_id=int(row[2]),
        title=row[3],
        severity=row[4],
        opened_at=as_datetime(row[5]),
        resolved_at=None if row[6] is None else as_datetime(row[6]),
    )


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0, tzinfo=None)


def open_incident(
    db: Database,
    client_ref: str,
    title: str,
    *,
    severity: str = "normal",
    at: datetime | None = None,
    now: datetime,
) -> Incident:
    """Open a fire for a client (at `at`, default now)."""
    title = clean_title(title)
    severity = clean_severity(severity)
    opened = _minute(at or now)
    check_moment(opened, now, "--at")
    with db.transaction():
        client = load_client(db, client_ref, opened.date())
        if client.status == "churned":
            raise Conflict(f"{client.name} has churned (no fires to fight for them)")
        if opened.date() < client.since:
            raise Invalid(
                f"--at {opened.date()} is before {client.name} became a client ({client.since})"
            )
        for row in db.all(
            f"{_SELECT} WHERE i.client_id = :c AND i.resolved_at IS NULL", {"c": client.id}
        ):
            if name_key(row[3]) == name_key(title):
                raise Conflict(
                    f"{client.name} already has this fire open as #{row[0]}",
                    f"resolve it with: acct incident resolve {row[0]}",
                )
        incident_id = db.insert(
            "INSERT INTO incident (client_id, title, severity, opened_at, resolved_at)"
            " VALUES (:c, :t, :s, :at, NULL)",
            {"c": client.id, "t": title, "s": severity, "at": opened},
        )
    return Incident(incident_id, client.name, client.id, title, severity, opened)


def resolve_incident(
    db: Database, ident: str, *, at: datetime | None = None, now: datetime
) -> Incident:
    """Close a fire (at `at`, default now)."""
    incident_id = parse_incident_id(ident)
    resolved = _minute(at or now)
    check_moment(resolved, now, "--at")
    with db.transaction():
        row = db.one(f"{_SELECT} WHERE i.id = :i", {"i": incident_id})
        if row is None:
            raise NotFound(f"no incident #{incident_id}", "see: acct incident list --all")
        incident = _incident(row)
        if incident.resolved_at is not None:
            raise Conflict(
                f"incident #{incident_id} ({incident.client}) was already resolved at "
                f"{incident.resolved_at.isoformat(sep=' ', timespec='minutes')}"
            )
        if resolved < incident.opened_at:
            opened = incident.opened_at.isoformat(sep=" ", timespec="minutes")
            raise Invalid(
                f"--at {resolved.isoformat(sep=' ', timespec='minutes')} is before incident"
                f" #{incident_id} opened ({opened})"
            )
        db.execute(
            "UPDATE incident SET resolved_at = :at WHERE id = :i",
            {"at": resolved, "i": incident_id},
        )
    return Incident(
        incident.id,
        incident.client,
        incident.client_id,
        incident.title,
        incident.severity,
        incident.opened_at,
        resolved,
    )


def as_of(day: date, today: date, now: datetime) -> datetime:
    """The moment a list "as of `day`" is taken: now for today, else the end of that day."""
    return now if day == today else datetime.combine(day, time(23, 59, 59))


def _ranked(incidents: list[Incident], at: datetime) -> list[Incident]:
    """Open fires first (high before normal, longest burning first), then the resolved ones,
    most recently resolved first."""
    burning = [i for i in incidents if i.is_open(at)]
    burning.sort(key=lambda i: (i.severity != "high", i.opened_at, i.id))
    out = [i for i in incidents if not i.is_open(at)]
    out.sort(key=lambda i: (i.resolved_at or i.opened_at, i.id), reverse=True)
    return burning + out


def open_incidents(db: Database, now: datetime, owner: str | None = None) -> list[Incident]:
    """Fires burning at `now` for the clients `owner` sees (None: everyone's); the
    dashboard's first section.  High severity first, then the longest burning."""
    where, params = visible_clause(owner, now.date(), "c")
    rows = db.all(
        f"{_SELECT} WHERE i.opened_at <= :at AND (i.resolved_at IS NULL OR i.resolved_at > :at)"
        f" AND {where}",
        {**params, "at": now},
    )
    return _ranked([_incident(r) for r in rows], now)


def list_incidents(
    db: Database, *, at: datetime, include_all: bool, owner: str | None
) -> list[Incident]:
    """Open fires as of `at`; with `include_all`, every fire opened by then."""
    if not include_all:
        return open_incidents(db, at, owner)
    where, params = visible_clause(owner, at.date(), "c")
    rows = db.all(f"{_SELECT} WHERE i.opened_at <= :at AND {where}", {**params, "at": at})
    return _ranked([_incident(r) for r in rows], at)
