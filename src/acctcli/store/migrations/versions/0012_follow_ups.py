"""follow-ups and promises (issue 16)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("text", text(), nullable=False),
        sa.Column("who", text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("source", text(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("state", text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("why", text(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_state_due", ["state", "due"], unique=False)


def downgrade() -> None:
    op.drop_table("follow_up")
