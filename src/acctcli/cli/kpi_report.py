"""The body of `acct kpi`: the month's KPIs as a report or JSON (Typer-free).

An empty month means this month (a bare `--month`, which KpiCommand rewrites to `--month=`).
"""

from __future__ import annotations

from typing import Any


def show_kpi(
    obj: Any,
    *,
    month: str | None = None,
    team: bool = False,
    json: bool = False,
    explain: bool = False,
    date: str | None = None,
) -> None:
    """Print the KPIs of `month` (YYYY-MM; empty or None: the month of --date or today)."""
    from acctcli.domain.dates import parse_month
    from acctcli.domain.kpi import month_of
    from acctcli.services.kpi import monthly_overview

    start = parse_month(month) if month else month_of(obj.today(date))
    overview = monthly_overview(obj.db, start, owner=obj.owner_filter(team))
    currency = obj.settings.currency
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.kpi import kpi_json

        print_json(kpi_json(overview, explain=explain, currency=currency))
    else:
        from acctcli.render.kpi import kpi_report

        obj.console.print(kpi_report(overview, currency=currency, explain=explain))
