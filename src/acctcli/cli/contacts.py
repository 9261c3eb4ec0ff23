"""acct contact …: the people at a client."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import Json
from acctcli.i18n import _

app = typer.Typer(help="Contacts: the people at a client.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Client name or unique prefix.")],
    name: Annotated[str, typer.Argument(help="The contact's name.")],
    email: Annotated[str | None, typer.Option("--email", help="E-mail address.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone number.")] = None,
    messenger: Annotated[
        str | None, typer.Option("--messenger", help="Messenger handle, e.g. @ivan.")
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="Role, e.g. marketing director.")
    ] = None,
    urgent: Annotated[
        bool, typer.Option("--urgent", help="The one to call when something breaks.")
    ] = False,
) -> None:
    """Add a contact to a client.

    Example: acct contact add "Пиццерия Марио" "Марио Росси" --phone "+7 999 123-45-67" --urgent
    """
    from acctcli.services.clients import ContactFields, add_contact

    obj = ctx.obj
    fields = ContactFields(name, email, phone, messenger, role, urgent)
    contact = add_contact(obj.db, client, fields, now=obj.now())
    added = _("Added contact {name} (urgent)") if urgent else _("Added contact {name}")
    obj.console.print(added.format(name=contact.name), markup=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Client name or unique prefix.")],
    json: Json = False,
) -> None:
    """List a client's contacts, the urgent one first.

    Example: acct contact list мари --json
    """
    from acctcli.render.clients import contact_json
    from acctcli.store.repo import load_client

    obj = ctx.obj
    found = load_client(obj.db, client, obj.today())
    if json:
        from acctcli.render.console import print_json

        print_json({"client": found.name, "contacts": [contact_json(c) for c in found.contacts]})
        return
    from acctcli.render.clients import contacts_table

    obj.console.print(contacts_table(found.contacts))
