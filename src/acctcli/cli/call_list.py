"""The body of `acct calls`: the call list as a table or JSON (Typer-free)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)

if TYPE_CHECKING:
    from acctcli.context import AppContext


def show_calls(obj: AppContext, *, date: str | None, json: bool, team: bool, ahead: int) -> None:
    """Print the call list for `date` (default today): a table, or one JSON document."""
    from acctcli.services.calls import call_list, calls_config

    day = obj.today(date)
    result = call_list(
        obj.db,
        day,
        owner=obj.owner_filter(team),
        config=calls_config(obj.settings),
        now=None if date else obj.now(),
        ahead=ahead,
    )
    import sys

    from acctcli.render.calls import unreadable_warnings

    if json:
        from acctcli.render.calls import calls_json
        from acctcli.render.console import print_json

        print_json(calls_json(day, result.calls, result.upcoming))
    else:
        from acctcli.render.calls import calls_text

        sys.stdout.write(calls_text(day, result.calls, result.upcoming, team=team))
    sys.stderr.write(unreadable_warnings(result.unreadable))
