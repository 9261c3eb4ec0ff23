"""acct call log|history, and acct calls: who to contact today."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AllRows, AsOf, Json, Limit, Team, routed, rows_wanted
from acctcli.i18n import _

app = typer.Typer(help="Calls: log a touch with a client, see the history.", no_args_is_help=True)

Client = Annotated[
    str, typer.Argument(metavar="CLIENT", help="Client name: exact (any case) or a unique prefix.")
]


Follow = Annotated[
    list[str] | None,
    typer.Option("--follow", metavar="TEXT", help="A follow-up agreed then (repeatable)."),
]
FollowDue = Annotated[
    str | None,
    typer.Option(
        "--due", metavar="WHEN", help="When the follow-ups are due: fri, завтра, +3d, 10.12…"
    ),
]
FollowWho = Annotated[
    str | None,
    typer.Option(
        "--who",
        metavar="WHO",
        help="Who owes the follow-ups: me (default), client, seo… or a colleague.",
    ),
]


@app.command("log")
@routed("acctcli.cli.call_log:log_call")
def log(
    ctx: typer.Context,
    client: Client,
    contact: Annotated[
        str | None,
        typer.Option("--contact", metavar="NAME", help="Whom you spoke to (one of the client's)."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            metavar="CHANNEL",
            help="phone, messenger, email, tasks or meeting (default: phone).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When: 2026-11-26T10:30, 'вчера 18:40', 'fri 9:30' (default: now).",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What was agreed.")
    ] = None,
    next_: Annotated[
        str | None,
        typer.Option(
            "--next",
            metavar="WHEN",
            help="Contact again on this day: 2026-12-03, пт, +2w… (overrides once).",
        ),
    ] = None,
    follow: Follow = None,
    due: FollowDue = None,
    who: FollowWho = None,
) -> None:
    """Log a call, message or meeting: any touch resets the client's clock.

    Example: acct call log "Пицца Мама" --contact Марина --note "акция в декабре" --next 2026-12-03
    """


@app.command("edit")
def edit(
    ctx: typer.Context,
    touch_id: Annotated[
        str, typer.Argument(metavar="ID", help="The touch's number from `acct call history`.")
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="DATETIME", help="When it really was, e.g. 2026-11-26T10:30."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help='What was agreed ("" clears).')
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel", metavar="CHANNEL", help="phone, messenger, email, tasks or meeting."
        ),
    ] = None,
) -> None:
    """Correct a logged touch: when, the note, the channel (undo with `acct undo`).

    Example: acct call edit 12 --at "вчера 16:00" --note "договорились о встрече"
    """
    from acctcli.domain.dates import parse_datetime
    from acctcli.render.undo import edited
    from acctcli.services.calls import edit_touch

    obj = ctx.obj
    what, changes = edit_touch(
        obj.db,
        touch_id,
        now=obj.now(),
        at=parse_datetime(at, "--at", obj.today(), past=True, now=obj.now()) if at else None,
        note=note,
        channel=channel,
    )
    print(edited(_("Touch {what}").format(what=what), changes))


@app.command("remove")
def remove(
    ctx: typer.Context,
    touch_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID…", help="The touches' numbers from `acct call history`."),
    ],
) -> None:
    """Remove touches logged by mistake — three identical calls from an up-arrow slip
    (all or none; undo with `acct undo`).

    Example: acct call remove 13 14
    """
    from acctcli.domain.labels import label
    from acctcli.render.safe import clean_text
    from acctcli.services.calls import remove_touches

    for touch in remove_touches(ctx.obj.db, touch_ids):
        print(
            _("Removed touch #{id}: {channel} with {client} at {when}").format(
                id=touch.id,
                channel=label("channel", touch.channel),
                client=clean_text(touch.client),
                when=touch.at.isoformat(sep=" ", timespec="minutes"),
            )
        )


@routed("acctcli.cli.call_log:log_meeting")
def meet(
    ctx: typer.Context,
    client: Client,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When: 2026-12-03T10:00, 'вчера 15:00', 'fri 9:30' (default: now).",
        ),
    ] = None,
    where: Annotated[
        str | None,
        typer.Option("--where", metavar="TEXT", help="Where: an office, an event, a conference."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What was agreed.")
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="NAME",
            help="Who was there (repeatable): the client's contacts by name or prefix, anyone "
            "else as typed.",
        ),
    ] = None,
    follow: Follow = None,
    due: FollowDue = None,
    who: FollowWho = None,
) -> None:
    """Record a meeting, an event or a conference attended with the client: a touch of kind
    meeting, which resets the client's clock like a call.

    Example: acct meet "Гранд Холдинг" --at "вчера 15:00" --where "Крокус Экспо" --with Елена
    """


@app.command("history")
def history(
    ctx: typer.Context,
    client: Annotated[
        str | None,
        typer.Argument(metavar="CLIENT", help="Only this client (default: all of yours)."),
    ] = None,
    json: Json = False,
    team: Team = False,
    limit: Limit = None,
    every: AllRows = False,
) -> None:
    """Logged touches, newest first.

    On a terminal the list stops after one screen; --limit N shows the N newest, --all every
    one, and a pipe, a file or --json gets every touch.

    Example: acct call history пицца --json
    """
    from acctcli.render.calls import touch_json, touches_table
    from acctcli.services.calls import touch_history

    obj = ctx.obj
    page = None if json or limit is not None else rows_wanted(limit, every)
    touches = touch_history(
        obj.db, client, owner=obj.owner_filter(team), today=obj.today(), limit=limit
    )
    if json:
        from acctcli.render.console import print_json

        print_json({"touches": [touch_json(t) for t in touches]})
    elif not touches:
        obj.console.print(_("No touches logged yet. Log one: acct call log CLIENT"), markup=False)
    else:
        from acctcli.render.money import more_line
        from acctcli.render.plain import cut

        shown, hidden = cut(touches, page)
        obj.console.print(touches_table(list(shown), with_client=client is None))
        if hidden:
            obj.console.print(more_line(hidden), markup=False)


@routed("acctcli.cli.call_list:show_calls")
def calls(
    ctx: typer.Context,
    date: AsOf = None,
    json: Json = False,
    team: Team = False,
    ahead: Annotated[
        int, typer.Option("--ahead", metavar="DAYS", help="Also list calls due this many days on.")
    ] = 7,
) -> None:
    """Who to contact today: due and overdue (most overdue first), at risk, and coming up.

    Example: acct calls --date 2026-11-26 --json
    """
