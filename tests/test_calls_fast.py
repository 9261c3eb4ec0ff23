"""`acct calls` can run before Typer loads: its body gives the same answer as the Typer command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.entry import FastRoute, parse_fast, run_fast

CALLS_ROUTE = FastRoute(
    ("calls",),
    {
        "--date": ("date", True),
        "--json": ("json", False),
        "--team": ("team", False),
        "--ahead": ("ahead", True),
    },
    "acctcli.cli.calls_show:show_calls",
)


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
    through_typer = demo(*args)
    assert through_typer.exit_code == 0
    import acctcli.entry as entry

    routes = entry.ROUTES
    entry.ROUTES = (CALLS_ROUTE,)
    try:
        parsed = parse_fast(args)
    finally:
        entry.ROUTES = routes
    assert parsed is not None
    capsys.readouterr()
    assert run_fast(*parsed) == 0
    assert capsys.readouterr().out == through_typer.stdout


def test_the_body_reports_errors_as_one_line(demo: Run, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run_fast(CALLS_ROUTE, {"date": "2026-11-25", "ahead": "soon"}) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: bad --ahead 'soon'") and err.count("\n") == 1


def test_the_body_imports_no_typer_and_no_holidays_once_cached(demo: Run, home: Path) -> None:
    assert demo("calls", "--date", "2026-11-25").exit_code == 0  # fills the holiday cache
    script = (
        "import sys\nfrom acctcli.entry import FastRoute, run_fast\n"
        "route = FastRoute(('calls',), {}, 'acctcli.cli.calls_show:show_calls')\n"
        "code = run_fast(route, {'date': '2026-11-25', 'json': True})\n"
        "assert code == 0, code\n"
        "sys.stderr.write('\\n'.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    modules = set(proc.stderr.split())
    heavy = {"typer", "click", "holidays", "sqlalchemy", "sqlmodel", "alembic", "rich"}
    assert not heavy & modules, heavy & modules
