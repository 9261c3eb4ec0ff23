"""The interface language: chosen from ACCT_LANG, config.toml or the locale (never through
the system's locale database), and catalogs that stay in step with the source."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli import i18n

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import catalog  # noqa: E402


@pytest.mark.parametrize(
    ("env", "configured", "expected"),
    [
        ({}, None, "en"),
        ({"LANG": "ru_RU.UTF-8"}, None, "ru"),
        ({"LANG": "C"}, None, "en"),
        ({"LANG": "POSIX"}, None, "en"),
        ({"LANG": "C.UTF-8"}, None, "en"),
        ({"LANG": "de_DE.UTF-8"}, None, "en"),  # no catalog: the source language
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, None, "ru"),
        ({"LC_ALL": "C", "LC_MESSAGES": "ru_RU.UTF-8"}, None, "en"),  # LC_ALL wins
        ({"LC_ALL": "ru_RU@euro"}, None, "ru"),
        ({"LANG": "ru_RU.UTF-8"}, "en", "en"),  # config.toml before the locale
        ({"LANG": "C"}, "ru", "ru"),
        ({"ACCT_LANG": "en", "LANG": "ru_RU.UTF-8"}, "ru", "en"),  # ACCT_LANG first
        ({"ACCT_LANG": "ru"}, None, "ru"),
        ({"ACCT_LANG": "", "LANG": "ru_RU"}, None, "ru"),
    ],
)
def test_the_language_is_chosen_in_order(env: dict, configured: str | None, expected: str) -> None:
    assert i18n.choose_language(env, configured) == expected


def test_a_bad_language_in_config_is_one_error(acct: Run, home: Path) -> None:
    from tests.conftest import assert_user_error

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('language = "klingon"\n', encoding="utf-8")
    assert_user_error(acct("client", "list"), "language must be one of en, ru")


def test_the_template_holds_every_message_of_the_source() -> None:
    from babel.messages.pofile import read_po

    with catalog.TEMPLATE.open("rb") as handle:
        stored = {m.id for m in read_po(handle) if m.id}
    current = {m.id for m in catalog.extract() if m.id}
    assert stored == current, "run `make i18n`: " + repr(sorted(map(str, stored ^ current))[:5])


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_the_compiled_catalog_is_the_po_file(language: str) -> None:
    assert catalog.mo_path(language).read_bytes() == catalog.compiled(
        catalog.read_catalog(language)
    ), "run `make i18n`"


# --- the catalogs are complete and honest -------------------------------------------------

PLACEHOLDER = re.compile(r"\{[a-z_0-9]*(?:![rs])?(?::[^{}]*)?\}|%\(\w+\)[sd]|%[sd]")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    messages = [m for m in catalog.read_catalog(language) if m.id]
    problems = []
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = _placeholders(ids[-1])
        if len(ids) == 2:
            assert len(strings) == 3, f"Russian has three plural forms: {ids[0]!r}"
        for string in strings:
            if _placeholders(string) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} → {string!r}")
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:15])


def test_no_user_facing_literal_bypasses_gettext() -> None:
    from tools import untranslated

    found = untranslated.scan([untranslated.PACKAGE])
    assert not found, f"{len(found)} literals, e.g.:\n" + "\n".join(found[:15])


def test_nothing_asks_the_system_for_locale_names() -> None:
    """Weekday and month names come from the catalogs: no setlocale, no strftime names."""
    names = re.compile(r"\.setlocale\(|strftime\([^)]*%[aAbBcxp]")
    used = [
        f"{path.name}:{n}"
        for path in sorted(catalog.PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if names.search(line)
    ]
    assert not used, used


# --- Russian words: plurals and dates ------------------------------------------------------


@pytest.fixture
def russian() -> Iterator[None]:
    i18n.use("ru")
    yield
    i18n.use("en")


RUSSIAN_FORMS = {0: 2, 1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2, 111: 2, 104: 1, 112: 2}


def test_the_russian_catalog_has_the_three_plural_forms(russian: None) -> None:
    plural = i18n._catalog.plural  # type: ignore[attr-defined]
    assert {n: plural(n) for n in RUSSIAN_FORMS} == RUSSIAN_FORMS


@pytest.mark.parametrize(
    ("day", "ru", "en"),
    [
        (date(2026, 12, 1), "вторник, 1 декабря 2026", "Tuesday 1 December 2026"),
        (date(2026, 5, 9), "суббота, 9 мая 2026", "Saturday 9 May 2026"),
        (date(2027, 3, 8), "понедельник, 8 марта 2027", "Monday 8 March 2027"),
        (date(2026, 8, 30), "воскресенье, 30 августа 2026", "Sunday 30 August 2026"),
    ],
)
def test_long_dates_read_naturally(day: date, ru: str, en: str) -> None:
    assert i18n.long_date(day) == en
    i18n.use("ru")
    try:
        assert i18n.long_date(day) == ru
    finally:
        i18n.use("en")


def test_months_in_both_cases_and_short(russian: None) -> None:
    assert [i18n.month_heading(date(2026, m, 1)) for m in (1, 5, 12)] == [
        "январь 2026",
        "май 2026",
        "декабрь 2026",
    ]
    assert [i18n.day_month(date(2026, m, 3)) for m in (2, 6, 11)] == [
        "3 февраля",
        "3 июня",
        "3 ноября",
    ]
    assert i18n.short_date(date(2026, 12, 1)) == "1 дек"
    assert {i18n.weekday_name(date(2026, 11, 30 - k)) for k in range(7)} == {
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
    }


# --- the language reaches the user ---------------------------------------------------------


def test_lang_gives_russian_without_the_system_locale(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ru_RU.UTF-8 is not installed here: the interface is Russian all the same, --json not."""
    import locale

    with pytest.raises(locale.Error):
        locale.setlocale(locale.LC_TIME, "ru_RU.UTF-8")  # proves the machine lacks it
    monkeypatch.delenv("ACCT_LANG")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert acct("demo", "--date", "2026-12-01").exit_code == 0
    text = acct("today", "--date", "2026-12-01").stdout
    assert text.startswith("вторник, 1 декабря 2026"), text[:80]
    document = acct("today", "--date", "2026-12-01", "--json").json()
    assert document["weekday"] == "Tuesday" and document["date"] == "2026-12-01"
    assert not CYRILLIC_PROSE.search(" ".join(document["summary"]))
    monkeypatch.setenv("LANG", "C")
    assert acct("today", "--date", "2026-12-01").stdout.startswith("Tuesday 1 December 2026")


