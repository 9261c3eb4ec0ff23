"""acct contact …: the people at a client."""

from __future__ import annotations

from typing import Annotated, Any

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
    change = add_contact(
        obj.db,
        client,
        fields,
        now=obj.now(),
        mail=obj.settings.mail if email else None,
        owner=obj.settings.user,
    )
    added = _("Added contact {name} (urgent)") if urgent else _("Added contact {name}")
    obj.console.print(added.format(name=change.contact.name), markup=False)
    _print_moved(obj, change.moved)


def _print_moved(obj: Any, moved: list) -> None:
    from acctcli.render.matching import moved_lines

    for line in moved_lines(moved):
        obj.console.print(line, markup=False)


@app.command("edit")
def edit(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Client name or unique prefix.")],
    name: Annotated[str, typer.Argument(help="The contact's name (or a unique prefix).")],
    email: Annotated[
        str | None, typer.Option("--email", help='E-mail address ("" removes it).')
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help='Phone number ("" removes it).')
    ] = None,
    messenger: Annotated[
        str | None, typer.Option("--messenger", help='Messenger handle ("" removes it).')
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help='Role ("" removes it).')] = None,
    urgent: Annotated[
        bool | None,
        typer.Option("--urgent/--no-urgent", help="The one to call when something breaks."),
    ] = None,
    new_name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    json: Json = False,
) -> None:
    """Change a contact's details; a new address claims the mail already imported from it.

    Example: acct contact edit СтройМаркет "Ирина" --email irina.volkova@gmail.com --urgent
    """
    from acctcli.render.safe import clean_text
    from acctcli.services.clients import ContactEdit, edit_contact

    obj = ctx.obj
    fields = ContactEdit(new_name, email, phone, messenger, role, urgent)
    change = edit_contact(
        obj.db,
        client,
        name,
        fields,
        mail=obj.settings.mail if email else None,
        owner=obj.settings.user,
    )
    if json:
        from acctcli.render.clients import contact_json
        from acctcli.render.console import print_json
        from acctcli.render.matching import moved_json

        print_json(
            {
                "client": change.client,
                "contact": contact_json(change.contact),
                "moved": moved_json(change.moved),
            }
        )
        return
    obj.console.print(
        _("Updated contact {name}").format(name=clean_text(change.contact.name)), markup=False
    )
    _print_moved(obj, change.moved)


@app.command("remove")
def remove(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Client name or unique prefix.")],
    name: Annotated[str, typer.Argument(help="The contact's name (or a unique prefix).")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Remove it even if touches or mail refer to it (they stay)."),
    ] = False,
    json: Json = False,
) -> None:
    """Remove a contact; refused while touches or mail refer to it, unless --force.

    Example: acct contact remove СтройМаркет "Алексей Петров" --force
    """
    from acctcli.render.safe import clean_text
    from acctcli.services.clients import remove_contact

    obj = ctx.obj
    removed = remove_contact(obj.db, client, name, force=force)
    if json:
        from acctcli.render.console import print_json

        print_json(
            {
                "client": removed.client,
                "removed": removed.name,
                "touches": removed.touches,
                "messages": removed.messages,
            }
        )
        return
    obj.console.print(
        _("Removed contact {name} from {client}").format(
            name=clean_text(removed.name), client=clean_text(removed.client)
        ),
        markup=False,
    )


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
