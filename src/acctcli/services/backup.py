"""`acct backup`, `acct restore` and `acct db check`: keeping a store safe and telling whether
it is whole (the SQL is in store/backup.py and store/checks.py)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from acctcli.errors import StoreError
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.store.db import Database, connect, sqlite_path


def pg_dump_command(url: str) -> str:
    """The pg_dump command line for a PostgreSQL URL, its password left out (pg_dump asks,
    or reads ~/.pgpass)."""
    import shlex

    dsn = "postgresql://" + url.split("://", 1)[1]
    dsn = re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", dsn)
    return "pg_dump --format=custom --file acct.dump " + shlex.quote(dsn)


def refuse_postgres(url: str) -> None:
    """`acct backup` of a PostgreSQL store: pg_dump's job (said before connecting)."""
    if not url.startswith("sqlite"):
        raise StoreError(
            _("acct backup copies a SQLite store; a shared PostgreSQL store is saved with pg_dump"),
            _("run: {command}").format(command=pg_dump_command(url)),
        )


def backup(db: Database, out: Path | None, now: datetime) -> Path:
    """A consistent copy of a SQLite store (the backup API, never a file copy), 0600."""
    refuse_postgres(db.url)
    from acctcli.store.backup import backup_store

    return backup_store(db, out, now)


class Restorable(NamedTuple):
    file: Path
    revision: str
    store: Path


def check_backup(url: str, file: Path) -> Restorable:
    """What `acct restore FILE` would do, once FILE is known to be a whole acct store."""
    if not url.startswith("sqlite"):
        raise StoreError(
            _(
                "acct restore replaces a SQLite store; a PostgreSQL store is restored with"
                " pg_restore"
            ),
            _("run: pg_restore --clean --dbname DATABASE acct.dump"),
        )
    from acctcli.store.backup import inspect_file

    store = sqlite_path(url)
    try:
        same = file.exists() and store.exists() and file.resolve() == store.resolve()
    except OSError as exc:  # a name too long, a folder that cannot be searched…
        raise StoreError(
            _("cannot read {path}: {error}").format(path=file, error=exc.strerror or exc)
        ) from None
    if same:
        raise StoreError(_("{file} is the store itself").format(file=file))
    return Restorable(file, inspect_file(file), store)


def restore(plan: Restorable, now: datetime) -> Path | None:
    """Replace the store with the checked file; gives where the replaced store was kept."""
    from acctcli.store.backup import restore_into

    return restore_into(plan.file, plan.store, now)


def check_store(url: str) -> list:  # list[Outcome]
    """Every check of store/checks.py on the store at `url` (opened without upgrading it)."""
    from acctcli.store.checks import run_checks

    try:
        db = connect(url)
    except StoreError as exc:  # too damaged to open: the usual hint would point back here
        hint = exc.hint
        if hint is not None and "acct db check" in hint:
            hint = _("put back a backup with `acct restore FILE` (acct backup makes them)")
        raise StoreError(exc.message, hint) from None
    try:
        return run_checks(db)
    finally:
        db.close()
