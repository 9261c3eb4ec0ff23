"""acct export and acct import: every table of the store to files, and back into an empty one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from acctcli.i18n import _, ngettext


def _said(rows: int, tables: int) -> tuple[str, str]:
    # TRANSLATORS: the start of "Exported 1 234 rows of 24 tables to …"
    said = ngettext("{n} row", "{n} rows", rows).format(n=rows)
    # TRANSLATORS: the middle of "Exported 1 234 rows of 24 tables to …"
    where = ngettext("{n} table", "{n} tables", tables).format(n=tables)
    return said, where


def export(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("--out", metavar="DIR", help="A new (or empty) folder to write into."),
    ],
    format_: Annotated[
        str,
        typer.Option("--format", metavar="json|csv", help="One JSON or CSV file per table."),
    ] = "json",
    excel: Annotated[
        bool,
        typer.Option("--excel", help="CSV for Excel: a BOM, ';' between fields."),
    ] = False,
) -> None:
    """Write every table of the store into a folder: one file per table and a manifest
    (schema revision, row counts, acct version). `acct import` loads it into an empty store.

    Example: acct export --format csv --excel --out ~/acct-2026-12-04
    """
    from acctcli.services.transfer import export_store

    obj = ctx.obj
    obj.db  # noqa: B018 - a personal store is made (or upgraded) as by every command
    done = export_store(
        str(obj.settings.database_url), out.expanduser(), fmt=format_.strip().lower(), excel=excel
    )
    rows, tables = _said(sum(done.tables.values()), len(done.tables))
    said = _("Exported {rows} of {tables} (schema {revision}) to {folder}.").format(
        rows=rows, tables=tables, revision=done.revision, folder=done.folder
    )
    obj.console.print(said, markup=False, soft_wrap=True)


def import_(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A folder written by acct export.")],
) -> None:
    """Load a folder written by `acct export` into an empty store (all of it or nothing);
    the tables the store keeps itself are built again as the rows arrive.

    Example: ACCT_HOME=~/acct-new acct import ~/acct-2026-12-04
    """
    from acctcli.services.transfer import import_store

    obj = ctx.obj
    done = import_store(str(obj.settings.database_url), folder.expanduser())
    rows, tables = _said(sum(done.tables.values()), len(done.tables))
    said = _("Imported {rows} into {tables} from {folder}.").format(
        rows=rows, tables=tables, folder=done.folder
    )
    obj.console.print(said, markup=False, soft_wrap=True)
