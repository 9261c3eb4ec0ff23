"""acct backup and acct restore: a consistent copy of the store, and putting one back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from acctcli.i18n import _


def backup(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help="Where to write it (must not exist)."),
    ] = None,
) -> None:
    """Copy the store, consistently even while other commands write, to FILE (default:
    backups/acct-YYYYMMDD-HHMMSS.db beside it); the copy is readable by you alone.

    Example: acct backup --out ~/acct-before-cleanup.db
    """
    from acctcli.render.safe import clean_text
    from acctcli.services.backup import backup as make_backup
    from acctcli.services.backup import refuse_postgres

    obj = ctx.obj
    refuse_postgres(obj.settings.database_url)
    written = make_backup(obj.db, out, obj.now())
    obj.console.print(
        _("Backed up the store to {file}").format(file=clean_text(written)),
        markup=False,
        soft_wrap=True,
    )
    obj.console.print(
        _("Put it back with: acct restore {file}").format(file=_quoted(written)),
        markup=False,
        soft_wrap=True,
    )


def _quoted(path: Path) -> str:
    import shlex

    from acctcli.render.safe import clean_text

    return clean_text(shlex.quote(str(path)))


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A backup made by acct.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the store with a backup, once it is checked (whole, acct's, a schema this acct
    knows); the replaced store is kept in backups/ first.

    Example: acct restore ~/.local/share/acct/backups/acct-2026-12-03.db --yes
    """
    import sys

    from acctcli.errors import Invalid
    from acctcli.render.safe import clean_text
    from acctcli.services.backup import check_backup
    from acctcli.services.backup import restore as run_restore

    obj = ctx.obj
    plan = check_backup(obj.settings.database_url, file)
    if not yes:
        if not sys.stdin.isatty():
            raise Invalid(
                _("restoring replaces the whole store {store}").format(
                    store=clean_text(plan.store)
                ),
                _("add --yes to confirm"),
            )
        question = _("Replace the store {store} with {file}?").format(
            store=clean_text(plan.store), file=clean_text(plan.file)
        )
        if not typer.confirm(question, default=False):
            raise Invalid(_("nothing was restored"))
    kept = run_restore(plan, obj.now())
    out = obj.console
    out.print(
        _("Restored {file} (schema {revision}) into {store}.").format(
            file=clean_text(plan.file), revision=plan.revision, store=clean_text(plan.store)
        ),
        markup=False,
        soft_wrap=True,
    )
    if kept is not None:
        out.print(
            _("The store it replaced is kept as {file}").format(file=clean_text(kept)),
            markup=False,
            soft_wrap=True,
        )
