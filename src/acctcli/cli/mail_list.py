"""The body of `acct mail list`, and the lookups the mail commands share (Typer-free)."""

from __future__ import annotations

from acctcli.i18n import _

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)

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
    limit: int | None,
) -> None:
    """Print the mail list as of `date` (default today): one screen of it (the most urgent
    first; --limit N, or every page with --all), or the whole list as one JSON document."""
    from acctcli.services.mail.listing import MailFilter, list_messages, list_page

    found = None
    if client is not None:
        from acctcli.store.repo import find_client_id

        found = find_client_id(obj.db, client)
    filters = MailFilter(state, found[0] if found else None, category, all_)
    day = obj.today(date)
    owner = obj.owner_filter(team)
    wait_days = obj.settings.mail.wait_days
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.mail import message_json

        views = list_messages(obj.db, filters, day=day, owner=owner, wait_days=wait_days)
        print_json({"messages": [message_json(v) for v in views]})
        return
    from acctcli.errors import Invalid
    from acctcli.render.mail_table import print_messages, screen_rows

    if limit is not None and limit < 1:
        raise Invalid(_("--limit must be 1 or more, not {n}").format(n=limit))
    page = limit if limit is not None else (None if all_ else screen_rows())
    views, total = list_page(obj.db, filters, day=day, owner=owner, wait_days=wait_days, limit=page)
    print_messages(views, total=total, client=found[1] if found else None, all_=all_)
