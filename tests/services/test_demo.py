"""The demo agency: every example file loads, and `acct demo` fills an empty store once."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from tests.conftest import Run, assert_user_error, store_dump

from acctcli.services.demo import examples_dir
from acctcli.services.demo.dates import demo_date


def test_every_example_file_parses() -> None:
    files = sorted(examples_dir().rglob("*.toml"))
    assert files
    for path in files:
        tomllib.loads(path.read_text(encoding="utf-8"))


def test_relative_demo_dates() -> None:
    day = date(2026, 11, 26)
    assert demo_date("D", day) == day
    assert demo_date("D-4y2m", day) == date(2022, 9, 26)
    assert demo_date("D+5d", day) == date(2026, 12, 1)
    assert demo_date("D-1m", date(2026, 3, 31)) == date(2026, 2, 28)
    assert demo_date("2024-01-02", day) == date(2024, 1, 2)


def test_demo_loads_a_realistic_agency(acct: Run) -> None:
    result = acct("demo", "--date", "2026-11-26")
    assert result.exit_code == 0, result.stderr
    everyone = acct("client", "list", "--all", "--json", "--date", "2026-11-26").json()["clients"]
    statuses = {c["name"]: c["status"] for c in everyone}
    assert len(everyone) >= 5
    assert "churned" in statuses.values() and "paused" in statuses.values()
    assert all(c["owner"] == "anna" for c in everyone)
    stroy = acct("client", "show", "СтройМаркет", "--json").json()
    assert stroy["services"] == ["seo", "smm"] and stroy["contacts"][0]["urgent"]
    churned = next(n for n, s in statuses.items() if s == "churned")
    history = acct("client", "show", churned, "--json").json()["history"]
    assert history[-1]["reason"]


def test_demo_refuses_a_store_with_clients(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Мой Клиент").exit_code == 0
    before = store_dump(home)
    assert_user_error(acct("demo"), "empty")
    assert store_dump(home) == before
