"""mail

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", _text(), nullable=False),
        sa.Column("message_key", _text(), nullable=False),
        sa.Column("message_id", _text(), nullable=True),
        sa.Column("date", sa.DateTime(), nullable=True),
        sa.Column("from_addr", _text(), nullable=False),
        sa.Column("from_name", _text(), nullable=False),
        sa.Column("to_addrs", _text(), nullable=False),
        sa.Column("counterpart", _text(), nullable=False),
        sa.Column("subject", _text(), nullable=False),
        sa.Column("snippet", _text(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("category", _text(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", _text(), nullable=False),
        sa.Column("snooze_until", sa.Date(), nullable=True),
        sa.Column("after_hours", sa.Boolean(), nullable=False),
        sa.Column("outgoing", sa.Boolean(), nullable=False),
        sa.Column("source", _text(), nullable=False),
        sa.Column("location", _text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "message_key", name="uq_message_owner_key"),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index("ix_message_owner_state", ["owner", "state"], unique=False)
        batch_op.create_index("ix_message_client_date", ["client_id", "date"], unique=False)
        batch_op.create_index("ix_message_counterpart_date", ["counterpart", "date"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", _text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_message_id"), ["message_id"], unique=False)

    op.create_table(
        "mail_seen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", _text(), nullable=False),
        sa.Column("source", _text(), nullable=False),
        sa.Column("name", _text(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("messages", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "source", "name", name="uq_mail_seen"),
    )

    op.create_table(
        "imap_folder_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", _text(), nullable=False),
        sa.Column("account", _text(), nullable=False),
        sa.Column("folder", _text(), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("messages", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "account", "folder", name="uq_imap_folder"),
    )


def downgrade() -> None:
    op.drop_table("imap_folder_state")
    op.drop_table("mail_seen")
    op.drop_table("attachment")
    op.drop_table("message")
