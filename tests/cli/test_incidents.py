"""acct incident open|resolve|list: the fires, through the real entry point.

Times are fixed and in the past, and lists are taken `--date` a past day (as of its end), so
nothing depends on the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

DAY = "2026-10-15"  # lists "as of" the end of this day


@pytest.fixture
def clients(acct: Run) -> Run:
    for name in ("Гранд Холдинг", "Пицца Мама", "СтройМаркет"):
        assert acct("client", "add", name, "--since", "2025-01-10").exit_code == 0
    return acct


def _open(acct: Run, *args: str) -> int:
    result = acct("incident", "open", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Opened incident I")
    return int(result.stdout.split("incident I", 1)[1].split()[0])


def _list(acct: Run, *args: str, day: str = DAY) -> list[dict]:
    result = acct("incident", "list", "--json", "--date", day, *args)
    assert result.exit_code == 0, result.stderr
    return result.json()["incidents"]


def test_open_list_resolve(clients: Run) -> None:
    fire = _open(
        clients,
        "гранд",
        "Заявки с Директа упали до нуля",
        "--severity",
        "HIGH",
        "--at",
        "2026-10-15T08:10",
    )
    listed = _list(clients)
    assert listed == [
        {
            "id": fire,
            "client": "Гранд Холдинг",
            "title": "Заявки с Директа упали до нуля",
            "severity": "high",
            "opened_at": "2026-10-15T08:10",
            "resolved_at": None,
            "open": True,
            "open_minutes": 15 * 60 + 49,
            "open_for": "15 h 49 min",
            "messages": [],
            "resolution": None,
        }
    ]
    result = clients("incident", "resolve", f"#{fire}", "--at", "2026-10-15T11:40")
    assert result.exit_code == 0, result.stderr
    assert "after 3 h 30 min" in result.stdout
    assert _list(clients) == []
    done = _list(clients, "--all")[0]
    assert done["resolved_at"] == "2026-10-15T11:40" and done["open"] is False
    assert done["open_minutes"] == 210
    # as of the day before it opened, there was nothing
    assert _list(clients, "--all", day="2026-10-14") == []


def test_list_ranks_high_first_then_longest_burning(clients: Run) -> None:
    a = _open(clients, "пицца", "Сайт медленный", "--at", "2026-10-10T09:00")
    b = _open(clients, "строй", "Сайт лежит", "--severity", "high", "--at", "2026-10-14T23:00")
    c = _open(clients, "гранд", "Упали заявки", "--severity", "high", "--at", "2026-10-12")
    d = _open(clients, "пицца", "Отклонены объявления", "--at", "2026-10-01T10:00")
    assert clients("incident", "resolve", str(d), "--at", "2026-10-02T10:00").exit_code == 0
    assert [i["id"] for i in _list(clients)] == [c, b, a]
    assert [i["id"] for i in _list(clients, "--all")] == [c, b, a, d]
    assert _list(clients)[0]["open_for"] == "3 d 23 h"
    # a past day shows what was burning then
    assert [i["id"] for i in _list(clients, day="2026-10-01")] == [d]


def test_table_shows_fires_and_how_long_they_burn(clients: Run) -> None:
    _open(
        clients,
        "гранд",
        "[bold]Упали[/bold] заявки",
        "--severity",
        "high",
        "--at",
        "2026-10-15T06:00",
    )
    out = clients("incident", "list", "--date", DAY).stdout
    assert "Гранд Холдинг" in out and "high" in out and "open 17 h 59 min" in out
    assert "[bold]Упали[/bold] заявки" in out
    quiet = clients("incident", "list", "--date", "2026-10-01").stdout
    assert "nothing is on fire" in quiet


def test_errors_leave_the_store_unchanged(clients: Run, home: Path) -> None:
    fire = _open(clients, "гранд", "Упали заявки", "--at", "2026-10-15T08:00")
    closed = _open(clients, "пицца", "Сайт лежит", "--at", "2026-10-10T08:00")
    assert clients("incident", "resolve", str(closed), "--at", "2026-10-10T09:00").exit_code == 0
    before = store_dump(home)
    future = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    cases = [
        (("open", "Нет Такого", "Пожар"), "no client named"),
        (("open", "гранд", "Пожар", "--severity", "critical"), "bad severity 'critical'"),
        (("open", "гранд", "Пожар", "--at", future), "in the future"),
        (("open", "гранд", "Пожар", "--at", "позавчерашний"), "bad --at"),
        (("open", "гранд", "  "), "title is empty"),
        (("open", "гранд", "упали  ЗАЯВКИ"), "already has this fire open as I"),
        (("open", "гранд", "Пожар", "--at", "2024-01-01"), "before Гранд Холдинг became a client"),
        (("resolve", "999"), "no incident I999"),
        (("resolve", "abc"), "bad incident id"),
        (("resolve", str(closed)), "already resolved"),
        (("resolve", str(fire), "--at", "2026-10-15T07:59"), "before incident"),
        (("resolve", str(fire), "--at", future), "in the future"),
    ]
    for args, fragment in cases:
        assert_user_error(clients("incident", *args), fragment)
    assert store_dump(home) == before


def test_churned_clients_have_no_fires(clients: Run, home: Path) -> None:
    assert (
        clients("client", "churn", "строй", "--on", "2026-09-01", "--reason", "ушли").exit_code == 0
    )
    before = store_dump(home)
    assert_user_error(clients("incident", "open", "строй", "Сайт лежит"), "churned")
    assert store_dump(home) == before


def test_lists_show_my_clients_unless_team(clients: Run) -> None:
    assert (
        clients("client", "add", "Чужой", "--owner", "boris", "--since", "2025-01-10").exit_code
        == 0
    )
    _open(clients, "чужой", "Сайт лежит", "--at", "2026-10-15T08:00")
    mine = _open(clients, "пицца", "Упали заказы", "--at", "2026-10-15T09:00")
    assert [i["id"] for i in _list(clients)] == [mine]
    assert len(_list(clients, "--team")) == 2


def test_open_incidents_for_the_dashboard(clients: Run) -> None:
    from acctcli.services.incidents import open_incidents
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    first = _open(clients, "гранд", "Упали заявки", "--at", "2026-10-15T08:00")
    _open(clients, "пицца", "Сайт лежит", "--severity", "high", "--at", "2026-10-15T10:00")
    db = open_store(load_settings().database_url)
    try:
        burning = open_incidents(db, datetime(2026, 10, 15, 12, 0), "anna")
        earlier = open_incidents(db, datetime(2026, 10, 15, 9, 0), "anna")
    finally:
        db.close()
    assert [(i.client, i.severity) for i in burning] == [
        ("Пицца Мама", "high"),
        ("Гранд Холдинг", "normal"),
    ]
    assert burning[1].burning(datetime(2026, 10, 15, 12, 0)) == timedelta(hours=4)
    assert [i.id for i in earlier] == [first]


def test_demo_has_one_fire_burning(acct: Run) -> None:
    assert acct("demo", "--date", "2026-10-20").exit_code == 0
    burning = _list(acct, day="2026-10-20")
    assert len(burning) == 1 and burning[0]["severity"] == "high"
    everything = _list(acct, "--all", day="2026-10-20")
    assert len(everything) == 3 and sum(1 for i in everything if not i["open"]) == 2
