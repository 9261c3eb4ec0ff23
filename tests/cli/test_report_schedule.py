"""The report schedule: set on the client or agreed in onboarding, due on `acct today`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run, assert_user_error, store_dump

from acctcli.settings import load_settings
from acctcli.store.db import open_store


def _today_reports(acct: Run, day: str) -> list[dict]:
    result = acct("today", "--date", day, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()["reports"]


def test_a_schedule_set_on_the_client_asks_for_each_months_report(acct: Run) -> None:
    assert acct("client", "add", "Пицца Мама", "--since", "2026-01-01").exit_code == 0
    out = acct("client", "edit", "пицца", "--reports", "monthly:5")
    assert out.exit_code == 0, out.stderr
    assert "Next report:" in out.stdout
    # agreed today: reports due before today are not asked for
    assert _today_reports(acct, "2099-01-01") != []


def test_due_and_overdue_reports_are_on_today_and_sent_ones_are_not(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама", "--since", "2026-01-01").exit_code == 0
    db = open_store(load_settings().database_url)
    try:
        from datetime import date, datetime

        from acctcli.services.reports import set_report_schedule

        with db.transaction():
            set_report_schedule(
                db, 1, "monthly:5", agreed_on=date(2026, 10, 6), now=datetime(2026, 10, 6)
            )
    finally:
        db.close()
    assert _today_reports(acct, "2026-11-04") == []
    due = _today_reports(acct, "2026-11-05")
    assert [(r["client"], r["month"], r["due"], r["days_overdue"]) for r in due] == [
        ("Пицца Мама", "2026-10", "2026-11-05", 0)
    ]
    assert due[0]["why"] == "due today"
    late = _today_reports(acct, "2026-11-12")
    assert late[0]["days_overdue"] == 7 and late[0]["why"] == "overdue 7 days"
    text = acct("today", "--date", "2026-11-12").stdout
    assert "Reports" in text and "report for 2026-10" in text and "1 report due" in text
    # a paused client is sent no reports
    assert acct("client", "pause", "пицца", "--on", "2026-11-10").exit_code == 0
    assert _today_reports(acct, "2026-11-12") == []


def test_a_bad_schedule_is_a_one_line_error_and_changes_nothing(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама").exit_code == 0
    before = store_dump(home)
    assert_user_error(acct("client", "edit", "пицца", "--reports", "monthly:42"), "monthly:42")
    assert store_dump(home) == before


def test_none_removes_the_schedule(acct: Run) -> None:
    assert acct("client", "add", "Пицца Мама", "--reports", "monthly:last").exit_code == 0
    out = acct("client", "edit", "пицца", "--reports", "none")
    assert out.exit_code == 0 and "No reports scheduled." in out.stdout


def test_onboarding_records_the_schedule_and_ticks_its_step(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Улыбка", "--since", "2026-11-01").exit_code == 0
    start = acct("onboard", "улыбка", "--json", "--date", "2026-11-02", "--start", "2026-11-02")
    assert start.exit_code == 0, start.stderr
    ticks = "handover,kickoff"
    assert acct("onboard", "улыбка", "--done", ticks, "--date", "2026-11-04").exit_code == 0
    before = store_dump(home)
    refused = acct("onboard", "улыбка", "--done", "report-frequency", "--date", "2026-11-05")
    assert_user_error(refused, "report-frequency")
    assert "--reports monthly:5" in refused.stderr
    assert store_dump(home) == before
    doc = acct(
        "onboard", "улыбка", "--reports", "monthly:10", "--json", "--date", "2026-11-05"
    ).json()
    step = next(s for s in doc["steps"] if s["key"] == "report-frequency")
    assert step["done_on"] == "2026-11-05"
    # the first whole month is November: its report is due on 10 December
    assert _today_reports(acct, "2026-12-09") == []
    assert [r["month"] for r in _today_reports(acct, "2026-12-10")] == ["2026-11"]
