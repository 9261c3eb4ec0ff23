"""The SQL of invoices, payments and upsells.

Money is Decimal here and integer kopecks in the store; rows come back as the plain data of
domain/ledger.py.  Writes run inside the caller's transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from acctcli.domain.dates import as_date
from acctcli.domain.ledger import InvoiceLine, UpsellLine
from acctcli.domain.money import from_minor, to_minor
from acctcli.records import NamedTuple
from acctcli.store.db import Database
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

# --- invoices ------------------------------------------------------------------------------


def invoice_numbers_with_prefix(db: Database, prefix: str) -> list[str]:
    rows = db.all("SELECT number FROM invoice WHERE number LIKE :p", {"p": prefix + "%"})
    return [str(r["number"]) for r in rows]


def invoice_exists(db: Database, number: str) -> bool:
    return bool(db.scalar("SELECT 1 FROM invoice WHERE number = :n", {"n": number}))


def insert_invoice(
    db: Database,
    *,
    number: str,
    client_id: int,
    amount: Decimal,
    issued: date,
    due: date,
    service: str | None,
    now: datetime,
) -> int:
    return db.insert(
        "INSERT INTO invoice (number, client_id, amount_minor, issued, due, service,"
        " created_at) VALUES (:n, :c, :a, :i, :d, :s, :now)",
        {
            "n": number,
            "c": client_id,
            "a": to_minor(amount),
            "i": issued,
            "d": due,
            "s": service,
            "now": now,
        },
    )


_LINE_SQL = (
    "SELECT i.number, c.name AS client, c.owner, i.amount_minor, i.issued, i.due, i.service,"
    " i.voided_on,"
    " COALESCE((SELECT SUM(p.amount_minor) FROM payment p"
    "  WHERE p.invoice_id = i.id AND p.paid_on <= :asof), 0) AS paid_minor"
    " FROM invoice i JOIN client c ON c.id = i.client_id"
)


def _line(r: Any, as_of: date) -> InvoiceLine:
    return InvoiceLine(
        number=str(r["number"]),
        client=str(r["client"]),
        owner=str(r["owner"]),
        amount=from_minor(r["amount_minor"]),
        paid=from_minor(r["paid_minor"]),
        issued=as_date(r["issued"]),
        due=as_date(r["due"]),
        service=r["service"],
        as_of=as_of,
        voided_on=None if r["voided_on"] is None else as_date(r["voided_on"]),
    )


def invoice_line(db: Database, number: str, *, as_of: date) -> InvoiceLine | None:
    """One invoice with its payments dated up to `as_of`, or None."""
    row = db.one(_LINE_SQL + " WHERE i.number = :n", {"n": number, "asof": as_of})
    return None if row is None else _line(row, as_of)


def invoice_lines(
    db: Database,
    *,
    as_of: date,
    open_only: bool = False,
    client_id: int | None = None,
    owner: str | None = None,
    due_by: date | None = None,
) -> list[InvoiceLine]:
    """Invoices with payments dated up to `as_of`: open ones (by due date) or all (by issue
    date); only one client's, only those `owner` sees, only those due by a date."""
    where: list[str] = []
    params: dict[str, Any] = {"asof": as_of}
    if client_id is not None:
        params["c"] = client_id
        where.append("i.client_id = :c")
    if owner is not None:
        visible, extra = visible_clause(owner, as_of, alias="c")
        params.update(extra)
        where.append(visible)
    if due_by is not None:
        params["dueby"] = due_by
        where.append("i.due <= :dueby")
    if open_only:  # two index ranges (0015), then the exact balance of those only
        where.append(OPEN_IDS)
    sql = _LINE_SQL + (" WHERE " + " AND ".join(where) if where else "")
    if open_only:
        sql = (
            f"SELECT * FROM ({sql}) AS q WHERE paid_minor < amount_minor"
            " AND (voided_on IS NULL OR voided_on > :asof)"
        )
        order = " ORDER BY due, issued, number"
    else:
        order = " ORDER BY issued, number"
    return [_line(r, as_of) for r in db.all(sql + order, params)]


class PayableInvoice(NamedTuple):
    id: int
    number: str
    client: str
    issued: date
    amount: Decimal
    due: date | None = None
    service: str | None = None
    voided_on: date | None = None
    void_why: str | None = None


def payable_invoice(db: Database, number: str) -> PayableInvoice | None:
    row = db.one(
        "SELECT i.id, i.issued, i.amount_minor, i.number, i.due, i.service, i.voided_on,"
        " i.void_why, c.name AS client FROM invoice i"
        " JOIN client c ON c.id = i.client_id WHERE i.number = :n",
        {"n": number},
    )
    if row is None:
        return None
    return PayableInvoice(
        id=int(row["id"]),
        number=str(row["number"]),
        client=str(row["client"]),
        issued=as_date(row["issued"]),
        amount=from_minor(row["amount_minor"]),
        due=as_date(row["due"]),
        service=row["service"],
        voided_on=None if row["voided_on"] is None else as_date(row["voided_on"]),
        void_why=row["void_why"],
    )


