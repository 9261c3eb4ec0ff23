"""One option table: the fast entry's routes are generated from the Typer declarations, and
each routed command answers the same whichever way it runs."""

from __future__ import annotations

import inspect
import json
from importlib import import_module
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.app import load_command, run_typer
from acctcli.cli import tablegen
from acctcli.entry import parse_fast, routes

ROUTES = routes()
MAIL = "From: Ирина <irina@example.ru>\nTo: me@agency.ru\nSubject: Акт за октябрь\n"
MAIL += "Date: Thu, 19 Nov 2026 10:00:00 +0300\nMessage-ID: <a1@example.ru>\n\nДобрый день!\n"


def test_the_checked_in_table_is_what_the_typer_declarations_generate() -> None:
    assert tablegen.render() == tablegen.TABLE.read_text(encoding="utf-8"), (
        "acctcli/cli/command_table.py is stale: run `make command-table`"
    )


def test_a_changed_default_changes_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table carries the declaration's defaults, so a default changed in one place shows."""
    calls = load_command("calls")
    ahead = next(p for p in calls.params if p.name == "ahead")
    entry = tablegen.route(("calls",), calls)
    assert entry["defaults"]["ahead"] == ahead.default == 7
    monkeypatch.setattr(ahead, "default", 14)
    assert tablegen.route(("calls",), calls)["defaults"]["ahead"] == 14


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: " ".join(r.path))
def test_every_option_and_default_matches_the_click_command(route) -> None:  # type: ignore[no-untyped-def]
    command = load_command(route.path[0])
    for name in route.path[1:]:
        command = command.get_command(None, name)
    params = {p.name: p for p in command.params}
    for opt, (name, kind, _type) in route.options.items():
        assert opt in params[name].opts, (opt, name)
        assert (kind == "flag") == bool(getattr(params[name], "is_flag", False))
    expected = {name: p.default for name, p in params.items() if name != route.positional}
    assert route.defaults == expected


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: " ".join(r.path))
def test_bodies_take_every_option_and_carry_no_defaults(route) -> None:  # type: ignore[no-untyped-def]
    module, _, function = route.target.partition(":")
    signature = inspect.signature(getattr(import_module(module), function))
    names = [n for n in signature.parameters if n != "obj"]
    wanted = set(route.defaults) | ({route.positional} if route.positional else set())
    assert set(names) == wanted
    for name in names:
        param = signature.parameters[name]
        assert param.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert param.default is inspect.Parameter.empty, f"{route.target}: default for {name}"
    assert not (inspect.getdoc(getattr(import_module(module), function)) or "").count("Example")


def test_the_fast_parser_applies_the_tables_defaults() -> None:
    parsed = parse_fast(["calls"])
    assert parsed is not None
    assert parsed[1] == {"date": None, "json": False, "team": False, "ahead": 7}
    parsed = parse_fast(["calls", "--ahead", "3"])
    assert parsed is not None and parsed[1]["ahead"] == 3  # an int, as Typer gives it


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--help"],
        ["today", "--nonsense"],
        ["today", "--date"],
        ["today", "--json=yes"],
        ["calls", "--ahead", "soon"],
        ["mail", "import"],
        ["mail", "list", "--state"],
        ["client", "list"],
        ["call", "log"],
        ["call", "log", "one", "two"],
        ["call", "log", "--note", "x"],
        ["meet", "--help"],
        [],
    ],
)
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert parse_fast(args) is None


def test_a_bad_value_gets_typers_usage_error(acct: Run) -> None:
    result = acct("calls", "--ahead", "soon")
    assert result.exit_code == 2 and "--ahead" in result.stderr


BOTH_WAYS = [
    ["today"],
    ["today", "--json", "--team"],
    ["calls"],
    ["calls", "--json", "--ahead", "3", "--team"],
    ["mail", "list"],
    ["mail", "list", "--json", "--all"],
    ["mail", "list", "-a", "--category", "billing"],
    ["kpi"],
    ["kpi", "--month", "--json"],
    ["kpi", "-m", "2026-10", "--explain"],
]


