"""Cadence specs → next occurrence → next working day, with fixed dates (pure domain code)."""

from __future__ import annotations

from datetime import date

import pytest

from acctcli.domain.cadence import Cadence, WorkCalendar, next_due, next_occurrence, parse_cadence
from acctcli.errors import Invalid

THU = date(2026, 11, 26)  # a Thursday
WEEKENDS_ONLY = WorkCalendar()


def occ(spec: str, after: date, anchor: date | None = None) -> date | None:
    return next_occurrence(parse_cadence(spec), after, anchor=anchor)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("daily", date(2026, 11, 27)),
        ("weekdays", date(2026, 11, 27)),
        ("weekly", date(2026, 12, 3)),
        ("weekly:mon,thu", date(2026, 11, 30)),  # Thursday itself is not *after* Thursday
        ("weekly:fri", date(2026, 11, 27)),
        ("biweekly", date(2026, 12, 10)),
        ("monthly", date(2026, 12, 26)),
        ("monthly:5", date(2026, 12, 5)),
        ("monthly:26", date(2026, 12, 26)),
        ("monthly:27", date(2026, 11, 27)),
        ("monthly:last", date(2026, 11, 30)),
        ("every:10d", date(2026, 12, 6)),
        ("every:3w", date(2026, 12, 17)),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO", date(2026, 11, 30)),
        ("RRULE:FREQ=MONTHLY;BYDAY=1MO", date(2026, 12, 7)),
        ("RRULE:FREQ=YEARLY", date(2027, 11, 26)),
    ],
)
def test_every_spec_gives_its_first_occurrence_after_the_last_contact(
    spec: str, expected: date
) -> None:
    assert occ(spec, THU) == expected


def test_never_has_no_occurrence_and_no_due_date() -> None:
    assert occ("never", THU) is None
    assert next_due(parse_cadence("never"), THU, WEEKENDS_ONLY) is None


def test_specs_are_case_and_space_tolerant_and_malformed_ones_are_errors() -> None:
    assert parse_cadence("  Weekly:MON,thu ").spec == "weekly:mon,thu"
    for bad in ("fortnightly", "weekly:funday", "monthly:32", "monthly:0", "every:0d",
                "every:2x", "RRULE:FREQ=HOURLY", "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:BOGUS=1",
                ""):  # fmt: skip
        with pytest.raises(Invalid):
            parse_cadence(bad)


def test_monthly_interval_after_a_long_month_lands_on_the_short_months_last_day() -> None:
    assert occ("monthly", date(2026, 1, 31)) == date(2026, 2, 28)
    assert occ("monthly", date(2024, 1, 31)) == date(2024, 2, 29)  # leap year
    assert occ("monthly", date(2026, 3, 31)) == date(2026, 4, 30)
    assert occ("monthly", date(2026, 12, 15)) == date(2027, 1, 15)  # year end


@pytest.mark.parametrize(
    ("spec", "after", "expected"),
    [
        ("monthly:31", date(2026, 1, 31), date(2026, 2, 28)),
        ("monthly:31", date(2024, 1, 31), date(2024, 2, 29)),  # leap day
        ("monthly:30", date(2026, 1, 30), date(2026, 2, 28)),
        ("monthly:29", date(2026, 1, 29), date(2026, 2, 28)),
        ("monthly:29", date(2028, 1, 29), date(2028, 2, 29)),
        ("monthly:31", date(2026, 3, 31), date(2026, 4, 30)),
        ("monthly:31", date(2026, 4, 30), date(2026, 5, 31)),
        ("monthly:31", date(2026, 2, 28), date(2026, 3, 31)),
        ("monthly:30", date(2026, 2, 27), date(2026, 2, 28)),
        ("monthly:31", date(2026, 12, 31), date(2027, 1, 31)),  # year end
        ("monthly:last", date(2026, 12, 31), date(2027, 1, 31)),
        ("monthly:last", date(2028, 2, 28), date(2028, 2, 29)),
        ("monthly:last", date(2026, 2, 27), date(2026, 2, 28)),
    ],
)
def test_monthly_day_in_a_short_month_is_that_months_last_day(
    spec: str, after: date, expected: date
) -> None:
    assert occ(spec, after) == expected


