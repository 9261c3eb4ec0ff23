"""Promises to pay (issue 16): kept or broken by the payments, shown on the invoice, in
`acct today` and in `acct kpi --explain` — through the real entry point, on either engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error, store_dump


@pytest.fixture
def pizza(acct: Run) -> Run:
    """Пицца Мама with invoice 2026-0001 of 60 000, issued 1 Nov, due 15 Nov."""
    assert acct("client", "add", "Пицца Мама", "--since", "2025-01-01").exit_code == 0
    assert acct("client", "add", "Суши Дом", "--since", "2025-01-01").exit_code == 0
    added = acct("invoice", "add", "пицца", "60000", "--issued", "2026-11-01", "--terms", "14")
    assert added.exit_code == 0, added.stderr
    return acct


def _promise(acct: Run, *args: str) -> None:
    result = acct("follow", "add", "пицца", "оплата", "--invoice", "2026-0001", *args)
    assert result.exit_code == 0, result.stderr


def _pay(acct: Run, amount: str, on: str) -> None:
    result = acct("invoice", "pay", "2026-0001", "--amount", amount, "--on", on)
    assert result.exit_code == 0, result.stderr


def _rows(acct: Run, day: str) -> dict[int, dict]:
    rows = acct("follow", "list", "--all", "--json", "--date", day).json()["followups"]
    return {r["id"]: r for r in rows}


def test_a_promise_is_kept_by_payments_from_its_day_and_broken_short_of_them(pizza: Run) -> None:
    # #1: 30 000 by 20 Nov; #2: 20 000 by 20 Nov; #3: the whole balance then (60 000) by 25 Nov
    _promise(pizza, "--amount", "30000", "--due", "2026-11-20", "--date", "2026-11-10")
    _promise(pizza, "--amount", "20000", "--due", "20.11.2026", "--date", "2026-11-10")
    _promise(pizza, "--due", "2026-11-25", "--date", "2026-11-10")
    _pay(pizza, "5000", "2026-11-09")  # before the promises were made: counts for none
    paid = pizza("invoice", "pay", "2026-0001", "--amount", "20000", "--on", "2026-11-15")
    assert "Promise #2 kept (Пицца Мама: оплата)" in paid.stdout  # and done in the store
    _pay(pizza, "15000", "2026-11-21")  # after 20 Nov: too late for #1

    before = _rows(pizza, "2026-11-19")
    assert [before[i]["promise"] for i in (1, 2, 3)] == ["pending", "kept", "pending"]
    assert before[2]["state"] == "done" and before[2]["closed_on"] == "2026-11-15"
    assert before[1]["paid"] == "20000.00" and before[3]["amount"] == "60000.00"

    after = _rows(pizza, "2026-11-26")
    assert after[1]["promise"] == "broken" and after[1]["state"] == "open"
    assert after[1]["paid"] == "20000.00" and after[1]["days_overdue"] == 6
    assert after[3]["promise"] == "broken" and after[3]["paid"] == "35000.00"
    # the open list leaves out the kept one (done by itself)
    open_ids = [
        r["id"]
        for r in pizza("follow", "list", "--json", "--date", "2026-11-26").json()["followups"]
    ]
    assert open_ids == [1, 3]
    card = pizza("follow", "show", "1", "--date", "2026-11-26").stdout
    assert "Promise: broken (paid 20000.00 of 30000.00 since it was made)" in card
    table = pizza("follow", "list", "--all", "--date", "2026-11-26").stdout
    assert "promise broken" in table and "promise kept" in table
    # a kept promise is done: it cannot be done again
    assert_user_error(pizza("follow", "done", "2"), "follow-up #2 is already done")


def test_a_broken_promise_shows_on_the_invoice_today_and_in_the_kpi_explanation(
    pizza: Run,
) -> None:
    _promise(pizza, "--amount", "30000", "--due", "2026-11-20", "--date", "2026-11-10")
    _pay(pizza, "10000", "2026-11-12")
    invoices = pizza("invoice", "list", "--json", "--date", "2026-11-19").json()["invoices"]
    assert invoices[0]["promise"] == {
        "id": 1,
        "amount": "30000.00",
        "due": "2026-11-20",
        "paid": "10000.00",
        "state": "pending",
    }
    assert "promise" not in pizza("invoice", "list", "--date", "2026-11-19").stdout

    late = pizza("invoice", "list", "--json", "--date", "2026-11-23").json()["invoices"]
    assert late[0]["promise"]["state"] == "broken"
    text = pizza("invoice", "list", "--date", "2026-11-23").stdout.replace("\xa0", " ")
    assert "Invoice 2026-0001 (Пицца Мама):\n  promise broken: 30 000 ₽ by Fri 2026-11-20" in text
    assert "10 000 ₽ paid (#1)" in text

    today = pizza("today", "--json", "--date", "2026-11-23").json()
    (invoice,) = today["invoices"]
    assert "broken promise" in invoice["reasons"]
    assert "promised 30 000 ₽ by 2026-11-20, paid 10 000 ₽" in invoice["why"].replace("\xa0", " ")
    (follow_up,) = today["followups"]
    assert follow_up["id"] == 1 and "broken promise" in follow_up["reasons"]
    # the broken promise weighs: the same invoice without it scores less
    plain = pizza("today", "--json", "--date", "2026-11-20").json()["invoices"][0]
    assert "broken promise" not in plain["reasons"]

    explain = pizza("kpi", "--month", "2026-11", "--explain", "--date", "2026-12-01")
    lines = explain.stdout.replace("\xa0", " ")
    assert "broken promises to pay (due 2026-11-01…2026-11-30): 1, short by 20 000 ₽" in lines
    assert "2026-0001 Пицца Мама: 30 000 ₽ by 2026-11-20, paid 10 000 ₽ (#1)" in lines
    document = pizza("kpi", "--month", "2026-11", "--explain", "--json", "--date", "2026-12-01")
    assert any("broken promises to pay" in line for line in document.json()["explain"])
    october = pizza("kpi", "--month", "2026-10", "--explain", "--date", "2026-12-01").stdout
    assert "broken promises to pay (due 2026-10-01…2026-10-31): none" in october


def test_today_has_no_row_for_a_promise_kept_in_time(pizza: Run) -> None:
    _promise(pizza, "--amount", "60000", "--due", "2026-11-20", "--date", "2026-11-10")
    _pay(pizza, "60000", "2026-11-18")
    today = pizza("today", "--json", "--date", "2026-11-20").json()
    assert today["followups"] == [] and today["invoices"] == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--amount", "70000"], "more than the balance of invoice 2026-0001"),
        (["--amount", "0"], "must be greater than zero"),
        (["--amount", "-5"], "amount"),
        (["--amount", "12.345"], "amount"),
        (["--amount", "много"], "amount"),
    ],
)
def test_a_promise_of_a_bad_amount_is_refused_and_nothing_is_stored(
    pizza: Run, home: Path, args: list[str], fragment: str
) -> None:
    before = store_dump(home)
    result = pizza("follow", "add", "пицца", "оплата", "--invoice", "2026-0001", *args)
    assert_user_error(result, fragment)
    assert store_dump(home) == before


def test_a_paid_invoice_takes_no_promise(pizza: Run, home: Path) -> None:
    _pay(pizza, "60000", "2026-11-10")
    before = store_dump(home)
    result = pizza("follow", "add", "пицца", "оплата", "--invoice", "2026-0001")
    assert_user_error(result, "invoice 2026-0001 is already paid in full")
    assert store_dump(home) == before


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(amount=st.text(max_size=12), due=st.text(max_size=12))
def test_any_typed_amount_or_day_is_taken_or_refused_in_one_line(
    pizza: Run, home: Path, amount: str, due: str
) -> None:
    """Hostile --amount and --due: a promise is stored, or one Error line and nothing."""
    if amount.startswith("-") or due.startswith("-"):
        amount, due = amount.lstrip("-"), due.lstrip("-")  # an option, for the parser
    before = store_dump(home)
    args = ["--amount", amount, "--due", due, "--date", "2026-11-10"]
    result = pizza("follow", "add", "пицца", "оплата", "--invoice", "2026-0001", *args)
    if result.exit_code == 0:
        rows = _rows(pizza, "2026-11-10")
        row = rows[max(rows)]
        assert 0 < float(row["amount"]) <= 60000 and row["promise"] in ("pending", "broken")
        assert pizza("follow", "drop", str(row["id"])).exit_code == 0
    else:
        assert_user_error(result)
        assert store_dump(home) == before


def test_removing_the_payment_that_kept_a_promise_opens_it_again(pizza: Run) -> None:
    _promise(pizza, "--amount", "20000", "--due", "2026-11-20", "--date", "2026-11-10")
    paid = pizza("invoice", "pay", "2026-0001", "--amount", "20000", "--on", "2026-11-15")
    assert "Promise #1 kept" in paid.stdout
    assert _rows(pizza, "2026-11-19")[1]["state"] == "done"
    assert pizza("invoice", "unpay", "1").exit_code == 0
    again = _rows(pizza, "2026-11-19")[1]
    assert again["state"] == "open" and again["promise"] == "pending" and again["why"] is None
