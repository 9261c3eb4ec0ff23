"""Follow-ups and promises (issue 16): add, list, done, move, drop, show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from acctcli.domain.followups import (
    CLIENT,
    ME,
    FollowUp,
    check_promise,
    clean_text,
    clean_who,
    owes_text,
    parse_follow_up_id,
    sort_key,
)
from acctcli.domain.labels import label
from acctcli.domain.money import to_minor
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.store import followups as store
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)

if TYPE_CHECKING:
    from typing import Any

    from acctcli.domain.dashboard import Item


def add_follow_up(
    db: Database,
    client_ref: str,
    text: str,
    *,
    now: datetime,
    due: date | None = None,
    who: str | None = None,
    source: str = "manual",
    mail_id: int | None = None,
    touch_id: int | None = None,
    invoice: str | None = None,
    amount: Decimal | None = None,
    client_id: int | None = None,
    incident_id: int | None = None,
    step: str | None = None,
) -> FollowUp:
    """A new open follow-up.  An invoice (a promise to pay) is the client's to keep: `who`
    defaults to the client then, and any other `who` is refused."""
    text = clean_text(text)
    if invoice is not None and who is None:
        who = CLIENT
    owner = clean_who(who)
    if amount is not None and invoice is None:
        raise Invalid(_("--amount is for a promise to pay: give the invoice too (--invoice)"))
    if invoice is not None and owner != CLIENT:
        raise Invalid(_("a promise to pay is the client's: --who client with --invoice"))
    with db.transaction():
        if client_id is None:
            client_id, client = find_client_id(db, client_ref)
        else:
            client = store.client_name(db, client_id)
        invoice_id = None
        if invoice is not None:
            found = store.invoice_ref(db, invoice.strip())
            if found is None:
                raise NotFound(_("no invoice {number}").format(number=invoice))
            if found[1] != client_id:
                raise Conflict(
                    _("invoice {number} is not {client}'s").format(number=invoice, client=client)
                )
            invoice_id = found[0]
            amount = _promised(db, invoice.strip(), invoice_id, amount)
        if mail_id is not None:
            exists, owner_id = store.message_client(db, mail_id)
            if not exists:
                raise NotFound(_("no message M{id}").format(id=mail_id))
            if owner_id is not None and owner_id != client_id:
                raise Conflict(
                    _("message M{id} is not {client}'s mail").format(id=mail_id, client=client)
                )
        if touch_id is not None and store.touch_client(db, touch_id) != client_id:
            raise NotFound(_("no touch {id} with {client}").format(id=touch_id, client=client))
        if incident_id is not None and store.incident_client(db, incident_id) != client_id:
            raise NotFound(_("no incident I{id} of {client}").format(id=incident_id, client=client))
        step_id = None
        if step is not None:
            step_id = store.step_id(db, client_id, step.strip())
            if step_id is None:
                raise NotFound(
                    _("{client}'s onboarding has no step {step}").format(
                        client=client, step=repr(step.strip())
                    ),
                    _("see the steps: acct onboard {client}").format(client=repr(client)),
                )
        new_id = store.insert_follow_up(
            db,
            {
                "client_id": client_id,
                "text": text,
                "who": owner,
                "due": due,
                "source": source,
                "mail_id": mail_id,
                "touch_id": touch_id,
                "invoice_id": invoice_id,
                "amount_minor": None if amount is None else to_minor(amount),
                "created_at": now.replace(microsecond=0, tzinfo=None),
                "incident_id": incident_id,
                "step_id": step_id,
            },
        )
    return get_follow_up(db, new_id, now.date())


def _promised(db: Database, number: str, invoice_id: int, amount: Decimal | None) -> Decimal:
    """What a promise to pay is for: `amount` (more than zero, at most the balance), or the
    invoice's whole balance."""
    balance = store.invoice_balance(db, invoice_id)
    if balance <= 0:
        raise Conflict(_("invoice {number} is already paid in full").format(number=number))
    if amount is None:
        return balance
    if amount <= 0:
        raise Invalid(_("bad amount {amount}: must be greater than zero").format(amount=amount))
    if amount > balance:
        raise Invalid(
            _("{amount} is more than the balance of invoice {number} ({balance})").format(
                amount=f"{amount:.2f}", number=number, balance=f"{balance:.2f}"
            )
        )
    return amount


def with_promises(
    db: Database, rows: list[FollowUp], today: date, *, closed_too: bool = False
) -> list[FollowUp]:
    """Promises to pay checked against the payments as of `today`: a kept one is done (on the
    day its amount was reached), a broken one stays open and says so.  Closed ones are checked
    too with `closed_too` (their state kept)."""
    promises = [f for f in rows if f.is_promise and (closed_too or f.state == "open")]
    if not promises:
        return rows
    payments = store.invoice_payments(db, sorted({str(f.invoice) for f in promises}))
    checked = {}
    for f in promises:
        assert f.amount is not None and f.invoice is not None
        promise = check_promise(f.amount, f.created_at.date(), f.due, payments[f.invoice], today)
        if promise.state == "kept" and f.state == "open":
            checked[f.id] = f._replace(state="done", closed_on=promise.kept_on, promise=promise)
        else:
            checked[f.id] = f._replace(promise=promise)
    return [checked.get(f.id, f) for f in rows]


