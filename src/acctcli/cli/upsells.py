"""acct upsell …: add, won, lost, list."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import Json, Team
from acctcli.i18n import N_, _

app = typer.Typer(help="Upsells: offers of more services to a client.", no_args_is_help=True)

Id = Annotated[
    str, typer.Argument(metavar="ID", help="The upsell's number from `acct upsell list`.")
]
On = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE", help="When: 2026-12-01, вчера… (default: today)."),
]


def _on(ctx: typer.Context, on: str | None):  # type: ignore[no-untyped-def]
    from acctcli.domain.dates import parse_date

    return parse_date(on, _("--on date"), ctx.obj.today()) if on else ctx.obj.today()


# What `add`, `won` and `lost` say; {value} is ", 40 000 ₽" or nothing.
_SAID = {
    "opened": N_("Upsell #{id} opened: {client} {service}{value} on {day}"),
    "won": N_("Upsell #{id} won: {client} {service}{value} on {day}"),
    "lost": N_("Upsell #{id} lost: {client} {service}{value} on {day}"),
}


def _say(ctx: typer.Context, verb: str, upsell) -> None:  # type: ignore[no-untyped-def]
    from acctcli.domain.money import money_display
    from acctcli.render.safe import clean_text

    value = (
        ", " + money_display(upsell.value, ctx.obj.settings.currency)
        if upsell.value is not None
        else ""
    )
    when = upsell.closed_on or upsell.opened_on
    said = _(_SAID[verb]).format(
        id=upsell.id,
        client=clean_text(upsell.client),
        service=clean_text(upsell.service),
        value=value,
        day=when.isoformat(),
    )
    ctx.obj.console.print(said, markup=False)


@app.command("add", context_settings={"ignore_unknown_options": True})
def add(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(metavar="CLIENT", help="Client name or unique prefix.")],
    service: Annotated[
        str, typer.Argument(metavar="SERVICE", help="The service offered: seo, smm, ppc…")
    ],
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="X", help="What it would add per month, e.g. 40000."),
    ] = None,
    on: On = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What was offered, to whom.")
    ] = None,
) -> None:
    """Record an upsell offered to a client (open until won or lost).

    Example: acct upsell add "Пицца Мама" seo --value 40000 --note "local SEO for 3 outlets"
    """
    from acctcli.domain.money import parse_amount
    from acctcli.services.money import add_upsell

    amount = parse_amount(value) if value is not None else None
    upsell = add_upsell(ctx.obj.db, client, service, on=_on(ctx, on), value=amount, note=note)
    _say(ctx, "opened", upsell)


@app.command("won")
def won(
    ctx: typer.Context,
    upsell_id: Id,
    on: On = None,
    fee: Annotated[
        str | None,
        typer.Option(
            "--fee",
            metavar="AMOUNT",
            help="The monthly fee of the service won, from the day it was won.",
        ),
    ] = None,
) -> None:
    """Mark an upsell won: its service is added to the client (with --fee, at that fee).

    Example: acct upsell won 3 --on 2026-11-20 --fee 40000
    """
    from acctcli.domain.money import parse_amount
    from acctcli.services.money import close_upsell

    amount = parse_amount(fee) if fee is not None else None
    upsell = close_upsell(
        ctx.obj.db, upsell_id, "won", on=_on(ctx, on), fee=amount, now=ctx.obj.now()
    )
    _say(ctx, "won", upsell)


@app.command("lost")
def lost(ctx: typer.Context, upsell_id: Id, on: On = None) -> None:
    """Mark an upsell lost.

    Example: acct upsell lost 3
    """
    from acctcli.services.money import close_upsell

    _say(ctx, "lost", close_upsell(ctx.obj.db, upsell_id, "lost", on=_on(ctx, on)))


@app.command("edit", context_settings={"ignore_unknown_options": True})
def edit(
    ctx: typer.Context,
    upsell_id: Id,
    service: Annotated[
        str | None, typer.Option("--service", "-s", metavar="SERVICE", help="The service.")
    ] = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="X", help='What it would add per month ("" clears it).'),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="When it was offered.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help='What was offered ("" clears).')
    ] = None,
) -> None:
    """Correct an upsell: its service, value, day offered or note.

    Example: acct upsell edit 3 --value 45000 --note "local SEO for 4 outlets"
    """
    from acctcli.domain.money import parse_amount
    from acctcli.render.undo import edited
    from acctcli.services.money import edit_upsell

    obj = ctx.obj
    amount = parse_amount(value) if value else None
    change = edit_upsell(
        obj.db,
        upsell_id,
        service=service,
        value=amount,
        clear_value=value is not None and not value.strip(),
        on=_on(ctx, on) if on else None,
        note=note,
        currency=obj.settings.currency,
    )
    print(edited(_("Upsell {what}").format(what=change.what), change.changes))


@app.command("remove")
def remove(
    ctx: typer.Context,
    upsell_ids: Annotated[list[str], typer.Argument(metavar="ID…", help="The upsells' numbers.")],
) -> None:
    """Remove upsells recorded by mistake (all or none; undo with `acct undo`).

    Example: acct upsell remove 3 4
    """
    from acctcli.render.safe import clean_text
    from acctcli.services.money import remove_upsells

    for upsell in remove_upsells(ctx.obj.db, upsell_ids):
        print(
            _("Removed upsell #{id}: {client} {service}").format(
                id=upsell.id, client=clean_text(upsell.client), service=clean_text(upsell.service)
            )
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    open_: Annotated[bool, typer.Option("--open", help="Only those still open.")] = False,
    team: Team = False,
    json: Json = False,
) -> None:
    """List upsells, newest first.

    Example: acct upsell list --open --json
    """
    from acctcli.services.money import list_upsells

    obj = ctx.obj
    lines = list_upsells(obj.db, day=obj.today(), owner=obj.owner_filter(team), open_only=open_)
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.money import upsell_json

        print_json({"upsells": [upsell_json(u) for u in lines]})
    elif not lines:
        obj.console.print(
            _("No upsells yet. Add one: acct upsell add CLIENT SERVICE"), markup=False
        )
    else:
        from acctcli.render.money import upsells_table

        obj.console.print(upsells_table(lines, obj.settings.currency))
