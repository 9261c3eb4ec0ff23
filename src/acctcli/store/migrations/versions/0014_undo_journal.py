"""undo journal (issue 15): every write's changes, captured by triggers; void invoices and
incident resolutions

`journal_write` (one per transaction of a command), `journal_change` (one per row changed)
and `journal_open` (the write in progress), filled by triggers on every table that holds the
user's data (store/journal.py: `track`).  Invoices get `voided_on` and `void_why` (a void
invoice is kept for the KPIs' history, out of balances), incidents a `resolution`.

Later migrations call `journal.track(op, "table")` for every table they add (and for a
SQLite table they rebuild); tests/store/test_journal.py fails at the head while one lacks it.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from acctcli.store import journal

    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "journal_write",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run", text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("command", text(), nullable=False),
        sa.Column("owner", text(), nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_journal_write_run", "journal_write", ["run"])
    op.create_table(
        "journal_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("write_id", sa.Integer(), nullable=False),
        sa.Column("tbl", text(), nullable=False),
        sa.Column("op", text(), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("data", text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_journal_change_write", "journal_change", ["write_id"])
    op.create_index("ix_journal_change_row", "journal_change", ["tbl", "row_id", "write_id"])
    op.create_table(
        "journal_open",
        sa.Column("write_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("write_id"),
    )
    op.add_column("invoice", sa.Column("voided_on", sa.Date(), nullable=True))
    op.add_column("invoice", sa.Column("void_why", text(), nullable=True))
    op.create_index("ix_invoice_voided", "invoice", ["voided_on"])
    op.add_column("incident", sa.Column("resolution", text(), nullable=True))
    tables = sa.inspect(op.get_bind()).get_table_names()
    journal.track(op, *sorted(t for t in tables if not journal.is_derived(t)))


def downgrade() -> None:
    from acctcli.store import journal

    bind = op.get_bind()
    for table in sa.inspect(bind).get_table_names():
        if journal.is_derived(table):
            continue
        drops = (
            journal.sqlite_drop(table)
            if bind.dialect.name == "sqlite"
            else journal.postgres_drop(table)
        )
        for statement in drops:
            op.execute(statement)
    if bind.dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS journal_capture()")
    with op.batch_alter_table("incident") as batch_op:
        batch_op.drop_column("resolution")
    op.drop_index("ix_invoice_voided", table_name="invoice")
    with op.batch_alter_table("invoice") as batch_op:
        batch_op.drop_column("void_why")
        batch_op.drop_column("voided_on")
    op.drop_table("journal_open")
    op.drop_index("ix_journal_change_row", table_name="journal_change")
    op.drop_index("ix_journal_change_write", table_name="journal_change")
    op.drop_table("journal_change")
    op.drop_index("ix_journal_write_run", table_name="journal_write")
    op.drop_table("journal_write")
