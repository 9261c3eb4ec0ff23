"""The KPI formulas of shared/design/kpi.md on hand-computed cases, and their invariants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acctcli.domain.kpi import (
    BUCKETS,
    ClientTimeline,
    LedgerInvoice,
    LedgerPayment,
    MonthFacts,
    ReceivableFacts,
    StatusEvent,
    aging_as_of,
    aging_cutoffs,
    bucket_index,
    churn,
    direction,
    is_customer,
    monthly_kpis,
    receivable_facts,
    receivables,
    receivables_as_of,
    rounded,
    turnover,
)
from acctcli.render.kpi import one_place

D = Decimal
NOV = date(2026, 11, 1)
NOV_END = date(2026, 11, 30)


def inv(n: int, amount: str, issued: date, due: date, client: str = "A") -> LedgerInvoice:
    return LedgerInvoice(n, client, D(amount), issued, due)


def pay(n: int, amount: str, on: date) -> LedgerPayment:
    return LedgerPayment(n, D(amount), on)


# --- aging ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-10, "current"),
        (0, "current"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_bucket_boundaries(days: int, bucket: str) -> None:
    assert BUCKETS[bucket_index(days)] == bucket


def test_aging_of_invoices_at_every_boundary() -> None:
    invoices = [
        inv(k, str(100 + k), date(2026, 1, 1), NOV_END - timedelta(days=days))
        for k, days in enumerate([-5, 0, 1, 30, 31, 60, 61, 90, 91])
    ]
    aging = dict(zip(BUCKETS, aging_as_of(invoices, [], NOV_END), strict=True))
    assert aging == {
        "current": D(100 + 101),
        "1-30": D(102 + 103),
        "31-60": D(104 + 105),
        "61-90": D(106 + 107),
        "90+": D(108),
    }


def test_aging_cutoffs_agree_with_bucket_index() -> None:
    """The SQL CASE uses `due >= cutoff[k]`; that must pick the same bucket as the days."""
    cutoffs = aging_cutoffs(NOV_END)
    for days in range(-3, 200):
        due = NOV_END - timedelta(days=days)
        by_cutoff = next((k for k, c in enumerate(cutoffs) if due >= c), len(cutoffs))
        assert by_cutoff == bucket_index(days), days


def test_a_paid_invoice_is_in_no_bucket_and_a_future_one_not_yet_owed() -> None:
    invoices = [
        inv(1, "500", date(2026, 10, 1), date(2026, 10, 10)),
        inv(2, "700", date(2026, 12, 1), date(2026, 12, 10)),  # issued after the day
    ]
    payments = [pay(1, "500", date(2026, 10, 20))]
    assert aging_as_of(invoices, payments, NOV_END) == (D(0),) * 5
    assert receivables_as_of(invoices, payments, NOV_END) == 0
    assert receivables_as_of(invoices, payments, date(2026, 10, 19)) == D(500)


# --- receivables ---------------------------------------------------------------------------


def test_partial_payments_across_months() -> None:
    invoices = [inv(1, "100000", date(2026, 9, 10), date(2026, 9, 20))]
    payments = [
        pay(1, "30000", date(2026, 9, 25)),
        pay(1, "50000", date(2026, 10, 15)),
        pay(1, "20000", date(2026, 11, 5)),
    ]
    sep = receivables(receivable_facts(invoices, payments, date(2026, 9, 1)), date(2026, 9, 1))
    assert (sep.opening, sep.invoiced, sep.collected, sep.closing) == (0, 100000, 30000, 70000)
    assert sep.aging["1-30"] == 70000 and sep.overdue == 70000  # 10 days past due on 30 Sep
    assert sep.dso_days == D(70000) * 30 / D(100000) == 21
    assert sep.cei_pct == D(30000) * 100 / D(100000)

    oct_ = receivables(receivable_facts(invoices, payments, date(2026, 10, 1)), date(2026, 10, 1))
    assert (oct_.opening, oct_.invoiced, oct_.collected, oct_.closing) == (70000, 0, 50000, 20000)
    assert oct_.aging["31-60"] == 20000  # 41 days past due on 31 Oct
    assert oct_.dso_days is None  # nothing invoiced in October
    assert one_place(oct_.cei_pct) == "71.4"  # (70000 + 0 − 20000) / (70000 + 0 − 0)

    nov = receivables(receivable_facts(invoices, payments, NOV), NOV)
    assert (nov.opening, nov.collected, nov.closing, nov.overdue) == (20000, 20000, 0, 0)
    assert nov.cei_pct == 100


def test_dso_and_cei_with_sales() -> None:
    facts = ReceivableFacts(
        opening=D("40000"),
        invoiced=D("90000"),
        collected=D("70000"),
        closing=D("60000"),
        aging=(D("45000"), D("15000"), D(0), D(0), D(0)),
    )
    r = receivables(facts, NOV)
    assert r.dso_days == 20  # 60000 / 90000 × 30
    assert r.overdue == 15000
    assert r.cei_pct == D(70000) * 100 / D(85000)  # (40+90−60) / (40+90−45) × 100
    assert one_place(r.cei_pct) == "82.4"


def test_cei_is_null_when_everything_is_current_and_nothing_moved() -> None:
    r = receivables(ReceivableFacts(), NOV)
    assert r.cei_pct is None and r.dso_days is None and r.overdue == 0


def test_rounding_is_half_up_only_at_the_end() -> None:
    facts = ReceivableFacts(
        invoiced=D("30000"), closing=D("12250"), aging=(D("12250"),) + (D(0),) * 4
    )
    r = receivables(facts, NOV)
    assert r.dso_days == D("12.25")  # exact in the domain
    assert one_place(r.dso_days) == "12.3"  # half up, not half even (12.2)
    assert rounded(D("0.125"), 2) == D("0.13")
    assert rounded(D("-2.25"), 1) == D("-2.3")  # ties away from zero
    assert one_place(D("-0.04")) == "0.0"  # never "-0.0"
    assert one_place(None) is None


# --- churn ---------------------------------------------------------------------------------


def client(name: str, since: str, *events: tuple[str, str, str | None]) -> ClientTimeline:
    return ClientTimeline(
        name,
        date.fromisoformat(since),
        tuple(StatusEvent(date.fromisoformat(on), status, reason) for on, status, reason in events),
    )


def test_churn_in_a_month_with_new_churned_and_won_back_clients() -> None:
    clients = [
        client("Alpha", "2025-01-01", ("2025-01-01", "active", None)),
        client(
            "Beta",
            "2025-01-01",
            ("2025-01-01", "active", None),
            ("2026-11-10", "churned", "budget"),
        ),
        # started and left within the month: churned, but not part of the rate
        client(
            "Gamma", "2026-11-03", ("2026-11-03", "active", None), ("2026-11-20", "churned", "fit")
        ),
        # churned in the summer, won back this month
        client(
            "Delta",
            "2024-01-01",
            ("2024-01-01", "active", None),
            ("2026-08-01", "churned", "price"),
            ("2026-11-15", "active", None),
        ),
        # paused clients are still customers
        client(
            "Epsilon", "2024-01-01", ("2024-01-01", "active", None), ("2026-10-01", "paused", None)
        ),
        client("Zeta", "2026-12-05", ("2026-12-05", "active", None)),  # starts next month
        # left and came back within the month: churned (counted), not "won back"
        client(
            "Eta",
            "2025-01-01",
            ("2025-01-01", "active", None),
            ("2026-11-05", "churned", "silence"),
            ("2026-11-25", "active", None),
        ),
    ]
    c = churn(clients, NOV)
    assert c.active_at_start == 4  # Alpha, Beta, Epsilon, Eta
    assert c.new == 1  # Gamma
    assert c.churned == 3
    assert [(x.name, x.reason, x.counted) for x in c.churned_clients] == [
        ("Eta", "silence", True),
        ("Beta", "budget", True),
        ("Gamma", "fit", False),
    ]
    assert c.churned_from_start == 2
    assert c.rate_pct == 50
    assert c.won_back == 1
    assert c.last_churn is not None and c.last_churn.name == "Gamma"


def test_churn_rate_is_null_with_nobody_at_the_start() -> None:
    c = churn([client("New", "2026-11-10", ("2026-11-10", "active", None))], NOV)
    assert (c.active_at_start, c.new, c.churned, c.rate_pct) == (0, 1, 0, None)
    assert c.last_churn is None


def test_customer_status_uses_the_latest_change_by_that_day() -> None:
    delta = client(
        "Delta",
        "2024-01-01",
        ("2024-01-01", "active", None),
        ("2026-08-01", "churned", "price"),
        ("2026-11-15", "active", None),
    )
    assert is_customer(delta, date(2026, 7, 31))
    assert not is_customer(delta, date(2026, 8, 1))
    assert not is_customer(delta, date(2026, 11, 14))
    assert is_customer(delta, date(2026, 11, 15))
    assert not is_customer(delta, date(2023, 12, 31))  # before it started


# --- turnover and the whole report ---------------------------------------------------------


def test_growth_with_a_zero_previous_month_is_null() -> None:
    t = turnover({"A": D("1000")}, D(0))
    assert t.revenue == 1000 and t.growth_pct is None


def test_growth_and_by_client_largest_first() -> None:
    t = turnover({"Бета": D("300"), "Альфа": D("300"), "Гамма": D("900"), "Нет": D(0)}, D("1200"))
    assert t.revenue == 1500
    assert t.growth_pct == 25
    assert t.by_client == (("Гамма", D("900")), ("Альфа", D("300")), ("Бета", D("300")))
    shrink = turnover({"A": D("800")}, D("1000"))
    assert shrink.growth_pct == -20


def test_monthly_kpis_put_it_together_and_facts_add_up() -> None:
    a = MonthFacts(
        ReceivableFacts(D(10), D(5), D(3), D(12), (D(12), D(0), D(0), D(0), D(0))),
        {"A": D(5)},
        D(4),
    )
    b = MonthFacts(
        ReceivableFacts(D(0), D(7), D(0), D(7), (D(0), D(7), D(0), D(0), D(0))),
        {"B": D(7)},
        D(0),
    )
    report = monthly_kpis(a + b, [], NOV)
    assert report.as_of == NOV_END
    assert report.receivables.closing == 19 and report.receivables.overdue == 7
    assert report.turnover.revenue == 12 and report.turnover.previous == 4
    assert report.turnover.growth_pct == 200
    assert report.churn.rate_pct is None


def test_direction() -> None:
    assert direction(D(2), D(1)) == 1
    assert direction(D(1), D(2)) == -1
    assert direction(D(1), D(1)) == 0
    assert direction(None, D(1)) == 0


# --- invariants on random ledgers ----------------------------------------------------------

DAY0 = date(2026, 1, 1)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[LedgerInvoice], list[LedgerPayment]]:
    invoices, payments = [], []
    for n in range(draw(st.integers(0, 12))):
        amount = D(draw(st.integers(1, 10_000_000))) / 100
        issued = DAY0 + timedelta(days=draw(st.integers(0, 200)))
        due = issued + timedelta(days=draw(st.integers(0, 90)))
        invoices.append(LedgerInvoice(n, "A", amount, issued, due))
        left = amount
        for _ in range(draw(st.integers(0, 3))):
            if left <= 0:
                break
            part = D(draw(st.integers(1, int(left * 100)))) / 100
            on = issued + timedelta(days=draw(st.integers(0, 150)))
            payments.append(LedgerPayment(n, part, on))
            left -= part
    return invoices, payments


months = st.sampled_from([date(2026, m, 1) for m in range(1, 13)])


@given(ledgers(), months)
def test_closing_is_opening_plus_invoiced_minus_collected(ledger, month) -> None:  # type: ignore[no-untyped-def]
    facts = receivable_facts(*ledger, month)
    assert facts.closing == facts.opening + facts.invoiced - facts.collected


@given(ledgers(), months)
def test_aging_buckets_sum_to_closing(ledger, month) -> None:  # type: ignore[no-untyped-def]
    facts = receivable_facts(*ledger, month)
    assert sum(facts.aging) == facts.closing
    assert all(bucket >= 0 for bucket in facts.aging)
    r = receivables(facts, month)
    assert r.overdue == facts.closing - facts.aging[0] >= 0
    if r.cei_pct is not None:
        assert 0 <= r.cei_pct <= 100
