"""The body of `acct mail list`, and the lookups the mail commands share (Typer-free)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acctcli.context import AppContext


def client_id(obj: AppContext, client: str | None) -> int | None:
    if client is None:
        return None
    from acctcli.store.repo import find_client_id

    return find_client_id(obj.db, client)[0]


def list_mail(
    obj: AppContext,
    *,
    state: str | None,
    client: str | None,
    category: str | None,
    all_: bool,
    json: bool,
    team: bool,
    date: str | None,
) -> None:
    """Print the mail list as of `date` (default today): tables, or one JSON document."""
    from acctcli.services.mail.listing import MailFilter, list_messages

    filters = MailFilter(state, client_id(obj, client), category, all_)
    views = list_messages(
        obj.db,
        filters,
        day=obj.today(date),
        owner=obj.owner_filter(team),
        wait_days=obj.settings.mail.wait_days,
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.mail import message_json

        print_json({"messages": [message_json(v) for v in views]})
        return
    from acctcli.render.mail_table import print_messages

    print_messages(views)
