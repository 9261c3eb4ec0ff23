"""The body of `acct search` (Typer-free: the entry point routes it before Typer loads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acctcli.context import AppContext


def _phrase(argument: str) -> str:
    """An argument with spaces and no query syntax ("акт сверки" in the shell) is a phrase."""
    words = argument.split()
    if len(words) < 2 or any(c in argument for c in '"*:') or "OR" in words:
        return argument
    if any(w.startswith("-") for w in words):
        return argument
    return f'"{argument}"'


def run(
    obj: AppContext,
    *,
    query: list[str],
    client: str | None,
    kind: list[str] | None,
    since: str | None,
    until: str | None,
    state: str | None,
    limit: int,
    json: bool,
) -> None:
    from acctcli.domain.dates import parse_date
    from acctcli.services.search import run_search

    today = obj.today()
    found = run_search(
        obj.db,
        " ".join(map(_phrase, query)),
        client=client,
        kinds=kind,
        since=parse_date(since, "--since", today) if since else None,
        until=parse_date(until, "--until", today) if until else None,
        state=state,
        limit=limit,
        owner=obj.settings.user,
        today=today,
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.search import found_json

        print_json(found_json(found))
    else:
        from acctcli.render.search import print_found

        print_found(found)
