"""acct search (issue 18): Russian and English morphology, the query language, filters,
ranking, an index always in step with the store, and inert snippets — on both engines."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import DAY, ENGINE, Run, assert_user_error, store_dump
from tests.mail.agency import make_agency
from tests.mail.builders import message, multipart, part, write_maildir

IRINA = "Ирина Волкова <i.volkova@stroymarket.ru>"
DMITRY = "Дмитрий Орлов <d.orlov@grand-holding.ru>"
MAIL = {
    "1.M1.h:2,S": message(
        subject="Оплата",
        sender=IRINA,
        date="Mon, 02 Nov 2026 10:00:00 +0300",
        message_id="<m1@x>",
        body="Пришлите, пожалуйста, счета за октябрь.",
    ),
    "2.M2.h:2,S": message(
        subject="Бухгалтерия",
        sender=DMITRY,
        date="Tue, 03 Nov 2026 10:00:00 +0300",
        message_id="<m2@x>",
        body="Не нашли счетов в почте, и акт сверки тоже.",
    ),
    "3.M3.h:2,S": message(
        subject="Вопрос",
        sender=IRINA,
        date="Wed, 04 Nov 2026 10:00:00 +0300",
        message_id="<m3@x>",
        body="В прошлом счёте ошибка: акт не подписан, сверки не было.",
    ),
    "4.M4.h:2,S": message(
        subject="Отчёты за ноябрь",
        sender=DMITRY,
        date="Thu, 05 Nov 2026 10:00:00 +0300",
        message_id="<m4@x>",
        body="Когда будут отчёты?",
    ),
    "5.M5.h:2,S": message(
        subject="Invoices for November",
        sender="Bob Smith <bob@partner.com>",
        to="anna@agency.ru, billing@agency.ru",
        date="Fri, 06 Nov 2026 10:00:00 +0300",
        message_id="<m5@x>",
        body="Please find the invoice attached. Running late, sorry.",
    ),
}


def ids(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [h["id"] for h in result.json()["hits"]]


def subjects(acct: Run, *args: str) -> list[str]:
    result = acct("search", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [h["title"] for h in result.json()["hits"]]


@pytest.fixture
def mailbox(acct: Run, home: Path, tmp_path: Path) -> Path:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MAIL)
    result = acct("mail", "import", root, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    return root


def test_russian_forms_find_each_other(acct: Run, mailbox: Path) -> None:
    assert sorted(subjects(acct, "счёт")) == ["Бухгалтерия", "Вопрос", "Оплата"]
    assert sorted(subjects(acct, "СЧЕТ")) == ["Бухгалтерия", "Вопрос", "Оплата"]
    assert sorted(subjects(acct, "счетов")) == ["Бухгалтерия", "Вопрос", "Оплата"]
    assert subjects(acct, "отчёт") == ["Отчёты за ноябрь"]
    assert subjects(acct, "отчет") == ["Отчёты за ноябрь"]


def test_english_words_are_stemmed(acct: Run, mailbox: Path) -> None:
    assert subjects(acct, "invoices") == ["Invoices for November"]
    assert subjects(acct, "INVOICE") == ["Invoices for November"]
    assert subjects(acct, "run") == ["Invoices for November"]


def test_phrase_prefix_exclusion_or(acct: Run, mailbox: Path) -> None:
    assert subjects(acct, '"акт сверки"') == ["Бухгалтерия"]
    assert sorted(subjects(acct, "акт", "сверки")) == ["Бухгалтерия", "Вопрос"]
    # a quoted shell argument with a space is a phrase too
    assert subjects(acct, "акт сверки") == ["Бухгалтерия"]
    assert subjects(acct, "отчёт*") == ["Отчёты за ноябрь"]
    assert subjects(acct, "invoic*") == ["Invoices for November"]
    assert sorted(subjects(acct, "сче*")) == ["Бухгалтерия", "Вопрос", "Оплата"]
    assert sorted(subjects(acct, "счёт", "-акт")) == ["Оплата"]
    assert sorted(subjects(acct, "отчёт", "OR", "invoice")) == [
        "Invoices for November",
        "Отчёты за ноябрь",
    ]
    assert sorted(subjects(acct, "отчёт OR invoice OR сверки")) == [
        "Invoices for November",
        "Бухгалтерия",
        "Вопрос",
        "Отчёты за ноябрь",
    ]


def test_qualifiers(acct: Run, mailbox: Path) -> None:
    assert sorted(subjects(acct, "счёт", "from:ирина")) == ["Вопрос", "Оплата"]
    assert sorted(subjects(acct, "счёт", "from:i.volkova@stroymarket.ru")) == ["Вопрос", "Оплата"]
    assert subjects(acct, "from:bob") == ["Invoices for November"]
    assert subjects(acct, "to:billing@agency.ru") == ["Invoices for November"]
    assert subjects(acct, "subject:отчёт") == ["Отчёты за ноябрь"]
    assert subjects(acct, "subject:счёт") == []
    assert sorted(subjects(acct, "счёт", "client:строй")) == ["Вопрос", "Оплата"]
    assert sorted(subjects(acct, "счёт", "client:Гранд")) == ["Бухгалтерия"]
    assert subjects(acct, "счёт", "after:2026-11-03", "before:2026-11-04") == ["Бухгалтерия"]
    assert sorted(subjects(acct, "счёт", "after:2026-11-03")) == ["Бухгалтерия", "Вопрос"]
    # dates as typed elsewhere: 03.11.2026, "3 ноя"
    assert sorted(subjects(acct, "счёт", "after:03.11.2026")) == ["Бухгалтерия", "Вопрос"]
    assert subjects(acct, 'счёт after:"3 ноя 2026" before:04.11.2026') == ["Бухгалтерия"]


@pytest.mark.parametrize("word", ["-hello", "-nothing", "-h1", "-k", "-акт", "-2026"])
def test_an_excluded_word_is_a_word_wherever_it_stands(acct: Run, mailbox: Path, word: str) -> None:
    """Click read `-nothing` as the short options -n -o -t -h…, and its `h` printed the help
    instead of searching; any `-word` is a word of the query, before or after the options."""
    whole = sorted(subjects(acct, f"счёт {word}"))
    assert sorted(subjects(acct, "счёт", word)) == whole
    assert sorted(subjects(acct, word, "счёт", "--kind", "mail")) == whole
    assert sorted(subjects(acct, "--kind", "mail", "счёт", word, "--limit", "5")) == whole
    assert sorted(subjects(acct, "счёт", "--", word)) == whole
    assert "Usage: acct search" in acct("search", "счёт", "-h").stdout  # -h alone: the help


@pytest.mark.parametrize("typo", ["--sinse", "--sinse=2026-11-01", "--xyz"])
def test_a_mistyped_option_is_said_not_searched_for(acct: Run, mailbox: Path, typo: str) -> None:
    """`acct search zebra --sinse 2026-11-21` printed "Nothing found." and exit 0: the typo
    was taken for a word of the query."""
    result = acct("search", "счёт", typo, "2026-11-01")
    assert result.exit_code == 2
    assert "No such option: " + typo.split("=")[0] in result.stderr


def test_since_a_while_back(acct: Run, mailbox: Path) -> None:
    """`--since -2w` counts back from today (the mailbox's mail is of November 2026)."""
    assert subjects(acct, "счёт", "--since", "-3000d") == subjects(acct, "счёт") != []
    days = (date.today() - date(2026, 11, 30)).days
    assert subjects(acct, "счёт", "--since", f"-{days}d") == []


def test_filters_and_limit(acct: Run, mailbox: Path) -> None:
    assert sorted(subjects(acct, "счёт", "--client", "строй")) == ["Вопрос", "Оплата"]
    assert subjects(acct, "счёт", "--since", "2026-11-03", "--until", "2026-11-03") == [
        "Бухгалтерия"
    ]
    assert subjects(acct, "счёт", "--since", "03.11.2026", "--until", "03.11.2026") == [
        "Бухгалтерия"
    ]
    assert subjects(acct, "счёт", "--kind", "touch") == []
    assert len(subjects(acct, "счёт", "--kind", "mail")) == 3
    result = acct("search", "счёт", "--limit", "2", "--json")
    assert result.json()["total"] == 3 and len(result.json()["hits"]) == 2
    assert len(subjects(acct, "счёт", "--state", "new")) == 3
    assert subjects(acct, "счёт", "--state", "done") == []


def test_hits_open_with_mail_show_and_the_text_marks_words(acct: Run, mailbox: Path) -> None:
    hit = acct("search", "--json", "отчёты").json()["hits"][0]
    assert hit["kind"] == "mail" and hit["id"].startswith("M")
    assert hit["client"] == "Гранд Холдинг" and hit["who"] == "Дмитрий Орлов"
    assert hit["date"] == "2026-11-05" and hit["snippet"] == "Когда будут отчёты?"
    assert set(hit) == {"kind", "id", "date", "client", "who", "title", "snippet", "score"}
    shown = acct("mail", "show", hit["id"])
    assert shown.exit_code == 0 and "Когда будут отчёты?" in shown.stdout
    assert acct("mail", "show", hit["id"][1:]).exit_code == 0
    text = acct("search", "отчёты")
    assert text.exit_code == 0
    assert hit["id"] in text.stdout and "Когда будут *отчёты*?" in text.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["search", "счёт"],
        ["search", "счёт", "--json", "--kind", "mail", "--limit", "2"],
        ["search", "акт сверки", "--client", "Гранд", "--since", "2026-11-01"],
    ],
)
def test_routed_search_answers_the_same_both_ways(
    acct: Run, mailbox: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    from acctcli.app import run_typer
    from acctcli.entry import parse_fast

    assert parse_fast(args) is not None
    fast = acct(*args)
    assert fast.exit_code == 0, fast.stderr
    assert fast.stdout.strip()
    capsys.readouterr()
    assert run_typer(args) == 0
    assert capsys.readouterr().out == fast.stdout


def test_best_match_first_then_newest(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    mail = {
        f"{n}.M{n}.h:2,S": message(
            subject=subject,
            sender=IRINA,
            date=f"Mon, 0{n} Nov 2026 10:00:00 +0300",
            message_id=f"<r{n}@x>",
            body=body,
        )
        for n, subject, body in (
            (2, "Привет", "Нужен бюджет на декабрь"),
            (3, "Бюджет на декабрь", "Нужен бюджет на декабрь"),
            (4, "Привет", "Нужен бюджет на декабрь"),
        )
    }
    root = write_maildir(tmp_path / "Maildir", mail)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    hits = acct("search", "--json", "бюджет").json()["hits"]
    assert [h["title"] for h in hits] == ["Бюджет на декабрь", "Привет", "Привет"]
    assert [h["date"] for h in hits] == ["2026-11-03", "2026-11-04", "2026-11-02"]
    assert hits[0]["score"] > hits[1]["score"] == hits[2]["score"]


def _db() -> Any:
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    return connect(load_settings().database_url)


def test_changes_are_reflected_at_once(acct: Run, mailbox: Path) -> None:
    # a call logged is found straight away; a re-triaged message moves between states
    assert acct("call", "log", "СтройМаркет", "--note", "Обсудили бюджет на рекламу").exit_code == 0
    found = acct("search", "--json", "бюджеты").json()["hits"]
    assert [(h["kind"], h["client"]) for h in found] == [("touch", "СтройМаркет")]
    assert acct("incident", "open", "СтройМаркет", "Упал сайт, бюджет горит").exit_code == 0
    assert sorted(h["kind"] for h in acct("search", "--json", "бюджет").json()["hits"]) == [
        "incident",
        "touch",
    ]
    m4 = ids(acct("search", "--json", "отчёты"))[0]
    assert acct("mail", "done", m4[1:]).exit_code == 0
    assert subjects(acct, "отчёты", "--state", "new") == []
    assert subjects(acct, "отчёты", "--state", "done") == ["Отчёты за ноябрь"]
    # a client deleted in SQL: its mail loses the client, its touches and fires go with it
    db = _db()
    try:
        with db.transaction():
            db.execute("DELETE FROM client WHERE name = 'СтройМаркет'")
    finally:
        db.close()
    assert acct("search", "--json", "бюджет").json()["hits"] == []
    hits = acct("search", "--json", "счёт").json()["hits"]
    assert sorted((h["title"], h["client"]) for h in hits) == [
        ("Бухгалтерия", "Гранд Холдинг"),
        ("Вопрос", None),
        ("Оплата", None),
    ]
    assert subjects(acct, "счёт", "--client", "Гранд") == ["Бухгалтерия"]
    # a message deleted
    db = _db()
    try:
        with db.transaction():
            db.execute("DELETE FROM message WHERE subject = 'Вопрос'")
    finally:
        db.close()
    assert sorted(subjects(acct, "счёт")) == ["Бухгалтерия", "Оплата"]
    _assert_consistent()


def _assert_consistent() -> None:
    from acctcli.store import search

    db = _db()
    try:
        if search.pending(db):
            search.refresh(db)
        docs = db.scalar("SELECT count(*) FROM search_doc WHERE kind = 'mail'")
        assert docs == db.scalar("SELECT count(*) FROM message")
        if db.is_sqlite:
            db.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
            fts = db.scalar("SELECT count(*) FROM search_fts")
            assert fts == db.scalar("SELECT count(*) FROM search_doc")
    finally:
        db.close()


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from acctcli.store import search
    batches = 0
    original = search.refresh
    def refresh(db, bodies=None):
        global batches
        original(db, bodies)
        batches += 1 if bodies else 0
        if batches == 2:  # the second batch's index written, its transaction not committed
            os.kill(os.getpid(), signal.SIGKILL)
    search.refresh = refresh  # the writer looks it up as it flushes a batch
    from acctcli.entry import main
    sys.exit(main(sys.argv[1:]))
    """
)


def test_a_killed_import_leaves_the_index_consistent(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    mail = {
        f"{n}.K{n}.h:2,S": message(
            subject=f"Письмо {n}",
            sender=IRINA,
            message_id=f"<k{n}@x>",
            body=f"Счёт номер {n} и отчёт",
        )
        for n in range(1200)
    }
    root = write_maildir(tmp_path / "Maildir", mail)
    run = subprocess.run(
        [sys.executable, "-c", KILLER, "mail", "import", str(root), "--date", DAY],
        env=os.environ,
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    total = acct("search", "--json", "счета").json()["total"]
    db = _db()
    try:
        stored = db.scalar("SELECT count(*) FROM message")
    finally:
        db.close()
    # the first batch, committed with its index; not the second
    assert total == stored and 0 < stored < 1200
    _assert_consistent()
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    assert acct("search", "--json", "отчёты", "--limit", "1").json()["total"] == 1200
    _assert_consistent()


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ('"акт сверки', "quote"),
        ("OR счёт", "OR"),
        ("счёт OR", "OR"),
        ("счёт OR OR акт", "OR"),
        ("foo:bar", "unknown qualifier"),
        ("from:", "from:"),
        ("after:когда-то счёт", "after:"),
        ("-счёт", "nothing to search for"),
        ("*", "'*'"),
        ("сч*т", "'*'"),
        ("!!!", "nothing to search for"),
        ("   ", "empty"),
        ("счёт -", "lone"),
    ],
)
def test_bad_queries_are_one_error_line(
    acct: Run, mailbox: Path, home: Path, query: str, fragment: str
) -> None:
    before = store_dump(home)
    assert_user_error(acct("search", query), fragment)
    assert store_dump(home) == before


def test_bad_options(acct: Run, mailbox: Path) -> None:
    assert_user_error(acct("search", "счёт", "--kind", "letter"), "--kind")
    assert_user_error(acct("search", "счёт", "--state", "old"), "--state")
    assert_user_error(acct("search", "счёт", "--since", "когда-то"), "--since")
    assert_user_error(acct("search", "счёт", "--client", "нет такого"))
    assert_user_error(acct("search", "счёт", "--limit", "0"), "--limit")


def test_hostile_text_is_shown_inert(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    hostile = message(
        subject="[bold red]Счёт[/] \x1b]0;owned\x07",
        sender=IRINA,
        message_id="<h@x>",
        body="Счёт [link=http://evil]тут[/link] \x1b[31mкрасный\x1b[0m",
    )
    root = write_maildir(tmp_path / "Maildir", {"1.H.h:2,S": hostile})
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    result = acct("search", "счёт")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[bold red]" in result.stdout and "[link=http://evil]" in result.stdout
    hit = acct("search", "--json", "красный").json()["hits"][0]
    assert "красный" in hit["snippet"]


def test_another_managers_mail_is_not_searched(
    acct: Run, mailbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mail = {
        "9.B.h:2,S": message(
            subject="Счёт для Бориса", sender=DMITRY, message_id="<b@x>", body="Его счета"
        )
    }
    monkeypatch.setenv("ACCT_USER", "boris")
    root = write_maildir(tmp_path / "Boris", mail)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    assert subjects(acct, "счёт", "--kind", "mail") == ["Счёт для Бориса"]
    monkeypatch.setenv("ACCT_USER", "anna")
    assert "Счёт для Бориса" not in subjects(acct, "счёт")
    assert len(subjects(acct, "счёт")) == 3


def test_html_text_and_attachment_names_are_searched(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    html = "<html><body><p>Прикладываем&nbsp;<b>накладные</b> за квартал</p></body></html>"
    body = multipart(
        "mix",
        part("text/html; charset=utf-8", html.encode()),
        part(
            "application/pdf",
            b"%PDF-1.4",
            'Content-Disposition: attachment; filename="Dogovor_postavki.pdf"',
        ),
    )
    raw = message(
        subject="Документы",
        sender=IRINA,
        message_id="<html@x>",
        raw_body=body,
        content_type='Content-Type: multipart/mixed; boundary="mix"',
    )
    root = write_maildir(tmp_path / "Maildir", {"1.A.h:2,S": raw})
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    assert subjects(acct, "накладная") == ["Документы"]
    assert subjects(acct, "postavki") == ["Документы"]
    assert subjects(acct, "body") == []  # the HTML's tags are not its text


def test_notes_steps_and_touches_of_the_demo(acct: Run, home: Path) -> None:
    assert acct("demo", "--date", DAY).exit_code == 0
    kinds = {h["kind"] for h in acct("search", "--json", "сайт", "--limit", "100").json()["hits"]}
    assert {"mail", "incident", "step"} <= kinds
    only = acct("search", "--json", "сайт", "--kind", "step").json()["hits"]
    assert only and all(h["kind"] == "step" and h["id"].startswith("S") for h in only)


def test_a_step_is_found_on_its_own_day_by_since_until_and_after_on_either_engine(
    acct: Run, home: Path
) -> None:
    """A step's date is a date: SQLite held it as `2026-11-27`, which sorts before the
    `2026-11-27 00:00:00` --since became, and the step fell out of its own day there only."""
    assert acct("demo", "--date", DAY).exit_code == 0
    steps = acct("search", "--json", "сайт", "--kind", "step", "--limit", "100").json()["hits"]
    days = sorted({h["date"] for h in steps})
    assert days
    for day in days:
        on_day = {
            h["id"]
            for h in acct(
                "search",
                "--json",
                "сайт",
                "--kind",
                "step",
                "--limit",
                "100",
                "--since",
                day,
                "--until",
                day,
            ).json()["hits"]
        }
        assert on_day == {h["id"] for h in steps if h["date"] == day}, day
        after = acct("search", "--json", f"сайт after:{day}", "--kind", "step", "--limit", "100")
        assert {h["id"] for h in after.json()["hits"]} == {
            h["id"] for h in steps if h["date"] >= day
        }, day


# -- the query parser ------------------------------------------------------------------------

pieces = st.one_of(
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяABCxyz0129", min_size=1, max_size=8),
    st.sampled_from(['"', "-", "*", "OR", "from:", "to:", "subject:", "client:", ":", "ё", " "]),
    st.text(max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=8).map("".join))
def test_any_text_parses_or_is_one_invalid(text: str) -> None:
    """Whatever is typed: a query whose FTS5 and tsquery forms are well formed, or Invalid."""
    from acctcli.domain.search import parse_query
    from acctcli.errors import Invalid
    from acctcli.store.search import fts_query, ts_query

    try:
        query = parse_query(text)
    except Invalid:
        return
    assert query.groups
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(terms, subj, frm, rcpt)")
    db.execute("SELECT * FROM t WHERE t MATCH ?", (fts_query(query),)).fetchall()
    assert ts_query(query)


@given(st.lists(st.text(alphabet="абвгдежзийклмнопрстуфхцчшщэюяabcxyz", min_size=1), max_size=6))
def test_plain_words_are_each_a_group(words: list[str]) -> None:
    from acctcli.domain.search import parse_query, stems

    if not words:
        return
    query = parse_query(" ".join(words))
    assert [g[0].stems for g in query.groups] == [tuple(stems(w).split()) for w in words]


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=12))
def test_yo_and_case_fold(word: str) -> None:
    from acctcli.domain.search import stems

    assert stems(word) == stems(word.upper()) == stems(word.replace("ё", "е"))


def test_engine_is_known() -> None:
    assert ENGINE in ("sqlite", "postgres")


@pytest.mark.sqlite_only
def test_an_existing_store_gets_its_index_from_the_migration(acct: Run, home: Path) -> None:
    """A store at 0012 with mail, a touch and an incident (written as an older acct would):
    the upgrade to 0013 builds their documents, and search finds them by their forms."""
    from acctcli.store.migrate import upgrade

    home.mkdir(mode=0o700)
    url = f"sqlite:///{home / 'acct.db'}"
    upgrade(url, "0012")
    con = sqlite3.connect(home / "acct.db")
    con.execute(
        "INSERT INTO client (id, name, name_key, since, owner, notes, created_at) VALUES"
        " (1, 'Старый', 'старый', '2020-01-01', 'anna', 'Любит отчёты по пятницам',"
        " '2020-01-01 09:00:00')"
    )
    con.execute(
        "INSERT INTO message (owner, message_key, date, from_addr, from_name, to_addrs,"
        " counterpart, subject, snippet, client_id, category, priority, state, after_hours,"
        " outgoing, source, location, imported_at) VALUES ('anna', '<o@x>',"
        " '2026-10-01 10:00:00', 'p@old.ru', 'Пётр', 'anna@agency.ru', 'p@old.ru',"
        " 'Счета за сентябрь', 'Пришлите акты', 1, 'billing', 1, 'new', 0, 0, 'maildir', '',"
        " '2026-10-01 10:00:00')"
    )
    con.execute(
        "INSERT INTO touch (client_id, channel, at, note, source) VALUES"
        " (1, 'phone', '2026-10-02 10:00:00', 'Договорились о бюджетах', 'manual')"
    )
    con.execute(
        "INSERT INTO incident (client_id, title, severity, opened_at) VALUES"
        " (1, 'Сайт упал', 'high', '2026-10-03 10:00:00')"
    )
    con.commit()
    con.close()
    upgrade(url)
    con = sqlite3.connect(home / "acct.db")
    assert con.execute("SELECT count(*) FROM search_doc").fetchone()[0] == 4
    assert con.execute("SELECT count(*) FROM search_queue").fetchone()[0] == 0
    con.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    con.close()
    assert [h["kind"] for h in acct("search", "--json", "счёт").json()["hits"]] == ["mail"]
    assert [h["kind"] for h in acct("search", "--json", "акт").json()["hits"]] == ["mail"]
    assert [h["id"] for h in acct("search", "--json", "отчёт").json()["hits"]] == ["N1"]
    assert [h["id"] for h in acct("search", "--json", "бюджет").json()["hits"]] == ["T1"]
    assert [h["id"] for h in acct("search", "--json", "сайты").json()["hits"]] == ["I1"]
