"""The SQL of follow-ups and promises (issue 16)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from acctcli.domain.dates import as_date, as_datetime
from acctcli.domain.followups import FollowUp
from acctcli.domain.money import from_minor
from acctcli.store.db import Database, in_marks
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

_SELECT = (
    "SELECT f.id, c.name AS client, f.client_id, f.text, f.who, f.due, f.source, f.mail_id,"
    " f.touch_id, i.number AS invoice, f.amount_minor, f.state, f.created_at, f.closed_on,"
    " f.why, f.incident_id, f.step_id FROM follow_up f JOIN client c ON c.id = f.client_id"
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
        incident_id=r["incident_id"],
        step_id=r["step_id"],
    )


def insert_follow_up(db: Database, values: dict[str, Any]) -> int:
    return db.insert(
        "INSERT INTO follow_up (client_id, text, who, due, source, mail_id, touch_id,"
        " invoice_id, amount_minor, state, created_at, closed_on, why, incident_id, step_id)"
        " VALUES (:client_id, :text, :who, :due, :source, :mail_id, :touch_id, :invoice_id,"
        " :amount_minor, 'open', :created_at, NULL, NULL, :incident_id, :step_id)",
        {"incident_id": None, "step_id": None, **values},
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


def client_name(db: Database, client_id: int) -> str:
    return str(db.scalar("SELECT name FROM client WHERE id = :c", {"c": client_id}))


def open_reply_follow_ups(db: Database, mail_ids: list[int]) -> list[FollowUp]:
    """The open "reply to …" follow-ups of these messages."""
    if not mail_ids:
        return []
    marks, params = in_marks("m", mail_ids)
    sql = f"{_SELECT} WHERE f.state = 'open' AND f.source = 'reply' AND f.mail_id IN ({marks})"
    return [_follow_up(r) for r in db.all(sql, params)]


def invoice_payments(db: Database, numbers: list[str]) -> dict[str, list[tuple[date, Decimal]]]:
    """The payments (day, amount) of these invoices, by number."""
    found: dict[str, list[tuple[date, Decimal]]] = {n: [] for n in numbers}
    if not numbers:
        return found
    marks, params = in_marks("n", numbers)
    rows = db.all(
        "SELECT i.number, p.paid_on, p.amount_minor FROM payment p"
        f" JOIN invoice i ON i.id = p.invoice_id WHERE i.number IN ({marks})",
        params,
    )
    for r in rows:
        found[str(r["number"])].append((as_date(r["paid_on"]), from_minor(int(r["amount_minor"]))))
    return found


def open_promises(db: Database, invoice_numbers: list[str]) -> list[FollowUp]:
    """Open promises to pay these invoices (ix_follow_up_invoice)."""
    if not invoice_numbers:
        return []
    marks, params = in_marks("n", invoice_numbers)
    sql = (
        f"{_SELECT} WHERE f.invoice_id IN (SELECT x.id FROM invoice x WHERE x.number IN"
        f" ({marks})) AND f.state = 'open' AND f.who = 'client' AND f.amount_minor IS NOT NULL"
    )
    return [_follow_up(r) for r in db.all(sql, params)]


def promises_due_between(db: Database, start: date, end: date) -> list[FollowUp]:
    """Promises to pay (open or not) whose day falls in start..end."""
    sql = (
        f"{_SELECT} WHERE f.invoice_id IS NOT NULL AND f.who = 'client'"
        " AND f.amount_minor IS NOT NULL AND f.state <> 'dropped'"
        " AND f.due >= :start AND f.due <= :end"
    )
    return [_follow_up(r) for r in db.all(sql, {"start": start, "end": end})]


def invoice_balance(db: Database, invoice_id: int) -> Decimal:
    """An invoice's amount less every payment recorded on it."""
    row = db.one(
        "SELECT i.amount_minor - COALESCE((SELECT SUM(p.amount_minor) FROM payment p"
        " WHERE p.invoice_id = i.id), 0) AS balance FROM invoice i WHERE i.id = :i",
        {"i": invoice_id},
    )
    return from_minor(int(row["balance"])) if row is not None else Decimal(0)


def incident_client(db: Database, incident_id: int) -> int | None:
    row = db.one("SELECT client_id FROM incident WHERE id = :i", {"i": incident_id})
    return None if row is None else int(row["client_id"])


def step_id(db: Database, client_id: int, ref: str) -> int | None:
    """A step of the client's current checklist, by key (any case) or number."""
    row = db.one(
        "SELECT s.id FROM onboarding_step s JOIN onboarding o ON o.id = s.onboarding_id"
        " WHERE o.client_id = :c AND o.archived_at IS NULL"
        " AND (lower(s.key) = lower(:k) OR CAST(s.position AS TEXT) = :k)"
        " ORDER BY o.id DESC",
        {"c": client_id, "k": ref},
    )
    return None if row is None else int(row["id"])


def kept_promises(db: Database, number: str) -> list[FollowUp]:
    """The promises to pay invoice `number` that payments closed (why 'kept')."""
    sql = (
        f"{_SELECT} WHERE f.invoice_id IN (SELECT x.id FROM invoice x WHERE x.number = :n)"
        " AND f.state = 'done' AND f.why = 'kept'"
    )
    return [_follow_up(r) for r in db.all(sql, {"n": number})]


def reopen_follow_up(db: Database, follow_up_id: int) -> None:
    db.execute(
        "UPDATE follow_up SET state = 'open', closed_on = NULL, why = NULL WHERE id = :i",
        {"i": follow_up_id},
    )
