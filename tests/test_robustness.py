"""Bad input and broken surroundings get a one-line `Error:`, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    return acct


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["invoice", "add", "пицца", "1e5"], "bad amount"),
        (["invoice", "add", "пицца", "5_000"], "bad amount"),
        (["invoice", "add", "пицца", "١٢٣"], "bad amount"),
        (["invoice", "add", "пицца", "1" + "0" * 35], "too large"),
        (["upsell", "add", "пицца", "seo", "--value", "1e40"], "bad amount"),
        (["client", "add", "Новый", "--since", "9999-12-31"], "year must be between"),
        (["client", "add", "Новый", "--fee", "seo=" + "9" * 32], "too large"),
        (["today", "--date", "0001-01-01"], "year must be between"),
        (["calls", "--date", "9999-12-31"], "year must be between"),
        (["kpi", "--month", "0001-01"], "year must be between"),
        (["invoice", "add", "пицца", "100", "--issued", "9999-12-31"], "year must be between"),
        (["mail", "reply", "99999999999999999999999"], ""),
        (["incident", "resolve", "99999999999999999999999"], ""),
        (["invoice", "pay", "2026-0001", "--amount", "100", "--on", "2030-01-01"], "future"),
    ],
)
def test_out_of_range_input_is_a_user_error(
    demo: Run, home: Path, args: list[str], fragment: str
) -> None:
    before = store_dump(home)
    result = demo(*args)
    assert_user_error(result, fragment)
    assert "internal error" not in result.stderr
    assert store_dump(home) == before


@pytest.mark.sqlite_only
def test_a_damaged_store_is_named_not_reported_as_a_bug(acct: Run, home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / "acct.db").write_bytes(b"this is not a database" * 300)
    result = acct("today")
    assert_user_error(result, "acct.db")
    assert "internal error" not in result.stderr


@pytest.mark.sqlite_only
def test_an_impossible_data_folder_is_a_user_error(
    acct: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ACCT_HOME", str(blocker / "home"))
    result = acct("client", "list")
    assert_user_error(result, str(blocker))
    assert "internal error" not in result.stderr


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("user = 5\n", "user must be a string"),
        ("[urgency]\nfire = nan\n", "[urgency] fire must be a number"),
        ('[urgency]\nfire = "high"\n', "[urgency] fire must be a number"),
        ("this is = not toml [\n", "config.toml"),
    ],
)
def test_a_bad_config_is_one_line(acct: Run, home: Path, config: str, fragment: str) -> None:
    assert acct("client", "add", "Суши Дом").exit_code == 0
    home.mkdir(mode=0o700, exist_ok=True)
    (home / "config.toml").write_text(config, encoding="utf-8")
    assert_user_error(acct("today"), fragment)


def test_a_config_that_is_not_utf8_is_one_line(acct: Run, home: Path) -> None:
    home.mkdir(mode=0o700, exist_ok=True)
    (home / "config.toml").write_bytes(b"\xff\xfe user = 1")
    assert_user_error(acct("client", "list"), "not UTF-8")


def test_list_says_when_the_clients_are_someone_elses(acct: Run) -> None:
    assert acct("client", "add", "Суши Дом", "--owner", "boris").exit_code == 0
    out = acct("client", "list").stdout
    assert "--team" in out and "No clients yet" not in out


def test_mail_that_arrived_before_its_client_is_matched_when_the_client_is_added(
    acct: Run,
) -> None:
    from acctcli.services.demo import examples_dir

    result = acct("mail", "import", str(examples_dir() / "mail"))
    assert result.exit_code == 0, result.stderr
    assert acct("mail", "list", "--all", "--json").json()["messages"]
    assert acct("client", "add", "Гранд Холдинг", "-d", "grand-holding.ru").exit_code == 0
    theirs = acct("mail", "list", "--all", "--json", "--client", "гранд").json()["messages"]
    assert theirs and all(m["client"] == "Гранд Холдинг" for m in theirs)
    # what the manager had sent them counts as an e-mail touch now
    touches = acct("call", "history", "гранд", "--json").json()["touches"]
    assert [(t["channel"], t["source"]) for t in touches] == [("email", "mail")]
    assert acct("client", "add", "СтройМаркет").exit_code == 0
    assert (
        acct("contact", "add", "строй", "Ирина", "--email", "i.volkova@stroymarket.ru").exit_code
        == 0
    )
    stroy = acct("mail", "list", "--all", "--json", "--client", "строй").json()["messages"]
    assert stroy and all(m["client"] == "СтройМаркет" for m in stroy)


def test_naming_a_message_twice_changes_it_once(demo: Run) -> None:
    result = demo("mail", "wait", "1", "1")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_next_on_a_touch_that_is_not_the_latest_is_refused(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама", "--since", "2026-01-01").exit_code == 0
    assert acct("call", "log", "пицца", "--at", "2026-11-26T10:00").exit_code == 0
    before = store_dump(home)
    result = acct("call", "log", "пицца", "--at", "2026-11-26T09:00", "--next", "2026-12-03")
    assert_user_error(result, "--next applies only to the latest touch")
    assert store_dump(home) == before


def test_an_empty_eml_file_is_reported_as_failed(acct: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    result = acct("mail", "import", str(empty))
    assert result.exit_code == 0
    assert "0 messages" in result.stdout and "1 failed" in result.stdout
    assert "empty.eml" in result.stderr and "empty file" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["call", "log", "пицца", "--at", "x" * 10_000],
        ["invoice", "add", "пицца", "9" * 10_000],
        ["client", "show", "я" * 10_000],
    ],
)
def test_a_huge_value_echoed_in_an_error_is_cut_to_one_readable_line(
    demo: Run, home: Path, args: list[str]
) -> None:
    before = store_dump(home)
    result = demo(*args)
    assert_user_error(result)
    first = result.stderr.splitlines()[0]
    assert 20 < len(first) <= len("Error: ") + 300 and first.endswith("…"), first[:400]
    assert store_dump(home) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["mail", "show", "M99999999999999999999"], "no message with id 99999999999999999999"),
        (["mail", "show", "M9223372036854775808"], "no message with id 9223372036854775808"),
        (["mail", "done", "99999999999999999999"], "no message with id"),
        (["incident", "resolve", "I99999999999999999999"], "no incident I99999999999999999999"),
        (["follow", "done", "2147483648"], "no follow-up #2147483648"),
        (["follow", "done", "99999999999999999999"], "no follow-up #99999999999999999999"),
    ],
)
def test_an_id_no_store_can_hold_is_not_found_on_either_engine(
    demo: Run, home: Path, args: list[str], fragment: str
) -> None:
    """SQLite's driver refused such an id as "a number given is too large", PostgreSQL
    found nothing, and a follow-up id past 9 digits was "not a number"."""
    before = store_dump(home)
    assert_user_error(demo(*args), fragment)
    assert store_dump(home) == before
