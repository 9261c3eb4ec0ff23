"""search: full-text index of mail, touches, incidents, notes and steps (issue 18)

`search_doc` holds one document per searchable row (stemmed in Python, domain/search.py) and
`search_queue` the rows whose document is out of date, written by plain-SQL triggers on
message, attachment, touch, incident, client and onboarding_step (store/search.py).  SQLite
indexes the documents with an FTS5 table of external content (`search_fts`); PostgreSQL with
a GIN index on their tsvector.  No table is rebuilt: the mail tally's triggers (0010) stay.

An existing store gets its index built here, with a progress bar on a terminal when there is
much to index.  Mail already stored is indexed by subject, sender, recipients, its snippet and
attachments' names (its full text was never stored); mail imported from now on by its text.

Revision ID: 0013
Revises: 0012
"""

import sqlite3
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from acctcli.store import search
    from acctcli.store.db import Database

    op.create_table(
        "search_doc",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("ref_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(), nullable=True),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("terms", sa.String(), nullable=False),
        sa.Column("subj", sa.String(), nullable=False),
        sa.Column("frm", sa.String(), nullable=False),
        sa.Column("rcpt", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_search_doc_kind_ref", "search_doc", ["kind", "ref_id"])
    op.create_table(
        "search_queue",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("ref_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "ref_id", name="pk_search_queue"),
    )
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for statement in search.sqlite_schema() if sqlite else search.postgres_schema():
        op.execute(statement)
    raw = bind.connection.dbapi_connection
    old_factory = raw.row_factory if sqlite else None
    if sqlite:
        raw.row_factory = sqlite3.Row
        conn = raw
    else:
        from acctcli.store.pg import Connection

        conn = Connection(raw)  # rows by column name; inside Alembic's transaction
    try:
        db = Database(conn, bind.dialect.name, str(bind.engine.url))
        from acctcli.render.mail import DelayedProgress
        from acctcli.render.search import INDEX_LABEL

        progress = DelayedProgress(label=INDEX_LABEL)  # shown once it has taken a second
        progress.add_total(search.count_all(db))
        try:
            search.build_all(db, progress.advance)
        finally:
            progress.close()
    finally:
        if sqlite:
            raw.row_factory = old_factory


def downgrade() -> None:
    from acctcli.store import search

    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in search.sqlite_drop() if sqlite else search.postgres_drop():
        op.execute(statement)
    op.drop_table("search_queue")
    op.drop_index("ix_search_doc_kind_ref", table_name="search_doc")
    op.drop_table("search_doc")
