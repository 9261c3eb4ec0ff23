"""acct invoice …: add, pay, list."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from acctcli.cli.options import AllRows, AsOf, Json, Limit, Team, rows_wanted
from acctcli.i18n import _

app = typer.Typer(help="Invoices and payments: add, pay, list.", no_args_is_help=True)

Number = Annotated[
    str, typer.Argument(metavar="NUMBER", help="The invoice number, e.g. 2026-0042.")
]


def _day(text: str | None, what: str, default, today=None):  # type: ignore[no-untyped-def]
    from acctcli.domain.dates import parse_date

    return parse_date(text, what, today) if text else default


@app.command("add", context_settings={"ignore_unknown_options": True})
def add(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(metavar="CLIENT", help="Client name or unique prefix.")],
    amount: Annotated[
        str, typer.Argument(metavar="AMOUNT", help="The amount, e.g. 125000 or 125 000,50.")
    ],
    number: Annotated[
        str | None,
        typer.Option(
            "--number", metavar="N", help="Invoice number (default: YYYY-NNNN, next free)."
        ),
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option(
            "--issued", metavar="DATE", help="Issue date: 2026-11-01, 01.11… (default: today)."
        ),
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="Due date: 2026-12-15, 15.12, eom…")
    ] = None,
    terms: Annotated[
        int | None,
        typer.Option("--terms", metavar="DAYS", help="Days from issue to due (default: 14)."),
    ] = None,
    service: Annotated[
        str | None,
        typer.Option("--service", "-s", metavar="SERVICE", help="What it bills: seo, smm…"),
    ] = None,
) -> None:
    """Issue an invoice to a client.  Due in --terms days (config: [money] terms) or on --due.

    Example: acct invoice add "Пицца Мама" 60000 --issued 2026-11-01 --terms 10 -s smm
    """
    from acctcli.domain.money import money_display, parse_amount
    from acctcli.render.safe import clean_text
    from acctcli.services.money import add_invoice, due_date

    obj = ctx.obj
    value = parse_amount(amount)
    day = _day(issued, _("--issued date"), obj.today(), obj.today())
    until = due_date(
        day, _day(due, _("--due date"), None, obj.today()), terms, obj.settings.money.terms
    )
    line = add_invoice(
        obj.db, client, value, issued=day, due=until, now=obj.now(), number=number, service=service
    )
    amount_text = money_display(line.amount, obj.settings.currency)
    added = _("Invoice {number}: {client}, {amount}, issued {issued}, due {due}").format(
        number=line.number,
        client=clean_text(line.client),
        amount=amount_text,
        issued=line.issued.isoformat(),
        due=line.due.isoformat(),
    )
    obj.console.print(added, markup=False)


@app.command("pay", context_settings={"ignore_unknown_options": True})
def pay(
    ctx: typer.Context,
    number: Number,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount", metavar="X", help="How much was paid (default: the whole balance)."
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", metavar="DATE", help="Payment date: 2026-11-20, вчера… (default: today)."
        ),
    ] = None,
) -> None:
    """Record a payment on an invoice; partial payments are fine, overpaying is refused.

    Example: acct invoice pay 2026-0042 --amount 30000 --on 2026-11-20
    """
    from acctcli.domain.money import money_display, parse_amount
    from acctcli.render.safe import clean_text
    from acctcli.services.money import pay_invoice

    obj = ctx.obj
    value = parse_amount(amount) if amount is not None else None
    currency = obj.settings.currency
    made = pay_invoice(
        obj.db,
        number,
        on=_day(on, _("--on date"), obj.today(), obj.today()),
        now=obj.now(),
        amount=value,
        currency=currency,
    )
    if made.balance:
        paid = _(
            "Invoice {number} ({client}): {amount} paid on {day}; balance {balance} (payment #{id})"
        )
    else:
        paid = _(
            "Invoice {number} ({client}): {amount} paid on {day}; paid in full (payment #{id})"
        )
    text = paid.format(
        number=made.number,
        client=clean_text(made.client),
        amount=money_display(made.amount, currency),
        day=made.on.isoformat(),
        balance=money_display(made.balance, currency) if made.balance else "",
        id=made.id,
    )
    obj.console.print(text, markup=False)
    if made.kept:
        from acctcli.render.followups import kept_line

        for follow_up in made.kept:
            obj.console.print(kept_line(follow_up), markup=False)


@app.command("edit", context_settings={"ignore_unknown_options": True})
def edit(
    ctx: typer.Context,
    number: Number,
    amount: Annotated[
        str | None, typer.Option("--amount", metavar="X", help="The right amount.")
    ] = None,
    issued: Annotated[
        str | None, typer.Option("--issued", metavar="YYYY-MM-DD", help="The right issue date.")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="The right due date.")
    ] = None,
    service: Annotated[
        str | None,
        typer.Option("--service", "-s", metavar="SERVICE", help='What it bills ("" clears it).'),
    ] = None,
) -> None:
    """Correct an invoice: its amount, dates or service (undo with `acct undo`).

    Example: acct invoice edit 2026-0042 --amount 65000 --due 2026-12-20
    """
    from acctcli.domain.money import parse_amount
    from acctcli.render.undo import edited
    from acctcli.services.money import edit_invoice

    obj = ctx.obj
    today = obj.today()
    change = edit_invoice(
        obj.db,
        number,
        amount=parse_amount(amount) if amount is not None else None,
        issued=_day(issued, _("--issued date"), None, today),
        due=_day(due, _("--due date"), None, today),
        service=service,
        currency=obj.settings.currency,
    )
    print(edited(_("Invoice {what}").format(what=change.what), change.changes))


@app.command("void")
def void(
    ctx: typer.Context,
    number: Number,
    why: Annotated[
        str, typer.Option("--why", metavar="TEXT", help="Why it is void (kept with it).")
    ],
    on: Annotated[
        str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="Void from (default: today).")
    ] = None,
) -> None:
    """Void an invoice issued by mistake: it is kept (the KPIs' history: invoiced in its
    month, taken back in the month it is voided) and is out of every balance.

    Example: acct invoice void 2026-0042 --why "issued twice"
    """
    from acctcli.render.safe import clean_text
    from acctcli.services.money import void_invoice

    obj = ctx.obj
    today = obj.today()
    change = void_invoice(
        obj.db, number, why=why, on=_day(on, _("--on date"), today, today), today=today
    )
    _field, day, reason = change.changes[0]
    said = _("Invoice {what} is void from {day}: {why}").format(
        what=change.what, day=day, why=reason
    )
    print(clean_text(said))


@app.command("unpay")
def unpay(
    ctx: typer.Context,
    payment: Annotated[
        str,
        typer.Argument(
            metavar="PAYMENT-ID", help="The payment's number, as `acct invoice pay` printed it."
        ),
    ],
) -> None:
    """Remove a payment recorded by mistake; the invoice's balance grows back.

    Example: acct invoice unpay 17
    """
    from acctcli.domain.money import money_display
    from acctcli.render.safe import clean_text
    from acctcli.services.money import unpay as remove_payment

    obj = ctx.obj
    currency = obj.settings.currency
    made, line = remove_payment(obj.db, payment, as_of=obj.today())
    text = _(
        "Payment #{id} removed: {amount} paid on {day} to invoice {number} ({client});"
        " balance {balance}"
    ).format(
        id=made.id,
        amount=money_display(made.amount, currency),
        day=made.paid_on.isoformat(),
        number=made.number,
        client=clean_text(made.client),
        balance=money_display(line.balance, currency),
    )
    obj.console.print(text, markup=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    open_: Annotated[bool, typer.Option("--open", help="Only invoices with a balance.")] = False,
    client: Annotated[
        str | None, typer.Option("--client", "-c", metavar="CLIENT", help="One client's only.")
    ] = None,
    team: Team = False,
    json: Json = False,
    date: AsOf = None,
    limit: Limit = None,
    every: AllRows = False,
) -> None:
    """List invoices with what is paid and how many days overdue (payments up to --date),
    and the client's promises to pay them (acct follow add … --invoice): a broken one is named.

    On a terminal the list stops after one screen (the totals are of every row); --limit N
    shows N rows, --all every one, and a pipe or a file gets every row.

    Example: acct invoice list --open --json
    """
    from acctcli.services.money import list_invoices

    obj = ctx.obj
    page = None if json else rows_wanted(limit, every)
    lines = list_invoices(
        obj.db,
        as_of=obj.today(date),
        open_only=open_,
        client_ref=client,
        owner=None if client else obj.owner_filter(team),
    )
    from acctcli.services.followups import promises_on_invoices

    promises = promises_on_invoices(obj.db, [x.number for x in lines], obj.today(date))
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.followups import promise_json
        from acctcli.render.money import invoice_json

        print_json(
            {
                "invoices": [
                    {**invoice_json(x), "promise": promise_json(promises.get(x.number))}
                    for x in lines
                ]
            }
        )
    elif not lines:
        if open_:
            none = _("Nothing open.")
        else:
            none = _("No invoices yet. Add one: acct invoice add CLIENT AMOUNT")
        obj.console.print(none, markup=False)
    else:
        from acctcli.render.followups import promise_lines
        from acctcli.render.money import invoices_text

        sys.stdout.write(invoices_text(lines, obj.settings.currency, page=page))
        for line in promise_lines(promises, obj.settings.currency):
            sys.stdout.write(line + "\n")
