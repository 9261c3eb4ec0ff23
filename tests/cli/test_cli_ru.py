"""The commands in Russian: every help page, click's usage errors, confirmations, empty
lists, the demo's summary and `db copy`'s counts — with the right plural forms — while
English and `--json` stay as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import DAY, Result, Run

CYRILLIC = re.compile(r"[а-яё]", re.I)


def russian_form(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural rule, written out here independently of the catalog."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


@pytest.fixture(autouse=True)
def plain_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain click help, as `acct` shows it (acctcli.entry sets TYPER_USE_RICH=0, which
    Typer reads once, when imported — perhaps by another test before)."""
    import typer.core

    monkeypatch.setattr(typer.core, "HAS_RICH", False)


@pytest.fixture
def ru(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("ACCT_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "80")


def _english_commands() -> list[tuple[tuple[str, ...], list[str]]]:
    """Every command's path and its English help texts (command and options), as declared."""
    from acctcli import i18n
    from acctcli.cli.tablegen import root_group, walk

    i18n.use("en")
    found = []
    for path, command in walk(root_group()):
        texts = [command.help or ""] + [p.help for p in command.params if getattr(p, "help", "")]
        found.append((path, [t for t in texts if t]))
    return found


COMMANDS = _english_commands()


def _prose(text: str) -> list[str]:
    """The paragraphs of a help text that are prose (not "Example: acct …")."""
    return [p for p in text.split("\n\n") if p.strip() and not p.startswith("Example:")]


def test_the_root_help_is_russian(acct: Run, ru: None) -> None:
    from acctcli.cli.command_table import SUMMARIES

    out = acct("--help")
    assert out.exit_code == 0
    text = out.stdout
    for word in ("Использование: acct", "Параметры:", "Команды:", "Показать эту справку"):
        assert word in text
    assert "Показать версию и выйти." in text
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "Show the version"):
        assert english not in text
    for name, summary in SUMMARIES.items():
        line = next(x for x in text.splitlines() if x.strip().startswith(name + " "))
        assert CYRILLIC.search(line), line
        assert summary.split(":")[0][:12] not in line, line
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize(("path", "english"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_help_page_is_russian_at_80_columns(
    acct: Run, ru: None, path: tuple[str, ...], english: list[str]
) -> None:
    out = acct(*path, "--help")
    assert out.exit_code == 0, out.stderr
    text = out.stdout
    assert text.startswith("Использование: acct " + " ".join(path))
    assert "Показать эту справку и выйти." in text
    flat = " ".join(text.split())
    for help_text in english:
        for paragraph in _prose(help_text):
            words = " ".join(paragraph.split())
            assert words not in flat, f"English help shown: {words!r}"
        if "Example:" in help_text:
            assert "Пример: acct" in text or "Пример: ACCT_" in text
    for english_word in ("Usage:", "Options:", "Arguments:", "[required]", "default:"):
        assert english_word not in text
    assert max(len(line) for line in text.splitlines()) <= 80, text


def test_help_in_english_is_unchanged(acct: Run) -> None:
    out = acct("client", "add", "--help")
    assert out.stdout.startswith("Usage: acct client add")
    assert "Show this message and exit." in out.stdout
    assert "Example: acct client add" in out.stdout
    assert "Options:" in out.stdout and "[required]" in out.stdout


# --- click's usage errors -------------------------------------------------------------------


def _usage_error(result: Result) -> str:
    """The `Ошибка:` line of a usage error (exit 2), after the usage line and the help hint."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Использование: acct ")
    assert lines[1].startswith("Справка: acct ") and lines[1].endswith(" -h")
    assert lines[-1].startswith("Ошибка: "), lines
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    return lines[-1]


def test_usage_errors_are_russian(acct: Run, ru: None) -> None:
    assert "не указан аргумент 'name'" in _usage_error(acct("client", "add"))
    assert "нет параметра --bogus" in _usage_error(acct("client", "list", "--bogus"))
    line = _usage_error(acct("client", "list", "--al"))
    assert "--all" in line and "похожие" in line
    line = _usage_error(acct("calls", "--ahead", "x"))
    assert "'--ahead'" in line and "не целое число" in line
    line = _usage_error(acct("client", "lst"))
    assert "нет команды 'lst'" in line and "'list'" in line
    assert "не указан параметр '--on'" in _usage_error(acct("client", "churn", "Суши"))
    assert "лишние аргументы: a b" in _usage_error(acct("client", "list", "a", "b"))
    bad_id = acct("mail", "done", "x")  # ids are 12 or M12: acct's own error, not click's
    assert bad_id.exit_code == 1 and bad_id.stderr.startswith("Ошибка: неверный номер письма")


def test_usage_errors_in_english_are_clicks_own(acct: Run) -> None:
    out = acct("client", "add")
    assert out.exit_code == 2
    assert out.stderr.startswith("Usage: acct client add")
    assert "Try 'acct client add -h' for help." in out.stderr
    assert out.stderr.strip().endswith("Error: Missing argument 'name'.")
    out = acct("client", "list", "a", "b")
    assert out.stderr.strip().endswith("Error: Got unexpected extra argument(s) (a b)")


def test_a_json_command_line_errs_in_english(acct: Run, ru: None) -> None:
    out = acct("client", "show", "--json")
    assert out.exit_code == 2
    assert "Error: Missing argument 'name'." in out.stderr


# --- what the commands say ------------------------------------------------------------------


@pytest.fixture
def demo(acct: Run) -> int:
    """The demo agency, loaded in English; the number of its clients."""
    assert acct("demo", "--date", DAY).exit_code == 0
    return len(acct("client", "list", "--all", "--team", "--json").json()["clients"])


def test_demo_says_how_many_clients_it_loaded(acct: Run, ru: None) -> None:
    out = acct("demo", "--date", DAY)
    assert out.exit_code == 0
    names = " ".join(out.stdout.split()).split(" (", 1)[1].split(").", 1)[0].split(", ")
    clients = acct("client", "list", "--all", "--team", "--json").json()["clients"]
    assert set(names) <= {c["name"] for c in clients}
    n = len(names)
    noun = russian_form(n, "клиент", "клиента", "клиентов")
    assert out.stdout.startswith(f"Демо-агентство загружено: {n} {noun} (")
    assert "Дальше: acct client list --all" in out.stdout


def test_the_demo_summary_has_three_russian_forms(ru: None) -> None:
    from acctcli import i18n

    i18n.use("ru")
    try:
        for n in (0, 1, 2, 5, 11, 21, 22, 25, 111):
            text = i18n.ngettext(
                "Loaded the demo agency: {n} client ({names}).",
                "Loaded the demo agency: {n} clients ({names}).",
                n,
            ).format(n=n, names="А")
            noun = russian_form(n, "клиент", "клиента", "клиентов")
            assert f" {n} {noun} (А)" in text, text
            rows = i18n.ngettext("Copied {n} row", "Copied {n} rows", n).format(n=n)
            assert rows.endswith(f" {n} " + russian_form(n, "строка", "строки", "строк"))
    finally:
        i18n.use("en")


def test_client_commands_confirm_in_russian(acct: Run, ru: None, demo: int) -> None:
    out = acct("client", "add", "Тест Клиент", "-s", "smm", "--fee", "smm=1000")
    assert out.exit_code == 0 and out.stdout.strip() == "Клиент Тест Клиент добавлен"
    out = acct("client", "edit", "Тест Клиент", "--name", "Тест Один")
    assert out.stdout.strip() == "Клиент Тест Один изменён"
    assert acct("client", "pause", "Суши Дом", "--on", "2026-11-27").stdout.strip() == (
        "Суши Дом: на паузе с 2026-11-27"
    )
    out = acct("client", "handover", "Суши Дом", "--to", "boris", "--until", "2026-12-14")
    assert out.stdout.strip() == "Суши Дом: передан от anna менеджеру boris до 2026-12-14"
    out = acct("contact", "add", "Пицца Мама", "Иван", "--urgent")
    assert out.stdout.strip() == "Контакт Иван добавлен (срочный)"


def test_errors_of_the_commands_start_with_oshibka(acct: Run, ru: None, demo: int) -> None:
    out = acct("client", "add", "Икс", "--fee", "smm")
    assert out.exit_code == 1
    assert out.stderr.startswith("Ошибка: неверный --fee 'smm': нужно SERVICE=AMOUNT")
    out = acct("onboard")
    assert out.exit_code == 1
    assert out.stderr.splitlines() == [
        "Ошибка: какой клиент? acct onboard CLIENT",
        "Подсказка: см. acct onboard --help",
    ]


def test_call_log_names_the_channel_in_russian(acct: Run, ru: None, demo: int) -> None:
    out = acct("call", "log", "Пицца Мама", "--channel", "phone", "--at", "2026-11-26T10:30")
    assert out.exit_code == 0, out.stderr
    first, second = out.stdout.strip().splitlines()
    assert first == "Касание записано: Пицца Мама, телефон, 2026-11-26 10:30."
    assert second.startswith("Следующий контакт: ")


def test_money_commands_in_russian(acct: Run, ru: None, demo: int) -> None:
    out = acct("invoice", "add", "Пицца Мама", "60000", "--issued", "2026-11-01", "--terms", "10")
    assert out.exit_code == 0, out.stderr
    number = out.stdout.split(":")[0].removeprefix("Счёт ")
    assert " ".join(out.stdout.split()) == (
        f"Счёт {number}: Пицца Мама, 60 000 ₽, выставлен 2026-11-01, срок оплаты 2026-11-11"
    )
    out = acct("invoice", "pay", number, "--amount", "1000", "--on", "2026-11-05")
    assert "2026-11-05 оплачено 1 000 ₽; остаток 59 000 ₽ (платёж №" in " ".join(out.stdout.split())
    out = acct("invoice", "pay", number, "--on", "2026-11-06")
    assert "оплачено 59 000 ₽; оплачен полностью (платёж №" in " ".join(out.stdout.split())
    out = acct("upsell", "add", "Пицца Мама", "seo", "--value", "40000", "--on", "2026-11-20")
    assert re.fullmatch(
        r"Допродажа #\d+ открыта 2026-11-20: Пицца Мама seo, 40 000 ₽", " ".join(out.stdout.split())
    )


def test_a_follow_up_card_says_where_it_was_made_in_russian(acct: Run, ru: None, demo: int) -> None:
    made = acct("follow", "add", "Пицца Мама", "прислать медиаплан", "--due", "завтра")
    assert made.exit_code == 0, made.stderr
    card = acct("follow", "show", made.stdout.split("№", 1)[1].split()[0].strip(","))
    assert card.exit_code == 0, card.stderr
    created = next(line for line in card.stdout.splitlines() if line.startswith("Создано:"))
    assert created.endswith("(вручную)"), created
    assert acct("follow", "show", "1", "--json").json()["source"] in ("manual", "triage")


def test_empty_lists_say_so_in_russian(acct: Run, ru: None) -> None:
    assert acct("client", "list").stdout.startswith("Клиентов пока нет. Добавьте: acct client add")
    assert acct("upsell", "list").stdout.startswith("Допродаж пока нет.")
    assert acct("invoice", "list").stdout.startswith("Счетов пока нет.")
    assert acct("invoice", "list", "--open").stdout.strip() == "Неоплаченных счетов нет."
    assert acct("incident", "list").stdout.startswith("Открытых инцидентов нет: ничего не горит.")
    assert acct("call", "history").stdout.startswith("Касаний пока нет.")


def test_db_copy_counts_rows_and_tables_in_russian(
    acct: Run, ru: None, demo: int, tmp_path: Path
) -> None:
    from tests.conftest import ENGINE

    if ENGINE != "sqlite":
        pytest.skip("copies into a SQLite file")
    counts = acct("db", "status", "--json").json()["tables"]
    rows, tables = sum(counts.values()), len(counts)
    out = acct("db", "copy", "--to", f"sqlite:///{tmp_path / 'copy.db'}")
    assert out.exit_code == 0, out.stderr
    verb = russian_form(rows, "Скопирована", "Скопированы", "Скопировано")
    noun = russian_form(rows, "строка", "строки", "строк")
    where = russian_form(tables, "таблице", "таблицах", "таблицах")
    assert f"{verb} {rows} {noun} в {tables} {where}; все таблицы проверены." in out.stdout
    status = acct("db", "status").stdout
    assert status.startswith("база      ") and "\nсхема     " in status


def test_json_is_the_same_in_both_languages(
    acct: Run, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = [acct(*c).stdout for c in (("client", "list", "--json"), ("db", "status", "--json"))]
    monkeypatch.setenv("ACCT_LANG", "ru")
    russian = [acct(*c).stdout for c in (("client", "list", "--json"), ("db", "status", "--json"))]
    assert russian == english


def test_mail_import_counts_messages_with_the_right_form(acct: Run, tmp_path: Path) -> None:
    for i in (1, 2):
        (tmp_path / f"{i}.eml").write_text(
            f"From: a@b.ru\nTo: me@x.ru\nSubject: s{i}\n"
            f"Date: Thu, 26 Nov 2026 10:0{i}:00 +0300\nMessage-ID: <{i}@b.ru>\n\nhello\n",
            encoding="utf-8",
        )
    out = acct("mail", "import", tmp_path / "1.eml")
    assert out.stdout.startswith("Imported 1 message, ")
    out = acct("mail", "import", tmp_path)
    assert out.stdout.startswith("Imported 1 message, 1 already known")


def test_the_follow_up_table_keeps_its_headers_whole_at_80_columns(acct: Run, ru: None) -> None:
    assert acct("demo", "--date", DAY).exit_code == 0
    # long overdue: "вс 2025-01-05, просрочено на 690 дн." leaves the other columns little
    added = acct("follow", "add", "Гранд Холдинг", "старый акт сверки", "--due", "2025-01-05")
    assert added.exit_code == 0, added.stderr
    header = acct("follow", "list", "--date", "2026-11-26").stdout.splitlines()[0].split()
    assert header[:4] == ["#", "Клиент", "Кто", "Что"], header
