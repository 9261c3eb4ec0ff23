"""Property tests: the next due date is after the last contact and always a working day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from acctcli.domain import cadence as cadence_mod
from acctcli.domain.cadence import WorkCalendar, next_due, parse_cadence
from acctcli.domain.calls import CallRules, LastTouch, parse_max_gap, plan_call
from acctcli.domain.clients import Client
from acctcli.services.workdays import PublicHolidays

SPECS = [
    "daily",
    "weekdays",
    "weekly",
    "weekly:mon,thu",
    "weekly:sat",
    "weekly:sun",
    "biweekly",
    "monthly",
    "monthly:5",
    "monthly:29",
    "monthly:31",
    "monthly:last",
    "every:10d",
    "every:3w",
    "RRULE:FREQ=WEEKLY;BYDAY=MO",
    "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
    "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "RRULE:FREQ=YEARLY",
]
RUSSIA = PublicHolidays("RU", None, None)  # computed in memory; shared by every example
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
extra_holidays = st.lists(st.dates(date(2020, 1, 1), date(2031, 12, 31)), max_size=40)


def _calendar(holidays: list[date], russian: bool) -> WorkCalendar:
    return WorkCalendar(holidays=holidays, public=RUSSIA if russian else None)


def _is_weekend_or_holiday(day: date, calendar: WorkCalendar, holidays: list[date]) -> bool:
    public_off, public_on = calendar._year(day.year)
    if day in holidays or day in public_off:
        return True
    return day.weekday() >= 5 and day not in public_on


@settings(max_examples=300, deadline=None)
@given(
    spec=st.sampled_from(SPECS),
    last=days,
    start_back=st.integers(0, 2000),
    holidays=extra_holidays,
    russian=st.booleans(),
)
def test_next_due_is_after_the_last_contact_and_a_working_day(
    spec: str, last: date, start_back: int, holidays: list[date], russian: bool
) -> None:
    calendar = _calendar(holidays, russian)
    due = next_due(parse_cadence(spec), last, calendar, anchor=last - timedelta(days=start_back))
    assert due is not None
    assert due > last
    assert not _is_weekend_or_holiday(due, calendar, holidays)
    assert due.weekday() < 5 or due in calendar._year(due.year)[1]
    # the longest cadence here is yearly; shifting past holidays adds days, not months
    assert due - last <= timedelta(days=366 + 30)


@settings(max_examples=200, deadline=None)
@given(
    spec=st.sampled_from(SPECS),
    since=days,
    touches=st.lists(st.integers(0, 400), max_size=6),
    look=st.integers(0, 500),
    holidays=extra_holidays,
)
def test_the_call_list_never_shows_a_client_due_before_its_last_touch(
    spec: str, since: date, touches: list[int], look: int, holidays: list[date]
) -> None:
    """Whatever the history, the clock restarts at the latest touch: the due date is after it
    (or it is the first day over the max gap), and the day counts add up."""
    calendar = _calendar(holidays, True)
    rules = CallRules(calendar, parse_max_gap("6w"))
    client = Client(1, "Тест", "active", since, "anna", cadence=spec)
    last_day = since + timedelta(days=max(touches)) if touches else None
    day = (last_day or since) + timedelta(days=look)
    last = LastTouch(datetime.combine(last_day, datetime.min.time()), "phone") if last_day else None
    plan = plan_call(client, last, day=day, rules=rules)
    assert plan is not None
    reference = last_day or since
    assert plan.due > reference
    assert plan.days_overdue == (day - plan.due).days
    assert plan.days_silent == (day - reference).days
    # a client never contacted is due now, not at risk by a gap counted from its start
    assert plan.at_risk == (last is not None and plan.days_silent > 42)
    if last is None:  # due on the latest working day: only days off since then
        after = (plan.due + timedelta(days=n) for n in range(1, plan.days_overdue + 1))
        assert all(_is_weekend_or_holiday(d, calendar, holidays) for d in after)
    if not plan.at_risk:
        assert not _is_weekend_or_holiday(plan.due, calendar, holidays)


# --- issue 17: anchored rules answered from their days per year, not a rule per client -------

_ANCHORED = (
    "weekdays",
    "weekly:mon",
    "weekly:tue,fri",
    "monthly:5",
    "monthly:28",
    "monthly:30",
    "monthly:31",
    "monthly:last",
    "RRULE:FREQ=MONTHLY;BYDAY=1MO",
    "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "RRULE:FREQ=YEARLY;BYMONTH=3,9;BYDAY=2WE",
    "RRULE:FREQ=DAILY;BYDAY=SA,SU",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-1",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=31",
)


def _one_rule_per_call(cadence: cadence_mod.Cadence, after: date) -> date | None:
    """The plain answer: the rule built with DTSTART = `after`, as before the cache."""
    from dateutil.relativedelta import relativedelta

    begin = datetime(after.year, after.month, after.day)
    assert cadence.rrule_text is not None
    rule = cadence_mod.rrule.rrulestr(cadence.rrule_text, dtstart=begin, forceset=False)
    rule = rule.replace(until=begin + relativedelta(years=10))  # type: ignore[union-attr]
    found = rule.after(begin.replace(hour=23, minute=59, second=59), inc=False)
    return None if found is None else found.date()


@settings(max_examples=300, deadline=None)
@given(
    spec=st.sampled_from(_ANCHORED),
    after=st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31)),
)
def test_next_occurrence_of_an_anchored_rule_is_the_rule_built_for_that_day(spec, after):
    cadence = cadence_mod.parse_cadence(spec)
    assert cadence_mod.next_occurrence(cadence, after) == _one_rule_per_call(cadence, after)