def test_anchored_rule_with_an_interval_keeps_its_phase_from_the_clients_start() -> None:
    every_other_monday = "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    start = date(2026, 11, 2)  # a Monday
    assert occ(every_other_monday, THU, anchor=start) == date(2026, 11, 30)
    assert occ(every_other_monday, date(2026, 12, 1), anchor=start) == date(2026, 12, 14)
    quarterly = "RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=5"
    assert occ(quarterly, THU, anchor=date(2026, 1, 5)) == date(2027, 1, 5)


def test_a_rule_that_never_happens_is_refused_and_a_stored_one_is_treated_as_never() -> None:
    with pytest.raises(Invalid, match="no occurrence within 5 years"):
        parse_cadence("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    stored = Cadence(
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", True
    )
    assert next_occurrence(stored, THU) is None


@pytest.mark.parametrize(
    "spec",
    [
        "RRULE:FREQ=WEEKLY;INTERVAL=99999999999",
        "RRULE:FREQ=YEARLY;INTERVAL=9000",
        "RRULE:FREQ=DAILY;INTERVAL=732",
        "RRULE:FREQ=MONTHLY;INTERVAL=25;BYMONTHDAY=3",
    ],
)
def test_a_rule_with_an_absurd_interval_is_refused(spec: str) -> None:
    with pytest.raises(Invalid, match="INTERVAL must be from 1 to"):
        parse_cadence(spec)


def test_a_leap_day_rule_is_accepted() -> None:
    assert occ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", THU) == date(2028, 2, 29)


def test_weekend_occurrences_move_to_monday() -> None:
    daily = parse_cadence("daily")
    assert next_due(daily, date(2026, 11, 27), WEEKENDS_ONLY) == date(2026, 11, 30)
    assert next_due(parse_cadence("monthly:5"), THU, WEEKENDS_ONLY) == date(2026, 12, 7)
    assert next_due(parse_cadence("weekly:sat"), THU, WEEKENDS_ONLY) == date(2026, 11, 30)


def test_configured_holidays_and_workdays_win() -> None:
    calendar = WorkCalendar(holidays=[date(2026, 11, 27)], workdays=[date(2026, 11, 28)])
    assert not calendar.is_working(date(2026, 11, 27))
    assert calendar.is_working(date(2026, 11, 28))  # a working Saturday
    assert next_due(parse_cadence("daily"), THU, calendar) == date(2026, 11, 28)


def test_public_holidays_are_asked_once_per_year_and_only_when_needed() -> None:
    asked: list[int] = []

    def public(year: int) -> tuple[list[date], list[date]]:
        asked.append(year)
        return [date(year, 1, 1), date(year, 1, 2)], [date(year, 2, 20)]

    calendar = WorkCalendar(public=public)
    assert calendar.next_working(date(2026, 12, 31)) == date(2026, 12, 31)
    assert asked == [2026]
    assert calendar.next_working(date(2027, 1, 1)) == date(2027, 1, 4)  # Fri/Sat holidays, Sun
    assert calendar.is_working(date(2027, 2, 20))  # a transferred working Saturday
    assert asked == [2026, 2027]


def test_russian_new_year_break_gives_no_call_on_the_second_of_january() -> None:
    from acctcli.services.workdays import PublicHolidays

    calendar = WorkCalendar(public=PublicHolidays("RU", None, None))
    due = next_due(parse_cadence("monthly:2"), date(2026, 12, 2), calendar)
    assert due == date(2027, 1, 11)  # 1–8 January are the break; 9–10 the weekend
    assert next_due(parse_cadence("daily"), date(2026, 12, 29), calendar) == date(2026, 12, 30)
    # 31 December 2026 is a day off by decree (moved from 3 January)
    assert next_due(parse_cadence("daily"), date(2026, 12, 30), calendar) == date(2027, 1, 11)
    assert next_due(parse_cadence("daily"), date(2025, 12, 31), calendar) == date(2026, 1, 12)
    assert not calendar.is_working(date(2026, 11, 4))  # Unity Day


def test_dates_not_times_daylight_saving_changes_nothing() -> None:
    # the night the clocks change in Europe (29 March 2026) is just a date here
    assert occ("daily", date(2026, 3, 28)) == date(2026, 3, 29)
    assert occ("weekly", date(2026, 3, 28)) == date(2026, 4, 4)
    assert occ("every:10d", date(2026, 10, 20)) == date(2026, 10, 30)
