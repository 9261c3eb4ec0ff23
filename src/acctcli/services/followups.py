"""Follow-ups and promises (issue 16): add, list, done, move, drop, show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from acctcli.domain.followups import (
    CLIENT,
    ME,
    FollowUp,
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
from acctcli.store import followups as store
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)

if TYPE_CHECKING:
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
        client_id, client = find_client_id(db, client_ref)
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
            },
        )
    found_follow_up = store.get_follow_up(db, new_id)
    assert found_follow_up is not None
    return found_follow_up


def get_follow_up(db: Database, ref: str | int) -> FollowUp:
    follow_up_id = ref if isinstance(ref, int) else parse_follow_up_id(ref)
    found = store.get_follow_up(db, follow_up_id)
    if found is None:
        raise NotFound(
            _("no follow-up #{id}").format(id=follow_up_id), _("see: acct follow list --all")
        )
    return found


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
    if who is not None:
        wanted = clean_who(who)
        rows = [f for f in rows if f.who.casefold() == wanted.casefold()]
    if overdue:
        rows = [f for f in rows if f.is_overdue(today)]
    return sorted(rows, key=lambda f: (f.state != "open", *sort_key(f)))


def _open_ones(db: Database, refs: Iterable[str]) -> list[FollowUp]:
    found: list[FollowUp] = []
    for ref in refs:
        follow_up = get_follow_up(db, ref)
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
        found = _open_ones(db, refs)
        for follow_up in found:
            store.close_follow_up(db, follow_up.id, "done", on)
    return [get_follow_up(db, f.id) for f in found]


def drop_follow_ups(
    db: Database, refs: list[str], *, on: date, why: str | None = None
) -> list[FollowUp]:
    """Drop open follow-ups: no longer owed (all or none)."""
    reason = " ".join(why.split()) if why else None
    with db.transaction():
        found = _open_ones(db, refs)
        for follow_up in found:
            store.close_follow_up(db, follow_up.id, "dropped", on, reason or None)
    return [get_follow_up(db, f.id) for f in found]


def move_follow_up(db: Database, ref: str, due: date) -> FollowUp:
    with db.transaction():
        (follow_up,) = _open_ones(db, [ref])
        store.set_due(db, follow_up.id, due)
    return get_follow_up(db, follow_up.id)


def due_follow_ups(db: Database, settings: object, day: date, owner: str | None) -> list[FollowUp]:
    """Open follow-ups overdue, due `day`, or due within the next 2 working days."""
    from acctcli.services.workdays import calendar_config, work_calendar

    calendar = work_calendar(calendar_config(settings))  # type: ignore[arg-type]
    horizon = day
    for _step in range(2):
        horizon = calendar.next_working(horizon + timedelta(days=1))
    return store.follow_ups(db, owner, day, due_by=horizon)


def follow_up_item(f: FollowUp, day: date, coeff: dict) -> Item:
    """A follow-up as a row of `acct today`: who owes what, since when, and why it ranks."""
    from acctcli.domain.dashboard import Item
    from acctcli.domain.urgency import urgency

    late = f.days_overdue(day)
    due_in = None if f.due is None else (f.due - day).days
    broken = f.who == CLIENT and f.invoice is not None and late > 0
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
