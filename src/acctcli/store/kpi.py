"""The SQL of `acct kpi`: a few aggregates over the ledger, upsells and client histories.

The ledger is never loaded as rows: two GROUP BY queries sum it into at most
(clients × 4 periods × 5 × 5 aging buckets) small rows.  The periods are "before M−2", M−2,
M−1 and M (0-3: PREV and NOW are M−1 and M); the buckets are each invoice's aging bucket as of
the end of M and of M−1.  The KPIs are of an owner's own book: a client handed over for a
holiday still counts for its owner.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from acctcli.domain.dates import as_date
from acctcli.domain.kpi import (
    BUCKETS,
    ClientTimeline,
    FeeChange,
    StatusEvent,
    Upsells,
    aging_cutoffs,
    month_end,
    previous_month,
)
from acctcli.domain.money import from_minor
from acctcli.records import NamedTuple
from acctcli.store.db import Database

NOW, PREV = 3, 2  # the period index of M and of M − 1


class LedgerTotal(NamedTuple):
    """The sum of one client's invoices (or payments) in one period and aging bucket pair."""

    client_id: int
    period: int  # 0-3, see the module's docstring
    bucket_now: int  # the invoice's aging bucket as of the end of M
    bucket_prev: int  # …as of the end of M − 1
    amount_minor: int


def _period(column: str) -> str:
    return (
        f"CASE WHEN {column} < :p1 THEN 0 WHEN {column} < :p2 THEN 1"
        f" WHEN {column} < :p3 THEN 2 ELSE 3 END"
    )


def _bucket(prefix: str) -> str:
    whens = " ".join(f"WHEN i.due >= :{prefix}{k} THEN {k}" for k in range(len(BUCKETS) - 1))
    return f"CASE {whens} ELSE {len(BUCKETS) - 1} END"


def _owner_clause(column: str, owner: str | None) -> str:
    return "" if owner is None else f" AND {column} IN (SELECT id FROM client WHERE owner = :o)"


def _params(month: date, owner: str | None, as_of: date | None = None) -> dict[str, Any]:
    prev = previous_month(month)
    end = month_end(month) if as_of is None else as_of
    params: dict[str, Any] = {
        "p1": previous_month(prev),
        "p2": prev,
        "p3": month,
        "end": end,
    }
    for prefix, day in (("a", end), ("b", month_end(prev))):
        for k, cutoff in enumerate(aging_cutoffs(day)):
            params[f"{prefix}{k}"] = cutoff
    if owner is not None:
        params["o"] = owner
    return params


def _grouping(day_column: str) -> str:
    """The four columns the ledger is summed by, for invoices (issued) or payments (paid_on)."""
    return (
        f"i.client_id AS client_id, {_period(day_column)} AS period,"
        f" {_bucket('a')} AS bucket_now, {_bucket('b')} AS bucket_prev"
    )


def _totals(rows: list[Any]) -> list[LedgerTotal]:
    return [
        LedgerTotal(
            int(r["client_id"]),
            int(r["period"]),
            int(r["bucket_now"]),
            int(r["bucket_prev"]),
            int(r["total"]),
        )
        for r in rows
    ]


def ledger_totals(
    db: Database, month: date, owner: str | None, as_of: date | None = None
) -> tuple[list[LedgerTotal], list[LedgerTotal]]:
    """(invoiced, paid) up to the report's day (`as_of`, default the end of `month`), summed
    per client, period and buckets (M's buckets as of that day).

    The three months are read through the date indexes; before them (period 0) only the
    invoices not settled by then are read, with their payments: an invoice settled before
    M − 2 was paid its amount exactly, all before M − 2 (invoice.settled_on, migration 0015),
    so its +amount and −payments cancel in every sum.  A client's several rows for one key
    are added up by the caller."""
    params = _params(month, owner, as_of)
    owner_sql = _owner_clause("i.client_id", owner)
    # the invoices not settled before M − 2 (settled_on, through its index); a payment made
    # before M − 2 for an invoice issued since (acct refuses it, SQL does not) counts too
    unsettled = (
        "SELECT id FROM invoice WHERE settled_on IS NULL"
        " UNION ALL SELECT id FROM invoice WHERE settled_on >= :p1"
    )
    invoiced = []
    for where in (
        "i.issued >= :p1 AND i.issued <= :end",
        f"i.issued < :p1 AND i.id IN ({unsettled})",
    ):
        invoiced += db.all(
            f"SELECT {_grouping('i.issued')}, SUM(i.amount_minor) AS total"
            f" FROM invoice i WHERE {where}{owner_sql} GROUP BY 1, 2, 3, 4",
            params,
        )
    # a void invoice (issue 15) stays invoiced in its month and is taken back in the month it
    # is voided, like a credit note: closing = opening + invoiced − collected still holds
    invoiced += db.all(
        f"SELECT {_grouping('i.voided_on')}, -SUM(i.amount_minor) AS total"
        f" FROM invoice i WHERE i.voided_on <= :end{owner_sql} GROUP BY 1, 2, 3, 4",
        params,
    )
    paid = []
    for where in (
        "p.paid_on >= :p1 AND p.paid_on <= :end",
        f"p.paid_on < :p1 AND i.id IN ({unsettled}"
        " UNION ALL SELECT id FROM invoice WHERE issued >= :p1)",
    ):
        paid += db.all(
            f"SELECT {_grouping('p.paid_on')}, SUM(p.amount_minor) AS total"
            f" FROM payment p JOIN invoice i ON i.id = p.invoice_id"
            f" WHERE {where}{owner_sql} GROUP BY 1, 2, 3, 4",
            params,
        )
    return _totals(invoiced), _totals(paid)


