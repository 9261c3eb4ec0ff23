"""The account manager's KPIs, exactly as shared/design/kpi.md defines them.

Pure functions over plain data: no database, no clock, no Rich.  Money is exact Decimal
throughout; percentages and days are exact Decimal quotients (28 significant digits) and are
rounded — half up, ties away from zero — only by `rounded()`, for display and JSON.

Two ways in:
- the *definitions* over individual rows (`balance_as_of`, `receivables_as_of`, `aging_as_of`,
  `receivable_facts`) — the reference, used by tests and small callers;
- the *formulas* over additive sums (`receivables`, `churn`, `turnover`, `monthly_kpis`) that
  the store can aggregate cheaply in SQL; tests prove both ways agree.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from acctcli.records import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")
_BUCKET_LIMITS = (0, 30, 60, 90)  # the last day past due that still falls in bucket k


# --- months and rounding -------------------------------------------------------------------


def month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def days_in_month(start: date) -> int:
    return calendar.monthrange(start.year, start.month)[1]


def previous_month(start: date) -> date:
    return (start.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_of(day: date) -> date:
    return day.replace(day=1)


def report_day(month: date, today: date) -> date | None:
    """The report's day A of month M: min(E, today); None for a month that has not begun."""
    start = month_of(month)
    if start > today:
        return None
    return min(month_end(start), today)


def same_day_before(month: date, as_of: date) -> date:
    """The day of M − 1 a running month's turnover is compared up to: the same day of the
    month as `as_of`, capped at M − 1's last day."""
    prev = previous_month(month)
    return min(month_end(prev), prev + timedelta(days=as_of.day - 1))


def rounded(value: Decimal | None, places: int = 1) -> Decimal | None:
    """Round half up (ties away from zero) for display and JSON; None stays None."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator × 100, exact to 28 digits; None when the denominator is 0."""
    if denominator == 0:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


# --- aging ---------------------------------------------------------------------------------


def bucket_index(days_past_due: int) -> int:
    """0 current (≤ 0 days), 1 '1-30', 2 '31-60', 3 '61-90', 4 '90+' (> 90 days)."""
    for index, limit in enumerate(_BUCKET_LIMITS):
        if days_past_due <= limit:
            return index
    return len(_BUCKET_LIMITS)


def aging_cutoffs(as_of: date) -> tuple[date, ...]:
    """Due dates on or after cutoff[k] are at most bucket k: for SQL `CASE WHEN due >= …`."""
    return tuple(as_of - timedelta(days=limit) for limit in _BUCKET_LIMITS)


def days_past_due(due: date, day: date) -> int:
    return (day - due).days


# --- receivables ---------------------------------------------------------------------------


class LedgerInvoice(NamedTuple):
    id: int
    client: str
    amount: Decimal
    issued: date
    due: date


class LedgerPayment(NamedTuple):
    invoice_id: int
    amount: Decimal
    paid_on: date


class ReceivableFacts(NamedTuple):
    """The additive sums behind the receivables KPIs for one month (any group of clients)."""

    opening: Decimal = ZERO
    invoiced: Decimal = ZERO
    collected: Decimal = ZERO
    closing: Decimal = ZERO
    aging: tuple[Decimal, ...] = (ZERO,) * len(BUCKETS)

    def __add__(self, other: ReceivableFacts) -> ReceivableFacts:  # type: ignore[override]
        return ReceivableFacts(
            self.opening + other.opening,
            self.invoiced + other.invoiced,
            self.collected + other.collected,
            self.closing + other.closing,
            tuple(a + b for a, b in zip(self.aging, other.aging, strict=True)),
        )


def balance_as_of(invoice: LedgerInvoice, payments: Iterable[LedgerPayment], day: date) -> Decimal:
    """amount − payments dated on or before `day`; 0 for an invoice issued after `day`."""
    if invoice.issued > day:
        return ZERO
    paid = sum(
        (p.amount for p in payments if p.invoice_id == invoice.id and p.paid_on <= day), ZERO
    )
    return invoice.amount - paid


