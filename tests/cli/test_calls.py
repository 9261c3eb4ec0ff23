"""acct call log|history and acct calls, through the real entry point on a real store."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run, assert_user_error, store_dump

# 2026-11-23 is a Monday; 2026-11-26 a Thursday.


def add(acct: Run, name: str, *options: str) -> None:
    result = acct("client", "add", name, *options)
    assert result.exit_code == 0, result.stderr


def log(acct: Run, *args: str) -> None:
    result = acct("call", "log", *args)
    assert result.exit_code == 0, result.stderr


def calls(acct: Run, day: str, *options: str) -> dict[str, Any]:
    result = acct("calls", "--date", day, "--json", *options)
    assert result.exit_code == 0, result.stderr
    return result.json()


def by_name(document: dict[str, Any], key: str = "calls") -> dict[str, dict[str, Any]]:
    return {row["client"]: row for row in document[key]}


def write_config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


def open_db() -> Any:
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    return open_store(load_settings().database_url)


@pytest.fixture
def pizza(acct: Run) -> Run:
    add(acct, "Пицца Мама", "--since", "2025-03-01", "--cadence", "weekly:mon", "--channel",
        "messenger")  # fmt: skip
    assert acct("contact", "add", "пицца", "Марина Соколова", "--phone", "+7 912 300-44-21",
                "--messenger", "@marina", "--urgent").exit_code == 0  # fmt: skip
    assert acct("contact", "add", "пицца", "Олег", "--phone", "+7 900 000-00-01").exit_code == 0
    return acct


# --- call log and history ------------------------------------------------------------------


def test_log_records_every_field_and_history_shows_it(pizza: Run) -> None:
    log(pizza, "пицца", "--contact", "мар", "--at", "2026-11-23T10:30", "--note", "акция",
        "--next", "2026-11-27")  # fmt: skip
    log(pizza, "Пицца Мама", "--channel", "email", "--at", "2026-11-24 09:00")
    touches = pizza("call", "history", "пицца", "--json").json()["touches"]
    assert [t["at"] for t in touches] == ["2026-11-24T09:00", "2026-11-23T10:30"]  # newest first
    first = touches[1]
    assert {"client", "at", "channel", "contact", "note"} <= set(first)
    assert first["client"] == "Пицца Мама" and first["contact"] == "Марина Соколова"
    assert first["channel"] == "phone"  # a call unless --channel says otherwise (issue 16)
    assert first["note"] == "акция" and first["next"] == "2026-11-27"
    assert first["source"] == "manual" and first["by"] == "anna"
    assert touches[0]["channel"] == "email" and touches[0]["contact"] is None
    table = pizza("call", "history").stdout
    assert "Пицца Мама" in table and "акция" in table and "2026-11-23 10:30" in table


def test_log_says_when_the_next_contact_is_due(pizza: Run) -> None:
    result = pizza("call", "log", "пицца", "--at", "2026-11-23T10:00")
    assert result.exit_code == 0
    assert "Next contact due: Mon 2026-11-30" in result.stdout
    moved = pizza("call", "log", "пицца", "--at", "2026-11-24T10:00", "--next", "2026-11-28")
    assert "Mon 2026-11-30 (2026-11-28 is not a working day)" in moved.stdout


def test_history_without_client_shows_only_my_clients_unless_team(pizza: Run) -> None:
    add(pizza, "Чужой", "--owner", "boris", "--since", "2025-01-01")
    log(pizza, "пицца", "--at", "2026-11-20T10:00")
    log(pizza, "чужой", "--at", "2026-11-21T10:00")
    mine = pizza("call", "history", "--json").json()["touches"]
    assert [t["client"] for t in mine] == ["Пицца Мама"]
    everyone = pizza("call", "history", "--json", "--team").json()["touches"]
    assert [t["client"] for t in everyone] == ["Чужой", "Пицца Мама"]
    assert len(pizza("call", "history", "--json", "--team", "-n", "1").json()["touches"]) == 1


def test_empty_history_says_how_to_start(acct: Run) -> None:
    add(acct, "Пицца Мама")
    assert "acct call log" in acct("call", "history").stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("Нет Такого",), "no client named"),
        (("пицца", "--contact", "Ирина"), "contact of СтройМаркет, not of Пицца Мама"),
        (("пицца", "--contact", "Никто"), "no contact named"),
        (("пицца", "--channel", "pigeon"), "bad channel"),
        (("пицца", "--at", "2030-01-01T10:00"), "more than a day in the future"),
        (("пицца", "--at", "someday"), "bad --at"),
        (("пицца", "--at", "2020-01-01"), "before Пицца Мама became a client"),
        (("пицца", "--at", "2026-11-20", "--next", "2026-11-20"), "must be after"),
        (("пицца", "--next", "soon"), "bad --next date"),
    ],
)
def test_bad_log_input_is_one_line_and_writes_nothing(
    pizza: Run, home: Path, args: tuple[str, ...], fragment: str
) -> None:
    add(pizza, "СтройМаркет", "--since", "2022-01-10")
    assert pizza("contact", "add", "строй", "Ирина Волкова").exit_code == 0
    before = store_dump(home)
    assert_user_error(pizza("call", "log", *args), fragment)
    assert store_dump(home) == before


def test_at_up_to_a_day_ahead_is_accepted(pizza: Run) -> None:
    soon = (datetime.now() + timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M")
    log(pizza, "пицца", "--at", soon)
    assert pizza("call", "history", "--json").json()["touches"][0]["at"] == soon


def test_ambiguous_contact_prefix_is_an_error(pizza: Run, home: Path) -> None:
    assert pizza("contact", "add", "пицца", "Марина Иванова").exit_code == 0
    before = store_dump(home)
    assert_user_error(pizza("call", "log", "пицца", "--contact", "марина"), "several contacts")
    assert store_dump(home) == before


def test_malformed_cadence_is_refused_when_set(acct: Run, home: Path) -> None:
    add(acct, "Пицца Мама", "--cadence", "weekly")
    before = store_dump(home)
    assert_user_error(acct("client", "edit", "пицца", "--cadence", "fortnightly"), "cadence")
    assert_user_error(acct("client", "add", "Новый", "--cadence", "RRULE:FREQ=HOURLY"), "cadence")
    assert store_dump(home) == before


# --- the call list -------------------------------------------------------------------------


def test_calls_json_has_the_documented_keys_and_picks_the_urgent_contact(pizza: Run) -> None:
    log(pizza, "пицца", "--at", "2026-11-16T10:00")
    document = calls(pizza, "2026-11-26")
    assert document["date"] == "2026-11-26"
    (row,) = document["calls"]
    keys = {"client", "due", "days_overdue", "channel", "contact", "phone", "last_contact",
            "reason"}  # fmt: skip
    assert keys <= set(row)
    assert row["client"] == "Пицца Мама" and row["due"] == "2026-11-23"
    assert row["days_overdue"] == 3 and row["state"] == "overdue"
    assert row["channel"] == "messenger" and row["reach"] == "@marina"
    assert row["contact"] == "Марина Соколова" and row["urgent"] is True
    assert row["phone"] == "+7 912 300-44-21"
    assert row["last_contact"] == "2026-11-16" and "weekly:mon" in row["reason"]
    assert row["at_risk"] is False and row["max_gap_exceeded_by"] is None


def test_the_preferred_channel_decides_whom_and_what_to_use(acct: Run) -> None:
    add(acct, "Почта", "--since", "2026-11-01", "--cadence", "daily", "--channel", "email")
    assert acct("contact", "add", "почта", "Срочный", "--phone", "+7 1", "--urgent").exit_code == 0
    assert acct("contact", "add", "почта", "Пишущий", "--email", "w@example.ru").exit_code == 0
    row = by_name(calls(acct, "2026-11-26"))["Почта"]
    assert row["contact"] == "Пишущий" and row["reach"] == "w@example.ru"


def test_sort_is_most_overdue_first_then_by_name(acct: Run) -> None:
    for name in ("Бета", "альфа", "Гамма", "Дельта"):
        add(acct, name, "--since", "2026-01-01", "--cadence", "daily")
    log(acct, "бета", "--at", "2026-11-20T10:00")  # due Mon 23rd: 3 days late
    log(acct, "альфа", "--at", "2026-11-20T10:00")
    log(acct, "гамма", "--at", "2026-11-24T10:00")  # due 25th: 1 day late
    log(acct, "дельта", "--at", "2026-11-25T18:00")  # due today
    rows = calls(acct, "2026-11-26")["calls"]
    assert [(r["client"], r["days_overdue"]) for r in rows] == [
        ("альфа", 3),
        ("Бета", 3),
        ("Гамма", 1),
        ("Дельта", 0),
    ]
    assert rows[-1]["state"] == "due"


def test_a_touch_today_or_later_takes_the_client_off_todays_list(pizza: Run) -> None:
    log(pizza, "пицца", "--at", "2026-11-16T10:00")
    assert by_name(calls(pizza, "2026-11-23"))["Пицца Мама"]["days_overdue"] == 0
    log(pizza, "пицца", "--at", "2026-11-23T17:00")
    assert calls(pizza, "2026-11-23")["calls"] == []
    # the list for an earlier day ignores touches logged after it
    earlier = by_name(calls(pizza, "2026-11-22"), "upcoming")["Пицца Мама"]
    assert earlier["due"] == "2026-11-23" and earlier["last_contact"] == "2026-11-16"


def test_any_channel_and_source_resets_the_clock(pizza: Run) -> None:
    log(pizza, "пицца", "--at", "2026-11-09T10:00")
    assert by_name(calls(pizza, "2026-11-26"))["Пицца Мама"]["due"] == "2026-11-16"
    db = open_db()  # what the mail feature does for mail the manager sent
    with db.transaction():
        db.execute(
            "INSERT INTO touch (client_id, channel, at, source) SELECT id, 'email', :at, 'mail'"
            " FROM client WHERE name = 'Пицца Мама'",
            {"at": datetime(2026, 11, 24, 19, 5)},
        )
    db.close()
    assert calls(pizza, "2026-11-26")["calls"] == []
    upcoming = by_name(calls(pizza, "2026-11-26"), "upcoming")["Пицца Мама"]
    assert upcoming["due"] == "2026-11-30" and upcoming["last_channel"] == "email"


def test_next_overrides_the_cadence_once(pizza: Run) -> None:
    log(pizza, "пицца", "--at", "2026-11-16T10:00", "--next", "2026-11-19")
    row = by_name(calls(pizza, "2026-11-20"))["Пицца Мама"]
    assert row["due"] == "2026-11-19" and row["next_override"] is True
    assert "follow-up" in row["reason"]
    log(pizza, "пицца", "--at", "2026-11-19T11:00")  # the follow-up happened: cadence again
    assert calls(pizza, "2026-11-20")["calls"] == []
    assert by_name(calls(pizza, "2026-11-23"))["Пицца Мама"]["next_override"] is False


def test_never_contacted_clients_are_due_after_their_start(acct: Run) -> None:
    add(acct, "Новый", "--since", "2026-11-19", "--cadence", "weekly")
    assert calls(acct, "2026-11-25")["calls"] == []
    row = by_name(calls(acct, "2026-11-26"))["Новый"]
    assert row["due"] == "2026-11-26" and row["last_contact"] is None


def test_paused_and_churned_clients_are_never_due_onboarding_ones_are(acct: Run) -> None:
    for name in ("Пауза", "Ушёл", "Новичок", "Обычный"):
        add(acct, name, "--since", "2026-01-01", "--cadence", "daily", "--max-gap", "1w")
    assert acct("client", "pause", "пауза", "--on", "2026-11-01").exit_code == 0
    assert acct("client", "churn", "ушёл", "--on", "2026-11-01", "--reason", "x").exit_code == 0
    from acctcli.services.clients import change_status

    db = open_db()
    change_status(db, "Новичок", "onboarding", on=date(2026, 11, 1), today=date(2026, 11, 26),
                  now=datetime(2026, 11, 1, 9))  # fmt: skip
    db.close()
    document = calls(acct, "2026-11-26", "--ahead", "30")
    names = {r["client"] for r in document["calls"] + document["upcoming"]}
    assert names == {"Новичок", "Обычный"}
    assert by_name(document)["Новичок"]["status"] == "onboarding"
    # before the pause, the paused client was still due
    assert "Пауза" in by_name(calls(acct, "2026-10-30"))


def test_config_holidays_and_workdays_move_due_dates(acct: Run, home: Path) -> None:
    add(acct, "Клиент", "--since", "2026-01-01", "--cadence", "weekly:thu")
    log(acct, "клиент", "--at", "2026-11-19T10:00")
    assert by_name(calls(acct, "2026-11-26"))["Клиент"]["due"] == "2026-11-26"
    write_config(home, '[calendar]\nholidays = ["2026-11-26", 2026-11-27]\n')
    document = calls(acct, "2026-11-26")
    assert document["calls"] == []
    assert by_name(document, "upcoming")["Клиент"]["due"] == "2026-11-30"
    write_config(home, '[calendar]\nholidays = ["2026-11-26"]\nworkdays = ["2026-11-28"]\n')
    assert by_name(calls(acct, "2026-11-26"), "upcoming")["Клиент"]["due"] == "2026-11-27"


def test_russian_public_holidays_by_default_and_none_turns_them_off(acct: Run, home: Path) -> None:
    add(acct, "Клиент", "--since", "2025-01-01", "--cadence", "monthly:2")
    log(acct, "клиент", "--at", "2025-12-02T10:00")
    document = calls(acct, "2026-01-05", "--ahead", "10")
    assert document["calls"] == []
    upcoming = by_name(document, "upcoming")
    assert upcoming["Клиент"]["due"] == "2026-01-12"  # not 2 January: the New Year break
    assert (home / "cache" / "holidays.tsv").is_file()
    write_config(home, '[calendar]\ncountry = "none"\n')
    assert by_name(calls(acct, "2026-01-05"))["Клиент"]["due"] == "2026-01-02"  # a Friday
    write_config(home, '[calendar]\ncountry = "DE"\n')
    assert by_name(calls(acct, "2026-01-05"))["Клиент"]["days_overdue"] == 3


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ('[calls]\nmax_gap = "soon"\n', "max_gap"),
        ('[work]\nhours = "9-18"\n', "hours"),
        ('[calendar]\ncountry = "XX"\n', "calendar"),
        ('[calendar]\nholidays = ["31.12.2026"]\n', "holidays"),
        ('[calendar]\nholidays = "2026-12-31"\n', "holidays"),
        ("calendar = 3\n", "[calendar] must be a table"),
    ],
)
def test_bad_config_is_one_line_naming_the_setting(
    pizza: Run, home: Path, config: str, fragment: str
) -> None:
    write_config(home, config)
    assert_user_error(pizza("calls", "--date", "2026-11-26"), fragment)


def test_max_gap_marks_at_risk_separately_from_due(acct: Run, home: Path) -> None:
    add(acct, "Редко", "--since", "2026-01-01", "--cadence", "monthly:5", "--max-gap", "10d")
    add(acct, "Молчун", "--since", "2026-01-01", "--cadence", "never", "--max-gap", "2w")
    add(acct, "Тихий", "--since", "2026-01-01", "--cadence", "never")
    add(acct, "Без ритма", "--since", "2026-01-01")
    for name in ("редко", "молчун", "тихий", "без"):
        log(acct, name, "--at", "2026-11-05T10:00")
    document = calls(acct, "2026-11-26")
    rows = by_name(document)
    assert set(rows) == {"Редко", "Молчун"}  # the default 6w has not run out yet
    assert rows["Редко"]["at_risk"] and rows["Редко"]["max_gap_exceeded_by"] == 11
    assert rows["Редко"]["due"] == "2026-11-16"  # the first day over the gap, before Dec 5
    assert rows["Молчун"]["at_risk"] and rows["Молчун"]["max_gap_exceeded_by"] == 7
    assert "max gap 2w" in rows["Молчун"]["reason"]
    later = by_name(calls(acct, "2026-12-18"))
    assert later["Без ритма"]["at_risk"] and later["Без ритма"]["max_gap"] == "6w"
    assert "Тихий" not in later  # `never` without a max gap of its own: never listed
    assert acct("client", "edit", "редко", "--max-gap", "none").exit_code == 0
    assert "Редко" not in by_name(calls(acct, "2026-11-26"))  # its own "none": no limit
    write_config(home, '[calls]\nmax_gap = "none"\n')
    assert "Без ритма" not in by_name(calls(acct, "2026-12-18"))
    table = acct("calls", "--date", "2026-11-26").stdout
    assert "AT RISK" in table and "silent 21d > 2w" in table


def test_a_touch_resets_the_risk_clock(acct: Run) -> None:
    add(acct, "Клиент", "--since", "2026-01-01", "--cadence", "monthly", "--max-gap", "3w")
    log(acct, "клиент", "--at", "2026-10-01T10:00")
    assert by_name(calls(acct, "2026-10-30"))["Клиент"]["at_risk"]
    log(acct, "клиент", "--channel", "messenger", "--at", "2026-10-29T10:00")
    assert calls(acct, "2026-10-30")["calls"] == []


def test_working_hours_outside_mine_are_marked_but_listed(acct: Run, home: Path) -> None:
    add(acct, "Вечерний", "--since", "2026-01-01", "--cadence", "daily", "--hours", "19:00-23:00")
    add(acct, "Дневной", "--since", "2026-01-01", "--cadence", "daily", "--hours", "10:00-22:00")
    rows = by_name(calls(acct, "2026-11-26"))
    assert rows["Вечерний"]["outside_hours"] is True and rows["Вечерний"]["window"] is None
    assert rows["Дневной"]["outside_hours"] is False
    assert rows["Дневной"]["window"] == "10:00-18:00"  # their hours within mine (default)
    write_config(home, '[work]\nhours = "08:00-20:00"\n')
    rows = by_name(calls(acct, "2026-11-26"))
    assert (
        rows["Вечерний"]["outside_hours"] is False and rows["Вечерний"]["window"] == "19:00-20:00"
    )
    assert "outside hours" not in acct("calls", "--date", "2026-11-26").stdout
    write_config(home, '[work]\nhours = "09:00-18:00"\n')
    out = acct("calls", "--date", "2026-11-26").stdout
    assert "outside hours" in out and "(19:00-23:00)" in out


def test_team_shows_everyones_clients(acct: Run) -> None:
    add(acct, "Мой", "--since", "2026-01-01", "--cadence", "daily")
    add(acct, "Чужой", "--since", "2026-01-01", "--cadence", "daily", "--owner", "boris")
    assert set(by_name(calls(acct, "2026-11-26"))) == {"Мой"}
    team = by_name(calls(acct, "2026-11-26", "--team"))
    assert set(team) == {"Мой", "Чужой"} and team["Чужой"]["owner"] == "boris"
    assert "boris" in acct("calls", "--date", "2026-11-26", "--team").stdout


def test_empty_list_and_untrusted_names_in_the_table(acct: Run) -> None:
    assert "No calls due on 2026-11-26" in acct("calls", "--date", "2026-11-26").stdout
    add(acct, "[bold red]Хакер[/]", "--since", "2026-11-01", "--cadence", "daily")
    out = acct("calls", "--date", "2026-11-26").stdout
    assert "[bold red]Хакер[/]" in out
    assert "Calls for Thu 2026-11-26: 1 to contact" in out


def test_bad_calls_options_are_errors(acct: Run) -> None:
    assert_user_error(acct("calls", "--date", "26.11"), "bad date")
    assert_user_error(acct("calls", "--date", "2026-11-26", "--ahead", "-1"), "--ahead")


@pytest.mark.sqlite_only
def test_latest_touch_query_seeks_the_index_per_client(pizza: Run, home: Path) -> None:
    import sqlite3

    from acctcli.store.calls import latest_touch_sql

    log(pizza, "пицца", "--at", "2026-11-16T10:00")
    con = sqlite3.connect(home / "acct.db")
    plan = [
        str(r[-1])
        for r in con.execute(
            "EXPLAIN QUERY PLAN " + latest_touch_sql("c.owner = :o"),
            {"before": "2026-11-27", "o": "anna"},
        )
    ]
    con.close()
    assert any("ix_touch_client_at" in step for step in plan), plan
    assert not any(step.startswith("SCAN t") or step.startswith("SCAN x") for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


def test_two_touches_at_the_same_moment_the_later_logged_one_counts(pizza: Run) -> None:
    log(pizza, "пицца", "--at", "2026-11-16T10:00")
    log(pizza, "пицца", "--at", "2026-11-16T10:00", "--next", "2026-11-18")
    assert by_name(calls(pizza, "2026-11-18"))["Пицца Мама"]["next_override"] is True


def test_a_touch_in_the_hour_clocks_skip_is_just_a_date(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        add(acct, "Клиент", "--since", "2026-01-01", "--cadence", "weekly")
        log(acct, "клиент", "--at", "2026-03-29T02:30")  # does not exist on a Berlin clock
        row = by_name(calls(acct, "2026-04-06"))["Клиент"]
        assert row["last_contact"] == "2026-03-29" and row["due"] == "2026-04-06"  # Sun → Mon
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_notes_with_markup_and_escapes_are_shown_inert(pizza: Run) -> None:
    log(pizza, "пицца", "--at", "2026-11-20T10:00", "--note", "[link=http://x]клик[/link]\x1b[31m")
    out = pizza("call", "history").stdout
    assert "[link=http://x]клик[/link]\\x1b[31m" in out and "\x1b" not in out


@pytest.mark.parametrize("word", ["now", "сейчас"])
def test_a_call_logged_at_now_is_this_minute(pizza: Run, word: str) -> None:
    """`--at now` was refused as a bad date; it is the moment the command runs."""
    before = datetime.now().replace(second=0, microsecond=0)
    log(pizza, "пицца", "--at", word)
    after = datetime.now().replace(second=0, microsecond=0)
    (touch,) = pizza("call", "history", "пицца", "--json").json()["touches"]
    assert before <= datetime.fromisoformat(touch["at"]) <= after
