"""acct client …: add, list, show, edit, pause, resume, churn."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from acctcli.cli.options import AsOf, Json, Limit, Team, parse_fees, rows_wanted
from acctcli.i18n import N_, _
from acctcli.render.safe import clean_text

app = typer.Typer(
    help="Clients: add, list, show, edit, pause, resume, churn.", no_args_is_help=True
)

Name = Annotated[str, typer.Argument(help="Client name: exact (any case) or a unique prefix.")]
Services = Annotated[
    list[str] | None,
    typer.Option(
        "--service",
        "-s",
        help="A service the client buys (seo, smm, ppc, performance, content…); repeat.",
    ),
]
Fees = Annotated[
    list[str] | None,
    typer.Option("--fee", metavar="SERVICE=AMOUNT", help="Monthly fee, e.g. seo=50000; repeat."),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="DATE", help="Contract start: 2025-07-01, 01.07.2025… (default: today)."
    ),
]
LastContact = Annotated[
    str | None,
    typer.Option(
        "--last-contact",
        metavar="DATE",
        help="The last contact before acct (a client brought in from before): 20.11.2026, "
        "вчера… Without it the client is due now, never contacted.",
    ),
]
NewSince = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Correct the contract start: 2025-07-01…"),
]
Cadence = Annotated[
    str | None,
    typer.Option(
        "--cadence",
        metavar="SPEC",
        help="Contact rhythm: daily, weekly:mon,thu, monthly:5, every:10d, never…",
    ),
]
Channel = Annotated[
    str | None, typer.Option("--channel", help="Preferred channel: phone, messenger, email, tasks.")
]
Domains = Annotated[
    list[str] | None, typer.Option("--domain", "-d", help="A domain of the client's; repeat.")
]
Reports = Annotated[
    str | None,
    typer.Option(
        "--reports",
        metavar="SPEC",
        help="Report schedule, a cadence spec: monthly:5 (November's report due on 5 December),"
        " monthly:last, weekly:fri, none…",
    ),
]
Owner = Annotated[str | None, typer.Option("--owner", help="Account manager (default: ACCT_USER).")]
MaxGap = Annotated[
    str | None,
    typer.Option("--max-gap", metavar="SPAN", help="Longest safe gap between touches, e.g. 6w."),
]
Hours = Annotated[
    str | None, typer.Option("--hours", metavar="HH:MM-HH:MM", help="The client's working hours.")
]
On = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE", help="When: 2026-12-01, вчера… (default: today)."),
]


def _fields(**kw: object):  # type: ignore[no-untyped-def]
    from datetime import date

    from acctcli.domain.dates import parse_date
    from acctcli.services.clients import ClientFields

    since = kw.pop("since")
    fees = parse_fees(kw.pop("fees"))  # type: ignore[arg-type]
    kw["costs"] = parse_fees(kw.pop("costs", None), "--cost")  # type: ignore[arg-type]
    return ClientFields(
        since=parse_date(since, _("--since date"), date.today())  # type: ignore[arg-type]
        if since
        else None,
        fees=fees,
        **kw,  # type: ignore[arg-type]
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The client's name (Cyrillic welcome).")],
    service: Services = None,
    fee: Fees = None,
    since: Since = None,
    cadence: Cadence = None,
    channel: Channel = None,
    domain: Domains = None,
    owner: Owner = None,
    max_gap: MaxGap = None,
    hours: Hours = None,
    reports: Reports = None,
    last_contact: LastContact = None,
) -> None:
    """Add a client.

    Example: acct client add "Пицца Мама" -s smm --fee smm=35000 --cadence weekly:mon

    Example: acct client add "Гранд Холдинг" --since 2014-03-01 --last-contact 20.11.2026
    """
    from acctcli.domain.dates import parse_date
    from acctcli.services.clients import add_client

    obj = ctx.obj
    fields = _fields(
        name=name,
        services=service,
        fees=fee,
        since=since,
        cadence=cadence,
        channel=channel,
        domains=domain,
        owner=owner or obj.settings.user,
        max_gap=max_gap,
        hours=hours,
        reports=reports,
    )
    client = add_client(
        obj.db,
        fields,
        today=obj.today(),
        now=obj.now(),
        mail=obj.settings.mail if domain else None,
        owner=obj.settings.user,
        last_contact=parse_date(last_contact, _("--last-contact date"), obj.today())
        if last_contact
        else None,
    )
    obj.console.print(_("Added client {name}").format(name=clean_text(client.name)), markup=False)
    if reports is not None:
        _say_next_report(obj, client.id)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include churned clients.")] = False,
    team: Team = False,
    json: Json = False,
    date: AsOf = None,
    limit: Limit = None,
) -> None:
    """List clients, by name.

    On a terminal the list stops after one screen (--limit N for more); a pipe or a file
    gets every client.

    Example: acct client list --all --json
    """
    from acctcli.services.clients import list_clients
    from acctcli.store.repo import any_clients

    obj = ctx.obj
    page = None if json else rows_wanted(limit, False)
    clients = list_clients(
        obj.db, today=obj.today(date), include_all=all_, owner=obj.owner_filter(team)
    )
    from acctcli.render.clients import client_json, clients_text

    if json:
        from acctcli.render.console import print_json

        print_json({"clients": [client_json(c) for c in clients]})
    elif not clients and any_clients(obj.db):
        if all_:
            none = _("None of yours to show (everyone's: --team).")
        else:
            none = _("None of yours to show (everyone's: --team; churned ones: --all).")
        obj.console.print(none, markup=False)
    elif not clients:
        obj.console.print(
            _("No clients yet. Add one: acct client add NAME  (or load the demo: acct demo)"),
            markup=False,
        )
    else:
        sys.stdout.write(clients_text(clients, obj.settings.currency, page=page))


@app.command("show")
def show(ctx: typer.Context, name: Name, json: Json = False, date: AsOf = None) -> None:
    """The client card, to read before a call: status and since when, services with fees (and
    costs and margin), contacts, cadence with the last touch and the next call, reports, open
    mail, follow-ups, incidents, onboarding, open invoices, upsells, health, notes and the
    latest 20 events.  --date shows it as of a day.

    Example: acct client show пицц --date 2026-11-26
    """
    from acctcli.services.card import client_card

    obj = ctx.obj
    card = client_card(obj.db, obj.settings, name, obj.today(date))
    if json:
        from acctcli.render.card import card_json
        from acctcli.render.console import print_json

        print_json(card_json(card))
    else:
        import sys

        from acctcli.render.card import card_text
        from acctcli.render.plain import terminal_width

        sys.stdout.write(card_text(card, obj.settings.currency, terminal_width()))


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: Name,
    new_name: Annotated[str | None, typer.Option("--name", help="Rename the client.")] = None,
    service: Services = None,
    fee: Fees = None,
    since: NewSince = None,
    cadence: Cadence = None,
    channel: Channel = None,
    domain: Domains = None,
    owner: Owner = None,
    max_gap: MaxGap = None,
    hours: Hours = None,
    reports: Reports = None,
    fees_on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The day the --fee, --cost (or --service) change takes effect: 2026-12-01, "
            "01.12… (default: today).",
        ),
    ] = None,
    cost: Annotated[
        list[str] | None,
        typer.Option(
            "--cost",
            metavar="SERVICE=AMOUNT",
            help="The agency's monthly cost of serving a service (team time), e.g. seo=30000;"
            " repeat.",
        ),
    ] = None,
) -> None:
    """Change a client.  --service and --domain replace the lists; --fee sets one service's fee
    and --cost its monthly cost to the agency, dated --on (the histories the recurring revenue
    and profit KPIs read).

    Example: acct client edit "Пиццерия Марио" -s smm -s seo --fee seo=40000 --on 2026-12-01
    """
    from acctcli.domain.dates import parse_date
    from acctcli.services.clients import edit_client

    obj = ctx.obj
    fields = _fields(
        name=new_name,
        services=service,
        fees=fee,
        since=since,
        cadence=cadence,
        channel=channel,
        domains=domain,
        owner=owner,
        max_gap=max_gap,
        hours=hours,
        reports=reports,
        fees_on=parse_date(fees_on, _("--on date"), obj.today()) if fees_on else None,
        costs=cost,
    )
    client = edit_client(
        obj.db,
        name,
        fields,
        today=obj.today(),
        mail=obj.settings.mail if domain is not None else None,
        owner=obj.settings.user,
        now=obj.now(),
    )
    obj.console.print(_("Updated client {name}").format(name=clean_text(client.name)), markup=False)
    if reports is not None:
        _say_next_report(obj, client.id)


def _say_next_report(obj, client_id: int) -> None:  # type: ignore[no-untyped-def]
    from acctcli.services.reports import next_report_due

    due = next_report_due(obj.db, obj.settings, client_id, obj.today())
    if due is None:
        obj.console.print(_("No reports scheduled."), markup=False)
    else:
        # TRANSLATORS: {month} is YYYY-MM, {day} a date (2026-12-05).
        said = _("Next report: {month}, due {day}").format(month=due.month, day=due.due.isoformat())
        obj.console.print(said, markup=False)


# What `pause`, `resume` and `churn` say, by the status they set.
_CHANGED = {
    "paused": N_("{client}: paused from {day}"),
    "active": N_("{client}: active from {day}"),
    "churned": N_("{client}: churned from {day}"),
}


def _change(
    ctx: typer.Context, name: str, status: str, on: str | None, reason: str | None = None
) -> None:
    from acctcli.domain.dates import parse_date
    from acctcli.services.clients import change_status

    obj = ctx.obj
    today = obj.today()
    day = parse_date(on, _("--on date"), today) if on else today
    client = change_status(obj.db, name, status, on=day, today=today, now=obj.now(), reason=reason)
    changed = _(_CHANGED[status]).format(client=clean_text(client.name), day=day.isoformat())
    obj.console.print(changed, markup=False)


@app.command("pause")
def pause(ctx: typer.Context, name: Name, on: On = None) -> None:
    """Pause a client (still a customer; never due for calls).

    Example: acct client pause "Суши Дом" --on 2026-12-01
    """
    _change(ctx, name, "paused", on)


@app.command("resume")
def resume(ctx: typer.Context, name: Name, on: On = None) -> None:
    """Resume a paused client, or win back a churned one.

    Example: acct client resume "Суши Дом"
    """
    _change(ctx, name, "active", on)


@app.command("churn")
def churn(
    ctx: typer.Context,
    name: Name,
    on: Annotated[
        str,
        typer.Option("--on", metavar="DATE", help="The day the client left: 2026-11-30, вчера…"),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why the client left.")],
) -> None:
    """Record that a client left (kept in history; `resume` wins it back).

    Example: acct client churn "ФитнесЛайф" --on 2026-06-30 --reason "budget cut"
    """
    _change(ctx, name, "churned", on, reason)


@app.command("handover")
def handover(
    ctx: typer.Context,
    name: Name,
    to: Annotated[
        str, typer.Option("--to", metavar="USER", help="The account manager taking over.")
    ],
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE", help="Last day of a temporary handover: 14.12, fri…"
        ),
    ] = None,
    date: AsOf = None,
) -> None:
    """Hand a client over to another account manager: until a date (holidays), or for good.

    Example: acct client handover "Суши Дом" --to boris --until 2026-12-14
    """
    from acctcli.domain.dates import parse_date
    from acctcli.services.clients import handover as hand_over

    obj = ctx.obj
    today = obj.today(date)
    last = parse_date(until, _("--until date"), today) if until else None
    client, previous = hand_over(obj.db, name, to, today=today, until=last, now=obj.now())
    if last:
        said = _("{client}: handed over from {previous} to {to} until {until}")
    else:
        said = _("{client}: handed over from {previous} to {to} for good")
    text = said.format(
        client=clean_text(client.name),
        previous=clean_text(previous),
        to=clean_text(to.strip()),
        until=last.isoformat() if last else "",
    )
    obj.console.print(text, markup=False)