CYRILLIC_PROSE = re.compile(r"[а-яё]{3,} [а-яё]{3,}")


def test_config_language_and_errors_in_russian(
    acct: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('language = "ru"\n', encoding="utf-8")
    monkeypatch.delenv("ACCT_LANG")
    result = acct("client", "show", "никто")
    assert result.exit_code == 1
    assert result.stderr.startswith("Ошибка: "), result.stderr
    assert "Traceback" not in result.stderr
    scripted = acct("client", "show", "никто", "--json")  # scripts read English
    assert scripted.exit_code == 1 and scripted.stderr.startswith("Error: "), scripted.stderr


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("currency = 5\nlanguage = 'ru'\n", "currency"),  # a bad value beside the language
        ("language = 'ru'\n[mail]\nhours = 'bogus'\n", "bogus"),
        ("language = 'ru'\nthis is not toml\n", "ошибка в TOML"),
    ],
)
def test_a_config_asking_for_russian_gets_its_errors_in_russian(
    acct: Run, home: Path, monkeypatch: pytest.MonkeyPatch, content: str, fragment: str
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(content, encoding="utf-8")
    monkeypatch.delenv("ACCT_LANG")
    monkeypatch.setenv("LANG", "C")
    result = acct("today")
    if "not toml" in content:  # the file cannot say what it wants: ask the locale
        assert result.stderr.startswith("Error: "), result.stderr
        monkeypatch.setenv("ACCT_LANG", "ru")
        result = acct("today")
    assert result.exit_code == 1
    assert result.stderr.startswith("Ошибка: "), result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_a_toml_syntax_error_names_line_and_column(acct: Run, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("user = 'anna'\nthis is not toml\n", encoding="utf-8")
    result = acct("today")
    assert result.exit_code == 1
    assert result.stderr.rstrip().endswith("(at line 2, column 6)"), result.stderr


def test_the_readme_shows_the_russian_morning_as_it_is() -> None:
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    golden = (root / "tests" / "golden" / "today_demo_ru.txt").read_text(encoding="utf-8")
    assert "```\n" + golden + "```\n" in readme, "copy tests/golden/today_demo_ru.txt into README"
