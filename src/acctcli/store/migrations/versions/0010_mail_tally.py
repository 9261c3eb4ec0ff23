"""the morning's mail counted from a tally the store keeps, ranked by an index walked in order
(issue 14)

`message.urgent` says a message came from (or went to) the client's urgent contact, kept equal
to its contact's flag by triggers (whoever sets contact_id, and when the flag changes), so that
ranking filters by a column instead of a subquery.

`mail_tally` holds, for each owner, stored state ('new' and 'needs-reply', the states whose
meaning does not depend on the day), client, category, after-hours flag, urgent flag and
"linked to an incident", how many messages there are.  Triggers on `message` keep it exact in the
same statement as every insert, update and delete — imports, triage, matching, foreign keys
set to NULL — so `acct today` reads a few hundred tally rows instead of counting 100,000
messages.  Snoozed and waiting mail, whose shown state depends on the day, is still counted
row by row (there is little of it).

`ix_message_morning` is rebuilt as (owner, state, category, after_hours, urgent, priority,
date, …): with the first five columns fixed by equality, the rows come out most urgent first and a
top-N query stops after N.

On PostgreSQL the trigger function first takes the owner's mailbox lock (the advisory lock of
store/mail.py `lock_mailbox`), so two transactions never update one owner's tally rows in
opposite orders.  A later migration that rebuilds `message` in SQLite batch mode drops these
triggers and must create them again (`create_tally_triggers`); tests/store/test_mail_tally.py
checks they exist at head.

A message assigned to a client by hand (`acct mail assign`) says so itself
(`message.assigned_by_hand`), instead of a row in mail_seen.

A touch keeps the name of a contact removed with `acct contact remove --force`
(`touch.contact_name`), so the call history still says who it was.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_MORNING = (
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
MORNING = (
    "owner",
    "state",
    "category",
    "after_hours",
    "urgent",
    "priority",
    "date",
    "client_id",
    "contact_id",
    "incident_id",
    "outgoing",
    "snooze_until",
)
KEY = ("owner", "state", "client_id", "category", "after_hours", "urgent", "linked")
TALLIED = "('new', 'needs-reply')"


def _key(row: str) -> list[str]:
    """The tally key of a message row (NEW, OLD or the table) as SQL values, in KEY's order."""
    return [
        f"{row}.owner",
        f"{row}.state",
        f"COALESCE({row}.client_id, 0)",
        f"{row}.category",
        f"{row}.after_hours",
        f"{row}.urgent",
        f"({row}.incident_id IS NOT NULL)",
    ]


def _values(row: str) -> str:
    return ", ".join(_key(row))


def _match(row: str) -> str:
    return " AND ".join(f"{n} = {v}" for n, v in zip(KEY, _key(row), strict=True))


def _add(row: str, *, pg: bool) -> str:
    n = "mail_tally.n" if pg else "n"
    return (
        f"INSERT INTO mail_tally ({', '.join(KEY)}, n) SELECT {_values(row)}, 1"
        f" WHERE {row}.state IN {TALLIED}"
        f" ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = {n} + 1"
    )


def _remove(row: str) -> str:
    return f"UPDATE mail_tally SET n = n - 1 WHERE {row}.state IN {TALLIED} AND {_match(row)}"


