"""Shared fixtures: a real store in a temporary ACCT_HOME and a way to run `acct` in-process."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from acctcli.entry import main

DAY = "2026-11-26"
ENGINE = os.environ.get("ACCT_TEST_ENGINE", "sqlite")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: checks something only a SQLite store has")
    config.addinivalue_line("markers", "postgres_only: needs the shared PostgreSQL store")


def pytest_report_header(config: pytest.Config) -> str:
    return f"acct store engine: {ENGINE}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if ENGINE == "postgres" and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="SQLite-specific (this run uses PostgreSQL)"))
        if ENGINE != "postgres" and item.get_closest_marker("postgres_only"):
            item.add_marker(
                pytest.mark.skip(reason="runs in the PostgreSQL pass (ACCT_TEST_ENGINE=postgres)")
            )


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI needs this server, but: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """A PostgreSQL server with a migrated template database `acct_template`."""
    from tests import pgserver

    cluster = None
    base = os.environ.get("ACCT_TEST_PG_URL", "").rstrip("/")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        _unavailable("psycopg2 is not installed (pip install 'acct[postgres]')")
    if not base:
        try:
            cluster = pgserver.Cluster()
            base = cluster.start()
        except pgserver.ServerUnavailable as exc:
            _unavailable(str(exc))
    from acctcli.store.migrate import upgrade

    pgserver.admin_execute(base, "DROP DATABASE IF EXISTS acct_template")
    pgserver.admin_execute(base, "CREATE DATABASE acct_template")
    upgrade(f"{base}/acct_template")
    try:
        yield base
    finally:
        if cluster is not None:
            cluster.stop()


_db_numbers = itertools.count()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """Every test ends speaking English again, whatever language it ran acct in (the
    language is process-wide, and tests run acct in-process)."""
    yield
    from acctcli import i18n

    i18n.use("en")


@pytest.fixture
def home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """A fresh ACCT_HOME; in the PostgreSQL pass also a fresh, migrated database."""
    folder = tmp_path / "acct-home"
    monkeypatch.setenv("ACCT_HOME", str(folder))
    monkeypatch.delenv("ACCT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ACCT_LANG", "en")  # whatever the developer's locale; ru tests set "ru"
    database = None
    if ENGINE == "postgres":
        from tests.pgserver import admin_execute

        base = request.getfixturevalue("pg_base_url")
        database = f"acct_t{os.getpid()}_{next(_db_numbers)}"
        admin_execute(base, f"CREATE DATABASE {database} TEMPLATE acct_template")
        monkeypatch.setenv("ACCT_DATABASE_URL", f"{base}/{database}")
        # no acct.db is made there, so no command creates the folder for a test's config.toml
        folder.mkdir(mode=0o700, parents=True)
    monkeypatch.setenv("ACCT_USER", "anna")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("ACCT_DEBUG", raising=False)
    yield folder
    if database is not None:
        admin_execute(base, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


Run = Callable[..., Result]


@pytest.fixture
def acct(home: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the real entry point, `acct ARGS…`, and capture what a user would see."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def store_dump(home: Path) -> str:
    """Every row of every table, to prove a failed command changed nothing (either engine).
    SQLite's own tables (sqlite_stat1: the planner's statistics) are not the store's data."""
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    url = load_settings().database_url
    if url.startswith("sqlite") and not (home / "acct.db").exists() and "acct.db" in url:
        return ""
    db = connect(url)
    try:
        if db.is_sqlite:
            tables = [
                r[0]
                for r in db.all(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
        else:
            tables = [
                r[0]
                for r in db.all(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema() ORDER BY table_name"
                )
            ]
        lines = []
        for table in tables:
            for row in db.all(f"SELECT * FROM {table} ORDER BY 1"):
                lines.append(f"{table}: {tuple(row)!r}")
        return "\n".join(lines)
    finally:
        db.close()


def assert_user_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("Error: "), result.stderr
    assert len(lines) <= 2 and (len(lines) == 1 or lines[1].startswith("Hint: ")), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
