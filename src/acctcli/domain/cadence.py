"""Cadence specs (cli.md "Cadence SPEC"), parsed into python-dateutil rules, and the next due
date they give on a calendar of working days.

Interval cadences (daily, weekly, biweekly, monthly, every:…) count from the last contact with
`relativedelta` (so "monthly" after 31 January is 28/29 February, not March); anchored ones
(weekdays, weekly:mon,thu, monthly:5, monthly:last, a rule with BYDAY/BYMONTHDAY) are
occurrences of their own `rrule`.  Either way the occurrence then moves to the next working
day of a `WorkCalendar`.  Pure: the calendar's public holidays come from an injected function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import rrule
from dateutil.relativedelta import relativedelta

from acctcli.errors import Invalid
from acctcli.i18n import _, pgettext
from acctcli.patterns import pattern
from acctcli.records import NamedTuple

WEEKDAYS = {
    "mon": rrule.MO,
    "tue": rrule.TU,
    "wed": rrule.WE,
    "thu": rrule.TH,
    "fri": rrule.FR,
    "sat": rrule.SA,
    "sun": rrule.SU,
}
_EVERY = pattern(r"^every:(\d+)([dw])$")
_EXAMPLES = (
    "daily, weekdays, weekly, weekly:mon,thu, biweekly, monthly, monthly:5, monthly:last, "
    "every:10d, every:3w, never, RRULE:FREQ=WEEKLY;BYDAY=MO"
)


class Cadence(NamedTuple):
    """A parsed spec. `anchored` rules fall on their own days; interval rules count from the
    last contact. `rrule_text` is an RFC 5545 rule without DTSTART; None means never."""

    spec: str
    rrule_text: str | None
    anchored: bool

    @property
    def never(self) -> bool:
        return self.rrule_text is None

    def rule(self, dtstart: date) -> rrule.rrule:
        from datetime import datetime

        if self.rrule_text is None:
            raise ValueError("a 'never' cadence has no rule")
        start = datetime(dtstart.year, dtstart.month, dtstart.day)
        return rrule.rrulestr(self.rrule_text, dtstart=start, forceset=False)  # type: ignore[return-value]


def _bad(spec: str, why: str) -> Invalid:
    return Invalid(
        # TRANSLATORS: {why} is one of the reasons below ("unknown form", "empty"…).
        _("bad cadence {spec!r}: {why}").format(spec=spec, why=why),
        _("use one of: {examples}").format(examples=_EXAMPLES),
    )


@lru_cache(maxsize=512)  # a call list parses the same few specs for every client
def parse_cadence(spec: str) -> Cadence:
    text = spec.strip()
    low = text.lower()
    if not text:
        raise _bad(spec, pgettext("bad cadence", "empty"))
    simple = {
        "never": (None, False),
        "daily": ("FREQ=DAILY", False),
        "weekdays": ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", True),
        "weekly": ("FREQ=WEEKLY", False),
        "biweekly": ("FREQ=WEEKLY;INTERVAL=2", False),
        "monthly": ("FREQ=MONTHLY", False),
        "monthly:last": ("FREQ=MONTHLY;BYMONTHDAY=-1", True),
    }
    if low in simple:
        rule, anchored = simple[low]
        return Cadence(low, rule, anchored)
    if low.startswith("weekly:"):
        days = [d.strip() for d in low[len("weekly:") :].split(",")]
        unknown = [d for d in days if d not in WEEKDAYS]
        if not days or unknown:
            listed = ", ".join(unknown) or pgettext("bad cadence", "(none)")
            raise _bad(spec, _("unknown weekday {days}; use mon..sun").format(days=listed))
        codes = ",".join(str(WEEKDAYS[d]) for d in dict.fromkeys(days))
        return Cadence(low, f"FREQ=WEEKLY;BYDAY={codes}", True)
    if low.startswith("monthly:"):
        day = low[len("monthly:") :]
        if not day.isdigit() or not 1 <= int(day) <= 31:
            raise _bad(spec, _("the day of the month must be 1..31 or 'last'"))
        # BYMONTHDAY=N alone skips months shorter than N; BYSETPOS picks the month's last
        # candidate among N and the days before it, so monthly:31 lands on Feb 28/29, Apr 30.
        n = int(day)
        if n <= 28:
            return Cadence(low, f"FREQ=MONTHLY;BYMONTHDAY={n}", True)
        candidates = ",".join(str(d) for d in range(28, n + 1))
        return Cadence(low, f"FREQ=MONTHLY;BYMONTHDAY={candidates};BYSETPOS=-1", True)
    m = _EVERY.match(low)
    if m:
        count = int(m.group(1))
        if count < 1 or count > 366:
            raise _bad(spec, _("the interval must be between 1 and 366"))
        freq = "DAILY" if m.group(2) == "d" else "WEEKLY"
        return Cadence(low, f"FREQ={freq};INTERVAL={count}", False)
    if low.startswith("rrule:"):
        body = text[len("rrule:") :]
        try:
            rrule.rrulestr(body, dtstart=None)
        except (ValueError, TypeError) as exc:
            raise _bad(spec, str(exc) or _("not an RFC 5545 rule")) from None
        upper = body.upper()
        if _rule_parts(body).get("FREQ") in ("HOURLY", "MINUTELY", "SECONDLY"):
            raise _bad(spec, _("a cadence repeats at most daily (FREQ=DAILY or longer)"))
        if "DTSTART" in upper or "COUNT=" in upper or "UNTIL=" in upper:
            raise _bad(spec, _("a cadence rule repeats for ever: no DTSTART, COUNT or UNTIL"))
        anchored = "BYDAY=" in upper or "BYMONTHDAY=" in upper
        _check_span(spec, body)
        return Cadence("RRULE:" + body, body, anchored)
    raise _bad(spec, _("unknown form"))


# The longest interval a rule may have, by its frequency (about two years), and how far ahead
# its first occurrence must be (five years: a 29 February rule occurs every four).
MAX_INTERVAL = {"DAILY": 731, "WEEKLY": 105, "MONTHLY": 24, "YEARLY": 2}
_FIRST_WITHIN = 5


def _check_span(spec: str, body: str) -> None:
    """A rule repeats at a sane interval and has an occurrence within a few years."""
    parts = _rule_parts(body)
    freq = parts.get("FREQ", "")
    interval_text = parts.get("INTERVAL", "1") or "1"
    longest = MAX_INTERVAL.get(freq)
    if longest is not None and (
        not interval_text.isdigit()
        or len(interval_text) > 6
        or not 1 <= int(interval_text) <= longest
    ):
        raise _bad(
            spec,
            _("INTERVAL must be from 1 to {n} with FREQ={freq} (about two years)").format(
                n=longest, freq=freq
            ),
        )
    # from starts on every weekday and in several months: a rule whose INTERVAL and BYDAY are
    # out of phase (FREQ=DAILY;INTERVAL=14;BYDAY=MO from a Tuesday) may never occur
    for start in _STARTS:
        try:
            rule = rrule.rrulestr(body, dtstart=start, forceset=False)
            limit = start + relativedelta(years=_FIRST_WITHIN)
            found = rule.replace(until=limit).after(start, inc=True)  # type: ignore[union-attr]
        except (ValueError, TypeError, OverflowError) as exc:
            raise _bad(spec, str(exc) or _("not an RFC 5545 rule")) from None
        if found is None:
            raise _bad(
                spec,
                _("the rule has no occurrence within {years} years").format(years=_FIRST_WITHIN),
            )


_STARTS = tuple(datetime(2001, 1, d) for d in range(1, 8)) + tuple(
    datetime(2001, m, 15) for m in range(2, 13)
)


# --- next due ------------------------------------------------------------------------------

_UNITS = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months", "YEARLY": "years"}
_HORIZON = relativedelta(years=10)  # a rule with no occurrence this far ahead is "never"


@lru_cache(maxsize=256)
def _rule_parts(body: str) -> dict[str, str]:
    parts = {}
    for item in body.split(";"):
        key, _eq, value = item.partition("=")
        if key.strip():
            parts[key.strip().upper()] = value.strip().upper()
    return parts


@lru_cache(maxsize=256)
def _template(rrule_text: str) -> rrule.rrule:
    return rrule.rrulestr(rrule_text, dtstart=datetime(2000, 1, 1), forceset=False)  # type: ignore[return-value]


def span_of(unit: str, count: int) -> relativedelta:
    """relativedelta(days=…), (weeks=…), (months=…) or (years=…) by the unit's name."""
    if unit == "years":
        return relativedelta(years=count)
    if unit == "months":
        return relativedelta(months=count)
    if unit == "weeks":
        return relativedelta(weeks=count)
    return relativedelta(days=count)


