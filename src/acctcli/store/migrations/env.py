"""Alembic environment: the URL comes from acct's settings, never from an alembic.ini.

Connections come from store/db.py (`sqlalchemy_engine`), so they get the store's one set of
pragmas; on SQLite, foreign keys are then switched off for the batch table copies.
"""

from __future__ import annotations

from alembic import context

from acctcli.store.db import sqlalchemy_engine
from acctcli.store.schema import metadata

config = context.config
MIGRATING = 0x61636D67  # "acmg": the advisory lock an upgrade of a shared schema holds


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.attributes["url"]
    engine = sqlalchemy_engine(url, foreign_keys=False)  # batch mode copies and drops tables
    try:
        with engine.connect() as conn:
            context.configure(
                connection=conn,
                target_metadata=metadata,
                render_as_batch=url.startswith("sqlite"),
                # PostgreSQL: one transaction for the whole upgrade, so a failure leaves the
                # schema where it was (as `acct db migrate` says); SQLite is put back from
                # the copy made before (migrate.upgrade_sqlite)
                transaction_per_migration=url.startswith("sqlite"),
            )
            with context.begin_transaction():
                if not url.startswith("sqlite"):
                    # two `acct db migrate` at once: the second waits, then finds the schema
                    # current (Alembic reads the revision after this), instead of failing
                    # on the first's half-made tables
                    from sqlalchemy import text

                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATING})
                context.run_migrations()
    finally:
        engine.dispose()


run_migrations_online()
