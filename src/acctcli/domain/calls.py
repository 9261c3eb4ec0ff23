"""Who is due a call on a day: touches, max gaps, working hours and the contact to use.

Pure: the store's rows come in as `Client` and `LastTouch`, the day and the calendar are
arguments, and the answer is a `CallDue` per client.

- The cadence gives the ideal next contact: the first occurrence strictly after the last
  touch (or after `since` when never touched), moved to a working day; a `--next` date on the
  latest touch replaces it once.
- The maximum gap (client's `max_gap`, else the configured default) marks when silence becomes
  a risk.  A client is at risk on day D when D − last touch is longer than the gap.  A client
  whose cadence is `never` is never due by cadence and only its own max gap (not the default)
  can put it on the list; a client without a cadence is at risk by the default gap too.
- Working hours: a due call is marked `outside_hours` when the client's hours do not overlap
  the manager's, or, when the current time is known, the client is closed right now.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from acctcli.domain.cadence import WorkCalendar, next_due, parse_cadence, span_of
from acctcli.domain.clients import CHANNELS, Client, Contact, name_key
from acctcli.domain.dates import shown
from acctcli.errors import AcctError, Invalid
from acctcli.i18n import NP_, _, ngettext
from acctcli.patterns import pattern
from acctcli.records import NamedTuple

TOUCH_CHANNELS = (*CHANNELS, "meeting")
# what a touch was (0018): a call, a message (messenger, tasks), an e-mail, a meeting, or
# "contact": the last contact before acct (client add --last-contact), kind unknown
TOUCH_KINDS = ("call", "message", "email", "meeting", "contact")
_KIND_OF_CHANNEL = {"phone": "call", "messenger": "message", "tasks": "message"}
MAX_PLACE = 200
MAX_ATTENDEES = 20


def touch_kind(kind: str | None, channel: str) -> str:
    """A touch's kind: the stored one, else the one its channel implies (older rows, mail)."""
    if kind:
        return kind
    return _KIND_OF_CHANNEL.get(channel, channel if channel in TOUCH_KINDS else "message")


CALLABLE_STATUSES = ("active", "onboarding")
_SPAN = pattern(r"^(\d{1,3})\s*([dwmy])$")
_SPAN_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
_HOURS = pattern(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_OFF = ("none", "off", "no")
MAX_GAP = NP_("typed value", "max gap")
WORKING_HOURS = NP_("typed value", "working hours")


def clean_touch_channel(channel: str) -> str:
    value = channel.strip().lower()
    if value not in TOUCH_CHANNELS:
        raise Invalid(
            _("bad channel {channel!r}: use one of {channels}").format(
                channel=channel, channels=", ".join(TOUCH_CHANNELS)
            )
        )
    return value


class MaxGap(NamedTuple):
    """The longest safe silence: `6w`, `10d`, `2m` (months), `1y`."""

    spec: str
    length: int
    unit: str

    def deadline(self, last: date) -> date:
        """The last day on which the gap since `last` is still within the limit."""
        return last + _span(self.unit, self.length)


@lru_cache(maxsize=64)
def _span(unit: str, count: int) -> relativedelta | timedelta:
    if unit in ("d", "w"):  # a fixed number of days: the same day as relativedelta, cheaper
        return timedelta(days=count * (7 if unit == "w" else 1))
    return span_of(_SPAN_UNITS[unit], count)


@lru_cache(maxsize=256)
def parse_max_gap(text: str, what: str = MAX_GAP) -> MaxGap | None:
    """'6w' → six weeks; 'none'/'off' → no limit (None)."""
    value = text.strip().lower()
    if value in _OFF:
        return None
    m = _SPAN.match(value)
    if not m or int(m.group(1)) < 1:
        raise Invalid(
            # TRANSLATORS: {what} is "max gap", an option (--max-gap) or a config key (max_gap).
            _("bad {what} {text!r}: expected a span like 10d, 6w, 2m or 'none'").format(
                what=shown(what), text=text
            )
        )
    return MaxGap(f"{int(m.group(1))}{m.group(2)}", int(m.group(1)), m.group(2))


class Hours(NamedTuple):
    """Working hours within one day, e.g. 09:00-18:00 (end may be 24:00)."""

    start: time
    end: time | None  # None: midnight at the end of the day

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{'24:00' if self.end is None else f'{self.end:%H:%M}'}"

    def contains(self, moment: time) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)

    def overlap(self, other: Hours) -> Hours | None:
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            return None
        return Hours(start, end)


