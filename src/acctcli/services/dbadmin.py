"""`acct db …`: schema status and migration for an administrator, and copying a store."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from acctcli.errors import Conflict, StoreError
from acctcli.store.db import SCHEMA_HEAD, connect, schema_revision


def masked(url: str) -> str:
    """The URL without its password, for printing."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


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


def _table_names(db: Any) -> list[str]:
    if db.is_sqlite:
        rows = db.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    else:
        rows = db.all(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() ORDER BY table_name"
        )
    return [r[0] for r in rows if r[0] != "alembic_version"]


def schema_status(url: str) -> SchemaStatus:
    db = connect(url)
    try:
        revision = schema_revision(db)
        counts = {t: int(db.scalar(f"SELECT count(*) FROM {t}")) for t in _table_names(db)}
    finally:
        db.close()
    return SchemaStatus(masked(url), db.dialect, revision, SCHEMA_HEAD, counts)


def migrate(url: str) -> tuple[str | None, str]:
    """Upgrade the schema to this acct's head: (from, to)."""
    status = schema_status(url)
    if status.state == "newer":
        raise StoreError(
            f"the store's schema {status.revision} is newer than this acct's ({SCHEMA_HEAD})",
            "upgrade acct instead",
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
            raise StoreError(f"the migration failed and was rolled back: {exc}") from exc
    return status.revision, SCHEMA_HEAD


@dataclass(frozen=True)
class CopyReport:
    tables: dict[str, int]


def copy_store(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None = None
) -> CopyReport:
    """Copy every row of a current store into an empty one (made current first), ids kept,
    then compare every table row by row.  All or nothing on the target."""
    if masked(source_url) == masked(target_url):
        raise Conflict("the source and the target are the same store")
    source = schema_status(source_url)
    if source.state != "current":
        raise StoreError(f"the source store is {source.state}", "run: acct db migrate")
    target = schema_status(target_url)
    if target.state == "newer":
        raise StoreError("the target store was made by a newer acct")
    if any(target.counts.values()):
        busy = ", ".join(f"{t} ({n})" for t, n in target.counts.items() if n)
        raise Conflict(f"the target store is not empty: {busy}")
    if target.state != "current":
        migrate(target_url)

    from sqlalchemy import create_engine, func, select, text

    from acctcli.store.schema import metadata

    src = create_engine(_sa_url(source_url))
    dst = create_engine(_sa_url(target_url))
    copied: dict[str, int] = {}
    try:
        with src.connect() as read, dst.begin() as write:
            for table in metadata.sorted_tables:
                rows = [
                    dict(r._mapping)
                    for r in read.execute(select(table).order_by(*table.primary_key))
                ]
                for start in range(0, len(rows), 1000):
                    write.execute(table.insert(), rows[start : start + 1000])
                copied[table.name] = len(rows)
                if progress:
                    progress(table.name, len(rows))
                if dst.dialect.name == "postgresql" and rows and "id" in table.c:
                    write.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                            f" (SELECT max(id) FROM {table.name}))"
                        )
                    )
        with src.connect() as a, dst.connect() as b:
            for table in metadata.sorted_tables:
                order = list(table.primary_key)
                left = [tuple(r) for r in a.execute(select(table).order_by(*order))]
                right = [tuple(r) for r in b.execute(select(table).order_by(*order))]
                count = b.execute(select(func.count()).select_from(table)).scalar_one()
                if left != right or count != copied[table.name]:
                    raise StoreError(f"the copy of table {table.name} differs from the source")
    finally:
        src.dispose()
        dst.dispose()
    return CopyReport(copied)


def _sa_url(url: str) -> str:
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
