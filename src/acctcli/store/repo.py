"""Rows to domain dataclasses, and the lookups every feature shares."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from acctcli.domain.clients import Client, Contact, StatusChange, name_key
from acctcli.domain.dates import as_date
from acctcli.domain.money import from_minor
from acctcli.errors import Ambiguous, NotFound
from acctcli.store.db import Database


def status_on(history: Iterable[StatusChange], day: date) -> str:
    """The status in force at the end of `day`; before the first change, the first one."""
    changes = list(history)
    current = changes[0].status if changes else "active"
    for change in changes:
        if change.on <= day:
            current = change.status
    return current


def any_clients(db: Database) -> bool:
    """Whether the store has any client at all (anyone's, churned included)."""
    return bool(db.scalar("SELECT 1 FROM client LIMIT 1"))


def find_client_id(db: Database, ref: str) -> tuple[int, str]:
    """A client by exact name (any case) or unique prefix: (id, name)."""
    key = name_key(ref)
    if not key:
        raise NotFound("no client name given")
    row = db.one("SELECT id, name FROM client WHERE name_key = :k", {"k": key})
    if row is not None:
        return int(row[0]), str(row[1])
    rows = [r for r in db.all("SELECT id, name, name_key FROM client") if r[2].startswith(key)]
    if len(rows) == 1:
        return int(rows[0][0]), str(rows[0][1])
    if not rows:
        raise NotFound(f"no client named {ref!r}", "see: acct client list --all")
    names = sorted((str(r[1]) for r in rows), key=name_key)
    raise Ambiguous(f"{ref!r} matches several clients: {', '.join(names)}")


def load_clients(db: Database, today: date, ids: list[int] | None = None) -> list[Client]:
    """Clients with services, domains, contacts and status history, sorted by name."""
    where, params = "", {}
    if ids is not None:
        if not ids:
            return []
        marks = ", ".join(f":i{n}" for n in range(len(ids)))
        where = f" WHERE client_id IN ({marks})"
        params = {f"i{n}": v for n, v in enumerate(ids)}
    fees: dict[int, dict] = {}
    for r in db.all(
        f"SELECT client_id, service, fee_minor FROM client_service{where} ORDER BY id", params
    ):
        fees.setdefault(r[0], {})[r[1]] = None if r[2] is None else from_minor(r[2])
    domains: dict[int, list[str]] = {}
    for r in db.all(f"SELECT client_id, domain FROM client_domain{where} ORDER BY id", params):
        domains.setdefault(r[0], []).append(r[1])
    contacts: dict[int, list[Contact]] = {}
    for r in db.all(
        "SELECT client_id, id, name, email, phone, messenger, role, urgent "
        f"FROM contact{where} ORDER BY urgent DESC, id",
        params,
    ):
        contacts.setdefault(r[0], []).append(
            Contact(r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
        )
    history: dict[int, list[StatusChange]] = {}
    for r in db.all(
        f"SELECT client_id, status, on_date, reason FROM client_status{where} ORDER BY on_date, id",
        params,
    ):
        history.setdefault(r[0], []).append(StatusChange(r[1], as_date(r[2]), r[3]))
    client_where = where.replace("client_id", "id")
    clients = []
    for r in db.all(
        "SELECT id, name, since, owner, cadence, channel, max_gap, hours "
        f"FROM client{client_where}",
        params,
    ):
        cid = int(r[0])
        changes = tuple(history.get(cid, ()))
        clients.append(
            Client(
                id=cid,
                name=r[1],
                status=status_on(changes, today),
                since=as_date(r[2]),
                owner=r[3],
                cadence=r[4],
                channel=r[5],
                max_gap=r[6],
                hours=r[7],
                fees=fees.get(cid, {}),
                domains=tuple(domains.get(cid, ())),
                contacts=tuple(contacts.get(cid, ())),
                history=changes,
            )
        )
    clients.sort(key=lambda c: name_key(c.name))
    return clients


def load_client(db: Database, ref: str, today: date) -> Client:
    cid, _ = find_client_id(db, ref)
    return load_clients(db, today, [cid])[0]


def visible_clause(owner: str | None, day: date, alias: str = "client") -> tuple[str, dict]:
    """SQL (for a WHERE) limiting `alias` rows to the clients `owner` sees on `day`:
    their own, plus those handed over to them for a period covering the day.  None: all."""
    if owner is None:
        return "1 = 1", {}
    sql = (
        f"({alias}.owner = :vis_owner OR EXISTS (SELECT 1 FROM client_handover vis_h"
        f" WHERE vis_h.client_id = {alias}.id AND vis_h.to_user = :vis_owner"
        " AND vis_h.from_date <= :vis_day AND (vis_h.until IS NULL OR vis_h.until >= :vis_day)))"
    )
    return sql, {"vis_owner": owner, "vis_day": day}


def visible_client_ids(db: Database, owner: str | None, day: date) -> set[int] | None:
    """The ids of the clients `owner` sees on `day`; None when everyone's are wanted."""
    if owner is None:
        return None
    where, params = visible_clause(owner, day)
    return {int(r[0]) for r in db.all(f"SELECT client.id FROM client WHERE {where}", params)}
