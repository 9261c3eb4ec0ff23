"""The monthly report cycle: when each month's report is due, and which are outstanding.

A client's report schedule is a cadence spec (cli.md "Cadence SPEC"), agreed on a day.  Reports
are monthly: the report of month M is due on the schedule's first day on or after M's last
day, moved to the next working day — `monthly:5` asks for November's report on 5 December,
`monthly:last` on 30 November, `weekly:fri` on the first Friday from 30 November.  A schedule
with no days of its own (`monthly`, `weekly`, `every:…`) asks for it on the month's last day;
`never` asks for none.  Reports whose due day falls before the day the schedule was agreed are
not asked for, nor any for a month before the client's first whole month.

Pure: the working-day calendar is an argument, and so is the day.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from acctcli.domain.cadence import Cadence, WorkCalendar, next_occurrence, parse_cadence
from acctcli.records import NamedTuple


class ReportSchedule(NamedTuple):
    """One client's schedule, as the store keeps it."""

    client_id: int
    client: str
    owner: str
    since: date
    spec: str
    agreed_on: date


class ReportDue(NamedTuple):
    """The report of `month` (YYYY-MM) for a client, due on `due`; `sent_on` once it went out."""

    client_id: int
    client: str
    owner: str
    month: str
    due: date
    sent_on: date | None = None

    def days_overdue(self, day: date) -> int:
        """Days past due on `day` (0 when due that day, negative before)."""
        return (day - self.due).days


def month_key(day: date) -> str:
    """2026-11 for any day of November 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    """The first day of a YYYY-MM month key."""
    return date(int(key[:4]), int(key[5:7]), 1)


def last_day(first: date) -> date:
    return first.replace(day=_calendar.monthrange(first.year, first.month)[1])


def previous_month_key(day: date) -> str:
    """The month before `day`'s: the month a report sent on `day` is usually about."""
    return month_key(day.replace(day=1) - timedelta(days=1))


def _next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def due_for_month(
    cadence: Cadence, first: date, calendar: WorkCalendar, *, anchor: date | None = None
) -> date | None:
    """The day the report of the month starting `first` is due; None for `never`."""
    if cadence.never:
        return None
    end = last_day(first)
    if cadence.anchored:
        found = next_occurrence(cadence, end - timedelta(days=1), anchor=anchor)
        if found is None:
            return None
    else:
        found = end
    return calendar.next_working(found)


def report_days(
    schedule: ReportSchedule,
    sent: Mapping[str, date],
    start: date,
    end: date,
    calendar: WorkCalendar,
) -> list[ReportDue]:
    """Every report of this client due from `start` to `end` (inclusive), oldest first, with
    the day it went out where it did (`sent`: month key → day sent)."""
    cadence = parse_cadence(schedule.spec)
    if cadence.never or end < start:
        return []
    first_month = max(first_whole_month(schedule.since), _months_before(schedule.agreed_on, 2))
    first_month = max(first_month, _months_before(start, 2))
    found = []
    month = first_month
    while month <= end:
        due = due_for_month(cadence, month, calendar, anchor=schedule.agreed_on)
        if due is not None and due >= schedule.agreed_on and start <= due <= end:
            key = month_key(month)
            found.append(
                ReportDue(
                    schedule.client_id,
                    schedule.client,
                    schedule.owner,
                    key,
                    due,
                    sent.get(key),
                )
            )
        month = _next_month(month)
    return found


def first_whole_month(since: date) -> date:
    """The first month reported on: the month a client started in only when it started on
    the 1st (a client who came on 28 October gets its first report for November)."""
    return since if since.day == 1 else _next_month(since.replace(day=1))


def _months_before(day: date, count: int) -> date:
    first = day.replace(day=1)
    for _n in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def outstanding(
    schedule: ReportSchedule, sent: Mapping[str, date], day: date, calendar: WorkCalendar
) -> list[ReportDue]:
    """The reports due on or before `day` that have not gone out, oldest first."""
    start = max(schedule.agreed_on, schedule.since)
    return [r for r in report_days(schedule, sent, start, day, calendar) if r.sent_on is None]


