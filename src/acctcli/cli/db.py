"""acct db …: for an administrator — schema status, migration, copying a store."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import Json
from acctcli.i18n import _, ngettext

app = typer.Typer(
    help="The store itself: status, check, migrate, copy (administrators).", no_args_is_help=True
)


def _url(ctx: typer.Context) -> str:
    return str(ctx.obj.settings.database_url)


@app.command("status")
def status(ctx: typer.Context, json: Json = False) -> None:
    """Show which store acct uses, its schema revision against this acct's, and row counts.

    Example: acct db status --json
    """
    from acctcli.services.dbadmin import schema_status, state_label

    info = schema_status(_url(ctx))
    if json:
        from acctcli.render.console import print_json

        print_json(
            {
                "url": info.url,
                "engine": info.engine,
                "revision": info.revision,
                "head": info.head,
                "state": info.state,
                "tables": info.counts,
            }
        )
        return
    out = ctx.obj.console
    # TRANSLATORS: `acct db status` labels its lines "store     sqlite:///…" and "schema    …"
    store, schema = _("store"), _("schema")
    width = max(9, len(store), len(schema))
    where = f"{info.url} ({info.engine})"
    revision = info.revision or _("(none)")
    versus = _("{revision}; this acct: {head} — {state}").format(
        revision=revision, head=info.head, state=state_label(info.state)
    )
    out.print(f"{store:<{width}} {where}", markup=False)
    out.print(f"{schema:<{width}} {versus}", markup=False)
    for table, count in info.counts.items():
        out.print(f"  {table:<20} {count:>8}", markup=False)
    if info.state in ("empty", "outdated"):
        out.print(_("Run `acct db migrate` to bring it up to date."), markup=False)


@app.command("migrate")
def migrate(ctx: typer.Context) -> None:
    """Create or upgrade the schema to this acct's version (a personal store is backed up
    first).  On a shared PostgreSQL store, only this command changes the schema.

    Example: ACCT_DATABASE_URL=postgresql://admin@db.agency.lan/acct acct db migrate
    """
    from acctcli.services.dbadmin import migrate as run_migration

    before, after = run_migration(_url(ctx))
    if before == after:
        said = _("The schema is already current ({revision}).").format(revision=after)
    elif before:
        said = _("Migrated the schema from {before} to {after}.").format(before=before, after=after)
    else:
        said = _("Migrated the schema from nothing to {after}.").format(after=after)
    ctx.obj.console.print(said, markup=False)


@app.command("check")
def check(ctx: typer.Context, json: Json = False) -> None:
    """Check the store: SQLite's integrity and foreign keys, the search index, and acct's own
    rules (balances, one status and one urgent contact per client, the mail tally); exit 1
    when any check fails.

    Example: acct db check
    """
    from acctcli.render.safe import clean_text
    from acctcli.services.backup import check_store

    outcomes = check_store(_url(ctx))
    failed = [o for o in outcomes if o.state == "failed"]
    if json:
        from acctcli.render.console import print_json

        print_json(
            {
                "ok": not failed,
                "checks": [
                    {
                        "name": o.name,
                        "state": o.state,
                        "problems": o.problems,
                        "more": o.more,
                        "skipped_because": o.why_skipped,
                    }
                    for o in outcomes
                ],
            }
        )
    else:
        out = ctx.obj.console
        # TRANSLATORS: the state of one check in `acct db check`, in a column before its name
        marks = {"ok": _("ok"), "failed": _("FAILED"), "skipped": _("skipped")}
        width = max(len(m) for m in marks.values())
        for o in outcomes:
            line = f"{marks[o.state]:<{width}}  {o.label}"
            if o.why_skipped:
                line += f" ({o.why_skipped})"
            out.print(clean_text(line), markup=False, soft_wrap=True)
            for problem in o.problems:
                out.print("    " + clean_text(problem), markup=False, soft_wrap=True)
            if o.more:
                more = ngettext("… and {n} more", "… and {n} more", o.more).format(n=o.more)
                out.print("    " + more, markup=False)
        if failed and _url(ctx).startswith("sqlite"):
            out.print(
                _("Put back a backup with `acct restore FILE` (see the backups folder)."),
                markup=False,
            )
        elif failed:  # a shared store is saved and put back by its administrator
            out.print(
                _("Ask the store's administrator to put back a pg_dump backup (pg_restore)."),
                markup=False,
            )
    if failed:
        raise typer.Exit(1)


@app.command("copy")
def copy(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", metavar="URL", help="The empty store to copy into.")],
) -> None:
    """Copy this store, every table, into an empty one (SQLite ↔ PostgreSQL), then check
    that every table has the same rows.

    Example: acct db copy --to postgresql://anna@db.agency.lan/acct
    """
    from acctcli.services.dbadmin import copy_store, masked

    out = ctx.obj.console
    report = copy_store(
        _url(ctx), to, progress=lambda t, n: out.print(f"  {t:<20} {n:>8}", markup=False)
    )
    total, tables = sum(report.tables.values()), len(report.tables)
    # TRANSLATORS: the start of "Copied 1 234 rows in 9 tables; every table checked."
    rows = ngettext("Copied {n} row", "Copied {n} rows", total).format(n=total)
    # TRANSLATORS: the middle of "Copied 1 234 rows in 9 tables; every table checked."
    where = ngettext("in {n} table", "in {n} tables", tables).format(n=tables)
    copied = _("{copied} {where}; every table checked.").format(copied=rows, where=where)
    out.print(copied, markup=False)
    out.print("  " + _("into {url}").format(url=masked(to)), markup=False, soft_wrap=True)