def receivables_as_of(
    invoices: Sequence[LedgerInvoice], payments: Sequence[LedgerPayment], day: date
) -> Decimal:
    """AR(d): the sum of all balances as of d."""
    return sum((balance_as_of(i, payments, day) for i in invoices), ZERO)


def aging_as_of(
    invoices: Sequence[LedgerInvoice], payments: Sequence[LedgerPayment], day: date
) -> tuple[Decimal, ...]:
    """Open balances as of `day` by days past due (day − due), in BUCKETS order."""
    buckets = [ZERO] * len(BUCKETS)
    for invoice in invoices:
        balance = balance_as_of(invoice, payments, day)
        if balance:
            buckets[bucket_index(days_past_due(invoice.due, day))] += balance
    return tuple(buckets)


def receivable_facts(
    invoices: Sequence[LedgerInvoice],
    payments: Sequence[LedgerPayment],
    month: date,
    as_of: date | None = None,
) -> ReceivableFacts:
    """The month's receivables straight from the definitions, row by row (the reference),
    up to its day A (`as_of`, default the month's end)."""
    start = month_of(month)
    end = month_end(start) if as_of is None else min(as_of, month_end(start))
    return ReceivableFacts(
        opening=receivables_as_of(invoices, payments, start - timedelta(days=1)),
        invoiced=sum((i.amount for i in invoices if start <= i.issued <= end), ZERO),
        collected=sum((p.amount for p in payments if start <= p.paid_on <= end), ZERO),
        closing=receivables_as_of(invoices, payments, end),
        aging=aging_as_of(invoices, payments, end),
    )


class Receivables(NamedTuple):
    opening: Decimal
    invoiced: Decimal
    collected: Decimal
    closing: Decimal
    aging: Mapping[str, Decimal]
    overdue: Decimal
    dso_days: Decimal | None
    cei_pct: Decimal | None
    days: int

    @property
    def current(self) -> Decimal:
        return self.aging["current"]


def receivables(facts: ReceivableFacts, month: date, as_of: date | None = None) -> Receivables:
    """overdue = closing − current; DSO = closing / invoiced × days S..A;
    CEI = (opening + invoiced − closing) / (opening + invoiced − current) × 100."""
    days = days_in_month(month) if as_of is None else (as_of - month_of(month)).days + 1
    current = facts.aging[0]
    dso = None if facts.invoiced == 0 else facts.closing * days / facts.invoiced
    cei = percent(
        facts.opening + facts.invoiced - facts.closing, facts.opening + facts.invoiced - current
    )
    return Receivables(
        opening=facts.opening,
        invoiced=facts.invoiced,
        collected=facts.collected,
        closing=facts.closing,
        aging=dict(zip(BUCKETS, facts.aging, strict=True)),
        overdue=facts.closing - current,
        dso_days=dso,
        cei_pct=cei,
        days=days,
    )


# --- churn ---------------------------------------------------------------------------------


class StatusEvent(NamedTuple):
    on: date
    status: str
    reason: str | None = None


class ClientTimeline(NamedTuple):
    """A client's start and dated status changes (in the order they were recorded)."""

    name: str
    since: date
    events: tuple[StatusEvent, ...] = ()
    owner: str = ""


def is_customer(client: ClientTimeline, day: date) -> bool:
    """Started on or before `day` and its latest status change by then is not `churned`."""
    if client.since > day:
        return False
    status = None
    for event in client.events:
        if event.on <= day:
            status = event.status
    return status != "churned"


class ChurnedClient(NamedTuple):
    name: str
    reason: str | None
    on: date
    counted: bool  # a customer at the month's start, so part of the rate


class Churn(NamedTuple):
    active_at_start: int
    new: int
    churned: int
    churned_from_start: int
    rate_pct: Decimal | None
    churned_clients: tuple[ChurnedClient, ...]
    won_back: int
    last_churn: ChurnedClient | None = None  # the latest churn on or before the month's end


