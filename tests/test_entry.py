"""The fast entry: the morning's read-only commands run before Typer loads, and answer exactly
as the Typer commands do."""

from __future__ import annotations

import pytest
from tests.conftest import Run

from acctcli.app import build_app, run_typer
from acctcli.entry import ROUTES, parse_fast


def _typer_command(path: tuple[str, ...]):  # type: ignore[no-untyped-def]
    import typer.main

    command = typer.main.get_command(build_app())
    ctx = None
    for name in path:
        command = command.get_command(ctx, name)  # type: ignore[attr-defined]
        assert command is not None, path
    return command


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: " ".join(r.path))
def test_every_fast_option_is_an_option_of_the_typer_command(route) -> None:  # type: ignore[no-untyped-def]
    command = _typer_command(route.path)
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    assert set(route.options) <= known, set(route.options) - known


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["today"], {}),
        (["today", "--date", "2026-11-26", "--json"], {"date": "2026-11-26", "json": True}),
        (["today", "--date=2026-11-26"], {"date": "2026-11-26"}),
        (["kpi", "--month"], {"month": ""}),
        (["kpi", "--month", "--json"], {"month": "", "json": True}),
        (["kpi", "-m", "2026-10"], {"month": "2026-10"}),
        (["mail", "list", "-a", "--client", "пицца"], {"all_": True, "client": "пицца"}),
        (["mail", "import", "a", "b", "--json"], {"paths": ["a", "b"], "json": True}),
    ],
)
def test_well_formed_command_lines_take_the_fast_route(args: list[str], expected: dict) -> None:
    parsed = parse_fast(args)
    assert parsed is not None
    assert parsed[1] == expected


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--help"],
        ["today", "--nonsense"],
        ["today", "--date"],
        ["today", "--json=yes"],
        ["mail", "import"],
        ["mail", "list", "--state"],
        ["client", "list"],
        [],
    ],
)
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert parse_fast(args) is None


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--date", "2026-11-20"],
        ["today", "--date", "2026-11-20", "--json", "--team"],
        ["mail", "list", "--date", "2026-11-20", "--json"],
        ["mail", "list", "--date", "2026-11-20", "--all"],
        ["kpi", "--month", "2026-10", "--json", "--date", "2026-11-20"],
    ],
)
def test_the_fast_route_answers_exactly_like_typer(
    acct: Run, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    fast = acct(*args)
    assert fast.exit_code == 0, fast.stderr
    capsys.readouterr()
    assert run_typer(args) == 0
    assert capsys.readouterr().out == fast.stdout


def test_fast_route_errors_are_one_line(acct: Run) -> None:
    from tests.conftest import assert_user_error

    assert_user_error(acct("mail", "list", "--state", "bogus"), "bad state")
    assert_user_error(acct("kpi", "--month", "2026-13"), "bad month")
