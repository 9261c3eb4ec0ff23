"""Triage: states and their verbs, snoozes and replies over time, the interactive loop, the list."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from tests.conftest import DAY, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message, write_maildir

MESSAGES = {
    "1.M1.h:2,S": message(
        subject="Сайт упал",
        sender="Ирина Волкова <i.volkova@stroymarket.ru>",
        date="Thu, 26 Nov 2026 08:30:00 +0300",
        message_id="<down@stroymarket.ru>",
        body="Срочно посмотрите.",
    ),
    "2.M2.h:2,S": message(
        subject="Счёт за ноябрь",
        sender="buh@grandauto.ru",
        date="Wed, 25 Nov 2026 11:20:00 +0300",
        message_id="<invoice@grandauto.ru>",
        body="Пришлите счёт.",
    ),
    "3.M3.h:2,S": message(
        subject="Идея для акции",
        sender="a.petrov@stroymarket.ru",
        date="Wed, 25 Nov 2026 12:00:00 +0300",
        message_id="<idea@stroymarket.ru>",
        body="Давайте сделаем розыгрыш.",
    ),
    "4.M4.h:2,S": message(
        subject="Вебинар для агентств",
        sender="news@digest.example.com",
        date="Wed, 25 Nov 2026 22:40:00 +0300",
        message_id="<news@digest.example.com>",
        body="Приглашаем на вебинар.",
    ),
}


def later(subject: str, sender: str, date: str, mid: str) -> dict[str, bytes]:
    return {
        f"{mid}.M9.h:2,S": message(
            subject=subject, sender=sender, date=date, message_id=f"<{mid}@x.ru>", body="…"
        )
    }


@pytest.fixture
def mailbox(acct: Run, home: Path, tmp_path: Path) -> Path:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MESSAGES)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    return root


def ids(acct: Run, *args: str) -> dict[str, int]:
    return {m["subject"]: m["id"] for m in listed(acct, "--all", "--date", DAY, *args)}


def test_list_is_most_urgent_first_with_after_hours_set_apart(acct: Run, mailbox: Path) -> None:
    messages = listed(acct, "--date", DAY)
    assert [m["subject"] for m in messages] == [
        "Сайт упал",
        "Счёт за ноябрь",
        "Вебинар для агентств",
        "Идея для акции",
    ]
    assert [m["priority"] for m in messages] == [3, 1, 0, 0]
    table = acct("mail", "list", "--date", DAY).stdout
    head, _, night = table.partition("Arrived after hours")
    assert "Сайт упал" in head and "Счёт за ноябрь" in head
    assert "Вебинар для агентств" in night and "Вебинар" not in head
    assert "unmatched" in night
    only = listed(acct, "--date", DAY, "--client", "строй", "--category", "idea")
    assert [m["subject"] for m in only] == ["Идея для акции"]


def test_verbs_change_states_all_or_nothing(acct: Run, home: Path, mailbox: Path) -> None:
    known = ids(acct)
    done = acct("mail", "done", str(known["Сайт упал"]), str(known["Счёт за ноябрь"]))
    assert done.exit_code == 0 and "done — Сайт упал" in done.stdout
    assert acct("mail", "reply", str(known["Идея для акции"])).exit_code == 0
    assert acct("mail", "wait", str(known["Вебинар для агентств"])).exit_code == 0
    states = {m["subject"]: m["state"] for m in listed(acct, "--all", "--date", DAY)}
    assert states == {
        "Сайт упал": "done",
        "Счёт за ноябрь": "done",
        "Идея для акции": "needs-reply",
        "Вебинар для агентств": "waiting",
    }
    assert [m["subject"] for m in listed(acct, "--date", DAY)] == [
        "Вебинар для агентств",
        "Идея для акции",
    ]
    assert [m["subject"] for m in listed(acct, "--state", "done", "--date", DAY)] == [
        "Сайт упал",
        "Счёт за ноябрь",
    ]
    before = store_dump(home)
    assert_user_error(
        acct("mail", "done", str(known["Идея для акции"]), "999"), "no message with id 999"
    )
    assert_user_error(acct("mail", "list", "--state", "later"), "bad state 'later'")
    assert_user_error(acct("mail", "list", "--category", "spam"), "bad category 'spam'")
    assert_user_error(acct("mail", "list", "--client", "Нет Такого"), "no client named")
    assert_user_error(
        acct("mail", "snooze", str(known["Идея для акции"]), "--until", DAY, "--date", DAY),
        "pick a day after",
    )
    assert acct("mail", "snooze", "1").exit_code == 2  # --until is required: a usage error
    assert store_dump(home) == before


def test_a_snooze_comes_back_on_its_date(acct: Run, mailbox: Path) -> None:
    invoice = ids(acct)["Счёт за ноябрь"]
    result = acct("mail", "snooze", str(invoice), "--until", "+2d", "--date", DAY)
    assert result.exit_code == 0 and "snoozed until 2026-11-28" in result.stdout
    assert "Счёт за ноябрь" not in {m["subject"] for m in listed(acct, "--date", DAY)}
    snoozed = listed(acct, "--state", "snoozed", "--date", DAY)
    assert [(m["subject"], m["snooze_until"]) for m in snoozed] == [
        ("Счёт за ноябрь", "2026-11-28")
    ]
    back = {m["subject"]: m for m in listed(acct, "--date", "2026-11-28")}
    assert back["Счёт за ноябрь"]["state"] == "new"
    assert listed(acct, "--state", "snoozed", "--date", "2026-11-28") == []


def test_a_client_writing_again_wakes_a_snooze_early(
    acct: Run, home: Path, tmp_path: Path, mailbox: Path
) -> None:
    idea = ids(acct)["Идея для акции"]
    assert acct("mail", "snooze", str(idea), "--until", "2026-12-10", "--date", DAY).exit_code == 0
    reply = write_maildir(
        tmp_path / "More",
        later(
            "Ну что там с идеей?",
            "i.volkova@stroymarket.ru",
            "Thu, 26 Nov 2026 12:00:00 +0300",
            "r1",
        ),
    )
    assert acct("mail", "import", reply, "--date", DAY).exit_code == 0
    states = {m["subject"]: m["state"] for m in listed(acct, "--date", DAY)}
    assert states["Идея для акции"] == "new"

    config = home / "config.toml"
    config.write_text(
        config.read_text().replace("wait_days = 3", "wait_days = 3\nwake_on_reply = false")
    )
    assert acct("mail", "snooze", str(idea), "--until", "2026-12-10", "--date", DAY).exit_code == 0
    another = write_maildir(
        tmp_path / "Even",
        later("Ещё вопрос", "a.petrov@stroymarket.ru", "Thu, 26 Nov 2026 15:00:00 +0300", "r2"),
    )
    assert acct("mail", "import", another, "--date", DAY).exit_code == 0
    assert "Идея для акции" not in {m["subject"] for m in listed(acct, "--date", DAY)}


def test_sent_mail_waits_for_a_reply_then_settles(acct: Run, tmp_path: Path, mailbox: Path) -> None:
    sent = write_maildir(
        tmp_path / "Sent",
        later("Предложение по SMM", "anna@agency.ru", "Wed, 25 Nov 2026 12:00:00 +0300", "s1"),
    )
    (sent / "cur" / "s1.M9.h:2,S").write_bytes(
        (sent / "cur" / "s1.M9.h:2,S")
        .read_bytes()
        .replace(b"To: anna@agency.ru", b"To: d.orlov@grand-holding.ru")
    )
    assert acct("mail", "import", sent, "--date", DAY).exit_code == 0
    quiet = listed(acct, "--date", DAY)
    assert "Предложение по SMM" not in {m["subject"] for m in quiet}  # inside its 3 days
    waiting = {m["subject"]: m for m in listed(acct, "--date", "2026-11-28")}["Предложение по SMM"]
    assert waiting["state"] == "waiting" and waiting["outgoing"] is True
    assert waiting["client"] == "Гранд Холдинг"
    reply = write_maildir(
        tmp_path / "Reply",
        later(
            "Re: Предложение по SMM",
            "d.orlov@grand-holding.ru",
            "Thu, 26 Nov 2026 09:30:00 +0300",
            "r3",
        ),
    )
    assert acct("mail", "import", reply, "--date", DAY).exit_code == 0
    states = {m["subject"]: m["state"] for m in listed(acct, "--all", "--date", DAY)}
    assert states["Предложение по SMM"] == "done" and states["Re: Предложение по SMM"] == "new"

    idea = ids(acct)["Идея для акции"]
    assert acct("mail", "wait", str(idea)).exit_code == 0  # waiting for them to answer
    answer = write_maildir(
        tmp_path / "Answer",
        later("Re: Идея", "a.petrov@stroymarket.ru", "Thu, 26 Nov 2026 16:00:00 +0300", "r4"),
    )
    assert acct("mail", "import", answer, "--date", DAY).exit_code == 0
    assert {m["subject"]: m["state"] for m in listed(acct, "--date", DAY)}[
        "Идея для акции"
    ] == "new"


def test_interactive_triage_with_single_keys(
    acct: Run, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # down → done; invoice → reply; webinar: bad date, then snoozed; idea: open, then skip
    keys = "d r x s someday\ns +2d\no n"
    monkeypatch.setattr("sys.stdin", io.StringIO(keys))
    result = acct("mail", "triage", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("Сайт упал") < out.index("Счёт за ноябрь") < out.index("Идея для акции")
    assert "[1/4]" in out and "Client: СтройМаркет" in out
    assert "Unknown key 'x'" in out and "Error: bad snooze date 'someday'" in out
    assert "→ done" in out and "→ needs-reply" in out and "→ snoozed until 2026-11-28" in out
    assert "Давайте сделаем розыгрыш." in out  # the full text, opened
    assert out.strip().endswith("Triaged: 1 done, 1 needs-reply, 1 skipped, 1 snoozed; 1 left.")
    states = {m["subject"]: m["state"] for m in listed(acct, "--all", "--date", DAY)}
    assert states == {
        "Сайт упал": "done",
        "Счёт за ноябрь": "needs-reply",
        "Вебинар для агентств": "snoozed",
        "Идея для акции": "new",
    }
    monkeypatch.setattr("sys.stdin", io.StringIO("q"))
    quit_early = acct("mail", "triage", "--date", DAY)
    assert "Triaged: nothing; 1 left." in quit_early.stdout
    monkeypatch.setattr("sys.stdin", io.StringIO("d"))
    acct("mail", "triage", "--date", DAY)
    assert "inbox zero" in acct("mail", "triage", "--date", DAY).stdout


def test_full_text_follows_a_moved_file_and_falls_back_to_the_snippet(
    acct: Run, mailbox: Path
) -> None:
    known = ids(acct)
    os.rename(mailbox / "cur" / "3.M3.h:2,S", mailbox / "cur" / "3.M3.h:2,RS")
    moved = acct("mail", "show", str(known["Идея для акции"]))
    assert (
        "Давайте сделаем розыгрыш." in moved.stdout
        and "From: a.petrov@stroymarket.ru" in moved.stdout
    )
    (mailbox / "cur" / "3.M3.h:2,RS").unlink()
    gone = acct("mail", "show", str(known["Идея для акции"]), "--json").json()
    assert gone["from_source"] is False and gone["text"] == "Давайте сделаем розыгрыш."
    assert_user_error(acct("mail", "show", "404"), "no message with id 404")


def test_each_manager_sees_their_own_mailbox(
    acct: Run, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_USER", "boris")
    assert listed(acct, "--date", DAY) == []
    assert len(listed(acct, "--date", DAY, "--team")) == 4
    assert "No mail to triage" in acct("mail", "list", "--date", DAY).stdout


def test_the_morning_overview(acct: Run, home: Path, mailbox: Path) -> None:
    from datetime import date

    from acctcli.services.mail.listing import mail_overview
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    db = open_store(load_settings().database_url)
    try:
        overview = mail_overview(db, day=date(2026, 11, 26), owner="anna")
    finally:
        db.close()
    assert overview.to_triage == 4 and overview.needs_reply == 0
    assert overview.by_client == [
        ("Гранд Холдинг", "billing", 1),
        ("СтройМаркет", "incident", 1),
        ("СтройМаркет", "idea", 1),
        (None, "other", 1),
    ]
    assert [v.subject for v in overview.fires] == ["Сайт упал"]
    assert [v.subject for v in overview.after_hours] == ["Вебинар для агентств"]
    assert [v.subject for v in overview.top] == ["Счёт за ноябрь", "Идея для акции"]
