"""`acct report CLIENT`: one client's month, gathered from the store (issue 19)."""

from __future__ import annotations

from datetime import date, timedelta

from acctcli.domain.client_report import ClientReport, Facts, client_report, months_back
from acctcli.domain.kpi import month_end
from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.services.reports import next_report_due
from acctcli.store import activity
from acctcli.store import reports as report_store
from acctcli.store.db import Database
from acctcli.store.repo import find_client_id, load_clients

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def month_report(
    db: Database, settings: Any, ref: str, *, month_first: date, today: date
) -> ClientReport:
    """The report of the month starting `month_first` (as of today while it runs)."""
    if month_first > today:
        raise Invalid(
            _("{month} has not begun yet").format(month=f"{month_first:%Y-%m}"),
        )
    client_id, _name = find_client_id(db, ref)
    as_of = min(month_end(month_first), today)
    client = load_clients(db, as_of, [client_id])[0]
    ids = [client_id]
    start = month_first
    chart_first = months_back(month_first, 12)[0]
    facts = Facts(
        touches=activity.touches(db, ids, start, as_of),
        incidents=activity.incidents(db, ids, start, as_of),
        mail=activity.mail_counts(db, ids, start, as_of),
        invoices=activity.invoices(db, ids, as_of),
        payments=activity.payments(db, ids, start, as_of),
        follow_ups=activity.follow_ups(db, ids, start, as_of),
        upsells=activity.upsells(db, ids, start, as_of),
        steps=activity.onboarding_steps(db, ids),
        invoiced_by_month=activity.invoiced_by_month(db, client_id, chart_first, as_of),
    )
    key = f"{month_first:%Y-%m}"
    schedule = report_store.schedule_of(db, client_id)
    following = next_report_due(db, settings, client_id, as_of + timedelta(days=1))
    return client_report(
        client=client.name,
        owner=client.owner,
        status=client.status,
        since=client.since,
        services=list(client.fees.items()),
        month_first=month_first,
        as_of=as_of,
        facts=facts,
        next_report=None if following is None else (following.month, following.due),
        sent=report_store.report_sent(db, client_id, key),
        schedule=None if schedule is None else schedule.spec,
    )
