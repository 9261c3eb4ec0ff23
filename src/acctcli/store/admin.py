"""The SQL behind `acct db …`: which tables a store has, how many rows, copying them.

Copying goes through SQLAlchemy Core over the schema of record (store/schema), on engines
made by store/db.py, so both stores get the same connection set-up as every command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from acctcli.domain import transfer
from acctcli.domain.transfer import Column
from acctcli.store.db import NUL, REPLACEMENT, Database, kill_point, sqlalchemy_engine, without_nul

BATCH = 1000  # rows per INSERT round trip when copying


def table_names(db: Database) -> list[str]:
    """acct's tables in the store, by name (Alembic's bookkeeping table left out)."""
    if db.is_sqlite:
        rows = db.all(
            "SELECT name AS table_name FROM sqlite_master"
            " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'search_fts%' ORDER BY name"  # FTS5's own (0013), not a table
        )
    else:
        rows = db.all(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() ORDER BY table_name"
        )
    return [r["table_name"] for r in rows if r["table_name"] != "alembic_version"]


def row_counts(db: Database) -> dict[str, int]:
    """Rows per table (names come from the catalogue, never from a user; a table the store
    keeps itself counted by the rows that count, as `db copy` compares it)."""
    return {
        t: int(db.scalar(f"SELECT count(*) FROM {t} WHERE {DERIVED.get(t, '1 = 1')}"))
        for t in table_names(db)
    }


# Tables the store keeps itself, by triggers, from the rows of others (migration 0010): never
# copied — the target's triggers build them as the rows arrive — and compared on the rows that
# count (a tally row that went back to 0 is as good as none).
DERIVED = {"mail_tally": "n > 0"}


def loading_order() -> list[Any]:
    """The tables a copy or an import writes, in the order it writes them: parents before
    children, the search queue last (the target's triggers queue every row written; the
    source's queue then replaces theirs), the tables the store keeps itself (DERIVED) left out."""
    from acctcli.store.schema import metadata

    tables = [t for t in metadata.sorted_tables if t.name not in DERIVED]
    return [t for t in tables if t.name != "search_queue"] + [
        t for t in tables if t.name == "search_queue"
    ]


def read_rows(read: Any, table: Any) -> Iterator[dict[str, Any]]:
    """Every row of `table` on an open SQLAlchemy connection, in primary-key order."""
    from sqlalchemy import select

    for row in read.execute(select(table).order_by(*table.primary_key)):
        yield dict(row._mapping)


def load_tables(
    target_url: str,
    rows_of: Callable[[Any], Iterable[dict[str, Any]]],
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Write `rows_of(table)` into every table of an empty store, ids kept, in one
    transaction (parents before children); PostgreSQL's id sequences then continue after
    the ids written, and the store's own tables are built by its triggers.  Gives the rows
    per table (DERIVED ones: those that count)."""
    from sqlalchemy import text

    dst = sqlalchemy_engine(target_url)
    written: dict[str, int] = {}
    try:
        with dst.begin() as write:
            for table in loading_order():
                if table.name == "search_queue":
                    write.execute(text("DELETE FROM search_queue"))
                count = 0
                batch: list[dict[str, Any]] = []
                for row in rows_of(table):
                    batch.append(without_nul(row))  # a store never holds NUL (db.without_nul)
                    if len(batch) == BATCH:
                        kill_point()
                        write.execute(table.insert(), batch)
                        count, batch = count + len(batch), []
                if batch:
                    kill_point()
                    write.execute(table.insert(), batch)
                    count += len(batch)
                written[table.name] = count
                if progress:
                    progress(table.name, count)
                if dst.dialect.name == "postgresql" and count and "id" in table.c:
                    write.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                            f" (SELECT max(id) FROM {table.name}))"
                        )
                    )
        with dst.connect() as built:
            for name, kept in DERIVED.items():
                written[name] = int(
                    built.execute(text(f"SELECT count(*) FROM {name} WHERE {kept}")).scalar_one()
                )
    finally:
        dst.dispose()
    return written


def copy_tables(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of every table into an empty store (see load_tables).  Gives the rows
    copied per table."""
    src = sqlalchemy_engine(source_url)
    try:
        with src.connect() as read:
            return load_tables(target_url, lambda table: read_rows(read, table), progress)
    finally:
        src.dispose()


@contextmanager
def snapshot(source_url: str) -> Iterator[Any]:
    """One read transaction on the store (PostgreSQL: repeatable read), so that every table
    read in it is of the same moment."""
    src = sqlalchemy_engine(source_url)
    try:
        with src.connect() as read:
            if src.dialect.name == "postgresql":
                read = read.execution_options(isolation_level="REPEATABLE READ")
            with read.begin():
                yield read
    finally:
        src.dispose()


def first_differing_table(source_url: str, target_url: str, counts: dict[str, int]) -> str | None:
    """The first table whose rows differ between the stores, or whose target row count is
    not `counts[table]`; None when every table matches."""
    from sqlalchemy import func, select, text

    from acctcli.store.schema import metadata

    src = sqlalchemy_engine(source_url)
    dst = sqlalchemy_engine(target_url)
    try:
        with src.connect() as a, dst.connect() as b:
            for table in metadata.sorted_tables:
                order = list(table.primary_key)
                query = select(table).order_by(*order)
                if table.name in DERIVED:
                    query = query.where(text(DERIVED[table.name]))
                left = [tuple(r) for r in a.execute(query)]
                right = [tuple(r) for r in b.execute(query)]
                count = len(right)
                if table.name not in DERIVED:
                    count = b.execute(select(func.count()).select_from(table)).scalar_one()
                if left != right:  # the same once NUL is U+FFFD (an older SQLite store's)?
                    left = [tuple(_nul_replaced(v) for v in r) for r in left]
                if left != right or count != counts[table.name]:
                    return table.name
    finally:
        src.dispose()
        dst.dispose()
    return None


def _nul_replaced(value: Any) -> Any:
    return value.replace(NUL, REPLACEMENT) if isinstance(value, str) else value


def exported_columns(table: Any) -> list[Column]:
    """The columns of a table as `acct export` writes them (domain/transfer.py): a kopeck
    column `…_minor` is money; a type this does not know is a developer's error, found by
    tests/cli/test_export.py the day a table gains one."""
    from sqlalchemy import BigInteger, Boolean, Date, DateTime, Float, Integer, Numeric, String

    columns = []
    for column in table.columns:
        kind_of = getattr(column.type, "impl_instance", column.type)  # AutoString: a String
        if isinstance(kind_of, Boolean):
            kind = transfer.BOOL
        elif isinstance(kind_of, DateTime):
            kind = transfer.DATETIME
        elif isinstance(kind_of, Date):
            kind = transfer.DATE
        elif isinstance(kind_of, Integer):
            if column.name.endswith(transfer.MONEY_SUFFIX):
                kind = transfer.MONEY
            else:
                kind = transfer.BIGINT if isinstance(kind_of, BigInteger) else transfer.INT
        elif isinstance(kind_of, Numeric) and not isinstance(kind_of, Float):
            kind = transfer.DECIMAL
        elif isinstance(kind_of, String):
            kind = transfer.TEXT
        else:
            raise TypeError(f"acct export: {table.name}.{column.name} has type {kind_of!r}")
        columns.append(Column(column.name, kind, bool(column.nullable)))
    headers = [c.header for c in columns]
    if len(set(headers)) != len(headers):
        raise TypeError(f"acct export: {table.name} has two columns named alike: {headers}")
    return columns
