"""Invoices, payments and upsells: validate, write in one transaction, read back plain data.

Money is Decimal here and integer kopecks in the store.  Every refusal is an AcctError raised
before anything is written (or inside the transaction, which then rolls back).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from acctcli.domain.clients import clean_name, clean_service
from acctcli.domain.dates import as_date
from acctcli.domain.ledger import InvoiceLine, PaymentMade, UpsellLine
from acctcli.domain.money import from_minor, money_display, to_minor
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.store.db import Database, IntegrityError
from acctcli.store.repo import find_client_id, visible_clause

DEFAULT_TERMS = 14  # days from issue to due when neither --due nor --terms is given
MAX_TERMS = 3650


# --- invoices ------------------------------------------------------------------------------


def _clean_number(number: str) -> str:
    cleaned = clean_name(number, "invoice number")
    if len(cleaned) > 40:
        raise Invalid("the invoice number is longer than 40 characters")
    return cleaned


def _next_number(db: Database, issued: date) -> str:
    """The year's next free number: 2026-0001, 2026-0002, …"""
    prefix = f"{issued.year}-"
    highest = 0
    for (number,) in db.all("SELECT number FROM invoice WHERE number LIKE :p", {"p": prefix + "%"}):
        tail = str(number)[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:04d}"


def due_date(issued: date, due: date | None, terms: int | None, default_terms: int) -> date:
    if due is not None and terms is not None:
        raise Invalid("give either --due or --terms, not both")
    if terms is not None and not 0 <= terms <= MAX_TERMS:
        raise Invalid(f"bad --terms {terms}: expected 0 to {MAX_TERMS} days")
    if due is None:
        due = issued + timedelta(days=default_terms if terms is None else terms)
    if due < issued:
        raise Invalid(
            f"the due date {due.isoformat()} is before the issue date {issued.isoformat()}"
        )
    return due


def add_invoice(
    db: Database,
    client_ref: str,
    amount: Decimal,
    *,
    issued: date,
    due: date,
    now: datetime,
    number: str | None = None,
    service: str | None = None,
) -> InvoiceLine:
    if amount <= 0:
        raise Invalid(f"bad amount {amount}: must be greater than zero")
    if due < issued:
        raise Invalid(
            f"the due date {due.isoformat()} is before the issue date {issued.isoformat()}"
        )
    wanted = _clean_number(number) if number is not None else None
    service = clean_service(service) if service else None
    with db.transaction():
        client_id, _ = find_client_id(db, client_ref)
        final = wanted or _next_number(db, issued)
        if db.scalar("SELECT 1 FROM invoice WHERE number = :n", {"n": final}):
            raise Conflict(f"invoice {final} already exists", "pick another --number")
        try:
            db.insert(
                "INSERT INTO invoice (number, client_id, amount_minor, issued, due, service,"
                " created_at) VALUES (:n, :c, :a, :i, :d, :s, :now)",
                {
                    "n": final,
                    "c": client_id,
                    "a": to_minor(amount),
                    "i": issued,
                    "d": due,
                    "s": service,
                    "now": now,
                },
            )
        except IntegrityError:
            raise Conflict(
                f"invoice {final} already exists", "pick another --number, or try again"
            ) from None
    return get_invoice(db, final, as_of=issued)


_LINE_SQL = (
    "SELECT i.number, c.name, c.owner, i.amount_minor, i.issued, i.due, i.service,"
    " COALESCE((SELECT SUM(p.amount_minor) FROM payment p"
    "  WHERE p.invoice_id = i.id AND p.paid_on <= :asof), 0) AS paid_minor"
    " FROM invoice i JOIN client c ON c.id = i.client_id"
)


def _line(r: Any, as_of: date) -> InvoiceLine:
    return InvoiceLine(
        number=str(r[0]),
        client=str(r[1]),
        owner=str(r[2]),
        amount=from_minor(r[3]),
        paid=from_minor(r[7]),
        issued=as_date(r[4]),
        due=as_date(r[5]),
        service=r[6],
        as_of=as_of,
    )


