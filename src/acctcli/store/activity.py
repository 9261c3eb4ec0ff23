"""The SQL of what happened with a set of clients over a period (issue 19): the facts a
client's monthly report and the weekly meeting are made of.  Every query takes the client
ids and the period's first and last day; each is one indexed statement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from acctcli.domain.activity import (
    FollowFact,
    IncidentFact,
    InvoiceFact,
    MailCount,
    PaymentFact,
    StepFact,
    TouchFact,
    UpsellFact,
    WaitingMail,
)
from acctcli.domain.dates import as_date, as_datetime
from acctcli.domain.money import from_minor
from acctcli.store.db import Database, in_marks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _scope(ids: Sequence[int], start: date, end: date) -> tuple[str, dict[str, Any]]:
    marks, params = in_marks("c", list(ids) or [-1])
    params.update(
        {
            "start": start,
            "end": end,
            "t0": datetime.combine(start, time()),
            "t1": datetime.combine(end + timedelta(days=1), time()),
        }
    )
    return marks, params


def touches(db: Database, ids: Sequence[int], start: date, end: date) -> list[TouchFact]:
    marks, params = _scope(ids, start, end)
    rows = db.all(
        "SELECT t.client_id, t.at, t.channel, COALESCE(ct.name, t.contact_name) AS contact,"
        " t.note FROM touch t LEFT JOIN contact ct ON ct.id = t.contact_id"
        f" WHERE t.client_id IN ({marks}) AND t.at >= :t0 AND t.at < :t1 ORDER BY t.at, t.id",
        params,
    )
    return [
        TouchFact(int(r["client_id"]), as_datetime(r["at"]), r["channel"], r["contact"], r["note"])
        for r in rows
    ]


def incidents(db: Database, ids: Sequence[int], start: date, end: date) -> list[IncidentFact]:
    """Incidents open at some moment of the period (opened before its end, not resolved
    before its start)."""
    marks, params = _scope(ids, start, end)
    rows = db.all(
        "SELECT id, client_id, title, severity, opened_at, resolved_at, resolution FROM incident"
        f" WHERE client_id IN ({marks}) AND opened_at < :t1"
        " AND (resolved_at IS NULL OR resolved_at >= :t0) ORDER BY opened_at, id",
        params,
    )
    return [
        IncidentFact(
            int(r["id"]),
            int(r["client_id"]),
            r["title"],
            r["severity"],
            as_datetime(r["opened_at"]),
            None if r["resolved_at"] is None else as_datetime(r["resolved_at"]),
            r["resolution"],
        )
        for r in rows
    ]


def mail_counts(db: Database, ids: Sequence[int], start: date, end: date) -> list[MailCount]:
    """Mail from the clients dated in the period, by category."""
    marks, params = _scope(ids, start, end)
    rows = db.all(
        "SELECT client_id, category, COUNT(*) AS n FROM message"
        f" WHERE client_id IN ({marks}) AND date >= :t0 AND date < :t1"
        " AND outgoing = :no GROUP BY client_id, category ORDER BY client_id, category",
        {**params, "no": False},
    )
    return [MailCount(int(r["client_id"]), r["category"], int(r["n"])) for r in rows]


def waiting_mail(db: Database, ids: Sequence[int], until: date) -> list[WaitingMail]:
    """The clients' messages not yet answered (new or needs-reply), oldest first."""
    marks, params = _scope(ids, until, until)
    rows = db.all(
        "SELECT id, client_id, date, subject, state FROM message"
        f" WHERE client_id IN ({marks}) AND state IN ('new', 'needs-reply')"
        " AND outgoing = :no AND date IS NOT NULL AND date < :t1 ORDER BY date, id",
        {**params, "no": False},
    )
    return [
        WaitingMail(
            int(r["id"]), int(r["client_id"]), as_datetime(r["date"]), r["subject"], r["state"]
        )
        for r in rows
    ]


def invoices(db: Database, ids: Sequence[int], until: date) -> list[InvoiceFact]:
    """Every invoice issued by `until`, with what was paid on it by then."""
    marks, params = _scope(ids, until, until)
    rows = db.all(
        "SELECT i.client_id, i.number, i.amount_minor, i.issued, i.due, i.service,"
        " COALESCE((SELECT SUM(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id"
        "  AND p.paid_on <= :end), 0) AS paid_minor"
        f" FROM invoice i WHERE i.client_id IN ({marks}) AND i.issued <= :end"
        " ORDER BY i.issued, i.number",
        params,
    )
    return [
        InvoiceFact(
            int(r["client_id"]),
            str(r["number"]),
            from_minor(int(r["amount_minor"])),
            as_date(r["issued"]),
            as_date(r["due"]),
            from_minor(int(r["paid_minor"])),
            r["service"],
        )
        for r in rows
    ]


