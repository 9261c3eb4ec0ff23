"""Parsing the dates and months users type."""

from __future__ import annotations

import re
from datetime import date, datetime

from acctcli.errors import Invalid
from acctcli.i18n import NP_, _, pgettext

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
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


def parse_date(text: str, what: str = DATE) -> date:
    """An ISO date (2026-11-26)."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        if what == DATE:
            message = _("bad date {text!r}: expected YYYY-MM-DD, e.g. 2026-11-26")
        else:
            # TRANSLATORS: {what} is an option such as "--on date" or "--at".
            message = _("bad {what} {text!r}: expected YYYY-MM-DD, e.g. 2026-11-26")
        raise Invalid(message.format(what=shown(what), text=text)) from None
    _in_range(value, text, what)
    return value


def parse_datetime(text: str, what: str = DATE_TIME) -> datetime:
    """An ISO date with an optional time (2026-11-26, 2026-11-26T09:30, 2026-11-26 09:30)."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Invalid(
            # TRANSLATORS: {what} is an option such as "--at", or "date/time".
            _("bad {what} {text!r}: expected YYYY-MM-DD[THH:MM], e.g. 2026-11-26T09:30").format(
                what=shown(what), text=text
            )
        ) from None
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
