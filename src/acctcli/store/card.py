"""The SQL of the client card (issue 20): one client's open items and its latest events.

Each read is about one client and indexed by it (client_id first); the timeline takes the
latest 20 of each kind of event up to the day and merges them in Python.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from acctcli.domain.dates import as_date, as_datetime
from acctcli.domain.money import from_minor
from acctcli.records import NamedTuple
from acctcli.store.db import Database

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

TIMELINE = 20


class Event(NamedTuple):
    """One dated event of a client's history: what kind, when, and its facts."""

    at: datetime
    kind: str  # status, touch, mail-in, mail-out, incident, resolved, invoice, payment,
    # upsell, upsell-won, upsell-lost, follow-up, follow-up-closed, fee, cost, onboarding-step
    facts: dict


class Touch(NamedTuple):
    at: datetime
    channel: str
    note: str | None


def _end(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time())


def notes(db: Database, client_id: int) -> str | None:
    value = db.scalar("SELECT notes FROM client WHERE id = :c", {"c": client_id})
    return None if value is None else str(value)


def latest_touch(db: Database, client_id: int, day: date) -> Touch | None:
    row = db.one(
        "SELECT at, channel, note FROM touch WHERE client_id = :c AND at < :end"
        " ORDER BY at DESC, id DESC LIMIT 1",
        {"c": client_id, "end": _end(day)},
    )
    if row is None:
        return None
    return Touch(as_datetime(row["at"]), str(row["channel"]), row["note"])


def latest_amounts(db: Database, client_id: int, day: date, table: str) -> dict[str, Decimal]:
    """Each service's latest fee (table client_fee) or cost (client_cost) set by `day`."""
    column = {"client_fee": "fee_minor", "client_cost": "cost_minor"}[table]
    latest: dict[str, Any] = {}
    for r in db.all(
        f"SELECT service, {column} AS amount FROM {table} WHERE client_id = :c AND on_date <= :d"
        " ORDER BY on_date, id",
        {"c": client_id, "d": day},
    ):
        latest[str(r["service"])] = r["amount"]
    return {s: from_minor(v) for s, v in latest.items() if v is not None}


def mail_counts(db: Database, client_id: int) -> dict[str, int]:
    """The client's messages not done, by state (new, needs-reply, waiting, snoozed)."""
    return {
        str(r["state"]): int(r["n"])
        for r in db.all(
            "SELECT state, COUNT(*) AS n FROM message WHERE client_id = :c AND state <> 'done'"
            " GROUP BY state",
            {"c": client_id},
        )
    }


class CardIncident(NamedTuple):
    id: int
    title: str
    severity: str
    opened_at: datetime
    resolved_at: datetime | None


def incidents(db: Database, client_id: int, day: date, recent_days: int = 30) -> list[CardIncident]:
    """Open on the day, or resolved in the `recent_days` before it: newest first."""
    since = datetime.combine(day - timedelta(days=recent_days), time())
    return [
        CardIncident(
            int(r["id"]),
            str(r["title"]),
            str(r["severity"]),
            as_datetime(r["opened_at"]),
            None if r["resolved_at"] is None else as_datetime(r["resolved_at"]),
        )
        for r in db.all(
            "SELECT id, title, severity, opened_at, resolved_at FROM incident"
            " WHERE client_id = :c AND opened_at < :end"
            " AND (resolved_at IS NULL OR resolved_at >= :since)"
            " ORDER BY opened_at DESC, id DESC",
            {"c": client_id, "end": _end(day), "since": since},
        )
    ]


class CardUpsell(NamedTuple):
    id: int
    service: str
    value: Decimal | None
    status: str
    opened_on: date
    closed_on: date | None
    note: str | None


def upsells(db: Database, client_id: int, day: date, recent_days: int = 90) -> list[CardUpsell]:
    """Open on the day, or closed in the `recent_days` before it: newest first."""
    return [
        CardUpsell(
            int(r["id"]),
            str(r["service"]),
            None if r["value_minor"] is None else from_minor(r["value_minor"]),
            str(r["status"])
            if r["closed_on"] is None or as_date(r["closed_on"]) <= day
            else "open",
            as_date(r["opened_on"]),
            None if r["closed_on"] is None else as_date(r["closed_on"]),
            r["note"],
        )
        for r in db.all(
            "SELECT id, service, value_minor, status, opened_on, closed_on, note FROM upsell"
            " WHERE client_id = :c AND opened_on <= :d AND (closed_on IS NULL OR closed_on >= :f)"
            " ORDER BY opened_on DESC, id DESC",
            {"c": client_id, "d": day, "f": day - timedelta(days=recent_days)},
        )
    ]


