"""`acct today` and `acct kpi` in Russian: golden text of the demo agency at 80 columns, the
grammar of every count (0, 1, 2, 5, 11, 21, 22, 25, 111) in both languages, the reasons, the
KPI report and its formulas, errors, and `--json` that stays English."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from tests.conftest import Run

from acctcli import i18n
from acctcli.domain.dashboard import Dashboard, Item
from acctcli.domain.urgency import Urgency, days_text, overdue_text
from acctcli.render.dashboard import dashboard_text
from acctcli.render.plain import cells

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
DAY = "2026-12-01"  # a Tuesday: the demo agency is made as of this day
UPDATE = os.environ.get("ACCT_UPDATE_GOLDEN") == "1"
COUNTS = (0, 1, 2, 5, 11, 21, 22, 25, 111)


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.fixture
def demo(acct: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The demo agency as of DAY, a Russian interface at 80 columns without colour."""
    monkeypatch.setenv("ACCT_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    assert acct("demo", "--date", DAY).exit_code == 0
    return acct


@pytest.fixture(autouse=True)
def speak() -> Iterator[None]:
    """English again after every test: a Russian run (in-process, or through the entry point,
    which keeps the language it chose) must not leak into the next module's tests."""
    yield
    i18n.use("en")


# --- the golden texts ----------------------------------------------------------------------


def test_dashboard_of_the_demo_agency_in_russian_matches_the_golden_text(demo: Run) -> None:
    result = demo("today", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    _golden("today_demo_ru.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert all(cells(line) <= 80 for line in lines)
    assert "\x1b" not in result.stdout
    assert lines[0].startswith("вторник, 1 декабря 2026 · 1 пожар · 1 письмо об инциденте")
    titles = [line for line in lines if line in RU_SECTIONS]
    assert titles == list(RU_SECTIONS)
    # nothing left in English: the reasons, the mail counts and categories are Russian
    for english in ("overdue", "days", "fire", "urgent contact", "waiting", "invoice", "new ·"):
        assert english not in result.stdout, english
    assert "просрочено на 26 дней" in result.stdout
    assert "9 новых · 1 требует ответа · 1 ждёт ответа" in result.stdout
    assert "по категориям:  инцидент 2" in result.stdout


RU_SECTIONS = ("Пожары", "Почта", "Звонки", "Онбординг", "Деньги", "Допродажи")


def test_kpi_of_the_demo_agency_in_russian_matches_the_golden_text(demo: Run) -> None:
    result = demo("kpi", "--month", "2026-11", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    _golden("kpi_demo_ru.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert all(cells(line) <= 80 for line in lines)
    assert "\x1b" not in result.stdout
    assert lines[0] == "KPI за ноябрь 2026  ·  клиенты anna  ·  на 2026-11-30"
    for heading in ("1. Сбор дебиторки", "2. Отток", "3. Рост оборота"):
        assert heading in lines or any(line.rstrip() == heading for line in lines), heading
    for english in ("Receivables", "Churn", "Turnover", "Opening", "Collected", "as of", "d "):
        assert english not in result.stdout, english
    opening = next(line for line in lines if line.startswith("Остаток на начало"))
    assert " ".join(opening.split()) == "Остаток на начало 550 000 ₽ 540 000 ₽"


# --- counts --------------------------------------------------------------------------------


def _ru_form(n: int) -> int:
    """Which of the three Russian forms a count takes: 1/21/101, 2-4/22, the rest."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# Each part of the summary line: its English forms, then its three Russian forms.
SUMMARY_WORDS = (
    (("fire", "fires"), ("пожар", "пожара", "пожаров")),
    (
        ("incident message", "incident messages"),
        ("письмо об инциденте", "письма об инцидентах", "писем об инцидентах"),
    ),
    (("to triage", "to triage"), ("к разбору", "к разбору", "к разбору")),
    (("call", "calls"), ("звонок", "звонка", "звонков")),
    (
        ("onboarding step", "onboarding steps"),
        ("шаг онбординга", "шага онбординга", "шагов онбординга"),
    ),
    (
        ("overdue invoice", "overdue invoices"),
        ("просроченный счёт", "просроченных счёта", "просроченных счетов"),
    ),
    (
        ("invoice due soon", "invoices due soon"),
        ("счёт скоро к оплате", "счёта скоро к оплате", "счетов скоро к оплате"),
    ),
    (
        ("upsell to follow up", "upsells to follow up"),
        ("допродажа в работе", "допродажи в работе", "допродаж в работе"),
    ),
)


def _board(n: int) -> Dashboard:
    """A dashboard with n of everything the summary line counts."""
    board = Dashboard(
        day=date(2026, 12, 1), at=datetime(2026, 12, 1, 9), has_clients=True, has_mail=True
    )

    def items(kind: str, days_overdue: int = 0) -> list[Item]:
        details = SimpleNamespace(days_overdue=days_overdue)
        return [Item(kind, "Альфа", f"#{i}", "", "", Urgency(1.0), details) for i in range(n)]

    board.incidents = items("incident") + items("urgent-mail")
    board.mail.to_triage = n
    board.calls = items("call")
    board.onboarding = items("onboarding")
    board.invoices = items("invoice", days_overdue=3) + items("invoice", days_overdue=0)
    board.upsells = items("upsell")
    return board


@pytest.mark.parametrize("n", COUNTS)
def test_summary_line_counts_in_russian(n: int) -> None:
    i18n.use("ru")
    expected = [f"{n} {ru[_ru_form(n)]}" for _en, ru in SUMMARY_WORDS] if n else []
    assert _board(n).summary() == expected
    if n:
        assert dashboard_text(_board(n), colour=False, width=200).startswith(
            "вторник, 1 декабря 2026 · " + " · ".join(expected)
        )


@pytest.mark.parametrize("n", COUNTS)
def test_summary_line_counts_in_english(n: int) -> None:
    i18n.use("en")
    expected = [f"{n} {en[0] if n == 1 else en[1]}" for en, _ru in SUMMARY_WORDS] if n else []
    assert _board(n).summary() == expected


def test_summary_line_spot_checks() -> None:
    i18n.use("ru")
    assert _board(21).summary()[:4] == [
        "21 пожар",
        "21 письмо об инциденте",
        "21 к разбору",
        "21 звонок",
    ]
    assert _board(22).summary()[3] == "22 звонка"
    assert _board(111).summary()[0] == "111 пожаров"
    assert _board(11).summary()[5] == "11 просроченных счетов"
    i18n.use("en")
    assert _board(1).summary()[:2] == ["1 fire", "1 incident message"]
    assert _board(21).summary()[0] == "21 fires"


@pytest.mark.parametrize("n", [c for c in COUNTS if c])
def test_mail_counts_in_both_languages(n: int) -> None:
    board = _board(0)
    board.mail.to_triage = board.mail.needs_reply = board.mail.waiting = n
    i18n.use("ru")
    new = ("новое", "новых", "новых")[_ru_form(n)]
    reply = ("требует", "требуют", "требуют")[_ru_form(n)]
    waiting = ("ждёт", "ждут", "ждут")[_ru_form(n)] + " ответа клиента"
    text = dashboard_text(board, colour=False, width=120)
    assert f"\n  {n} {new} · {n} {reply} ответа · {n} {waiting}\n" in text
    assert "\nПожары: ничего не горит\n" in text and "\nЗвонки: звонить пока некому\n" in text
    i18n.use("en")
    needs = "needs" if n == 1 else "need"
    text = dashboard_text(board, colour=False, width=120)
    assert f"\n  {n} new · {n} {needs} a reply · {n} waiting for an answer\n" in text


@pytest.mark.parametrize("n", COUNTS)
def test_days_in_reasons_in_both_languages(n: int) -> None:
    i18n.use("ru")
    days = f"{n} {('день', 'дня', 'дней')[_ru_form(n)]}"
    assert days_text(n) == days
    assert overdue_text(n) == f"просрочено на {days}"
    i18n.use("en")
    assert days_text(n) == (f"{n} day" if n == 1 else f"{n} days")
    assert overdue_text(n) == f"overdue {days_text(n)}"


# --- through the entry point ---------------------------------------------------------------


def test_russian_locale_alone_gives_the_russian_dashboard(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACCT_LANG")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    out = demo("today", "--date", DAY).stdout
    assert out.startswith("вторник, 1 декабря 2026 · 1 пожар")
    assert "горит 14 ч" in out and "срок сегодня" in out


def test_dashboard_json_stays_english_in_russian(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    russian = demo("today", "--date", DAY, "--json")
    assert russian.exit_code == 0, russian.stderr
    monkeypatch.setenv("ACCT_LANG", "en")
    english = demo("today", "--date", DAY, "--json")
    assert russian.json() == english.json()
    doc = russian.json()
    assert doc["weekday"] == "Tuesday"
    assert doc["summary"][0] == "1 fire" and "1 incident message" in doc["summary"]
    assert any(i["why"].startswith("overdue") for i in doc["calls"])
    assert "open incident" in doc["incidents"][0]["reasons"]
    assert not any("а" <= ch <= "я" for ch in json.dumps(doc["summary"], ensure_ascii=False))


def test_kpi_explain_in_russian_and_its_json_in_english(demo: Run) -> None:
    result = demo("kpi", "--month", "2026-11", "--explain", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.replace("\xa0", " ")  # money keeps its digits together with NBSPs
    assert "Как считаются эти показатели" in out
    assert "на начало = ДЗ(конец прошлого месяца, 2026-10-31) = 550 000 ₽" in out
    assert "просрочено = на конец − текущая = 570 000 ₽ − 530 000 ₽ = 40 000 ₽" in out
    assert "допродаж выиграно = 0 на сумму 0 ₽; открыто = 1" in out
    assert "opening" not in out and "none" not in out
    doc = demo("kpi", "--month", "2026-11", "--explain", "--date", DAY, "--json").json()
    explain = [line.replace("\xa0", " ") for line in doc["explain"]]
    assert explain[0] == "opening = AR(end of the month before, 2026-10-31) = 550 000 ₽"
    assert "upsells won = 0, won value = 0 ₽; opened = 1" in explain
    assert any(
        line.startswith("GRR = (start − contraction − churned) / start × 100") for line in explain
    )
    assert explain[-1].startswith("profit = revenue − cost = 755 000 ₽ − 496 000 ₽ = 259 000 ₽")


def test_kpi_team_and_a_churned_client_in_russian(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "80")
    for args in (
        ["client", "add", "Альфа", "--since", "2025-01-01"],
        ["client", "add", "Бета", "--since", "2025-01-01"],
        ["client", "add", "Дельта", "--since", "2026-11-10"],
        ["client", "churn", "бета", "--on", "2026-11-20", "--reason", "ушли к конкурентам"],
        ["client", "churn", "дельта", "--on", "2026-11-25", "--reason", "закрылись"],
    ):
        assert acct(*args).exit_code == 0, args
    out = acct("kpi", "--month", "2026-11", "--team", "--explain").stdout
    assert "✗ Бета  2026-11-20  ушли к конкурентам" in out
    assert "закрылись  (пришёл в этом месяце: не входит в долю)" in out
    assert "По менеджерам" in out and "Менеджер" in out and "Выиграно" in out
    assert "знаменатель равен 0 → нет" in out
    assert "DSO = на конец / выставлено × дней в месяце: ничего не выставлено → нет" in out


def test_an_empty_store_says_how_to_begin_in_russian(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_LANG", "ru")
    lines = acct("today", "--date", DAY).stdout.splitlines()
    assert lines[0] == "вторник, 1 декабря 2026"
    assert lines[2] == "Здесь пока пусто. С чего начать:"
    assert lines[3] == "  acct client add NAME --cadence weekly   добавьте первого клиента"
    assert lines[5] == "  acct demo                               или попробуйте демо-агентство"


def test_errors_are_russian(demo: Run) -> None:
    for args in (["today", "--date", "2026-02-30"], ["kpi", "--month", "2026-13"]):
        result = demo(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("Ошибка: "), result.stderr
        assert "Traceback" not in result.stderr
