"""acct client …: every command through the real entry point, on a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump


@pytest.fixture
def two_clients(acct: Run) -> Run:
    assert (
        acct(
            "client",
            "add",
            "Пицца Мама",
            "-s",
            "smm",
            "--fee",
            "smm=35 000",
            "--since",
            "2025-03-01",
            "--cadence",
            "weekly:mon",
            "--channel",
            "messenger",
            "-d",
            "pizzamama.ru",
        ).exit_code
        == 0
    )
    assert (
        acct(
            "client",
            "add",
            "СтройМаркет",
            "-s",
            "seo",
            "-s",
            "smm",
            "--fee",
            "seo=90000.50",
            "--since",
            "2022-01-10",
            "--cadence",
            "monthly:5",
            "-d",
            "stroymarket.ru",
            "-d",
            "https://www.StroyMarket-Opt.ru/",
        ).exit_code
        == 0
    )
    return acct


def test_add_and_list_json_has_documented_keys(two_clients: Run) -> None:
    result = two_clients("client", "list", "--json")
    assert result.exit_code == 0
    clients = result.json()["clients"]
    assert [c["name"] for c in clients] == ["Пицца Мама", "СтройМаркет"]
    keys = {"name", "status", "services", "since", "cadence", "channel", "owner", "domains"}
    assert all(keys <= set(c) for c in clients)
    stroy = clients[1]
    assert stroy["services"] == ["seo", "smm"]
    assert stroy["fees"] == {"seo": "90000.50", "smm": None}
    assert stroy["domains"] == ["stroymarket.ru", "stroymarket-opt.ru"]
    assert stroy["since"] == "2022-01-10" and stroy["cadence"] == "monthly:5"
    assert stroy["owner"] == "anna" and stroy["status"] == "active"
    assert clients[0]["fees"] == {"smm": "35000.00"} and clients[0]["channel"] == "messenger"


def test_table_shows_cyrillic_names_aligned(two_clients: Run) -> None:
    out = two_clients("client", "list").stdout
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Client", "Status"]
    pizza = next(line for line in lines if line.startswith("Пицца Мама"))
    stroy = next(line for line in lines if line.startswith("СтройМаркет"))
    # columns line up: the status starts at the same column whatever the name's script
    assert pizza.index("active") == stroy.index("active") == lines[0].index("Status")
    assert "35 000 ₽" in pizza.replace("\u00a0", " ")


def test_lookup_by_case_insensitive_cyrillic_prefix(two_clients: Run) -> None:
    result = two_clients("client", "show", "строй", "--json")
    assert result.exit_code == 0
    assert result.json()["name"] == "СтройМаркет"
    assert two_clients("client", "show", "ПИЦЦА МАМА", "--json").json()["name"] == "Пицца Мама"


def test_sorting_is_alphabetical_for_cyrillic_and_latin(acct: Run) -> None:
    for name in ["яблоко", "Арбуз", "beta", "Ёлка", "Alpha", "жук"]:
        assert acct("client", "add", name).exit_code == 0
    names = [c["name"] for c in acct("client", "list", "--json").json()["clients"]]
    assert names == ["Alpha", "beta", "Арбуз", "Ёлка", "жук", "яблоко"] or names[:2] == [
        "Alpha",
        "beta",
    ]
    assert names.index("Арбуз") < names.index("жук") < names.index("яблоко")


def test_edit_replaces_lists_and_renames(two_clients: Run) -> None:
    result = two_clients(
        "client",
        "edit",
        "пицца",
        "--name",
        "Пицца Мама Plus",
        "-s",
        "smm",
        "-s",
        "ppc",
        "--fee",
        "ppc=25000",
        "--channel",
        "phone",
        "-d",
        "pizzamama.ru",
        "-d",
        "pm.ru",
    )
    assert result.exit_code == 0, result.stderr
    shown = two_clients("client", "show", "Пицца Мама Plus", "--json").json()
    assert shown["services"] == ["smm", "ppc"]
    assert shown["fees"] == {"smm": "35000.00", "ppc": "25000.00"}
    assert shown["channel"] == "phone" and shown["domains"] == ["pizzamama.ru", "pm.ru"]


def test_pause_resume_churn_keep_history(two_clients: Run) -> None:
    assert two_clients("client", "pause", "пицца", "--on", "2026-01-10").exit_code == 0
    assert two_clients("client", "resume", "пицца", "--on", "2026-02-01").exit_code == 0
    assert (
        two_clients(
            "client", "churn", "пицца", "--on", "2026-06-30", "--reason", "бюджет"
        ).exit_code
        == 0
    )
    listed = two_clients("client", "list", "--json", "--date", "2026-11-26").json()["clients"]
    assert [c["name"] for c in listed] == ["СтройМаркет"]  # churned ones only with --all
    everyone = two_clients("client", "list", "--all", "--json", "--date", "2026-11-26").json()[
        "clients"
    ]
    assert {c["name"]: c["status"] for c in everyone}["Пицца Мама"] == "churned"
    # status as of an earlier day comes from the history
    before = two_clients("client", "show", "пицца", "--json", "--date", "2026-01-20").json()
    assert before["status"] == "paused"
    # win back
    assert two_clients("client", "resume", "пицца", "--on", "2026-09-01").exit_code == 0
    shown = two_clients("client", "show", "пицца", "--json", "--date", "2026-11-26").json()
    assert shown["status"] == "active"
    assert [(h["status"], h["on"]) for h in shown["history"]] == [
        ("active", "2025-03-01"),
        ("paused", "2026-01-10"),
        ("active", "2026-02-01"),
        ("churned", "2026-06-30"),
        ("active", "2026-09-01"),
    ]
    assert shown["history"][3]["reason"] == "бюджет"


def test_show_table_lists_contacts_and_history(two_clients: Run) -> None:
    two_clients(
        "contact", "add", "пицца", "Марина Соколова", "--phone", "+7 912 300-44-21", "--urgent"
    )
    two_clients("client", "pause", "пицца", "--on", "2026-01-10")
    out = two_clients("client", "show", "пицца", "--date", "2026-11-26").stdout
    assert "★ Марина Соколова  +7 912 300-44-21" in out  # the card marks the urgent contact
    assert "2026-01-10        status: paused" in out  # …and the status history is in its timeline


def test_list_defaults_to_own_clients_and_team_shows_all(two_clients: Run) -> None:
    assert two_clients("client", "add", "Чужой", "--owner", "boris").exit_code == 0
    mine = [c["name"] for c in two_clients("client", "list", "--json").json()["clients"]]
    assert "Чужой" not in mine
    team = two_clients("client", "list", "--team", "--json").json()["clients"]
    assert {c["name"]: c["owner"] for c in team}["Чужой"] == "boris"


def test_empty_list_says_what_to_do(acct: Run) -> None:
    out = acct("client", "list").stdout
    assert "acct client add" in out and "acct demo" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["client", "show", "Нет Такого"], "no client named"),
        (["client", "show", "С"], "matches several clients"),
        (["client", "add", "строймаркет"], "already exists"),
        (["client", "add", "  "], "empty"),
        (["client", "add", "Новый", "--since", "2026-13-01"], "bad --since date"),
        (["client", "add", "Новый", "--fee", "seo=12,5,0"], "bad amount"),
        (["client", "add", "Новый", "--fee", "seo=-5"], "bad amount"),
        (["client", "add", "Новый", "--fee", "seo"], "bad --fee"),
        (["client", "add", "Новый", "--cadence", "fortnightly"], "bad cadence"),
        (["client", "add", "Новый", "--cadence", "weekly:funday"], "bad cadence"),
        (["client", "add", "Новый", "--channel", "pigeon"], "bad channel"),
        (["client", "add", "Новый", "--max-gap", "soon"], "--max-gap"),
        (["client", "add", "Новый", "--hours", "9-late"], "--hours"),
        (["client", "add", "Новый", "-d", "not a domain"], "bad domain"),
        (["client", "add", "Новый", "-d", "pizzamama.ru"], "already belongs to Пицца Мама"),
        (["client", "edit", "пицца", "--name", "СТРОЙМАРКЕТ"], "already exists"),
        (["client", "edit", "пицца", "--cadence", "monthly:32"], "bad cadence"),
        (["client", "resume", "пицца"], "already active"),
        (["client", "pause", "пицца", "--on", "2020-01-01"], "before"),
        (["client", "pause", "пицца", "--on", "someday"], "bad --on date"),
        (["client", "churn", "пицца", "--on", "2026-01-01", "--reason", " "], "reason"),
        (["contact", "add", "Нет Такого", "Иван"], "no client named"),
        (["contact", "add", "пицца", "Иван", "--email", "not-an-address"], "bad e-mail"),
        (["client", "list", "--date", "26.11"], "bad date"),
    ],
)
def test_user_errors_are_one_line_and_change_nothing(
    two_clients: Run, home: Path, args: list[str], fragment: str
) -> None:
    # Сеть exists so that "С" is ambiguous between СтройМаркет and Сеть
    two_clients("client", "add", "Сеть Аптек", "--since", "2024-01-01")
    before = store_dump(home)
    result = two_clients(*args)
    assert_user_error(result, fragment)
    assert store_dump(home) == before


def test_ambiguous_prefix_lists_candidates(two_clients: Run) -> None:
    two_clients("client", "add", "Сеть Аптек")
    result = two_clients("client", "show", "с")
    assert_user_error(result)
    assert "Сеть Аптек" in result.stderr and "СтройМаркет" in result.stderr


def test_untrusted_names_are_printed_literally(acct: Run) -> None:
    assert acct("client", "add", "[bold red]Evil[/] [link=http://x]co[/link]").exit_code == 0
    out = acct("client", "list").stdout
    assert "[bold red]Evil[/]" in out
    # control characters are refused outright in names
    assert_user_error(acct("client", "add", "Bad\x1b[31mName"), "control characters")


def test_contact_list_of_an_unknown_client_is_one_line(two_clients: Run) -> None:
    assert_user_error(two_clients("contact", "list", "Нет Такого"), "no client named")
