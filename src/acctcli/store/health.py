"""The SQL of client health (issue 20): the facts of every customer as of a day, from history.

A fixed handful of queries whatever the size of the book — no query per client: the clients
with their latest touch and their oldest message since it (per client an index seek on
ix_touch_client_at and ix_message_client_date), status changes and fees up to the day, the
oldest unpaid invoice past due, incidents of the last 30 days, late onboarding steps, and
broken promises to pay.  Everything is dated, so the facts of a past day are the facts that
were true then (messages answered are read from history: a touch after them).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from acctcli.domain.dates import as_date, as_datetime
from acctcli.domain.health import FEE_CUT_WINDOW_DAYS, FIRE_WINDOW_DAYS, HealthFacts
from acctcli.store.db import Database
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

_FIRE_CAP_HOURS = 72.0


def _clients(db: Database, where: str, params: dict[str, Any]) -> list[Any]:
    """Clients started by the day, with their latest touch before the next day and the oldest
    incoming message after that touch (each an index seek per client: the touch's bound is
    given as one value, never an OR, so that SQLite seeks the message index from it)."""
    last = "(SELECT MAX(t.at) FROM touch t WHERE t.client_id = c.id AND t.at < :next)"
    return db.all(
        f"SELECT c.id, c.name, c.owner, c.since, c.cadence, c.max_gap, {last} AS last_at,"
        " (SELECT MIN(m.date) FROM message m WHERE m.client_id = c.id AND m.outgoing = :no"
        f"  AND m.date < :next AND m.date > COALESCE({last}, :epoch)) AS waiting"
        f" FROM client c WHERE c.since <= :day AND {where}",
        params,
    )


def _per_client(db: Database, sql: str, params: dict[str, Any]) -> dict[int, Any]:
    return {int(r["client_id"]): r for r in db.all(sql, params)}


def health_facts(
    db: Database,
    day: date,
    owner: str | None,
    default_gap: str | None,
    overdue_by_name: Mapping[str, tuple[date, int]] | None = None,
) -> list[HealthFacts]:
    """The facts of every customer (not churned on `day`) that `owner` sees (None: all).
    `overdue_by_name`: client name → (the oldest due date, the kopecks open) of its invoices
    past due on `day`, when the caller has them already (`acct today` lists them anyway)."""
    where, params = visible_clause(owner, day, alias="c")
    nxt = datetime.combine(day + timedelta(days=1), time())
    params.update({"day": day, "next": nxt, "no": False, "epoch": datetime(1900, 1, 1)})
    rows = _clients(db, where, params)
    if not rows:
        return []
    ids_sql = f"SELECT c.id FROM client c WHERE c.since <= :day AND {where}"
    status: dict[int, str] = {}
    for r in db.all(
        "SELECT client_id, status FROM client_status WHERE on_date <= :day"
        f" AND client_id IN ({ids_sql}) ORDER BY on_date, id",
        params,
    ):
        status[int(r["client_id"])] = str(r["status"])
    before = day - timedelta(days=FEE_CUT_WINDOW_DAYS)
    fees: dict[int, dict[str, list[tuple[date, int]]]] = defaultdict(lambda: defaultdict(list))
    for r in db.all(
        "SELECT client_id, service, on_date, fee_minor FROM client_fee WHERE on_date <= :day"
        f" AND client_id IN ({ids_sql}) ORDER BY on_date, id",
        params,
    ):
        fees[int(r["client_id"])][str(r["service"])].append(
            (as_date(r["on_date"]), int(r["fee_minor"] or 0))
        )
    overdue: dict[int, Any] = (
        _overdue(db, ids_sql, params)
        if overdue_by_name is None
        else {
            int(r["id"]): {
                "oldest": overdue_by_name[r["name"]][0],
                "open": overdue_by_name[r["name"]][1],
            }
            for r in rows
            if r["name"] in overdue_by_name
        }
    )
    window = datetime.combine(day - timedelta(days=FIRE_WINDOW_DAYS - 1), time())
    fires: dict[int, list[float]] = defaultdict(list)
    for r in db.all(
        "SELECT client_id, opened_at, resolved_at FROM incident WHERE opened_at >= :from"
        f" AND opened_at < :next AND client_id IN ({ids_sql})",
        {**params, "from": window},
    ):
        opened = as_datetime(r["opened_at"])
        resolved = as_datetime(r["resolved_at"]) if r["resolved_at"] is not None else None
        end = nxt if resolved is None or resolved > nxt else resolved
        hours = max(0.0, (end - opened).total_seconds() / 3600)
        fires[int(r["client_id"])].append(min(_FIRE_CAP_HOURS, hours))
    onboarding = _per_client(
        db,
        "SELECT o.client_id, MIN(s.due) AS late FROM onboarding_step s"
        " JOIN onboarding o ON o.id = s.onboarding_id"
        " WHERE s.due < :day AND (s.done_on IS NULL OR s.done_on > :day)"
        " AND o.start <= :day AND (o.archived_at IS NULL OR o.archived_at >= :next)"
        f" AND o.client_id IN ({ids_sql}) GROUP BY o.client_id",
        params,
    )
    promises = _per_client(
        db,
        "SELECT f.client_id, COUNT(*) AS n FROM follow_up f WHERE f.who = 'client'"
        " AND f.invoice_id IS NOT NULL AND f.due < :day AND f.created_at < :next"
        " AND (f.state = 'open' OR f.closed_on > :day)"
        f" AND f.client_id IN ({ids_sql}) GROUP BY f.client_id",
        params,
    )
    out = []
    for r in rows:
        cid = int(r["id"])
        state = status.get(cid)
        if state == "churned":
            continue
        late = overdue.get(cid)
        step = onboarding.get(cid)
        burned = fires.get(cid, [])
        out.append(
            HealthFacts(
                client_id=cid,
                name=str(r["name"]),
                owner=str(r["owner"]),
                since=as_date(r["since"]),
                cadence=r["cadence"],
                max_gap=_gap(r["max_gap"], default_gap),
                last_touch=None if r["last_at"] is None else as_datetime(r["last_at"]).date(),
                waiting_since=None if r["waiting"] is None else as_datetime(r["waiting"]).date(),
                oldest_overdue=None if late is None else as_date(late["oldest"]),
                overdue_minor=0 if late is None else int(late["open"]),
                fires=len(burned),
                fire_hours=sum(burned),
                onboarding_late_since=None if step is None else as_date(step["late"]),
                paused=state == "paused",
                fees_now_minor=_fees_on(fees.get(cid, {}), day),
                fees_before_minor=_fees_on(fees.get(cid, {}), before),
                broken_promises=0 if cid not in promises else int(promises[cid]["n"]),
            )
        )
    return out


def _overdue(db: Database, ids_sql: str, params: dict[str, Any]) -> dict[int, Any]:
    """client id → (oldest: the due date of its oldest invoice open past due, open: kopecks).
    Only the invoices open on the day are summed (invoice.settled_on's index ranges, 0015);
    a voided one is out of every balance."""
    from acctcli.store.money import OPEN_IDS

    return _per_client(
        db,
        "SELECT q.client_id, MIN(q.due) AS oldest, SUM(q.amount_minor - q.paid) AS open"
        " FROM (SELECT i.client_id, i.due, i.amount_minor, COALESCE((SELECT SUM(p.amount_minor)"
        "  FROM payment p WHERE p.invoice_id = i.id AND p.paid_on <= :day), 0) AS paid"
        f"  FROM invoice i WHERE {OPEN_IDS} AND i.due < :day"
        "  AND (i.voided_on IS NULL OR i.voided_on > :day)"
        f"  AND i.client_id IN ({ids_sql})) q"
        " WHERE q.paid < q.amount_minor GROUP BY q.client_id",
        {**params, "asof": params["day"]},
    )


def _gap(own: str | None, default: str | None) -> str | None:
    if own:
        return None if own.strip().lower() in ("none", "off") else own
    return default


def _fees_on(services: dict[str, list[tuple[date, int]]], day: date) -> int:
    """The sum of each service's latest fee set on or before `day` (rows in date order)."""
    total = 0
    for changes in services.values():
        latest = [fee for on, fee in changes if on <= day]
        if latest:
            total += latest[-1]
    return total