@lru_cache(maxsize=256)
def parse_hours(text: str, what: str = WORKING_HOURS) -> Hours:
    m = _HOURS.match(text.strip())
    if m:
        h1, m1, h2, m2 = (int(g) for g in m.groups())
    if not m or h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
        raise Invalid(
            # TRANSLATORS: {what} is "working hours", an option (--hours) or a config key.
            _("bad {what} {text!r}: expected HH:MM-HH:MM, e.g. 09:00-18:00").format(
                what=shown(what), text=text
            )
        )
    start, end = time(h1, m1), (None if h2 == 24 else time(h2, m2))
    if end is not None and end <= start:
        raise Invalid(
            _("bad {what} {text!r}: the end must be after the start (same day)").format(
                what=shown(what), text=text
            )
        )
    return Hours(start, end)


class LastTouch(NamedTuple):
    """A client's latest touch: when, how, and the one-off next date set with it."""

    at: datetime
    channel: str
    next_date: date | None = None


class CallRules(NamedTuple):
    """What the calculation needs besides the client: calendar, default gap, my hours."""

    calendar: WorkCalendar
    max_gap: MaxGap | None = None
    my_hours: Hours | None = None


class CallDue(NamedTuple):
    """One client on the call list (or coming up): when, why, whom, how."""

    client: str
    client_id: int
    owner: str
    status: str
    cadence: str | None
    due: date
    days_overdue: int  # day − due; negative for an upcoming call
    channel: str
    contact: Contact | None
    reach: str | None  # the number, handle or address to use for `channel`
    last_contact: date | None
    last_channel: str | None
    days_silent: int  # days since the last touch (since the start when never touched)
    reason: str
    at_risk: bool = False
    max_gap: str | None = None
    max_gap_exceeded_by: int | None = None
    hours: str | None = None
    window: str | None = None  # client's hours within mine
    outside_hours: bool = False
    next_override: bool = False

    @property
    def state(self) -> str:
        if self.days_overdue > 0:
            return "overdue"
        return "due" if self.days_overdue == 0 else "upcoming"


def pick_contact(client: Client, channel: str) -> tuple[Contact | None, str | None]:
    """The person to reach on `channel` (the urgent contact first) and the number/handle."""

    def address(c: Contact, ch: str) -> str | None:
        return {"phone": c.phone, "messenger": c.messenger, "email": c.email}.get(ch)

    for contact in client.contacts:  # urgent first, as the store loads them
        if address(contact, channel):
            return contact, address(contact, channel)
    if not client.contacts:
        return None, None
    first = client.contacts[0]
    return first, first.phone or first.messenger or first.email


def _client_gap(client: Client, rules: CallRules, never: bool) -> tuple[MaxGap | None, str]:
    if client.max_gap:
        try:
            return parse_max_gap(client.max_gap), ""
        except AcctError:
            note = _("ignoring bad max gap {gap!r}").format(gap=client.max_gap)
            return (None if never else rules.max_gap), note
    return (None if never else rules.max_gap), ""


