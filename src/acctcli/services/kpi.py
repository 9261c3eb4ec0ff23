"""`acct kpi`: a few SQL aggregates in, the pure formulas of domain/kpi.py out.

The report path never loads invoices or payments as rows: two GROUP BY queries sum the whole
ledger into at most (clients × 4 periods × 5 × 5 aging buckets) small rows — the periods are
"before M−2", M−2, M−1 and M, the buckets are each invoice's aging bucket as of the end of M
and of M−1 — from which every receivables and turnover figure of M and M−1 follows by
addition.  (That relies on what pay_invoice guarantees: no payment is dated before its
invoice, and none overpays it.)  Client histories and upsell counts are small and come in
two more queries.  The KPIs are of an owner's own book: a client handed over for a holiday
still counts for its owner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from acctcli.domain.dates import as_date
from acctcli.domain.kpi import (
    BUCKETS,
    ClientTimeline,
    KpiReport,
    MonthFacts,
    ReceivableFacts,
    StatusEvent,
    Upsells,
    aging_cutoffs,
    month_end,
    month_of,
    monthly_kpis,
    previous_month,
)
from acctcli.domain.money import from_minor
from acctcli.store.db import Database

NOW, PREV = 3, 2  # the period index of M and of M − 1


@dataclass(frozen=True)
class KpiOverview:
    report: KpiReport  # month M, for the chosen clients
    previous: KpiReport  # month M − 1, the same clients: the arrows compare with it
    owner: str | None  # whose clients (None: the whole team)
    team: tuple[tuple[str, KpiReport], ...] = ()  # per owner, with --team


@dataclass
class _Sums:
    """Kopeck sums for one client and one month (integers: exact and fast)."""

    opening: int = 0
    invoiced: int = 0
    collected: int = 0
    closing: int = 0
    previous: int = 0
    aging: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))


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


def _params(month: date, owner: str | None) -> dict[str, Any]:
    prev = previous_month(month)
    params: dict[str, Any] = {
        "p1": previous_month(prev),
        "p2": prev,
        "p3": month,
        "end": month_end(month),
    }
    for prefix, as_of in (("a", month_end(month)), ("b", month_end(prev))):
        for k, cutoff in enumerate(aging_cutoffs(as_of)):
            params[f"{prefix}{k}"] = cutoff
    if owner is not None:
        params["o"] = owner
    return params


def _ledger_sums(db: Database, month: date, owner: str | None) -> dict[tuple[int, int], _Sums]:
    """(client id, NOW or PREV) → that month's sums, from two aggregate queries."""
    params = _params(month, owner)
    invoiced = db.all(
        f"SELECT i.client_id, {_period('i.issued')}, {_bucket('a')}, {_bucket('b')},"
        " SUM(i.amount_minor) FROM invoice i WHERE i.issued <= :end"
        f"{_owner_clause('i.client_id', owner)} GROUP BY 1, 2, 3, 4",
        params,
    )
    paid = db.all(
        f"SELECT i.client_id, {_period('p.paid_on')}, {_bucket('a')}, {_bucket('b')},"
        " SUM(p.amount_minor) FROM payment p JOIN invoice i ON i.id = p.invoice_id"
        f" WHERE p.paid_on <= :end{_owner_clause('i.client_id', owner)} GROUP BY 1, 2, 3, 4",
        params,
    )
    sums: dict[tuple[int, int], _Sums] = defaultdict(_Sums)
    for sign, rows in ((1, invoiced), (-1, paid)):
        for client_id, period, bucket_now, bucket_prev, total in rows:
            amount = sign * int(total)
            for report, bucket in ((NOW, bucket_now), (PREV, bucket_prev)):
                acc = sums[(int(client_id), report)]
                if period < report:
                    acc.opening += amount
                elif period == report:
                    if sign > 0:
                        acc.invoiced += amount
                    else:
                        acc.collected -= amount
                if period <= report:
                    acc.closing += amount
                    acc.aging[int(bucket)] += amount
                if sign > 0 and period == report - 1:
                    acc.previous += amount
    return sums