def get_invoice(db: Database, number: str, *, as_of: date) -> InvoiceLine:
    row = db.one(_LINE_SQL + " WHERE i.number = :n", {"n": number.strip(), "asof": as_of})
    if row is None:
        raise NotFound(f"no invoice numbered {number.strip()!r}", "see: acct invoice list")
    return _line(row, as_of)


def list_invoices(
    db: Database,
    *,
    as_of: date,
    open_only: bool = False,
    client_ref: str | None = None,
    owner: str | None = None,
    due_by: date | None = None,
) -> list[InvoiceLine]:
    """Invoices with payments dated up to `as_of`; open ones most overdue first."""
    where: list[str] = []
    params: dict[str, Any] = {"asof": as_of}
    if client_ref is not None:
        params["c"], _ = find_client_id(db, client_ref)
        where.append("i.client_id = :c")
    if owner is not None:
        visible, extra = visible_clause(owner, as_of, alias="c")
        params.update(extra)
        where.append(visible)
    if due_by is not None:
        params["dueby"] = due_by
        where.append("i.due <= :dueby")
    sql = _LINE_SQL + (" WHERE " + " AND ".join(where) if where else "")
    if open_only:
        sql = f"SELECT * FROM ({sql}) AS q WHERE paid_minor < amount_minor"
        order = " ORDER BY due, issued, number"
    else:
        order = " ORDER BY issued, number"
    return [_line(r, as_of) for r in db.all(sql + order, params)]


def invoices_needing_attention(
    db: Database, day: date, owner: str | None, *, within_days: int = 7
) -> list[InvoiceLine]:
    """For the morning: open invoices overdue or due within `within_days`, most overdue first.
    `line.days_overdue` > 0 for late ones; `-line.days_past_due` days to go for the rest."""
    return list_invoices(
        db, as_of=day, open_only=True, owner=owner, due_by=day + timedelta(days=within_days)
    )


def pay_invoice(
    db: Database,
    number: str,
    *,
    on: date,
    now: datetime,
    amount: Decimal | None = None,
    currency: str = "RUB",
    today: date | None = None,
) -> PaymentMade:
    """Record a payment (default: the whole remaining balance), received on or before
    `today` (default: now's date): money not yet received is no payment."""
    if amount is not None and amount <= 0:
        raise Invalid(f"bad amount {amount}: must be greater than zero")
    if on > (today or now.date()):
        raise Invalid(
            f"the payment date {on.isoformat()} is in the future",
            "record a payment once it has arrived",
        )
    with db.transaction():
        row = db.one(
            "SELECT i.id, i.issued, i.amount_minor, i.number, c.name FROM invoice i"
            " JOIN client c ON c.id = i.client_id WHERE i.number = :n",
            {"n": number.strip()},
        )
        if row is None:
            raise NotFound(f"no invoice numbered {number.strip()!r}", "see: acct invoice list")
        invoice_id, issued, amount_minor = int(row[0]), as_date(row[1]), int(row[2])
        db.lock_row("invoice", invoice_id)  # the balance check and the payment, together
        if on < issued:
            raise Invalid(
                f"the payment date {on.isoformat()} is before invoice {number.strip()}"
                f" was issued ({issued.isoformat()})"
            )
        paid_minor = int(
            db.scalar(
                "SELECT COALESCE(SUM(amount_minor), 0) FROM payment WHERE invoice_id = :i",
                {"i": invoice_id},
            )
        )
        balance = from_minor(amount_minor - paid_minor)
        if balance <= 0:
            raise Conflict(f"invoice {number.strip()} is already paid in full")
        pay = balance if amount is None else amount
        if pay > balance:
            raise Conflict(
                f"{money_display(pay, currency)} overpays invoice {number.strip()}:"
                f" its balance is {money_display(balance, currency)}"
            )
        db.execute(
            "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
            " VALUES (:i, :a, :on, :now)",
            {"i": invoice_id, "a": to_minor(pay), "on": on, "now": now},
        )
    return PaymentMade(str(row[3]), str(row[4]), pay, on, balance - pay)


