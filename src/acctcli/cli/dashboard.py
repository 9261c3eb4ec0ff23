"""The body of `acct today`: the morning dashboard as text or JSON (Typer-free)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)

if TYPE_CHECKING:
    from acctcli.context import AppContext


def show_today(obj: AppContext, *, date: str | None, json: bool, team: bool) -> None:
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
    if board.unreadable or board.broken_sections:
        import sys

        from acctcli.render.calls import section_warnings, unreadable_warnings

        sys.stderr.write(unreadable_warnings(board.unreadable))
        sys.stderr.write(section_warnings(board.broken_sections))
