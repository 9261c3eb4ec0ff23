"""acct health: every client's health score, worst first, with the factors behind it."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Json, Team


def health(
    ctx: typer.Context,
    team: Team = False,
    date: AsOf = None,
    json: Json = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every factor with the points it takes off.")
    ] = False,
) -> None:
    """Client health: a 0-100 score for every client (silence, unanswered mail, money
    overdue, fires, onboarding slip, pauses and fee cuts, broken promises), worst first, in
    bands healthy / watch / at risk.  --date scores any past day from the store's history.

    Example: acct health --explain --date 2026-10-01
    """
    from acctcli.services.health import client_health

    obj = ctx.obj
    day = obj.today(date)
    scores = client_health(obj.db, obj.settings, day, obj.owner_filter(team))
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.health import health_json

        print_json(health_json(scores, day, obj.owner_filter(team), obj.settings.health))
    else:
        import sys

        from acctcli.render.health import health_report
        from acctcli.render.plain import terminal_width

        width = terminal_width()
        sys.stdout.write(health_report(scores, day, explain=explain, width=width) + "\n")
