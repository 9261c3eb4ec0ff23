"""Shared fixtures: a real store in a temporary ACCT_HOME and a way to run `acct` in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from acctcli.app import main

DAY = "2026-11-26"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "acct-home"
    monkeypatch.setenv("ACCT_HOME", str(folder))
    monkeypatch.delenv("ACCT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ACCT_USER", "anna")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("ACCT_DEBUG", raising=False)
    return folder


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
    """Every row of every table, to prove a failed command changed nothing (either engine)."""
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
                for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
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
