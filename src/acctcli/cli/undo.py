"""acct undo: revert the latest writes, and list them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from acctcli.cli.options import Json
from acctcli.errors import Invalid
from acctcli.i18n import _


def _confirmed(question: str) -> bool:
    """Ask once on stderr; a line from stdin answers (so a script can pipe `y`)."""
    sys.stderr.write(question + " ")
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, EOFError, ValueError):
        answer = ""
    if not (hasattr(sys.stdin, "isatty") and sys.stdin.isatty()):
        sys.stderr.write("\n")  # the answer was not echoed: end the question's line
    return answer.strip().casefold() in {"y", "yes", "д", "да", "н"}


def undo(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Argument(metavar="[N]", help="How many of the latest writes to undo.")
    ] = 1,
    list_: Annotated[
        bool, typer.Option("--list", "-l", help="Show the recent writes, newest first.")
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", help="With --list: how many (default 10).")
    ] = 10,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    json: Json = False,
) -> None:
    """Undo the latest write (any command that changed the store), asking once; an undo is
    a write too, so `acct undo` again redoes it.  N: the N latest, newest first.

    Example: acct undo --list

    Example: acct undo 2 --yes
    """
    from acctcli.render.undo import detail_line, entries_text, entry_json, entry_line
    from acctcli.services.undo import pending, recent
    from acctcli.services.undo import undo as revert

    obj = ctx.obj
    user = obj.settings.user
    if list_:
        if limit < 1:
            raise Invalid(_("--limit must be 1 or more"))
        entries = recent(obj.db, user, limit)
        if json:
            from acctcli.render.console import print_json

            print_json({"writes": [entry_json(e) for e in entries]})
        elif not entries:
            print(_("No writes in the journal yet."))
        else:
            print(entries_text(entries))
        return
    if not yes:
        shown = pending(obj.db, user, count)
        for entry in shown:
            print(entry_line(entry))
            print(f"{'':18}{detail_line(entry)}")
        question = _("Undo this? [y/N]") if len(shown) == 1 else _("Undo these? [y/N]")
        if not _confirmed(question):
            raise Invalid(_("nothing undone"))
    done = revert(obj.db, user, count)
    if json:
        from acctcli.render.console import print_json

        print_json({"undone": [entry_json(e) for e in done]})
        return
    from acctcli.render.undo import command_text

    for entry in done:
        print(_("Undone: {entry}").format(entry=entry_line(entry)))
        for command in entry.reverts:  # an undo undone: what it had undone is back
            print(_("  so this is back: {command}").format(command=command_text(command)))
