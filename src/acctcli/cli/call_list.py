"""The body of `acct calls`: the call list as a table or JSON (Typer-free)."""

from __future__ import annotations

from typing import Any

from acctcli.errors import Invalid


def show_calls(
    obj: Any,
    *,
    date: str | None = None,
    json: bool = False,
    team: bool = False,
    ahead: int | str = 7,
) -> None:
    """Print the call list for `date` (default today): a table, or one JSON document."""
    from acctcli.services.calls import call_list, calls_config

    try:
        days_ahead = int(ahead)
    except ValueError:
        raise Invalid(f"bad --ahead {ahead!r}: expected a number of days") from None
    day = obj.today(date)
    result = call_list(
        obj.db,
        day,
        owner=obj.owner_filter(team),
        config=calls_config(obj.settings),
        now=None if date else obj.now(),
        ahead=days_ahead,
    )
    if json:
        from acctcli.render.calls import calls_json
        from acctcli.render.console import print_json

        print_json(calls_json(day, result.calls, result.upcoming))
        return
    import sys

    from acctcli.render.calls import calls_text

    sys.stdout.write(calls_text(day, result.calls, result.upcoming, team=team))
