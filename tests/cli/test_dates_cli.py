"""Options that take a day or a moment read dates the way people type them (issue 16)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import Run, assert_user_error, store_dump


def test_call_log_takes_words_for_the_next_day_and_the_moment(acct: Run) -> None:
    assert acct("client", "add", "Пицца Мама", "--since", "2025-03-01").exit_code == 0
    today = date.today()
    result = acct("call", "log", "пицца", "--at", "вчера 10:30", "--next", "послезавтра")
    assert result.exit_code == 0, result.stderr
    (touch,) = acct("call", "history", "пицца", "--json").json()["touches"]
    assert touch["at"].startswith(f"{today - timedelta(days=1)}") and "10:30" in touch["at"]
    assert touch["next"] == (today + timedelta(days=2)).isoformat()


def test_invoice_dates_in_russian_and_dotted(acct: Run) -> None:
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    result = acct("invoice", "add", "пицца", "1000", "--issued", "03.11.2026", "--due", "3 дек")
    assert result.exit_code == 0, result.stderr
    assert "issued 2026-11-03" in result.stdout
    assert "-12-03" in result.stdout.split("due ")[1]


def test_a_bad_day_lists_the_forms_and_changes_nothing(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    before = store_dump(home)
    result = acct("call", "log", "пицца", "--next", "когда-нибудь")
    assert_user_error(result, "bad --next date", "03.12.2026", "tomorrow", "+3d", "eom")
    assert store_dump(home) == before
