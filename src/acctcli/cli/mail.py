"""acct mail …: import, sync, list, show, triage, done, reply, wait, snooze."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from acctcli.cli.options import AsOf, Json, Team, routed

app = typer.Typer(
    help="Mail: import and sync it, see it per client, triage it to zero.", no_args_is_help=True
)


def _message_id(text: str) -> int:
    """12, #12 or M12 (as `acct today` shows it beside incidents' I3)."""
    from acctcli.domain.incidents import parse_message_id

    return parse_message_id(text)


Ids = Annotated[
    list[int],
    typer.Argument(help="Message ids: 12 or M12 (see: acct mail list).", parser=_message_id),
]


@app.command("import")
@routed("acctcli.cli.mail_import:import_mail")
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="A Maildir, an mbox file, an .eml file or a folder of them.")
    ],
    json: Json = False,
    date: AsOf = None,
) -> None:
    """Import mail; the format is detected.  Re-importing adds nothing and is quick.

    Example: acct mail import ~/Maildir ~/mail/archive.mbox
    """


@app.command("sync")
def sync(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--account", help="One account from config.toml (default: all).")
    ] = None,
    json: Json = False,
    date: AsOf = None,
) -> None:
    """Fetch new mail from the IMAP accounts in config.toml ([mail.accounts.NAME]).

    Example: acct mail sync --account work
    """
    from acctcli.cli.mail_import import run_mail_job
    from acctcli.services.mail.sync import sync_accounts

    run_mail_job(ctx.obj, sync_accounts, account, date=date, json=json, fetch=True)


@app.command("list")
@routed("acctcli.cli.mail_list:list_mail")
def list_(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Option("--state", help="new, needs-reply, waiting, snoozed or done."),
    ] = None,
    client: Annotated[str | None, typer.Option("--client", help="One client's mail.")] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", help="incident, billing, report, idea or other."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Done and snoozed mail too, every page of it.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", help="At most N (default: one screen)."),
    ] = None,
    json: Json = False,
    team: Team = False,
    date: AsOf = None,
) -> None:
    """List mail, most urgent first (default: everything not done, one screen of it; a last
    line says how many more).  --json gives the whole list.

    Example: acct mail list --client СтройМаркет --category billing --limit 100
    """


