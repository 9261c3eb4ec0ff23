"""The schema of record: SQLModel tables, one module per area.

Run-time code does not import this package (see store/db.py); Alembic's env.py, `acct db copy`
and the tests do.  tests/store/test_store.py proves the migrations build exactly this.
"""

from sqlmodel import SQLModel

from acctcli.store.schema import (  # noqa: F401
    calls,
    clients,
    followups,
    incidents,
    journal,
    mail,
    money,
    onboarding,
    reports,
    search,
    team,
)

metadata = SQLModel.metadata
