"""The report cycle's rules: which month's report is due when, and which are outstanding."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from acctcli.domain.cadence import WorkCalendar, parse_cadence
from acctcli.domain.reports import (
    ReportSchedule,
    due_for_month,
    month_key,
    next_report,
    outstanding,
    previous_month_key,
    report_days,
)

WEEKENDS = WorkCalendar()  # weekends only


def _schedule(spec: str, since: date = date(2025, 1, 10), agreed: date = date(2025, 1, 10)):
    return ReportSchedule(1, "Пицца Мама", "anna", since, spec, agreed)


def test_monthly_5_asks_for_the_month_before_on_the_5th_moved_to_a_working_day() -> None:
    cadence = parse_cadence("monthly:5")
    assert due_for_month(cadence, date(2026, 10, 1), WEEKENDS) == date(2026, 11, 5)  # Thursday
    # 5 December 2026 is a Saturday: Monday the 7th
    assert due_for_month(cadence, date(2026, 11, 1), WEEKENDS) == date(2026, 12, 7)


def test_monthly_last_asks_on_the_months_own_last_day() -> None:
    cadence = parse_cadence("monthly:last")
    assert due_for_month(cadence, date(2026, 11, 1), WEEKENDS) == date(2026, 11, 30)
    # 31 January 2027 is a Sunday
    assert due_for_month(cadence, date(2027, 1, 1), WEEKENDS) == date(2027, 2, 1)


def test_a_weekday_schedule_asks_on_the_first_such_day_from_the_last_of_the_month() -> None:
    cadence = parse_cadence("weekly:fri")
    assert due_for_month(cadence, date(2026, 11, 1), WEEKENDS) == date(2026, 12, 4)
    assert due_for_month(cadence, date(2026, 7, 1), WEEKENDS) == date(2026, 7, 31)  # a Friday


def test_interval_schedules_ask_on_the_last_day_and_never_asks_for_none() -> None:
    assert due_for_month(parse_cadence("monthly"), date(2026, 11, 1), WEEKENDS) == date(
        2026, 11, 30
    )
    assert due_for_month(parse_cadence("never"), date(2026, 11, 1), WEEKENDS) is None
    assert report_days(_schedule("never"), {}, date(2020, 1, 1), date(2030, 1, 1), WEEKENDS) == []


def test_holidays_move_the_day() -> None:
    calendar = WorkCalendar(holidays=[date(2026, 11, 5), date(2026, 11, 6)])
    assert due_for_month(parse_cadence("monthly:5"), date(2026, 10, 1), calendar) == date(
        2026, 11, 9
    )


def test_outstanding_and_next() -> None:
    schedule = _schedule("monthly:5")
    sent = {"2026-09": date(2026, 10, 5), "2026-10": date(2026, 11, 3)}
    day = date(2026, 12, 10)
    late = outstanding(schedule, sent, day, WEEKENDS)
    # every month since the schedule was agreed, less the two sent
    assert [r.month for r in late][-1] == "2026-11"
    assert "2026-10" not in [r.month for r in late] and "2026-09" not in [r.month for r in late]
    assert late[-1].due == date(2026, 12, 7) and late[-1].days_overdue(day) == 3
    everything = {month_key(date(2025, m, 1)): date(2025, m, 28) for m in range(1, 13)}
    everything |= {month_key(date(2026, m, 1)): date(2026, m, 28) for m in range(1, 12)}
    assert outstanding(schedule, everything, day, WEEKENDS) == []
    following = next_report(schedule, everything, day, WEEKENDS)
    assert following is not None and (following.month, following.due) == (
        "2026-12",
        date(2027, 1, 5),
    )


def test_nothing_is_asked_before_the_schedule_was_agreed_or_the_client_started() -> None:
    agreed = _schedule("monthly:5", since=date(2026, 11, 1), agreed=date(2026, 11, 20))
    assert outstanding(agreed, {}, date(2026, 12, 1), WEEKENDS) == []
    assert [r.month for r in outstanding(agreed, {}, date(2026, 12, 7), WEEKENDS)] == ["2026-11"]
    # a client who came on 28 October is first reported on for November, not three days
    late = _schedule("monthly:5", since=date(2026, 10, 28), agreed=date(2026, 10, 30))
    assert outstanding(late, {}, date(2026, 11, 30), WEEKENDS) == []
    assert [r.month for r in outstanding(late, {}, date(2026, 12, 7), WEEKENDS)] == ["2026-11"]


def test_previous_month_key() -> None:
    assert previous_month_key(date(2026, 1, 5)) == "2025-12"
    assert previous_month_key(date(2026, 12, 31)) == "2026-11"


SPECS = st.sampled_from(
    [
        "monthly:5",
        "monthly:1",
        "monthly:31",
        "monthly:last",
        "weekly:mon",
        "weekdays",
        "monthly",
        "every:10d",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=15",
        "biweekly",
    ]
)


@given(
    spec=SPECS,
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 1)).map(
        lambda d: d.replace(day=1)
    ),
)
def test_a_months_report_is_due_on_a_working_day_from_its_last_day_within_weeks(
    spec: str, first: date
) -> None:
    calendar = WorkCalendar(holidays=[first + timedelta(days=40)])
    due = due_for_month(parse_cadence(spec), first, calendar)
    assert due is not None and calendar.is_working(due)
    end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert end <= due <= end + timedelta(days=40)


@given(
    spec=SPECS,
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=400),
)
def test_report_days_in_a_window_are_in_it_one_per_month_in_order(
    spec: str, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    days = report_days(
        _schedule(spec, since=date(2019, 1, 1), agreed=date(2019, 1, 1)), {}, start, end, WEEKENDS
    )
    assert all(start <= r.due <= end for r in days)
    months = [r.month for r in days]
    assert months == sorted(set(months))
