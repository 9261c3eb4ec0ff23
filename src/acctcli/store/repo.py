"""Rows to domain dataclasses, and the client lookups every feature shares.

The client SQL itself is in store/clients.py; what stays here is the visibility filter that
other areas' queries embed (`visible_clause`) and the client ids it admits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from acctcli.domain.clients import Client, Contact, StatusChange, name_key, sort_key
from acctcli.domain.dates import as_date
from acctcli.domain.money import from_minor
from acctcli.errors import Ambiguous, NotFound
from acctcli.i18n import _
from acctcli.store.clients import any_client, client_named, client_records, clients_with_prefix
from acctcli.store.db import Database

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any


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
    return any_client(db)


def find_client_id(db: Database, ref: str) -> tuple[int, str]:
    """A client by exact name (any case) or unique prefix: (id, name)."""
    key = name_key(ref)
    if not key:
        raise NotFound(_("no client name given"))
    row = client_named(db, key)
    if row is not None:
        return int(row["id"]), str(row["name"])
    rows = clients_with_prefix(db, ref)
    if len(rows) == 1:
        return int(rows[0]["id"]), str(rows[0]["name"])
    if not rows:
        raise NotFound(
            _("no client named {ref}").format(ref=repr(ref)), _("see: acct client list --all")
        )
    names = sorted((str(r["name"]) for r in rows), key=sort_key)
    raise Ambiguous(
        _("{ref} matches several clients: {names}").format(ref=repr(ref), names=", ".join(names))
    )


def load_clients(
    db: Database,
    today: date,
    ids: list[int] | None = None,
    *,
    owner: str | None = None,
    lean: bool = False,
    problems: list | None = None,
) -> list[Client]:
    """Clients with services, domains, contacts and status history, sorted by name: those
    with these ids, or (`owner` given) those `owner` sees on `today`.  `lean`: without fees
    and domains (each client's are then empty).

    With `problems` (a list), a client whose row cannot be read (a date that is no date) is
    left out and named there (an Unreadable), so that one bad row never takes a list down."""
    visible = visible_clause(owner, today, "c") if owner is not None else None
    records = client_records(db, ids, visible=visible, lean=lean)
    fees: dict[int, dict[str, Decimal | None]] = {}
    for r in records.fees:
        minor = r["fee_minor"]
        fees.setdefault(r["client_id"], {})[r["service"]] = (
            None if minor is None else from_minor(minor)
        )
    domains: dict[int, list[str]] = {}
    for r in records.domains:
        domains.setdefault(r["client_id"], []).append(r["domain"])
    contacts: dict[int, list[Contact]] = {}
    for r in records.contacts:
        contacts.setdefault(r["client_id"], []).append(
            Contact(
                r["id"],
                r["name"],
                r["email"],
                r["phone"],
                r["messenger"],
                r["role"],
                bool(r["urgent"]),
            )
        )
    history: dict[int, list[StatusChange]] = {}
    unreadable: dict[int, str] = {}  # a status row whose date is no date, by client
    for r in records.history:
        try:
            change = StatusChange(r["status"], as_date(r["on_date"]), r["reason"])
        except (ValueError, TypeError) as exc:
            if problems is None:
                raise
            unreadable[r["client_id"]] = f"status history: {exc}"
            continue
        history.setdefault(r["client_id"], []).append(change)
    clients = []
    for r in records.clients:
        cid = int(r["id"])
        try:
            if cid in unreadable:
                raise ValueError(unreadable[cid])
            clients.append(_client(r, cid, today, history, fees, domains, contacts))
        except (ValueError, TypeError, OverflowError) as exc:
            if problems is None:
                raise
            from acctcli.domain.calls import Unreadable

            problems.append(Unreadable(str(r["name"]), cid, str(exc)))
    clients.sort(key=lambda c: sort_key(c.name))
    return clients


def _client(
    r: Any,
    cid: int,
    today: date,
    history: dict[int, list[StatusChange]],
    fees: dict[int, dict[str, Decimal | None]],
    domains: dict[int, list[str]],
    contacts: dict[int, list[Contact]],
) -> Client:
    changes = tuple(history.get(cid, ()))
    return Client(
        id=cid,
        name=r["name"],
        status=status_on(changes, today),
        since=as_date(r["since"]),
        owner=r["owner"],
        cadence=r["cadence"],
        channel=r["channel"],
        max_gap=r["max_gap"],
        hours=r["hours"],
        fees=fees.get(cid, {}),
        domains=tuple(domains.get(cid, ())),
        contacts=tuple(contacts.get(cid, ())),
        history=changes,
    )


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
    rows = db.all(f"SELECT client.id FROM client WHERE {where}", params)
    return {int(r["id"]) for r in rows}
