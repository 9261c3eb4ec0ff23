"""client card, health and costs (issue 20): the dated monthly cost of serving a client's
service (client_cost), for profit and margin per project

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("service", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("client_cost", schema=None) as batch_op:
        batch_op.create_index("ix_client_cost_client_on", ["client_id", "on_date"], unique=False)
    from acctcli.store import journal

    journal.track(op, "client_cost")  # the undo journal (0014, store/journal.py)


def downgrade() -> None:
    with op.batch_alter_table("client_cost", schema=None) as batch_op:
        batch_op.drop_index("ix_client_cost_client_on")
    op.drop_table("client_cost")
