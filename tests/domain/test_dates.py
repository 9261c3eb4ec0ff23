"""Dates as people type them (issue 16): one parser for every day and moment option."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from acctcli.domain.dates import parse_date, parse_datetime
from acctcli.errors import Invalid

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))
TODAY = date(2026, 12, 4)  # a Friday

EN_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
RU_MONTHS = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
WEEKDAYS = [
    ("mon", "monday", "пн", "понедельник", "в понедельник"),
    ("tue", "tuesday", "вт", "вторник", "во вторник"),
    ("wed", "wednesday", "ср", "среда", "в среду"),
    ("thu", "thursday", "чт", "четверг", "в четверг"),
    ("fri", "friday", "пт", "пятница", "в пятницу"),
    ("sat", "saturday", "сб", "суббота", "в субботу"),
    ("sun", "sunday", "вс", "воскресенье", "в воскресенье"),
]


@given(days)
def test_absolute_forms_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_date(f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}") == day
    assert parse_date(f"{day.day} {RU_MONTHS[day.month - 1][:3]}. {day.year}") == day
    assert parse_date(f" {day.day} {RU_MONTHS[day.month - 1].upper()} {day.year} ") == day


@given(days, days)
def test_a_day_without_a_year_is_the_nearest_one(day: date, today: date) -> None:
    if (day.month, day.day) == (2, 29):
        return
    for text in (day.strftime("%d.%m"), f"{day.day} {EN_MONTHS[day.month - 1][:3]}"):
        found = parse_date(text, today=today)
        assert (found.month, found.day) == (day.month, day.day)
        assert abs((found - today).days) <= 183


@given(days, st.integers(0, 6), st.integers(0, 4))
def test_a_weekday_is_the_next_such_day(today: date, weekday: int, form: int) -> None:
    found = parse_date(WEEKDAYS[weekday][form], today=today)
    assert found.weekday() == weekday
    assert 1 <= (found - today).days <= 7


@given(days, st.integers(0, 6), st.integers(0, 4), st.integers(0, 23))
def test_a_weekday_of_something_that_happened_is_the_latest_such_day(
    today: date, weekday: int, form: int, hour: int
) -> None:
    """`--at fri 9:30` of a call: the Friday just gone (today, on a Friday), never the next one;
    "next fri" still means the next."""
    found = parse_datetime(f"{WEEKDAYS[weekday][form]} {hour}:30", today=today, past=True)
    assert found.weekday() == weekday and found.time() == time(hour, 30)
    assert 0 <= (today - found.date()).days <= 6
    ahead = parse_datetime(f"next {WEEKDAYS[weekday][0]} {hour}:30", today=today, past=True)
    assert ahead.weekday() == weekday and 1 <= (ahead.date() - today).days <= 7


def test_a_call_on_friday_at_half_past_nine_was_this_friday() -> None:
    saturday = TODAY + timedelta(days=1)
    assert parse_datetime("fri 9:30", today=saturday, past=True) == datetime(2026, 12, 4, 9, 30)
    assert parse_datetime("пт 9:30", today=TODAY, past=True) == datetime(2026, 12, 4, 9, 30)
    assert parse_datetime("fri 9:30", today=saturday) == datetime(2026, 12, 11, 9, 30)


@given(days, st.integers(0, 400))
def test_offsets(today: date, count: int) -> None:
    assert parse_date(f"+{count}d", today=today) == today + timedelta(days=count)
    assert parse_date(f"+{count}w", today=today) == today + timedelta(weeks=count)
    assert parse_date(f"через {count} дней", today=today) == today + timedelta(days=count)
    assert parse_date(f"+{count % 100}m", today=today) == today + relativedelta(months=count % 100)


@given(days)
def test_words_and_the_end_of_the_month(today: date) -> None:
    for words, shift in (
        (("today", "сегодня", "Today"), 0),
        (("tomorrow", "завтра"), 1),
        (("послезавтра",), 2),
        (("yesterday", "вчера"), -1),
    ):
        for word in words:
            assert parse_date(word, today=today) == today + timedelta(days=shift)
    assert parse_date("через неделю", today=today) == today + timedelta(days=7)
    for text in ("eom", "конец месяца"):
        end = parse_date(text, today=today)
        assert end.month == today.month and (end + timedelta(days=1)).day == 1


@given(days, st.integers(0, 23), st.integers(0, 59), st.sampled_from(["завтра", "fri", "+3d"]))
def test_a_moment_is_a_day_and_a_time(today: date, hour: int, minute: int, word: str) -> None:
    clock = time(hour, minute)
    day = parse_date(word, today=today)
    assert parse_datetime(f"{word} {hour}:{minute:02}", today=today) == datetime.combine(day, clock)
    iso = datetime.combine(today, clock)
    assert parse_datetime(iso.isoformat(timespec="minutes"), today=today) == iso
    assert parse_datetime(word, today=today, at=clock) == datetime.combine(day, clock)


@given(st.text(max_size=30))
def test_anything_else_is_one_error(text: str) -> None:
    try:
        parse_date(text, today=TODAY)
    except Invalid as error:
        assert "\n" not in str(error) or "\n" in text
    try:
        parse_datetime(text, today=TODAY)
    except Invalid:
        pass


@pytest.mark.parametrize(
    "text", ["someday", "31.02.2026", "3 xyz", "+3x", "32.01", "через много дней", "fry"]
)
def test_bad_days_list_the_forms(text: str) -> None:
    with pytest.raises(Invalid, match=r"expected YYYY-MM-DD.*03\.12\.2026.*tomorrow.*\+3d"):
        parse_date(text, "--due", today=TODAY)


def test_relative_words_need_a_day_to_count_from() -> None:
    with pytest.raises(Invalid, match="expected YYYY-MM-DD, e.g. 2026-11-26$"):
        parse_date("tomorrow")
    assert parse_date("03.12.2026") == date(2026, 12, 3)


@pytest.mark.parametrize("word", ["now", "NOW", "сейчас", "только что"])
def test_now_is_the_present_minute_for_when_something_happened(word: str) -> None:
    """`acct call log … --at now` was refused; a call's moment may be said as now."""
    now = datetime(2026, 12, 4, 9, 41, 27, 5)
    found = parse_datetime(word, "--at", today=now.date(), past=True, now=now)
    assert found == datetime(2026, 12, 4, 9, 41)
    with pytest.raises(Invalid):  # a date to come (a --next, a --due) is never "now"
        parse_datetime(word, "--due", today=now.date(), now=now)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-3d", date(2026, 12, 1)), ("-2w", date(2026, 11, 20)), ("-1m", date(2026, 11, 4))],
)
def test_an_offset_back_from_today(text: str, expected: date) -> None:
    """`--since -2w` was refused: only +3d went forward."""
    assert parse_date(text, "--since", TODAY) == expected
