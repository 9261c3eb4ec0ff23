"""The fast entry: the morning's read-only commands run before Typer loads, and answer exactly
as the Typer commands do."""

from __future__ import annotations

import pytest
from tests.conftest import Run

from acctcli.entry import parse_fast


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
    route, params = parsed
    assert params == {**route.defaults, **expected}


def test_fast_route_errors_are_one_line(acct: Run) -> None:
    from tests.conftest import assert_user_error

    assert_user_error(acct("mail", "list", "--state", "bogus"), "bad state")
    assert_user_error(acct("kpi", "--month", "2026-13"), "bad month")
