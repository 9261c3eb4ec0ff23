"""incidents from mail, the morning's mail ranking in SQL (issue 14)

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# every column the morning's counts and top-N filter and rank by (store/mail.py)
MORNING = (
    "owner",
    "state",
    "category",
    "client_id",
    "priority",
    "date",
    "after_hours",
    "contact_id",
    "incident_id",
    "outgoing",
    "snooze_until",
)


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("incident_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_message_incident_id_incident",
            "incident",
            ["incident_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_message_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index("ix_message_morning", list(MORNING), unique=False)


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_morning")
        batch_op.drop_index(batch_op.f("ix_message_incident_id"))
        batch_op.drop_constraint("fk_message_incident_id_incident", type_="foreignkey")
        batch_op.drop_column("incident_id")
