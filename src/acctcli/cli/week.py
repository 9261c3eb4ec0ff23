"""acct week: the weekly planning meeting — the week behind and the week ahead."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Json, Team
from acctcli.i18n import _


def week(
    ctx: typer.Context,
    date: AsOf = None,
    team: Team = False,
    json: Json = False,
    format_: Annotated[
        str,
        typer.Option(
            "--format", metavar="text|md", help="Plain text (default) or Markdown for the notes."
        ),
    ] = "text",
) -> None:
    """The weekly planning meeting: the week behind and the week ahead, client by client.

    Touches and meetings, fires and how long they burned, mail waiting for a reply, money
    in and debt that grew, follow-ups kept, broken and due, reports and calls due, upsells;
    then the clients not contacted for longer than their cadence allows and the largest
    debts.  --team: everyone's clients, with a line per account manager.

    Example: acct week --team --format md > meeting.md
    """
    from acctcli.errors import Invalid
    from acctcli.render.week import week_json, week_text
    from acctcli.services.week import weekly_meeting

    obj = ctx.obj
    if format_ not in ("text", "md"):
        raise Invalid(_("bad format {value!r}: use text or md").format(value=format_))
    data = weekly_meeting(obj.db, obj.settings, obj.today(date), owner=obj.owner_filter(team))
    if json:
        from acctcli.render.console import print_json

        print_json(week_json(data))
        return
    import sys

    sys.stdout.write(week_text(data, obj.settings.currency, markdown=format_ == "md", team=team))