def update_invoice(db: Database, invoice_id: int, **fields: Any) -> None:
    """Set some of amount (Decimal), issued, due, service, voided_on, void_why."""
    if "amount" in fields:
        fields["amount_minor"] = to_minor(fields.pop("amount"))
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    db.execute(f"UPDATE invoice SET {sets} WHERE id = :id", {**fields, "id": invoice_id})


class Payment(NamedTuple):
    id: int
    invoice_id: int
    number: str
    client: str
    amount: Decimal
    paid_on: date


def payment(db: Database, payment_id: int) -> Payment | None:
    row = db.one(
        "SELECT p.id, p.invoice_id, p.amount_minor, p.paid_on, i.number, c.name AS client"
        " FROM payment p JOIN invoice i ON i.id = p.invoice_id"
        " JOIN client c ON c.id = i.client_id WHERE p.id = :p",
        {"p": payment_id},
    )
    if row is None:
        return None
    return Payment(
        int(row["id"]),
        int(row["invoice_id"]),
        str(row["number"]),
        str(row["client"]),
        from_minor(row["amount_minor"]),
        as_date(row["paid_on"]),
    )


def first_payment_day(db: Database, invoice_id: int) -> date | None:
    day = db.scalar("SELECT min(paid_on) FROM payment WHERE invoice_id = :i", {"i": invoice_id})
    return None if day is None else as_date(day)


def delete_payment(db: Database, payment_id: int) -> None:
    db.execute("DELETE FROM payment WHERE id = :p", {"p": payment_id})


def paid_total(db: Database, invoice_id: int) -> Decimal:
    """Every payment recorded on an invoice, whatever its date."""
    return from_minor(
        db.scalar(
            "SELECT COALESCE(SUM(amount_minor), 0) FROM payment WHERE invoice_id = :i",
            {"i": invoice_id},
        )
    )


def insert_payment(
    db: Database, invoice_id: int, amount: Decimal, *, on: date, now: datetime
) -> int:
    return db.insert(
        "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
        " VALUES (:i, :a, :on, :now)",
        {"i": invoice_id, "a": to_minor(amount), "on": on, "now": now},
    )


# --- upsells -------------------------------------------------------------------------------

_UPSELL_SQL = (
    "SELECT u.id, c.name AS client, c.owner, u.service, u.value_minor, u.status, u.opened_on,"
    " u.closed_on, u.note FROM upsell u JOIN client c ON c.id = u.client_id"
)


def _upsell(r: Any) -> UpsellLine:
    return UpsellLine(
        id=int(r["id"]),
        client=str(r["client"]),
        owner=str(r["owner"]),
        service=str(r["service"]),
        value=None if r["value_minor"] is None else from_minor(r["value_minor"]),
        status=str(r["status"]),
        opened_on=as_date(r["opened_on"]),
        closed_on=None if r["closed_on"] is None else as_date(r["closed_on"]),
        note=r["note"],
    )


def insert_upsell(
    db: Database,
    client_id: int,
    service: str,
    *,
    on: date,
    value: Decimal | None,
    note: str | None,
) -> int:
    """A new open upsell: its id."""
    return db.insert(
        "INSERT INTO upsell (client_id, service, value_minor, status, opened_on, note)"
        " VALUES (:c, :s, :v, 'open', :on, :note)",
        {
            "c": client_id,
            "s": service,
            "v": None if value is None else to_minor(value),
            "on": on,
            "note": note,
        },
    )


def upsell_line(db: Database, upsell_id: int) -> UpsellLine | None:
    row = db.one(_UPSELL_SQL + " WHERE u.id = :i", {"i": upsell_id})
    return None if row is None else _upsell(row)


def close_upsell(db: Database, upsell_id: int, status: str, *, on: date) -> None:
    db.execute(
        "UPDATE upsell SET status = :s, closed_on = :on WHERE id = :i",
        {"s": status, "on": on, "i": upsell_id},
    )


