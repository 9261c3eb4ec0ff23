"""Alembic environment: the URL comes from acct's settings, never from an alembic.ini.

Connections come from store/db.py (`sqlalchemy_engine`), so they get the store's one set of
pragmas; on SQLite, foreign keys are then switched off for the batch table copies.
"""

from __future__ import annotations

from alembic import context

from acctcli.store.db import sqlalchemy_engine
from acctcli.store.schema import metadata

config = context.config


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
                context.run_migrations()
    finally:
        engine.dispose()


run_migrations_online()
