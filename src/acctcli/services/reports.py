"""The report cycle: each client's schedule, the reports due, and recording one as sent.

`report_calendar` (report days in a window, for `acct calendar`), `reports_due` (due or
overdue on a day, for `acct today` and `acct week`) and `next_report_due` (one client's) are
the read side; `set_report_schedule` and `mark_sent` the write side.  The rules are in
domain/reports.py; the SQL in store/reports.py.  Typer-free: `acct today` calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from acctcli.domain.reports import (
    ReportDue,
    ReportSchedule,
    clean_schedule,
    month_key,
    month_named,
    names_a_report,
    next_report,
    outstanding,
    previous_month_key,
    report_days,
    sent_by_client,
)
from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.store import reports as store
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id, load_clients

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

REPORTING_STATUSES = ("active", "onboarding")


def _calendar(settings: Any) -> Any:
    """The working days of config.toml's [calendar]; None: the default country's (the demo)."""
    from acctcli.services.workdays import (
        DEFAULT_COUNTRY,
        PublicHolidays,
        calendar_config,
        work_calendar,
    )

    if settings is None:
        from acctcli.domain.cadence import WorkCalendar

        return WorkCalendar(public=PublicHolidays(DEFAULT_COUNTRY, None, None))
    return work_calendar(calendar_config(settings))


def _reporting(
    db: Database, day: date, owner: str | None
) -> tuple[list[ReportSchedule], dict[int, dict[str, date]]]:
    """Schedules of the clients that are reported to on `day` (active or onboarding), and
    the reports each was sent."""
    found = store.schedules(db, owner, day)
    if not found:
        return [], {}
    clients = load_clients(db, day, [s.client_id for s in found])
    live = {c.id for c in clients if c.status in REPORTING_STATUSES}
    found = [s for s in found if s.client_id in live]
    sent = sent_by_client(store.sent_reports(db, [s.client_id for s in found]))
    return found, sent


def report_calendar(
    db: Database, settings: Any, start: date, end: date, *, owner: str | None
) -> list[ReportDue]:
    """The report days from `start` to `end` (inclusive) of the clients `owner` sees (None:
    everyone's), each still to be sent — a report that went out is left out — by day, then
    client.  For `acct calendar`: UIDs can be made from (client_id, month)."""
    schedules, sent = _reporting(db, start, owner)
    calendar = _calendar(settings)
    days = [
        r
        for s in schedules
        for r in report_days(s, sent.get(s.client_id, {}), start, end, calendar)
        if r.sent_on is None
    ]
    return sorted(days, key=lambda r: (r.due, r.client.casefold()))


def reports_due(db: Database, settings: Any, day: date, *, owner: str | None) -> list[ReportDue]:
    """The reports due on or before `day` and not sent, most overdue first."""
    schedules, sent = _reporting(db, day, owner)
    calendar = _calendar(settings)
    late = [r for s in schedules for r in outstanding(s, sent.get(s.client_id, {}), day, calendar)]
    return sorted(late, key=lambda r: (r.due, r.client.casefold(), r.month))


def next_report_due(db: Database, settings: Any, client_id: int, day: date) -> ReportDue | None:
    """One client's next report: the oldest still unsent that is due, else the next one."""
    schedule = store.schedule_of(db, client_id)
    if schedule is None:
        return None
    sent = sent_by_client(store.sent_reports(db, [client_id])).get(client_id, {})
    return next_report(schedule, sent, day, _calendar(settings))


def set_report_schedule(
    db: Database, client_id: int, spec: str, *, agreed_on: date, now: datetime
) -> str | None:
    """Store a schedule (`none` or "" removes it); gives the spec stored."""
    text = spec.strip()
    cleaned = None if text.lower() in ("", "none", "off") else clean_schedule(text)
    store.set_schedule(db, client_id, cleaned, agreed_on=agreed_on, now=now)
    return cleaned


class Sent(NamedTuple):
    client: str
    month: str
    sent_on: date
    recorded: bool  # False: it was already recorded (on `sent_on`, by `source`)
    source: str


def report_month_sent_on(db: Database, settings: Any, client_id: int, on: date) -> str:
    """Which month a report going out on `on` is about: the oldest one outstanding, else the
    next one due (a `monthly:last` report sent on 30 November is November's) — but never a
    month not yet begun; without a schedule, the month before `on`'s."""
    due = next_report_due(db, settings, client_id, on)
    if due is None or due.month > month_key(on):
        return previous_month_key(on)
    return due.month


def record_report(
    db: Database,
    settings: Any,
    client_id: int,
    *,
    month: str | None,
    on: date,
    now: datetime,
    source: str = "manual",
    message_id: int | None = None,
) -> tuple[str, bool]:
    """Record a report as sent (the month: given, or the one `on` is about); gives the month
    and whether it was new."""
    key = month or report_month_sent_on(db, settings, client_id, on)
    if key > month_key(on):
        raise Invalid(
            _("the report of {month} cannot have gone out on {day}").format(
                month=key, day=on.isoformat()
            )
        )
    recorded = store.record_sent(
        db, client_id, key, sent_on=on, source=source, now=now, message_id=message_id
    )
    return key, recorded


def mark_sent(
    db: Database,
    settings: Any,
    ref: str,
    *,
    month: str | None,
    on: date,
    now: datetime,
    today: date | None = None,
) -> Sent:
    """`acct report CLIENT --sent`: the month's report went out on `on` — not after `today`
    (default: `now`'s day), nor before the client began."""
    if on > (today or now.date()):
        raise Invalid(
            _("a report cannot have gone out on {day}: that is after today").format(
                day=on.isoformat()
            )
        )
    with db.transaction():
        client_id, name = find_client_id(db, ref)
        from acctcli.store.calls import touch_defaults

        known_client = touch_defaults(db, client_id)
        since = known_client.since if known_client is not None else on
        if on < since:
            raise Invalid(
                _("{client} began on {since}: no report of it went out on {day}").format(
                    client=name, since=since.isoformat(), day=on.isoformat()
                )
            )
        if month is not None and month < f"{since:%Y-%m}":
            raise Invalid(
                _("{client} began on {since}: there is no report for {month}").format(
                    client=name, since=since.isoformat(), month=month
                )
            )
        key, recorded = record_report(db, settings, client_id, month=month, on=on, now=now)
        known = store.report_sent(db, client_id, key)
    sent_on, source = known if known else (on, "manual")
    return Sent(name, key, sent_on, recorded, source)


def record_mail_reports(
    db: Database, sent: Sequence[tuple[int, int, datetime, str]], *, now: datetime
) -> int:
    """Sent mail to a client with an attachment: (client_id, message_id, date, subject) each.
    Those whose subject names a report (отчёт, report) record that month's report as sent —
    the month the subject names ("отчёт за ноябрь"), else the one due then — unless it is
    already recorded.  Gives how many were recorded."""
    recorded = 0
    for client_id, message_id, at, subject in sent:
        if not names_a_report(subject):
            continue
        day = at.date()
        try:
            _month, new = record_report(
                db,
                None,
                client_id,
                month=month_named(subject, day),
                on=day,
                now=now,
                source="mail",
                message_id=message_id,
            )
        except Invalid:
            continue
        recorded += new
    return recorded
