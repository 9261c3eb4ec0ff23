"""acct backup, acct restore, the daily backup and acct db check (issue 15)."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import ENGINE, Run, assert_user_error, store_dump

from acctcli.settings import load_settings
from acctcli.store.db import connect


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    return acct


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _clients(path: Path) -> list[str]:
    raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in raw.execute("SELECT name FROM client"))
    finally:
        raw.close()


@pytest.mark.sqlite_only
def test_a_backup_is_a_whole_private_copy_even_while_another_writer_holds_the_store(
    demo: Run, home: Path, tmp_path: Path
) -> None:
    writer = sqlite3.connect(home / "acct.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO client (name, name_key, since, owner, created_at)"
        " VALUES ('Половина', 'половина', '2026-01-01', 'anna', '2026-01-01 00:00:00')"
    )
    out = tmp_path / "copy.db"
    result = demo("backup", "--out", str(out))
    writer.execute("ROLLBACK")
    writer.close()
    assert result.exit_code == 0, result.stderr
    assert str(out) in result.stdout and "acct restore" in result.stdout
    assert _mode(out) == 0o600
    assert "Половина" not in _clients(out)  # what was committed, nothing half-done
    assert _clients(out) == _clients(home / "acct.db")
    raw = sqlite3.connect(out)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.sqlite_only
def test_a_backup_never_overwrites_a_file(demo: Run, tmp_path: Path) -> None:
    out = tmp_path / "taken.db"
    out.write_text("mine")
    assert_user_error(demo("backup", "--out", str(out)), "already exists")
    assert out.read_text() == "mine"


@pytest.mark.sqlite_only
def test_a_backup_where_no_file_can_be_says_so_not_that_the_store_is_broken(
    demo: Run, tmp_path: Path
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for out in (a_file / "copy.db", tmp_path / ("x" * 300 + ".db")):
        result = demo("backup", "--out", str(out))
        assert_user_error(result, "cannot write")
        assert "db check" not in result.stderr and "store" not in result.stderr
    assert a_file.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == [
        "acct-home",
        "notes.txt",
    ]
    too_long = tmp_path / ("x" * 300 + ".db")
    assert_user_error(demo("restore", str(too_long), "--yes"), "cannot read")


@pytest.mark.sqlite_only
def test_the_default_backup_goes_to_the_backups_folder(demo: Run, home: Path) -> None:
    result = demo("backup")
    assert result.exit_code == 0, result.stderr
    made = [p for p in (home / "backups").glob("acct-*.db") if "-" in p.stem[5:]]
    assert made and all(_mode(p) == 0o600 for p in made)
    assert _mode(home / "backups") == 0o700


def test_a_postgresql_store_is_backed_up_with_pg_dump_shown_without_its_password(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_DATABASE_URL", "postgresql+psycopg://anna:s3cret@db.agency.lan/acct")
    result = acct("backup")
    assert_user_error(result, "pg_dump")
    assert "pg_dump --format=custom" in result.stderr
    assert "postgresql://anna@db.agency.lan/acct" in result.stderr
    assert "s3cret" not in result.stderr


@pytest.mark.sqlite_only
def test_restore_puts_a_backup_back_and_keeps_the_store_it_replaced(
    demo: Run, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "before.db"
    assert demo("backup", "--out", str(out)).exit_code == 0
    assert demo("client", "add", "Позже").exit_code == 0
    result = demo("restore", str(out), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Позже" not in _clients(home / "acct.db")
    kept = list((home / "backups").glob("acct-before-restore-*.db"))
    assert len(kept) == 1 and "Позже" in _clients(kept[0]) and _mode(kept[0]) == 0o600
    assert _mode(home / "acct.db") == 0o600
    assert demo("db", "check").exit_code == 0
    listed = demo("client", "list", "--all")
    assert listed.exit_code == 0 and "Позже" not in listed.stdout


@pytest.mark.sqlite_only
def test_two_restores_in_the_same_second_keep_both_replaced_stores(
    demo: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from acctcli.context import AppContext

    monkeypatch.setattr(AppContext, "now", lambda self: datetime(2026, 12, 4, 9, 30, 0))
    out = tmp_path / "before.db"
    assert demo("backup", "--out", str(out)).exit_code == 0
    assert demo("client", "add", "Первый").exit_code == 0
    assert demo("restore", str(out), "--yes").exit_code == 0
    assert demo("client", "add", "Второй").exit_code == 0
    second = demo("restore", str(out), "--yes")
    assert second.exit_code == 0, second.stderr
    kept = sorted((home / "backups").glob("acct-before-restore-*.db"))
    assert len(kept) == 2, kept
    assert sorted(name for k in kept for name in _clients(k) if name in ("Первый", "Второй")) == [
        "Второй",
        "Первый",
    ]
    said = second.stdout.split("kept as", 1)[1].strip()
    assert Path(said).exists() and "Второй" in _clients(Path(said))


@pytest.mark.sqlite_only
def test_restore_asks_first(demo: Run, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "before.db"
    assert demo("backup", "--out", str(out)).exit_code == 0
    assert demo("client", "add", "Позже").exit_code == 0
    before = store_dump(home)
    assert_user_error(demo("restore", str(out)), "replaces the whole store")
    assert store_dump(home) == before


def _foreign(path: Path) -> None:
    path.unlink()
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    raw.execute("INSERT INTO notes (text) VALUES ('not acct')")
    raw.commit()
    raw.close()


def _newer(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("spoil", "fragment"),
    [
        (_foreign, "not an acct store"),
        (_newer, "newer acct"),
        (_truncated, ""),
        (_garbage, ""),
        (lambda p: p.write_bytes(b""), "not an acct store"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_whole_acct_store(
    demo: Run,
    home: Path,
    tmp_path: Path,
    spoil,
    fragment: str,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "bad.db"
    assert demo("backup", "--out", str(out)).exit_code == 0
    spoil(out)
    before = store_dump(home)
    result = demo("restore", str(out), "--yes")
    assert_user_error(result, str(out), fragment)
    assert store_dump(home) == before
    assert not (home / "backups").exists() or not list(
        (home / "backups").glob("acct-before-restore-*")
    )


@pytest.mark.sqlite_only
def test_restore_replaces_a_damaged_store_and_keeps_the_damaged_file(
    demo: Run, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "good.db"
    assert demo("backup", "--out", str(out)).exit_code == 0
    (home / "acct.db").write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        (home / f"acct.db{suffix}").unlink(missing_ok=True)
    assert_user_error(demo("today"), "acct.db")
    assert demo("restore", str(out), "--yes").exit_code == 0
    assert demo("today", "--date", "2026-11-20").exit_code == 0
    kept = list((home / "backups").glob("acct-before-restore-*.db"))
    assert [p.read_bytes()[:7] for p in kept] == [b"garbage"]


def _write_config(home: Path, text: str) -> None:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


@pytest.mark.sqlite_only
def test_the_first_write_of_the_day_makes_the_daily_backup_and_old_ones_go(
    demo: Run, home: Path
) -> None:
    _write_config(home, "[backup]\nkeep = 2\n")
    folder = home / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    for daily in folder.glob("acct-*.db"):
        daily.unlink()
    for day in ("2026-01-01", "2026-01-02", "2026-01-03"):
        (folder / f"acct-{day}.db").write_bytes(b"old")
    today = folder / f"acct-{date.today().isoformat()}.db"
    assert demo("client", "list").exit_code == 0
    assert demo("today", "--date", "2026-11-20").exit_code == 0
    assert not today.exists()  # reads never make one
    assert demo("client", "add", "Утро").exit_code == 0
    assert today.exists() and _mode(today) == 0o600
    assert "Утро" not in _clients(today)  # the store as it was before the day's first write
    assert sorted(p.name for p in folder.glob("acct-*.db")) == [
        "acct-2026-01-03.db",
        today.name,
    ]
    assert demo("client", "add", "День").exit_code == 0
    assert "День" not in _clients(today)  # once a day


@pytest.mark.sqlite_only
def test_keep_zero_turns_the_daily_backup_off(acct: Run, home: Path) -> None:
    _write_config(home, "[backup]\nkeep = 0\n")
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    assert acct("client", "add", "Утро").exit_code == 0
    assert not (home / "backups").exists()


# --- acct db check ------------------------------------------------------------------------


def _sql(*statements: str) -> None:
    db = connect(load_settings().database_url)
    try:
        with db.transaction():
            for statement in statements:
                db.execute(statement)
    finally:
        db.close()


def test_db_check_passes_on_a_healthy_store(demo: Run) -> None:
    result = demo("db", "check")
    assert result.exit_code == 0, result.stdout
    for label in ("invoice balances", "one urgent contact per client", "mail tally"):
        assert label in result.stdout
    checks = demo("db", "check", "--json").json()
    assert checks["ok"] is True
    names = {c["name"]: c["state"] for c in checks["checks"]}
    assert names["balances"] == names["mail_tally"] == names["statuses"] == "ok"
    expected = "ok" if ENGINE == "sqlite" else "skipped"
    assert names["integrity"] == names["foreign_keys"] == names["search_index"] == expected


@pytest.mark.parametrize(
    ("statements", "check", "fragment"),
    [
        (
            ["UPDATE contact SET urgent = TRUE WHERE client_id = (SELECT id FROM client"
             " WHERE name = 'Гранд Холдинг')"],
            "urgent_contacts",
            "Гранд Холдинг has",
        ),
        (
            ["INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
             " SELECT id, amount_minor * 3, issued, created_at FROM invoice"
             " ORDER BY id LIMIT 1"],
            "balances",
            "paid",
        ),
        (
            ["DELETE FROM client_status WHERE client_id = (SELECT id FROM client"
             " WHERE name = 'Суши Дом')"],
            "statuses",
            "Суши Дом has no status",
        ),
        (["UPDATE mail_tally SET n = n + 5"], "mail_tally", "the tally says"),
    ],
)  # fmt: skip
def test_db_check_names_each_broken_rule_and_exits_1(
    demo: Run, statements: list[str], check: str, fragment: str
) -> None:
    _sql(*statements)
    result = demo("db", "check")
    assert result.exit_code == 1
    assert "FAILED" in result.stdout and fragment in result.stdout
    document = demo("db", "check", "--json").json()
    states = {c["name"]: c for c in document["checks"]}
    assert document["ok"] is False and states[check]["state"] == "failed"
    assert [n for n, c in states.items() if c["state"] == "failed"] == [check]


@pytest.mark.sqlite_only
def test_db_check_finds_a_search_index_out_of_step_and_dangling_rows(demo: Run, home: Path) -> None:
    raw = sqlite3.connect(home / "acct.db", isolation_level=None)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("DROP TRIGGER search_doc_ad")  # as another tool might, then a row goes
    raw.execute("DELETE FROM search_doc WHERE rowid = (SELECT min(rowid) FROM search_doc)")
    raw.execute("DELETE FROM client WHERE name = 'Суши Дом'")
    raw.close()
    document = demo("db", "check", "--json").json()
    states = {c["name"]: c["state"] for c in document["checks"]}
    assert states["search_index"] == "failed"
    assert states["foreign_keys"] == "failed"


def test_the_checks_are_a_list_a_new_one_joins(demo: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from acctcli.store import checks

    extra = checks.Check("always", "always fails", lambda db: ["it failed"])
    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, extra])
    result = demo("db", "check")
    assert result.exit_code == 1 and "always fails" in result.stdout
    assert "it failed" in result.stdout
