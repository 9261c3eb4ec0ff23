"""acct today: the morning dashboard."""

from __future__ import annotations

import typer

from acctcli.cli.options import AsOf, Json, Team, routed


@routed("acctcli.cli.dashboard:show_today")
def today(ctx: typer.Context, date: AsOf = None, json: Json = False, team: Team = False) -> None:
    """The morning: fires and urgent mail, mail to triage, calls due, onboarding steps,
    invoices overdue or due this week, upsells to follow up — most urgent first, each with
    why it is there.

    Example: acct today --date 2026-11-26
    """
