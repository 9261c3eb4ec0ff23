"""money at scale (issue 17): `invoice.settled_on`, so that open invoices are an index range

`invoice.settled_on` is the first payment day on which the invoice's payments reached its
amount, NULL while it is open (and for an invoice paid more than its amount); triggers on
`payment` (insert, delete, a change of invoice, amount or day) and on `invoice` (a change of
amount) keep it exact in the same statement as
the write (store/money.py `settled_on_schema`).  "Open as of D" is `settled_on IS NULL OR
settled_on > D`: two ranges of ix_invoice_settled — the few invoices open now (NULL) and
those settled after the day — instead of summing the payments of every invoice ever issued.
The exact balance is still summed from the payments, for those invoices only.  `acct kpi`
leaves out of its sums before the report's months the invoices settled before them, which
add nothing there (store/kpi.py).

Existing invoices get their settled_on computed here from their payments.  The triggers
update the invoice only when the day changes, so a part payment journals no invoice row.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from acctcli.store.money import SETTLED_ON_SQL, settled_on_schema

    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("invoice", sa.Column("settled_on", sa.Date(), nullable=True))
    op.execute(f"UPDATE invoice SET settled_on = {SETTLED_ON_SQL}")
    op.create_index("ix_invoice_settled", "invoice", ["settled_on"])
    for statement in settled_on_schema(sqlite):
        op.execute(statement)
    from acctcli.store import journal

    journal.track(op, "invoice")  # the undo journal's triggers name the new column (0014)


def downgrade() -> None:
    from acctcli.store.money import settled_on_drop

    for statement in settled_on_drop(op.get_bind().dialect.name == "sqlite"):
        op.execute(statement)
    op.drop_index("ix_invoice_settled", "invoice")
    with op.batch_alter_table("invoice") as batch:
        batch.drop_column("settled_on")
    from acctcli.store import journal

    journal.track(op, "invoice")
