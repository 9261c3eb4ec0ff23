"""The SQL of follow-ups and promises (issue 16)."""

from __future__ import annotations

from datetime import date

from acctcli.domain.dates import as_date, as_datetime
from acctcli.domain.followups import FollowUp
from acctcli.domain.money import from_minor
from acctcli.store.db import Database
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

_SELECT = (
    "SELECT f.id, c.name AS client, f.client_id, f.text, f.who, f.due, f.source, f.mail_id,"
    " f.touch_id, i.number AS invoice, f.amount_minor, f.state, f.created_at, f.closed_on,"
    " f.why FROM follow_up f JOIN client c ON c.id = f.client_id"
    " LEFT JOIN invoice i ON i.id = f.invoice_id"
)


def _follow_up(r: Any) -> FollowUp:
    return FollowUp(
        id=int(r["id"]),
        client=r["client"],
        client_id=int(r["client_id"]),
        text=r["text"],
        who=r["who"],
        due=None if r["due"] is None else as_date(r["due"]),
        source=r["source"],
        mail_id=r["mail_id"],
        touch_id=r["touch_id"],
        invoice=r["invoice"],
        amount=None if r["amount_minor"] is None else from_minor(int(r["amount_minor"])),
        state=r["state"],
        created_at=as_datetime(r["created_at"]),
        closed_on=None if r["closed_on"] is None else as_date(r["closed_on"]),
        why=r["why"],
    )


def insert_follow_up(db: Database, values: dict[str, Any]) -> int:
    return db.insert(
        "INSERT INTO follow_up (client_id, text, who, due, source, mail_id, touch_id,"
        " invoice_id, amount_minor, state, created_at, closed_on, why) VALUES (:client_id,"
        " :text, :who, :due, :source, :mail_id, :touch_id, :invoice_id, :amount_minor, 'open',"
        " :created_at, NULL, NULL)",
        values,
    )


def get_follow_up(db: Database, follow_up_id: int) -> FollowUp | None:
    row = db.one(f"{_SELECT} WHERE f.id = :i", {"i": follow_up_id})
    return None if row is None else _follow_up(row)


def follow_ups(
    db: Database,
    owner: str | None,
    day: date,
    *,
    client_id: int | None = None,
    include_closed: bool = False,
    due_by: date | None = None,
) -> list[FollowUp]:
    """Follow-ups of the clients `owner` sees (None: everyone's); open ones unless
    `include_closed`; with `due_by`, only open ones due on or before it (the index walk)."""
    where, params = visible_clause(owner, day, "c")
    sql = f"{_SELECT} WHERE {where}"
    if not include_closed or due_by is not None:
        sql += " AND f.state = 'open'"
    if due_by is not None:
        sql += " AND f.due <= :due_by"
        params = {**params, "due_by": due_by}
    if client_id is not None:
        sql += " AND f.client_id = :client_id"
        params = {**params, "client_id": client_id}
    return [_follow_up(r) for r in db.all(sql, params)]


def close_follow_up(
    db: Database, follow_up_id: int, state: str, on: date, why: str | None = None
) -> None:
    db.execute(
        "UPDATE follow_up SET state = :s, closed_on = :on, why = :why WHERE id = :i",
        {"s": state, "on": on, "why": why, "i": follow_up_id},
    )


def set_due(db: Database, follow_up_id: int, due: date) -> None:
    db.execute("UPDATE follow_up SET due = :d WHERE id = :i", {"d": due, "i": follow_up_id})


def invoice_ref(db: Database, number: str) -> tuple[int, int] | None:
    """(invoice id, client id) of an invoice by its number."""
    row = db.one("SELECT id, client_id FROM invoice WHERE number = :n", {"n": number})
    return None if row is None else (int(row["id"]), int(row["client_id"]))


def message_client(db: Database, message_id: int) -> tuple[bool, int | None]:
    """(whether the message exists, its client id)."""
    row = db.one("SELECT client_id FROM message WHERE id = :i", {"i": message_id})
    return (False, None) if row is None else (True, row["client_id"])


def touch_client(db: Database, touch_id: int) -> int | None:
    row = db.one("SELECT client_id FROM touch WHERE id = :i", {"i": touch_id})
    return None if row is None else int(row["client_id"])


def oldest_open_invoice(db: Database, client_id: int) -> str | None:
    """The number of a client's oldest invoice not paid in full."""
    row = db.one(
        "SELECT i.number FROM invoice i WHERE i.client_id = :c AND i.voided_on IS NULL"
        " AND i.amount_minor >"
        " COALESCE((SELECT SUM(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id), 0)"
        " ORDER BY i.issued, i.id LIMIT 1",
        {"c": client_id},
    )
    return None if row is None else str(row["number"])
