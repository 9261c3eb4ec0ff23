"""Calls: log a touch, read the history, and work out who is due on a day.

Typer-free on purpose: `acct calls` may be routed before Typer is imported, so the read path
(`calls_config` → `call_list`/`due_calls`) needs only the store, dateutil and the cached
holiday dates.  The SQL is in store/calls.py; the rules of who is due in domain/calls.py.

config.toml (all optional):

```toml
[calls]
max_gap = "6w"          # default longest silence before a client is "at risk" ("none": off)
[work]
hours = "09:00-18:00"   # your own working hours
```
(and [calendar]: see services/workdays.py)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from acctcli.domain.calls import (
    MAX_ATTENDEES,
    MAX_PLACE,
    CallDue,
    CallList,
    CallRules,
    Hours,
    LoggedTouch,
    MaxGap,
    TouchFields,
    TouchRow,
    Unreadable,
    clean_touch_channel,
    plan_call,
    split_calls,
    touch_kind,
)
from acctcli.domain.clients import Client, Contact, match_names
from acctcli.errors import AcctError, Invalid, NotFound
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.services.workdays import CalendarConfig, calendar_config, work_calendar
from acctcli.settings import Settings
from acctcli.store import calls as store
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id, load_clients, visible_clause

DEFAULT_AHEAD = 7


class CallsConfig(NamedTuple):
    calendar: CalendarConfig
    max_gap: MaxGap | None
    my_hours: Hours | None

    def rules(self) -> CallRules:
        return CallRules(work_calendar(self.calendar), self.max_gap, self.my_hours)


def calls_config(settings: Settings) -> CallsConfig:
    """[calls], [work] and [calendar] from config.toml (checked when the settings loaded)."""
    return CallsConfig(
        calendar=calendar_config(settings),
        max_gap=settings.calls.max_gap,
        my_hours=settings.work.hours,
    )


def _plans(
    db: Database,
    day: date,
    *,
    owner: str | None,
    config: CallsConfig,
    now: datetime | None,
    clients: list[Client] | None = None,
    problems: list[Unreadable] | None = None,
) -> list[CallDue]:
    if clients is None:
        # own clients and those handed over, without fees and domains (a call needs neither)
        clients = load_clients(db, day, owner=owner, lean=True, problems=problems)
        client_filter = visible_clause(owner, day, "c")
    else:
        client_filter = store.clients_filter([c.id for c in clients])
    end = datetime.combine(day + timedelta(days=1), time())
    touches = store.latest_touches(db, end, client_filter)
    rules = config.rules()
    plans = []
    for client in clients:
        try:
            plan = plan_call(client, touches.get(client.id), day=day, rules=rules, now=now)
        except AcctError:
            raise  # a user error (the calendar in config.toml…), not this client's data
        except Exception as exc:  # noqa: BLE001 - one client's bad data never takes the list down
            if problems is None:
                raise
            problems.append(Unreadable(client.name, client.id, unreadable_reason(exc)))
            continue
        if plan is not None:
            plans.append(plan)
    return plans


def unreadable_reason(exc: BaseException) -> str:
    """What went wrong reading a client's data, in one line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def call_list(
    db: Database,
    day: date,
    *,
    owner: str | None,
    config: CallsConfig,
    now: datetime | None = None,
    ahead: int = DEFAULT_AHEAD,
) -> CallList:
    """Who to contact on `day` (and who comes up in the next `ahead` days).  Only touches
    logged before the end of `day` count.  `now`, when given, marks clients closed right now."""
    if ahead < 0:
        raise Invalid(_("--ahead must be zero or more days"))
    problems: list[Unreadable] = []
    plans = _plans(db, day, owner=owner, config=config, now=now, problems=problems)
    due, upcoming = split_calls(plans, ahead=ahead)
    return CallList(day, due, upcoming, ahead, tuple(problems))


def due_calls(
    db: Database,
    day: date,
    *,
    owner: str | None,
    config: CallsConfig,
    now: datetime | None = None,
) -> list[CallDue]:
    """The calls due on or before `day`, most overdue first (for `acct calls` and `today`)."""
    return call_list(db, day, owner=owner, config=config, now=now, ahead=0).calls


# --- logging a touch ---------------------------------------------------------------------


def _by_name(names: list[str], ref: str) -> list[int]:
    """Indexes of the names equal to `ref` (any case, ё as е), else of those it is a prefix of."""
    return match_names(names, ref)


