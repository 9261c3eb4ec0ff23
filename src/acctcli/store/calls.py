"""The SQL of calls: touches (logged, latest per client, history) and the contacts to log
them with.  Rows are read by column name; services/calls.py holds the rules.

Every query is indexed: the latest touch per client is one query over ix_touch_client_at,
never a query per client.
"""

from __future__ import annotations

from datetime import date, datetime

from acctcli.domain.calls import LastTouch, TouchRow, touch_kind
from acctcli.domain.clients import Contact
from acctcli.domain.dates import as_date, as_datetime
from acctcli.records import NamedTuple
from acctcli.store.db import Database

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    ClientFilter: TypeAlias = tuple[str, dict[str, Any]]  # SQL on `client c` and its parameters


def latest_touch_sql(client_filter: str) -> str:
    """One query for every client's latest touch: per client an index seek on
    ix_touch_client_at (cost grows with the clients, not with the touches)."""
    return (
        "SELECT t.client_id, t.id, t.at, t.channel, t.next_date FROM touch t WHERE t.id IN"
        " (SELECT (SELECT x.id FROM touch x WHERE x.client_id = c.id AND x.at < :before"
        " ORDER BY x.at DESC, x.id DESC LIMIT 1) FROM client c"
        f" WHERE {client_filter})"
    )


def latest_touches(
    db: Database, before: datetime, client_filter: ClientFilter = ("1 = 1", {})
) -> dict[int, LastTouch]:
    """Each client's latest touch before `before`; `client_filter` is SQL on `client c`."""
    where, params = client_filter
    rows = db.all(latest_touch_sql(where), {**params, "before": before})
    return {
        int(r["client_id"]): LastTouch(
            as_datetime(r["at"]),
            str(r["channel"]),
            as_date(r["next_date"]) if r["next_date"] is not None else None,
        )
        for r in rows
    }


def clients_filter(ids: list[int]) -> ClientFilter:
    """A `client_filter` for exactly these client ids."""
    marks = ", ".join(f":c{n}" for n in range(len(ids))) or "NULL"
    return f"c.id IN ({marks})", {f"c{n}": cid for n, cid in enumerate(ids)}


def client_contacts(db: Database, client_id: int) -> list[Contact]:
    """One client's contacts, in the order they were added."""
    rows = db.all(
        "SELECT id, name, email, phone, messenger, role, urgent FROM contact WHERE client_id = :c",
        {"c": client_id},
    )
    return [
        Contact(
            int(r["id"]),
            r["name"],
            r["email"],
            r["phone"],
            r["messenger"],
            r["role"],
            bool(r["urgent"]),
        )
        for r in rows
    ]


def other_clients_contacts(db: Database, client_id: int) -> list[tuple[str, str]]:
    """(client name, contact name) for the contacts of every other client."""
    rows = db.all(
        "SELECT c.name AS client, p.name AS contact"
        " FROM contact p JOIN client c ON c.id = p.client_id WHERE p.client_id <> :c",
        {"c": client_id},
    )
    return [(str(r["client"]), str(r["contact"])) for r in rows]


class TouchDefaults(NamedTuple):
    since: date  # a touch cannot be before the client's start
    channel: str | None  # the client's usual channel


def touch_defaults(db: Database, client_id: int) -> TouchDefaults | None:
    row = db.one("SELECT since, channel FROM client WHERE id = :c", {"c": client_id})
    if row is None:
        return None
    return TouchDefaults(as_date(row["since"]), row["channel"] or None)


def latest_touch_after(db: Database, client_id: int, at: datetime) -> datetime | None:
    """The moment of the client's latest touch after `at`, if any."""
    later = db.scalar(
        "SELECT max(at) FROM touch WHERE client_id = :c AND at > :at",
        {"c": client_id, "at": at},
    )
    return None if later is None else as_datetime(later)


def insert_touch(
    db: Database,
    *,
    client_id: int,
    contact_id: int | None,
    channel: str,
    at: datetime,
    note: str | None,
    next_date: date | None,
    source: str,
    logged_by: str | None,
    kind: str | None = None,
    place: str | None = None,
    attendees: tuple[str, ...] = (),
    step_id: int | None = None,
) -> int:
    """Store one touch (the caller holds the transaction); its new id."""
    return db.insert(
        "INSERT INTO touch (client_id, contact_id, channel, at, note, next_date, source,"
        " logged_by, kind, place, attendees, step_id) VALUES (:c, :p, :ch, :at, :note, :next,"
        " :src, :by, :kind, :place, :with, :step)",
        {
            "step": step_id,
            "kind": kind,
            "place": place,
            "with": "\n".join(attendees) or None,
            "c": client_id,
            "p": contact_id,
            "ch": channel,
            "at": at,
            "note": note,
            "next": next_date,
            "src": source,
            "by": logged_by,
        },
    )


def touches(
    db: Database,
    *,
    client_id: int | None = None,
    client_filter: ClientFilter = ("1 = 1", {}),
    limit: int | None = None,
) -> list[TouchRow]:
    """Touches, newest first: one client's, or those of the clients `client_filter` (SQL on
    `client c`) selects."""
    where, params = client_filter
    if client_id is not None:
        where, params = "t.client_id = :c", {"c": client_id}
    sql = (
        "SELECT t.id, c.name AS client, t.at, t.channel,"
        " COALESCE(p.name, t.contact_name) AS contact, t.note,"
        " t.next_date, t.source, t.logged_by, t.kind, t.place, t.attendees"
        " FROM touch t JOIN client c ON c.id = t.client_id"
        " LEFT JOIN contact p ON p.id = t.contact_id"
        f" WHERE {where} ORDER BY t.at DESC, t.id DESC"
    )
    params = dict(params)
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [
        TouchRow(
            int(r["id"]),
            r["client"],
            as_datetime(r["at"]),
            r["channel"],
            r["contact"],
            r["note"],
            as_date(r["next_date"]) if r["next_date"] is not None else None,
            r["source"],
            r["logged_by"],
            touch_kind(r["kind"], r["channel"]),
            r["place"],
            tuple(r["attendees"].split("\n")) if r["attendees"] else (),
        )
        for r in db.all(sql, params)
    ]


def touch_row(db: Database, touch_id: int) -> tuple[TouchRow, int, date] | None:
    """One touch, its client's id and since."""
    row = db.one(
        "SELECT t.id, c.name AS client, t.at, t.channel,"
        " COALESCE(p.name, t.contact_name) AS contact, t.note, t.next_date, t.source,"
        " t.logged_by, t.client_id, c.since"
        " FROM touch t JOIN client c ON c.id = t.client_id"
        " LEFT JOIN contact p ON p.id = t.contact_id WHERE t.id = :i",
        {"i": touch_id},
    )
    if row is None:
        return None
    touch = TouchRow(
        int(row["id"]),
        row["client"],
        as_datetime(row["at"]),
        row["channel"],
        row["contact"],
        row["note"],
        None if row["next_date"] is None else as_date(row["next_date"]),
        row["source"],
        row["logged_by"],
    )
    return touch, int(row["client_id"]), as_date(row["since"])


def update_touch(db: Database, touch_id: int, **fields: object) -> None:
    """Set some of at, note, channel."""
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    db.execute(f"UPDATE touch SET {sets} WHERE id = :id", {**fields, "id": touch_id})


def delete_touch(db: Database, touch_id: int) -> None:
    db.execute("DELETE FROM touch WHERE id = :i", {"i": touch_id})