def churn(clients: Iterable[ClientTimeline], month: date, as_of: date | None = None) -> Churn:
    """Logo churn in the month up to its day A (`as_of`, default the month's end); a client
    won back in the month counts in `won_back`."""
    start = month_of(month)
    end = month_end(start) if as_of is None else min(as_of, month_end(start))
    eve = start - timedelta(days=1)
    active = new = won_back = 0
    churned: list[ChurnedClient] = []
    last: ChurnedClient | None = None
    for client in clients:
        for e in client.events:
            if e.status == "churned" and e.on <= end and (last is None or e.on >= last.on):
                last = ChurnedClient(client.name, e.reason, e.on, False)
        at_start = is_customer(client, eve)
        active += at_start
        new += start <= client.since <= end
        left = [e for e in client.events if e.status == "churned" and start <= e.on <= end]
        if left:
            churned.append(ChurnedClient(client.name, left[-1].reason, left[-1].on, at_start))
        was_gone = client.since <= eve and not at_start
        if was_gone and any(start <= e.on <= end and e.status != "churned" for e in client.events):
            won_back += 1
    churned.sort(key=lambda c: (c.on, c.name.casefold()))
    from_start = sum(c.counted for c in churned)
    return Churn(
        active_at_start=active,
        new=new,
        churned=len(churned),
        churned_from_start=from_start,
        rate_pct=percent(Decimal(from_start), Decimal(active)),
        churned_clients=tuple(churned),
        won_back=won_back,
        last_churn=last,
    )


# --- turnover and upsells ------------------------------------------------------------------


class Turnover(NamedTuple):
    revenue: Decimal
    previous: Decimal
    growth_pct: Decimal | None
    by_client: tuple[tuple[str, Decimal], ...]
    previous_until: date | None = None  # a running month: M − 1 counted up to this day


def turnover(
    revenue_by_client: Mapping[str, Decimal], previous: Decimal, previous_until: date | None = None
) -> Turnover:
    """revenue = invoiced in M; growth = (revenue − previous) / previous × 100 (a running
    month: `previous` is M − 1 up to `previous_until`, the same day of the month)."""
    revenue = sum(revenue_by_client.values(), ZERO)
    by_client = tuple(
        sorted(
            ((name, amount) for name, amount in revenue_by_client.items() if amount),
            key=lambda item: (-item[1], item[0].casefold()),
        )
    )
    return Turnover(
        revenue, previous, percent(revenue - previous, previous), by_client, previous_until
    )


class Upsells(NamedTuple):
    opened: int = 0
    won: int = 0
    won_value: Decimal = ZERO

    def __add__(self, other: Upsells) -> Upsells:  # type: ignore[override]  # adds field by field
        return Upsells(
            self.opened + other.opened, self.won + other.won, self.won_value + other.won_value
        )


# --- the month's report --------------------------------------------------------------------


class MonthFacts(NamedTuple):
    """Everything additive the store gives for one month and one group of clients."""

    receivables: ReceivableFacts = ReceivableFacts()
    revenue_by_client: Mapping[str, Decimal] = MappingProxyType({})
    previous_revenue: Decimal = ZERO
    upsells: Upsells = Upsells()

    def __add__(self, other: MonthFacts) -> MonthFacts:  # type: ignore[override]
        by_client = dict(self.revenue_by_client)
        for name, amount in other.revenue_by_client.items():
            by_client[name] = by_client.get(name, ZERO) + amount
        return MonthFacts(
            self.receivables + other.receivables,
            by_client,
            self.previous_revenue + other.previous_revenue,
            self.upsells + other.upsells,
        )


class KpiReport(NamedTuple):
    month: date
    as_of: date
    receivables: Receivables
    churn: Churn
    turnover: Turnover
    upsells: Upsells
    mrr: Mrr | None = None  # recurring revenue over the month (issue 20)
    profit: Profit | None = None  # profit per project over the month (issue 20)

    @property
    def month_to_date(self) -> bool:
        """A month still running on the report's day (A < E)."""
        return self.as_of < month_end(self.month)


