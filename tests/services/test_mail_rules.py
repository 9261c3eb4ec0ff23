"""The pure rules of mail: categories, priority, user rules, working hours, matching, states."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from acctcli.domain.matching import ContactRef, MatchIndex, is_sent_folder, match_message
from acctcli.domain.triage import (
    RuleInput,
    apply_rules,
    classify,
    parse_hours,
    parse_rules,
    parse_until,
    priority_for,
    shown_state,
)
from acctcli.errors import Invalid


@pytest.mark.parametrize(
    ("subject", "body", "category"),
    [
        ("Сайт не работает", "", "incident"),
        ("Магазин упал", "", "incident"),
        ("СРОЧНО", "", "incident"),
        ("Site is down", "", "incident"),
        ("URGENT: checkout broken", "", "incident"),
        ("Счёт №15 за ноябрь", "", "billing"),
        ("Счет на оплату", "", "billing"),
        ("Акт сверки", "", "billing"),
        ("Invoice 2026-11", "", "billing"),
        ("Payment received", "", "billing"),
        ("Отчёт за октябрь", "", "report"),
        ("Monthly report", "", "report"),
        ("Есть идея", "", "idea"),
        ("Коммерческое предложение", "", "idea"),
        ("Proposal: a pilot", "", "idea"),
        ("Контакты менеджера", "", "other"),  # "акт" inside a word is not an act
        ("Счетчик посещений", "", "other"),
        ("Download the file", "", "other"),  # "down" inside a word is not an outage
        ("Вопрос", "корзина не работает со вчера", "incident"),
        ("Вопрос", "пришлите, пожалуйста, акт", "billing"),
        ("Срочно: счёт за ноябрь", "", "billing"),  # the subject's topic wins over urgency
    ],
)
def test_built_in_categories_in_russian_and_english(subject: str, body: str, category: str) -> None:
    assert classify(subject, body)[0] == category


def test_priority_ranks_incidents_urgent_contacts_and_not_strangers_or_bulk() -> None:
    assert priority_for("incident", urgent_words=True, urgent_contact=True, bulk=False) == 3
    assert priority_for("incident", urgent_words=False, urgent_contact=False, bulk=False) == 2
    assert priority_for("idea", urgent_words=False, urgent_contact=True, bulk=False) == 1
    assert priority_for("other", urgent_words=False, urgent_contact=False, bulk=False) == 0
    assert priority_for("incident", urgent_words=True, urgent_contact=False, bulk=True) == 0
    stranger = priority_for(
        "incident", urgent_words=True, urgent_contact=False, bulk=False, known_sender=False
    )
    assert stranger == 1


def test_user_rules_match_substrings_or_regexes_and_later_rules_override() -> None:
    rules = parse_rules(
        [
            {"from": "@bank.ru", "category": "billing", "priority": 0},
            {"subject": r"^\[jira\]", "regex": True, "state": "done"},
            {"from": "@bank.ru", "subject": "выписка", "priority": 2, "client": "СтройМаркет"},
        ]
    )
    msg = RuleInput("noreply@bank.ru", "Банк", ["anna@agency.ru"], "Выписка за ноябрь", "")
    assert apply_rules(rules, msg) == {
        "category": "billing",
        "priority": 2,
        "client": "СтройМаркет",
    }
    jira = RuleInput("jira@x.ru", "", [], "[JIRA] SEO-12 updated", "")
    assert apply_rules(rules, jira) == {"state": "done"}
    assert apply_rules(rules, RuleInput("a@b.ru", "", [], "Hello", "")) == {}


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ({"subject": "x", "colour": "red"}, "unknown key 'colour'"),
        ({"category": "billing"}, "matches nothing"),
        ({"subject": "x", "category": "spam"}, "category must be one of"),
        ({"subject": "x", "state": "snoozed"}, "state must be one of"),
        ({"subject": "(", "regex": True}, "bad regex in subject"),
        ({"subject": "x", "priority": "high"}, "priority must be"),
        ({"subject": ""}, "non-empty string"),
    ],
)
def test_bad_user_rules_are_errors_naming_the_rule(rule: dict, fragment: str) -> None:
    with pytest.raises(Invalid) as info:
        parse_rules([{"subject": "fine"}, rule], "/home/anna/config.toml")
    assert "[[mail.rule]] #2" in info.value.message and fragment in info.value.message


def test_working_hours_and_days() -> None:
    hours = parse_hours("09:00-19:00", "mon-fri")
    thursday = datetime(2026, 11, 26, 10, 0)
    assert not hours.outside(thursday)
    assert hours.outside(thursday.replace(hour=8, minute=59))
    assert hours.outside(thursday.replace(hour=19))
    assert hours.outside(datetime(2026, 11, 28, 12, 0))  # Saturday
    shifts = parse_hours("20:00-04:00", ["sun", "thu-fri"])
    assert not shifts.outside(datetime(2026, 11, 26, 23, 0))
    assert shifts.outside(datetime(2026, 11, 24, 23, 0))  # Tuesday is a day off
    with pytest.raises(Invalid, match="HH:MM-HH:MM"):
        parse_hours("9 to 5")
    with pytest.raises(Invalid, match="workdays"):
        parse_hours("09:00-18:00", "weekdays")


def test_snooze_dates() -> None:
    thursday = date(2026, 11, 26)
    assert parse_until("2026-12-01", thursday) == date(2026, 12, 1)
    assert parse_until("+3d", thursday) == date(2026, 11, 29)
    assert parse_until("2w", thursday) == date(2026, 12, 10)
    assert parse_until("tomorrow", thursday) == date(2026, 11, 27)
    assert parse_until("mon", thursday) == date(2026, 11, 30)
    assert parse_until("thursday", thursday) == date(2026, 12, 3)
    with pytest.raises(Invalid, match="after 2026-11-26"):
        parse_until("2026-11-26", thursday)
    with pytest.raises(Invalid, match="bad snooze date"):
        parse_until("someday", thursday)


def test_matching_by_contact_then_domain_and_subdomains() -> None:
    index = MatchIndex(
        contacts={"i.volkova@stroymarket.ru": ContactRef(1, 10, True)},
        domains={"stroymarket.ru": 1, "grand-holding.ru": 2, "пицца.рф": 3},
        me=frozenset({"anna@agency.ru"}),
    )
    by_contact = match_message(index, "i.volkova@stroymarket.ru", ["anna@agency.ru"])
    assert (by_contact.client_id, by_contact.contact_id, by_contact.urgent_contact) == (1, 10, True)
    assert not by_contact.outgoing
    sub = match_message(index, "buh@mail.grand-holding.ru", [])
    assert (sub.client_id, sub.contact_id) == (2, None)
    assert match_message(index, "marina@пицца.рф", []).client_id == 3
    stranger = match_message(index, "promo@top10-seo.biz", [])
    assert stranger.client_id is None and stranger.counterpart == "promo@top10-seo.biz"
    assert match_message(index, "x@notstroymarket.ru", []).client_id is None
    sent = match_message(
        index,
        "anna@agency.ru",
        ["boss@agency.ru", "x@grand-holding.ru", "i.volkova@stroymarket.ru"],
    )
    assert sent.outgoing and (sent.client_id, sent.contact_id) == (1, 10)
    assert sent.counterpart == "i.volkova@stroymarket.ru"
    from_sent_folder = match_message(
        index, "old-address@agency.ru", ["x@grand-holding.ru"], sent_folder=True
    )
    assert from_sent_folder.outgoing and from_sent_folder.client_id == 2


def test_sent_folder_names() -> None:
    for name in ("Sent", ".Sent", "INBOX.Sent", "INBOX/Отправленные", "[Gmail]/Sent Mail"):
        assert is_sent_folder(name), name
    assert not is_sent_folder("INBOX") and not is_sent_folder("Sentry alerts")


def test_shown_state_on_a_day() -> None:
    day = date(2026, 11, 26)
    common = {"day": day, "wait_days": 3}
    assert shown_state("new", outgoing=False, sent_on=None, snooze_until=None, **common) == (
        "new",
        True,
    )
    snoozed = {"outgoing": False, "sent_on": None, **common}
    assert shown_state("snoozed", snooze_until=date(2026, 11, 30), **snoozed) == ("snoozed", False)
    assert shown_state("snoozed", snooze_until=day, **snoozed) == ("new", True)
    sent = {"outgoing": True, "snooze_until": None, **common}
    assert shown_state("waiting", sent_on=date(2026, 11, 24), **sent) == ("waiting", False)
    assert shown_state("waiting", sent_on=date(2026, 11, 23), **sent) == ("waiting", True)
    assert shown_state("done", sent_on=date(2026, 11, 1), **sent) == ("done", False)


def test_no_rules_have_the_fingerprint_of_nothing_without_hashing() -> None:
    import hashlib

    from acctcli.domain.matching import NO_RULES, rules_fingerprint

    expected = int.from_bytes(hashlib.sha256(b"").digest()[:8], "big") >> 1
    assert NO_RULES == expected == rules_fingerprint([]) == rules_fingerprint(iter(()))