def test_every_routed_command_is_compared_both_ways() -> None:
    compared = {tuple(a[: len(r.path)]) for a in BOTH_WAYS for r in ROUTES}
    compared |= {tuple(a[: len(r.path)]) for a, _ in WRITES_BOTH_WAYS for r in ROUTES}
    # mail import and search (no --date) are compared in their own tests
    assert {r.path for r in ROUTES} <= compared | {("mail", "import"), ("search",)}


# the writes: the same touch logged twice, an hour apart (follow-up numbers differ)
WRITES_BOTH_WAYS = [
    (["call", "log", "пицца", "--at", "2026-11-20T{h}:00"], []),
    (
        ["call", "log", "Пицца Мама", "--contact", "Марина", "--note", "акция", "--next"],
        ["2026-12-03", "--follow", "send plan", "--follow", "call back", "--due", "fri"],
    ),
    (["meet", "пицца", "--where", "Офис", "--with", "Марина", "--with", "Пётр Иванов"], []),
    (["call", "log", "Пицца Мама", "--channel", "email", "--who", "client"], ["--follow", "x"]),
]


@pytest.mark.parametrize(("head", "tail"), WRITES_BOTH_WAYS, ids=lambda a: " ".join(a)[:30])
def test_each_routed_write_answers_and_stores_the_same_both_ways(
    acct: Run, capsys: pytest.CaptureFixture[str], head: list[str], tail: list[str]
) -> None:
    import re

    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    runs = []
    for hour in ("10", "11"):
        args = [a.replace("{h}", hour) for a in head + tail]
        if not any("{h}" in a for a in head):
            args += ["--at", f"2026-11-20T{hour}:00"]
        if hour == "10":
            assert parse_fast(args) is not None
            result = acct(*args)
            assert result.exit_code == 0, result.stderr
            out = result.stdout
        else:
            capsys.readouterr()
            assert run_typer(args) == 0
            out = capsys.readouterr().out
        runs.append(re.sub(r"#\d+", "#N", out.replace(f"{hour}:00", "HH:00")))
    assert runs[0] == runs[1] and runs[0].strip()
    db = open_store(load_settings().database_url)
    try:
        touches = db.all(
            "SELECT channel, kind, contact_id, note, next_date, place, attendees FROM touch"
            " WHERE at IN ('2026-11-20 10:00:00', '2026-11-20 11:00:00') ORDER BY at"
        )
    finally:
        db.close()
    assert len(touches) == 2 and tuple(touches[0]) == tuple(touches[1])


@pytest.mark.parametrize("args", BOTH_WAYS, ids=" ".join)
def test_each_routed_command_answers_the_same_both_ways(
    acct: Run, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    args = [*args, "--date", "2026-11-20"]
    assert parse_fast(args) is not None
    fast = acct(*args)
    assert fast.exit_code == 0, fast.stderr
    assert fast.stdout.strip()
    capsys.readouterr()
    assert run_typer(args) == 0
    assert capsys.readouterr().out == fast.stdout


def test_mail_import_answers_the_same_both_ways(
    acct: Run, home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("one.eml", "two.eml"):
        (tmp_path / name).write_text(MAIL.replace("a1@", f"{name}@"), encoding="utf-8")
    args = ["mail", "import", str(tmp_path / "one.eml"), "--json", "--date", "2026-11-20"]
    assert parse_fast(args) is not None
    fast = acct(*args)
    assert fast.exit_code == 0, fast.stderr
    capsys.readouterr()
    assert run_typer([*args[:2], str(tmp_path / "two.eml"), *args[3:]]) == 0
    # the same summary for the other message (its path named in the per-PATH accounting)
    assert capsys.readouterr().out.replace("two.eml", "one.eml") == fast.stdout
    assert json.loads(fast.stdout)["imported"] == 1
