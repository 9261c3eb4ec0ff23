"""team: temporary handovers of clients between account managers

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("from_user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("to_user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("client_handover", schema=None) as batch_op:
        batch_op.create_index("ix_client_handover_to_user", ["to_user", "until"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_handover_client_id"), ["client_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("client_handover")