class KpiOverview(NamedTuple):
    """What `acct kpi` shows: month M, the month before to compare with, per owner."""

    report: KpiReport  # month M, for the chosen clients
    previous: KpiReport  # month M − 1, the same clients: the arrows compare with it
    owner: str | None  # whose clients (None: the whole team)
    team: tuple[tuple[str, KpiReport], ...] = ()  # per owner, with --team
    # promises to pay whose day fell in M and that were broken as of A (--explain, issue 16)
    broken_promises: tuple[Any, ...] = ()


def monthly_kpis(
    facts: MonthFacts,
    clients: Iterable[ClientTimeline],
    month: date,
    as_of: date | None = None,
    mrr: Mrr | None = None,
    profit: Profit | None = None,
) -> KpiReport:
    """The month's report as of its day A (`as_of`, capped at the month's end; the default)."""
    start = month_of(month)
    day = month_end(start) if as_of is None else min(as_of, month_end(start))
    running = day < month_end(start)
    return KpiReport(
        month=start,
        as_of=day,
        receivables=receivables(facts.receivables, start, day),
        churn=churn(clients, start, day),
        turnover=turnover(
            facts.revenue_by_client,
            facts.previous_revenue,
            same_day_before(start, day) if running else None,
        ),
        upsells=facts.upsells,
        mrr=mrr,
        profit=profit,
    )


def direction(current: Decimal | int | None, previous: Decimal | int | None) -> int:
    """+1 up, −1 down, 0 level or not comparable (a figure missing in either month)."""
    if current is None or previous is None or current == previous:
        return 0
    return 1 if current > previous else -1


# --- recurring revenue (issue 20) ----------------------------------------------------------


class FeeChange(NamedTuple):
    """One dated fee of a client's service (None: no fee from that day)."""

    service: str
    on: date
    fee: Decimal | None


def is_paused(client: ClientTimeline, day: date) -> bool:
    status = None
    for event in client.events:
        if event.on <= day:
            status = event.status
    return status == "paused"


def client_mrr(client: ClientTimeline, fees: Iterable[FeeChange], day: date) -> Decimal:
    """MRR_c(d): the sum of the client's fees on d (each service's latest fee set on or before
    d) when it is a customer on d and not paused, else 0."""
    if not is_customer(client, day) or is_paused(client, day):
        return ZERO
    return sum(fees_on(fees, day).values(), ZERO)


class Mrr(NamedTuple):
    start: Decimal = ZERO
    end: Decimal = ZERO
    new: Decimal = ZERO
    expansion: Decimal = ZERO
    contraction: Decimal = ZERO  # a positive amount
    churned: Decimal = ZERO  # a positive amount
    reactivated: Decimal = ZERO

    def __add__(self, other: Mrr) -> Mrr:  # type: ignore[override]  # adds field by field
        return Mrr(
            *(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True))  # type: ignore[arg-type]
        )

    def as_tuple(self) -> tuple[Decimal, ...]:
        return (
            self.start,
            self.end,
            self.new,
            self.expansion,
            self.contraction,
            self.churned,
            self.reactivated,
        )

    @property
    def nrr_pct(self) -> Decimal | None:
        """(start + expansion − contraction − churned) / start × 100."""
        return percent(self.start + self.expansion - self.contraction - self.churned, self.start)

    @property
    def grr_pct(self) -> Decimal | None:
        """(start − contraction − churned) / start × 100."""
        return percent(self.start - self.contraction - self.churned, self.start)


def client_mrr_movement(
    client: ClientTimeline, fees: Sequence[FeeChange], month: date, as_of: date
) -> Mrr:
    """One client's MRR over M (S − 1 → A), its change in exactly one bucket of kpi.md's
    "Recurring revenue" (a client that churned and came back within M: churned and
    reactivated)."""
    start = month_of(month)
    begin = client_mrr(client, fees, start - timedelta(days=1))
    end = client_mrr(client, fees, as_of)
    in_month = [e for e in client.events if start <= e.on <= as_of]
    if start <= client.since <= as_of:
        return Mrr(begin, end, new=end - begin)
    if any(e.status == "churned" for e in in_month):
        return Mrr(begin, end, churned=begin, reactivated=end)
    back = any(e.status not in ("churned", "paused") for e in in_month)
    if begin == 0 and end > 0 and back:
        return Mrr(begin, end, reactivated=end)
    delta = end - begin
    if delta > 0:
        return Mrr(begin, end, expansion=delta)
    return Mrr(begin, end, contraction=-delta)