def upsell_lines(
    db: Database, *, day: date, owner: str | None = None, open_only: bool = False
) -> list[UpsellLine]:
    """Upsells, newest first; only open ones with `open_only`; only the clients `owner`
    sees on `day` unless owner is None."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if owner is not None:
        visible, extra = visible_clause(owner, day, alias="c")
        where.append(visible)
        params.update(extra)
    if open_only:
        where.append("u.status = 'open'")
    sql = _UPSELL_SQL + (" WHERE " + " AND ".join(where) if where else "")
    return [_upsell(r) for r in db.all(sql + " ORDER BY u.opened_on DESC, u.id DESC", params)]


def update_upsell(db: Database, upsell_id: int, **fields: Any) -> None:
    """Set some of service, value (Decimal or None), opened_on, note."""
    if "value" in fields:
        value = fields.pop("value")
        fields["value_minor"] = None if value is None else to_minor(value)
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    db.execute(f"UPDATE upsell SET {sets} WHERE id = :id", {**fields, "id": upsell_id})


def delete_upsell(db: Database, upsell_id: int) -> None:
    db.execute("DELETE FROM upsell WHERE id = :i", {"i": upsell_id})


def upsell_client_service(db: Database, upsell_id: int) -> tuple[int, str]:
    """(client id, service) of an upsell."""
    row = db.all("SELECT client_id, service FROM upsell WHERE id = :i", {"i": upsell_id})[0]
    return int(row["client_id"]), str(row["service"])


# --- settled_on: the day an invoice was paid in full, kept by triggers (migration 0015) ------

# The first payment day on which the invoice's payments, summed by day, reached its amount;
# NULL while it is open — and NULL when its payments exceed the amount (an overpaid invoice
# is never taken as settled).  "Open as of D" is then `settled_on IS NULL OR settled_on > D`:
# an index range, not a sum over every invoice ever issued.  And an invoice settled before a
# day S was paid exactly its amount, all before S: the KPIs leave it out of the sums before S
# (store/kpi.py), where it adds nothing.
SETTLED_ON_SQL = (
    "(CASE WHEN (SELECT SUM(t.amount_minor) FROM payment t WHERE t.invoice_id = invoice.id)"
    " > invoice.amount_minor THEN NULL ELSE"
    " (SELECT p.paid_on FROM payment p WHERE p.invoice_id = invoice.id"
    " AND (SELECT SUM(q.amount_minor) FROM payment q"
    "  WHERE q.invoice_id = invoice.id AND q.paid_on <= p.paid_on) >= invoice.amount_minor"
    " ORDER BY p.paid_on LIMIT 1) END)"
)

# the invoices open as of :asof, and perhaps a few more (an amount of 0): the unsettled ones
# through the partial index, those settled after the day through ix_invoice_settled
OPEN_IDS = (
    "i.id IN (SELECT id FROM invoice WHERE settled_on IS NULL"
    " UNION ALL SELECT id FROM invoice WHERE settled_on > :asof)"
)
# only when it changes: a part payment leaves the invoice row (and the undo journal) alone
_SETTLE = (
    f"UPDATE invoice SET settled_on = {SETTLED_ON_SQL} WHERE id = {{row}}.{{column}}"
    f" AND settled_on {{differs}} {SETTLED_ON_SQL};"
)

# (trigger, event, table, the rows whose invoice is recomputed)
_SETTLE_TRIGGERS = (
    ("invoice_settle_pi", "INSERT", "payment", (("NEW", "invoice_id"),)),
    ("invoice_settle_pd", "DELETE", "payment", (("OLD", "invoice_id"),)),
    (
        "invoice_settle_pu",
        "UPDATE OF invoice_id, amount_minor, paid_on",
        "payment",
        (("OLD", "invoice_id"), ("NEW", "invoice_id")),
    ),
    ("invoice_settle_iu", "UPDATE OF amount_minor", "invoice", (("NEW", "id"),)),
)


def settled_on_schema(is_sqlite: bool) -> list[str]:
    """The statements that make the store keep invoice.settled_on exact in the same statement
    as every payment written, moved or removed and every amount changed — whoever writes."""
    if is_sqlite:
        return [
            f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
            + " ".join(
                _SETTLE.format(row=row, column=column, differs="IS NOT") for row, column in rows
            )
            + " END"
            for name, event, table, rows in _SETTLE_TRIGGERS
        ]
    statements = []
    for name, event, table, rows in _SETTLE_TRIGGERS:
        body = " ".join(
            _SETTLE.format(row=row, column=column, differs="IS DISTINCT FROM")
            for row, column in rows
        )
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body} RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {event} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return statements


def settled_on_drop(is_sqlite: bool) -> list[str]:
    if is_sqlite:
        return [f"DROP TRIGGER IF EXISTS {t[0]}" for t in _SETTLE_TRIGGERS]
    return [f"DROP TRIGGER IF EXISTS {t[0]} ON {t[2]}" for t in _SETTLE_TRIGGERS] + [
        f"DROP FUNCTION IF EXISTS {t[0]}()" for t in _SETTLE_TRIGGERS
    ]


def total_minor(db: Database, table: str, column: str) -> int:
    """The sum of a money column over the whole store (table and column are acct's own)."""
    return int(db.scalar(f"SELECT COALESCE(SUM({column}), 0) FROM {table}") or 0)
