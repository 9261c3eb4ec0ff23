"""Mail you can fix by hand: `acct mail assign`, the triage key `a` (ф), `acct mail rematch`,
and rules, contacts and domains that apply to mail already known."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tests.conftest import DAY, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message, write_maildir

MAIL = {
    "1.M1.h:2,S": message(
        subject="Отчёт за ноябрь",
        sender="Ирина Волкова <irina.volkova@gmail.com>",
        date="Wed, 25 Nov 2026 11:20:00 +0300",
        message_id="<gmail1@gmail.com>",
    ),
    "2.M2.h:2,S": message(
        subject="Вопрос по рекламе",
        sender="Ирина Волкова <irina.volkova@gmail.com>",
        date="Wed, 25 Nov 2026 12:20:00 +0300",
        message_id="<gmail2@gmail.com>",
    ),
    "3.M3.h:2,S": message(
        subject="Привет от Петра",
        sender="Пётр <petr@stroymarket.ru>",
        date="Wed, 25 Nov 2026 13:20:00 +0300",
        message_id="<petr@stroymarket.ru>",
    ),
    "4.M4.h:2,S": message(
        subject="Новый сайт",
        sender="Олег <oleg@newshop.ru>",
        date="Wed, 25 Nov 2026 14:20:00 +0300",
        message_id="<oleg1@newshop.ru>",
    ),
    "5.M5.h:2,S": message(
        subject="Ещё про сайт",
        sender="Анна <anna@newshop.ru>",
        date="Wed, 25 Nov 2026 15:20:00 +0300",
        message_id="<anna1@newshop.ru>",
    ),
}


@pytest.fixture
def mailbox(acct: Run, home: Path, tmp_path: Path) -> Path:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MAIL)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    return root


def messages(acct: Run) -> dict[str, dict]:
    return {m["subject"]: m for m in listed(acct, "--all", "--date", DAY)}


def client_of(acct: Run, subject: str) -> str | None:
    return messages(acct)[subject]["client"]


def test_assign_by_hand_is_sticky(acct: Run, mailbox: Path) -> None:
    known = messages(acct)
    report, question = known["Отчёт за ноябрь"]["id"], known["Вопрос по рекламе"]["id"]
    petr = known["Привет от Петра"]["id"]
    assert known["Отчёт за ноябрь"]["client"] is None

    result = acct("mail", "assign", str(report), str(petr), "строй")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"M{report} → СтройМаркет" in lines
    assert f"M{petr} СтройМаркет (already)" in lines
    assert "2 messages assigned to СтройМаркет" in lines

    # a contact at another client with that address claims the rest of her mail, not this
    added = acct("contact", "add", "гранд", "Ирина В.", "--email", "irina.volkova@gmail.com")
    assert added.exit_code == 0, added.stderr
    assert f"M{question} → Гранд Холдинг" in added.stdout
    assert f"M{report}" not in added.stdout
    assert client_of(acct, "Отчёт за ноябрь") == "СтройМаркет"
    assert client_of(acct, "Вопрос по рекламе") == "Гранд Холдинг"

    # nor does a new contact, a rematch of everything, or moving Пётр's domain
    acct("contact", "add", "гранд", "Пётр", "--email", "petr@stroymarket.ru")
    everything = acct("mail", "rematch", "--all", "--json")
    assert everything.exit_code == 0, everything.stderr
    assert everything.json() == {"moved": [], "count": 0}
    assert client_of(acct, "Привет от Петра") == "СтройМаркет"
    assert client_of(acct, "Отчёт за ноябрь") == "СтройМаркет"


def test_assign_can_add_the_sender_and_their_domain(acct: Run, mailbox: Path) -> None:
    known = messages(acct)
    oleg, anna = known["Новый сайт"]["id"], known["Ещё про сайт"]["id"]
    result = acct("mail", "assign", str(oleg), "гранд", "--add-contact", "--add-domain", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["client"] == "Гранд Холдинг"
    assert doc["assigned"] == [{"id": oleg, "was": None, "client": "Гранд Холдинг"}]
    assert doc["contacts_added"] == ["oleg@newshop.ru"]
    assert doc["domains_added"] == ["newshop.ru"]
    assert doc["moved"] == [{"id": anna, "was": None, "client": "Гранд Холдинг"}]
    people = acct("contact", "list", "гранд", "--json").json()["contacts"]
    assert {"name": "Олег", "email": "oleg@newshop.ru"}.items() <= next(
        c for c in people if c["name"] == "Олег"
    ).items()
    shown = acct("client", "show", "гранд", "--json").json()
    assert "newshop.ru" in shown["domains"]


def test_assign_errors_change_nothing(acct: Run, home: Path, mailbox: Path) -> None:
    acct("client", "add", "Гранд Авто", "--since", "2024-01-01")
    known = messages(acct)
    report = str(known["Отчёт за ноябрь"]["id"])
    petr = str(known["Привет от Петра"]["id"])
    oleg = str(known["Новый сайт"]["id"])
    before = store_dump(home)
    assert_user_error(acct("mail", "assign", report, "Нет такого"), "no client named")
    assert_user_error(acct("mail", "assign", report, "гранд"), "matches several clients")
    assert_user_error(acct("mail", "assign", report, "99999", "строй"), "no message with id 99999")
    assert_user_error(
        acct("mail", "assign", report, "строй", "--add-domain"), "gmail.com is a public mail"
    )
    assert_user_error(  # stroymarket.ru is СтройМаркет's: all or nothing
        acct("mail", "assign", oleg, petr, "Гранд Холдинг", "--add-contact", "--add-domain"),
        "already belongs to СтройМаркет",
    )
    assert store_dump(home) == before


def test_triage_key_assigns_and_offers_contact_and_domain(
    acct: Run, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rest = [str(m["id"]) for s, m in messages(acct).items() if s != "Ещё про сайт"]
    assert acct("mail", "done", *rest).exit_code == 0
    # one card left, from anna@newshop.ru: ф (a on ЙЦУКЕН) and an unknown client → an error,
    # and the name is asked again (what is typed next is never read as keys): "строй",
    # y: add her as a contact, n: not the domain; d: done
    keys = "ф нет такого\nстрой\ny n d q"
    monkeypatch.setattr("sys.stdin", io.StringIO(keys))
    result = acct("mail", "triage", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "[a]ssign" in out
    assert "Error: no client named 'нет такого'" in out
    assert "Add anna@newshop.ru as a contact of СтройМаркет? [y/n]" in out
    assert "Add the domain newshop.ru to СтройМаркет? [y/n]" in out
    assert "1 message assigned to СтройМаркет" in out and "→ done" in out
    assert out.count("Client (name or prefix; Enter cancels):") == 2
    assert "Triaged: 1 assigned, 1 done; inbox zero." in out
    after = messages(acct)
    assert after["Ещё про сайт"]["client"] == "СтройМаркет"
    assert after["Ещё про сайт"]["state"] == "done"
    assert after["Новый сайт"]["client"] is None  # the domain was not added
    emails = {c["email"] for c in acct("contact", "list", "строй", "--json").json()["contacts"]}
    assert "anna@newshop.ru" in emails


def test_a_changed_rule_applies_to_known_mail(acct: Run, home: Path, mailbox: Path) -> None:
    known = messages(acct)
    assert known["Новый сайт"]["client"] is None
    config = home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[mail.rule]]\nfrom = "@newshop.ru"\nclient = "Гранд Холдинг"\n',
        encoding="utf-8",
    )
    again = acct("mail", "import", mailbox, "--date", DAY)
    assert again.exit_code == 0, again.stderr
    assert f"M{known['Новый сайт']['id']} → Гранд Холдинг" in again.stdout
    assert "2 messages matched again" in again.stdout
    assert client_of(acct, "Ещё про сайт") == "Гранд Холдинг"
    unchanged = acct("mail", "import", mailbox, "--date", DAY, "--json")
    assert unchanged.json()["rematched"] == []  # the same rules: nothing to do

    # a rule moves mail matched only by a domain, never mail matched by a contact
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[mail.rule]]\nfrom = "stroymarket.ru"\nclient = "Гранд Холдинг"\n',
        encoding="utf-8",
    )
    rematched = acct("mail", "rematch")
    assert rematched.exit_code == 0, rematched.stderr
    assert f"M{known['Привет от Петра']['id']} СтройМаркет → Гранд Холдинг" in rematched.stdout
    assert "1 message matched again" in rematched.stdout
    assert "No message changed its client." in acct("mail", "rematch").stdout


def test_client_edit_domain_rematches_known_mail(acct: Run, mailbox: Path) -> None:
    assert client_of(acct, "Новый сайт") is None
    result = acct("client", "edit", "гранд", "-d", "grand-holding.ru", "-d", "newshop.ru")
    assert result.exit_code == 0, result.stderr
    assert client_of(acct, "Новый сайт") == "Гранд Холдинг"
    assert client_of(acct, "Ещё про сайт") == "Гранд Холдинг"


def test_assigning_to_the_client_it_has_says_so(acct: Run, mailbox: Path) -> None:
    listed_now = messages(acct)
    some = next(m for m in listed_now.values() if m["client"] == "СтройМаркет")
    result = acct("mail", "assign", str(some["id"]), "строй")
    assert result.exit_code == 0, result.stderr
    assert f"M{some['id']} СтройМаркет (already)" in result.stdout.splitlines()
