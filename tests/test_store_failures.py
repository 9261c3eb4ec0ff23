"""A store that is damaged, foreign, newer, read-only or on a full disk: one `Error:` line
naming the file and what to do, never a traceback, and the data as it was (issue 15).

Disk full and read-only media are real: a small tmpfs mounted for the test (acct's tests run as
root on the development machines and in CI); where mounting is not allowed the test is skipped
with the reason (in CI, a failure)."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import IN_CI, Run, assert_user_error, store_dump

pytestmark = pytest.mark.sqlite_only

READS = [
    ("today", "--date", "2026-11-20"),
    ("calls", "--date", "2026-11-20"),
    ("client", "list", "--all"),
    ("client", "show", "пицца"),
    ("mail", "list", "--date", "2026-11-20"),
    ("kpi", "--month", "2026-10"),
    ("invoice", "list", "--team"),
    ("incident", "list", "--date", "2026-11-20"),
    ("upsell", "list"),
    ("follow", "list", "--date", "2026-11-20"),
    ("call", "history", "пицца"),
    ("search", "счёт"),
    ("onboard", "Стоматология Улыбка", "--date", "2026-11-20"),
    ("db", "status"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sqlite_file_of_another_program_is_refused_and_left_untouched(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "notes.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE client (id INTEGER PRIMARY KEY, nick TEXT)")  # an acct name too
    raw.execute("INSERT INTO client (nick) VALUES ('mine')")
    raw.commit()
    raw.close()
    before = _digest(other)
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{other}")
    for args in (("client", "list"), ("client", "add", "Новый"), ("db", "migrate")):
        result = acct(*args)
        assert_user_error(result, str(other), "not an acct store")
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.db"]


def test_a_truncated_store_is_one_line_naming_it_and_what_to_do(acct: Run, home: Path) -> None:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    store = home / "acct.db"
    raw = sqlite3.connect(store)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    store.write_bytes(store.read_bytes()[: store.stat().st_size // 2])
    for args in READS[:4] + [("client", "add", "Новый"), ("db", "check")]:
        result = acct(*args)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert str(store) in result.stderr or "FAILED" in result.stdout, (args, result.stderr)
        if args != ("db", "check"):
            assert "acct restore" in result.stderr or "acct db check" in result.stderr


def test_a_store_from_a_newer_acct_says_to_upgrade(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Суши Дом").exit_code == 0
    raw = sqlite3.connect(home / "acct.db")
    raw.execute("UPDATE alembic_version SET version_num = '0042'")
    raw.commit()
    raw.close()
    before = _digest(home / "acct.db")
    result = acct("client", "list")
    assert_user_error(result, str(home / "acct.db"), "newer acct")
    assert "upgrade acct" in result.stderr
    assert _digest(home / "acct.db") == before


def test_a_migration_that_fails_puts_the_store_back_as_it_was(acct: Run, home: Path) -> None:
    from acctcli.store.migrate import upgrade

    home.mkdir(mode=0o700)
    url = f"sqlite:///{home / 'acct.db'}"
    upgrade(url, "0012")
    raw = sqlite3.connect(home / "acct.db")
    raw.execute(
        "INSERT INTO client (name, name_key, since, owner, created_at)"
        " VALUES ('Суши Дом', 'суши дом', '2026-01-01', 'anna', '2026-01-01 00:00:00')"
    )
    raw.execute("CREATE TABLE search_doc (junk TEXT)")  # what 0013 is about to create
    raw.commit()
    tables = sorted(r[0] for r in raw.execute("SELECT name FROM sqlite_master"))
    raw.close()
    result = acct("client", "list")
    assert_user_error(result, "put back as it was")
    raw = sqlite3.connect(home / "acct.db")
    assert sorted(r[0] for r in raw.execute("SELECT name FROM sqlite_master")) == tables
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0012"
    assert raw.execute("SELECT name FROM client").fetchall() == [("Суши Дом",)]
    raw.close()


# --- real file systems: a full one, a read-only one ----------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount a tmpfs of a given size; unmounted after the test."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"fs{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            reason = f"cannot mount a tmpfs here: {done.stderr.strip()}"
            if IN_CI:
                pytest.fail(reason)
            pytest.skip(reason)
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _remount_read_only(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


def _demo_on(point: Path, acct: Run, monkeypatch: pytest.MonkeyPatch, config: str = "") -> Path:
    home = point / "home"
    home.mkdir(mode=0o700)
    if config:
        (home / "config.toml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("ACCT_HOME", str(home))
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    return home


def test_a_store_on_read_only_media_serves_every_read_and_refuses_writes_in_one_line(
    acct: Run, tmpfs: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    point = tmpfs("64m")
    home = _demo_on(point, acct, monkeypatch)
    expected = {args: acct(*args).stdout for args in READS}
    before = store_dump(home)
    _remount_read_only(point)
    for args in READS:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout == expected[args], args
    check = acct("db", "check")
    assert check.exit_code == 0 and "read-only" in check.stdout
    for args in (
        ("client", "add", "Новый"),
        ("call", "log", "пицца"),
        ("invoice", "pay", "2026-0033", "--on", "2026-11-20"),
        ("mail", "done", "1"),
    ):
        assert_user_error(acct(*args), str(home / "acct.db"), "read-only")
    out = tmp_path / "rescued.db"
    assert acct("backup", "--out", str(out)).exit_code == 0  # a copy to somewhere writable
    assert store_dump(home) == before


def _fill(point: Path) -> Path:
    filler = point / "filler"
    with filler.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_is_one_line_and_the_store_is_as_it_was(
    acct: Run, tmpfs: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    point = tmpfs("24m")
    home = _demo_on(point, acct, monkeypatch)
    raw = sqlite3.connect(home / "acct.db")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the next write must grow the log
    raw.close()
    before = store_dump(home)
    filler = _fill(point)
    note = "x" * 9000
    for args in (
        ("client", "add", "Новый", "--cadence", "weekly"),
        ("call", "log", "пицца", "--note", note),
    ):
        result = acct(*args)
        assert_user_error(result, "disk", "full")
        assert "internal error" not in result.stderr
    filler.unlink()
    assert store_dump(home) == before
    backups = home / "backups"
    assert not backups.exists() or not [p for p in backups.iterdir() if "partial" in p.name]
    assert acct("client", "add", "Новый").exit_code == 0  # space again: it works
    assert acct("db", "check").exit_code == 0


def test_a_db_copy_that_fails_removes_what_it_created(
    acct: Run, home: Path, tmpfs: Callable[[str], Path]
) -> None:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    point = tmpfs("300k")
    result = acct("db", "copy", "--to", f"sqlite:///{point / 'copy.db'}")
    assert_user_error(result, "full")
    assert list(point.iterdir()) == []


def test_every_file_acct_writes_is_private(acct: Run, home: Path, tmp_path: Path) -> None:
    (home).mkdir(mode=0o700, parents=True, exist_ok=True)
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    assert acct("calls", "--date", "2026-11-20").exit_code == 0  # the holidays cache
    assert acct("client", "add", "Ещё один").exit_code == 0  # the day's backup
    assert acct("backup").exit_code == 0
    files = [p for p in home.rglob("*")]
    assert any(p.name == "holidays.tsv" for p in files)
    assert any(p.parent.name == "backups" for p in files)
    for path in files:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_db_check_of_a_store_too_damaged_to_open_does_not_send_the_user_back_to_itself(
    acct: Run, home: Path
) -> None:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    store = home / "acct.db"
    raw = sqlite3.connect(store)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = bytearray(store.read_bytes())
    data[100 + 8 : 100 + 4096] = b"\xff" * (4096 - 108)  # the schema's page (page 1) ruined
    store.write_bytes(bytes(data))
    result = acct("db", "check")
    assert_user_error(result, str(store))
    assert "acct restore" in result.stderr and "acct db check" not in result.stderr


def test_a_store_path_too_long_for_the_file_system_is_one_line(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{tmp_path / ('a' * 300)}.db")
    for args in (("today",), ("client", "add", "Новый"), ("db", "check")):
        assert_user_error(acct(*args), "cannot open the store")