def _upsell_sums(db: Database, month: date, owner: str | None) -> dict[tuple[int, int], Upsells]:
    params = _params(month, owner)
    rows = db.all(
        "SELECT u.client_id,"
        " SUM(CASE WHEN u.opened_on >= :p2 AND u.opened_on < :p3 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN u.opened_on >= :p3 AND u.opened_on <= :end THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p2 AND u.closed_on < :p3"
        "  THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p3 AND u.closed_on <= :end"
        "  THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p2 AND u.closed_on < :p3"
        "  THEN COALESCE(u.value_minor, 0) ELSE 0 END),"
        " SUM(CASE WHEN u.status = 'won' AND u.closed_on >= :p3 AND u.closed_on <= :end"
        "  THEN COALESCE(u.value_minor, 0) ELSE 0 END)"
        " FROM upsell u WHERE (u.opened_on >= :p2 OR u.closed_on >= :p2)"
        f"{_owner_clause('u.client_id', owner)} GROUP BY u.client_id",
        params,
    )
    out: dict[tuple[int, int], Upsells] = {}
    for cid, op_prev, op_now, won_prev, won_now, val_prev, val_now in rows:
        out[(int(cid), PREV)] = Upsells(int(op_prev), int(won_prev), from_minor(val_prev))
        out[(int(cid), NOW)] = Upsells(int(op_now), int(won_now), from_minor(val_now))
    return out


def _timelines(db: Database, owner: str | None) -> dict[int, ClientTimeline]:
    where = "" if owner is None else " WHERE owner = :o"
    params = {} if owner is None else {"o": owner}
    events: dict[int, list[StatusEvent]] = defaultdict(list)
    for cid, status, on, reason in db.all(
        "SELECT client_id, status, on_date, reason FROM client_status"
        f" WHERE 1 = 1{_owner_clause('client_id', owner)} ORDER BY client_id, on_date, id",
        params,
    ):
        events[int(cid)].append(StatusEvent(as_date(on), str(status), reason))
    return {
        int(cid): ClientTimeline(str(name), as_date(since), tuple(events[int(cid)]), str(who))
        for cid, name, since, who in db.all(
            f"SELECT id, name, since, owner FROM client{where}", params
        )
    }


def _facts(sums: _Sums, name: str, upsells: Upsells) -> MonthFacts:
    return MonthFacts(
        receivables=ReceivableFacts(
            opening=from_minor(sums.opening),
            invoiced=from_minor(sums.invoiced),
            collected=from_minor(sums.collected),
            closing=from_minor(sums.closing),
            aging=tuple(from_minor(a) for a in sums.aging),
        ),
        revenue_by_client={name: from_minor(sums.invoiced)} if sums.invoiced else {},
        previous_revenue=from_minor(sums.previous),
        upsells=upsells,
    )


def _total(facts: Iterable[MonthFacts]) -> MonthFacts:
    total = MonthFacts()
    for item in facts:
        total = total + item
    return total


def monthly_overview(db: Database, month: date, *, owner: str | None) -> KpiOverview:
    """The KPIs of `month` (and of the month before, for comparison) for one owner's clients,
    or for everyone's with owner=None — then also per owner."""
    month = month_of(month)
    clients = _timelines(db, owner)
    sums = _ledger_sums(db, month, owner)
    upsells = _upsell_sums(db, month, owner)
    per_client: dict[int, MonthFacts] = {}
    per_client_prev: dict[int, MonthFacts] = {}
    for cid, timeline in clients.items():
        for period, target in ((NOW, per_client), (PREV, per_client_prev)):
            target[cid] = _facts(
                sums.get((cid, period), _Sums()),
                timeline.name,
                upsells.get((cid, period), Upsells()),
            )
    everyone = list(clients.values())
    report = monthly_kpis(_total(per_client.values()), everyone, month)
    previous = monthly_kpis(_total(per_client_prev.values()), everyone, previous_month(month))
    team: list[tuple[str, KpiReport]] = []
    if owner is None:
        for who in sorted({c.owner for c in everyone}, key=str.casefold):
            ids = [cid for cid, c in clients.items() if c.owner == who]
            team.append(
                (
                    who,
                    monthly_kpis(
                        _total(per_client[cid] for cid in ids), [clients[i] for i in ids], month
                    ),
                )
            )
    return KpiOverview(report, previous, owner, tuple(team))
