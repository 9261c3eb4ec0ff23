"""A client's month, as the monthly report shows it (pure data, made from the store's facts).

services/client_report.py gathers the facts; render/report_md.py and render/report_html.py
draw it.  Amounts are Decimal; the period is the month's days up to `as_of` (its last day, or
today for the running month).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from acctcli.domain.activity import (
    FollowFact,
    IncidentFact,
    InvoiceFact,
    MailCount,
    PaymentFact,
    Period,
    StepFact,
    TouchFact,
    UpsellFact,
)
from acctcli.domain.money import from_minor
from acctcli.records import NamedTuple

CATEGORIES = ("incident", "billing", "report", "idea", "other")


class Facts(NamedTuple):
    """Everything the store gives for one client and one month."""

    touches: list[TouchFact]
    incidents: list[IncidentFact]
    mail: list[MailCount]
    invoices: list[InvoiceFact]
    payments: list[PaymentFact]
    follow_ups: list[FollowFact]
    upsells: list[UpsellFact]
    steps: list[StepFact]
    invoiced_by_month: dict[str, int]  # minor units by YYYY-MM


class ChartPoint(NamedTuple):
    month: str  # YYYY-MM
    amount: Decimal


class ClientReport(NamedTuple):
    client: str
    owner: str
    status: str
    since: date
    month: str  # YYYY-MM
    period: Period
    as_of: date
    running: bool  # the month is not over: reported as of today
    services: list[tuple[str, Decimal | None]]
    monthly_fee: Decimal
    touches: list[TouchFact]
    touches_by_channel: list[tuple[str, int]]
    meetings: int
    incidents_opened: list[IncidentFact]
    incidents_resolved: list[IncidentFact]
    incidents_open: list[IncidentFact]  # still open at the end of the period
    mail: list[tuple[str, int]]  # category, count (every category, zeros too)
    invoiced: list[InvoiceFact]  # issued in the month
    invoiced_total: Decimal
    paid: list[PaymentFact]  # payments in the month
    paid_total: Decimal
    open_invoices: list[InvoiceFact]  # a balance at the end of the period
    open_total: Decimal
    overdue_total: Decimal
    kept: list[FollowFact]  # done in the month, by their day
    done_late: list[FollowFact]
    open_follow_ups: list[FollowFact]  # open at the end of the period
    onboarding: tuple[int, int] | None  # steps done, total (None: no checklist)
    steps_done: list[StepFact]  # ticked in the month
    upsells_proposed: list[UpsellFact]
    upsells_won: list[UpsellFact]
    upsells_lost: list[UpsellFact]
    upsells_open: list[UpsellFact]
    next_steps: list[StepFact]  # onboarding steps not done, by due date
    next_follow_ups: list[FollowFact]  # open follow-ups, by due date
    next_report: tuple[str, date] | None  # (month, due) of the next report
    sent: tuple[date, str] | None  # this month's report went out: (day, manual|mail)
    schedule: str | None
    chart: list[ChartPoint]  # invoiced per month, the last 12 up to this one

    def resolved_hours(self, incident: IncidentFact) -> float:
        return incident.hours(datetime.combine(self.as_of + timedelta(days=1), time()))


def months_back(month_first: date, count: int) -> list[date]:
    """The first days of `count` months ending with `month_first`'s, oldest first."""
    months = [month_first]
    for _n in range(count - 1):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def _key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def client_report(
    *,
    client: str,
    owner: str,
    status: str,
    since: date,
    services: list[tuple[str, Decimal | None]],
    month_first: date,
    as_of: date,
    facts: Facts,
    next_report: tuple[str, date] | None,
    sent: tuple[date, str] | None,
    schedule: str | None,
) -> ClientReport:
    period = Period(month_first, as_of)
    end_moment = datetime.combine(as_of + timedelta(days=1), time())
    channels = Counter(t.channel for t in facts.touches)
    mail = dict.fromkeys(CATEGORIES, 0)
    for row in facts.mail:
        mail[row.category] = mail.get(row.category, 0) + row.messages
    invoiced = [i for i in facts.invoices if period.holds(i.issued)]
    open_invoices = [i for i in facts.invoices if i.balance > 0]
    done = [f for f in facts.follow_ups if f.state == "done" and period.holds(f.closed_on)]
    open_follow = [f for f in facts.follow_ups if f.state == "open"]
    steps = facts.steps
    far = date.max
    return ClientReport(
        client=client,
        owner=owner,
        status=status,
        since=since,
        month=_key(month_first),
        period=period,
        as_of=as_of,
        running=as_of < _last_day(month_first),
        services=services,
        monthly_fee=sum((f for _s, f in services if f is not None), Decimal("0.00")),
        touches=facts.touches,
        touches_by_channel=sorted(channels.items(), key=lambda kv: (-kv[1], kv[0])),
        meetings=channels.get("meeting", 0),
        incidents_opened=[i for i in facts.incidents if period.holds(i.opened_at.date())],
        incidents_resolved=[
            i for i in facts.incidents if i.resolved_at is not None and i.resolved_at < end_moment
        ],
        incidents_open=[
            i for i in facts.incidents if i.resolved_at is None or i.resolved_at >= end_moment
        ],
        mail=list(mail.items()),
        invoiced=invoiced,
        invoiced_total=sum((i.amount for i in invoiced), Decimal("0.00")),
        paid=facts.payments,
        paid_total=sum((p.amount for p in facts.payments), Decimal("0.00")),
        open_invoices=open_invoices,
        open_total=sum((i.balance for i in open_invoices), Decimal("0.00")),
        overdue_total=sum((i.balance for i in open_invoices if i.due < as_of), Decimal("0.00")),
        kept=[f for f in done if f.kept()],
        done_late=[f for f in done if not f.kept()],
        open_follow_ups=open_follow,
        onboarding=(sum(1 for s in steps if s.done_on and s.done_on <= as_of), len(steps))
        if steps
        else None,
        steps_done=[s for s in steps if period.holds(s.done_on)],
        upsells_proposed=[u for u in facts.upsells if period.holds(u.opened_on)],
        upsells_won=[u for u in facts.upsells if u.status == "won" and period.holds(u.closed_on)],
        upsells_lost=[u for u in facts.upsells if u.status == "lost" and period.holds(u.closed_on)],
        upsells_open=[u for u in facts.upsells if u.status == "open"],
        next_steps=sorted(
            (s for s in steps if s.done_on is None or s.done_on > as_of), key=lambda s: s.due
        )[:5],
        next_follow_ups=sorted(open_follow, key=lambda f: (f.due or far, f.id))[:8],
        next_report=next_report,
        sent=sent,
        schedule=schedule,
        chart=[
            ChartPoint(_key(m), from_minor(facts.invoiced_by_month.get(_key(m), 0)))
            for m in months_back(month_first, 12)
        ],
    )


def _last_day(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