def get_follow_up(db: Database, ref: str | int, today: date) -> FollowUp:
    follow_up_id = ref if isinstance(ref, int) else parse_follow_up_id(ref)
    found = store.get_follow_up(db, follow_up_id)
    if found is None:
        raise NotFound(
            _("no follow-up #{id}").format(id=follow_up_id), _("see: acct follow list --all")
        )
    return with_promises(db, [found], today, closed_too=True)[0]


def list_follow_ups(
    db: Database,
    *,
    today: date,
    owner: str | None,
    client_ref: str | None = None,
    who: str | None = None,
    overdue: bool = False,
    include_all: bool = False,
) -> list[FollowUp]:
    client_id = find_client_id(db, client_ref)[0] if client_ref else None
    rows = store.follow_ups(db, owner, today, client_id=client_id, include_closed=include_all)
    rows = with_promises(db, rows, today, closed_too=include_all)
    if not include_all:
        rows = [f for f in rows if f.state == "open"]  # a kept promise is done
    if who is not None:
        wanted = clean_who(who)
        rows = [f for f in rows if f.who.casefold() == wanted.casefold()]
    if overdue:
        rows = [f for f in rows if f.is_overdue(today)]
    return sorted(rows, key=lambda f: (f.state != "open", *sort_key(f)))


def _open_ones(db: Database, refs: Iterable[str], today: date) -> list[FollowUp]:
    found: list[FollowUp] = []
    for ref in refs:
        follow_up = get_follow_up(db, ref, today)
        if follow_up.state != "open":
            raise Conflict(
                _("follow-up #{id} is already {state}").format(
                    id=follow_up.id, state=label("follow", follow_up.state)
                )
            )
        if follow_up.id not in {f.id for f in found}:
            found.append(follow_up)
    return found


def finish_follow_ups(db: Database, refs: list[str], *, on: date) -> list[FollowUp]:
    """Mark open follow-ups done on `on` (all or none)."""
    with db.transaction():
        found = _open_ones(db, refs, on)
        for follow_up in found:
            store.close_follow_up(db, follow_up.id, "done", on)
    return [get_follow_up(db, f.id, on) for f in found]


def drop_follow_ups(
    db: Database, refs: list[str], *, on: date, why: str | None = None
) -> list[FollowUp]:
    """Drop open follow-ups: no longer owed (all or none)."""
    reason = " ".join(why.split()) if why else None
    with db.transaction():
        found = _open_ones(db, refs, on)
        for follow_up in found:
            store.close_follow_up(db, follow_up.id, "dropped", on, reason or None)
    return [get_follow_up(db, f.id, on) for f in found]


def move_follow_up(db: Database, ref: str, due: date, today: date) -> FollowUp:
    with db.transaction():
        (follow_up,) = _open_ones(db, [ref], today)
        store.set_due(db, follow_up.id, due)
    return get_follow_up(db, follow_up.id, today)


def promises_on_invoices(db: Database, numbers: list[str], today: date) -> dict[str, FollowUp]:
    """The open promise to pay of each of these invoices that has one, as of `today` (a broken
    one before a pending one, then the earliest day)."""
    rows = with_promises(db, store.open_promises(db, numbers), today)
    rows = [f for f in rows if f.state == "open" and f.promise is not None]
    rows.sort(key=lambda f: (not f.broken, *sort_key(f)))
    found: dict[str, FollowUp] = {}
    for f in rows:
        found.setdefault(str(f.invoice), f)
    return found


def broken_promises(
    db: Database, start: date, end: date, client_ids: set[int] | None = None
) -> list[FollowUp]:
    """Promises to pay whose day fell in start..end and that were broken as of `end` (for
    acct kpi --explain); only these clients' unless None."""
    rows = with_promises(db, store.promises_due_between(db, start, end), end, closed_too=True)
    return sorted(
        (f for f in rows if f.broken and (client_ids is None or f.client_id in client_ids)),
        key=sort_key,
    )


KEPT = "kept"  # the `why` of a promise to pay that payments closed (not the user's words)


def close_kept_promises(db: Database, number: str, *, today: date) -> list[FollowUp]:
    """Mark done (on the day the amount was reached) the open promises to pay invoice
    `number` that its payments now keep: a kept promise reads as done everywhere."""
    kept = []
    for f in with_promises(db, store.open_promises(db, [number]), today):
        if f.state == "done" and f.promise is not None and f.promise.kept_on is not None:
            store.close_follow_up(db, f.id, "done", f.promise.kept_on, KEPT)
            kept.append(f)
    return kept


