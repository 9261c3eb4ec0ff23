"""Invoices, payments and upsells: validate, write in one transaction, read back plain data.

Money is Decimal here and integer kopecks in the store.  Every refusal is an AcctError raised
before anything is written (or inside the transaction, which then rolls back).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from acctcli.domain.clients import clean_name, clean_service
from acctcli.domain.labels import label
from acctcli.domain.ledger import InvoiceLine, PaymentMade, UpsellLine
from acctcli.domain.money import check_total, money_display
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.i18n import _, ngettext
from acctcli.records import NamedTuple
from acctcli.store import money as store
from acctcli.store.db import Database, IntegrityError
from acctcli.store.repo import find_client_id

DEFAULT_TERMS = 14  # days from issue to due when neither --due nor --terms is given
MAX_TERMS = 3650


# --- invoices ------------------------------------------------------------------------------


def _clean_number(number: str) -> str:
    cleaned = clean_name(number, "invoice number")
    if len(cleaned) > 40:
        raise Invalid(_("the invoice number is longer than 40 characters"))
    return cleaned


def _next_number(db: Database, issued: date) -> str:
    """The year's next free number: 2026-0001, 2026-0002, …"""
    prefix = f"{issued.year}-"
    highest = 0
    for number in store.invoice_numbers_with_prefix(db, prefix):
        tail = number[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:04d}"


