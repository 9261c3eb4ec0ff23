"""fee history (issue 20): every fee change dated, for recurring revenue (MRR, NRR, GRR)

Revision ID: 0011
Revises: 0010

The fees already stored are carried into the history as set on their client's start date
(`since`): the only date acct knew them by.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client_fee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("service", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("fee_minor", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("client_fee", schema=None) as batch_op:
        batch_op.create_index("ix_client_fee_client_on", ["client_id", "on_date"], unique=False)
    op.execute(
        "INSERT INTO client_fee (client_id, service, on_date, fee_minor, created_at)"
        " SELECT s.client_id, s.service, c.since, s.fee_minor, c.created_at"
        " FROM client_service s JOIN client c ON c.id = s.client_id"
        " WHERE s.fee_minor IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("client_fee", schema=None) as batch_op:
        batch_op.drop_index("ix_client_fee_client_on")
    op.drop_table("client_fee")
