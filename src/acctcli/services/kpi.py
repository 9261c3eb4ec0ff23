"""`acct kpi`: a few SQL aggregates in (store/kpi.py), the pure formulas of domain/kpi.py out.

The ledger's aggregate rows are (client, period, aging bucket as of the end of M and of M−1)
sums, from which every receivables and turnover figure of M and M−1 follows by addition.
(That relies on what pay_invoice guarantees: no payment is dated before its invoice, and none
overpays it.)  Client histories and upsell counts are small and come in two more queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from acctcli.domain.kpi import (
    BUCKETS,
    ClientProfit,
    KpiOverview,
    KpiReport,
    MonthFacts,
    Mrr,
    Profit,
    ReceivableFacts,
    Upsells,
    client_cost,
    client_mrr_movement,
    month_end,
    month_of,
    monthly_kpis,
    previous_month,
    report_day,
    same_day_before,
)
from acctcli.domain.money import from_minor
from acctcli.store import kpi as store
from acctcli.store.db import Database
from acctcli.store.kpi import NOW, PREV


@dataclass
class _Sums:
    """Kopeck sums for one client and one month (integers: exact and fast)."""

    opening: int = 0
    invoiced: int = 0
    collected: int = 0
    closing: int = 0
    previous: int = 0
    aging: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))


def _ledger_sums(
    db: Database, month: date, owner: str | None, as_of: date
) -> dict[tuple[int, int], _Sums]:
    """(client id, NOW or PREV) → that month's sums, from the ledger's aggregate rows (M up to
    its day A = `as_of`; a running month's `previous` is M − 1 up to the same day)."""
    invoiced, paid = store.ledger_totals(db, month, owner, as_of)
    sums: dict[tuple[int, int], _Sums] = defaultdict(_Sums)
    for sign, rows in ((1, invoiced), (-1, paid)):
        for row in rows:
            amount = sign * row.amount_minor
            period = row.period
            for report, bucket in ((NOW, row.bucket_now), (PREV, row.bucket_prev)):
                acc = sums[(row.client_id, report)]
                if period < report:
                    acc.opening += amount
                elif period == report:
                    if sign > 0:
                        acc.invoiced += amount
                    else:
                        acc.collected -= amount
                if period <= report:
                    acc.closing += amount
                    acc.aging[bucket] += amount
                if sign > 0 and period == report - 1:
                    acc.previous += amount
    if as_of < month_end(month):  # like with like: M − 1 up to the same day of the month
        for (_cid, report), acc in sums.items():
            if report == NOW:
                acc.previous = 0
        upto = same_day_before(month, as_of)
        for cid, total in store.invoiced_between(db, previous_month(month), upto, owner).items():
            sums[(cid, NOW)].previous = total
    return sums


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


def _profits(
    clients: dict,
    costs: dict,
    sums: dict[tuple[int, int], _Sums],
    period: int,
    month: date,
    as_of: date,
) -> dict[int, ClientProfit]:
    """client id → its revenue and cost in the month, for the clients with either."""
    out: dict[int, ClientProfit] = {}
    for cid, timeline in clients.items():
        revenue = sums[(cid, period)].invoiced if (cid, period) in sums else 0
        cost = client_cost(timeline, costs.get(cid, []), month, as_of) if cid in costs else None
        if revenue or cost is not None:
            out[cid] = ClientProfit(timeline.name, from_minor(revenue), cost, timeline.owner)
    return out


def monthly_overview(
    db: Database,
    month: date,
    *,
    owner: str | None,
    today: date | None = None,
    promises: bool = False,
) -> KpiOverview:
    """The KPIs of `month` (and of the month before, for comparison) for one owner's clients,
    or for everyone's with owner=None — then also per owner.  With `today`, a month still
    running is reported as of today (kpi.md's day A); a month not begun is an error.  With
    `promises`, the promises to pay broken in the month too."""
    month = month_of(month)
    as_of = month_end(month) if today is None else report_day(month, today)
    if as_of is None:
        from acctcli.errors import Invalid
        from acctcli.i18n import _

        raise Invalid(
            _("{month} has not begun yet: KPIs are for this month or a past one").format(
                month=month.strftime("%Y-%m")
            )
        )
    clients = store.client_timelines(db, owner)
    fees = store.fee_history(db, owner, as_of)
    prev = previous_month(month)
    mrr_now = {c: client_mrr_movement(t, fees.get(c, []), month, as_of) for c, t in clients.items()}
    mrr_prev = {
        c: client_mrr_movement(t, fees.get(c, []), prev, month_end(prev))
        for c, t in clients.items()
    }
    sums = _ledger_sums(db, month, owner, as_of)
    costs = store.fee_history(db, owner, as_of, table="client_cost")
    profit_now = _profits(clients, costs, sums, NOW, month, as_of)
    profit_prev = _profits(clients, costs, sums, PREV, prev, month_end(prev))
    upsells = store.upsell_counts(db, month, owner, as_of)
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
    report = monthly_kpis(
        _total(per_client.values()),
        everyone,
        month,
        as_of,
        sum(mrr_now.values(), Mrr()),
        Profit(tuple(profit_now.values())),
    )
    previous = monthly_kpis(
        _total(per_client_prev.values()),
        everyone,
        prev,
        None,
        sum(mrr_prev.values(), Mrr()),
        Profit(tuple(profit_prev.values())),
    )
    team: list[tuple[str, KpiReport]] = []
    if owner is None:
        for who in sorted({c.owner for c in everyone}, key=str.casefold):
            ids = [cid for cid, c in clients.items() if c.owner == who]
            team.append(
                (
                    who,
                    monthly_kpis(
                        _total(per_client[cid] for cid in ids),
                        [clients[i] for i in ids],
                        month,
                        as_of,
                        sum((mrr_now[cid] for cid in ids), Mrr()),
                        Profit(tuple(profit_now[cid] for cid in ids if cid in profit_now)),
                    ),
                )
            )
    broken: tuple = ()
    if promises:  # for --explain: promises to pay due in the month and broken (issue 16)
        from acctcli.services.followups import broken_promises

        broken = tuple(broken_promises(db, month, as_of, set(clients)))
    return KpiOverview(report, previous, owner, tuple(team), broken)
