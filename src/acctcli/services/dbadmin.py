"""`acct db …`: schema status and migration for an administrator, and copying a store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from acctcli.errors import Conflict, StoreError
from acctcli.i18n import NP_, _, pgettext
from acctcli.store.admin import copy_tables, first_differing_table, row_counts
from acctcli.store.db import (
    SCHEMA_HEAD,
    connect,
    masked,
    refresh_statistics,
    schema_revision,
    sqlite_path,
)

# TRANSLATORS: the state of a store's schema, shown by `acct db status` and in errors
STATES = {
    "empty": NP_("store state", "empty"),
    "current": NP_("store state", "current"),
    "outdated": NP_("store state", "outdated"),
    "newer": NP_("store state", "newer"),
}


def state_label(state: str) -> str:
    """The word shown for a schema state ("outdated" / "устарела"); JSON keeps the raw one."""
    message = STATES.get(state)
    return pgettext("store state", message) if message else state


@dataclass(frozen=True)
class SchemaStatus:
    url: str
    engine: str
    revision: str | None
    head: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def state(self) -> str:
        if self.revision is None:
            return "empty"
        if self.revision == self.head:
            return "current"
        known = [f"{n:04d}" for n in range(1, int(self.head) + 1)] if self.head.isdigit() else []
        return "outdated" if self.revision in known else "newer"


def schema_status(url: str) -> SchemaStatus:
    db = connect(url)
    try:
        revision = schema_revision(db)
        counts = row_counts(db)
    finally:
        db.close()
    return SchemaStatus(masked(url), db.dialect, revision, SCHEMA_HEAD, counts)


def migrate(url: str) -> tuple[str | None, str]:
    """Upgrade the schema to this acct's head: (from, to)."""
    status = schema_status(url)
    if status.state == "newer":
        raise StoreError(
            _("the store's schema {revision} is newer than this acct's ({head})").format(
                revision=status.revision, head=SCHEMA_HEAD
            ),
            _("upgrade acct instead"),
        )
    if status.state == "current":
        return status.revision, SCHEMA_HEAD
    if url.startswith("sqlite"):
        from acctcli.store.migrate import upgrade_sqlite

        upgrade_sqlite(url, status.revision)
    else:
        from acctcli.store.migrate import upgrade

        try:
            upgrade(url)
        except Exception as exc:
            if isinstance(exc, StoreError):
                raise  # (a lost connection: said as such)
            said = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise StoreError(
                _("the migration failed and was rolled back: {error}").format(
                    error=said[0] if said else type(exc).__name__
                )
            ) from exc
    return status.revision, SCHEMA_HEAD


@dataclass(frozen=True)
class CopyReport:
    tables: dict[str, int]


def copy_store(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None = None
) -> CopyReport:
    """Copy every row of a current store into an empty one (made current first), ids kept,
    then compare every table row by row.  All or nothing on the target: a SQLite file this
    made is removed again when the copy fails (a full disk)."""
    made: list[Path] = []
    if target_url.startswith("sqlite"):
        target = sqlite_path(target_url)
        made = [
            target.with_name(target.name + suffix)
            for suffix in ("", "-wal", "-shm", "-journal")
            if not target.with_name(target.name + suffix).exists()
        ]
    try:
        return _copy_store(source_url, target_url, progress)
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise


def _copy_store(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None
) -> CopyReport:
    if masked(source_url) == masked(target_url):
        raise Conflict(_("the source and the target are the same store"))
    source = schema_status(source_url)
    if source.state != "current":
        raise StoreError(
            _("the source store is {state}").format(state=state_label(source.state)),
            _("run: acct db migrate"),
        )
    target = schema_status(target_url)
    if target.state == "newer":
        raise StoreError(_("the target store was made by a newer acct"))
    if any(target.counts.values()):
        busy = ", ".join(f"{t} ({n})" for t, n in target.counts.items() if n)
        raise Conflict(_("the target store is not empty: {tables}").format(tables=busy))
    if target.state != "current":
        migrate(target_url)

    try:
        copied = copy_tables(source_url, target_url, progress)
        differing = first_differing_table(source_url, target_url, copied)
    except Exception as exc:
        _emptied(target_url)
        from sqlalchemy.exc import IntegrityError

        if not isinstance(exc, IntegrityError):
            raise
        first = str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__]
        raise StoreError(
            _("the copy was refused by the target: {error}; nothing was kept").format(
                error=first[0]
            ),
            _("see `acct db check` of the source"),
        ) from None
    if differing is not None:
        _emptied(target_url)
        raise StoreError(
            _("the copy of table {table} differs from the source; nothing was kept").format(
                table=differing
            ),
            _("see `acct db check` of the source"),
        )
    refresh_statistics(target_url)
    return CopyReport(copied)


def _emptied(target_url: str) -> None:
    """A shared target that a failed copy filled is empty again, as it was (its schema
    kept); a SQLite file this copy made is removed by copy_store."""
    if target_url.startswith("sqlite"):
        return
    from acctcli.store.admin import table_names
    from acctcli.store.db import connect

    try:
        db = connect(target_url)
    except Exception:  # noqa: BLE001 - the copy's own failure is what the user is told
        return
    try:
        names = ", ".join(f'"{t}"' for t in table_names(db))
        if names:
            with db.transaction():
                db.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    except Exception:  # noqa: BLE001 - the copy's own failure is what the user is told
        pass
    finally:
        db.close()
