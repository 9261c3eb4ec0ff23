"""Fires that are fires: incidents and incident mail only; an incident opened from the message
that reported it, shown with it, resolved with it; I3 and M12 told apart everywhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tests.conftest import DAY, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message, write_maildir

IRINA = "Ирина Волкова <i.volkova@stroymarket.ru>"  # СтройМаркет's urgent contact
MESSAGES = {
    "1.M1.h:2,S": message(
        subject="Сайт не работает",
        sender=IRINA,
        date="Thu, 26 Nov 2026 08:30:00 +0300",
        message_id="<down@stroymarket.ru>",
        body="Посмотрите, пожалуйста.",
    ),
    "2.M2.h:2,S": message(
        subject="Отчёт за ноябрь",
        sender=IRINA,
        date="Wed, 25 Nov 2026 11:20:00 +0300",
        message_id="<report@stroymarket.ru>",
        body="Ждём ежемесячный отчёт.",
    ),
    "3.M3.h:2,S": message(
        subject="Доступ к Метрике",
        sender=IRINA,
        date="Wed, 25 Nov 2026 12:00:00 +0300",
        message_id="<access@stroymarket.ru>",
        body="Дайте доступ новому маркетологу.",
    ),
    "4.M4.h:2,S": message(
        subject="Сервер недоступен",
        sender="admin@hosting.example.com",
        date="Wed, 25 Nov 2026 13:00:00 +0300",
        message_id="<hosting@example.com>",
        body="Проверьте.",
    ),
    "5.M5.h:2,S": message(
        subject="Счёт за ноябрь",
        sender="buh@grandauto.ru",
        date="Wed, 25 Nov 2026 11:00:00 +0300",
        message_id="<invoice@grandauto.ru>",
        body="Пришлите счёт.",
    ),
}


@pytest.fixture
def mailbox(acct: Run, home: Path, tmp_path: Path) -> dict[str, int]:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MESSAGES)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    return {m["subject"]: m["id"] for m in listed(acct, "--all", "--date", DAY)}


def _today(acct: Run) -> dict:
    result = acct("today", "--date", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_fires_hold_incidents_and_incident_mail_not_the_urgent_contacts_other_mail(
    acct: Run, mailbox: dict[str, int]
) -> None:
    board = _today(acct)
    assert [(i["kind"], i["text"]) for i in board["incidents"]] == [
        ("urgent-mail", "Сайт не работает")
    ]
    # the urgent contact's report and access request rank first among the mail, not as fires
    top = [i["text"] for i in board["mail"]["top"]]
    assert top[:2] == ["Отчёт за ноябрь", "Доступ к Метрике"] and "Счёт за ноябрь" in top
    assert all("urgent contact" in i["reasons"] for i in board["mail"]["top"][:2])
    assert board["summary"][0] == "1 incident message"
    text = acct("today", "--date", DAY).stdout
    fires = text[text.index("Fires") : text.index("Mail")]
    assert "Сайт не работает" in fires and "Отчёт" not in fires and "Доступ" not in fires
    assert f"M{mailbox['Сайт не работает']} Ирина Волкова" in fires


def test_an_incident_from_mail_is_linked_shown_with_it_and_resolved_with_it(
    acct: Run, home: Path, mailbox: dict[str, int]
) -> None:
    down = mailbox["Сайт не работает"]
    opened = acct("incident", "open", "--from-mail", f"M{down}", "--severity", "high")
    assert opened.exit_code == 0, opened.stderr
    assert opened.stdout.startswith("Opened incident I1 for СтройМаркет (high) from message M")
    assert f"M{down}: Сайт не работает" in opened.stdout
    # on the morning: one fire with the message under it, not a second row
    board = _today(acct)
    assert [(i["kind"], i["id"]) for i in board["incidents"]] == [("incident", 1)]
    assert [m["id"] for m in board["incidents"][0]["messages"]] == [down]
    text = acct("today", "--date", DAY).stdout
    fires = text[text.index("Fires") : text.index("Mail")]
    assert fires.count("Сайт не работает") == 2  # the incident's title, and ↳ its message
    assert f"↳ M{down} Ирина Волкова: Сайт не работает" in fires
    assert "incident message" not in text.splitlines()[0]
    # in the incident list
    listing = acct("incident", "list", "--date", DAY)
    assert "I1" in listing.stdout and f"M{down}" in listing.stdout
    doc = acct("incident", "list", "--json", "--date", DAY).json()
    assert doc["incidents"][0]["id"] == 1 and doc["incidents"][0]["messages"] == [down]
    # resolving it marks the message done
    resolved = acct("incident", "resolve", "I1", "--at", "2026-11-26T12:00")
    assert resolved.exit_code == 0, resolved.stderr
    states = {m["subject"]: m["state"] for m in listed(acct, "--all", "--date", DAY)}
    assert states["Сайт не работает"] == "done" and states["Отчёт за ноябрь"] == "new"


def test_client_and_title_given_and_the_errors(
    acct: Run, home: Path, mailbox: dict[str, int]
) -> None:
    hosting = mailbox["Сервер недоступен"]
    before = store_dump(home)
    # an unmatched message needs a client
    assert_user_error(
        acct("incident", "open", "--from-mail", str(hosting)), f"message M{hosting} is of no client"
    )
    # another client's message is refused
    assert_user_error(
        acct("incident", "open", "Гранд", "--from-mail", f"M{mailbox['Отчёт за ноябрь']}"),
        "is СтройМаркет's mail, not Гранд Холдинг's",
    )
    assert_user_error(acct("incident", "open", "--from-mail", "M999"), "no message with id 999")
    assert_user_error(acct("incident", "open", "--from-mail", "Mx"), "bad message id 'Mx'")
    assert_user_error(acct("incident", "open", "Гранд"), "give the client and the title")
    assert store_dump(home) == before
    # naming the client and a title: the unmatched message gets the client
    opened = acct("incident", "open", "Гранд", "Хостинг лежит", "--from-mail", f"m{hosting}")
    assert opened.exit_code == 0, opened.stderr
    assert "Гранд Холдинг" in opened.stdout and "Хостинг лежит" in opened.stdout
    mail = {m["id"]: m for m in listed(acct, "--all", "--date", DAY)}
    assert mail[hosting]["client"] == "Гранд Холдинг"
    # a message reports one incident
    before = store_dump(home)
    assert_user_error(
        acct("incident", "open", "Гранд", "Снова", "--from-mail", str(hosting)),
        f"message M{hosting} already reported incident I1",
    )
    assert store_dump(home) == before


def test_ids_with_and_without_their_prefix(acct: Run, mailbox: dict[str, int]) -> None:
    report, access = mailbox["Отчёт за ноябрь"], mailbox["Доступ к Метрике"]
    table = acct("mail", "list", "--date", DAY).stdout
    assert f"M{report} " in table and f"M{access} " in table
    assert acct("mail", "done", f"M{report}", str(access), "--date", DAY).exit_code == 0
    states = {m["id"]: m["state"] for m in listed(acct, "--all", "--date", DAY)}
    assert states[report] == "done" and states[access] == "done"
    assert acct("incident", "open", "Строй", "Упал сайт", "--at", f"{DAY}T09:00").exit_code == 0
    assert acct("incident", "resolve", "i1", "--at", f"{DAY}T10:00").exit_code == 0
    assert_user_error(acct("incident", "resolve", "M1"), "bad incident id 'M1'")


def test_triage_key_opens_an_incident_in_either_layout(
    acct: Run, mailbox: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first card is the incident mail: ш (i on ЙЦУКЕН) opens the fire, then quit
    monkeypatch.setattr("sys.stdin", io.StringIO("ш q"))
    result = acct("mail", "triage", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert "[i]ncident" in result.stdout
    down = mailbox["Сайт не работает"]
    assert f"Opened incident I1 for СтройМаркет (normal) from message M{down}" in result.stdout
    doc = acct("incident", "list", "--json", "--date", DAY).json()
    assert doc["incidents"][0]["messages"] == [down]
    # on an unmatched message the key answers with the error and triage goes on
    monkeypatch.setattr("sys.stdin", io.StringIO("i q"))
    unmatched = acct("mail", "triage", "--client", "Гранд", "--date", DAY)
    assert unmatched.exit_code == 0, unmatched.stderr
