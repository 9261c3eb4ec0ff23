"""The body of `acct today`: the morning dashboard as text or JSON (Typer-free)."""

from __future__ import annotations

from typing import Any


def show_today(
    obj: Any, *, date: str | None = None, json: bool = False, team: bool = False
) -> None:
    """Print the morning dashboard for --date (default: today)."""
    from acctcli.services.today import build_dashboard

    day = obj.today(date)
    board = build_dashboard(
        obj.db, obj.settings, day=day, now=obj.now(), owner=obj.owner_filter(team)
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.dashboard import dashboard_json

        print_json(dashboard_json(board))
    else:
        from acctcli.render.dashboard import print_dashboard

        print_dashboard(board)
