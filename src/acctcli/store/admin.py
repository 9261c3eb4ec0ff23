"""The SQL behind `acct db …`: which tables a store has, how many rows, copying them.

Copying goes through SQLAlchemy Core over the schema of record (store/schema), on engines
made by store/db.py, so both stores get the same connection set-up as every command.
"""

from __future__ import annotations

from collections.abc import Callable

from acctcli.store.db import Database, sqlalchemy_engine

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


def copy_tables(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of every table, ids kept, in one transaction on the target (parents
    before children); PostgreSQL's id sequences then continue after the copied ids.
    Gives the rows copied per table."""
    from sqlalchemy import select, text

    from acctcli.store.schema import metadata

    src = sqlalchemy_engine(source_url)
    dst = sqlalchemy_engine(target_url)
    copied: dict[str, int] = {}
    try:
        with src.connect() as read, dst.begin() as write:
            # the search queue last, as the source has it: the target's triggers queued
            # every row copied, whose documents (search_doc) are copied as they are
            last = [t for t in metadata.sorted_tables if t.name == "search_queue"]
            for table in [t for t in metadata.sorted_tables if t.name != "search_queue"] + last:
                if table.name in DERIVED:
                    continue
                if table.name == "search_queue":
                    write.execute(text("DELETE FROM search_queue"))
                rows = [
                    dict(r._mapping)
                    for r in read.execute(select(table).order_by(*table.primary_key))
                ]
                for start in range(0, len(rows), BATCH):
                    write.execute(table.insert(), rows[start : start + BATCH])
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
        with dst.connect() as built:
            for name, kept in DERIVED.items():
                copied[name] = int(
                    built.execute(text(f"SELECT count(*) FROM {name} WHERE {kept}")).scalar_one()
                )
    finally:
        src.dispose()
        dst.dispose()
    return copied


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
                if left != right or count != counts[table.name]:
                    return table.name
    finally:
        src.dispose()
        dst.dispose()
    return None
