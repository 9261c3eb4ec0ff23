"""The calendar feed as RFC 5545 text, written with the `icalendar` package.

An event with no time is an all-day event (DTSTART;VALUE=DATE, DTEND the day after); one
with a time is in the configured zone (TZID, with its VTIMEZONE).  Every event is
transparent (it does not make the manager look busy) and carries its item's kind as
CATEGORIES.  Names and texts from the store are made inert (no control characters).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from acctcli import __version__
from acctcli.domain.agenda import AgendaEvent
from acctcli.render.safe import clean_text

PRODID = f"-//acct//acct {__version__}//EN"


def calendar_ics(events: list[AgendaEvent], *, zone: str, stamp: datetime, name: str) -> bytes:
    """The whole feed; `stamp` (aware) is every event's DTSTAMP, `name` the calendar's."""
    import icalendar

    tz = ZoneInfo(zone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", clean_text(name))
    cal.add("x-wr-timezone", zone)
    utc_stamp = stamp.astimezone(UTC)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", utc_stamp)
        if item.start is None:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
        else:
            event.add("dtstart", datetime.combine(item.day, item.start, tz))
            end_day = item.day if item.end is not None else item.day + timedelta(days=1)
            event.add("dtend", datetime.combine(end_day, item.end or time(), tz))
        event.add("summary", clean_text(item.summary))
        if item.description:
            event.add("description", clean_text(item.description, single_line=False))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
