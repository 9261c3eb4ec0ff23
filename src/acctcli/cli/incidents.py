"""acct incident …: open, resolve, list the fires."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Json, Team
from acctcli.i18n import _

app = typer.Typer(help="Incidents (fires): open, resolve, list.", no_args_is_help=True)

At = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When it happened: 2026-11-26T07:40, 'сегодня 7:40'… (default: now).",
    ),
]


def _at(value: str | None):  # type: ignore[no-untyped-def]
    if not value:
        return None
    from datetime import datetime

    from acctcli.domain.dates import parse_datetime

    now = datetime.now()
    return parse_datetime(value, "--at", now.date(), past=True, now=now)


@app.command("open")
def open_(
    ctx: typer.Context,
    client: Annotated[
        str | None,
        typer.Argument(
            help="Client name: exact (any case) or a prefix (with --from-mail: the message's)."
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Argument(help="What is burning, in a few words (with --from-mail: its subject)."),
    ] = None,
    severity: Annotated[str, typer.Option("--severity", "-s", help="high or normal.")] = "normal",
    at: At = None,
    from_mail: Annotated[
        str | None,
        typer.Option(
            "--from-mail",
            metavar="ID",
            help="Open it from a message (12 or M12), linked: resolving it marks the mail done.",
        ),
    ] = None,
) -> None:
    """Open an incident: the site is down, a channel stopped converting…  From a message
    with --from-mail: CLIENT and TITLE default to the message's client and subject.

    Example: acct incident open "Пицца Мама" "Сайт не открывается, 502" --severity high

    Example: acct incident open --from-mail M12
    """
    from acctcli.render.incidents import opened_line
    from acctcli.services.incidents import open_incident

    obj = ctx.obj
    message = None
    if from_mail is not None:
        from acctcli.domain.incidents import parse_message_id

        message = parse_message_id(from_mail)
    incident = open_incident(
        obj.db, client, title, severity=severity, at=_at(at), now=obj.now(), from_mail=message
    )
    obj.console.print(opened_line(incident, message), markup=False)


@app.command("resolve")
def resolve(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The incident's number: 3 or I3.")],
    at: At = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="What was done: the resolution, kept."),
    ] = None,
) -> None:
    """Resolve an open incident, with what was done (--note, shown in lists and reports).

    Mail linked to it (opened with --from-mail) is marked done.

    Example: acct incident resolve I3 --at 2026-11-26T11:40 --note "restarted nginx"
    """
    from acctcli.render.incidents import resolved_line
    from acctcli.services.incidents import resolve_incident

    obj = ctx.obj
    incident = resolve_incident(obj.db, ident, at=_at(at), now=obj.now(), note=note)
    obj.console.print(resolved_line(incident), markup=False)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The incident's number: 3 or I3.")],
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="What was burning.")
    ] = None,
    severity: Annotated[
        str | None, typer.Option("--severity", "-s", help="high or normal.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="YYYY-MM-DD[THH:MM]", help="When it really started."),
    ] = None,
    resolved: Annotated[
        str | None,
        typer.Option(
            "--resolved", metavar="YYYY-MM-DD[THH:MM]", help="When it was really resolved."
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help='The resolution ("" clears it).'),
    ] = None,
) -> None:
    """Correct an incident: its title, severity, times or resolution.

    Example: acct incident edit I3 --severity high --note "DNS record fixed"
    """
    from acctcli.render.undo import edited
    from acctcli.services.incidents import edit_incident

    obj = ctx.obj
    what, changes = edit_incident(
        obj.db,
        ident,
        now=obj.now(),
        title=title,
        severity=severity,
        opened=_at(at),
        resolved=_at(resolved),
        note=note,
    )
    print(edited(_("Incident {what}").format(what=what), changes))


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Resolved ones too.")] = False,
    team: Team = False,
    json: Json = False,
    date: AsOf = None,
) -> None:
    """List open incidents, high severity and longest burning first (as of the end of
    --date when it is given).

    Example: acct incident list --all --json
    """
    from acctcli.render.incidents import incidents_json, incidents_table
    from acctcli.services.incidents import as_of, linked_mail, list_incidents

    obj = ctx.obj
    today = obj.today()
    moment = as_of(obj.today(date), today, obj.now())
    incidents = list_incidents(obj.db, at=moment, include_all=all_, owner=obj.owner_filter(team))
    mail = linked_mail(obj.db, [i.id for i in incidents], day=moment.date())
    if json:
        from acctcli.render.console import print_json

        print_json(incidents_json(incidents, moment, mail))
    elif not incidents:
        if all_:
            none = _("No incidents yet. Open one: acct incident open CLIENT TITLE")
        else:
            none = _(
                "No open incidents: nothing is on fire. Open one: acct incident open CLIENT TITLE"
            )
        obj.console.print(none, markup=False)
    else:
        obj.console.print(incidents_table(incidents, moment, mail))