@app.command("show")
def show(
    ctx: typer.Context,
    message: Annotated[int, typer.Argument(help="A message id: 12 or M12.", parser=_message_id)],
    show_all: Annotated[
        bool, typer.Option("--all", help="The whole text, however long (default: its first 64 KB).")
    ] = False,
    json: Json = False,
    date: AsOf = None,
) -> None:
    """Show a message's full text, read again from where it was imported.

    A very long text is cut after 64 KB (or 2,000 lines) with a note saying how much more
    there is; --all shows all of it, and --json always gives all of it.

    Example: acct mail show 42
    """
    from acctcli.services.mail.listing import SHOW_BYTES, message_text

    obj = ctx.obj
    limit = None if show_all or json else SHOW_BYTES
    full = message_text(
        obj.db, message, day=obj.today(date), settings=obj.settings.mail, limit=limit
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.mail import full_text_json

        print_json(full_text_json(full))
    else:
        from acctcli.render.mail import full_text_body, full_text_head, full_text_tail

        console = obj.console
        console.print(full_text_head(full))
        console.file.write(full_text_body(full))
        console.print(full_text_tail(full))


def _set(
    ctx: typer.Context, ids: list[int], state: str, date: str | None, until: Any = None
) -> None:
    from acctcli.render.followups import mail_follow_up_lines
    from acctcli.render.mail import print_state_change
    from acctcli.services.followups import follow_mail_state
    from acctcli.services.mail.listing import set_state

    obj = ctx.obj
    day = obj.today(date)
    with obj.db.transaction():
        views = set_state(obj.db, ids, state, day=day, until=until)
        follow = follow_mail_state(
            obj.db, views, state, day=day, now=obj.now(), settings=obj.settings
        )
    print_state_change(obj.console, views)
    for line in mail_follow_up_lines(follow):
        obj.console.print(line, markup=False)


@app.command("done")
def done(ctx: typer.Context, ids: Ids, date: AsOf = None) -> None:
    """Mark messages done: nothing more to do about them.

    Example: acct mail done 12 14
    """
    _set(ctx, ids, "done", date)


@app.command("reply")
def reply(ctx: typer.Context, ids: Ids, date: AsOf = None) -> None:
    """Mark messages as needing your reply: each gets a follow-up "reply to …", due
    `[mail] reply_within` working days on (default: the next working day); marking the message
    waiting or done closes it.

    Example: acct mail reply 12
    """
    _set(ctx, ids, "needs-reply", date)


@app.command("wait")
def wait(ctx: typer.Context, ids: Ids, date: AsOf = None) -> None:
    """Mark messages as waiting for the other side (they come back when the client writes).

    Example: acct mail wait 12
    """
    _set(ctx, ids, "waiting", date)


@app.command("snooze")
def snooze(
    ctx: typer.Context,
    ids: Ids,
    until: Annotated[
        str,
        typer.Option(
            "--until", metavar="DATE", help="2026-12-01, 01.12, +3d, 2w, tomorrow, завтра, fri, пт…"
        ),
    ],
    date: AsOf = None,
) -> None:
    """Hide messages until a day (sooner if the client writes again).

    Example: acct mail snooze 12 --until 2026-12-01
    """
    from acctcli.domain.triage import parse_until

    day = ctx.obj.today(date)
    _set(ctx, ids, "snoozed", date, parse_until(until, day))


@app.command("triage")
def triage(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option("--client", help="One client's mail.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="One category only.")] = None,
    team: Team = False,
    date: AsOf = None,
) -> None:
    """Go through new mail one message at a time, with single keys: d done, r reply,
    w wait, s snooze, o open the full text, a assign to a client, i open an incident from
    it, n next (skip), q quit.

    Example: acct mail triage --client СтройМаркет
    """
    from acctcli.cli.mail_list import client_id
    from acctcli.cli.mail_triage import run_triage
    from acctcli.services.mail.listing import MailFilter

    obj = ctx.obj
    filters = MailFilter("new", client_id(obj, client), category)
    run_triage(
        obj, filters, day=obj.today(date), owner=obj.owner_filter(team), settings=obj.settings.mail
    )


@app.command("assign")
def assign(
    ctx: typer.Context,
    ids: Ids,
    client: Annotated[str, typer.Argument(help="Client name or unique prefix.")],
    add_contact: Annotated[
        bool, typer.Option("--add-contact", help="Make each sender a contact of the client.")
    ] = False,
    add_domain: Annotated[
        bool, typer.Option("--add-domain", help="Give the client each sender's domain.")
    ] = False,
    json: Json = False,
) -> None:
    """Assign messages to a client by hand; matching again never moves them.

    Example: acct mail assign 12 14 СтройМаркет --add-contact
    """
    from acctcli.services.mail.matching import assign as assign_messages

    obj = ctx.obj
    result = assign_messages(
        obj.db,
        ids,
        client,
        now=obj.now(),
        add_contact=add_contact,
        add_domain=add_domain,
        mail=obj.settings.mail,
        owner=obj.settings.user,
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.matching import assigned_json

        print_json(assigned_json(result))
        return
    from acctcli.render.matching import assigned_lines

    for line in assigned_lines(result):
        obj.console.print(line, markup=False)


@app.command("rematch")
def rematch(
    ctx: typer.Context,
    all_: Annotated[
        bool,
        typer.Option("--all", "-a", help="Every message not assigned by hand, done mail included."),
    ] = False,
    json: Json = False,
) -> None:
    """Match mail to clients again by contacts, domains and [[mail.rule]]s (default: mail
    with no client, and open mail matched only by a domain); prints what moved.

    Example: acct mail rematch --all
    """
    from acctcli.services.mail.matching import rematch_now

    obj = ctx.obj
    moved = rematch_now(obj.db, mail=obj.settings.mail, owner=obj.settings.user, include_all=all_)
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.matching import moved_json

        print_json({"moved": moved_json(moved), "count": len(moved)})
        return
    from acctcli.render.matching import rematch_lines

    for line in rematch_lines(moved):
        obj.console.print(line, markup=False)