@lru_cache(maxsize=64)
def _step(unit: str, count: int) -> relativedelta | timedelta:
    if unit == "days":  # a fixed length: plain date arithmetic gives the same day, cheaper
        return timedelta(days=count)
    if unit == "weeks":
        return timedelta(weeks=count)
    return span_of(unit, count)


# Anchored rules with INTERVAL=1 are the same set of days whatever their DTSTART (which only
# cuts the days before it), as long as each period's candidates are complete: true of every
# rule below, but not of a weekly BYSETPOS (dateutil's first week starts at DTSTART).  Their
# days are worked out once per rule and year, and looked up by bisection, so a call list of
# a thousand clients builds a handful of rules, not one per client.
_STABLE_PARTS = frozenset({"FREQ", "INTERVAL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH"})


@lru_cache(maxsize=256)
def _yearly_days(rrule_text: str) -> bool:
    """Whether `rrule_text` (anchored) can be answered from its days per year."""
    parts = _rule_parts(rrule_text)
    if parts.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        return False
    if int(parts.get("INTERVAL", "1") or "1") != 1:
        return False
    extra = set(parts) - _STABLE_PARTS
    return not extra or (extra == {"BYSETPOS"} and parts["FREQ"] in ("MONTHLY", "YEARLY"))


@lru_cache(maxsize=1024)
def _days_in_year(rrule_text: str, year: int) -> tuple[date, ...]:
    rule = _template(rrule_text).replace(
        dtstart=datetime(year, 1, 1), until=datetime(year, 12, 31, 23, 59, 59)
    )
    return tuple(sorted({found.date() for found in rule}))


