"""config.toml is read once against one schema: unknown names warn, bad values are one error
line from every command, and no file, however hostile, gives a traceback."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error

from acctcli.config import CALENDAR_KEYS, SECTIONS, TOP_LEVEL_KEYS, read_config
from acctcli.config.mail import ACCOUNT_KEYS, MAIL_KEYS
from acctcli.domain.health import DEFAULT_HEALTH
from acctcli.domain.urgency import DEFAULT_COEFFICIENTS
from acctcli.errors import AcctError

DOCS = Path(__file__).parent.parent / "docs" / "config.md"
COMMANDS = (("mail", "list"), ("today",), ("client", "list"))


def write_config(home: Path, text: str) -> Path:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- unknown names: one warning line each, and the command still runs -----------------------


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("mial = 1\n", "unknown key 'mial'"),
        ("[mial]\nhours = 1\n", "unknown section 'mial'"),
        ('[mail]\nhourz = "09:00-18:00"\n', "unknown key 'mail.hourz'"),
        ("[urgency]\nfirre = 3\n", "unknown key 'urgency.firre'"),
        ("[calls]\nmax_gapp = 1\n", "unknown key 'calls.max_gapp'"),
        ('[mail.inbox]\nhost = "x"\n', "unknown section 'mail.inbox'"),
        (
            '[mail.accounts.work]\nhost = "h"\nuser = "u"\npassword_env = "P"\nhots = "h"\n',
            "unknown key 'mail.accounts.work.hots'",
        ),
        ('"\\u001b[31m" = 1\n', "unknown key '\\x1b[31m'"),
    ],
)
def test_an_unknown_name_is_one_warning_naming_it_and_the_file(
    acct: Run, home: Path, text: str, warning: str
) -> None:
    path = write_config(home, text)
    for command in COMMANDS:
        result = acct(*command)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == f"Warning: {path}: {warning}\n"


def test_every_unknown_name_is_listed_once_and_known_ones_still_apply(
    acct: Run, home: Path
) -> None:
    path = write_config(home, "mial = 1\n[money]\nterms = 5\nterm = 6\n[calender]\nx = 1\n")
    assert acct("client", "add", "Суши Дом").stderr.splitlines() == [
        f"Warning: {path}: unknown key 'mial'",
        f"Warning: {path}: unknown section 'calender'",
        f"Warning: {path}: unknown key 'money.term'",
    ]
    result = acct("invoice", "add", "суши", "100", "--issued", "2026-11-01")
    assert result.exit_code == 0 and "due 2026-11-06" in result.stdout


def test_new_urgency_coefficients_are_known_without_touching_the_reader(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(DEFAULT_COEFFICIENTS, "brand_new", 1.5)
    config = read_config(write_config(home, "[urgency]\nbrand_new = 7\nfire = 30\n"))
    assert config.warnings == ()
    assert config.urgency["brand_new"] == 7.0 and config.urgency["fire"] == 30.0


# --- a wrong type or a bad value: one Error line, exit 1, the same from every command ---------

BAD = [
    ("currency = 5\n", "currency must be a string"),
    ("user = 5\n", "user must be a string"),
    ("database_url = []\n", "database_url must be a string"),
    ("mail = 3\n", "[mail] must be a table"),
    ('[mail]\nhours = "bogus"\n', "[mail] bad working hours 'bogus'"),
    ("[mail]\nhours = 9\n", "[mail] hours must be a string"),
    ('[mail]\nworkdays = "someday"\n', "[mail] bad workdays"),
    ('[mail]\nwait_days = "3"\n', "[mail] wait_days must be a whole number"),
    ("[mail]\nhistory_days = 99999999999999999999\n", "[mail] history_days must be"),
    ("[mail]\nwake_on_reply = 1\n", "[mail] wake_on_reply must be true or false"),
    ("[mail]\nme = 5\n", "[mail] me must be a string or a list of strings"),
    ('[mail]\nme = "not an address"\n', "[mail] bad e-mail address"),
    ('[mail]\ntimezone = "Mars/Olympus"\n', "[mail] timezone must be a time zone"),
    ("[mail]\nsent_folders = [1]\n", "[mail] sent_folders must be"),
    ("[mail]\naccounts = 1\n", "[mail.accounts] must be a table"),
    ('[mail.accounts.work]\nhost = "h"\nuser = "u"\n', "give password_env or password_cmd"),
    (
        '[mail.accounts.work]\nhost = "h"\nuser = "u"\npassword_env = "P"\nport = "993"\n',
        "[mail.accounts.work] port must be a whole number from 1 to 65535",
    ),
    ('[[mail.rule]]\nsubject = "x"\npriority = 99\n', "[[mail.rule]] #1: priority"),
    ("[calendar]\ncountry = 7\n", "[calendar] country must be a string"),
    ('[calendar]\nweekend = "sat"\n', "[calendar] weekend must be a list of day names"),
    ('[calendar]\nholidays = ["31.12.2026"]\n', "[calendar] holidays: bad date '31.12.2026'"),
    ('[calendar]\ntimezone = "Moscow"\n', "[calendar] timezone must be a time zone"),
    ("[calendar]\ntimezone = 3\n", "[calendar] timezone must be a string"),
    ("urgency = []\n", "[urgency] must be a table"),
    ('[urgency]\nfire = "high"\n', "[urgency] fire must be a number"),
    ("[urgency]\nfire = inf\n", "[urgency] fire must be a number"),
    ("[urgency]\nfire = 1" + "0" * 400 + "\n", "[urgency] fire must be a number"),
    ("[calls]\nmax_gap = 6\n", "[calls] max_gap must be a string"),
    ('[calls]\nmax_gap = "soon"\n', "[calls] bad max_gap 'soon'"),
    ("[work]\nhours = {start = 9}\n", "[work] hours must be a string"),
    ('[work]\nhours = "18:00-09:00"\n', "[work] bad hours '18:00-09:00'"),
    ('[money]\nterms = "14"\n', "[money] terms must be a whole number from 0 to 3650"),
    ("[money]\nterms = -1\n", "[money] terms must be a whole number from 0 to 3650"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD)
def test_a_bad_value_is_the_same_one_line_error_from_every_command(
    acct: Run, home: Path, text: str, fragment: str
) -> None:
    path = write_config(home, text)
    results = [acct(*command) for command in COMMANDS]
    for result in results:
        assert_user_error(result, str(path), fragment)
        assert result.stdout == ""
    assert len({r.stderr for r in results}) == 1, [r.stderr for r in results]


def test_every_section_and_key_of_the_schema_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    names = [
        *TOP_LEVEL_KEYS,
        *(f"[{s}]" for s in SECTIONS),
        *MAIL_KEYS,
        "[[mail.rule]]",
        "[mail.accounts.NAME]",
        *ACCOUNT_KEYS,
        *CALENDAR_KEYS,
        *DEFAULT_COEFFICIENTS,
        "max_gap",
        "terms",
    ]
    missing = [name for name in names if f"`{name}`" not in text]
    assert not missing, missing


def test_the_documented_examples_are_read_without_a_warning(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    for number, block in enumerate(blocks):
        path = tmp_path / f"{number}.toml"
        path.write_text(block, encoding="utf-8")
        config = read_config(path)
        config.check()
        assert config.warnings == (), (block, config.warnings)


# --- hostile files never give a traceback ------------------------------------------------------

_SCALARS = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        [
            "",
            "none",
            "09:00-18:00",
            "24:00-25:00",
            "mon-fri",
            "sat",
            "6w",
            "0d",
            "Europe/Moscow",
            "../../etc/passwd",
            "RU",
            "XX",
            "a@b.ru",
            "(" * 500,
            "\x1b[31m",
            "\u202e",
            "tls",
        ]
    ),  # fmt: skip
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
_KEYS = {
    "mail": MAIL_KEYS,
    "calendar": CALENDAR_KEYS,
    "urgency": tuple(DEFAULT_COEFFICIENTS),
    "health": tuple(DEFAULT_HEALTH),
    "calls": ("max_gap",),
    "work": ("hours",),
    "money": ("terms",),
    "backup": ("keep",),
}
_ACCOUNT = st.dictionaries(st.sampled_from([*ACCOUNT_KEYS, "password", "x"]), _VALUES)
_RULE = st.dictionaries(
    st.sampled_from(["from", "to", "subject", "body", "regex", "client", "category", "priority"]),
    _VALUES,
)


def _section(name: str) -> st.SearchStrategy[dict[str, Any]]:
    plain = st.dictionaries(st.sampled_from([*_KEYS[name], "zz"]), _VALUES, max_size=5)
    if name != "mail":
        return plain
    nested = st.fixed_dictionaries(
        {},
        optional={
            "rule": st.lists(_RULE, max_size=2) | _VALUES,
            "accounts": st.dictionaries(st.text(max_size=6), _ACCOUNT | _VALUES, max_size=2),
        },
    )
    return st.builds(lambda a, b: {**a, **b}, plain, nested)


_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        **{key: _VALUES for key in TOP_LEVEL_KEYS},
        **{name: _section(name) | _VALUES for name in SECTIONS},
        "mial": _VALUES,
    },
)


def toml_value(value: Any) -> str:
    """A value written as TOML (inline tables and arrays for the nested ones)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_DOCUMENTS)
def test_hostile_values_give_typed_settings_or_one_error_line(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    path = tmp_path_factory.getbasetemp() / "hostile.toml"
    path.write_text(
        "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in document.items()),
        encoding="utf-8",
    )
    try:
        config = read_config(path)
        config.check()
        typed = (config.mail, config.calendar, config.urgency, config.calls, config.work)
        assert config.money.terms >= 0 and all(t is not None for t in typed)
        assert all(isinstance(v, float) for v in config.urgency.values())
        assert isinstance(config.currency, str) and isinstance(config.user, str)
    except AcctError as exc:
        assert "\n" not in exc.message and exc.message.startswith(str(path)), exc.message
        return
    for warning in config.warnings:
        assert warning.startswith(f"{path}: unknown ") and "\n" not in warning
