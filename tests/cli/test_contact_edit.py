"""`acct contact edit` and `acct contact remove`: details change, a new address claims the mail
already imported from it, and a contact that touches or mail refer to is only removed with
--force (they stay)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import DAY, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message, write_maildir

MAIL = {
    "1.M1.h:2,S": message(
        subject="Отчёт за ноябрь",
        sender="Ирина <irina.volkova@gmail.com>",
        date="Wed, 25 Nov 2026 11:20:00 +0300",
        message_id="<gmail1@gmail.com>",
    ),
    "2.M2.h:2,S": message(
        subject="Вопрос по рекламе",
        sender="Ирина <irina.volkova@gmail.com>",
        date="Wed, 25 Nov 2026 12:20:00 +0300",
        message_id="<gmail2@gmail.com>",
    ),
    "3.M3.h:2,S": message(
        subject="Привет",
        sender="Пётр <petr@stroymarket.ru>",
        date="Wed, 25 Nov 2026 13:20:00 +0300",
        message_id="<petr@stroymarket.ru>",
    ),
}


@pytest.fixture
def mailbox(acct: Run, home: Path, tmp_path: Path) -> Path:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", MAIL)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    return root


def clients_of(acct: Run) -> dict[str, str | None]:
    return {m["subject"]: m["client"] for m in listed(acct, "--all", "--date", DAY)}


def contacts(acct: Run, client: str) -> list[dict]:
    result = acct("contact", "list", client, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()["contacts"]


def test_edit_changes_details_and_urgent_moves(acct: Run, mailbox: Path) -> None:
    result = acct(
        "contact", "edit", "строй", "алексей", "--phone", "+7 900 111-22-33", "--role", "SEO",
        "--urgent", "--name", "Алексей Петров-Водкин",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Updated contact Алексей Петров-Водкин" in result.stdout
    people = {c["name"]: c for c in contacts(acct, "СтройМаркет")}
    alexey = people["Алексей Петров-Водкин"]
    assert alexey["phone"] == "+7 900 111-22-33" and alexey["role"] == "SEO"
    assert alexey["urgent"] is True
    assert people["Ирина Волкова"]["urgent"] is False  # one urgent contact per client
    assert "Алексей Петров" not in people

    cleared = acct("contact", "edit", "строй", "алексей", "--phone", "", "--no-urgent", "--json")
    assert cleared.exit_code == 0, cleared.stderr
    assert cleared.json()["contact"]["phone"] is None
    assert cleared.json()["contact"]["urgent"] is False


def test_the_urgent_contacts_mail_comes_first_in_every_list(acct: Run, mailbox: Path) -> None:
    acct("contact", "add", "строй", "Пётр", "--email", "petr@stroymarket.ru")
    acct("contact", "edit", "строй", "Ирина", "--email", "irina.volkova@gmail.com", "--no-urgent")
    before = [m["subject"] for m in listed(acct, "--date", DAY)]
    assert before[0] != "Привет"
    assert acct("contact", "edit", "строй", "Пётр", "--urgent").exit_code == 0
    assert [m["subject"] for m in listed(acct, "--date", DAY)][0] == "Привет"
    today = acct("today", "--json", "--date", DAY).json()
    assert today["mail"]["top"][0]["subject"] == "Привет"
    assert acct("contact", "edit", "строй", "Пётр", "--no-urgent").exit_code == 0
    assert [m["subject"] for m in listed(acct, "--date", DAY)] == before


def test_mail_leaves_a_contact_whose_address_changed(acct: Run, mailbox: Path) -> None:
    acct("contact", "edit", "строй", "Ирина", "--email", "irina.volkova@gmail.com")
    assert clients_of(acct)["Отчёт за ноябрь"] == "СтройМаркет"
    back = acct("contact", "edit", "строй", "Ирина", "--email", "i.volkova@stroymarket.ru")
    assert back.exit_code == 0, back.stderr
    assert sum(line.endswith("СтройМаркет → unmatched") for line in back.stdout.splitlines()) == 2
    assert clients_of(acct)["Отчёт за ноябрь"] is None  # nothing matches gmail any more
    assert clients_of(acct)["Привет"] == "СтройМаркет"  # by its domain, untouched


def test_rematch_all_takes_away_what_nothing_matches(acct: Run, home: Path, mailbox: Path) -> None:
    acct("contact", "edit", "строй", "Ирина", "--email", "irina.volkova@gmail.com")
    assert clients_of(acct)["Привет"] == "СтройМаркет"
    # the domain goes (edited in the store, as an older acct or another tool might leave it)
    from tests.test_mail_exactly_once import counts

    assert counts("SELECT count(*) FROM client_domain WHERE domain = 'stroymarket.ru'") == [1]
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    db = connect(load_settings().database_url)
    with db.transaction():
        db.execute("DELETE FROM client_domain WHERE domain = 'stroymarket.ru'")
    db.close()
    assert acct("mail", "rematch").stdout.strip() == "No message changed its client."
    moved = acct("mail", "rematch", "--all", "--json")
    assert moved.exit_code == 0, moved.stderr
    unmatched = [m for m in moved.json()["moved"] if m["client"] is None]
    assert [m["was"] for m in unmatched] == ["СтройМаркет"]
    assert clients_of(acct)["Привет"] is None
    assert clients_of(acct)["Отчёт за ноябрь"] == "СтройМаркет"  # Ирина's address still matches


def test_one_address_belongs_to_one_contact(acct: Run, home: Path, mailbox: Path) -> None:
    before = store_dump(home)
    taken = "I.Volkova@stroymarket.ru"  # Ирина's, in another case
    assert_user_error(
        acct("contact", "edit", "строй", "Алексей", "--email", taken),
        "i.volkova@stroymarket.ru is already the address of Ирина Волкова (СтройМаркет)",
    )
    assert_user_error(
        acct("contact", "add", "Гранд", "Ира", "--email", taken), "already the address of"
    )
    assert_user_error(acct("contact", "edit", "строй", "Алексей"), "nothing to change")
    assert store_dump(home) == before
    same = acct("contact", "edit", "строй", "Ирина", "--email", "i.volkova@stroymarket.ru")
    assert same.exit_code == 0, same.stderr  # her own address again: nothing to refuse


def test_a_new_address_claims_known_mail(acct: Run, mailbox: Path) -> None:
    assert clients_of(acct)["Отчёт за ноябрь"] is None
    result = acct("contact", "edit", "строй", "Ирина", "--email", "irina.volkova@gmail.com")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2 messages matched again" in lines
    assert sum(" → СтройМаркет" in line for line in lines) == 2
    assert clients_of(acct)["Отчёт за ноябрь"] == "СтройМаркет"
    assert clients_of(acct)["Вопрос по рекламе"] == "СтройМаркет"


def test_contact_add_claims_mail_matched_only_by_domain(acct: Run, mailbox: Path) -> None:
    # petr@stroymarket.ru is matched by the domain; a contact at another client takes it
    assert clients_of(acct)["Привет"] == "СтройМаркет"
    result = acct("contact", "add", "гранд", "Пётр", "--email", "petr@stroymarket.ru")
    assert result.exit_code == 0, result.stderr
    assert any("СтройМаркет → Гранд Холдинг" in line for line in result.stdout.splitlines())
    assert clients_of(acct)["Привет"] == "Гранд Холдинг"


def test_edit_errors_change_nothing(acct: Run, home: Path, mailbox: Path) -> None:
    before = store_dump(home)
    assert_user_error(acct("contact", "edit", "nobody", "Ирина", "--role", "x"), "no client")
    assert_user_error(
        acct("contact", "edit", "строй", "Мария", "--role", "x"), "no contact named 'Мария'"
    )
    assert_user_error(acct("contact", "edit", "строй", "", "--role", "x"))
    acct("contact", "add", "строй", "Алла Пугачёва")
    before = store_dump(home)
    assert_user_error(acct("contact", "edit", "строй", "ал", "--role", "x"), "several contacts")
    assert_user_error(
        acct("contact", "edit", "строй", "Ирина", "--name", "алексей петров"), "already has"
    )
    assert_user_error(acct("contact", "edit", "строй", "Ирина", "--email", "not-an-address"))
    assert_user_error(acct("contact", "edit", "строй", "Ирина", "--phone", "call me"))
    assert store_dump(home) == before


def test_remove_is_refused_while_mail_refers_to_it_unless_forced(
    acct: Run, home: Path, mailbox: Path
) -> None:
    acct("contact", "add", "строй", "Мария", "--phone", "+7 900 000-00-00")
    removed = acct("contact", "remove", "строй", "Мария")
    assert removed.exit_code == 0 and "Removed contact Мария from СтройМаркет" in removed.stdout
    assert "Мария" not in {c["name"] for c in contacts(acct, "строй")}

    acct("call", "log", "строй", "--contact", "Алексей Петров", "--at", "2026-11-20 10:00")
    acct("contact", "edit", "строй", "Ирина", "--email", "irina.volkova@gmail.com")
    before = store_dump(home)
    refused = acct("contact", "remove", "строй", "Ирина")
    assert_user_error(refused, "2 messages refer to Ирина Волкова")
    assert "--force" in refused.stderr
    assert_user_error(acct("contact", "remove", "строй", "Алексей"), "1 touch")
    assert store_dump(home) == before

    forced = acct("contact", "remove", "строй", "Алексей", "--force", "--json")
    assert forced.exit_code == 0, forced.stderr
    assert forced.json() == {
        "client": "СтройМаркет", "removed": "Алексей Петров", "touches": 1, "messages": 0,
    }  # fmt: skip
    touches = acct("call", "history", "строй", "--json").json()["touches"]
    assert [t["at"][:10] for t in touches] == ["2026-11-20"]  # the touch stays
    assert [t["contact"] for t in touches] == ["Алексей Петров"]  # and says who it was with
    assert "Алексей Петров" in acct("call", "history", "строй").stdout
    acct("contact", "remove", "строй", "Ирина", "--force")
    assert clients_of(acct)["Отчёт за ноябрь"] == "СтройМаркет"  # the mail stays the client's
    assert [c["name"] for c in contacts(acct, "строй")] == []
