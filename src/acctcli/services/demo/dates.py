"""Demo-relative dates and moments: the demo agency is dated around a chosen day D.

`D`, `D-4y2m`, `D+3d` are days; `D-1d 18:05` is a moment (naive local time, as the store
keeps it).  Every example file writes its dates this way and reads them here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from acctcli.domain.cadence import span_of
from acctcli.errors import Invalid
from acctcli.i18n import _

DEFAULT_TIME = time(9, 0)  # a moment written without a time: the start of a working day

_RELATIVE = re.compile(r"^D(?:([+-])((?:\d+[ymwd])+))?$")
_PART = re.compile(r"(\d+)([ymwd])")
_UNITS = {"y": "years", "m": "months", "w": "weeks", "d": "days"}


def demo_date(text: str, day: date) -> date:
    """'D-4y2m' → four years and two months before `day`; ISO dates pass through."""
    m = _RELATIVE.match(text.strip())
    if not m:
        return date.fromisoformat(text)
    if not m.group(1):
        return day
    delta = relativedelta()
    for n, u in _PART.findall(m.group(2)):
        delta += span_of(_UNITS[u], int(n))
    return day + delta if m.group(1) == "+" else day - delta


def demo_moment(text: str, day: date, *, source: str = "examples") -> datetime:
    """'D-1d 18:05' → the day before `day` at 18:05; without a time, at DEFAULT_TIME.
    `source` names the example file in the error for a bad time."""
    day_part, _space, time_part = str(text).strip().partition(" ")
    try:
        at = time.fromisoformat(time_part.strip()) if time_part.strip() else DEFAULT_TIME
    except ValueError:
        raise Invalid(
            _("{source}: bad time in {text}").format(source=source, text=repr(text))
        ) from None
    return datetime.combine(demo_date(day_part, day), at)