def next_report(
    schedule: ReportSchedule, sent: Mapping[str, date], day: date, calendar: WorkCalendar
) -> ReportDue | None:
    """The report to send next: the oldest outstanding one, else the first due after `day`."""
    late = outstanding(schedule, sent, day, calendar)
    if late:
        return late[0]
    ahead = report_days(
        schedule, sent, day + timedelta(days=1), day + timedelta(days=400), calendar
    )
    return next((r for r in ahead if r.sent_on is None), None)


def clean_schedule(spec: str) -> str:
    """A report schedule as stored: the cadence spec, normalised (raises Invalid)."""
    return parse_cadence(spec).spec


def sent_by_client(rows: Iterable[tuple[int, str, date]]) -> dict[int, dict[str, date]]:
    """(client_id, month, sent_on) rows → client_id → month → sent_on."""
    found: dict[int, dict[str, date]] = {}
    for client_id, month, sent_on in rows:
        found.setdefault(client_id, {})[month] = sent_on
    return found


# --- a report seen in sent mail ------------------------------------------------------------

_RU_MONTHS = (
    r"январ[ьяеюём]", r"феврал[ьяеюём]", r"март[ае]?", r"апрел[ьяеюём]", r"ма[йяею]",
    r"июн[ьяеюём]", r"июл[ьяеюём]", r"август[ае]?", r"сентябр[ьяеюём]", r"октябр[ьяеюём]",
    r"ноябр[ьяеюём]", r"декабр[ьяеюём]",
)  # fmt: skip
_EN_MONTHS = (
    "january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul",
    "august|aug", "september|sept|sep", "october|oct", "november|nov", "december|dec",
)  # fmt: skip


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a report word, a month's name, a numeric month): compiled when mail is imported,
    not on every `acct today`, which imports this module for the report schedule."""
    report_word = re.compile(r"(?<!\w)(?:отч[её]т\w*|reports?|reporting)(?!\w)", re.IGNORECASE)
    month_word = re.compile(
        r"(?<!\w)(?:"
        + "|".join(
            f"(?P<m{n}>{ru}|{en})"
            for n, (ru, en) in enumerate(zip(_RU_MONTHS, _EN_MONTHS, strict=True))
        )
        + r")\.?(?:\s+(?P<year>(?:19|20)\d\d))?(?!\w)",
        re.IGNORECASE,
    )
    numeric_month = re.compile(
        r"(?<![\w.\-/])(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>0?[1-9]|1[0-2])"
        r"|(?P<m2>0?[1-9]|1[0-2])[./](?P<y2>(?:19|20)\d\d))(?![\w.\-/])"
    )
    return report_word, month_word, numeric_month


def names_a_report(subject: str) -> bool:
    """Whether a subject speaks of a report: отчёт, отчета, отчётность…, report(s)."""
    return _patterns()[0].search(subject or "") is not None


def month_named(subject: str, day: date) -> str | None:
    """The month a subject names ("отчёт за ноябрь", "report for Nov 2026", "11.2026",
    "2026-11"): without a year, the latest such month not after `day`'s; None when the
    subject names none, or a month after `day`'s."""
    text = (subject or "").replace("ё", "е").replace("Ё", "Е")
    _word, month_word, numeric_month = _patterns()
    found = numeric_month.search(text)
    if found:
        year = int(found.group("y1") or found.group("y2"))
        month = int(found.group("m1") or found.group("m2"))
    else:
        named = month_word.search(text)
        if named is None:
            return None
        month = next(n for n in range(12) if named.group(f"m{n}")) + 1
        if named.group("year"):
            year = int(named.group("year"))
        else:
            year = day.year if month <= day.month else day.year - 1
    key = f"{year:04d}-{month:02d}"
    return key if key <= month_key(day) else None
