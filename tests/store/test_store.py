"""The store: location, permissions, WAL, foreign keys, and migrations that lose nothing."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error

from acctcli.store import db as store_db
from acctcli.store.migrate import head_revision, upgrade


def test_schema_head_constant_is_alembics_head() -> None:
    assert store_db.SCHEMA_HEAD == head_revision()


def test_migrations_build_exactly_the_sqlmodel_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from acctcli.store.schema import metadata

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        # search_fts and its shadow tables: FTS5's, made by migration 0013, not a model's
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, kind, _p: not str(name).startswith("search_fts")},
        )
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_percent_signs_and_colons_stay_text_with_or_without_parameters(home: Path) -> None:
    """`:name` marks become the driver's own on PostgreSQL and every `%` is escaped for it:
    a query with no parameters gets its `%` back too, and rows index by name and position."""
    from acctcli.settings import load_settings

    db = store_db.open_store(load_settings().database_url)
    assert db.scalar("SELECT '100% :not_a_mark'") == "100% :not_a_mark"
    row = db.one("SELECT '5%' AS share, :x AS x", {"x": "50%s"})
    assert row is not None and (row["share"], row[1]) == ("5%", "50%s")
    db.close()


@pytest.mark.sqlite_only
def test_first_use_creates_private_folder_and_file_in_wal_mode(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "acct.db").stat().st_mode) == 0o600
    wal = home / "acct.db-wal"
    assert not wal.exists() or stat.S_IMODE(wal.stat().st_mode) & 0o077 == 0
    con = sqlite3.connect(home / "acct.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (
        con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == store_db.SCHEMA_HEAD
    )
    con.close()


def test_foreign_keys_are_enforced(home: Path) -> None:
    from acctcli.settings import load_settings

    db = store_db.open_store(load_settings().database_url)
    with pytest.raises(store_db.IntegrityError):
        with db.transaction():
            db.execute(
                "INSERT INTO contact (client_id, name, urgent, created_at)"
                " VALUES (999, 'x', false, '2026-01-01')"
            )
    db.close()


@pytest.mark.sqlite_only
def test_database_url_overrides_the_home_file(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "elsewhere" / "team.db"
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{other}")
    assert acct("client", "add", "Суши Дом").exit_code == 0
    assert other.exists() and not (home / "acct.db").exists()


def _store_at_first_migration(path: Path) -> None:
    upgrade(f"sqlite:///{path}", "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO client (id, name, name_key, since, cadence, channel, owner, created_at)"
        " VALUES (1, 'Старый Клиент', 'старый клиент', '2020-02-03', 'monthly:5', 'phone', 'anna',"
        " '2020-02-03 10:00:00')"
    )
    con.execute(
        "INSERT INTO client_status (client_id, status, on_date, created_at)"
        " VALUES (1, 'active', '2020-02-03', '2020-02-03 10:00:00')"
    )
    con.execute(
        "INSERT INTO client_service (client_id, service, fee_minor) VALUES (1, 'seo', 5000050)"
    )
    con.execute("INSERT INTO client_domain (client_id, domain) VALUES (1, 'old.ru')")
    con.execute(
        "INSERT INTO contact (client_id, name, email, urgent, created_at)"
        " VALUES (1, 'Пётр', 'petr@old.ru', 1, '2020-02-03 10:00:00')"
    )
    con.commit()
    con.close()


@pytest.mark.sqlite_only
def test_store_from_the_first_migration_opens_with_nothing_lost(acct: Run, home: Path) -> None:
    home.mkdir(mode=0o700)
    _store_at_first_migration(home / "acct.db")
    shown = acct("client", "show", "старый", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = shown.json()
    assert data["name"] == "Старый Клиент" and data["since"] == "2020-02-03"
    assert data["fees"] == {"seo": "50000.50"} and data["domains"] == ["old.ru"]
    assert data["contacts"][0]["name"] == "Пётр" and data["contacts"][0]["urgent"] is True
    con = sqlite3.connect(home / "acct.db")
    assert (
        con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == store_db.SCHEMA_HEAD
    )
    con.close()
    backups = list(home.glob("acct-backup-0001-*.db"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    old.close()
    # and the upgraded store takes new data
    assert acct("client", "add", "Новый").exit_code == 0


@pytest.mark.sqlite_only
def test_store_from_a_newer_acct_is_refused(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    con = sqlite3.connect(home / "acct.db")
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    assert_user_error(acct("client", "list"), "newer acct")


def _imported_modules(code: str, env_home: Path) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"ACCT_HOME": str(env_home), "PATH": "/usr/bin:/bin", "ACCT_USER": "anna"},
    ).stdout
    return set(out.split())


@pytest.mark.sqlite_only
def test_current_schema_check_does_not_import_alembic(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    modules = _imported_modules(
        "from acctcli.entry import main\nmain(['client', 'list'])",
        home,
    )
    assert "acctcli.store.db" in modules
    assert not {"alembic", "sqlalchemy", "sqlmodel"} & modules
