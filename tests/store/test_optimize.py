"""Issue 17: the store keeps its planner statistics current without an `acct db analyze`.

A connection that wrote runs `PRAGMA optimize` as it closes (SQLite's advice for short-lived
connections); one that only read leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.settings import load_settings
from acctcli.store.db import open_store


def _stats(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return []
        return [str(r[0]) for r in con.execute("SELECT DISTINCT tbl FROM sqlite_stat1")]
    finally:
        con.close()


@pytest.fixture
def sqlite_url(home: Path) -> str:
    url = load_settings().database_url
    if not url.startswith("sqlite:"):
        pytest.skip("PRAGMA optimize is SQLite's")
    open_store(url).close()  # created and migrated
    return url


def _fill(url: str) -> None:
    db = open_store(url)
    try:
        with db.transaction():
            db.execute(
                "INSERT INTO client (name, name_key, since, owner, created_at)"
                " VALUES ('Big', 'big', '2020-01-01', 'anna', '2020-01-01 00:00:00')"
            )
            cid = db.scalar("SELECT id FROM client WHERE name_key = 'big'")
            db.executemany(
                "INSERT INTO touch (client_id, channel, at, source) VALUES (:c, 'phone', :at, 'x')",
                [
                    {"c": cid, "at": f"2021-01-01 00:{n // 60 % 60:02d}:{n % 60:02d}"}
                    for n in range(3000)
                ],
            )
        db.all("SELECT id FROM touch WHERE client_id = :c ORDER BY at DESC LIMIT 1", {"c": cid})
    finally:
        db.close()


def test_a_large_import_leaves_statistics_for_the_planner(sqlite_url: str) -> None:
    path = Path(sqlite_url.split(":///", 1)[1])
    stats_before = _stats(path)
    assert "touch" not in stats_before
    _fill(sqlite_url)
    assert "touch" in _stats(path)


def test_a_read_only_command_does_not_analyze(sqlite_url: str) -> None:
    path = Path(sqlite_url.split(":///", 1)[1])
    before = _stats(path)
    db = open_store(sqlite_url)
    try:
        db.all("SELECT id FROM touch WHERE client_id = 1 ORDER BY at DESC LIMIT 1")
    finally:
        db.close()
    assert _stats(path) == before


def test_a_small_write_keeps_the_planner_without_statistics(sqlite_url: str) -> None:
    path = Path(sqlite_url.split(":///", 1)[1])
    db = open_store(sqlite_url)
    try:
        with db.transaction():
            db.execute(
                "INSERT INTO client (name, name_key, since, owner, created_at)"
                " VALUES ('Small', 'small', '2020-01-01', 'anna', '2020-01-01 00:00:00')"
            )
        db.all("SELECT id FROM client WHERE name_key = 'small'")
    finally:
        db.close()
    assert "client" not in _stats(path)


def _stat_rows(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        return {
            str(idx): str(stat) for _tbl, idx, stat in con.execute("SELECT * FROM sqlite_stat1")
        }
    finally:
        con.close()


def test_the_first_write_of_the_day_refreshes_the_statistics_once(
    sqlite_url: str, acct: Run, home: Path
) -> None:
    """A store grows by small writes (an invoice, a call): `PRAGMA optimize` never analyzes
    it, and without statistics the month's KPI walks every invoice of every client.  The
    day's first write, with the day's backup, takes them afresh; later writes that day not."""
    (home / "config.toml").write_text("[backup]\nkeep = 2\n", encoding="utf-8")
    path = Path(sqlite_url.split(":///", 1)[1])
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO client (id, name, name_key, since, owner, created_at)"
            " VALUES (1, 'Big', 'big', '2020-01-01', 'anna', '2020-01-01 00:00:00')"
        )
        con.executemany(
            "INSERT INTO invoice (number, client_id, amount_minor, issued, due, created_at)"
            " VALUES (?, 1, 100, ?, ?, '2020-01-01 00:00:00')",
            [
                (f"N{n}", f"2021-{n % 12 + 1:02d}-01", f"2021-{n % 12 + 1:02d}-15")
                for n in range(600)
            ],
        )
        con.execute("DROP TABLE IF EXISTS sqlite_stat1")
    con.close()
    assert _stats(path) == []
    assert acct("client", "add", "Утро").exit_code == 0
    first = _stat_rows(path)
    assert first["ix_invoice_client"].split()[0] == "600"  # every invoice counted
    assert "ix_invoice_issued" in first and "ix_client_owner" in first
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO invoice (number, client_id, amount_minor, issued, due, created_at)"
            " VALUES (?, 1, 100, '2022-01-01', '2022-01-15', '2020-01-01 00:00:00')",
            [(f"M{n}",) for n in range(600)],
        )
    con.close()
    assert acct("client", "add", "День").exit_code == 0
    assert _stat_rows(path) == first  # once a day: the second write leaves them


def test_a_refused_first_write_leaves_the_statistics_as_they_were(
    sqlite_url: str, acct: Run, home: Path
) -> None:
    (home / "config.toml").write_text("[backup]\nkeep = 2\n", encoding="utf-8")
    path = Path(sqlite_url.split(":///", 1)[1])
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO client (id, name, name_key, since, owner, created_at)"
            " VALUES (1, 'Big', 'big', '2020-01-01', 'anna', '2020-01-01 00:00:00')"
        )
        con.execute("DROP TABLE IF EXISTS sqlite_stat1")
    con.close()
    refused = acct("client", "add", "Big")  # a client of that name exists
    assert refused.exit_code == 1 and refused.stderr.startswith("Error:")
    assert list((home / "backups").glob("acct-*.db"))  # the day's backup came first
    assert _stats(path) == []
