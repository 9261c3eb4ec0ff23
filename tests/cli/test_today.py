"""`acct today`: the morning dashboard, golden output for the demo agency, and its manners."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error

from acctcli.render.dashboard import cells, dashboard_text

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
DAY = "2026-11-18"  # a Wednesday in the past: the dashboard is drawn as of 09:00 that day
UPDATE = os.environ.get("ACCT_UPDATE_GOLDEN") == "1"


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.fixture
def demo(acct: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    assert acct("demo", "--date", DAY).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    return acct


def test_dashboard_for_the_demo_agency_matches_the_golden_text(demo: Run) -> None:
    result = demo("today", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    _golden("today_demo.txt", result.stdout)
    assert all(cells(line) <= 80 for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout  # not a terminal: no colour


def test_dashboard_json_for_the_demo_agency_matches_the_golden_json(demo: Run) -> None:
    result = demo("today", "--date", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    _golden("today_demo.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    assert {"date", "incidents", "mail", "calls", "onboarding", "invoices", "upsells"} <= set(doc)
    assert doc["date"] == DAY and doc["weekday"] == "Wednesday"
    for section in ("incidents", "calls", "onboarding", "invoices", "upsells"):
        items = doc[section]
        assert items, f"the demo leaves {section} empty"
        assert all(isinstance(i["score"], int | float) and i["reasons"] for i in items)
        scores = [i["score"] for i in items]
        assert scores == sorted(scores, reverse=True), section
    assert doc["mail"]["to_triage"] > 0 and doc["mail"]["by_client"]
    assert all(isinstance(i["balance"], str) for i in doc["invoices"])  # money as strings


def test_sections_come_in_the_order_of_the_day(demo: Run) -> None:
    out = demo("today", "--date", DAY).stdout
    titles = [
        line
        for line in out.splitlines()
        if line in {"Fires", "Mail", "Calls", "Onboarding", "Money", "Upsells"}
    ]
    assert titles == ["Fires", "Mail", "Calls", "Onboarding", "Money", "Upsells"]
    header = out.splitlines()[0]
    assert header.startswith("Wednesday 18 November 2026") and "fire" in header


def test_rows_say_why_they_are_there(demo: Run) -> None:
    doc = demo("today", "--date", DAY, "--json").json()
    late = [i for i in doc["invoices"] if i["days_overdue"] > 0]
    assert late and all(i["why"].split(" · ")[0].endswith("late") and "₽" in i["why"] for i in late)
    # the demo's broken promise to pay shows on its invoice, and ranks it up
    broken = [i for i in late if "broken promise" in i["reasons"]]
    assert [i["text"] for i in broken] == ["invoice 2026-0048"]
    why = broken[0]["why"].replace("\xa0", " ")
    assert "promised 20 000 ₽ by 2026-11-16, paid 0 ₽" in why
    assert any(i["why"].startswith("overdue") for i in doc["calls"])
    fire = next(i for i in doc["incidents"] if i["kind"] == "incident")
    assert "open incident" in fire["reasons"] and any(
        r.startswith("burning") for r in fire["reasons"]
    )


def test_an_empty_store_says_what_to_do_next(acct: Run) -> None:
    result = acct("today", "--date", DAY)
    assert result.exit_code == 0
    assert "acct client add" in result.stdout and "acct mail import" in result.stdout
    assert "acct demo" in result.stdout
    assert acct("today", "--json", "--date", DAY).json()["calls"] == []


def test_a_clean_day_says_so(acct: Run) -> None:
    assert (
        acct(
            "client", "add", "Тихий Клиент", "--since", "2026-11-01", "--cadence", "never"
        ).exit_code
        == 0
    )
    out = acct("today", "--date", "2026-11-18").stdout
    assert "clean day" in out.lower()


def test_untrusted_text_is_printed_literally_and_harmlessly(acct: Run, home: Path) -> None:
    name = "[bold red]Злой[/] [link=http://evil]клиент[/link]"
    assert acct("client", "add", name, "--since", "2026-01-01").exit_code == 0
    assert acct("client", "edit", "[bold", "-d", "evil.example").exit_code == 0
    title = "Сайт упал [blink]x[/blink] [link=http://evil]клик[/link]"
    assert acct("incident", "open", "[bold", title, "--at", "2026-11-18T08:00").exit_code == 0
    # a subject with escape sequences (an OSC 8 link, a screen clear) arrives by mail
    subject = "Счёт \x1b[2J\x1b]8;;http://evil\x1b\\клик\x1b]8;;\x1b\\ [bold]x[/bold]"
    from email.header import Header

    eml = home.parent / "evil.eml"
    eml.write_bytes(
        (
            "From: Злой <boss@evil.example>\r\nTo: anna@agency.ru\r\n"
            f"Subject: {Header(subject, 'utf-8').encode()}\r\n"
            "Date: Wed, 18 Nov 2026 07:30:00 +0300\r\nMessage-ID: <evil-1@evil.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nоплатите счёт\r\n"
        ).encode()
    )
    assert acct("mail", "import", str(eml)).exit_code == 0
    out = acct("today", "--date", "2026-11-18").stdout
    assert "[bold red]Злой[/]" in out and "[blink]x[/blink]" in out and "[bold]x[/bold]" in out
    assert "\x1b" not in out and "\\x1b" in out


def test_narrow_terminal_degrades_without_overflow(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = demo("today", "--date", DAY).stdout
    assert all(cells(line) <= 40 for line in out.splitlines()), out
    assert "Calls" in out and "Money" in out


def test_colour_only_when_asked(demo: Run) -> None:
    from datetime import date, datetime

    from acctcli.services.today import build_dashboard
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    settings = load_settings()
    db = open_store(settings.database_url)
    try:
        board = build_dashboard(
            db, settings, day=date(2026, 11, 18), now=datetime(2026, 11, 26, 9), owner="anna"
        )
    finally:
        db.close()
    assert "\x1b[" in dashboard_text(board, colour=True, width=80)
    assert "\x1b[" not in dashboard_text(board, colour=False, width=80)


def test_team_shows_everyones_clients(demo: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCT_USER", "boris")
    mine = demo("today", "--date", DAY, "--json").json()
    assert mine["calls"] == [] and mine["invoices"] == []
    team = demo("today", "--date", DAY, "--json", "--team").json()
    assert team["calls"] and team["invoices"]


def test_bad_date_is_a_one_line_error(acct: Run) -> None:
    assert_user_error(acct("today", "--date", "yesterday"), "bad date")


def test_today_runs_before_typer_and_imports_nothing_heavy(demo: Run, home: Path) -> None:
    assert demo("today", "--date", DAY).exit_code == 0  # the first run caches the holidays
    script = (
        "import sys\nfrom acctcli.entry import main\n"
        f"code = main(['today', '--date', '{DAY}'])\n"
        "sys.stderr.write('\\n'.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
        "raise SystemExit(code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ}
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    modules = set(proc.stderr.split())
    heavy = {"typer", "click", "rich", "sqlalchemy", "sqlmodel", "alembic", "pydantic", "holidays"}
    assert not heavy & modules, heavy & modules


def test_an_upsell_proposed_after_the_day_is_not_on_it(acct: Run) -> None:
    assert acct("client", "add", "Ёлка", "--since", "2026-01-01").exit_code == 0
    assert acct("upsell", "add", "Ёлка", "seo", "--on", "2026-11-28").exit_code == 0
    before = acct("today", "--date", "2026-11-25", "--json").json()
    assert before["upsells"] == []
    after = acct("today", "--date", "2026-11-30", "--json").json()
    assert [u["why"] for u in after["upsells"]] == ["open 2 days"]
