"""`acct calls` can run before Typer loads: its body gives the same answer as the Typer command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.app import run_typer
from acctcli.entry import parse_fast, routes

CALLS_ROUTE = next(r for r in routes() if r.path == ("calls",))


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", "2026-11-25").exit_code == 0
    return acct


@pytest.mark.parametrize(
    "args",
    [
        ["calls", "--date", "2026-11-25", "--json"],
        ["calls", "--date=2026-11-25", "--team", "--ahead", "3", "--json"],
        ["calls", "--date", "2026-11-25"],
    ],
)
def test_the_typer_free_body_answers_exactly_like_the_command(
    demo: Run, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert parse_fast(args) is not None  # `acct calls …` takes the fast route
    fast = demo(*args)
    assert fast.exit_code == 0
    capsys.readouterr()
    assert run_typer(args) == 0  # the same command line through Typer
    assert capsys.readouterr().out == fast.stdout


def test_the_body_imports_no_typer_and_no_holidays_once_cached(demo: Run, home: Path) -> None:
    assert demo("calls", "--date", "2026-11-25").exit_code == 0  # fills the holiday cache
    script = (
        "import sys\nfrom acctcli.entry import main\n"
        "code = main(['calls', '--date', '2026-11-25', '--json'])\n"
        "assert code == 0, code\n"
        "sys.stderr.write('\\n'.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    modules = set(proc.stderr.split())
    heavy = {"typer", "click", "holidays", "sqlalchemy", "sqlmodel", "alembic", "rich"}
    assert not heavy & modules, heavy & modules
