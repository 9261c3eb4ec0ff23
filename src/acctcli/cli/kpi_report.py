"""The body of `acct kpi`: the month's KPIs as a report or JSON (Typer-free).

An empty month means this month (a bare `--month`, which KpiCommand rewrites to `--month=`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acctcli.context import AppContext


def show_kpi(
    obj: AppContext,
    *,
    month: str | None,
    team: bool,
    json: bool,
    explain: bool,
    date: str | None,
    by: str | None,
) -> None:
    """Print the KPIs of `month` (YYYY-MM; empty or None: the month of --date or today)."""
    from acctcli.domain.dates import parse_month
    from acctcli.domain.kpi import month_of
    from acctcli.services.kpi import monthly_overview

    rank = (by or "revenue").strip().lower()
    if rank not in ("revenue", "profit"):
        from acctcli.errors import Invalid
        from acctcli.i18n import _

        raise Invalid(_("bad --by {value}: revenue or profit").format(value=repr(by)))
    today = obj.today(date)
    start = parse_month(month) if month else month_of(today)
    overview = monthly_overview(
        obj.db, start, owner=obj.owner_filter(team), today=today, promises=explain
    )
    currency = obj.settings.currency
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.kpi import kpi_json

        print_json(kpi_json(overview, explain=explain, currency=currency, by=rank))
    else:
        from acctcli.render.kpi import print_kpi

        print_kpi(overview, currency=currency, explain=explain, by=rank)
