"""acct follow …: follow-ups and promises — what I owe, what is owed to me, and by whom."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Json, Limit, Team, rows_wanted
from acctcli.i18n import _

app = typer.Typer(
    help="Follow-ups and promises: add, list, done, move, drop, show.", no_args_is_help=True
)

Ids = Annotated[list[str], typer.Argument(metavar="ID…", help="Follow-up numbers: 4 or #4.")]


def _day(text: str | None, what: str, today):  # type: ignore[no-untyped-def]
    from acctcli.domain.dates import parse_date

    return parse_date(text, what, today) if text else None


@app.command("add")
def add(
    ctx: typer.Context,
    client: Annotated[
        str, typer.Argument(metavar="CLIENT", help="Client name: exact (any case) or a prefix.")
    ],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What is owed, in a few words.")],
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="WHEN", help="By when: 2026-12-04, fri, завтра, +3d…"),
    ] = None,
    who: Annotated[
        str | None,
        typer.Option(
            "--who",
            metavar="WHO",
            help="Who owes it: me (default), client, seo, ppc, smm, content, accounting or a "
            "colleague's name.",
        ),
    ] = None,
    mail: Annotated[
        str | None, typer.Option("--mail", metavar="ID", help="The message it is about (M12).")
    ] = None,
    touch: Annotated[
        int | None, typer.Option("--touch", metavar="ID", help="The touch it was agreed in.")
    ] = None,
    invoice: Annotated[
        str | None,
        typer.Option("--invoice", metavar="NUMBER", help="A promise to pay this invoice."),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount",
            metavar="X",
            help="How much the client promised to pay, e.g. 30000 or 30000.50 (default: the "
            "invoice's balance).",
        ),
    ] = None,
    incident: Annotated[
        str | None,
        typer.Option("--incident", metavar="ID", help="The incident it is about (I3)."),
    ] = None,
    step: Annotated[
        str | None,
        typer.Option(
            "--step", metavar="KEY", help="The client's onboarding step it is about (kickoff)."
        ),
    ] = None,
    date: AsOf = None,
) -> None:
    """Add a follow-up: something I promised the client (--who me), something the client
    promised (--who client; with --invoice and --amount a promise to pay), or something I
    wait for inside the agency (--who seo, or a colleague).

    A promise to pay is kept when payments on the invoice from the day it was made reach the
    amount by its day, and broken when the day passes short of it.

    Example: acct follow add "Пицца Мама" "прислать медиаплан" --due пятница

    Example: acct follow add Пицца "оплата" --invoice 2026-0042 --amount 30000 --due 10.12
    """
    from acctcli.domain.money import parse_amount
    from acctcli.render.followups import confirmation
    from acctcli.services.followups import add_follow_up

    obj = ctx.obj
    mail_id = incident_id = None
    if mail is not None:
        from acctcli.domain.incidents import parse_message_id

        mail_id = parse_message_id(mail)
    if incident is not None:
        from acctcli.domain.incidents import parse_incident_id

        incident_id = parse_incident_id(incident)
    today = obj.today(date)
    now = obj.now()
    if date:  # made on that day (a promise to pay counts the payments from it)
        from datetime import datetime

        now = datetime.combine(today, now.time())
    follow_up = add_follow_up(
        obj.db,
        client,
        text,
        now=now,
        due=_day(due, _("--due date"), today),
        incident_id=incident_id,
        step=step,
        who=who,
        mail_id=mail_id,
        touch_id=touch,
        invoice=invoice,
        amount=parse_amount(amount) if amount is not None else None,
    )
    obj.console.print(confirmation(follow_up), markup=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    client: Annotated[
        str | None, typer.Option("--client", metavar="CLIENT", help="Only this client's.")
    ] = None,
    who: Annotated[
        str | None,
        typer.Option("--who", metavar="WHO", help="Only these: me, client, seo… or a name."),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only the overdue ones.")] = False,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Done and dropped ones too.")] = False,
    team: Team = False,
    json: Json = False,
    date: AsOf = None,
    limit: Limit = None,
) -> None:
    """List open follow-ups, the earliest due first.

    On a terminal the list stops after one screen (--limit N for more); a pipe, a file and
    --json get every one.

    Example: acct follow list --who client --overdue
    """
    from acctcli.render.followups import follow_ups_json, follow_ups_table
    from acctcli.services.followups import list_follow_ups

    obj = ctx.obj
    page = None if json else rows_wanted(limit, False)
    today = obj.today(date)
    rows = list_follow_ups(
        obj.db,
        today=today,
        owner=obj.owner_filter(team),
        client_ref=client,
        who=who,
        overdue=overdue,
        include_all=all_,
    )
    if json:
        from acctcli.render.console import print_json

        print_json(follow_ups_json(rows, today))
    elif not rows:
        obj.console.print(
            _('No follow-ups. Add one: acct follow add CLIENT "what is owed" --due fri'),
            markup=False,
        )
    else:
        from acctcli.render.money import more_line
        from acctcli.render.plain import cut

        shown, hidden = cut(rows, page)
        obj.console.print(follow_ups_table(list(shown), today))
        if hidden:
            obj.console.print(more_line(hidden, with_all=False), markup=False)


@app.command("done")
def done(
    ctx: typer.Context,
    ids: Ids,
    on: Annotated[
        str | None, typer.Option("--on", metavar="WHEN", help="When (default: today).")
    ] = None,
) -> None:
    """Mark follow-ups done.

    Example: acct follow done 4 7
    """
    from acctcli.render.followups import closed_line
    from acctcli.services.followups import finish_follow_ups

    obj = ctx.obj
    today = obj.today()
    day = _day(on, _("--on date"), today) or today
    for follow_up in finish_follow_ups(obj.db, ids, on=day):
        obj.console.print(closed_line(follow_up), markup=False)


@app.command("move")
def move(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The follow-up's number: 4 or #4.")],
    due: Annotated[
        str, typer.Option("--due", metavar="WHEN", help="The new day: 2026-12-07, пн, +3d…")
    ],
) -> None:
    """Move a follow-up to another day.

    Example: acct follow move 4 --due "в понедельник"
    """
    from acctcli.render.followups import confirmation
    from acctcli.services.followups import move_follow_up

    obj = ctx.obj
    day = _day(due, _("--due date"), obj.today())
    obj.console.print(confirmation(move_follow_up(obj.db, ident, day, obj.today())), markup=False)


@app.command("drop")
def drop(
    ctx: typer.Context,
    ids: Ids,
    why: Annotated[
        str | None, typer.Option("--why", metavar="TEXT", help="Why it is no longer owed.")
    ] = None,
) -> None:
    """Drop follow-ups that are no longer owed.

    Example: acct follow drop 4 --why "клиент передумал"
    """
    from acctcli.render.followups import closed_line
    from acctcli.services.followups import drop_follow_ups

    obj = ctx.obj
    for follow_up in drop_follow_ups(obj.db, ids, on=obj.today(), why=why):
        obj.console.print(closed_line(follow_up), markup=False)


@app.command("show")
def show(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The follow-up's number: 4 or #4.")],
    json: Json = False,
    date: AsOf = None,
) -> None:
    """Show one follow-up (a promise to pay: kept, pending or broken as of --date).

    Example: acct follow show 4
    """
    from acctcli.render.followups import follow_up_card, follow_up_json
    from acctcli.services.followups import get_follow_up

    obj = ctx.obj
    follow_up = get_follow_up(obj.db, ident, obj.today(date))
    if json:
        from acctcli.render.console import print_json

        print_json(follow_up_json(follow_up, obj.today(date)))
    else:
        obj.console.print(follow_up_card(follow_up, obj.today(date)), markup=False)
