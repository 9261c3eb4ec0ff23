"""acct calendar: the ICS feed, parsed back with `icalendar` (issue 19)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from tests.conftest import Run, assert_user_error, store_dump

DAY = date(2026, 11, 26)  # a Thursday


@pytest.fixture
def book(acct: Run) -> Run:
    """Two clients (one with working hours), an open invoice, follow-ups, an onboarding."""
    steps: list[tuple[str, ...]] = [
        ("client", "add", "Пицца Мама", "--since", "2026-09-01", "--cadence", "weekly:mon"),
        ("client", "add", "Суши Дом", "--since", "2026-09-01", "--cadence", "monthly:5"),
        ("client", "edit", "Суши Дом", "--hours", "10:00-13:00"),
        ("client", "add", "Стоматология Улыбка", "--since", "2026-11-20"),
        ("onboard", "Стоматология Улыбка", "--date", "2026-11-20"),
        ("call", "log", "Пицца Мама", "--at", "2026-11-17T10:00"),
        ("call", "log", "Суши Дом", "--at", "2026-11-05T10:00"),
        ("invoice", "add", "Пицца", "60000", "--number", "A 1", "--issued", "2026-11-20"),
        ("invoice", "add", "Суши", "1000", "--issued", "2026-11-01", "--due", "2026-11-10"),
        ("follow", "add", "Пицца", "прислать медиаплан", "--due", "2026-11-30"),
        ("follow", "add", "Суши", "доступы к Метрике", "--who", "client", "--due", "2026-12-01"),
        ("follow", "add", "Суши", "без срока"),
    ]
    for args in steps:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def feed(acct: Run, day: date, *args: str) -> icalendar.Calendar:
    result = acct("calendar", "--date", day.isoformat(), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("BEGIN:VCALENDAR\r\n")
    return icalendar.Calendar.from_ical(result.stdout.encode("utf-8"))


def events(cal: icalendar.Calendar) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for event in cal.walk("VEVENT"):
        uid = str(event["uid"])
        assert uid not in found, uid
        found[uid] = event
    return found


def start(event: Any) -> date | datetime:
    return event.decoded("dtstart")


def test_every_event_has_a_stable_uid_and_a_day_or_a_time_in_the_zone(book: Run) -> None:
    cal = feed(book, DAY, "--days", "14")
    assert str(cal["version"]) == "2.0" and str(cal["x-wr-timezone"]) == "Europe/Moscow"
    found = events(cal)
    kinds = {str(e["categories"].cats[0]) for e in found.values()}
    assert kinds == {"call", "onboarding", "invoice", "follow-up"}
    for uid, event in found.items():
        assert uid.endswith("@acct") and " " not in uid
        assert event.decoded("dtstamp").tzinfo is not None
        begins, ends = start(event), event.decoded("dtend")
        if isinstance(begins, datetime):  # a time: in the configured zone
            assert str(begins.tzinfo) == "Europe/Moscow" and str(ends.tzinfo) == "Europe/Moscow"
            assert begins < ends
        else:
            assert ends == begins + timedelta(days=1)
    # the call with Суши Дом is due on the 5th of December (a Saturday: so Monday the 7th,
    # the working day) within the client's hours; Пицца Мама's (weekly:mon, overdue) on the
    # Monday it fell due
    sushi = found["call-2-2026-12-07@acct"]
    assert start(sushi) == datetime(2026, 12, 7, 10, 0, tzinfo=start(sushi).tzinfo)
    assert sushi.decoded("dtend").hour == 13
    assert start(found["call-1-2026-11-23@acct"]) == date(2026, 11, 23)
    assert "Суши Дом" in str(sushi["summary"])
    # an invoice with a space in its number; an overdue one on the day it fell due
    assert start(found["invoice-A%201@acct"]) == date(2026, 12, 4)
    assert start(found["invoice-2026-0001@acct"]) == date(2026, 11, 10)
    assert start(found["follow-up-1@acct"]) == date(2026, 11, 30)
    assert "follow-up-3@acct" not in found  # no day: nothing to put in a calendar
    steps = [u for u in found if u.startswith("onboarding-")]
    assert steps and all(start(found[u]) <= DAY + timedelta(days=13) for u in steps)


def test_the_zone_comes_from_the_config(book: Run, home: Path) -> None:
    (home / "config.toml").write_text('[calendar]\ntimezone = "Asia/Yekaterinburg"\n')
    cal = feed(book, DAY, "--days", "14")
    sushi = events(cal)["call-2-2026-12-07@acct"]
    assert str(start(sushi).tzinfo) == "Asia/Yekaterinburg"
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["Asia/Yekaterinburg"]


def test_two_exports_a_day_apart_keep_the_uids_of_unchanged_items(book: Run) -> None:
    first = events(feed(book, DAY, "--days", "14"))
    second = events(feed(book, DAY + timedelta(days=1), "--days", "14"))
    assert set(first) <= set(second)
    for uid, event in first.items():
        assert start(second[uid]) == start(event), uid
        assert str(second[uid]["summary"]) == str(event["summary"])


def test_an_item_done_or_gone_leaves_the_next_export(book: Run) -> None:
    before = events(feed(book, DAY, "--days", "14"))
    assert {"follow-up-1@acct", "follow-up-2@acct", "invoice-2026-0001@acct"} <= set(before)
    for args in (
        ("follow", "done", "1"),
        ("follow", "move", "2", "--due", "2026-12-03"),
        ("invoice", "pay", "2026-0001", "--on", "2026-11-26"),
        ("call", "log", "Пицца Мама", "--at", "2026-11-26T09:00"),
    ):
        result = book(*args)
        assert result.exit_code == 0, (args, result.stderr)
    after = events(feed(book, DAY, "--days", "14"))
    assert "follow-up-1@acct" not in after and "invoice-2026-0001@acct" not in after
    assert start(after["follow-up-2@acct"]) == date(2026, 12, 3)  # moved: the same event
    assert "call-1-2026-11-23@acct" in before
    assert "call-1-2026-11-23@acct" not in after  # called: the next call is a new event
    assert "call-1-2026-11-30@acct" in after


def test_out_writes_the_file_and_says_how_many(book: Run, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "acct.ics"
    result = book("calendar", "--date", DAY.isoformat(), "--out", str(target), "--days", "3")
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    n = len(cal.walk("VEVENT"))
    assert f"Wrote {n} events to {target}." in result.stdout
    assert [p.name for p in target.parent.iterdir()] == ["acct.ics"]  # no temporary left behind


def test_only_my_clients_unless_team(book: Run) -> None:
    other = book("client", "add", "Чужой", "--since", "2026-09-01", "--owner", "boris")
    assert other.exit_code == 0
    assert book("follow", "add", "Чужой", "его дело", "--due", "2026-11-27").exit_code == 0
    mine = events(feed(book, DAY, "--days", "7"))
    team = events(feed(book, DAY, "--days", "7", "--team"))
    assert "follow-up-4@acct" not in mine and "follow-up-4@acct" in team


def test_untrusted_text_is_inert_in_the_feed(acct: Run) -> None:
    assert acct("client", "add", "Evil", "--since", "2026-09-01").exit_code == 0
    text = "\x1b[31mred\u202e; END:VEVENT\r\nUID:x"
    result = acct("follow", "add", "Evil", text, "--due", "2026-11-27")
    assert result.exit_code == 0, result.stderr
    cal = feed(acct, DAY, "--days", "3")
    event = events(cal)["follow-up-1@acct"]
    summary = str(event["summary"])
    assert "\x1b" not in summary and "\u202e" not in summary and "\\x1b" in summary
    assert "END:VEVENT UID:x" in summary  # text, on one line
    # the follow-up and the call (never contacted: due now, issue 16); no event smuggled in
    assert sorted(events(cal)) == [f"call-1-{DAY}@acct", "follow-up-1@acct"]


@pytest.mark.parametrize("days", ["0", "-1", "100000"])
def test_bad_days_is_one_error_and_changes_nothing(book: Run, home: Path, days: str) -> None:
    before = store_dump(home)
    assert_user_error(book("calendar", "--days", days), "--days")
    assert store_dump(home) == before


def test_an_empty_store_is_an_empty_calendar(acct: Run) -> None:
    cal = feed(acct, DAY)
    assert cal.walk("VEVENT") == []


def test_report_days_until_the_report_goes_out(acct: Run) -> None:
    # a schedule counts from the day it is agreed (today, really): dates are relative to it
    today = date.today()
    since = (today - timedelta(days=90)).isoformat()
    result = acct("client", "add", "Отчётный", "--since", since, "--reports", "monthly:5")
    assert result.exit_code == 0, result.stderr
    found = events(feed(acct, today, "--days", "40"))
    reports = {u: e for u, e in found.items() if str(e["categories"].cats[0]) == "report"}
    assert reports, found.keys()
    for uid, event in reports.items():
        due = start(event)
        assert isinstance(due, date) and not isinstance(due, datetime)
        month = (due.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        assert uid == f"report-1-{month}@acct" and due.day >= 5
        assert month in str(event["summary"]) and "Отчётный" in str(event["summary"])
    # the next day's feed has the same report events
    later = events(feed(acct, today + timedelta(days=1), "--days", "39"))
    assert {u for u in later if u.startswith("report-")} == set(reports)
    # once the report went out, it leaves the feed
    first = min(reports, key=lambda u: start(reports[u]))
    from acctcli.services.reports import mark_sent
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    settings = load_settings()
    db = open_store(settings.database_url)
    try:
        month = first.split("-", 2)[2].removesuffix("@acct")
        mark_sent(db, settings, "Отчётный", month=month, on=today, now=datetime.now())
    finally:
        db.close()
    assert first not in events(feed(acct, today, "--days", "40"))