def plan_call(
    client: Client,
    last: LastTouch | None,
    *,
    day: date,
    rules: CallRules,
    now: datetime | None = None,
) -> CallDue | None:
    """When `client` should next be contacted as seen on `day`; None when never (or not a
    client one calls: paused, churned)."""
    if client.status not in CALLABLE_STATUSES:
        return None
    notes: list[str] = []
    cadence = None
    if client.cadence:
        try:
            cadence = parse_cadence(client.cadence)
        except AcctError:
            notes.append(_("ignoring bad cadence {cadence!r}").format(cadence=client.cadence))
    never = cadence is not None and cadence.never
    last_day = last.at.date() if last else None
    reference = last_day or client.since
    override = last.next_date if last and last.next_date else None

    due: date | None = None
    if override is not None:
        due = rules.calendar.next_working(override)
        reason = _("follow-up set for {day}").format(day=override.isoformat())
    elif cadence is not None and not never:
        due = next_due(cadence, reference, rules.calendar, anchor=client.since)
        if last_day is None:
            reason = _("cadence {cadence}, not contacted since the start ({since})").format(
                cadence=cadence.spec, since=client.since.isoformat()
            )
        else:
            reason = _("cadence {cadence}").format(cadence=cadence.spec)
    else:
        reason = _("no cadence set") if cadence is None else _("cadence never")

    gap, note = _client_gap(client, rules, never)
    if note:
        notes.append(note)
    exceeded = None
    if last is None:
        # never contacted: due now (the latest working day), not "4,613 days late" from a start
        # in 2014; the max gap does not count from the start either
        now_due = _latest_working(rules.calendar, day, reference)
        if due is not None and due <= day:
            due = max(due, now_due)
        if gap is not None and day > gap.deadline(reference):
            due = now_due if due is None else min(due, now_due)
    elif gap is not None:
        deadline = gap.deadline(reference)
        if day > deadline:
            exceeded = (day - deadline).days
            first_day_over = deadline + timedelta(days=1)
            due = first_day_over if due is None else min(due, first_day_over)
            silence = (day - reference).days
            notes.append(
                ngettext(
                    "no touch for {n} day (max gap {gap})",
                    "no touch for {n} days (max gap {gap})",
                    silence,
                ).format(n=silence, gap=gap.spec)
            )
    if due is None:
        return None

    channel = client.channel or "phone"
    contact, reach = pick_contact(client, channel)
    window, outside = None, False
    if client.hours:
        try:
            theirs = parse_hours(client.hours)
        except AcctError:
            notes.append(_("ignoring bad hours {hours!r}").format(hours=client.hours))
        else:
            window_hours = theirs.overlap(rules.my_hours) if rules.my_hours else theirs
            window = str(window_hours) if window_hours else None
            if window_hours is None:
                outside = True
                notes.append(
                    _("their hours {theirs} miss yours {mine}").format(
                        theirs=theirs, mine=rules.my_hours
                    )
                )
            elif now is not None and now.date() == day and not theirs.contains(now.time()):
                outside = True
                notes.append(_("outside their hours {theirs} now").format(theirs=theirs))
    return CallDue(
        client=client.name,
        client_id=client.id,
        owner=client.owner,
        status=client.status,
        cadence=client.cadence,
        due=due,
        days_overdue=(day - due).days,
        channel=channel,
        contact=contact,
        reach=reach,
        last_contact=last_day,
        last_channel=last.channel if last else None,
        days_silent=(day - reference).days,
        reason="; ".join([reason, *notes]),
        at_risk=exceeded is not None,
        max_gap=gap.spec if gap else None,
        max_gap_exceeded_by=exceeded,
        hours=client.hours,
        window=window,
        outside_hours=outside,
        next_override=override is not None,
    )


def _latest_working(calendar: WorkCalendar, day: date, floor: date) -> date:
    """The latest working day on or before `day` (not before `floor`; `day` after 30 days off)."""
    for back in range(31):
        candidate = day - timedelta(days=back)
        if candidate <= floor:
            return day
        if calendar.is_working(candidate):
            return candidate
    return day


def split_calls(plans: list[CallDue], *, ahead: int) -> tuple[list[CallDue], list[CallDue]]:
    """(due on or before the day: most overdue first, ties by name;
    upcoming within `ahead` days: soonest first)."""
    due = [p for p in plans if p.days_overdue >= 0]
    due.sort(key=lambda p: (-p.days_overdue, name_key(p.client)))
    upcoming = [p for p in plans if -ahead <= p.days_overdue < 0]
    upcoming.sort(key=lambda p: (-p.days_overdue, name_key(p.client)))
    return due, upcoming


# --- what the call services return -----------------------------------------------------------


class Unreadable(NamedTuple):
    """A client whose stored data could not be read: left out of a list, named apart."""

    client: str
    client_id: int
    reason: str


class CallList(NamedTuple):
    """`acct calls`: who is due on `day`, and who comes up in the next `ahead` days."""

    day: date
    calls: list[CallDue]  # due on or before the day: most overdue first, ties by name
    upcoming: list[CallDue]  # due within `ahead` days after it, soonest first
    ahead: int
    unreadable: tuple[Unreadable, ...] = ()  # clients left out: their data could not be read


class TouchFields(NamedTuple):
    """A touch to log, as given (checked by services.calls.record_touch)."""

    client: str
    contact: str | None = None
    channel: str | None = None
    at: datetime | None = None
    note: str | None = None
    next_date: date | None = None
    source: str = "manual"
    logged_by: str | None = None
    kind: str | None = None  # None: what the channel implies
    place: str | None = None  # a meeting's place
    attendees: tuple[str, ...] = ()  # who was there (names as given, contacts' full names)


class LoggedTouch(NamedTuple):
    """A touch just stored, and what it means for the client's next call."""

    id: int
    client: str
    contact: str | None
    channel: str
    at: datetime
    note: str | None
    next_date: date | None
    next_due: date | None  # the client's next due date after this touch (None: not scheduled)
    kind: str = "call"
    place: str | None = None
    attendees: tuple[str, ...] = ()
    status: str | None = None  # the client's, on the touch's day (why nothing is due: paused)


class TouchRow(NamedTuple):
    """One touch of the history."""

    id: int
    client: str
    at: datetime
    channel: str
    contact: str | None
    note: str | None
    next_date: date | None
    source: str
    logged_by: str | None = None
    kind: str = "call"
    place: str | None = None
    attendees: tuple[str, ...] = ()
