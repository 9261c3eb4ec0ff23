"""Calls: log a touch, read the history, and work out who is due on a day.

Typer-free on purpose: `acct calls` may be routed before Typer is imported, so the read path
(`calls_config` → `call_list`/`due_calls`) needs only the store, dateutil and the cached
holiday dates.  Every query is indexed: the latest touch per client is one GROUP BY over
ix_touch_client_at, never a query per client.

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
from typing import Any, NamedTuple

from acctcli.domain.calls import (
    CallDue,
    CallRules,
    Hours,
    LastTouch,
    MaxGap,
    clean_touch_channel,
    parse_hours,
    parse_max_gap,
    plan_call,
    split_calls,
)
from acctcli.domain.clients import Client, Contact, name_key
from acctcli.domain.dates import as_date, as_datetime
from acctcli.errors import Invalid, NotFound
from acctcli.services.workdays import CalendarConfig, calendar_config, work_calendar
from acctcli.settings import Settings
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id, load_clients, visible_clause, visible_client_ids

DEFAULT_MAX_GAP = "6w"
DEFAULT_HOURS = "09:00-18:00"
DEFAULT_AHEAD = 7


class CallsConfig(NamedTuple):
    calendar: CalendarConfig
    max_gap: MaxGap | None
    my_hours: Hours | None

    def rules(self) -> CallRules:
        return CallRules(work_calendar(self.calendar), self.max_gap, self.my_hours)


def calls_config(settings: Settings) -> CallsConfig:
    """[calls], [work] and [calendar] from config.toml, checked (errors name the file)."""
    path = settings.config_path
    gap = str(settings.section("calls").get("max_gap", DEFAULT_MAX_GAP))
    hours = str(settings.section("work").get("hours", DEFAULT_HOURS)).strip()
    return CallsConfig(
        calendar=calendar_config(settings),
        max_gap=parse_max_gap(gap, f"{path}: [calls] max_gap"),
        my_hours=None
        if hours.lower() in ("", "none", "any")
        else parse_hours(hours, f"{path}: [work] hours"),
    )


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
    db: Database, before: datetime, client_filter: tuple[str, dict[str, Any]] = ("1 = 1", {})
) -> dict[int, LastTouch]:
    """Each client's latest touch before `before`; `client_filter` is SQL on `client c`."""
    where, params = client_filter
    rows = db.all(latest_touch_sql(where), {**params, "before": before})
    return {
        int(r[0]): LastTouch(
            as_datetime(r[2]), str(r[3]), as_date(r[4]) if r[4] is not None else None
        )
        for r in rows
    }


class CallList(NamedTuple):
    day: date
    calls: list[CallDue]  # due on or before the day: most overdue first, ties by name
    upcoming: list[CallDue]  # due within `ahead` days after it, soonest first
    ahead: int


def _plans(
    db: Database,
    day: date,
    *,
    owner: str | None,
    config: CallsConfig,
    now: datetime | None,
    clients: list[Client] | None = None,
) -> list[CallDue]:
    if clients is None:
        visible = visible_client_ids(db, owner, day)  # own clients and those handed over
        clients = load_clients(db, day, None if visible is None else sorted(visible))
        client_filter = visible_clause(owner, day, "c")
    else:
        marks = ", ".join(f":c{n}" for n in range(len(clients))) or "NULL"
        client_filter = (f"c.id IN ({marks})", {f"c{n}": c.id for n, c in enumerate(clients)})
    end = datetime.combine(day + timedelta(days=1), time())
    touches = latest_touches(db, end, client_filter)
    rules = config.rules()
    plans = []
    for client in clients:
        plan = plan_call(client, touches.get(client.id), day=day, rules=rules, now=now)
        if plan is not None:
            plans.append(plan)
    return plans


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
        raise Invalid("--ahead must be zero or more days")
    plans = _plans(db, day, owner=owner, config=config, now=now)
    due, upcoming = split_calls(plans, ahead=ahead)
    return CallList(day, due, upcoming, ahead)


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


class TouchFields(NamedTuple):
    client: str
    contact: str | None = None
    channel: str | None = None
    at: datetime | None = None
    note: str | None = None
    next_date: date | None = None
    source: str = "manual"
    logged_by: str | None = None


class LoggedTouch(NamedTuple):
    id: int
    client: str
    contact: str | None
    channel: str
    at: datetime
    note: str | None
    next_date: date | None
    next_due: date | None  # the client's next due date after this touch (None: not scheduled)


