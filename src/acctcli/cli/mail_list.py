"""The body of `acct mail list`, and the lookups the mail commands share (Typer-free)."""

from __future__ import annotations

from typing import Any


def mail_settings(obj: Any) -> Any:
    from acctcli.services.mail_config import read_mail_settings

    return read_mail_settings(obj.settings.section("mail"), str(obj.settings.config_path))


def client_id(obj: Any, client: str | None) -> int | None:
    if client is None:
        return None
    from acctcli.store.repo import find_client_id

    return find_client_id(obj.db, client)[0]


def list_mail(
    obj: Any,
    *,
    state: str | None = None,
    client: str | None = None,
    category: str | None = None,
    all_: bool = False,
    json: bool = False,
    team: bool = False,
    date: str | None = None,
) -> None:
    """Print the mail list as of `date` (default today): tables, or one JSON document."""
    from acctcli.services.mail.listing import MailFilter, list_messages, wait_days

    filters = MailFilter(state, client_id(obj, client), category, all_)
    settings = obj.settings
    views = list_messages(
        obj.db,
        filters,
        day=obj.today(date),
        owner=obj.owner_filter(team),
        wait_days=wait_days(settings.section("mail"), str(settings.config_path)),
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.mail import message_json

        print_json({"messages": [message_json(v) for v in views]})
        return
    from acctcli.render.mail_table import print_messages

    print_messages(views)
