"""acct calendar: calls, report days, onboarding steps, invoices and follow-ups as an ICS feed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Team
from acctcli.i18n import _, ngettext


def calendar(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="FILE.ics", help="Write the feed to this file (default: stdout)."
        ),
    ] = None,
    days: Annotated[
        int,
        typer.Option("--days", metavar="N", help="How many days ahead, today included."),
    ] = 30,
    team: Team = False,
    date: AsOf = None,
) -> None:
    """The calendar feed (RFC 5545): calls due, report days, onboarding steps, invoice due
    dates and follow-ups, with the overdue ones on the day they fell due. Each event's UID
    comes from its item, so a calendar that imports the feed again updates its events.

    Example: acct calendar --out ~/acct.ics --days 60
    """
    from acctcli.render.ics import calendar_ics
    from acctcli.services.agenda import agenda

    obj = ctx.obj
    settings = obj.settings
    events = agenda(obj.db, settings, day=obj.today(date), days=days, owner=obj.owner_filter(team))
    name = "acct" if team else f"acct — {settings.user}"
    feed = calendar_ics(
        events, zone=settings.calendar.timezone, stamp=obj.now().astimezone(), name=name
    )
    if out is None:
        import sys

        sys.stdout.write(feed.decode("utf-8"))
        return
    from acctcli.services.files import write_whole

    write_whole(out.expanduser(), feed)
    wrote = ngettext("Wrote {n} event to {path}.", "Wrote {n} events to {path}.", len(events))
    obj.console.print(wrote.format(n=len(events), path=out), markup=False, soft_wrap=True)
    if not events:
        obj.console.print(_("Nothing is due in these days."), markup=False)
