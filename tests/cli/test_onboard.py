"""acct onboard: checklists from the built-in template, due dates, dependencies, status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

START = "2026-11-05"  # a Thursday; 4 November (Unity Day) is just before it


def _client(acct: Run, name: str, *services: str, since: str = START) -> None:
    args = ["client", "add", name, "--since", since]
    for service in services:
        args += ["-s", service]
    assert acct(*args).exit_code == 0


def _checklist(acct: Run, name: str, *args: str, day: str = "2026-11-26") -> dict:
    result = acct("onboard", name, "--json", "--date", day, *args)
    assert result.exit_code == 0, result.stderr
    return result.json()


def _keys(doc: dict) -> list[str]:
    return [s["key"] for s in doc["steps"]]


def _step(doc: dict, key: str) -> dict:
    return next(s for s in doc["steps"] if s["key"] == key)


def test_json_has_the_documented_keys(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    doc = _checklist(acct, "улыбка")
    assert {"client", "template", "start", "progress", "steps"} <= set(doc)
    assert doc["client"] == "Улыбка" and doc["template"] == "default" and doc["start"] == START
    assert doc["progress"] == {"done": 0, "total": len(doc["steps"])}
    for step in doc["steps"]:
        assert {"key", "title", "due", "done_on", "overdue", "role"} <= set(step)


def test_seo_only_client_gets_the_seo_audit_and_not_the_smm_intro(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    keys = _keys(_checklist(acct, "улыбка"))
    assert {"handover", "kickoff", "channel", "urgent-contact", "report-frequency"} <= set(keys)
    assert {"intro-seo", "seo-audit", "seo-strategy", "first-report", "run-in-review"} <= set(keys)
    assert not {"intro-smm", "intro-editor", "intro-ppc", "ppc-audit", "ppc-strategy"} & set(keys)
    assert keys[0] == "handover" and keys[-1] == "run-in-review"


def test_each_service_mix_gets_its_own_steps(acct: Run) -> None:
    _client(acct, "Пицца", "smm")
    _client(acct, "Суши", "ppc", "seo")
    _client(acct, "Гранд", "performance", "content")
    smm = set(_keys(_checklist(acct, "пицца")))
    assert {"intro-smm", "intro-editor"} <= smm
    assert not {"seo-audit", "ppc-audit", "intro-seo"} & smm
    both = set(_keys(_checklist(acct, "суши")))
    assert {"intro-seo", "intro-ppc", "seo-audit", "ppc-audit", "ppc-strategy"} <= both
    assert not {"intro-smm", "intro-editor"} & both
    grand = set(_keys(_checklist(acct, "гранд")))
    assert {"intro-ppc", "ppc-audit", "intro-editor"} <= grand and "seo-audit" not in grand


def test_a_wait_on_a_left_out_step_falls_back_to_what_it_waited_for(acct: Run) -> None:
    _client(acct, "Пицца", "smm")
    _client(acct, "Суши", "ppc", "seo")
    smm = _checklist(acct, "пицца")
    assert _step(smm, "run-in-review")["after"] == ["first-report"]
    both = _checklist(acct, "суши")
    assert _step(both, "run-in-review")["after"] == [
        "first-report",
        "seo-strategy",
        "ppc-strategy",
    ]


def test_step_titles_are_russian(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    doc = _checklist(acct, "улыбка")
    assert _step(doc, "kickoff")["title"].startswith("Стартовый созвон")
    assert _step(doc, "seo-audit")["title"] == "SEO-аудит сайта"
    out = acct("onboard", "улыбка", "--date", "2026-11-26").stdout
    assert "Стартовый созвон" in out and "SEO-аудит сайта" in out


def test_business_days_skip_weekends(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    doc = _checklist(acct, "улыбка")
    assert _step(doc, "handover")["due"] == START  # day = 0: the start itself
    # business_day 2 from Thursday: Friday is 1, the weekend is skipped, Monday is 2
    assert _step(doc, "kickoff")["due"] == "2026-11-09"
    assert _step(doc, "urgent-contact")["due"] == "2026-11-10"
    assert _step(doc, "seo-audit")["due"] == "2026-11-19"  # business_day 10
    assert all(date.fromisoformat(s["due"]).weekday() < 5 for s in doc["steps"])


def test_business_days_skip_the_russian_new_year_break(acct: Run) -> None:
    _client(acct, "Улыбка", "seo", since="2026-12-29")
    doc = _checklist(acct, "улыбка", day="2026-12-29")
    # 29 and 30 December are days 0 and 1; 31 December and 1-8 January are days off
    assert _step(doc, "kickoff")["due"] == "2027-01-11"


def test_business_days_follow_config_holidays(acct: Run, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        '[calendar]\ncountry = "none"\nholidays = ["2026-11-09"]\n', encoding="utf-8"
    )
    _client(acct, "Улыбка", "seo", since="2026-12-29")
    _client(acct, "Пицца", "smm")
    assert _step(_checklist(acct, "улыбка", day="2026-12-29"), "kickoff")["due"] == "2026-12-31"
    assert _step(_checklist(acct, "пицца"), "kickoff")["due"] == "2026-11-10"


def test_first_call_creates_the_checklist_and_sets_onboarding(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    doc = _checklist(acct, "улыбка")
    assert doc["created"] is True and doc["status"] == "onboarding"
    shown = acct("client", "show", "улыбка", "--json", "--date", "2026-11-26").json()
    assert shown["status"] == "onboarding"
    assert [(h["status"], h["on"]) for h in shown["history"]] == [("onboarding", START)]
    listed = acct("client", "list", "--json", "--date", "2026-11-26").json()["clients"]
    assert listed[0]["status"] == "onboarding"


def test_running_again_does_not_duplicate(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    first = _checklist(acct, "улыбка")
    before = store_dump(home)
    again = _checklist(acct, "улыбка")
    assert again["created"] is False and again["steps"] == first["steps"]
    assert store_dump(home) == before


def test_views_states_overdue_due_blocked(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    doc = _checklist(acct, "улыбка", "--done", "handover", day="2026-11-09")
    handover, kickoff = _step(doc, "handover"), _step(doc, "kickoff")
    assert handover["done_on"] == "2026-11-09" and handover["state"] == "done"
    assert kickoff["state"] == "due" and kickoff["overdue"] is False
    assert _step(doc, "channel")["blocked_by"] == ["kickoff"]
    late = _checklist(acct, "улыбка", day="2026-11-12")
    assert _step(late, "kickoff")["overdue"] is True
    assert _step(late, "kickoff")["days_overdue"] == 3
    assert _step(late, "seo-audit")["state"] == "blocked"
    out = acct("onboard", "улыбка", "--date", "2026-11-12").stdout
    assert "overdue 3 d" in out and "waits for" in out and "[x]" in out
    assert "--done kickoff" in out  # what to do next


def test_done_on_a_blocked_step_names_what_it_waits_for(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    _checklist(acct, "улыбка")
    before = store_dump(home)
    result = acct("onboard", "улыбка", "--done", "seo-audit", "--date", "2026-11-26")
    assert_user_error(result, "'seo-audit'", "'access'")
    assert "--done handover --done kickoff --done access --done seo-audit" in result.stderr
    assert store_dump(home) == before


def test_one_command_may_tick_a_step_and_the_one_after_it(acct: Run) -> None:
    _client(acct, "Улыбка", "seo")
    # in any order, by key or by number (5: report-frequency); dependencies go first
    doc = _checklist(
        acct, "улыбка", "--done", "5", "--done", "kickoff,handover", "--reports", "monthly:5"
    )
    assert doc["progress"]["done"] == 3
    assert [c["step"] for c in doc["changes"]] == ["handover", "kickoff", "report-frequency"]


def test_done_and_undo(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    _checklist(acct, "улыбка", "--done", "handover", day="2026-11-06")
    again = _checklist(acct, "улыбка", "--done", "handover", day="2026-11-20")
    assert _step(again, "handover")["done_on"] == "2026-11-06"  # ticking twice changes nothing
    assert again["changes"] == [{"step": "handover", "change": "already done"}]
    _checklist(acct, "улыбка", "--done", "kickoff")
    before = store_dump(home)
    assert_user_error(acct("onboard", "улыбка", "--undo", "handover"), "'kickoff'")
    assert store_dump(home) == before
    doc = _checklist(acct, "улыбка", "--undo", "handover", "--undo", "kickoff")
    assert doc["progress"]["done"] == 0
    assert _step(doc, "handover")["done_on"] is None


def test_unknown_step_is_an_error_with_a_suggestion(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    _checklist(acct, "улыбка")
    before = store_dump(home)
    result = acct("onboard", "улыбка", "--done", "kikoff")
    assert_user_error(result, "no step 'kikoff'")
    assert "kickoff" in result.stderr
    assert_user_error(acct("onboard", "улыбка", "--done", "handover", "--undo", "handover"))
    assert_user_error(acct("onboard", "улыбка", "--done", "handover", "--date", "2026-11-01"))
    assert store_dump(home) == before
    _checklist(acct, "улыбка", "--done", "handover", day="2026-11-10")
    before = store_dump(home)
    result = acct("onboard", "улыбка", "--done", "kickoff", "--date", "2026-11-09")
    assert_user_error(result, "'handover'", "was done later (2026-11-10)")
    assert store_dump(home) == before


def test_channel_and_urgent_contact_are_recorded_on_the_client(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    assert (
        acct("contact", "add", "улыбка", "Наталья", "--phone", "+7 900 1", "--urgent").exit_code
        == 0
    )
    assert acct("contact", "add", "улыбка", "Ринат", "--phone", "+7 900 2").exit_code == 0
    _checklist(acct, "улыбка", "--done", "handover,kickoff")
    before = store_dump(home)
    result = acct("onboard", "улыбка", "--done", "channel")  # agreed on what?
    assert_user_error(result, "channel")
    assert "--channel" in result.stderr
    assert store_dump(home) == before
    doc = _checklist(acct, "улыбка", "--channel", "tasks", "--urgent-contact", "рин")
    assert _step(doc, "channel")["done_on"] == "2026-11-26"
    assert _step(doc, "channel")["recorded"] == "tasks"
    assert _step(doc, "urgent-contact")["recorded"] == "Ринат"
    shown = acct("client", "show", "улыбка", "--json").json()
    assert shown["channel"] == "tasks"
    assert [(c["name"], c["urgent"]) for c in shown["contacts"]] == [
        ("Ринат", True),
        ("Наталья", False),
    ]
    assert_user_error(acct("onboard", "улыбка", "--urgent-contact", "Пётр"), "no contact")
    assert_user_error(acct("onboard", "улыбка", "--channel", "pigeon"), "bad channel")


def test_the_last_step_makes_the_client_active_and_undo_reverts(acct: Run) -> None:
    _client(acct, "Улыбка")  # no services: the common steps only
    assert acct("contact", "add", "улыбка", "Наталья", "--urgent").exit_code == 0
    doc = _checklist(acct, "улыбка")
    keys = _keys(doc)
    everything = ",".join(k for k in keys if k != "run-in-review")
    doc = _checklist(
        acct,
        "улыбка",
        "--done",
        everything,
        "--channel",
        "phone",
        "--reports",
        "monthly:5",
        day="2026-12-01",
    )
    assert doc["status"] == "onboarding" and doc["complete"] is False
    out = acct("onboard", "улыбка", "--done", "run-in-review", "--date", "2027-01-12")
    assert out.exit_code == 0 and "active from 2027-01-12" in out.stdout
    shown = acct("client", "show", "улыбка", "--json", "--date", "2027-01-12").json()
    assert shown["status"] == "active"
    assert [(h["status"], h["on"]) for h in shown["history"]] == [
        ("onboarding", START),
        ("active", "2027-01-12"),
    ]
    done = _checklist(acct, "улыбка", day="2027-01-12")
    assert done["complete"] is True and done["progress"] == {"done": len(keys), "total": len(keys)}
    back = _checklist(acct, "улыбка", "--undo", "run-in-review", day="2027-01-13")
    assert back["status"] == "onboarding" and back["complete"] is False
    shown = acct("client", "show", "улыбка", "--json", "--date", "2027-01-13").json()
    assert [h["status"] for h in shown["history"]] == ["onboarding"]


def test_template_on_an_existing_checklist_needs_restart(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    (home / "templates").mkdir(parents=True)
    (home / "templates" / "short.toml").write_text(
        '[[step]]\nkey = "hello"\ntitle = "Знакомство"\nday = 1\nrole = "account"\n',
        encoding="utf-8",
    )
    _checklist(acct, "улыбка", "--done", "handover")
    before = store_dump(home)
    result = acct("onboard", "улыбка", "--template", "short")
    assert_user_error(result, "already has an onboarding checklist")
    assert "--restart" in result.stderr
    assert store_dump(home) == before
    assert_user_error(acct("onboard", "улыбка", "--start", "2026-11-10"), "started on")
    assert store_dump(home) == before
    same = _checklist(acct, "улыбка", "--template", "default")  # the same one: fine
    assert same["created"] is False
    doc = _checklist(acct, "улыбка", "--template", "short", "--restart")
    assert doc["created"] is True and doc["template"] == "short" and _keys(doc) == ["hello"]
    assert doc["previous"][0]["template"] == "default"
    assert doc["previous"][0]["progress"]["done"] == 1
    assert doc["status"] == "onboarding"
    assert _checklist(acct, "улыбка")["template"] == "short"


def test_user_default_template_replaces_the_built_in_one(acct: Run, home: Path) -> None:
    (home / "templates").mkdir(parents=True)
    (home / "templates" / "default.toml").write_text(
        '[[step]]\nkey = "call"\ntitle = "Позвонить"\nday = 0\nrole = "account"\n',
        encoding="utf-8",
    )
    _client(acct, "Улыбка", "seo")
    assert _keys(_checklist(acct, "улыбка")) == ["call"]


def test_template_by_path_with_calendar_days_and_cyrillic(
    acct: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "свой шаблон.toml"
    path.write_text(
        "[[step]]\n"
        'key = "brief"\n'
        'title = "Бриф: цели, бюджет, «болевые точки»"\n'
        "day = 2\n"
        'role = "аккаунт-менеджер"\n'
        "\n"
        "[[step]]\n"
        'key = "weekend"\n'
        'title = "[bold red]Не разметка[/] [link=http://x.ru]и не ссылка[/link]"\n'
        "day = 3\n"
        'role = "client"\n'
        'after = ["brief"]\n',
        encoding="utf-8",
    )
    _client(acct, "Улыбка", "seo")
    doc = _checklist(acct, "улыбка", "--template", str(path))
    assert doc["template"] == str(path.resolve())
    brief = _step(doc, "brief")
    assert brief["title"] == "Бриф: цели, бюджет, «болевые точки»"
    assert brief["role"] == "аккаунт-менеджер"
    assert brief["due"] == "2026-11-07"  # calendar days: a Saturday stays a Saturday
    assert _step(doc, "weekend")["due"] == "2026-11-08"
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping: whole titles on one line
    out = acct("onboard", "улыбка", "--date", "2026-11-26").stdout
    assert "«болевые точки»" in out and "аккаунт-менеджер" in out
    assert "[bold red]Не разметка[/] [link=http://x.ru]и не ссылка[/link]" in out


def test_paused_or_churned_clients_cannot_start(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo", since="2026-01-10")
    assert acct("client", "pause", "улыбка", "--on", "2026-10-01").exit_code == 0
    before = store_dump(home)
    assert_user_error(acct("onboard", "улыбка", "--date", "2026-11-26"), "paused")
    assert_user_error(acct("onboard", "нет такого"), "no client")
    assert_user_error(acct("onboard", "улыбка", "--start", "2025-01-01"), "paused")
    assert store_dump(home) == before


def test_start_before_the_client_began_is_an_error(acct: Run, home: Path) -> None:
    _client(acct, "Улыбка", "seo")
    before = store_dump(home)
    assert_user_error(acct("onboard", "улыбка", "--start", "2026-10-01"), "before")
    assert_user_error(acct("onboard", "улыбка", "--start", "когда-нибудь"), "bad --start date")
    assert store_dump(home) == before


def test_print_template_shows_the_built_in_one(acct: Run) -> None:
    result = acct("onboard", "--print-template")
    assert result.exit_code == 0
    assert "[[step]]" in result.stdout and 'key = "run-in-review"' in result.stdout


@pytest.mark.parametrize("day", ["2026-11-26"])
def test_demo_has_an_onboarding_client_part_way_through(acct: Run, day: str) -> None:
    assert acct("demo", "--date", day).exit_code == 0
    doc = _checklist(acct, "Стоматология", day=day)
    done, total = doc["progress"]["done"], doc["progress"]["total"]
    assert 0 < done < total and doc["status"] == "onboarding"
    states = [s["state"] for s in doc["steps"]]
    assert states.count("overdue") == 1 and "due" in states
    assert _step(doc, "channel")["recorded"] == "messenger"
    shown = acct("client", "show", "Стоматология", "--json").json()
    assert shown["channel"] == "messenger" and shown["contacts"][0]["urgent"]


def _store():  # type: ignore[no-untyped-def]
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    return open_store(load_settings().database_url)


def test_onboarding_due_feeds_the_dashboard(acct: Run) -> None:
    from acctcli.services.onboarding.due import onboarding_due

    _client(acct, "Улыбка", "seo")
    _client(acct, "Пицца", "smm", since="2026-11-20")
    _client(acct, "Чужой", "seo")
    _client(acct, "Пауза", "seo")
    assert acct("client", "edit", "чужой", "--owner", "boris").exit_code == 0
    for name in ("улыбка", "пицца", "чужой", "пауза"):
        _checklist(acct, name, day="2026-11-06")
    _checklist(acct, "улыбка", "--done", "handover,kickoff", day="2026-11-09")
    assert acct("client", "pause", "пауза", "--on", "2026-11-10").exit_code == 0
    db = _store()
    try:
        due = onboarding_due(db, date(2026, 11, 12), "anna")
        everyone = onboarding_due(db, date(2026, 11, 12), None)
        soon = onboarding_due(db, date(2026, 11, 12), "anna", within_days=8)
    finally:
        db.close()
    assert {d.client for d in due} == {"Улыбка"}  # Пицца starts later; Пауза is paused
    assert {d.client for d in everyone} == {"Улыбка", "Чужой"}
    first = due[0]
    assert (first.key, first.due, first.days_overdue, first.role) == (
        "channel",
        date(2026, 11, 9),
        3,
        "account",
    )
    assert [d.days_overdue for d in due] == sorted((d.days_overdue for d in due), reverse=True)
    seo_audit = next(d for d in soon if d.key == "seo-audit")
    assert seo_audit.blocked_by == ("access",) and seo_audit.days_overdue == 0
    assert [(d.key, d.due) for d in soon if d.client == "Пицца"] == [
        ("handover", date(2026, 11, 20))
    ]


def test_a_won_back_client_starts_from_the_win_back(acct: Run) -> None:
    _client(acct, "Улыбка", "seo", since="2025-02-03")
    assert acct("client", "pause", "улыбка", "--on", "2025-05-01").exit_code == 0
    assert acct("client", "resume", "улыбка", "--on", "2025-06-01").exit_code == 0
    assert (
        acct("client", "churn", "улыбка", "--on", "2025-09-01", "--reason", "бюджет").exit_code == 0
    )
    assert acct("client", "resume", "улыбка", "--on", "2026-11-02").exit_code == 0
    doc = _checklist(acct, "улыбка")
    assert doc["start"] == "2026-11-02" and doc["status"] == "onboarding"
    _client(acct, "Пицца", "smm", since="2025-02-03")
    assert acct("client", "pause", "пицца", "--on", "2025-05-01").exit_code == 0
    assert acct("client", "resume", "пицца", "--on", "2025-06-01").exit_code == 0
    # a pause is no new contract: active since the start, long enough to need --new
    refused = acct("onboard", "пицца", "--date", "2026-11-26")
    assert_user_error(refused, "Пицца is active since 2025-02-03")