def invoiced_between(db: Database, first: date, last: date, owner: str | None) -> dict[int, int]:
    """client id → the kopecks invoiced from `first` to `last` (inclusive)."""
    params: dict[str, Any] = {"f": first, "l": last}
    if owner is not None:
        params["o"] = owner
    return {
        int(r["client_id"]): int(r["total"])
        for r in db.all(
            "SELECT client_id, SUM(amount) AS total FROM ("
            " SELECT i.client_id AS client_id, i.amount_minor AS amount FROM invoice i"
            f" WHERE i.issued >= :f AND i.issued <= :l{_owner_clause('i.client_id', owner)}"
            " UNION ALL SELECT i.client_id, -i.amount_minor FROM invoice i"
            f" WHERE i.voided_on >= :f AND i.voided_on <= :l{_owner_clause('i.client_id', owner)}"
            ") AS v GROUP BY client_id",
            params,
        )
    }


def upsell_counts(
    db: Database, month: date, owner: str | None, as_of: date | None = None
) -> dict[tuple[int, int], Upsells]:
    """(client id, NOW or PREV) → the upsells opened and won in that month (M: up to
    `as_of`)."""
    params = _params(month, owner, as_of)
    rows = db.all(
        "SELECT u.client_id AS client_id,"
        " SUM(CASE WHEN u.opened_on >= :p2 AND u.opened_on < :p3 THEN 1 ELSE 0 END)"
        "  AS opened_prev,"
        " SUM(CASE WHEN u.opened_on >= :p3 AND u.opened_on <= :end THEN 1 ELSE 0 END)"
        "  AS opened_now,"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p2 AND u.closed_on < :p3"
        "  THEN 1 ELSE 0 END) AS won_prev,"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p3 AND u.closed_on <= :end"
        "  THEN 1 ELSE 0 END) AS won_now,"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p2 AND u.closed_on < :p3"
        "  THEN COALESCE(u.value_minor, 0) ELSE 0 END) AS value_prev,"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p3 AND u.closed_on <= :end"
        "  THEN COALESCE(u.value_minor, 0) ELSE 0 END) AS value_now"
        " FROM upsell u WHERE (u.opened_on >= :p2 OR u.closed_on >= :p2)"
        f"{_owner_clause('u.client_id', owner)} GROUP BY u.client_id",
        params,
    )
    out: dict[tuple[int, int], Upsells] = {}
    for r in rows:
        cid = int(r["client_id"])
        out[(cid, PREV)] = Upsells(
            int(r["opened_prev"]), int(r["won_prev"]), from_minor(r["value_prev"])
        )
        out[(cid, NOW)] = Upsells(
            int(r["opened_now"]), int(r["won_now"]), from_minor(r["value_now"])
        )
    return out


def client_timelines(db: Database, owner: str | None) -> dict[int, ClientTimeline]:
    """Every client of `owner` (None: everyone's) with its status history, by id."""
    where = "" if owner is None else " WHERE owner = :o"
    params = {} if owner is None else {"o": owner}
    events: dict[int, list[StatusEvent]] = defaultdict(list)
    for r in db.all(
        "SELECT client_id, status, on_date, reason FROM client_status"
        f" WHERE 1 = 1{_owner_clause('client_id', owner)} ORDER BY client_id, on_date, id",
        params,
    ):
        events[int(r["client_id"])].append(
            StatusEvent(as_date(r["on_date"]), str(r["status"]), r["reason"])
        )
    return {
        int(r["id"]): ClientTimeline(
            str(r["name"]), as_date(r["since"]), tuple(events[int(r["id"])]), str(r["owner"])
        )
        for r in db.all(f"SELECT id, name, since, owner FROM client{where}", params)
    }


def fee_history(
    db: Database, owner: str | None, until: date, *, table: str = "client_fee"
) -> dict[int, list[FeeChange]]:
    """client id → its fee changes dated on or before `until`, in the order recorded
    (table="client_cost": its cost changes, issue 20's profit)."""
    column = {"client_fee": "fee_minor", "client_cost": "cost_minor"}[table]
    params: dict[str, Any] = {"u": until}
    if owner is not None:
        params["o"] = owner
    out: dict[int, list[FeeChange]] = defaultdict(list)
    for r in db.all(
        f"SELECT client_id, service, on_date, {column} AS amount FROM {table} WHERE on_date <= :u"
        f"{_owner_clause('client_id', owner)} ORDER BY client_id, on_date, id",
        params,
    ):
        fee = None if r["amount"] is None else from_minor(r["amount"])
        out[int(r["client_id"])].append(FeeChange(str(r["service"]), as_date(r["on_date"]), fee))
    return out
