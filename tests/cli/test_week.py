"""acct week: golden output on the demo agency, and what a week is made of."""

from __future__ import annotations

import json

import pytest
from tests.cli.test_today import _golden
from tests.conftest import Run, assert_user_error

DAY = "2026-11-18"  # the demo agency's day (as in test_today.py)


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", DAY).exit_code == 0
    return acct


def test_the_weekly_meeting_of_the_demo_agency_matches_the_golden_files(demo: Run) -> None:
    text = demo("week", "--date", DAY, "--format", "md")
    assert text.exit_code == 0, text.stderr
    _golden("week_demo.md", text.stdout)
    doc = demo("week", "--date", DAY, "--json", "--team").json()
    _golden("week_demo.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    assert doc["behind"] == {"start": "2026-11-11", "end": "2026-11-17"}
    assert doc["ahead"] == {"start": "2026-11-18", "end": "2026-11-24"}
    assert {"clients", "managers", "not_contacted", "largest_debts"} <= set(doc)
    assert [d["client"] for d in doc["largest_debts"]][0] == "Гранд Холдинг"
    assert all(isinstance(d["balance"], str) for d in doc["largest_debts"])


def test_a_week_counts_what_happened_and_what_comes(acct: Run) -> None:
    def ok(*args: str) -> None:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)

    ok("client", "add", "Пицца Мама", "--since", "2026-01-01", "--cadence", "weekly")
    ok("client", "add", "Суши Дом", "--since", "2026-01-01", "--owner", "boris")
    ok("invoice", "add", "пицца", "60000", "--number", "A-1", "--issued", "2026-10-20",
       "--due", "2026-11-10")  # fmt: skip
    ok("invoice", "add", "пицца", "30000", "--number", "A-2", "--issued", "2026-11-01",
       "--due", "2026-11-20")  # fmt: skip
    ok("invoice", "pay", "A-1", "--amount", "20000", "--on", "2026-11-12")
    ok("call", "log", "пицца", "--at", "2026-11-12T11:00", "--channel", "meeting")
    ok("follow", "add", "пицца", "медиаплан", "--due", "2026-11-13")
    ok("follow", "add", "пицца", "КП", "--due", "2026-11-14")
    ok("follow", "add", "пицца", "акт", "--due", "2026-11-21")
    ok("follow", "done", "1", "--on", "2026-11-13")
    ok("incident", "open", "пицца", "Сайт лежит", "--at", "2026-11-15T10:00")
    ok("incident", "resolve", "1", "--at", "2026-11-15T13:00")
    ok("upsell", "add", "пицца", "seo", "--on", "2026-11-16")
    doc = acct("week", "--date", "2026-11-18", "--json").json()
    assert [c["client"] for c in doc["clients"]] == ["Пицца Мама"]  # boris's is not mine
    pizza = doc["clients"][0]
    behind, ahead = pizza["behind"], pizza["ahead"]
    assert (behind["touches"], behind["meetings"]) == (1, 1)
    assert behind["paid_in"] == "20000.00"
    # A-1 fell due on the 10th: 60 000 overdue as the week began, 40 000 after the payment
    assert (behind["overdue_before"], behind["overdue_now"]) == ("60000.00", "40000.00")
    assert behind["follow_ups_kept"] == [1] and behind["follow_ups_broken"] == [2]
    assert [f["title"] for f in behind["fires"]] == ["Сайт лежит"]
    assert behind["fires"][0]["hours"] == 3.0
    assert len(behind["upsells_opened"]) == 1
    assert [f["id"] for f in ahead["follow_ups"]] == [2, 3]
    assert ahead["invoices"] == [{"number": "A-2", "balance": "30000.00", "due": "2026-11-20"}]
    assert ahead["calls"] == ["2026-11-19"]  # weekly from the meeting on the 12th
    team = acct("week", "--date", "2026-11-18", "--json", "--team").json()
    assert [m["owner"] for m in team["managers"]] == ["anna", "boris"]
    text = acct("week", "--date", "2026-11-18").stdout
    assert "fire I1 Сайт лежит: 3 h" in text and "1 promise kept" in text
    assert "broken: КП (due 2026-11-14)" in text and "Quiet:" not in text


def test_week_errors(acct: Run) -> None:
    assert_user_error(acct("week", "--format", "pdf"), "pdf")
    assert_user_error(acct("week", "--date", "someday"), "someday")
