"""Bad data never takes the morning down (issue 15): values are checked where they enter, and
the read paths leave out one unreadable client, naming it, instead of failing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error, store_dump

from acctcli.domain.cadence import WorkCalendar, next_due, parse_cadence
from acctcli.domain.money import MAX_AMOUNT, parse_amount
from acctcli.errors import Invalid
from acctcli.settings import load_settings
from acctcli.store.db import connect


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    return acct


def _sql(statement: str, params: dict | None = None) -> None:
    db = connect(load_settings().database_url)
    try:
        with db.transaction():
            db.execute(statement, params)
    finally:
        db.close()


@pytest.mark.parametrize(
    "spec",
    [
        "RRULE:FREQ=WEEKLY;INTERVAL=99999999999",
        "RRULE:FREQ=YEARLY;INTERVAL=9000",
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    ],
)
def test_an_absurd_cadence_is_refused_where_it_enters(demo: Run, home, spec: str) -> None:  # type: ignore[no-untyped-def]
    before = store_dump(home)
    assert_user_error(demo("client", "add", "Новый", "--cadence", spec), "bad cadence")
    assert_user_error(demo("client", "edit", "пицца", "--cadence", spec), "bad cadence")
    assert store_dump(home) == before


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("cadence", "RRULE:FREQ=WEEKLY;INTERVAL=99999999999"),
        ("cadence", "RRULE:FREQ=YEARLY;INTERVAL=9000"),
        # a date column holds only dates on PostgreSQL: a SQLite file written by other tools
        pytest.param("since", "not a date", marks=pytest.mark.sqlite_only),
    ],
)
def test_one_clients_bad_row_leaves_the_others_on_the_morning(
    demo: Run, column: str, value: str
) -> None:
    good_calls = demo("calls", "--date", "2026-11-20", "--team").stdout
    assert "Гранд Холдинг" in good_calls
    # as another tool, or an older acct, could have stored it
    _sql(f"UPDATE client SET {column} = :v WHERE name = 'Гранд Холдинг'", {"v": value})
    for args in (
        ("today", "--date", "2026-11-20"),
        ("today", "--date", "2026-11-20", "--json"),
        ("calls", "--date", "2026-11-20", "--team"),
        ("calls", "--date", "2026-11-20", "--json"),
        ("call", "log", "пицца", "--at", "2026-11-20T10:00"),
    ):
        result = demo(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "internal error" not in result.stderr
        if "--json" in args:
            result.json()
    calls = demo("calls", "--date", "2026-11-20", "--team")
    assert "Стоматология Улыбка" in calls.stdout  # every other client is still there
    if column == "since":
        lines = calls.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Warning: Гранд Холдинг is left out")
        assert "acct client edit 'Гранд Холдинг'" in lines[0]
        morning = demo("today", "--date", "2026-11-20")
        assert "Стоматология" in morning.stdout  # the other clients' morning
        warned = morning.stderr.strip().splitlines()
        assert all(line.startswith("Warning: ") for line in warned)
        assert warned[0].startswith("Warning: Гранд Холдинг is left out")
    else:  # a cadence that cannot be read is ignored: the client is due by its max gap
        assert "Гранд Холдинг" in calls.stdout


@pytest.mark.sqlite_only
def test_a_bad_row_read_where_a_client_is_needed_is_still_an_error_not_a_crash(
    demo: Run,
) -> None:
    _sql("UPDATE client SET since = 'not a date' WHERE name = 'Гранд Холдинг'")
    result = demo("calls", "--date", "2026-11-20", "--team")
    assert "Traceback" not in result.stderr


# --- amounts -------------------------------------------------------------------------------


def test_an_amount_has_an_upper_bound(demo: Run, home) -> None:  # type: ignore[no-untyped-def]
    before = store_dump(home)
    for args in (
        ("invoice", "add", "пицца", "999999999999999.99"),
        ("invoice", "add", "пицца", "10000000000"),
        ("upsell", "add", "пицца", "seo", "--value", "10 000 000 000"),
    ):
        assert_user_error(demo(*args), "too large")
    assert store_dump(home) == before
    assert demo("invoice", "add", "пицца", "9999999999.99").exit_code == 0


def test_no_sum_of_a_store_can_overflow_and_kpis_stay_exact(demo: Run) -> None:
    from decimal import Decimal

    month = ("kpi", "--month", "2026-10", "--json", "--team")
    invoiced = Decimal(demo(*month).json()["receivables"]["invoiced"])
    # a store already holding near the limit (as many invoices at the largest amount would)
    _sql(
        "INSERT INTO invoice (number, client_id, amount_minor, issued, due, created_at)"
        " SELECT 'BIG-1', id, :a, '2026-10-05', '2026-10-19', '2026-10-05 00:00:00'"
        " FROM client WHERE name = 'Пицца Мама'",
        {"a": 10**17 - 10**12},
    )
    assert_user_error(demo("invoice", "add", "пицца", "9999999999"), "total")
    assert demo("invoice", "add", "пицца", "100", "--issued", "2026-10-06").exit_code == 0
    kpi = demo(*month)
    assert kpi.exit_code == 0, kpi.stderr
    exact = invoiced + Decimal("999990000000000.00") + Decimal("100.00")
    assert Decimal(kpi.json()["receivables"]["invoiced"]) == exact  # to the kopeck


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="0123456789 .,-₽e", min_size=1, max_size=24))
def test_any_amount_typed_is_refused_or_within_the_bound(text: str) -> None:
    try:
        value = parse_amount(text)
    except Invalid:
        return
    assert 0 < value < MAX_AMOUNT


# --- cadences ------------------------------------------------------------------------------

_FREQ = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
_PART = st.sampled_from(
    ["", ";BYDAY=MO", ";BYMONTHDAY=31", ";BYMONTH=2;BYMONTHDAY=29", ";BYSETPOS=-1;BYDAY=FR"]
)


@settings(max_examples=150, deadline=None)
@given(
    _FREQ,
    st.integers(min_value=0, max_value=10**15),
    _PART,
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
)
def test_any_cadence_accepted_gives_a_due_date_for_any_day(
    freq: str, interval: int, part: str, day: date
) -> None:
    spec = f"RRULE:FREQ={freq};INTERVAL={interval}{part}"
    try:
        cadence = parse_cadence(spec)
    except Invalid:
        return
    due = next_due(cadence, day, WorkCalendar(), anchor=date(1990, 1, 1))
    # the read path looks ten years ahead at most (beyond: never due by cadence)
    assert due is None or day < due <= date(day.year + 11, 1, 31)
