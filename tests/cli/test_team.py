"""The team store: owners, handovers, `acct db …`, PostgreSQL migrations and copies."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

from acctcli.store.db import SCHEMA_HEAD

_numbers = itertools.count()


@pytest.fixture
def empty_pg_url(pg_base_url: str) -> Iterator[str]:
    """A PostgreSQL database with nothing in it (no schema)."""
    from tests.pgserver import admin_execute

    name = f"acct_empty{os.getpid()}_{next(_numbers)}"
    admin_execute(pg_base_url, f"CREATE DATABASE {name}")
    yield f"{pg_base_url}/{name}"
    admin_execute(pg_base_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _names(acct: Run, *args: str) -> list[str]:
    return [c["name"] for c in acct("client", "list", "--json", *args).json()["clients"]]


def test_temporary_handover_shows_the_client_to_the_stand_in_until_the_date(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert acct("client", "add", "Суши Дом", "--since", "2025-01-01").exit_code == 0
    assert acct("client", "add", "Пицца Мама", "--since", "2025-01-01").exit_code == 0
    result = acct(
        "client",
        "handover",
        "суши",
        "--to",
        "boris",
        "--until",
        "2026-12-14",
        "--date",
        "2026-12-01",
    )
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("ACCT_USER", "boris")
    assert _names(acct, "--date", "2026-12-01") == ["Суши Дом"]
    assert _names(acct, "--date", "2026-12-14") == ["Суши Дом"]
    assert _names(acct, "--date", "2026-12-15") == []
    monkeypatch.setenv("ACCT_USER", "anna")
    assert _names(acct, "--date", "2026-12-05") == ["Пицца Мама", "Суши Дом"]
    shown = acct("client", "show", "суши", "--json").json()
    assert shown["owner"] == "anna"


def test_handover_for_good_changes_the_owner(acct: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert acct("client", "add", "Суши Дом").exit_code == 0
    assert acct("client", "handover", "суши", "--to", "boris").exit_code == 0
    assert _names(acct) == []
    assert acct("client", "show", "суши", "--json").json()["owner"] == "boris"
    monkeypatch.setenv("ACCT_USER", "boris")
    assert _names(acct) == ["Суши Дом"]


def test_owner_option_and_team_listing(acct: Run) -> None:
    assert acct("client", "add", "Суши Дом", "--owner", "boris").exit_code == 0
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    assert _names(acct) == ["Пицца Мама"]
    team = acct("client", "list", "--team", "--json").json()["clients"]
    assert {c["name"]: c["owner"] for c in team} == {"Пицца Мама": "anna", "Суши Дом": "boris"}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["client", "handover", "суши", "--to", "anna"], "already belongs"),
        (["client", "handover", "суши", "--to", " "], "--to"),
        (["client", "handover", "суши", "--to", "boris", "--until", "2020-01-01"], "past"),
        (["client", "handover", "суши", "--to", "boris", "--until", "soon"], "bad --until"),
        (["client", "handover", "нет", "--to", "boris"], "no client"),
    ],
)
def test_handover_errors(acct: Run, home: Path, args: list[str], fragment: str) -> None:
    assert acct("client", "add", "Суши Дом").exit_code == 0
    before = store_dump(home)
    assert_user_error(acct(*args), fragment)
    assert store_dump(home) == before


def test_db_status_reports_the_current_schema(acct: Run) -> None:
    assert acct("client", "add", "Суши Дом").exit_code == 0
    info = acct("db", "status", "--json").json()
    assert info["state"] == "current" and info["revision"] == SCHEMA_HEAD == info["head"]
    assert info["tables"]["client"] == 1 and info["tables"]["client_status"] == 1
    assert info["engine"] in ("sqlite", "postgresql")


def test_printed_urls_hide_the_password() -> None:
    from acctcli.services.dbadmin import masked

    assert masked("postgresql+psycopg://anna:s3cret@db:5432/acct") == (
        "postgresql+psycopg://anna:***@db:5432/acct"
    )
    assert masked("sqlite:////home/anna/acct.db") == "sqlite:////home/anna/acct.db"


@pytest.mark.postgres_only
def test_shared_schema_is_only_changed_by_db_migrate(
    acct: Run, empty_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_DATABASE_URL", empty_pg_url)
    assert_user_error(acct("client", "list"), "no acct schema")
    assert "acct db migrate" in acct("client", "list").stderr
    assert acct("db", "status", "--json").json()["state"] == "empty"
    result = acct("db", "migrate")
    assert result.exit_code == 0 and SCHEMA_HEAD in result.stdout
    assert acct("client", "add", "Суши Дом").exit_code == 0
    # an outdated shared schema stops every other command with a one-line pointer
    from acctcli.store.db import connect

    db = connect(empty_pg_url)
    db.execute("UPDATE alembic_version SET version_num = '0001'")
    db.close()
    assert_user_error(acct("client", "list"), "schema is at 0001")
    db = connect(empty_pg_url)
    db.execute("UPDATE alembic_version SET version_num = :v", {"v": SCHEMA_HEAD})
    db.close()
    assert acct("db", "migrate").stdout.startswith("The schema is already current")


@pytest.mark.postgres_only
def test_copy_a_personal_store_to_the_server_and_back(
    acct: Run, home: Path, empty_pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    personal = f"sqlite:///{tmp_path / 'personal.db'}"
    monkeypatch.setenv("ACCT_DATABASE_URL", personal)
    assert acct("demo", "--date", "2026-11-26").exit_code == 0
    before = acct("client", "list", "--all", "--team", "--json").json()
    result = acct("db", "copy", "--to", empty_pg_url)
    assert result.exit_code == 0, result.stderr
    assert "every table checked" in result.stdout
    monkeypatch.setenv("ACCT_DATABASE_URL", empty_pg_url)
    assert acct("client", "list", "--all", "--team", "--json").json() == before
    from acctcli.store.db import connect

    # the copy took the planner's statistics (the test server runs no autovacuum): a table
    # never analyzed has reltuples -1, or the 0 of its empty creation
    db = connect(empty_pg_url)
    counted = {
        r["relname"]: r["reltuples"]
        for r in db.all(
            "SELECT relname, reltuples FROM pg_class"
            " WHERE relname IN ('client', 'touch', 'invoice', 'message')"
        )
    }
    db.close()
    assert len(counted) == 4 and all(n > 0 for n in counted.values()), counted
    # ids continue after the copied ones
    assert acct("client", "add", "Новый Клиент").exit_code == 0
    # and back into a fresh SQLite file
    back = f"sqlite:///{tmp_path / 'back.db'}"
    assert acct("db", "copy", "--to", back).exit_code == 0
    db = connect(back)  # and SQLite's, for the copy back
    assert db.scalar("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'invoice'") > 0
    db.close()
    monkeypatch.setenv("ACCT_DATABASE_URL", back)
    names = [
        c["name"] for c in acct("client", "list", "--all", "--team", "--json").json()["clients"]
    ]
    assert "Новый Клиент" in names and len(names) == len(before["clients"]) + 1
    # copying into a store that has data is refused
    monkeypatch.setenv("ACCT_DATABASE_URL", personal)
    assert_user_error(acct("db", "copy", "--to", back), "not empty")


def test_copy_into_itself_is_refused(acct: Run) -> None:
    from acctcli.settings import load_settings

    assert acct("client", "add", "Суши Дом").exit_code == 0
    assert_user_error(acct("db", "copy", "--to", load_settings().database_url), "same store")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["db", "copy", "--to", "mysql://x@y/z"], "unsupported database URL"),
        (["db", "copy", "--to", "sqlite:///"], "unsupported SQLite URL"),
    ],
)
def test_db_copy_to_a_bad_url_is_one_line(
    acct: Run, home: Path, args: list[str], fragment: str
) -> None:
    assert acct("client", "add", "Суши Дом").exit_code == 0
    before = store_dump(home)
    assert_user_error(acct(*args), fragment)
    assert store_dump(home) == before


def test_an_unsupported_database_url_is_one_line(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_DATABASE_URL", "oracle://x@y/z")
    assert_user_error(acct("client", "list"), "unsupported database URL")
    assert_user_error(acct("db", "status"), "unsupported database URL")