# --- profit (issue 20) ---------------------------------------------------------------------


def fees_on(changes: Iterable[FeeChange], day: date) -> dict[str, Decimal]:
    """Each service's latest amount set on or before `day` (services with none left out)."""
    latest: dict[str, tuple[date, Decimal | None]] = {}
    for change in changes:  # in the order recorded: a later row of the same day wins
        if change.on <= day:
            seen = latest.get(change.service)
            if seen is None or change.on >= seen[0]:
                latest[change.service] = (change.on, change.fee)
    return {s: fee for s, (_on, fee) in latest.items() if fee is not None}


def client_cost(
    client: ClientTimeline, costs: Sequence[FeeChange], month: date, as_of: date | None = None
) -> Decimal | None:
    """The agency's cost of a client in M up to its day A: the sum over the days S..A on which
    it was a customer and not paused of each monthly cost ÷ days in M.  None: no cost data
    (no cost set on or before A)."""
    start = month_of(month)
    end = month_end(start) if as_of is None else min(as_of, month_end(start))
    if not any(c.on <= end for c in costs):
        return None
    total = Decimal(0)
    day = start
    while day <= end:
        if is_customer(client, day) and not is_paused(client, day):
            total += sum(fees_on(costs, day).values(), Decimal(0))
        day += timedelta(days=1)
    return total / days_in_month(start)


class ClientProfit(NamedTuple):
    """One client's revenue in M and, when its costs are known, its cost."""

    name: str
    revenue: Decimal
    cost: Decimal | None  # None: no cost data
    owner: str = ""

    @property
    def profit(self) -> Decimal | None:
        """revenue − cost; None without cost data (never the revenue)."""
        return None if self.cost is None else self.revenue - self.cost

    @property
    def margin_pct(self) -> Decimal | None:
        """profit / revenue × 100; None without cost data or revenue."""
        profit = self.profit
        return None if profit is None else percent(profit, self.revenue)


class Profit(NamedTuple):
    """Profit per project over M: totals over the clients with cost data only."""

    by_client: tuple[ClientProfit, ...] = ()

    def __add__(self, other: Profit) -> Profit:  # type: ignore[override]  # adds field by field
        return Profit(self.by_client + other.by_client)

    @property
    def costed(self) -> tuple[ClientProfit, ...]:
        return tuple(c for c in self.by_client if c.cost is not None)

    @property
    def without_costs(self) -> int:
        return len(self.by_client) - len(self.costed)

    @property
    def revenue(self) -> Decimal:
        """The revenue of the clients with cost data (what the total profit is of)."""
        return sum((c.revenue for c in self.costed), ZERO)

    @property
    def cost(self) -> Decimal | None:
        costed = self.costed
        return sum((c.cost or ZERO for c in costed), ZERO) if costed else None

    @property
    def profit(self) -> Decimal | None:
        cost = self.cost
        return None if cost is None else self.revenue - cost

    @property
    def margin_pct(self) -> Decimal | None:
        profit = self.profit
        return None if profit is None else percent(profit, self.revenue)

    def ranked(self, by: str = "revenue") -> tuple[ClientProfit, ...]:
        """Largest revenue first, or (by="profit") largest profit first, no cost data last."""
        if by == "profit":
            return tuple(
                sorted(
                    self.by_client,
                    key=lambda c: (
                        c.profit is None,
                        -(c.profit or 0),
                        -c.revenue,
                        c.name.casefold(),
                    ),
                )
            )
        return tuple(sorted(self.by_client, key=lambda c: (-c.revenue, c.name.casefold())))
