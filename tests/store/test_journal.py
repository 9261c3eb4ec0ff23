"""The undo journal covers every table that holds the user's data, at the head.

Other changes add tables in their own migrations: each must call
`acctcli.store.journal.track(op, "table")` for it (and again after rebuilding a SQLite table,
which drops its triggers).  This test fails until it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from acctcli.store import journal
from acctcli.store.db import Journal, open_store


def _store(home: Path):  # type: ignore[no-untyped-def]
    from acctcli.settings import load_settings

    return open_store(load_settings().database_url)


def test_every_table_at_the_head_is_journalled(home: Path) -> None:
    db = _store(home)
    try:
        assert journal.untracked(db) == [], (
            "these tables hold data but are not journalled: call journal.track(op, TABLE) in"
            " the migration that makes them (see store/journal.py)"
        )
    finally:
        db.close()


def test_the_check_sees_a_table_without_triggers_and_a_column_the_triggers_miss(
    home: Path,
) -> None:
    db = _store(home)
    try:
        with db.transaction():
            db.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, title TEXT)")
        assert journal.untracked(db) == ["report"]
        with db.transaction():
            db.execute("DROP TABLE report")
            db.execute("ALTER TABLE upsell ADD COLUMN extra TEXT")
        # SQLite's triggers name the columns they copy; PostgreSQL's copy the whole row
        assert journal.untracked(db) == (["upsell"] if db.is_sqlite else [])
    finally:
        db.close()


def test_a_change_outside_acct_is_not_journalled_and_one_inside_is(home: Path) -> None:
    from datetime import datetime

    db = _store(home)
    try:
        with db.transaction():  # no journal: a migration's or a script's own connection
            db.execute(
                "INSERT INTO client (name, name_key, since, owner, created_at)"
                " VALUES ('A', 'a', '2026-01-01', 'anna', '2026-01-01')"
            )
        assert db.scalar("SELECT count(*) FROM journal_change") == 0
        db.journal = Journal("acct test", "anna", datetime(2026, 1, 1))
        with db.transaction():
            db.execute("UPDATE client SET notes = 'x' WHERE name = 'A'")
            db.execute("SELECT 1")
        with db.transaction():
            db.execute("SELECT 1")  # a transaction that changed nothing leaves no write
        rows = db.all("SELECT tbl, op FROM journal_change")
        assert [(r[0], r[1]) for r in rows] == [("client", "U")]
        assert db.scalar("SELECT count(*) FROM journal_write") == 1
        assert db.scalar("SELECT count(*) FROM journal_open") == 0
    finally:
        db.close()


def test_track_refuses_a_derived_table() -> None:
    class Op:
        def get_bind(self) -> None:
            raise AssertionError("not reached")

    with pytest.raises(ValueError):
        journal.track(Op(), "mail_tally")


def test_the_journal_check_finds_what_is_wrong(home: Path) -> None:
    db = _store(home)
    try:
        assert journal.problems(db) == []
        with db.transaction():
            db.execute("INSERT INTO journal_open (write_id) VALUES (99)")
            db.execute(
                "INSERT INTO journal_change (write_id, tbl, op, row_id)"
                " VALUES (98, 'client', 'I', 1)"
            )
        found = journal.problems(db)
        assert found == ["1 write(s) left open in journal_open", "1 journal change(s) of no write"]
    finally:
        db.close()