# --- upsells -------------------------------------------------------------------------------

_UPSELL_SQL = (
    "SELECT u.id, c.name, c.owner, u.service, u.value_minor, u.status, u.opened_on,"
    " u.closed_on, u.note FROM upsell u JOIN client c ON c.id = u.client_id"
)


def _upsell(r: Any) -> UpsellLine:
    return UpsellLine(
        id=int(r[0]),
        client=str(r[1]),
        owner=str(r[2]),
        service=str(r[3]),
        value=None if r[4] is None else from_minor(r[4]),
        status=str(r[5]),
        opened_on=as_date(r[6]),
        closed_on=None if r[7] is None else as_date(r[7]),
        note=r[8],
    )


def add_upsell(
    db: Database,
    client_ref: str,
    service: str,
    *,
    on: date,
    value: Decimal | None = None,
    note: str | None = None,
) -> UpsellLine:
    if value is not None and value <= 0:
        raise Invalid(f"bad value {value}: must be greater than zero")
    service = clean_service(service)
    with db.transaction():
        client_id, _ = find_client_id(db, client_ref)
        new_id = db.insert(
            "INSERT INTO upsell (client_id, service, value_minor, status, opened_on, note)"
            " VALUES (:c, :s, :v, 'open', :on, :note)",
            {
                "c": client_id,
                "s": service,
                "v": None if value is None else to_minor(value),
                "on": on,
                "note": note.strip() if note and note.strip() else None,
            },
        )
    return get_upsell(db, new_id)


def _upsell_id(ref: str | int) -> int:
    text = str(ref).strip().lstrip("#")
    if not re.fullmatch(r"\d{1,18}", text):
        raise Invalid(f"bad upsell id {str(ref)!r}: expected a number from `acct upsell list`")
    return int(text)


def get_upsell(db: Database, ref: str | int) -> UpsellLine:
    upsell_id = _upsell_id(ref)
    row = db.one(_UPSELL_SQL + " WHERE u.id = :i", {"i": upsell_id})
    if row is None:
        raise NotFound(f"no upsell #{upsell_id}", "see: acct upsell list")
    return _upsell(row)


def close_upsell(db: Database, ref: str | int, status: str, *, on: date) -> UpsellLine:
    """Mark an open upsell won or lost on `on`."""
    if status not in ("won", "lost"):
        raise Invalid(f"bad upsell outcome {status!r}: won or lost")
    with db.transaction():
        db.lock_row("upsell", _upsell_id(ref))
        upsell = get_upsell(db, ref)
        if upsell.status != "open":
            raise Conflict(
                f"upsell #{upsell.id} is already {upsell.status}"
                f" (on {upsell.closed_on.isoformat() if upsell.closed_on else '?'})"
            )
        if on < upsell.opened_on:
            raise Invalid(
                f"{on.isoformat()} is before upsell #{upsell.id} was opened"
                f" ({upsell.opened_on.isoformat()})"
            )
        db.execute(
            "UPDATE upsell SET status = :s, closed_on = :on WHERE id = :i",
            {"s": status, "on": on, "i": upsell.id},
        )
    return get_upsell(db, upsell.id)


def list_upsells(
    db: Database, *, day: date, owner: str | None = None, open_only: bool = False
) -> list[UpsellLine]:
    """Upsells, newest first; only open ones (the follow-ups) with `open_only`; only the
    clients `owner` sees on `day` (own and handed over) unless owner is None."""
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


def open_upsells(db: Database, day: date, owner: str | None) -> list[UpsellLine]:
    """For the morning: upsells still waiting for an answer, oldest first."""
    lines = list_upsells(db, day=day, owner=owner, open_only=True)
    return sorted(lines, key=lambda u: (u.opened_on, u.id))
