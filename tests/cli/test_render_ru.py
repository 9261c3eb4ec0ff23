"""The tables, cards and the interactive triage in Russian.

The real entry point with ACCT_LANG=ru: Russian headers, labels and counts in the right
plural form, tables inside 80 columns, errors that start with `Ошибка:`, `--json` unchanged;
in `acct mail triage` each key of the Russian ЙЦУКЕН layout does what its QWERTY twin does.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from tests.cli.test_mail_triage import MESSAGES
from tests.conftest import DAY, Result, Run, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import write_maildir

from acctcli import i18n

DEMO_DAY = "2026-12-01"  # a Tuesday


@pytest.fixture
def ru(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCT_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def russian() -> object:
    """Speak Russian in-process (for the render functions called directly), then English."""
    i18n.use("ru")
    yield
    i18n.use("en")


@pytest.fixture
def mailbox(acct: Run, home: Path, tmp_path: Path) -> Path:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MESSAGES)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    return root


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", DEMO_DAY).exit_code == 0
    return acct


def states(acct: Run) -> dict[str, tuple[str, str | None]]:
    return {
        m["subject"]: (m["state"], m["snooze_until"]) for m in listed(acct, "--all", "--date", DAY)
    }


def triage(acct: Run, monkeypatch: pytest.MonkeyPatch, keys: str) -> Result:
    monkeypatch.setattr("sys.stdin", io.StringIO(keys))
    result = acct("mail", "triage", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    return result


def assert_fits(text: str, width: int = 80) -> None:
    """No line wider than the terminal (but after a prompt, where piped input is not echoed,
    the answer starts on the prompt's line)."""
    long = [
        line
        for line in text.splitlines()
        if len(line.rstrip()) > width and not line.startswith("Отложить до")
    ]
    assert not long, long


def assert_ru_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith("Ошибка: ") and fragment in first, result.stderr
    assert "Error:" not in result.stderr and "Traceback" not in result.stderr


# --- the triage ---------------------------------------------------------------------------


def test_triage_in_russian_with_cyrillic_keys(
    acct: Run, ru: None, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Сайт упал: в = d (done); Счёт: ж is no key, then к = r (reply); Вебинар: ц = w (wait);
    # Идея: щ = o (open the text), then ы = s (snooze) with a bad date, ы again until Friday
    out = triage(acct, monkeypatch, "в ж к ц щ ы когда-нибудь\nы пт\n").stdout
    prompt = "[в]готово  [к]ответить  [ц]ждём ответа  [ы]отложить"
    keys = "[щ]текст  [ф]клиент  [ш]пожар  [а]обещание  [т]далее  [й]стоп"
    assert prompt in out and keys in out and "[d]one" not in out
    assert "Клиент: СтройМаркет" in out and "От: " in out and "Тема: Сайт упал" in out
    assert "Неизвестная клавиша 'ж'." in out
    assert "Отложить до (ГГГГ-ММ-ДД, +3д, завтра, пн…вс): " in out
    assert "Ошибка: неверная дата 'когда-нибудь'" in out
    assert "Давайте сделаем розыгрыш." in out and "Дата: " in out  # opened
    lines = out.splitlines()
    assert "→ готово" in lines and "→ ответить" in lines and "→ ждём ответа" in lines
    assert "пн…вс): → отложено до 2026-11-27" in out  # the date typed after the prompt
    summary = " ".join(out[out.index("Разобрано: ") :].split())
    assert summary.startswith("Разобрано: ") and summary.endswith("; во входящих пусто.")
    for part in ("готово — 1", "ответить — 1", "ждём ответа — 1", "отложено — 1"):
        assert part in summary
    assert_fits(out)
    assert states(acct) == {
        "Сайт упал": ("done", None),
        "Счёт за ноябрь": ("needs-reply", None),
        "Вебинар для агентств": ("waiting", None),
        "Идея для акции": ("snoozed", "2026-11-27"),  # Thursday the 26th: the next Friday
    }


def test_each_cyrillic_key_does_what_its_latin_twin_does(
    acct: Run, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In English too: the same key sequences, one in each layout, leave the same states."""
    cyrillic = triage(acct, monkeypatch, "т л ы +3д\nт й").stdout
    assert "[d]one  [r]eply" in cyrillic and "→ snoozed until 2026-11-29" in cyrillic
    assert cyrillic.strip().endswith("Triaged: 3 skipped, 1 snoozed; 3 left.")
    after_cyrillic = states(acct)
    assert after_cyrillic["Вебинар для агентств"] == ("snoozed", "2026-11-29")
    assert {s for s, _ in after_cyrillic.values()} == {"new", "snoozed"}

    # upper case works as lower case: В is D, К is R
    out = triage(acct, monkeypatch, "В К Й").stdout
    assert "→ done" in out and "→ needs-reply" in out
    assert out.strip().endswith("Triaged: 1 done, 1 needs-reply; 1 left.")
    assert [s for s, _ in states(acct).values()].count("new") == 1


def test_latin_keys_work_in_russian_and_quit_counts_what_is_left(
    acct: Run, ru: None, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nothing = triage(acct, monkeypatch, "й").stdout
    assert nothing.strip().splitlines()[-1] == "Разобрано: ничего; осталось 4 письма."
    skipped = triage(acct, monkeypatch, "n т q").stdout
    assert skipped.strip().endswith("Разобрано: пропущено — 2; осталось 4 письма.")
    latin = triage(acct, monkeypatch, "d r w").stdout  # the end of input quits
    assert "→ готово" in latin and "→ ждём ответа" in latin
    assert latin.strip().endswith("; осталось 1 письмо.")
    assert triage(acct, monkeypatch, "d").stdout.strip().endswith("во входящих пусто.")
    again = triage(acct, monkeypatch, "").stdout
    assert again.strip() == "Нового к разбору нет: во входящих пусто."


def test_triage_summary_plurals(russian: object) -> None:
    from collections import Counter

    from acctcli.cli.mail_triage import _summary

    forms = {1: "письмо", 2: "письма", 4: "письма", 5: "писем", 11: "писем", 21: "письмо"}
    forms |= {22: "письма", 25: "писем", 111: "писем"}
    printed: list[str] = []
    console = SimpleNamespace(print=lambda text, **_: printed.append(text))
    for left, word in forms.items():
        _summary(console, Counter({"skipped": 1}), left)  # skipping leaves it to triage
        assert printed.pop() == f"Разобрано: пропущено — 1; осталось {left} {word}."


def test_snooze_takes_russian_weekdays_and_errors_are_russian(
    acct: Run, ru: None, home: Path, mailbox: Path
) -> None:
    from acctcli.domain.triage import parse_until

    thursday = date(2026, 11, 26)
    assert parse_until("пт", thursday) == date(2026, 11, 27)
    assert parse_until("Пятницу", thursday) == date(2026, 11, 27)
    assert parse_until("пн", thursday) == date(2026, 11, 30)
    assert parse_until("понедельник", thursday) == date(2026, 11, 30)
    assert parse_until("среда", thursday) == date(2026, 12, 2)
    assert parse_until("чт", thursday) == date(2026, 12, 3)  # never today: a week on
    assert parse_until("воскресенье", thursday) == date(2026, 11, 29)
    assert parse_until("завтра", thursday) == date(2026, 11, 27)
    assert parse_until("+3д", thursday) == date(2026, 11, 29)
    assert parse_until("2н", thursday) == date(2026, 12, 10)
    assert parse_until("fri", thursday) == date(2026, 11, 27)  # English as before

    idea = {m["subject"]: m["id"] for m in listed(acct, "--date", DAY)}["Идея для акции"]
    before = store_dump(home)
    bad = acct("mail", "snooze", str(idea), "--until", "когда-нибудь", "--date", DAY)
    assert_ru_error(bad, "неверная дата 'когда-нибудь'")
    past = acct("mail", "snooze", str(idea), "--until", DAY, "--date", DAY)
    assert_ru_error(past, "выберите день после 2026-11-26")
    assert store_dump(home) == before
    done = acct("mail", "snooze", str(idea), "--until", "пт", "--date", DAY)
    assert done.exit_code == 0 and "отложено до 2026-11-27 — Идея для акции" in done.stdout
    assert listed(acct, "--state", "snoozed", "--date", DAY)[0]["snooze_until"] == "2026-11-27"


# --- the tables ---------------------------------------------------------------------------


def test_mail_list_and_import_in_russian(
    acct: Run, ru: None, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MESSAGES)
    imported = acct("mail", "import", root, "--date", DAY)
    assert imported.stdout.strip() == "Импортировано 4 письма, 0 уже в базе, 0 с ошибкой."
    again = acct("mail", "import", root, "--date", DAY)
    assert again.stdout.strip() == "Импортировано 0 писем, 4 уже в базе, 0 с ошибкой."

    table = acct("mail", "list", "--date", DAY).stdout
    head, _, night = table.partition("Пришло в нерабочее время")
    header = head.splitlines()[0].split()
    assert header == ["№", "Дата", "От", "кого", "Клиент", "Категория", "Состояние", "Тема"]
    assert "инцидент !!!" in head and "оплата !" in head and "новое" in head
    assert "без кл" in night and "Вебинар для аген…" in night  # cut at 80 columns
    assert "incident" not in table and "new " not in table
    assert_fits(table)
    # --json is never translated
    assert {m["category"] for m in listed(acct, "--date", DAY)} == {
        "incident",
        "billing",
        "idea",
        "other",
    }
    monkeypatch.setenv("ACCT_USER", "boris")
    empty = acct("mail", "list", "--date", DAY).stdout
    assert empty.startswith("Разбирать нечего. Импортируйте почту: acct mail import")


def test_no_calls_due(acct: Run, ru: None) -> None:
    assert acct("calls", "--date", DAY).stdout == "На 2026-11-26 звонков нет.\n"


def test_import_summary_plurals(russian: object) -> None:
    from acctcli.render.mail import import_summary

    forms = {0: "писем", 1: "письмо", 2: "письма", 5: "писем", 11: "писем", 21: "письмо"}
    forms |= {22: "письма", 25: "писем", 111: "писем"}
    for n, word in forms.items():
        report = SimpleNamespace(imported=n, known=1, failed=0, history=0)
        assert import_summary(report) == f"Импортировано {n} {word}, 1 уже в базе, 0 с ошибкой."
        fetched = import_summary(report, what="Fetched")
        assert fetched.startswith(f"Получено {n} {word},")
    i18n.use("en")
    one = SimpleNamespace(imported=1, known=2, failed=0, history=0)
    assert import_summary(one) == "Imported 1 message, 2 already known, 0 failed."


def test_calls_and_history_in_russian(demo: Run, ru: None) -> None:
    table = demo("calls", "--date", DEMO_DAY).stdout
    first = table.splitlines()[0]
    assert first.startswith("Звонки на вт 2026-12-01: 4 клиента · ")
    assert "3 с просрочкой" in first and "1 под угрозой" in first
    assert "Клиент" in table and "Срок" in table and "Связь" in table
    assert "26 дн. назад" in table and "8 дн. назад, РИСК" in table and "сегодня" in table
    assert "без касаний 9 дней > 1w" in table
    # the number to dial and the handle to write to fit whole at 80 columns
    assert "тел. +7 927 555-12-40" in table and "чат @marina_pizzamama" in table
    assert "Скоро" in table and "пн 2026-12-07" in table and "6 дней" in table
    assert "AT RISK" not in table and "today" not in table
    assert_fits(table)
    assert demo("calls", "--date", DEMO_DAY, "--json").json()["calls"][0]["channel"] in {
        "phone",
        "messenger",
        "email",
        "tasks",
        "meeting",
    }
    history = demo("call", "history").stdout
    assert history.split()[:5] == ["#", "Когда", "Клиент", "Что", "Контакт"]
    assert "[почта]" in history and "мессенджер" in history
    assert_fits(history)


def test_clients_money_incidents_in_russian(demo: Run, ru: None) -> None:
    clients = demo("client", "list").stdout
    assert clients.split()[:5] == ["Клиент", "Статус", "Услуги", "В", "месяц"]
    assert "активен" in clients and "онбординг" in clients and "на паузе" in clients
    assert "active" not in clients
    assert_fits(clients)
    shown = demo("client", "show", "Гранд").stdout
    # the client card (issue 20)
    assert "активен с" in shown and "ведёт anna" in shown and "здоровье" in shown
    assert "Услуги" in shown and "performance" in shown and "в месяц" in shown
    assert "Контакты (★ — срочный)" in shown and "★ " in shown and "Последние события" in shown
    assert_fits(shown)

    invoices = demo("invoice", "list", "--open", "--date", DEMO_DAY).stdout
    assert invoices.split()[:3] == ["Номер", "Клиент", "Сумма"]
    assert "51 дн." in invoices and "Итого" in invoices
    assert_fits(invoices)
    upsells = demo("upsell", "list").stdout
    assert "выиграна" in upsells and "проиграна" in upsells and "Открыта" in upsells
    assert_fits(upsells)
    assert {u["status"] for u in demo("upsell", "list", "--json").json()["upsells"]} == {
        "open",
        "won",
        "lost",
    }

    fires = demo("incident", "list", "--date", DEMO_DAY).stdout
    assert "Важность" in fires and "высокая" in fires and "открыт 1" in fires
    assert "high" not in fires
    assert_fits(fires)
    opened = demo("incident", "open", "Пицца", "Не грузится меню", "--at", "2026-12-01T10:00")
    assert opened.exit_code == 0, opened.stderr
    assert re.match(
        r"Открыт инцидент I\d+ — Пицца Мама, важность \w+: Не грузится меню", opened.stdout
    )


def test_onboarding_in_russian(demo: Run, ru: None) -> None:
    out = demo("onboard", "Стоматология", "--date", DEMO_DAY).stdout
    assert "Стоматология Улыбка  онбординг  выполнено 11 из 15 шагов" in out
    assert "шаблон default · старт 2026-11-10 · на 2026-12-01 (вт)" in out
    assert "выполнен 2026-11-10" in out and "мессенджер" in out and "ждёт:" in out
    assert "через 9 дней" in out and "аккаунт" in out
    footer = " ".join(out.split()[-17:])
    assert "1 шаг просрочен; 1 шаг на сегодня; 1 шаг ждёт. Дальше: acct onboard" in footer
    assert_fits(out)
    later = demo("onboard", "Стоматология", "--date", "2026-12-04").stdout
    assert "просрочено на 3 дня" in later or "просрочено на 4 дня" in later

    done = demo("onboard", "Стоматология", "--done", "ppc-strategy", "--date", DEMO_DAY).stdout
    assert done.startswith("Выполнено: ppc-strategy — ")
    again = demo("onboard", "Стоматология", "--done", "ppc-strategy", "--date", DEMO_DAY).stdout
    assert again.startswith("Уже выполнен: ppc-strategy")


def test_russian_counts_of_steps_and_days(russian: object) -> None:
    from acctcli.i18n import ngettext, npgettext

    steps = {1: "шаг просрочен", 2: "шага просрочены", 5: "шагов просрочено"}
    steps |= {11: "шагов просрочено", 21: "шаг просрочен", 22: "шага просрочены"}
    for n, words in steps.items():
        assert npgettext("steps", "{n} overdue", "{n} overdue", n).format(n=n) == f"{n} {words}"
    days = {0: "дней", 1: "день", 2: "дня", 5: "дней", 11: "дней", 21: "день", 22: "дня"}
    days |= {25: "дней", 111: "дней"}
    for n, word in days.items():
        late = ngettext("overdue {n} d", "overdue {n} d", n).format(n=n)
        assert late == f"просрочено на {n} {word}"
        assert ngettext("{n}d late", "{n}d late", n).format(n=n) == f"{n} дн. назад"