def _dt(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = str(value)
    return as_datetime(text) if len(text) > 10 else datetime.combine(as_date(text), time())


# kind, SQL (its first column `at`), the facts' columns
_TIMELINE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "status",
        "SELECT on_date AS at, status, reason FROM client_status WHERE client_id = :c"
        " AND on_date <= :d ORDER BY on_date DESC, id DESC",
        ("status", "reason"),
    ),
    (
        "touch",
        "SELECT at, channel, note FROM touch WHERE client_id = :c AND at < :end"
        " ORDER BY at DESC, id DESC",
        ("channel", "note"),
    ),
    (
        "mail",
        "SELECT date AS at, outgoing, subject, from_name, from_addr FROM message"
        " WHERE client_id = :c AND date < :end ORDER BY date DESC, id DESC",
        ("outgoing", "subject", "from_name", "from_addr"),
    ),
    (
        "incident",
        "SELECT opened_at AS at, id, title, severity FROM incident WHERE client_id = :c"
        " AND opened_at < :end ORDER BY opened_at DESC, id DESC",
        ("id", "title", "severity"),
    ),
    (
        "resolved",
        "SELECT resolved_at AS at, id, title, opened_at FROM incident WHERE client_id = :c"
        " AND resolved_at < :end ORDER BY resolved_at DESC, id DESC",
        ("id", "title", "opened_at"),
    ),
    (
        "invoice",
        "SELECT issued AS at, number, amount_minor, due FROM invoice WHERE client_id = :c"
        " AND issued <= :d ORDER BY issued DESC, id DESC",
        ("number", "amount_minor", "due"),
    ),
    (
        "payment",
        "SELECT p.paid_on AS at, i.number, p.amount_minor FROM payment p"
        " JOIN invoice i ON i.id = p.invoice_id WHERE i.client_id = :c AND p.paid_on <= :d"
        " ORDER BY p.paid_on DESC, p.id DESC",
        ("number", "amount_minor"),
    ),
    (
        "upsell",
        "SELECT opened_on AS at, id, service, value_minor FROM upsell WHERE client_id = :c"
        " AND opened_on <= :d ORDER BY opened_on DESC, id DESC",
        ("id", "service", "value_minor"),
    ),
    (
        "upsell-closed",
        "SELECT closed_on AS at, id, service, status FROM upsell WHERE client_id = :c"
        " AND closed_on <= :d ORDER BY closed_on DESC, id DESC",
        ("id", "service", "status"),
    ),
    (
        "follow-up",
        "SELECT created_at AS at, id, text, who, due FROM follow_up WHERE client_id = :c"
        " AND created_at < :end ORDER BY created_at DESC, id DESC",
        ("id", "text", "who", "due"),
    ),
    (
        "follow-up-closed",
        "SELECT closed_on AS at, id, text, state FROM follow_up WHERE client_id = :c"
        " AND closed_on <= :d ORDER BY closed_on DESC, id DESC",
        ("id", "text", "state"),
    ),
    (
        "fee",
        "SELECT on_date AS at, service, fee_minor FROM client_fee WHERE client_id = :c"
        " AND on_date <= :d ORDER BY on_date DESC, id DESC",
        ("service", "fee_minor"),
    ),
    (
        "cost",
        "SELECT on_date AS at, service, cost_minor FROM client_cost WHERE client_id = :c"
        " AND on_date <= :d ORDER BY on_date DESC, id DESC",
        ("service", "cost_minor"),
    ),
    (
        "onboarding-step",
        "SELECT s.done_on AS at, s.key, s.title FROM onboarding_step s"
        " JOIN onboarding o ON o.id = s.onboarding_id WHERE o.client_id = :c"
        " AND s.done_on <= :d ORDER BY s.done_on DESC, s.id DESC",
        ("key", "title"),
    ),
)


def timeline(db: Database, client_id: int, day: date, limit: int = TIMELINE) -> list[Event]:
    """The client's latest `limit` events of every kind up to the end of `day`, newest first
    (events of one day without a time sort as at its start)."""
    params = {"c": client_id, "d": day, "end": _end(day)}
    events: list[Event] = []
    for kind, sql, columns in _TIMELINE:
        for r in db.all(f"{sql} LIMIT {int(limit)}", params):
            if r["at"] is None:
                continue
            facts = {c: r[c] for c in columns}
            name = kind
            if kind == "mail":
                name = "mail-out" if facts.pop("outgoing") else "mail-in"
            events.append(Event(_dt(r["at"]), name, facts))
    events.sort(key=lambda e: e.at, reverse=True)
    return events[:limit]
