"""promises and follow-up sources (issue 16)

A touch says what it was (`kind`: call, message, email, meeting, contact — NULL on older
rows, read as the kind its channel implies), where a meeting took place, who was there, and
the onboarding step whose ticking logged it; a template step says it is a conversation
(`touch`: call, meeting or message).
A follow-up can point at an incident or an onboarding step, and promises to pay are found by
their invoice.

Plain ADD COLUMN on both engines (no table rebuild: the search triggers on `touch` stay),
and no backfill (an UPDATE of every touch would queue each one for the search index).

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.add_column("touch", sa.Column("kind", text(), nullable=True))
    op.add_column("touch", sa.Column("place", text(), nullable=True))
    op.add_column("touch", sa.Column("attendees", text(), nullable=True))
    op.add_column("touch", sa.Column("step_id", sa.Integer(), nullable=True))
    op.add_column("onboarding_step", sa.Column("touch", text(), nullable=True))
    op.add_column("follow_up", sa.Column("incident_id", sa.Integer(), nullable=True))
    op.add_column("follow_up", sa.Column("step_id", sa.Integer(), nullable=True))
    op.create_index("ix_follow_up_invoice", "follow_up", ["invoice_id"], unique=False)
    from acctcli.store import journal

    # the undo journal's SQLite triggers name every column: made again with the new ones
    journal.track(op, "touch", "follow_up", "onboarding_step")


def downgrade() -> None:
    op.drop_index("ix_follow_up_invoice", table_name="follow_up")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_column("step_id")
        batch_op.drop_column("incident_id")
    with op.batch_alter_table("onboarding_step", schema=None) as batch_op:
        batch_op.drop_column("touch")
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.drop_column("step_id")
        batch_op.drop_column("attendees")
        batch_op.drop_column("place")
        batch_op.drop_column("kind")
