"""Profit per project (issue 20): dated costs (`client edit --cost … --on`), profit and
margin per client and in total against hand-computed values, `--by profit`, and "no cost
data" (never the revenue shown as profit)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error

from acctcli.domain.kpi import ClientProfit, ClientTimeline, FeeChange, Profit, StatusEvent
from acctcli.domain.kpi import client_cost as cost_of


@pytest.fixture
def book(acct: Run) -> Run:
    """November 2026 (30 days):
    - Альфа: cost smm 12 000 from 1 Jan, 18 000 from 16 Nov; invoiced 30 000 on 1 Nov;
    - Бета: no costs; invoiced 50 000 on 2 Nov;
    - Гамма: cost seo 9 000 + team 3 000 from 1 Jan, paused from 21 Nov; invoiced 10 000;
    - Дельта: cost 6 000 from 1 Jan, nothing invoiced in November."""
    steps = [
        ["client", "add", "Альфа", "--since", "2026-01-01", "--fee", "smm=30000"],
        ["client", "add", "Бета", "--since", "2026-01-01", "--fee", "seo=50000"],
        ["client", "add", "Гамма", "--since", "2026-01-01", "--fee", "seo=10000"],
        ["client", "add", "Дельта", "--since", "2026-01-01", "--fee", "ppc=6000"],
        ["client", "edit", "альфа", "--cost", "smm=12000", "--on", "2026-01-01"],
        ["client", "edit", "альфа", "--cost", "smm=18000", "--on", "2026-11-16"],
        [
            "client",
            "edit",
            "гамма",
            "--cost",
            "seo=9000",
            "--cost",
            "team=3000",
            "--on",
            "2026-01-01",
        ],
        ["client", "edit", "дельта", "--cost", "ppc=6000", "--on", "2026-01-01"],
        ["client", "pause", "гамма", "--on", "2026-11-21"],
        ["invoice", "add", "альфа", "30000", "--issued", "2026-11-01"],
        ["invoice", "add", "бета", "50000", "--issued", "2026-11-02"],
        ["invoice", "add", "гамма", "10000", "--issued", "2026-11-03"],
    ]
    for args in steps:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def test_profit_and_margin_by_hand(book: Run) -> None:
    doc = book("kpi", "--month", "2026-11", "--json", "--date", "2026-12-04").json()
    by_client = {c["name"]: c for c in doc["profit"]["by_client"]}
    # Альфа: (15 × 12 000 + 15 × 18 000) / 30 = 15 000; 30 000 − 15 000 = 15 000; 50 %
    assert by_client["Альфа"] == {
        "name": "Альфа",
        "owner": "anna",
        "revenue": "30000.00",
        "cost": "15000.00",
        "profit": "15000.00",
        "margin_pct": "50.0",
    }
    # Бета: no cost data — profit is null, never its 50 000 of revenue
    assert by_client["Бета"]["cost"] is None and by_client["Бета"]["profit"] is None
    assert by_client["Бета"]["margin_pct"] is None
    # Гамма: 20 days (1–20 Nov) before the pause × 12 000 / 30 = 8 000; 10 000 − 8 000 = 2 000
    assert by_client["Гамма"]["cost"] == "8000.00" and by_client["Гамма"]["profit"] == "2000.00"
    assert by_client["Гамма"]["margin_pct"] == "20.0"
    # Дельта: nothing invoiced, a whole month's cost: −6 000, no margin
    assert by_client["Дельта"]["profit"] == "-6000.00" and by_client["Дельта"]["margin_pct"] is None
    # the total is over the clients with cost data: 40 000 − 29 000 = 11 000; 27.5 %
    total = doc["profit"]
    assert total["revenue"] == "40000.00" and total["cost"] == "29000.00"
    assert total["profit"] == "11000.00" and total["margin_pct"] == "27.5"
    assert total["clients_without_costs"] == 1


def test_by_profit_ranks_the_book(book: Run) -> None:
    args = ("kpi", "--month", "2026-11", "--date", "2026-12-04")
    ranked = [
        c["name"] for c in book(*args, "--json", "--by", "profit").json()["profit"]["by_client"]
    ]
    assert ranked == ["Альфа", "Гамма", "Дельта", "Бета"]
    by_revenue = [c["name"] for c in book(*args, "--json").json()["profit"]["by_client"]]
    assert by_revenue == ["Бета", "Альфа", "Гамма", "Дельта"]
    out = book(*args, "--by", "profit").stdout
    assert "5. Profit per project" in out and "no cost data" in out
    assert out.index("Альфа", out.index("5. Profit")) < out.index("Гамма", out.index("5. Profit"))
    assert all(len(line) <= 80 for line in out.splitlines())
    assert_user_error(book(*args, "--by", "margin"), "bad --by")


def test_a_running_month_counts_costs_up_to_today(book: Run) -> None:
    doc = book("kpi", "--json", "--date", "2026-11-10").json()
    alpha = {c["name"]: c for c in doc["profit"]["by_client"]}["Альфа"]
    assert alpha["cost"] == "4000.00"  # 10 days × 12 000 / 30


def test_no_costs_at_all_says_no_cost_data(acct: Run) -> None:
    assert acct("client", "add", "Альфа", "--since", "2026-01-01").exit_code == 0
    assert acct("invoice", "add", "альфа", "30000", "--issued", "2026-11-01").exit_code == 0
    doc = acct("kpi", "--month", "2026-11", "--json", "--date", "2026-12-01").json()
    assert doc["profit"]["profit"] is None and doc["profit"]["margin_pct"] is None
    out = acct("kpi", "--month", "2026-11", "--date", "2026-12-01", "--explain").stdout
    assert "No cost data" in out and "30 000 ₽ profit" not in out


def test_cost_needs_service_equals_amount(acct: Run) -> None:
    assert acct("client", "add", "Альфа").exit_code == 0
    assert_user_error(acct("client", "edit", "альфа", "--cost", "seo"), "bad --cost")


_DAYS = st.integers(min_value=0, max_value=60)


@given(
    st.lists(st.tuples(_DAYS, st.integers(min_value=0, max_value=10**7)), max_size=5),
    st.lists(st.tuples(_DAYS, st.sampled_from(["paused", "active", "churned"])), max_size=4),
)
def test_cost_is_the_daily_sum_of_the_definition(
    changes: list[tuple[int, int]], events: list[tuple[int, str]]
) -> None:
    """client_cost against a day-by-day reading of kpi.md's Profit section."""
    base = date(2026, 10, 15)
    costs = [FeeChange("seo", base + timedelta(days=d), Decimal(v)) for d, v in changes]
    timeline = ClientTimeline(
        "X",
        date(2026, 10, 1),
        tuple(StatusEvent(base + timedelta(days=d), s) for d, s in sorted(events)),
    )
    month = date(2026, 11, 1)
    got = cost_of(timeline, costs, month)
    if not any(c.on <= date(2026, 11, 30) for c in costs):
        assert got is None
        return
    expected = Decimal(0)
    for n in range(30):
        day = month + timedelta(days=n)
        status = [s for d, s in sorted(events) if base + timedelta(days=d) <= day]
        if status and status[-1] in ("paused", "churned"):
            continue
        latest = [v for d, v in changes if base + timedelta(days=d) <= day]
        dated = sorted(
            ((d, i, v) for i, (d, v) in enumerate(changes) if base + timedelta(days=d) <= day)
        )
        if latest:
            expected += Decimal(dated[-1][2])
    assert got == expected / 30


def test_profit_never_reports_revenue_without_costs() -> None:
    p = Profit((ClientProfit("A", Decimal(100), None),))
    assert p.profit is None and p.margin_pct is None and p.ranked("profit")[0].profit is None
