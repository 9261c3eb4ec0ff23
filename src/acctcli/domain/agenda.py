"""The calendar feed's events (`acct calendar`): what is due on which day, as plain records.

Each event has a UID made from the item it stands for — never random — so that a calendar
that imports the feed again updates its events instead of adding copies: a follow-up moved
to another day keeps its UID, a call planned again after a touch gets a new one (its day is
part of it), and an item done or gone is simply not in the next feed.
"""

from __future__ import annotations

from datetime import date, time

from acctcli.records import NamedTuple

UID_DOMAIN = "acct"

# what an event stands for; also the event's CATEGORIES in the feed
CALL, REPORT, STEP, INVOICE, FOLLOW_UP = "call", "report", "onboarding", "invoice", "follow-up"


class AgendaEvent(NamedTuple):
    """One event: all day when `start` is None, else from `start` to `end` in the feed's zone."""

    uid: str
    kind: str
    day: date
    summary: str
    description: str = ""
    client: str = ""
    start: time | None = None
    end: time | None = None


def event_uid(kind: str, *key: object) -> str:
    """`call-12-2026-12-04@acct`: the item's kind and what identifies it (anything but
    letters, digits, `.`, `_` and `-` percent-encoded: an invoice number may hold spaces)."""
    from urllib.parse import quote

    parts = [kind, *(k.isoformat() if isinstance(k, date) else str(k) for k in key)]
    return quote("-".join(parts), safe="") + "@" + UID_DOMAIN


def in_order(events: list[AgendaEvent]) -> list[AgendaEvent]:
    """By day, then the timed ones by their time after the all-day ones, then by UID."""
    return sorted(events, key=lambda e: (e.day, e.start is not None, e.start or time(), e.uid))
