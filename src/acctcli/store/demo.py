"""SQL of the demo agency's own: what the demo sets that no command does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from acctcli.store.db import Database


def set_client_notes(db: Database, client_id: int, notes: str) -> None:
    db.execute("UPDATE client SET notes = :n WHERE id = :i", {"n": notes, "i": client_id})


def set_mail_states(
    db: Database, owner: str, states: Sequence[tuple[str, str, date | None]]
) -> None:
    """(message key, state, snoozed until) for this owner's imported demo mail."""
    db.executemany(
        "UPDATE message SET state = :s, snooze_until = :u WHERE owner = :o AND message_key = :k",
        [{"k": key, "o": owner, "s": state, "u": until} for key, state, until in states],
    )
