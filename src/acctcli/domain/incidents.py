"""Incidents ("fires"): a site down, a channel that stopped converting — open until resolved."""

from __future__ import annotations

from datetime import datetime, timedelta

from acctcli.domain.clients import clean_name
from acctcli.errors import Invalid, NotFound
from acctcli.i18n import NP_, _
from acctcli.records import NamedTuple

SEVERITIES = ("high", "normal")
# how far ahead of the clock --at may be (a time zone slip, a typed-ahead evening)
FUTURE_SLACK = timedelta(minutes=5)  # a fire is something that has happened


class Incident(NamedTuple):
    id: int
    client: str
    client_id: int
    title: str
    severity: str
    opened_at: datetime
    resolved_at: datetime | None = None
    resolution: str | None = None  # what was done (resolve --note)

    def is_open(self, at: datetime) -> bool:
        return self.opened_at <= at and (self.resolved_at is None or self.resolved_at > at)

    def burning(self, at: datetime) -> timedelta:
        """How long it has been open as of `at` (until it was resolved, if it was)."""
        end = self.resolved_at if self.resolved_at is not None and self.resolved_at <= at else at
        return max(end - self.opened_at, timedelta(0))


def clean_severity(value: str) -> str:
    severity = value.strip().lower()
    if severity not in SEVERITIES:
        raise Invalid(_("bad severity {value!r}: use high or normal").format(value=value))
    return severity


def clean_title(value: str) -> str:
    return clean_name(value, NP_("name", "incident title"))


def check_moment(at: datetime, now: datetime, what: str) -> None:
    if at > now + FUTURE_SLACK:
        raise Invalid(
            # TRANSLATORS: {what} is the option the time was given with (--at).
            _("{what} {at} is in the future").format(
                what=what, at=at.isoformat(sep=" ", timespec="minutes")
            ),
            _("it must be before {limit}").format(
                limit=(now + FUTURE_SLACK).isoformat(sep=" ", timespec="minutes")
            ),
        )


MAX_ROW_ID = 2**63 - 1  # the largest id a store can hold (BIGINT): beyond it, none is there


def parse_incident_id(text: str) -> int:
    value = text.strip().lstrip("#")
    if value[:1] in ("I", "i", "Ш", "ш"):  # I3 as shown beside messages (M12); ш: I in ЙЦУКЕН
        value = value[1:]
    if not value.isdigit() or int(value) == 0:
        raise Invalid(
            _("bad incident id {text!r}: expected a number such as 3 or I3").format(text=text),
            _("see: acct incident list"),
        )
    if int(value) > MAX_ROW_ID:  # (SQLite's driver refused it as too large to bind)
        raise NotFound(_("no incident I{id}").format(id=value), _("see: acct incident list --all"))
    return int(value)


def parse_message_id(text: str) -> int:
    """A message's id as typed: 12, #12 or M12 (as shown beside incidents' I3)."""
    value = text.strip().lstrip("#")
    if value[:1] in ("M", "m", "Ь", "ь"):  # ь: the M key in ЙЦУКЕН
        value = value[1:]
    if not value.isdigit() or int(value) == 0:
        raise Invalid(
            _("bad message id {text!r}: expected a number such as 12 or M12").format(text=text),
            _("see the ids with: acct mail list"),
        )
    if int(value) > MAX_ROW_ID:
        raise NotFound(
            _("no message with id {id}").format(id=value), _("see the ids with: acct mail list")
        )
    return int(value)


def duration_text(span: timedelta) -> str:
    """4 min, 3 h 20 min, 2 d 5 h — for people, not for scripts."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    # TRANSLATORS: abbreviated units (d: days, h: hours, min: minutes), not inflected.
    if days:
        if hours:
            return _("{days} d {hours} h").format(days=days, hours=hours)
        return _("{days} d").format(days=days)
    if hours:
        if mins:
            return _("{hours} h {mins} min").format(hours=hours, mins=mins)
        return _("{hours} h").format(hours=hours)
    return _("{mins} min").format(mins=mins)