def _next_by_year(rrule_text: str, after: date) -> date | None:
    from bisect import bisect_right

    limit = after + _HORIZON
    for year in range(after.year, limit.year + 1):
        days = _days_in_year(rrule_text, year)
        at = bisect_right(days, after)
        if at < len(days):
            return days[at] if days[at] <= limit else None
    return None


def next_occurrence(cadence: Cadence, after: date, *, anchor: date | None = None) -> date | None:
    """The cadence's first occurrence on a day strictly after `after` (before any working-day
    shift); None for `never` or a rule with no occurrence in the next ten years.

    Interval cadences count from `after` (the last contact).  Anchored ones fall on their own
    days; a rule that is both anchored and has an INTERVAL (every other Monday) keeps the phase
    it had from `anchor` (the client's start), or from `after` when no anchor is given.
    """
    if cadence.rrule_text is None:
        return None
    parts = _rule_parts(cadence.rrule_text)
    interval = int(parts.get("INTERVAL", "1") or "1")
    if not cadence.anchored and set(parts) <= {"FREQ", "INTERVAL", "WKST"}:
        unit = _UNITS.get(parts.get("FREQ", ""))
        if unit is not None:
            return after + _step(unit, interval)
    if cadence.anchored and _yearly_days(cadence.rrule_text):
        return _next_by_year(cadence.rrule_text, after)
    start = anchor if (cadence.anchored and interval > 1 and anchor and anchor <= after) else after
    begin = datetime(start.year, start.month, start.day)
    limit = datetime(after.year, after.month, after.day) + _HORIZON
    rule = _template(cadence.rrule_text).replace(dtstart=begin, until=limit)
    found = rule.after(datetime(after.year, after.month, after.day, 23, 59, 59), inc=False)
    return None if found is None else found.date()


PublicDays = Callable[[int], tuple[Iterable[date], Iterable[date]]]


class WorkCalendar:
    """Which days are working days.

    `public(year)` gives that year's public holidays and its transferred working days (weekend
    days that are worked, like Russia's working Saturdays); it is asked once per year, lazily,
    so a caller can make it cheap (a cached file) or leave it out (weekends only).  The user's
    own `holidays` and `workdays` (config.toml) win over the public calendar.
    """

    def __init__(
        self,
        *,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        public: PublicDays | None = None,
        weekend: Iterable[int] = (5, 6),
    ) -> None:
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        self.weekend = frozenset(weekend)
        self._public = public
        self._years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
        self._next: dict[date, date] = {}  # next_working's answers (a call list asks often)

    def _year(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        known = self._years.get(year)
        if known is None:
            if self._public is None:
                known = (frozenset(), frozenset())
            else:
                off, on = self._public(year)
                known = (frozenset(off), frozenset(on))
            self._years[year] = known
        return known

    def is_working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        off, on = self._year(day.year)
        if day in on:
            return True
        if day in off:
            return False
        return day.weekday() not in self.weekend

    def next_working(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        known = self._next.get(day)
        if known is None:
            known = self._next[day] = self._next_working(day)
        return known

    def _next_working(self, day: date) -> date:
        for _attempt in range(400):
            if self.is_working(day):
                return day
            day += timedelta(days=1)
        raise Invalid(
            _("no working day within a year after {day}: check the calendar").format(
                day=day.isoformat()
            )
        )


def next_due(
    cadence: Cadence, last: date, calendar: WorkCalendar, *, anchor: date | None = None
) -> date | None:
    """The first occurrence strictly after `last`, moved to the next working day."""
    found = next_occurrence(cadence, last, anchor=anchor)
    return None if found is None else calendar.next_working(found)