def reopen_unkept_promises(db: Database, number: str, *, today: date) -> list[FollowUp]:
    """After a payment is removed: the promises to pay invoice `number` that payments had kept
    (closed as KEPT) and no longer do are open again."""
    reopened = []
    for f in with_promises(db, store.kept_promises(db, number), today, closed_too=True):
        if f.promise is not None and f.promise.state != "kept":
            store.reopen_follow_up(db, f.id)
            reopened.append(f)
    return reopened


def broken_reason(f: FollowUp, currency: str) -> str:
    """ "promised 30 000 ₽ by 2026-11-20, paid 20 000 ₽" (a broken promise, on `acct today`)."""
    from acctcli.domain.money import money_display

    assert f.promise is not None and f.due is not None
    return _("promised {amount} by {day}, paid {paid}").format(
        amount=money_display(f.promise.amount, currency),
        day=f.due.isoformat(),
        paid=money_display(f.promise.paid, currency),
    )


# --- mail: a reply owed, a follow-up from triage -------------------------------------------


def subject_text(subject: str | None, limit: int = 200) -> str:
    """A message's subject as a follow-up's text: one line, at most `limit` characters."""
    text = " ".join((subject or "").split()) or _("(no subject)")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def working_days_after(settings: object, day: date, count: int) -> date:
    """The `count`-th working day after `day` (0: `day` itself, or the next working day)."""
    from acctcli.services.workdays import calendar_config, work_calendar

    calendar = work_calendar(calendar_config(settings))  # type: ignore[arg-type]
    due = calendar.next_working(day)
    for _step in range(count):
        due = calendar.next_working(due + timedelta(days=1))
    return due


class MailFollowUps(NamedTuple):
    """What marking mail changed among follow-ups: made, closed, and mail left without one
    (no client)."""

    added: list[FollowUp]
    closed: list[FollowUp]
    unmatched: list[int]


def follow_mail_state(
    db: Database, views: list[Any], state: str, *, day: date, now: datetime, settings: Any
) -> MailFollowUps:
    """After messages moved to `state`: needing a reply, each gets an open follow-up "reply to
    …" due `[mail] reply_within` working days after `day` (one per message); answered (waiting,
    done), their open reply follow-ups are done on `day`."""
    added: list[FollowUp] = []
    closed: list[FollowUp] = []
    unmatched: list[int] = []
    with db.transaction():
        open_ones = {f.mail_id: f for f in store.open_reply_follow_ups(db, [v.id for v in views])}
        if state == "needs-reply":
            due = working_days_after(settings, day, settings.mail.reply_within)
            for view in views:
                if view.id in open_ones:
                    continue
                if view.client_id is None:
                    unmatched.append(view.id)
                    continue
                text = _("reply to: {subject}").format(subject=subject_text(view.subject))
                added.append(
                    add_follow_up(
                        db,
                        str(view.client_id),
                        text,
                        now=now,
                        due=due,
                        source="reply",
                        mail_id=view.id,
                        client_id=view.client_id,
                    )
                )
        elif state in ("waiting", "done"):
            for follow_up in open_ones.values():
                store.close_follow_up(db, follow_up.id, "done", day)
                closed.append(get_follow_up(db, follow_up.id, day))
    return MailFollowUps(added, closed, unmatched)


def due_follow_ups(db: Database, settings: object, day: date, owner: str | None) -> list[FollowUp]:
    """Open follow-ups overdue, due `day`, or due within the next 2 working days."""
    from acctcli.services.workdays import calendar_config, work_calendar

    calendar = work_calendar(calendar_config(settings))  # type: ignore[arg-type]
    horizon = day
    for _step in range(2):
        horizon = calendar.next_working(horizon + timedelta(days=1))
    rows = with_promises(db, store.follow_ups(db, owner, day, due_by=horizon), day)
    return [f for f in rows if f.state == "open"]  # a kept promise is done


def follow_up_item(f: FollowUp, day: date, coeff: dict) -> Item:
    """A follow-up as a row of `acct today`: who owes what, since when, and why it ranks."""
    from acctcli.domain.dashboard import Item
    from acctcli.domain.urgency import urgency

    late = f.days_overdue(day)
    due_in = None if f.due is None else (f.due - day).days
    broken = f.broken
    waiting = None if f.who in (ME, CLIENT) else (day - f.created_at.date()).days
    score = urgency(
        coeff,
        days_overdue=late if late > 0 or due_in == 0 else None,
        promised_by_me=f.who == ME,
        broken_promise=broken,
        waiting_days=waiting,
    )
    from acctcli.domain.urgency import days_text

    since = _("since {day}").format(day=f.created_at.date().isoformat())
    soon = [_("due in {days}").format(days=days_text(due_in))] if due_in and due_in > 0 else []
    return Item(
        "followup",
        f.client,
        f.text,
        owes_text(f),
        " · ".join([*score.reasons, *soon, since]),
        score,
        f,
    )
