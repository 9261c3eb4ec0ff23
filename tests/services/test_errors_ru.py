"""Errors, hints and warnings of the services, the store and config.toml, in Russian.

Each family runs the real entry point with ACCT_LANG=ru: the first line starts `Ошибка:`, a
hint `Подсказка:`, the exit code is 1 and the store is unchanged; the same command in English
still says what it always said, and `--json` commands stay English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Result, Run, assert_user_error, store_dump

from acctcli.errors import Invalid

DAY = "2026-11-26"


def assert_ru_error(result: Result, *fragments: str, hint: str | None = None) -> None:
    """One `Ошибка:` line (and at most one `Подсказка:` line), exit 1, no traceback."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("Ошибка: "), result.stderr
    assert len(lines) <= 2, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    if hint is None:
        assert len(lines) == 1, result.stderr
    else:
        assert len(lines) == 2 and lines[1].startswith("Подсказка: "), result.stderr
        assert hint in lines[1], (hint, lines[1])


@pytest.fixture
def agency(acct: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Two clients whose names share a prefix, one invoice, one open incident; Russian."""
    for args in (
        (
            "client",
            "add",
            "Стройка Плюс",
            "-s",
            "seo",
            "--fee",
            "seo=50000",
            "--since",
            "2026-01-01",
        ),
        ("client", "add", "Стройматериалы", "-s", "smm", "--since", "2026-01-01"),
        ("invoice", "add", "Стройка Плюс", "60000", "--number", "T-1", "--issued", "2026-11-01"),
        ("incident", "open", "Стройматериалы", "сайт упал", "--at", "2026-11-20T10:00"),
    ):
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    monkeypatch.setenv("ACCT_LANG", "ru")
    return acct


def test_unknown_client_in_russian_and_in_english(
    agency: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store_dump(home)
    result = agency("client", "show", "nobody")
    assert_ru_error(result, "клиент 'nobody' не найден", hint="acct client list --all")
    assert store_dump(home) == before
    monkeypatch.setenv("ACCT_LANG", "en")
    english = agency("client", "show", "nobody")
    assert_user_error(english, "no client named 'nobody'")
    assert english.stderr.splitlines()[1] == "Hint: see: acct client list --all"


def test_ambiguous_prefix_names_every_match(agency: Run) -> None:
    result = agency("client", "show", "Строй")
    assert_ru_error(
        result, "под 'Строй' подходят несколько клиентов", "Стройка Плюс", "Стройматериалы"
    )


def test_json_commands_keep_english_errors(agency: Run) -> None:
    result = agency("client", "show", "nobody", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no client named 'nobody'"), result.stderr
    assert result.stdout == ""


def test_overpaying_an_invoice_is_refused_and_writes_nothing(agency: Run, home: Path) -> None:
    before = store_dump(home)
    result = agency("invoice", "pay", "T-1", "--amount", "90000", "--on", "2026-11-20")
    assert_ru_error(
        result, "больше, чем осталось оплатить по счёту T-1", "остаток 60\u00a0000\u00a0₽"
    )
    assert store_dump(home) == before
    future = agency("invoice", "pay", "T-1", "--on", "2099-01-01")
    assert_ru_error(future, "дата оплаты 2099-01-01 ещё не наступила", hint="запишите оплату")
    unknown = agency("invoice", "pay", "T-404")
    assert_ru_error(unknown, "счёт с номером 'T-404' не найден", hint="acct invoice list")
    assert store_dump(home) == before


def test_terms_out_of_range_counts_days_in_russian(agency: Run, home: Path) -> None:
    before = store_dump(home)
    result = agency("invoice", "add", "Стройка", "1000", "--terms", "5000")
    assert_ru_error(result, "неверный --terms 5000: нужно от 0 до 3650 дней")
    assert store_dump(home) == before


def test_incident_errors(agency: Run, home: Path) -> None:
    before = store_dump(home)
    missing = agency("incident", "resolve", "999")
    assert_ru_error(missing, "инцидент I999 не найден", hint="acct incident list --all")
    again = agency("incident", "open", "Стройматериалы", "Сайт упал", "--at", "2026-11-21T10:00")
    assert_ru_error(again, "у клиента Стройматериалы этот пожар уже открыт", hint="закройте его")
    assert store_dump(home) == before


def test_call_log_errors(agency: Run, home: Path) -> None:
    before = store_dump(home)
    early = agency("call", "log", "Стройка", "--at", "2025-06-01T10:00")
    assert_ru_error(early, "раньше начала работы с клиентом Стройка Плюс (2026-01-01)")
    nobody = agency("call", "log", "Стройка", "--at", "2026-11-20T10:00", "--contact", "Ира")
    assert_ru_error(
        nobody, "у клиента Стройка Плюс нет контакта 'Ира' (контакты: пока нет)", hint="добавьте"
    )
    assert store_dump(home) == before


def test_onboarding_a_paused_client_names_its_status(agency: Run, home: Path) -> None:
    assert agency("client", "pause", "Стройматериалы", "--on", "2026-11-01").exit_code == 0
    before = store_dump(home)
    result = agency("onboard", "Стройматериалы", "--date", DAY)
    assert_ru_error(
        result,
        "статус клиента Стройматериалы — «на паузе»",
        hint='acct client resume "Стройматериалы"',
    )
    assert store_dump(home) == before


def test_mail_state_and_ids(agency: Run) -> None:
    bad = agency("mail", "list", "--state", "bogus")
    assert_ru_error(bad, "неверное состояние 'bogus': используйте одно из new, needs-reply")
    missing = agency("mail", "done", "4242")
    assert_ru_error(missing, "письмо с номером 4242 не найдено", hint="acct mail list")


def test_unreachable_and_unsupported_stores(
    agency: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = home / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{blocker}/sub/x.db")
    result = agency("client", "list")
    assert_ru_error(result, "не удалось создать папку данных", str(blocker))
    monkeypatch.setenv("ACCT_DATABASE_URL", "mysql://host/db")
    other = agency("client", "list")
    assert_ru_error(
        other, "неподдерживаемый URL базы данных: 'mysql://host/db'", hint="sqlite:///PATH"
    )
    not_a_db = home / "junk.db"
    not_a_db.write_bytes(b"this is not SQLite at all" * 100)
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{not_a_db}")
    junk = agency("client", "list")
    assert_ru_error(junk, "повреждена", str(not_a_db), hint="acct restore FILE")


def test_config_warnings_and_errors(agency: Run, home: Path) -> None:
    config = home / "config.toml"
    config.write_text('colour = "red"\n[bogus]\nx = 1\n[mail]\nfoo = 1\n', encoding="utf-8")
    result = agency("client", "list")
    assert result.exit_code == 0, result.stderr
    warnings = result.stderr.strip().splitlines()
    assert warnings == [
        f"Предупреждение: {config}: неизвестный ключ 'colour'",
        f"Предупреждение: {config}: неизвестный раздел 'bogus'",
        f"Предупреждение: {config}: неизвестный ключ 'mail.foo'",
    ]
    config.write_text("[money]\nterms = -1\n", encoding="utf-8")
    wrong = agency("client", "list")
    assert_ru_error(wrong, f"{config}: [money] terms: ожидается целое число от 0 до 3650")
    config.write_text("[calendar]\ncountry = 5\n", encoding="utf-8")
    typed = agency("client", "list")
    assert_ru_error(typed, '[calendar] country: ожидается строка, например "RU"', "а не 5")
    config.write_text('[mail.accounts.work]\nhost = "h"\nuser = "u"\npassword = "x"\n')
    secret = agency("client", "list")
    assert_ru_error(secret, "пароль нельзя хранить в config.toml", hint="password_env")


def test_config_language_words_what_was_read_before_it_was_chosen(
    agency: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """config.toml names the language, so it is read in English first: its warnings and
    errors must still come out in Russian."""
    monkeypatch.delenv("ACCT_LANG")
    monkeypatch.setenv("LANG", "C")
    config = home / "config.toml"
    config.write_text('language = "ru"\ncolour = 1\n', encoding="utf-8")
    result = agency("client", "show", "nobody")
    assert result.stderr.splitlines()[0] == f"Предупреждение: {config}: неизвестный ключ 'colour'"
    assert result.stderr.splitlines()[1].startswith("Ошибка: клиент 'nobody' не найден")
    config.write_text('language = "ru"\n[work]\nhours = 5\n', encoding="utf-8")
    assert_ru_error(agency("client", "list"), "[work] hours: ожидается строка", "а не 5")
    config.write_text('language = "en"\n[work]\nhours = 5\n', encoding="utf-8")
    english = agency("client", "list")
    assert_user_error(english, "[work] hours must be a string")


def test_config_errors_in_english_are_unchanged(acct: Run, home: Path) -> None:
    config = home / "config.toml"
    home.mkdir(parents=True, exist_ok=True)
    config.write_text('colour = "red"\n[money]\nterms = 5000\n', encoding="utf-8")
    result = acct("client", "list")
    assert_user_error(
        result, f"{config}: [money] terms must be a whole number from 0 to 3650 (days), not 5000"
    )


@pytest.mark.parametrize(
    ("months", "form"),
    [(1, "нужна 1 запись"), (2, "нужно 2 записи"), (5, "нужно 5 записей"), (21, "нужна 21 запись")],
)
def test_demo_ledger_error_counts_entries(
    acct: Run, home: Path, monkeypatch: pytest.MonkeyPatch, months: int, form: str
) -> None:
    """A ledger whose client lacks paid entries: the count in all three Russian forms."""
    from datetime import date, datetime

    from acctcli import i18n
    from acctcli.services.demo.money import load_demo_ledger
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    assert acct("client", "add", "Пицца Мама", "--since", "2020-01-01").exit_code == 0
    data = {"months": months, "billing": [{"client": "Пицца Мама", "paid": [], "terms": 5}]}
    db = open_store(load_settings().database_url)
    i18n.use("ru")
    try:
        with pytest.raises(Invalid) as caught:
            load_demo_ledger(
                db, data, day=date(2026, 11, 26), now=datetime(2026, 11, 26), owner="a"
            )
    finally:
        i18n.use("en")
        db.close()
    assert caught.value.message == f"ledger.toml: для клиента Пицца Мама {form} paid"
