"""The questions `acct today` asks the store outside any one area's lists."""

from __future__ import annotations

from acctcli.store.db import Database


def any_messages(db: Database) -> bool:
    """Whether any mail has been imported (anyone's)."""
    return bool(db.scalar("SELECT 1 FROM message LIMIT 1"))
