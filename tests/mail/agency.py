"""A small agency and a config for the mail tests: two clients with contacts and domains."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run

CONFIG = """\
user = "anna"

[mail]
me = ["anna@agency.ru"]
timezone = "Europe/Moscow"
hours = "09:00-19:00"
workdays = "mon-fri"
wait_days = 3
"""


def make_agency(acct: Run, home: Path, extra_config: str = "") -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(CONFIG + extra_config, encoding="utf-8")
    steps = [
        ("client", "add", "СтройМаркет", "-d", "stroymarket.ru", "--since", "2022-01-10"),
        (
            "contact",
            "add",
            "СтройМаркет",
            "Ирина Волкова",
            "--email",
            "i.volkova@stroymarket.ru",
            "--urgent",
        ),
        ("contact", "add", "СтройМаркет", "Алексей Петров", "--email", "a.petrov@stroymarket.ru"),
        (
            "client",
            "add",
            "Гранд Холдинг",
            "-d",
            "grand-holding.ru",
            "-d",
            "grandauto.ru",
            "--since",
            "2024-05-01",
        ),
        ("contact", "add", "Гранд Холдинг", "Дмитрий Орлов", "--email", "d.orlov@grand-holding.ru"),
    ]
    for step in steps:
        result = acct(*step)
        assert result.exit_code == 0, (step, result.stderr)


def listed(acct: Run, *args: str) -> list[dict]:
    result = acct("mail", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return result.json()["messages"]
