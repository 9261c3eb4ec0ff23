"""Parsing the dates and months users type."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from acctcli.errors import Invalid
from acctcli.i18n import N_, NP_, _, pgettext
from acctcli.patterns import pattern

_MONTH = pattern(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1900, 2200  # beyond these a date is a typo, and date arithmetic overflows


# What a value is, when the caller does not say (`what`: an option such as "--at", or words
# the caller has translated, e.g. "--since date"; shown in parentheses in Russian).
TYPED = "typed value"  # the context of these words in the catalog
DATE = NP_("typed value", "date")
DATE_TIME = NP_("typed value", "date/time")
MONTH = NP_("typed value", "month")


def shown(what: str) -> str:
    """`what` as the user reads it: translated when it is one of the marked words (a caller's
    own words come already translated and are left as they are)."""
    return pgettext(TYPED, what) if what else what


def _in_range(value: date, text: str, what: str) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(
            # TRANSLATORS: {what} is what was typed: "date", "month", an option like "--at".
            _("bad {what} {text!r}: the year must be between {first} and {last}").format(
                what=shown(what), text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        )


# What people type for a day (see `parse_day`): the words are folded (any case, ё as е).
_WEEKDAY_NAMES: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("mon", "monday", "пн", "пнд", "пон", "понедельник"),
        ("tue", "tues", "tuesday", "вт", "втр", "вторник"),
        ("wed", "wednesday", "ср", "срд", "среда", "среду"),
        ("thu", "thur", "thurs", "thursday", "чт", "чтв", "четверг"),
        ("fri", "friday", "пт", "птн", "пятница", "пятницу"),
        ("sat", "saturday", "сб", "суб", "суббота", "субботу"),
        ("sun", "sunday", "вс", "вск", "воскресенье"),
    )
):
    for _name in _names:
        _WEEKDAY_NAMES[_name] = _n
_MONTH_NAMES = (
    ("january", "январь", "января"),
    ("february", "февраль", "февраля"),
    ("march", "март", "марта"),
    ("april", "апрель", "апреля"),
    ("may", "май", "мая"),
    ("june", "июнь", "июня"),
    ("july", "июль", "июля"),
    ("august", "август", "августа"),
    ("september", "сентябрь", "сентября"),
    ("october", "октябрь", "октября"),
    ("november", "ноябрь", "ноября"),
    ("december", "декабрь", "декабря"),
)
_RELATIVE_WORDS = {
    "today": 0,
    "сегодня": 0,
    "tomorrow": 1,
    "завтра": 1,
    "послезавтра": 2,
    "yesterday": -1,
    "вчера": -1,
}
_NOW_WORDS = ("now", "сейчас", "только что")  # `--at now`: when something happened
_END_OF_MONTH = ("eom", "конец месяца", "в конце месяца", "к концу месяца")
_DOTTED = pattern(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?")
_DAY_MONTH = pattern(r"(\d{1,2})\s+([^\W\d_]+)\.?(?:\s+(\d{4}))?")
_OFFSET = pattern(r"([+-]?)\s*(\d{1,4})\s*([dwmдн]|мес)")  # -3d: three days ago
_IN = pattern(r"через\s+(?:(\d{1,4})\s+)?([^\W\d_]+)")
_TIME = pattern(r"(?:^|[\sT])(?:в\s+|at\s+)?(\d{1,2}):(\d{2})$")
_UNITS = {
    **dict.fromkeys(("d", "д", "день", "дня", "дней", "сутки"), "d"),
    **dict.fromkeys(("w", "н", "неделю", "недели", "недель", "неделя"), "w"),
    **dict.fromkeys(("m", "мес", "месяц", "месяца", "месяцев"), "m"),
}


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def _month_of(word: str) -> int | None:
    """1…12 for a month's name or its start (dec, дек, december, декабря), else None."""
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    for number, names in enumerate(_MONTH_NAMES, start=1):
        if any(name.startswith(word) for name in names):
            return number
    return None


def _nearest(day: int, month: int, today: date) -> date | None:
    """The day/month without a year: the one of this year, or of the next or the last year
    when that one is nearer to `today` (31.12 typed on 2 January is last year's)."""
    best: date | None = None
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - today).days) < abs((best - today).days):
            best = candidate
    return best


def _shift(today: date, count: int, unit: str) -> date:
    if unit == "d":
        return today + timedelta(days=count)
    if unit == "w":
        return today + timedelta(weeks=count)
    from dateutil.relativedelta import relativedelta

    return today + relativedelta(months=count)


