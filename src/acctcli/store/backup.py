"""Backups of a SQLite store, always through SQLite's online backup API (never a file copy,
which could catch a write half-done), and the checks a file passes before it is restored.

Every file written here is 0600 and appears whole or not at all: the copy is made under a
temporary name in the target's folder and renamed over it, so a full disk or a kill leaves
no half-written backup behind.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

from acctcli.errors import Conflict, NotFound, StoreError
from acctcli.i18n import _
from acctcli.store.db import (
    Database,
    backups_folder,
    configure_sqlite,
    refuse_foreign,
    store_failure,
)

# the daily backups: "acct-2026-12-04.db" (the store's name, the day)
_DAILY_GLOB = "-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def private_folder(folder: Path) -> None:
    """Make `folder` (0700) if it does not exist."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_failure(exc, folder) from None


def _write_failure(exc: BaseException, path: Path) -> StoreError:
    """A copy that could not be written at `path`: a full disk, a read-only medium or a
    permission as for the store; a path that cannot be a file (its folder is a file, a name
    too long…) says so, not that the store cannot be used."""
    import errno

    unusable = (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.ENAMETOOLONG)
    if isinstance(exc, OSError) and exc.errno in unusable:
        return StoreError(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        )
    return store_failure(exc, path)


def copy_into(source: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of the open store `source` at `target` (0600), whole or not at all."""
    private_folder(target.parent)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dst = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dst)
            # a plain rollback-journal file: readable alone, even read-only, with no -wal/-shm
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise _write_failure(exc, target) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def backup_store(db: Database, out: Path | None, now: datetime) -> Path:
    """`acct backup [--out FILE]`: the store copied to FILE (which must not exist yet), or to
    backups/acct-YYYYMMDD-HHMMSS.db beside it."""
    path = store_path(db)
    if out is None:
        stamp = now.strftime("%Y%m%d-%H%M%S")
        out = backups_folder(path) / f"{path.stem}-{stamp}{path.suffix}"
    try:
        taken = out.exists()
        same = out.resolve() == path.resolve()
    except OSError as exc:  # a name too long, a folder that cannot be searched…
        raise _write_failure(exc, out) from None
    if taken:
        raise Conflict(
            _("{file} already exists").format(file=out),
            _("give another name with --out, or remove it first"),
        )
    if same:
        raise Conflict(_("the backup cannot be the store itself"))
    return copy_into(db.raw, out)


def store_path(db: Database) -> Path:
    from acctcli.store.db import sqlite_path

    return sqlite_path(db.url)


def daily_backups(path: Path) -> list[Path]:
    """The daily backups of the store at `path`, oldest first."""
    folder = backups_folder(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{path.stem}{_DAILY_GLOB}{path.suffix}"))


def daily_backup(db: Database, today: date, keep: int) -> Path | None:
    """The day's backup, made before its first write (once: the file's name is the day),
    keeping the latest `keep`.  None when today's exists already or backups are off."""
    if keep <= 0 or db.read_only:
        return None
    path = store_path(db)
    target = backups_folder(path) / f"{path.stem}-{today.isoformat()}{path.suffix}"
    if target.exists():
        return None
    if not db.scalar("SELECT 1 FROM client LIMIT 1"):
        return None  # a store with no client yet: nothing to keep
    copy_into(db.raw, target)
    for old in daily_backups(path)[:-keep]:
        old.unlink(missing_ok=True)
    db.analyze_at_close = True  # the day's first write: see Database.close
    return target


def inspect_file(path: Path) -> str:
    """Check that `path` is a whole acct store this acct can use: SQLite's integrity check,
    acct's schema, a revision this acct knows.  Gives the revision."""
    from acctcli.store.db import SCHEMA_HEAD
    from acctcli.store.migrate import known_revisions

    if not path.is_file():
        raise NotFound(_("no such file: {file}").format(file=path))
    raw = None
    try:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            raw.close()
            raw = sqlite3.connect(
                f"{path.resolve().as_uri()}?immutable=1", uri=True, isolation_level=None
            )
        refuse_foreign(raw, path)
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in names:
            raise StoreError(_("{file} is not an acct store (it is empty)").format(file=path))
        problems = [r[0] for r in raw.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise StoreError(
                _("{file} is damaged: {problem}").format(file=path, problem=problems[0]),
                _("restore another backup"),
            )
        revision = str(raw.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            _("{file} cannot be restored: {error}").format(file=path, error=exc),
            _("restore another backup"),
        ) from None
    finally:
        if raw is not None:
            raw.close()
    if revision not in known_revisions():
        raise StoreError(
            _(
                "{file} was made by a newer acct (schema {revision}, this one knows up to {head})"
            ).format(file=path, revision=revision, head=SCHEMA_HEAD),
            _("upgrade acct: pip install --upgrade acct"),
        )
    return revision


def restore_into(source: Path, store: Path, now: datetime) -> Path | None:
    """Replace the store's content with `source`'s (through the backup API, into the live
    file), keeping what it held as backups/acct-before-restore-….db.  Gives that file (None
    when there was no store)."""
    kept = None
    if store.exists() and store.stat().st_size > 0:
        from acctcli.store.db import open_sqlite

        stamp = now.strftime("%Y%m%d-%H%M%S")
        kept = _unused(backups_folder(store) / f"{store.stem}-before-restore-{stamp}{store.suffix}")
        try:
            current = open_sqlite(store)
        except StoreError:  # too damaged to be read: kept as the file it is, moved aside
            private_folder(kept.parent)
            for suffix in ("", "-wal", "-shm"):
                old = store.with_name(store.name + suffix)
                if old.exists():
                    os.replace(old, kept.with_name(kept.name + suffix))
        else:
            try:
                copy_into(current, kept)
            finally:
                current.close()
    put_back(source, store)
    return kept


def _unused(path: Path) -> Path:
    """`path`, or `path` with -2, -3… before its suffix when a file of that name exists
    (two restores in one second each keep the store they replaced)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def put_back(source: Path | None, store: Path) -> None:
    """Overwrite the store at `store` with `source` (None: an empty database), page by page
    through the backup API, in one step for anyone reading it."""
    src = (
        sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        if source is not None
        else sqlite3.connect(":memory:")
    )
    try:
        dst = sqlite3.connect(store, isolation_level=None, timeout=30)
        try:
            if source is not None:
                configure_sqlite(dst)
            src.backup(dst)
        finally:
            dst.close()
        store.chmod(0o600)
    except (OSError, sqlite3.Error) as exc:
        raise store_failure(exc, store) from None
    finally:
        src.close()
