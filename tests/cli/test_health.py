"""Client health (issue 20): scores against hand-computed factors, as of past days from the
store's history, bands and coefficients from config.toml, the at-risk line of `acct today`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error

from acctcli.domain.health import (
    HealthFacts,
    cadence_days,
    health,
    health_coefficients,
    span_days,
)

DAY = "2026-11-12"


@pytest.fixture
def book(acct: Run) -> Run:
    """Альфа (weekly, default max gap 6w): last call 1 Oct, an invoice due 15 Sep unpaid, a
    fire 1-2 Nov (24 h).  Бета: called the day before, nothing else."""
    steps = [
        ["client", "add", "Альфа", "--since", "2026-01-01", "--cadence", "weekly"],
        ["client", "add", "Бета", "--since", "2026-01-01", "--cadence", "weekly"],
        ["call", "log", "альфа", "--at", "2026-10-01T10:00"],
        ["call", "log", "бета", "--at", "2026-11-11T10:00"],
        ["invoice", "add", "альфа", "30000", "--issued", "2026-09-01", "--due", "2026-09-15"],
        ["incident", "open", "альфа", "сайт упал", "--at", "2026-11-01T10:00"],
        ["incident", "resolve", "1", "--at", "2026-11-02T10:00"],
    ]
    for args in steps:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def test_the_score_by_hand(book: Run) -> None:
    doc = book("health", "--json", "--date", DAY).json()
    alpha, beta = doc["clients"]  # worst first
    assert alpha["client"] == "Альфа"
    points = {f["key"]: f["points"] for f in alpha["factors"]}
    assert points == {
        "silence": "12.5",  # silent 42 days of a 42-day max gap: 25 × (1 − 0.5)
        "cadence_day": "15.0",  # 35 days past the weekly cadence, capped at 30: 0.5 × 30
        "overdue_31_60": "12.0",  # the invoice is 58 days past due
        "fire": "7.4",  # one fire (5) burning 24 h (0.1 × 24)
    }
    assert alpha["score"] == 53 and alpha["band"] == "at_risk"  # 100 − 46.9, below 60
    reasons = [f["reason"] for f in alpha["factors"]]
    assert reasons[0] == "35 days behind the cadence (weekly)"
    assert "silent 42 days (max gap 6w)" in reasons
    assert beta == {
        "client": "Бета",
        "owner": "anna",
        "score": 100,
        "band": "healthy",
        "factors": [],
    }
    assert doc["bands"] == {"healthy": 1, "watch": 0, "at_risk": 1}


def test_a_past_day_is_scored_from_history(book: Run) -> None:
    """On 10 Sep the invoice was not yet due and the fire had not happened."""
    doc = book("health", "--json", "--date", "2026-09-10").json()
    alpha = next(c for c in doc["clients"] if c["client"] == "Альфа")
    keys = {f["key"] for f in alpha["factors"]}
    assert "overdue_31_60" not in keys and "fire" not in keys and "overdue_1_30" not in keys
    # before its first call Альфа was never contacted: silent since it started
    assert any("never contacted" in f["reason"] for f in alpha["factors"])


def test_text_report_and_explain(book: Run) -> None:
    out = book("health", "--date", DAY, "--explain").stdout
    assert "Client health as of 2026-11-12" in out and "1 at risk" in out
    assert "−12.5  silent 42 days (max gap 6w)" in out
    assert all(len(line) <= 100 for line in out.splitlines())


def test_bands_and_coefficients_come_from_config(book: Run, home: Path) -> None:
    (home / "config.toml").write_text("[health]\nat_risk_below = 50\nfire = 0\nfire_hour = 0\n")
    alpha = book("health", "--json", "--date", DAY).json()["clients"][0]
    assert alpha["score"] == 61 and alpha["band"] == "watch"  # 100 − 39.5 without the fire
    (home / "config.toml").write_text("[health]\nwatch_below = 30\n")
    assert_user_error(book("health", "--date", DAY), "[health] watch_below")
    (home / "config.toml").write_text("[health]\nsilence = -1\n")
    assert_user_error(book("health", "--date", DAY), "silence")


def test_today_shows_the_clients_at_risk_in_one_line(book: Run) -> None:
    out = book("today", "--date", DAY).stdout
    assert "Clients at risk" in out
    line = next(line for line in out.splitlines() if "health 53" in line)
    assert "Альфа" in line and "35 days behind the cadence (weekly)" in line
    doc = book("today", "--date", DAY, "--json").json()
    assert [(i["client"], i["health"], i["band"]) for i in doc["at_risk"]] == [
        ("Альфа", 53, "at_risk")
    ]


def test_churned_clients_are_not_scored(book: Run) -> None:
    assert book("client", "churn", "альфа", "--on", "2026-11-01", "--reason", "x").exit_code == 0
    names = [c["client"] for c in book("health", "--json", "--date", DAY).json()["clients"]]
    assert names == ["Бета"]


def _facts(**changes: object) -> HealthFacts:
    base = HealthFacts(
        client_id=1,
        name="X",
        owner="anna",
        since=date(2026, 1, 1),
        cadence=None,
        max_gap=None,
        last_touch=date(2026, 11, 11),
        waiting_since=None,
        oldest_overdue=None,
        overdue_minor=0,
        fires=0,
        fire_hours=0.0,
        onboarding_late_since=None,
        paused=False,
        fees_now_minor=0,
        fees_before_minor=0,
        broken_promises=0,
    )
    return base._replace(**changes)


def test_each_other_factor_by_hand() -> None:
    day, coeff = date(2026, 11, 12), health_coefficients()
    got = health(
        _facts(
            waiting_since=date(2026, 11, 7),  # 5 days: 2 × 5 = 10
            onboarding_late_since=date(2026, 11, 4),  # 8 days late: 1 × 8 = 8
            paused=True,  # 20
            fees_now_minor=30_000_00,
            fees_before_minor=40_000_00,  # a quarter cut: 30 × 0.25 = 7.5
            broken_promises=4,  # capped at 3: 10 × 3 = 30
        ),
        day,
        coeff,
    )
    assert {f.key: f.points for f in got.factors} == {
        "unanswered_day": Decimal("10.0"),
        "onboarding_day": Decimal("8.0"),
        "paused": Decimal("20.0"),
        "fee_cut": Decimal("7.5"),
        "broken_promise": Decimal("30.0"),
    }
    assert got.score == 25 and got.band == "at_risk"  # 100 − 75.5 = 24.5 → 25 (half up)
    assert health(_facts(broken_promises=20, paused=True), day, coeff).score == 50
    floor = _facts(broken_promises=3, paused=True, fees_now_minor=0, fees_before_minor=1)
    assert health(floor._replace(waiting_since=date(2026, 1, 1)), day, coeff).score == 0


def test_cadence_and_gap_spans() -> None:
    assert span_days("6w") == 42 and span_days("2m") == 60 and span_days("none") is None
    assert cadence_days("weekly:mon,thu") == 3 and cadence_days("monthly:5") == 30
    assert cadence_days("every:10d") == 10 and cadence_days("never") is None
    assert cadence_days("RRULE:FREQ=WEEKLY;INTERVAL=2") == 14


@given(st.text(max_size=40))
def test_hostile_specs_never_raise(text: str) -> None:
    assert span_days(text) is None or span_days(text) >= 0  # type: ignore[operator]
    days = cadence_days(text)
    assert days is None or days >= 0