def next_weekday(today: date, weekday: int) -> date:
    """The next `weekday` (0 = Monday) after `today`: a week ahead when today is that day."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def last_weekday(today: date, weekday: int) -> date:
    """The latest `weekday` (0 = Monday) up to `today`: today when today is that day."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _day(value: str, today: date | None, past: bool = False) -> date | None:
    """The day `value` (folded) names, or None when it is none of the forms.  `past`: a
    moment that has happened (when a call took place), so a bare weekday is the latest one."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    m = _DOTTED.fullmatch(value)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            try:
                return date(int(m.group(3)), month, day)
            except ValueError:
                return None
        return _nearest(day, month, today) if today is not None and 1 <= month <= 12 else None
    m = _DAY_MONTH.fullmatch(value)
    if m:
        month_number = _month_of(m.group(2))
        if month_number is not None:
            day = int(m.group(1))
            if m.group(3):
                try:
                    return date(int(m.group(3)), month_number, day)
                except ValueError:
                    return None
            return _nearest(day, month_number, today) if today is not None else None
    if today is None:  # the words below are relative to a day the caller did not give
        return None
    if value in _RELATIVE_WORDS:
        return today + timedelta(days=_RELATIVE_WORDS[value])
    word = (
        value.removeprefix("во ")
        .removeprefix("в ")
        .removeprefix("на ")
        .removeprefix("on ")
        .removeprefix("next ")
    )
    if word in _WEEKDAY_NAMES:
        if past and not value.startswith("next "):
            return last_weekday(today, _WEEKDAY_NAMES[word])
        return next_weekday(today, _WEEKDAY_NAMES[word])
    if value in _END_OF_MONTH:
        from dateutil.relativedelta import relativedelta

        return today + relativedelta(day=31)
    m = _OFFSET.fullmatch(value)
    if m:
        count = int(m.group(2))
        return _shift(today, -count if m.group(1) == "-" else count, _UNITS[m.group(3)])
    m = _IN.fullmatch(value)
    if m and m.group(2) in _UNITS:
        return _shift(today, int(m.group(1) or 1), _UNITS[m.group(2)])
    return None


# TRANSLATORS: the forms a user may type for a day; keep the examples as they are (the
# Russian words — сегодня, завтра, пятница, через 3 дня, конец месяца — are accepted too).
DAY_FORMS = N_("today, tomorrow, fri, +3d, +2w, +1m, eom")


def parse_date(text: str, what: str = DATE, today: date | None = None) -> date:
    """A day as people type it: 2026-11-26, 26.11.2026, 26.11, 3 дек, 3 december; and, when
    `today` is given, today/сегодня, tomorrow/завтра, послезавтра, yesterday/вчера, a weekday
    (fri, пятница, в пятницу: the next one), +3d, +2w, +1m, через 3 дня, eom/конец месяца."""
    value = _day(_fold(text), today)
    if value is None:
        if what == DATE:
            message = _("bad date {text!r}: expected YYYY-MM-DD, e.g. 2026-11-26")
        else:
            # TRANSLATORS: {what} is an option such as "--on date" or "--at".
            message = _("bad {what} {text!r}: expected YYYY-MM-DD, e.g. 2026-11-26")
        message = message.format(what=shown(what), text=text)
        if today is not None:
            # TRANSLATORS: added to "bad date …: expected YYYY-MM-DD, e.g. 2026-11-26"; {forms}
            # lists the relative forms (today, tomorrow, fri, +3d…)
            message += _(", 03.12.2026, 03.12, 3 dec or {forms}").format(forms=_(DAY_FORMS))
        raise Invalid(message) from None
    _in_range(value, text, what)
    return value


def parse_datetime(
    text: str,
    what: str = DATE_TIME,
    today: date | None = None,
    *,
    at: time | None = None,
    past: bool = False,
    now: datetime | None = None,
) -> datetime:
    """A moment: a day as `parse_date` reads it with an optional time (2026-11-26T09:30,
    2026-11-26 09:30, завтра 10:00, fri 9:30); without a time, `at` (default midnight).
    `past`: when something happened (`--at` of a call, a meeting, an incident), so that
    "fri 9:30" is the latest Friday, today included, not the next one, and `now` (the
    caller's clock) is what "now" means."""
    folded = _fold(text)
    try:
        value = datetime.fromisoformat(folded.upper().replace(" ", "T", 1))
    except ValueError:
        value = None
    if value is None and past and now is not None and folded in _NOW_WORDS:
        value = now.replace(second=0, microsecond=0)
    if value is None:
        clock: time | None = None
        m = _TIME.search(folded)
        day_text = folded
        if m and 0 <= int(m.group(1)) <= 23 and 0 <= int(m.group(2)) <= 59:
            clock = time(int(m.group(1)), int(m.group(2)))
            day_text = folded[: m.start()].strip()
        day = _day(day_text, today, past) if day_text else (today if clock is not None else None)
        if day is None:
            message = _(
                # TRANSLATORS: {what} is an option such as "--at", or "date/time".
                "bad {what} {text!r}: expected YYYY-MM-DD[THH:MM], e.g. 2026-11-26T09:30"
            ).format(what=shown(what), text=text)
            if today is not None:
                # TRANSLATORS: added to "bad --at …: expected YYYY-MM-DD[THH:MM], e.g. …";
                # {forms} lists the relative forms (today, tomorrow, fri, +3d…)
                message += _(", 03.12.2026 10:00, tomorrow 10:00 or {forms}").format(
                    forms=_(DAY_FORMS)
                )
            raise Invalid(message)
        value = datetime.combine(day, clock or at or time())
    _in_range(value.date(), text, what)
    if value.tzinfo is not None:  # a time with an offset: as the computer's local time
        value = value.astimezone().replace(tzinfo=None)
    return value


def parse_month(text: str) -> date:
    """A month (2026-11) as its first day."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Invalid(_("bad month {text!r}: expected YYYY-MM, e.g. 2026-11").format(text=text))
    value = date(int(m.group(1)), int(m.group(2)), 1)
    _in_range(value, text, MONTH)
    return value


def as_date(value: object) -> date:
    """A stored date: SQLite gives ISO text, PostgreSQL a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: object) -> datetime:
    """A stored timestamp: SQLite gives ISO text, PostgreSQL a datetime."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))