def find_contact(db: Database, client_id: int, client_name: str, ref: str) -> Contact:
    """One of this client's contacts, by exact name (any case) or unique prefix."""
    contacts = store.client_contacts(db, client_id)
    matches = [contacts[n] for n in _by_name([c.name for c in contacts], ref)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(sorted(c.name for c in matches))
        raise Invalid(
            _("{ref} matches several contacts of {client}: {names}").format(
                ref=repr(ref), client=client_name, names=names
            )
        )
    others = store.other_clients_contacts(db, client_id)
    elsewhere = _by_name([contact for _, contact in others], ref)
    if elsewhere:
        owner, contact = others[elsewhere[0]]
        raise Invalid(
            _("{contact} is a contact of {owner}, not of {client}").format(
                contact=contact, owner=owner, client=client_name
            )
        )
    known = ", ".join(c.name for c in contacts) or _("none yet")
    raise NotFound(
        _("{client} has no contact named {ref} (contacts: {known})").format(
            client=client_name, ref=repr(ref), known=known
        ),
        _("add one: acct contact add {client} NAME --phone …").format(client=repr(client_name)),
    )


def _check(fields: TouchFields, now: datetime | None) -> tuple[datetime, str | None]:
    moment = fields.at or now
    if moment is None:
        raise Invalid(_("a touch needs a time (--at)"))
    at = moment.replace(microsecond=0)
    if now is not None and at > now + timedelta(days=1):
        raise Invalid(
            _("--at {at} is more than a day in the future").format(
                at=at.isoformat(sep=" ", timespec="minutes")
            )
        )
    if fields.next_date is not None and fields.next_date <= at.date():
        raise Invalid(
            _("--next {next} must be after the touch's day ({day})").format(
                next=fields.next_date.isoformat(), day=at.date().isoformat()
            )
        )
    note = fields.note.strip() if fields.note else None
    if note is not None and len(note) > 10_000:
        raise Invalid(_("the note is longer than 10,000 characters"))
    return at, note or None


def record_touch(
    db: Database, fields: TouchFields, *, now: datetime | None, config: CallsConfig | None = None
) -> LoggedTouch:
    """Validate and store one touch (any channel resets the client's clock)."""
    channel = clean_touch_channel(fields.channel) if fields.channel else None
    at, note = _check(fields, now)
    place = " ".join((fields.place or "").split()) or None
    if place is not None and len(place) > MAX_PLACE:
        raise Invalid(_("--where: at most {n} characters").format(n=MAX_PLACE))
    with db.transaction():
        client_id, client_name = find_client_id(db, fields.client)
        defaults = store.touch_defaults(db, client_id)
        assert defaults is not None  # found a moment ago, in this transaction
        since = defaults.since
        if at.date() < since:
            raise Invalid(
                _("--at {day} is before {client} became a client ({since})").format(
                    day=at.date().isoformat(), client=client_name, since=since
                )
            )
        channel = channel or defaults.channel or "phone"
        contact = (
            find_contact(db, client_id, client_name, fields.contact) if fields.contact else None
        )
        if fields.next_date is not None:
            later = store.latest_touch_after(db, client_id, at)
            if later is not None:
                raise Invalid(
                    _(
                        "--next applies only to the latest touch, and {client} has a later one"
                        " ({later})"
                    ).format(
                        client=client_name, later=later.isoformat(sep=" ", timespec="minutes")
                    ),
                    _("log it without --next, or give --next with the latest touch"),
                )
        attendees = _attendees(db, client_id, fields.attendees)
        if contact is None and attendees:
            contact = next((c for c in attendees if isinstance(c, Contact)), None)
        names = tuple(a.name if isinstance(a, Contact) else a for a in attendees)
        kind = touch_kind(fields.kind, channel)
        touch_id = store.insert_touch(
            db,
            client_id=client_id,
            contact_id=contact.id if contact else None,
            channel=channel,
            at=at,
            note=note,
            next_date=fields.next_date,
            source=fields.source,
            logged_by=fields.logged_by,
            kind=fields.kind,  # None: what the channel implies, also after `call edit`
            place=place,
            attendees=names,
        )
        next_due = None
        status = None
        if config is not None:
            day = max(at.date(), (now or at).date())
            clients = load_clients(db, day, [client_id])
            plans = _plans(db, day, owner=None, config=config, now=None, clients=clients)
            next_due = plans[0].due if plans else None
            status = clients[0].status if clients else None
    return LoggedTouch(
        touch_id,
        client_name,
        contact.name if contact else None,
        channel,
        at,
        note,
        fields.next_date,
        next_due,
        kind,
        place,
        names,
        status,
    )


def _attendees(db: Database, client_id: int, names: tuple[str, ...]) -> list[Contact | str]:
    """Who was there: each name one of the client's contacts (exact, any case, or a unique
    prefix) or, matching none, a name as typed (a colleague, a guest)."""
    if len(names) > MAX_ATTENDEES:
        raise Invalid(_("--with: at most {n} names").format(n=MAX_ATTENDEES))
    contacts = store.client_contacts(db, client_id) if names else []
    found: list[Contact | str] = []
    for typed in names:
        name = " ".join(typed.split())
        if not name or len(name) > 100:
            raise Invalid(_("--with: a name of 1 to 100 characters"))
        matches = _by_name([c.name for c in contacts], name)
        who: Contact | str = contacts[matches[0]] if len(matches) == 1 else name
        if who not in found:
            found.append(who)
    return found


def log_touch(
    db: Database, fields: TouchFields, *, now: datetime, config: CallsConfig
) -> LoggedTouch:
    """`acct call log`: a touch at `--at` (default now), never more than a day ahead."""
    return record_touch(db, fields, now=now, config=config)


# --- corrections (issue 15) -----------------------------------------------------------------


def _touch_id(ref: str) -> int:
    text = str(ref).strip().lstrip("#")
    if not text.isdigit() or len(text) > 18:
        raise Invalid(
            _("bad touch id {ref}: expected a number from `acct call history`").format(
                ref=repr(str(ref))
            )
        )
    return int(text)


def _touch(db: Database, ref: str) -> tuple[TouchRow, int, date]:
    found = store.touch_row(db, _touch_id(ref))
    if found is None:
        raise NotFound(_("no touch #{id}").format(id=_touch_id(ref)), _("see: acct call history"))
    return found


def edit_touch(
    db: Database,
    ref: str,
    *,
    now: datetime,
    at: datetime | None = None,
    note: str | None = None,
    channel: str | None = None,
) -> tuple[str, list[tuple[str, str, str]]]:
    """Correct a logged touch: when, the note, the channel; (what, [(field, old, new)…])."""
    from acctcli.domain.labels import label

    if at is None and note is None and channel is None:
        raise Invalid(_("nothing to change: give --at, --note or --channel"))
    with db.transaction():
        touch, _client_id, since = _touch(db, ref)
        fields: dict[str, object] = {}
        changes: list[tuple[str, str, str]] = []
        if at is not None:
            moment, _unused = _check(TouchFields(client=touch.client, at=at), now)
            if moment.date() < since:
                raise Invalid(
                    _("--at {day} is before {client} became a client ({since})").format(
                        day=moment.date().isoformat(), client=touch.client, since=since
                    )
                )
            if touch.next_date is not None and touch.next_date <= moment.date():
                raise Invalid(
                    _("--next {next} must be after the touch's day ({day})").format(
                        next=touch.next_date.isoformat(), day=moment.date().isoformat()
                    )
                )
            if moment != touch.at:
                fields["at"] = moment
                stamp = "%Y-%m-%d %H:%M"
                changes.append((_("at"), touch.at.strftime(stamp), moment.strftime(stamp)))
        if note is not None:
            _moment, cleaned = _check(TouchFields(client=touch.client, note=note), now)
            if cleaned != touch.note:
                fields["note"] = cleaned
                changes.append((_("note"), touch.note or "—", cleaned or "—"))
        if channel is not None:
            value = clean_touch_channel(channel)
            if value != touch.channel:
                fields["channel"] = value
                changes.append(
                    (_("channel"), label("channel", touch.channel), label("channel", value))
                )
        if fields:
            store.update_touch(db, touch.id, **fields)
    return f"#{touch.id} ({touch.client})", changes


def remove_touches(db: Database, refs: list[str]) -> list[TouchRow]:
    """Remove touches logged by mistake (all or none)."""
    with db.transaction():
        found = {t.id: t for t, _c, _s in (_touch(db, ref) for ref in refs)}
        for touch_id in found:
            store.delete_touch(db, touch_id)
    return list(found.values())


# --- history ------------------------------------------------------------------------------


def touch_history(
    db: Database,
    client_ref: str | None,
    *,
    owner: str | None,
    today: date,
    limit: int | None = None,
) -> list[TouchRow]:
    """Touches, newest first: one client's, or those of every client `owner` sees today
    (None: everyone's)."""
    client_id = find_client_id(db, client_ref)[0] if client_ref is not None else None
    if limit is not None and limit < 1:
        raise Invalid(_("--limit must be at least 1"))
    if client_id is not None:
        return store.touches(db, client_id=client_id, limit=limit)
    return store.touches(db, client_filter=visible_clause(owner, today, "c"), limit=limit)
