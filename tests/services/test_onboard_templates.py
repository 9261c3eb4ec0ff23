"""Malformed onboarding templates: one precise error (file, line, reason) and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

from acctcli.domain.onboarding_template import find_cycle, parse_template
from acctcli.errors import Invalid
from acctcli.services.onboarding.templates import BUILTIN

GOOD = """\
description = "Короткий онбординг"

[[step]]
key = "handover"
title = "Передача от продаж"
day = 0
role = "account"

[[step]]
key = "kickoff"
title = "Стартовый созвон"
business_day = 2
role = "account"
after = ["handover"]
"""

BROKEN = {
    # name: (template text, line, fragment of the reason)
    "bad toml": (
        GOOD.replace('role = "account"\n\n[[step]]', 'role = "account\n\n[[step]]'),
        7,
        "not valid TOML",
    ),
    "unknown key": (
        GOOD.replace("business_day = 2", 'business_day = 2\nowner = "anna"'),
        13,
        "unknown key 'owner'",
    ),
    "unknown top-level key": ("name = 'x'\n" + GOOD, 1, "unknown key 'name'"),
    "negative day": (GOOD.replace("day = 0", "day = -3"), 6, "negative 'day' (-3)"),
    "negative business day": (
        GOOD.replace("business_day = 2", "business_day = -1"),
        12,
        "negative 'business_day'",
    ),
    "cycle": (
        GOOD.replace("day = 0\n", 'day = 0\nafter = ["kickoff"]\n'),
        7,
        "cycle: handover → kickoff → handover",
    ),
    "self cycle": (
        GOOD.replace('after = ["handover"]', 'after = ["kickoff"]'),
        14,
        "kickoff → kickoff",
    ),
    "duplicate key": (
        GOOD.replace('key = "kickoff"', 'key = "handover"'),
        10,
        "duplicate step key 'handover' (first used at line 3)",
    ),
    "unknown after": (
        GOOD.replace('after = ["handover"]', 'after = ["handower"]'),
        14,
        "unknown step 'handower'",
    ),
    "missing title": (GOOD.replace('title = "Стартовый созвон"\n', ""), 9, "missing 'title'"),
    "missing role": (GOOD.replace('role = "account"\nafter', "after"), 9, "missing 'role'"),
    "day and business day": (
        GOOD.replace("day = 0", "day = 0\nbusiness_day = 1"),
        3,
        "exactly one of 'day' or 'business_day'",
    ),
    "no day": (GOOD.replace("day = 0\n", ""), 3, "exactly one of 'day' or 'business_day'"),
    "day as text": (GOOD.replace("day = 0", 'day = "0"'), 6, "whole number"),
    "bad key": (GOOD.replace('key = "kickoff"', 'key = "Старт"'), 10, "bad key 'Старт'"),
    "bad service": (GOOD.replace("day = 0", 'day = 0\nservices = ["SEO!"]'), 7, "bad service"),
    "bad records": (GOOD.replace("day = 0", 'day = 0\nrecords = "phone"'), 7, "'records'"),
    "no steps": ('description = "пусто"\n', None, "no steps"),
    "duplicate toml key": (GOOD.replace("day = 0", "day = 0\nday = 1"), 7, "not valid TOML"),
}


@pytest.fixture
def client(acct: Run) -> Run:
    assert acct("client", "add", "Улыбка", "-s", "seo", "--since", "2026-11-05").exit_code == 0
    return acct


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_malformed_template_names_file_and_line_and_writes_nothing(
    client: Run, home: Path, tmp_path: Path, case: str
) -> None:
    text, line, reason = BROKEN[case]
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    before = store_dump(home)
    result = client("onboard", "улыбка", "--template", str(path), "--date", "2026-11-26")
    where = f"{path}, line {line}:" if line else f"{path}:"
    assert_user_error(result, where, reason)
    assert store_dump(home) == before
    shown = client("client", "show", "улыбка", "--json", "--date", "2026-11-26").json()
    assert shown["status"] == "active"  # the client did not start onboarding either


def test_named_template_in_acct_home_is_checked_too(client: Run, home: Path) -> None:
    folder = home / "templates"
    folder.mkdir(parents=True)
    (folder / "seo.toml").write_text(GOOD.replace("day = 0", "day = -1"), encoding="utf-8")
    before = store_dump(home)
    assert_user_error(
        client("onboard", "улыбка", "--template", "seo"), f"{folder / 'seo.toml'}, line 6"
    )
    assert_user_error(client("onboard", "улыбка", "--template", "нет"), "no onboarding template")
    missing = home / "nowhere.toml"
    assert_user_error(client("onboard", "улыбка", "--template", str(missing)), "no such file")
    assert store_dump(home) == before


def test_a_good_template_parses() -> None:
    template = parse_template(GOOD, source="good.toml", name="good")
    assert [s.key for s in template.steps] == ["handover", "kickoff"]
    kickoff = template.steps[1]
    assert kickoff.business and kickoff.offset == 2 and kickoff.after == ("handover",)
    assert template.description == "Короткий онбординг"


def test_the_built_in_template_is_valid_and_in_russian() -> None:
    text = (BUILTIN / "default.toml").read_text(encoding="utf-8")
    template = parse_template(text, source="default.toml", name="default")
    assert len(template.steps) >= 15
    assert all(any("а" <= ch <= "я" for ch in s.title.lower()) for s in template.steps)
    records = {s.records: s.key for s in template.steps if s.records}
    assert records == {
        "channel": "channel",
        "urgent-contact": "urgent-contact",
        "reports": "report-frequency",
    }


def test_find_cycle() -> None:
    assert find_cycle({"a": ("b",), "b": ("c",), "c": ()}) == []
    assert find_cycle({"a": ("b",), "b": ("c",), "c": ("a",)}) == ["a", "b", "c", "a"]


def test_errors_are_invalid_with_a_hint() -> None:
    with pytest.raises(Invalid) as caught:
        parse_template("[[step]]\nkey = 1\n", source="t.toml", name="t")
    assert (
        caught.value.message == "template t.toml, line 2: step 1: 'key' must be a non-empty string"
    )
    assert caught.value.hint and "nothing was created" in caught.value.hint
