"""Alembic environment: the URL comes from acct's settings, never from an alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, event, pool

from acctcli.store.schema import metadata

config = context.config


def _engine(url: str):  # type: ignore[no-untyped-def]
    engine = create_engine(url, poolclass=pool.NullPool)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # batch copies tables

    return engine


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.attributes["url"]
    with _engine(url).connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=metadata,
            render_as_batch=url.startswith("sqlite"),
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
