"""acct onboard CLIENT: start, show and tick the client's onboarding checklist."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Json
from acctcli.i18n import _

Steps = Annotated[
    list[str] | None,
    typer.Option(
        "--done",
        metavar="STEP",
        help="Tick a step (its key or number; repeat, or separate with commas).",
    ),
]
Undo = Annotated[
    list[str] | None,
    typer.Option("--undo", metavar="STEP", help="Reopen a ticked step (repeat, or commas)."),
]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def onboard(
    ctx: typer.Context,
    client: Annotated[
        str | None, typer.Argument(help="Client name: exact (any case) or a prefix.")
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            metavar="NAME|PATH",
            help="Template for a new checklist: $ACCT_HOME/templates/NAME.toml, a .toml path,"
            " or the built-in `default`.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="Contract start that due dates count from: 2026-11-02, 02.11… (default: when "
            "the client started).",
        ),
    ] = None,
    done: Steps = None,
    undo: Undo = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help="Record the agreed channel (phone, messenger, email, tasks) on the client;"
            " ticks the step that records it.",
        ),
    ] = None,
    urgent_contact: Annotated[
        str | None,
        typer.Option(
            "--urgent-contact",
            metavar="NAME",
            help="Make this contact the one to call when something breaks; ticks that step.",
        ),
    ] = None,
    reports: Annotated[
        str | None,
        typer.Option(
            "--reports",
            metavar="SPEC",
            help="Record the agreed report schedule (monthly:5, monthly:last…); ticks that step.",
        ),
    ] = None,
    restart: Annotated[
        bool,
        typer.Option(
            "--restart", help="Replace the checklist with a fresh one (the old one is kept)."
        ),
    ] = False,
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help="Start a fresh onboarding for a client long active (after a win-back, say).",
        ),
    ] = False,
    drop: Annotated[
        bool,
        typer.Option(
            "--drop",
            help="Drop the current checklist; the client's status is what it was before it.",
        ),
    ] = False,
    date: AsOf = None,
    json: Json = False,
    print_template: Annotated[
        bool,
        typer.Option(
            "--print-template",
            help="Print the template's TOML (the built-in one unless --template) and exit:"
            " a start for $ACCT_HOME/templates/NAME.toml.",
        ),
    ] = False,
) -> None:
    """Start or continue a client's onboarding checklist: the first two months, step by step.

    The first call makes the checklist and sets the client's status to onboarding.

    Later calls show it; --done ticks steps (on --date, default today).

    Ticking the last step makes the client active.

    Example: acct onboard "Стоматология Улыбка" --done kickoff --channel messenger
    """
    from acctcli.domain.dates import parse_date
    from acctcli.errors import Invalid
    from acctcli.services.onboarding.checklist import OnboardRequest
    from acctcli.services.onboarding.checklist import onboard as run

    obj = ctx.obj
    if print_template:
        from acctcli.services.onboarding.templates import template_text

        typer.echo(template_text(template, obj.settings.home), nl=False)
        return
    if client is None:
        raise Invalid(_("which client? acct onboard CLIENT"), _("see: acct onboard --help"))
    if drop:
        from acctcli.domain.labels import label
        from acctcli.render.safe import clean_text
        from acctcli.services.onboarding.checklist import drop as drop_checklist

        dropped = drop_checklist(obj.db, client, day=obj.today(date), now=obj.now())
        said = _(
            "Dropped the onboarding checklist of {client} ({done} of {steps} steps done);"
            " {client} is {status} (since {since})."
        ).format(
            client=clean_text(dropped.client),
            done=dropped.done,
            steps=dropped.steps,
            status=label("status", dropped.status),
            since=dropped.since.isoformat(),
        )
        print(said)
        return
    request = OnboardRequest(
        template=template,
        start=parse_date(start, _("--start date"), obj.today()) if start else None,
        done=_split(done),
        undo=_split(undo),
        channel=channel,
        urgent_contact=urgent_contact,
        reports=reports,
        restart=restart,
        new=new,
    )
    checklist = run(
        obj.db, client, request, day=obj.today(date), now=obj.now(), settings=obj.settings
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.onboarding import checklist_json

        print_json(checklist_json(checklist))
        return
    from acctcli.render.onboarding import change_lines, checklist_view

    for line in change_lines(checklist):
        obj.console.print(line, markup=False)
    if checklist.created or checklist.changes or checklist.notes:
        obj.console.print()
    obj.console.print(checklist_view(checklist))
