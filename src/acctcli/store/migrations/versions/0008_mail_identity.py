"""mail identity and import accounting (issue 14)

Every message, attachment row and e-mail touch from sent mail exactly once, whatever number of
imports ran at once: attachments get their position in the message (unique per message),
touches made from mail the message they come from (one per message).  Stores that concurrent
imports already doubled are repaired first:

- attachments: a message whose rows are its real list repeated k times (every distinct
  (file name, size) appearing a multiple of k times) keeps the first 1/k of each;
- touches from mail: each is linked to the sent message with the same owner, client, moment
  and subject; a message's extra touches are deleted.

Messages also get a `fingerprint` (sender, Date header and body hashed; NULL for mail stored
before, which the import fills in when it meets that mail again) and a `shares_id` flag for
two different messages with one Message-ID.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence
from math import gcd
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 500


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("shares_id", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.Integer(), nullable=True))

    conn = op.get_bind()
    _repair_attachments(conn)
    _link_touches(conn)

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_attachment_position", ["message_id", "position"])
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_touch_message_id", "message", ["message_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_unique_constraint("uq_touch_message", ["message_id"])


def _delete(conn: Any, table: str, ids: list[int]) -> None:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(
            sa.text(f"DELETE FROM {table} WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        )


def _repair_attachments(conn: Any) -> None:
    rows = conn.execute(
        sa.text("SELECT id, message_id, filename, size FROM attachment ORDER BY message_id, id")
    ).fetchall()
    doomed: list[int] = []
    positions: list[dict[str, int]] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][1] == rows[start][1]:
            end += 1
        group = rows[start:end]
        start = end
        counts: dict[tuple[str, int], int] = {}
        for r in group:
            counts[(r[2], r[3])] = counts.get((r[2], r[3]), 0) + 1
        times = 0
        for count in counts.values():
            times = gcd(times, count)
        keep = {name: count // times for name, count in counts.items()}
        position = 0
        for r in group:
            name = (r[2], r[3])
            if keep[name]:
                keep[name] -= 1
                if position:
                    positions.append({"i": r[0], "p": position})
                position += 1
            else:
                doomed.append(r[0])
    _delete(conn, "attachment", doomed)
    if positions:
        conn.execute(sa.text("UPDATE attachment SET position = :p WHERE id = :i"), positions)


def _link_touches(conn: Any) -> None:
    touches = conn.execute(
        sa.text(
            "SELECT id, logged_by, client_id, at, note FROM touch"
            " WHERE source = 'mail' AND message_id IS NULL ORDER BY id"
        )
    ).fetchall()
    if not touches:
        return
    sent: dict[tuple[Any, ...], list[int]] = {}
    for r in conn.execute(
        sa.text(
            "SELECT id, owner, client_id, date, subject FROM message"
            " WHERE outgoing = :t AND client_id IS NOT NULL ORDER BY id"
        ),
        {"t": True},
    ):
        sent.setdefault((r[1], r[2], r[3], (r[4] or "")[:500]), []).append(r[0])
    links: list[dict[str, int]] = []
    doomed: list[int] = []
    taken: dict[tuple[Any, ...], int] = {}
    for r in touches:
        key = (r[1], r[2], r[3], r[4] or "")
        messages = sent.get(key)
        if not messages:
            continue  # no sent message like it (reassigned since?): kept, unlinked
        used = taken.get(key, 0)
        if used < len(messages):
            links.append({"t": r[0], "m": messages[used]})
            taken[key] = used + 1
        else:
            doomed.append(r[0])  # a second touch of a message: a concurrent import's double
    _delete(conn, "touch", doomed)
    if links:
        conn.execute(sa.text("UPDATE touch SET message_id = :m WHERE id = :t"), links)


def downgrade() -> None:
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.drop_constraint("uq_touch_message", type_="unique")
        batch_op.drop_constraint("fk_touch_message_id", type_="foreignkey")
        batch_op.drop_column("message_id")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint("uq_attachment_position", type_="unique")
        batch_op.drop_column("position")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("shares_id")
        batch_op.drop_column("fingerprint")