WATCHED = ("owner", "state", "client_id", "category", "after_hours", "urgent", "incident_id")

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION acct_mail_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND ({", ".join(f"OLD.{c}" for c in WATCHED)})
      IS NOT DISTINCT FROM ({", ".join(f"NEW.{c}" for c in WATCHED)}) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN {TALLIED} THEN
    PERFORM pg_advisory_xact_lock(('x' || substr(encode(sha256(convert_to(
      'acct.mail:' || OLD.owner, 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint);
    {_remove("OLD")};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state IN {TALLIED} THEN
    PERFORM pg_advisory_xact_lock(('x' || substr(encode(sha256(convert_to(
      'acct.mail:' || NEW.owner, 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint);
    {_add("NEW", pg=True)};
  END IF;
  RETURN NULL;
END $$
"""


_PG_URGENT = """
CREATE OR REPLACE FUNCTION acct_message_urgent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.urgent := COALESCE((SELECT urgent FROM contact WHERE id = NEW.contact_id), FALSE);
  RETURN NEW;
END $$
"""
_PG_CONTACT_URGENT = """
CREATE OR REPLACE FUNCTION acct_contact_urgent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.urgent IS DISTINCT FROM OLD.urgent THEN
    UPDATE message SET urgent = NEW.urgent WHERE contact_id = NEW.id;
  END IF;
  RETURN NULL;
END $$
"""
_URGENT_OF = "COALESCE((SELECT c.urgent FROM contact c WHERE c.id = NEW.contact_id), 0)"


def create_urgent_triggers() -> None:
    """message.urgent is its contact's `urgent`, whoever sets contact_id or the flag."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_URGENT)
        op.execute(
            "CREATE TRIGGER message_urgent_kept BEFORE INSERT OR UPDATE OF contact_id, urgent"
            " ON message FOR EACH ROW EXECUTE FUNCTION acct_message_urgent()"
        )
        op.execute(_PG_CONTACT_URGENT)
        op.execute(
            "CREATE TRIGGER contact_urgent_kept AFTER UPDATE OF urgent ON contact"
            " FOR EACH ROW EXECUTE FUNCTION acct_contact_urgent()"
        )
        return
    # SQLite cannot change NEW in a BEFORE trigger: the row is put right just after, and
    # only when it is wrong (an import sets it itself)
    for event in ("INSERT", "UPDATE OF contact_id, urgent"):
        name = "message_urgent_" + event.split()[0].lower()
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON message"
            f" WHEN NEW.urgent IS NOT {_URGENT_OF}"
            f" BEGIN UPDATE message SET urgent = {_URGENT_OF} WHERE id = NEW.id; END"
        )
    op.execute(
        "CREATE TRIGGER contact_urgent_kept AFTER UPDATE OF urgent ON contact"
        " WHEN NEW.urgent IS NOT OLD.urgent"
        " BEGIN UPDATE message SET urgent = NEW.urgent WHERE contact_id = NEW.id; END"
    )


def drop_urgent_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS message_urgent_kept ON message")
        op.execute("DROP TRIGGER IF EXISTS contact_urgent_kept ON contact")
        op.execute("DROP FUNCTION IF EXISTS acct_message_urgent()")
        op.execute("DROP FUNCTION IF EXISTS acct_contact_urgent()")
        return
    for name in ("message_urgent_insert", "message_urgent_update", "contact_urgent_kept"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_tally_triggers() -> None:
    """The triggers that keep mail_tally exact (again, after a batch rebuild of `message`)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        # contact_id too: a change that a BEFORE trigger makes (urgent, from the contact) does
        # not fire an UPDATE OF trigger on PostgreSQL, only the columns the UPDATE sets do
        op.execute(
            "CREATE TRIGGER mail_tally_kept AFTER INSERT OR DELETE OR UPDATE OF"
            f" {', '.join(WATCHED)}, contact_id ON message"
            " FOR EACH ROW EXECUTE FUNCTION acct_mail_tally()"
        )
        return
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    op.execute(
        f"CREATE TRIGGER mail_tally_insert AFTER INSERT ON message BEGIN {_add('NEW', pg=False)};"
        " END"
    )
    op.execute(
        f"CREATE TRIGGER mail_tally_delete AFTER DELETE ON message BEGIN {_remove('OLD')}; END"
    )
    op.execute(
        f"CREATE TRIGGER mail_tally_update AFTER UPDATE OF {', '.join(WATCHED)} ON message"
        f" WHEN {changed} BEGIN {_remove('OLD')}; {_add('NEW', pg=False)}; END"
    )


def drop_tally_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS mail_tally_kept ON message")
        op.execute("DROP FUNCTION IF EXISTS acct_mail_tally()")
        return
    for name in ("mail_tally_insert", "mail_tally_delete", "mail_tally_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    op.execute("DROP INDEX IF EXISTS ix_message_morning")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("assigned_by_hand", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # the marks `acct mail assign` kept as mail_seen rows until now
    op.execute(
        "UPDATE message SET assigned_by_hand = TRUE WHERE EXISTS (SELECT 1 FROM mail_seen s"
        " WHERE s.source = 'acct:assigned' AND s.owner = message.owner"
        " AND s.name = CAST(message.id AS VARCHAR(20)))"
    )
    op.execute("DELETE FROM mail_seen WHERE source = 'acct:assigned'")
    op.execute(
        "UPDATE message SET urgent = TRUE WHERE contact_id IN (SELECT id FROM contact WHERE urgent)"
    )
    create_urgent_triggers()
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index("ix_message_morning", list(MORNING), unique=False)
    op.create_table(
        "mail_tally",
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),  # 0: no client
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("after_hours", sa.Boolean(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),  # from the urgent contact
        sa.Column("linked", sa.Boolean(), nullable=False),  # reported an incident
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name="pk_mail_tally"),
    )
    op.execute(
        f"INSERT INTO mail_tally ({', '.join(KEY)}, n)"
        f" SELECT {_values('message')}, COUNT(*) FROM message"
        f" WHERE message.state IN {TALLIED} GROUP BY {', '.join(str(i) for i in range(1, 8))}"
    )
    create_tally_triggers()


def downgrade() -> None:
    op.execute(
        "INSERT INTO mail_seen (owner, source, name, mtime_ns, size, messages)"
        " SELECT owner, 'acct:assigned', CAST(id AS VARCHAR(20)), 0, 0, client_id"
        " FROM message WHERE assigned_by_hand"
    )
    drop_tally_triggers()
    drop_urgent_triggers()
    op.drop_table("mail_tally")
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.drop_column("contact_name")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_morning")
        batch_op.drop_column("urgent")
        batch_op.drop_column("assigned_by_hand")
        batch_op.create_index("ix_message_morning", list(OLD_MORNING), unique=False)
