"""acct follow …: follow-ups and promises (issue 16), through the real entry point."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

from acctcli.domain.dates import next_weekday


@pytest.fixture
def pizza(acct: Run) -> Run:
    assert acct("client", "add", "Пицца Мама", "--since", "2025-01-01").exit_code == 0
    assert acct("client", "add", "Суши Дом", "--since", "2025-01-01").exit_code == 0
    assert acct("invoice", "add", "пицца", "60000").exit_code == 0
    return acct


def test_add_echoes_the_parsed_day_and_list_shows_who_owes_what(pizza: Run) -> None:
    friday = next_weekday(date.today(), 4)
    result = pizza("follow", "add", "пицца", "прислать медиаплан", "--due", "в пятницу")
    assert result.exit_code == 0, result.stderr
    assert f"Follow-up #1 for Пицца Мама due Fri {friday.isoformat()}" in result.stdout
    assert "I owe" in result.stdout
    late = pizza("follow", "add", "пицца", "позиции упали", "--who", "SEO", "--due", "вчера")
    assert late.exit_code == 0, late.stderr
    promise = pizza(
        "follow", "add", "пицца", "оплата", "--invoice", "2026-0001", "--amount", "30000"
    )
    assert promise.exit_code == 0, promise.stderr
    rows = pizza("follow", "list", "--json").json()["followups"]
    assert [r["id"] for r in rows] == [2, 1, 3]  # by due day, those without a day last
    first = rows[0]
    assert first["who"] == "seo" and first["kind"] == "agency" and first["days_overdue"] == 1
    assert first["due"] == (date.today() - timedelta(days=1)).isoformat()
    assert rows[2]["who"] == "client" and rows[2]["invoice"] == "2026-0001"
    assert rows[2]["amount"] == "30000.00" and rows[2]["due"] is None
    overdue = pizza("follow", "list", "--overdue", "--json").json()["followups"]
    assert [r["id"] for r in overdue] == [2]
    assert [r["id"] for r in pizza("follow", "list", "--who", "client", "--json").json()[
        "followups"]] == [3]  # fmt: skip
    table = pizza("follow", "list").stdout
    assert "waiting on SEO" in table and "1 d late" in table and "client owes" in table


def test_done_move_drop_show_and_all(pizza: Run) -> None:
    for text in ("a", "b", "c"):
        assert pizza("follow", "add", "пицца", text, "--due", "+3d").exit_code == 0
    done = pizza("follow", "done", "1", "#2")
    assert done.exit_code == 0 and "Follow-up #1 done" in done.stdout, done.stderr
    moved = pizza("follow", "move", "3", "--due", "через неделю")
    week = (date.today() + timedelta(days=7)).isoformat()
    assert moved.exit_code == 0 and week in moved.stdout, moved.stderr
    dropped = pizza("follow", "drop", "3", "--why", "не нужно")
    assert dropped.exit_code == 0 and "dropped" in dropped.stdout
    assert pizza("follow", "list", "--json").json()["followups"] == []
    everything = pizza("follow", "list", "--all", "--json").json()["followups"]
    assert {r["id"]: r["state"] for r in everything} == {1: "done", 2: "done", 3: "dropped"}
    card = pizza("follow", "show", "3").stdout
    assert "не нужно" in card and week in card
    assert pizza("follow", "show", "3", "--json").json()["why"] == "не нужно"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["add", "пицца", "x", "--due", "someday"], "bad --due date"),
        (["add", "пицца", "   "], "needs a text"),
        (["add", "никто", "x"], "no client named"),
        (["add", "пицца", "x", "--amount", "100"], "--invoice"),
        (["add", "пицца", "x", "--invoice", "2026-0001", "--who", "me"], "the client's"),
        (["add", "суши", "x", "--invoice", "2026-0001"], "not Суши Дом's"),
        (["add", "пицца", "x", "--invoice", "1999-0001"], "no invoice"),
        (["add", "пицца", "x", "--mail", "M999"], "no message M999"),
        (["add", "пицца", "x", "--touch", "999"], "no touch 999"),
        (["done", "1", "99"], "no follow-up #99"),
        (["done", "abc"], "bad follow-up id"),
        (["move", "1", "--due", "когда-нибудь"], "bad --due date"),
        (["drop", "1", "1", "#99"], "no follow-up #99"),
    ],
)
def test_bad_input_is_one_error_and_changes_nothing(
    pizza: Run, home: Path, args: list[str], fragment: str
) -> None:
    assert pizza("follow", "add", "пицца", "open one").exit_code == 0
    before = store_dump(home)
    assert_user_error(pizza("follow", *args), fragment)
    assert store_dump(home) == before


def test_closing_twice_is_refused(pizza: Run) -> None:
    assert pizza("follow", "add", "пицца", "x").exit_code == 0
    assert pizza("follow", "done", "1").exit_code == 0
    assert_user_error(pizza("follow", "drop", "1"), "already done")


def test_untrusted_text_is_printed_inert(pizza: Run) -> None:
    result = pizza("follow", "add", "пицца", "[bold]x[/bold] \x1b[31mred")
    assert result.exit_code == 0, result.stderr
    assert "[bold]x[/bold]" in result.stdout and "\x1b" not in result.stdout
    assert "[bold]x[/bold]" in pizza("follow", "list").stdout


def test_today_shows_follow_ups_due_soon_ranked_and_in_json(pizza: Run) -> None:
    # 2026-12-03 is a Thursday: the horizon is two working days on, Monday 7 December
    day = "2026-12-03"
    for text, options in (
        ("медиаплан", ("--due", "2026-12-03")),
        ("оплата", ("--who", "client", "--invoice", "2026-0001", "--due", "2026-12-01")),
        ("позиции", ("--who", "seo", "--due", "2026-12-07")),
        ("далеко", ("--due", "2026-12-08")),
        ("без срока", ()),
    ):
        assert pizza("follow", "add", "пицца", text, *options).exit_code == 0
    assert pizza("follow", "add", "суши", "закрыто", "--due", "2026-12-02").exit_code == 0
    assert pizza("follow", "done", "6").exit_code == 0
    doc = pizza("today", "--date", day, "--json").json()
    rows = doc["followups"]
    assert [r["text"] for r in rows] == ["оплата", "медиаплан", "позиции"]
    first = rows[0]
    assert first["who"] == "client" and first["days_overdue"] == 2 and first["source"] == "manual"
    assert first["reasons"][0] == "broken promise" and first["invoice"] == "2026-0001"
    assert {"id", "client", "text", "who", "due", "days_overdue", "source", "score", "reasons"} <= (
        set(first)
    )
    assert rows[1]["reasons"] == ["promised by me", "due today"]
    assert "3 follow-ups" in doc["summary"]
    text = pizza("today", "--date", day).stdout
    assert "Follow-ups" in text and "client owes" in text and "waiting on SEO" in text
    assert "далеко" not in text and "без срока" not in text


def test_call_log_follow_creates_follow_ups_tied_to_the_touch_as_a_phone_call(
    acct: Run, home: Path
) -> None:
    assert acct("client", "add", "Пицца Мама", "--channel", "messenger").exit_code == 0
    result = acct("call", "log", "пицца", "--follow", "медиаплан", "--follow", "КП", "--due", "+3d")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Logged phone") and result.stdout.count("Follow-up #") == 2
    (touch,) = acct("call", "history", "--json").json()["touches"]
    assert touch["channel"] == "phone"  # a call, not the client's preferred channel
    rows = acct("follow", "list", "--json").json()["followups"]
    due = (date.today() + timedelta(days=3)).isoformat()
    assert [(r["source"], r["touch"], r["due"]) for r in rows] == [("call", 1, due)] * 2
    before = store_dump(home)
    assert_user_error(acct("call", "log", "пицца", "--due", "пт"), "--follow")
    assert_user_error(acct("call", "log", "пицца", "--follow", " "), "needs a text")
    assert store_dump(home) == before  # the touch is not logged without its follow-up
