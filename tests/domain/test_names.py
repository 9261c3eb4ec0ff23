"""Client and contact names as people type them: any case, ё as е, a unique prefix; Russian
dictionary order (ё with е)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error

from acctcli.domain.clients import loose_key, match_names, name_key, sort_key

NAMES = ["Ёлка", "ёжик", "Ежевика", "Жук", "Яблоко", "Абв"]


def test_e_finds_yo_and_an_exact_name_wins() -> None:
    assert [NAMES[n] for n in match_names(NAMES, "елка")] == ["Ёлка"]
    assert [NAMES[n] for n in match_names(NAMES, "ЁЛКА")] == ["Ёлка"]
    assert sorted(NAMES[n] for n in match_names(NAMES, "еж")) == ["Ежевика", "ёжик"]
    assert [NAMES[n] for n in match_names(NAMES, "ежик")] == ["ёжик"]
    assert match_names(["Елка", "Ёлка"], "Ёлка") == [1]  # typed exactly: that one
    assert match_names(["Елка", "Ёлка"], "елка") == [0]
    assert match_names(NAMES, "  ") == []


def test_yo_sorts_with_e() -> None:
    assert sorted(NAMES, key=sort_key) == ["Абв", "Ежевика", "ёжик", "Ёлка", "Жук", "Яблоко"]


@given(st.text(max_size=20) | st.text(alphabet="еёЕЁ\u0435\u0308 \t", max_size=12))
def test_the_sort_key_is_the_loose_key_then_the_name_key(name: str) -> None:
    assert sort_key(name) == (loose_key(name), name_key(name))


@given(st.text(alphabet="еёЕЁжк аб", min_size=1, max_size=12))
def test_a_name_always_finds_itself(name: str) -> None:
    names = [name, "Другой клиент"]
    if not name.strip():
        return
    found = match_names(names, name)
    assert 0 in found
    assert loose_key(name) == loose_key(name.replace("ё", "е").replace("Ё", "Е"))


def test_clients_and_contacts_by_e(acct: Run) -> None:
    assert acct("client", "add", "Ёлка", "--since", "2026-11-01").exit_code == 0
    assert acct("client", "add", "ёжик").exit_code == 0
    assert acct("client", "add", "Ежевика").exit_code == 0
    assert acct("contact", "add", "елка", "Пётр", "--phone", "+7 900 000-00-00").exit_code == 0
    shown = acct("client", "show", "елка", "--json").json()
    assert shown["name"] == "Ёлка"
    logged = acct("call", "log", "ёлка", "--contact", "петр", "--at", "2026-11-20T10:00")
    assert logged.exit_code == 0, logged.stderr
    assert acct("call", "history", "Ёлка", "--json").json()["touches"][0]["contact"] == "Пётр"
    assert_user_error(acct("client", "show", "еж"), "matches several clients")
    listed = [c["name"] for c in acct("client", "list", "--json").json()["clients"]]
    assert listed == ["Ежевика", "ёжик", "Ёлка"]