def find_contact(db: Database, client_id: int, client_name: str, ref: str) -> Contact:
    """One of this client's contacts, by exact name (any case) or unique prefix."""
    key = name_key(ref)
    rows = db.all(
        "SELECT id, name, email, phone, messenger, role, urgent FROM contact WHERE client_id = :c",
        {"c": client_id},
    )
    exact = [r for r in rows if name_key(r[1]) == key]
    matches = exact or [r for r in rows if key and name_key(r[1]).startswith(key)]
    if len(matches) == 1:
        r = matches[0]
        return Contact(int(r[0]), r[1], r[2], r[3], r[4], r[5], bool(r[6]))
    if len(matches) > 1:
        names = ", ".join(sorted(r[1] for r in matches))
        raise Invalid(f"{ref!r} matches several contacts of {client_name}: {names}")
    others = db.all(
        "SELECT c.name, p.name FROM contact p JOIN client c ON c.id = p.client_id"
        " WHERE p.client_id <> :c",
        {"c": client_id},
    )
    elsewhere = [r for r in others if name_key(r[1]) == key] or [
        r for r in others if key and name_key(r[1]).startswith(key)
    ]
    if elsewhere:
        first = elsewhere[0]
        raise Invalid(f"{first[1]} is a contact of {first[0]}, not of {client_name}")
    known = ", ".join(r[1] for r in rows) or "none yet"
    raise NotFound(
        f"{client_name} has no contact named {ref!r} (contacts: {known})",
        f"add one: acct contact add {client_name!r} NAME --phone …",
    )


def _check(fields: TouchFields, now: datetime | None) -> tuple[datetime, str | None]:
    moment = fields.at or now
    if moment is None:
        raise Invalid("a touch needs a time (--at)")
    at = moment.replace(microsecond=0)
    if now is not None and at > now + timedelta(days=1):
        raise Invalid(
            f"--at {at.isoformat(sep=' ', timespec='minutes')} is more than a day in the future"
        )
    if fields.next_date is not None and fields.next_date <= at.date():
        raise Invalid(
            f"--next {fields.next_date.isoformat()} must be after the touch's day "
            f"({at.date().isoformat()})"
        )
    note = fields.note.strip() if fields.note else None
    if note is not None and len(note) > 10_000:
        raise Invalid("the note is longer than 10,000 characters")
    return at, note or None


def record_touch(
    db: Database, fields: TouchFields, *, now: datetime | None, config: CallsConfig | None = None
) -> LoggedTouch:
    """Validate and store one touch (any channel resets the client's clock)."""
    channel = clean_touch_channel(fields.channel) if fields.channel else None
    at, note = _check(fields, now)
    with db.transaction():
        client_id, client_name = find_client_id(db, fields.client)
        row = db.one("SELECT since, channel FROM client WHERE id = :c", {"c": client_id})
        assert row is not None  # found a moment ago, in this transaction
        since = as_date(row[0])
        if at.date() < since:
            raise Invalid(
                f"--at {at.date().isoformat()} is before {client_name} became a client ({since})"
            )
        channel = channel or (row[1] if row[1] else "phone")
        contact = (
            find_contact(db, client_id, client_name, fields.contact) if fields.contact else None
        )
        if fields.next_date is not None:
            later = db.scalar(
                "SELECT max(at) FROM touch WHERE client_id = :c AND at > :at",
                {"c": client_id, "at": at},
            )
            if later is not None:
                raise Invalid(
                    f"--next applies only to the latest touch, and {client_name} has a later one"
                    f" ({as_datetime(later).isoformat(sep=' ', timespec='minutes')})",
                    "log it without --next, or give --next with the latest touch",
                )
        touch_id = db.insert(
            "INSERT INTO touch (client_id, contact_id, channel, at, note, next_date, source,"
            " logged_by) VALUES (:c, :p, :ch, :at, :note, :next, :src, :by)",
            {
                "c": client_id,
                "p": contact.id if contact else None,
                "ch": channel,
                "at": at,
                "note": note,
                "next": fields.next_date,
                "src": fields.source,
                "by": fields.logged_by,
            },
        )
        next_due = None
        if config is not None:
            day = max(at.date(), (now or at).date())
            clients = load_clients(db, day, [client_id])
            plans = _plans(db, day, owner=None, config=config, now=None, clients=clients)
            next_due = plans[0].due if plans else None
    return LoggedTouch(
        touch_id,
        client_name,
        contact.name if contact else None,
        channel,
        at,
        note,
        fields.next_date,
        next_due,
    )


def log_touch(
    db: Database, fields: TouchFields, *, now: datetime, config: CallsConfig
) -> LoggedTouch:
    """`acct call log`: a touch at `--at` (default now), never more than a day ahead."""
    return record_touch(db, fields, now=now, config=config)


# --- history ------------------------------------------------------------------------------


class TouchRow(NamedTuple):
    id: int
    client: str
    at: datetime
    channel: str
    contact: str | None
    note: str | None
    next_date: date | None
    source: str
    logged_by: str | None = None


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
    if client_ref is not None:
        client_id, _ = find_client_id(db, client_ref)
        where, params = "t.client_id = :c", {"c": client_id}
    else:
        where, params = visible_clause(owner, today, "c")
    sql = (
        "SELECT t.id, c.name, t.at, t.channel, p.name, t.note, t.next_date, t.source,"
        " t.logged_by"
        " FROM touch t JOIN client c ON c.id = t.client_id"
        " LEFT JOIN contact p ON p.id = t.contact_id"
        f" WHERE {where} ORDER BY t.at DESC, t.id DESC"
    )
    if limit is not None:
        if limit < 1:
            raise Invalid("--limit must be at least 1")
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [
        TouchRow(
            int(r[0]),
            r[1],
            as_datetime(r[2]),
            r[3],
            r[4],
            r[5],
            as_date(r[6]) if r[6] is not None else None,
            r[7],
            r[8],
        )
        for r in db.all(sql, params)
    ]
