"""Cadence specs (cli.md "Cadence SPEC"), parsed into python-dateutil rules.

Only parsing and validation live here so far; working out the next due date is the calls
feature's job and builds on `Cadence.rule()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil import rrule

from acctcli.errors import Invalid

WEEKDAYS = {
    "mon": rrule.MO,
    "tue": rrule.TU,
    "wed": rrule.WE,
    "thu": rrule.TH,
    "fri": rrule.FR,
    "sat": rrule.SA,
    "sun": rrule.SU,
}
_EVERY = re.compile(r"^every:(\d+)([dw])$")
_EXAMPLES = (
    "daily, weekdays, weekly, weekly:mon,thu, biweekly, monthly, monthly:5, monthly:last, "
    "every:10d, every:3w, never, RRULE:FREQ=WEEKLY;BYDAY=MO"
)


@dataclass(frozen=True)
class Cadence:
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
    return Invalid(f"bad cadence {spec!r}: {why}", f"use one of: {_EXAMPLES}")


def parse_cadence(spec: str) -> Cadence:
    text = spec.strip()
    low = text.lower()
    if not text:
        raise _bad(spec, "empty")
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
            raise _bad(spec, f"unknown weekday {', '.join(unknown) or '(none)'}; use mon..sun")
        codes = ",".join(str(WEEKDAYS[d]) for d in dict.fromkeys(days))
        return Cadence(low, f"FREQ=WEEKLY;BYDAY={codes}", True)
    if low.startswith("monthly:"):
        day = low[len("monthly:") :]
        if not day.isdigit() or not 1 <= int(day) <= 31:
            raise _bad(spec, "the day of the month must be 1..31 or 'last'")
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
            raise _bad(spec, "the interval must be between 1 and 366")
        freq = "DAILY" if m.group(2) == "d" else "WEEKLY"
        return Cadence(low, f"FREQ={freq};INTERVAL={count}", False)
    if low.startswith("rrule:"):
        body = text[len("rrule:") :]
        try:
            rrule.rrulestr(body, dtstart=None)
        except (ValueError, TypeError) as exc:
            raise _bad(spec, str(exc) or "not an RFC 5545 rule") from None
        upper = body.upper()
        if "DTSTART" in upper or "COUNT=" in upper or "UNTIL=" in upper:
            raise _bad(spec, "a cadence rule repeats for ever: no DTSTART, COUNT or UNTIL")
        anchored = "BYDAY=" in upper or "BYMONTHDAY=" in upper
        return Cadence("RRULE:" + body, body, anchored)
    raise _bad(spec, "unknown form")