def payments(db: Database, ids: Sequence[int], start: date, end: date) -> list[PaymentFact]:
    marks, params = _scope(ids, start, end)
    rows = db.all(
        "SELECT i.client_id, i.number, p.amount_minor, p.paid_on FROM payment p"
        f" JOIN invoice i ON i.id = p.invoice_id WHERE i.client_id IN ({marks})"
        " AND p.paid_on >= :start AND p.paid_on <= :end ORDER BY p.paid_on, i.number",
        params,
    )
    return [
        PaymentFact(
            int(r["client_id"]),
            str(r["number"]),
            from_minor(int(r["amount_minor"])),
            as_date(r["paid_on"]),
        )
        for r in rows
    ]


def _closed_by(state: str, closed_on: Any, end: date) -> tuple[str, date | None]:
    """(state, closed_on) as of `end`: a row closed after it was still open then."""
    if closed_on is None or as_date(closed_on) > end:
        return ("open", None) if closed_on is not None else (state, None)
    return state, as_date(closed_on)


def follow_ups(db: Database, ids: Sequence[int], start: date, end: date) -> list[FollowFact]:
    """Follow-ups of the period: made by its end (or due or closed by then, whenever they
    were written down), and open at its end or closed in it."""
    marks, params = _scope(ids, start, end)
    rows = db.all(
        "SELECT id, client_id, text, who, due, state, created_at, closed_on FROM follow_up"
        f" WHERE client_id IN ({marks})"
        " AND (created_at < :t1 OR due <= :end OR closed_on <= :end)"
        " AND (closed_on IS NULL OR closed_on >= :start) ORDER BY due, id",
        params,
    )
    found = []
    for r in rows:
        state, closed = _closed_by(r["state"], r["closed_on"], end)
        due = None if r["due"] is None else as_date(r["due"])
        found.append(
            FollowFact(
                int(r["id"]),
                int(r["client_id"]),
                r["text"],
                r["who"],
                due,
                state,
                closed,
                as_date(r["created_at"]),
            )
        )
    return found


def upsells(db: Database, ids: Sequence[int], start: date, end: date) -> list[UpsellFact]:
    """Upsells proposed by the period's end and still open in it or closed in it."""
    marks, params = _scope(ids, start, end)
    rows = db.all(
        "SELECT id, client_id, service, value_minor, status, opened_on, closed_on, note"
        f" FROM upsell WHERE client_id IN ({marks}) AND opened_on <= :end"
        " AND (closed_on IS NULL OR closed_on >= :start) ORDER BY opened_on, id",
        params,
    )
    found = []
    for r in rows:
        status, closed = _closed_by(r["status"], r["closed_on"], end)
        value = None if r["value_minor"] is None else from_minor(int(r["value_minor"]))
        found.append(
            UpsellFact(
                int(r["id"]),
                int(r["client_id"]),
                r["service"],
                value,
                status,
                closed,
                as_date(r["opened_on"]),
                r["note"],
            )
        )
    return found


def onboarding_steps(db: Database, ids: Sequence[int]) -> list[StepFact]:
    """The steps of each client's current checklist, in order."""
    marks, params = _scope(ids, date.min, date.min)
    rows = db.all(
        "SELECT o.client_id, s.key, s.title, s.due, s.done_on FROM onboarding_step s"
        " JOIN onboarding o ON o.id = s.onboarding_id"
        f" WHERE o.client_id IN ({marks}) AND o.archived_at IS NULL"
        " ORDER BY o.client_id, s.position",
        {k: v for k, v in params.items() if k.startswith("c")},
    )
    return [
        StepFact(
            int(r["client_id"]),
            r["key"],
            r["title"],
            as_date(r["due"]),
            None if r["done_on"] is None else as_date(r["done_on"]),
        )
        for r in rows
    ]


def invoiced_by_month(db: Database, client_id: int, first: date, last: date) -> dict[str, int]:
    """Minor units invoiced per month (YYYY-MM) from `first` to `last` (issue dates)."""
    rows = db.all(
        "SELECT issued, amount_minor FROM invoice WHERE client_id = :c"
        " AND issued >= :first AND issued <= :last",
        {"c": client_id, "first": first, "last": last},
    )
    found: dict[str, int] = {}
    for r in rows:
        day = as_date(r["issued"])
        key = f"{day.year:04d}-{day.month:02d}"
        found[key] = found.get(key, 0) + int(r["amount_minor"])
    return found