def due_date(issued: date, due: date | None, terms: int | None, default_terms: int) -> date:
    if due is not None and terms is not None:
        raise Invalid(_("give either --due or --terms, not both"))
    if terms is not None and not 0 <= terms <= MAX_TERMS:
        raise Invalid(
            ngettext(
                "bad --terms {terms}: expected 0 to {max} day",
                "bad --terms {terms}: expected 0 to {max} days",
                MAX_TERMS,
            ).format(terms=terms, max=MAX_TERMS)
        )
    if due is None:
        due = issued + timedelta(days=default_terms if terms is None else terms)
    if due < issued:
        raise Invalid(
            _("the due date {due} is before the issue date {issued}").format(
                due=due.isoformat(), issued=issued.isoformat()
            )
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
        raise Invalid(_("bad amount {amount}: must be greater than zero").format(amount=amount))
    if due < issued:
        raise Invalid(
            _("the due date {due} is before the issue date {issued}").format(
                due=due.isoformat(), issued=issued.isoformat()
            )
        )
    wanted = _clean_number(number) if number is not None else None
    service = clean_service(service) if service else None
    with db.transaction():
        client_id = find_client_id(db, client_ref)[0]
        check_total(store.total_minor(db, "invoice", "amount_minor"), amount)
        # invoices added at once take turns: two must not both take the year's next number,
        # nor one take a number given to the other with --number (nor one an undo puts back)
        db.serialise()
        final = wanted or _next_number(db, issued)
        if store.invoice_exists(db, final):
            raise Conflict(
                _("invoice {number} already exists").format(number=final),
                _("pick another --number"),
            )
        try:
            store.insert_invoice(
                db,
                number=final,
                client_id=client_id,
                amount=amount,
                issued=issued,
                due=due,
                service=service,
                now=now,
            )
        except IntegrityError:
            raise Conflict(
                _("invoice {number} already exists").format(number=final),
                _("pick another --number, or try again"),
            ) from None
    return get_invoice(db, final, as_of=issued)


def get_invoice(db: Database, number: str, *, as_of: date) -> InvoiceLine:
    line = store.invoice_line(db, number.strip(), as_of=as_of)
    if line is None:
        raise NotFound(
            _("no invoice numbered {number}").format(number=repr(number.strip())),
            _("see: acct invoice list"),
        )
    return line


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
    client_id = None if client_ref is None else find_client_id(db, client_ref)[0]
    return store.invoice_lines(
        db, as_of=as_of, open_only=open_only, client_id=client_id, owner=owner, due_by=due_by
    )


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
        raise Invalid(_("bad amount {amount}: must be greater than zero").format(amount=amount))
    if on > (today or now.date()):
        raise Invalid(
            _("the payment date {day} is in the future").format(day=on.isoformat()),
            _("record a payment once it has arrived"),
        )
    with db.transaction():
        invoice = store.payable_invoice(db, number.strip())
        if invoice is None:
            raise NotFound(
                _("no invoice numbered {number}").format(number=repr(number.strip())),
                _("see: acct invoice list"),
            )
        db.lock_row("invoice", invoice.id)  # the balance check and the payment, together
        if invoice.voided_on is not None:
            raise Conflict(
                _("invoice {number} is void (since {day})").format(
                    number=invoice.number, day=invoice.voided_on.isoformat()
                )
            )
        if on < invoice.issued:
            raise Invalid(
                _("the payment date {day} is before invoice {number} was issued ({issued})").format(
                    day=on.isoformat(), number=number.strip(), issued=invoice.issued.isoformat()
                )
            )
        balance = invoice.amount - store.paid_total(db, invoice.id)
        if balance <= 0:
            raise Conflict(
                _("invoice {number} is already paid in full").format(number=number.strip())
            )
        pay = balance if amount is None else amount
        if pay > balance:
            raise Conflict(
                _("{amount} overpays invoice {number}: its balance is {balance}").format(
                    amount=money_display(pay, currency),
                    number=number.strip(),
                    balance=money_display(balance, currency),
                )
            )
        payment_id = store.insert_payment(db, invoice.id, pay, on=on, now=now)
        from acctcli.services.followups import close_kept_promises

        kept = close_kept_promises(db, invoice.number, today=today or now.date())
    return PaymentMade(
        invoice.number, invoice.client, pay, on, balance - pay, payment_id, tuple(kept)
    )


# --- corrections (issue 15): each a write of its own, undoable with `acct undo` -------------


class Edit(NamedTuple):
    """What an edit changed: (field, old, new) each, as text."""

    what: str  # "invoice 2026-0042 (Пицца Мама)"
    changes: list[tuple[str, str, str]]


def _invoice(db: Database, number: str) -> store.PayableInvoice:
    invoice = store.payable_invoice(db, number.strip())
    if invoice is None:
        raise NotFound(
            _("no invoice numbered {number}").format(number=repr(number.strip())),
            _("see: acct invoice list"),
        )
    return invoice


def edit_invoice(
    db: Database,
    number: str,
    *,
    amount: Decimal | None = None,
    issued: date | None = None,
    due: date | None = None,
    service: str | None = None,
    currency: str = "RUB",
) -> Edit:
    """Correct an invoice's amount, dates or service; what was paid still fits."""
    if amount is None and issued is None and due is None and service is None:
        raise Invalid(_("nothing to change: give --amount, --issued, --due or --service"))
    if amount is not None and amount <= 0:
        raise Invalid(_("bad amount {amount}: must be greater than zero").format(amount=amount))
    with db.transaction():
        invoice = _invoice(db, number)
        db.lock_row("invoice", invoice.id)
        paid = store.paid_total(db, invoice.id)
        new_issued = issued or invoice.issued
        new_due = due or invoice.due or new_issued
        if new_due < new_issued:
            raise Invalid(
                _("the due date {due} is before the issue date {issued}").format(
                    due=new_due.isoformat(), issued=new_issued.isoformat()
                )
            )
        if amount is not None and amount < paid:
            raise Conflict(
                _("invoice {number} has {paid} paid: the amount cannot be less").format(
                    number=invoice.number, paid=money_display(paid, currency)
                ),
                _("remove a payment first: acct invoice unpay PAYMENT-ID"),
            )
        first = store.first_payment_day(db, invoice.id)
        if first is not None and new_issued > first:
            raise Invalid(
                _("invoice {number} was paid on {day}: it cannot be issued later").format(
                    number=invoice.number, day=first.isoformat()
                )
            )
        fields: dict[str, object] = {}
        changes: list[tuple[str, str, str]] = []
        if amount is not None and amount != invoice.amount:
            fields["amount"] = amount
            changes.append(
                (
                    _("amount"),
                    money_display(invoice.amount, currency),
                    money_display(amount, currency),
                )
            )
        if issued is not None and issued != invoice.issued:
            fields["issued"] = issued
            changes.append((_("issued"), invoice.issued.isoformat(), issued.isoformat()))
        if due is not None and due != invoice.due:
            fields["due"] = due
            was = invoice.due.isoformat() if invoice.due else "—"
            changes.append((_("due"), was, due.isoformat()))
        if service is not None:
            cleaned = clean_service(service) if service.strip() else None
            if cleaned != invoice.service:
                fields["service"] = cleaned
                changes.append((_("service"), invoice.service or "—", cleaned or "—"))
        if fields:
            store.update_invoice(db, invoice.id, **fields)
    return Edit(f"{invoice.number} ({invoice.client})", changes)


def void_invoice(db: Database, number: str, *, why: str, on: date, today: date) -> Edit:
    """Void an invoice issued by mistake: it stays in the history (issued that month, and
    taken back on the day it is voided), out of every balance from that day."""
    reason = " ".join(why.split())
    if not reason:
        raise Invalid(_("say why the invoice is void: --why TEXT"))
    if on > today:
        raise Invalid(_("the void date {day} is in the future").format(day=on.isoformat()))
    with db.transaction():
        invoice = _invoice(db, number)
        db.lock_row("invoice", invoice.id)
        if invoice.voided_on is not None:
            raise Conflict(
                _("invoice {number} is already void (since {day})").format(
                    number=invoice.number, day=invoice.voided_on.isoformat()
                )
            )
        if store.paid_total(db, invoice.id) > 0:
            raise Conflict(
                _("invoice {number} has payments: a paid invoice is not void").format(
                    number=invoice.number
                ),
                _("remove them first: acct invoice unpay PAYMENT-ID"),
            )
        if on < invoice.issued:
            raise Invalid(
                _("{day} is before invoice {number} was issued ({issued})").format(
                    day=on.isoformat(), number=invoice.number, issued=invoice.issued.isoformat()
                )
            )
        store.update_invoice(db, invoice.id, voided_on=on, void_why=reason)
    return Edit(f"{invoice.number} ({invoice.client})", [(_("void"), on.isoformat(), reason)])


def _payment_id(ref: str) -> int:
    text = str(ref).strip().lstrip("#").removeprefix("P").removeprefix("p")
    if not re.fullmatch(r"\d{1,18}", text):
        raise Invalid(
            _("bad payment id {ref}: expected the number `acct invoice pay` printed").format(
                ref=repr(str(ref))
            )
        )
    return int(text)


def unpay(db: Database, ref: str, *, as_of: date) -> tuple[store.Payment, InvoiceLine]:
    """Remove a payment recorded by mistake; the invoice's balance grows back."""
    payment_id = _payment_id(ref)
    with db.transaction():
        made = store.payment(db, payment_id)
        if made is None:
            raise NotFound(_("no payment #{id}").format(id=payment_id))
        db.lock_row("invoice", made.invoice_id)
        store.delete_payment(db, payment_id)
        from acctcli.services.followups import reopen_unkept_promises

        reopen_unkept_promises(db, made.number, today=max(as_of, made.paid_on))
        line = get_invoice(db, made.number, as_of=max(as_of, made.paid_on))
    return made, line


# --- upsells -------------------------------------------------------------------------------


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
        raise Invalid(_("bad value {value}: must be greater than zero").format(value=value))
    service = clean_service(service)
    with db.transaction():
        client_id = find_client_id(db, client_ref)[0]
        if value is not None:
            check_total(store.total_minor(db, "upsell", "value_minor"), value)
        new_id = store.insert_upsell(
            db,
            client_id,
            service,
            on=on,
            value=value,
            note=note.strip() if note and note.strip() else None,
        )
    return get_upsell(db, new_id)


def _upsell_id(ref: str | int) -> int:
    text = str(ref).strip().lstrip("#")
    if not re.fullmatch(r"\d{1,18}", text):
        raise Invalid(
            _("bad upsell id {ref}: expected a number from `acct upsell list`").format(
                ref=repr(str(ref))
            )
        )
    return int(text)


def get_upsell(db: Database, ref: str | int) -> UpsellLine:
    upsell_id = _upsell_id(ref)
    upsell = store.upsell_line(db, upsell_id)
    if upsell is None:
        raise NotFound(_("no upsell #{id}").format(id=upsell_id), _("see: acct upsell list"))
    return upsell


def close_upsell(
    db: Database,
    ref: str | int,
    status: str,
    *,
    on: date,
    fee: Decimal | None = None,
    now: datetime | None = None,
) -> UpsellLine:
    """Mark an open upsell won or lost on `on`.  A won upsell adds its service to the client
    (issue 20) and, with `fee`, sets that service's fee from `on` in the fee history."""
    if status not in ("won", "lost"):
        raise Invalid(_("bad upsell outcome {status}: won or lost").format(status=repr(status)))
    if fee is not None and status != "won":
        raise Invalid(_("--fee is for a won upsell: the fee of the service it adds"))
    with db.transaction():
        db.lock_row("upsell", _upsell_id(ref))
        upsell = get_upsell(db, ref)
        if upsell.status != "open":
            raise Conflict(
                _("upsell #{id} is already {status} (on {day})").format(
                    id=upsell.id,
                    status=label("upsell", upsell.status),
                    day=upsell.closed_on.isoformat() if upsell.closed_on else "?",
                )
            )
        if on < upsell.opened_on:
            raise Invalid(
                _("{day} is before upsell #{id} was opened ({opened})").format(
                    day=on.isoformat(), id=upsell.id, opened=upsell.opened_on.isoformat()
                )
            )
        store.close_upsell(db, upsell.id, status, on=on)
        if status == "won":
            _add_won_service(db, upsell.id, on=on, fee=fee, now=now or datetime.now())
    return get_upsell(db, upsell.id)


def edit_upsell(
    db: Database,
    ref: str,
    *,
    service: str | None = None,
    value: Decimal | None = None,
    clear_value: bool = False,
    on: date | None = None,
    note: str | None = None,
    currency: str = "RUB",
) -> Edit:
    """Correct an upsell's service, value, day opened or note."""
    if service is None and value is None and not clear_value and on is None and note is None:
        raise Invalid(_("nothing to change: give --service, --value, --on or --note"))
    if value is not None and value <= 0:
        raise Invalid(_("bad amount {amount}: must be greater than zero").format(amount=value))
    with db.transaction():
        upsell = get_upsell(db, ref)
        fields: dict[str, object] = {}
        changes: list[tuple[str, str, str]] = []
        if service is not None and clean_service(service) != upsell.service:
            fields["service"] = clean_service(service)
            changes.append((_("service"), upsell.service, clean_service(service)))
        if (value is not None or clear_value) and value != upsell.value:
            fields["value"] = value
            show = [
                money_display(v, currency) if v is not None else "—" for v in (upsell.value, value)
            ]
            changes.append((_("value"), show[0], show[1]))
        if on is not None and on != upsell.opened_on:
            if upsell.closed_on is not None and on > upsell.closed_on:
                raise Invalid(
                    _("{day} is after upsell #{id} was closed ({closed})").format(
                        day=on.isoformat(), id=upsell.id, closed=upsell.closed_on.isoformat()
                    )
                )
            fields["opened_on"] = on
            changes.append((_("opened"), upsell.opened_on.isoformat(), on.isoformat()))
        if note is not None:
            cleaned = " ".join(note.split()) or None
            if cleaned != upsell.note:
                fields["note"] = cleaned
                changes.append((_("note"), upsell.note or "—", cleaned or "—"))
        if fields:
            store.update_upsell(db, upsell.id, **fields)
    return Edit(f"#{upsell.id} ({upsell.client} {upsell.service})", changes)


def remove_upsells(db: Database, refs: list[str]) -> list[UpsellLine]:
    """Remove upsells recorded by mistake (all or none)."""
    with db.transaction():
        removed = [get_upsell(db, ref) for ref in refs]
        for upsell in {u.id: u for u in removed}.values():
            store.delete_upsell(db, upsell.id)
    return list({u.id: u for u in removed}.values())


def _add_won_service(
    db: Database, upsell_id: int, *, on: date, fee: Decimal | None, now: datetime
) -> None:
    from acctcli.store import clients as client_store

    client_id, service = store.upsell_client_service(db, upsell_id)
    client_store.add_service(db, client_id, service, fee)
    if fee is not None:
        client_store.insert_fees(db, client_id, {service: fee}, on=on, now=now)


def list_upsells(
    db: Database, *, day: date, owner: str | None = None, open_only: bool = False
) -> list[UpsellLine]:
    """Upsells, newest first; only open ones (the follow-ups) with `open_only`; only the
    clients `owner` sees on `day` (own and handed over) unless owner is None."""
    return store.upsell_lines(db, day=day, owner=owner, open_only=open_only)


def open_upsells(db: Database, day: date, owner: str | None) -> list[UpsellLine]:
    """For the morning: upsells still waiting for an answer, oldest first."""
    lines = list_upsells(db, day=day, owner=owner, open_only=True)
    return sorted(lines, key=lambda u: (u.opened_on, u.id))
