"""acct invoice … and acct upsell …: through the real entry point, on a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

INVOICE_KEYS = {
    "number",
    "client",
    "amount",
    "paid",
    "balance",
    "issued",
    "due",
    "days_overdue",
    "service",
}
UPSELL_KEYS = {"id", "client", "service", "value", "status", "opened_on", "closed_on"}


@pytest.fixture
def books(acct: Run) -> Run:
    """Two clients of anna's, one of boris's, and two invoices."""
    for args in (
        ["client", "add", "Пицца Мама", "--since", "2025-01-01", "-s", "smm"],
        ["client", "add", "СтройМаркет", "--since", "2024-01-01"],
        ["client", "add", "Чужой Клиент", "--since", "2024-01-01", "--owner", "boris"],
        [
            "invoice",
            "add",
            "пицца",
            "60000",
            "--issued",
            "2026-10-01",
            "--terms",
            "10",
            "-s",
            "smm",
        ],
        ["invoice", "add", "строй", "135 000,50", "--issued", "2026-11-02", "--due", "2026-11-20"],
    ):
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def _invoices(run: Run, *args: str) -> list[dict]:
    result = run("invoice", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return result.json()["invoices"]


def test_add_numbers_invoices_and_lists_them_with_documented_keys(books: Run) -> None:
    invoices = _invoices(books, "--date", "2026-11-26")
    assert [i["number"] for i in invoices] == ["2026-0001", "2026-0002"]
    assert all(INVOICE_KEYS <= set(i) for i in invoices)
    pizza, stroy = invoices
    assert pizza == {
        **pizza,
        "client": "Пицца Мама",
        "amount": "60000.00",
        "paid": "0.00",
        "balance": "60000.00",
        "issued": "2026-10-01",
        "due": "2026-10-11",
        "days_overdue": 46,
        "service": "smm",
    }
    assert stroy["amount"] == "135000.50" and stroy["due"] == "2026-11-20"
    assert stroy["days_overdue"] == 6 and stroy["service"] is None


def test_default_terms_come_from_config(books: Run, home: Path) -> None:
    assert books("invoice", "add", "пицца", "100", "--issued", "2026-11-01").exit_code == 0
    assert _invoices(books, "--client", "пицца")[-1]["due"] == "2026-11-15"  # 14 days
    home.mkdir(parents=True, exist_ok=True)  # on PostgreSQL the store is elsewhere
    (home / "config.toml").write_text("[money]\nterms = 5\n", encoding="utf-8")
    assert books("invoice", "add", "пицца", "100", "--issued", "2026-11-01").exit_code == 0
    assert _invoices(books, "--client", "пицца")[-1]["due"] == "2026-11-06"


def test_own_number_and_the_next_free_one(books: Run) -> None:
    assert books("invoice", "add", "пицца", "10", "--number", "2026-0041").exit_code == 0
    assert books("invoice", "add", "пицца", "10", "--number", "ПМ/7").exit_code == 0
    result = books("invoice", "add", "пицца", "10", "--issued", "2026-12-01")
    assert "Invoice 2026-0042" in result.stdout
    numbers = [i["number"] for i in _invoices(books)]
    assert {"2026-0041", "ПМ/7", "2026-0042"} <= set(numbers)


def test_partial_payments_then_the_rest_by_default(books: Run) -> None:
    first = books("invoice", "pay", "2026-0001", "--amount", "20000", "--on", "2026-10-15")
    assert first.exit_code == 0, first.stderr
    assert "balance 40" in first.stdout.replace("\u00a0", " ")
    rest = books("invoice", "pay", "2026-0001", "--on", "2026-11-03")
    assert rest.exit_code == 0 and "paid in full" in rest.stdout
    # as of October 31 only the first payment had come in
    october = _invoices(books, "--client", "пицца", "--date", "2026-10-31")[0]
    assert (october["paid"], october["balance"], october["days_overdue"]) == (
        "20000.00",
        "40000.00",
        20,
    )
    november = _invoices(books, "--client", "пицца", "--date", "2026-11-26")[0]
    assert (november["paid"], november["balance"], november["days_overdue"]) == (
        "60000.00",
        "0.00",
        0,
    )
    assert november["status"] == "paid"
    open_ = _invoices(books, "--open", "--date", "2026-11-26")
    assert [i["number"] for i in open_] == ["2026-0002"]


def test_kopecks_add_up_exactly(books: Run) -> None:
    for amount in ("0.10", "0.20", "0.05"):
        assert (
            books("invoice", "pay", "2026-0002", "--amount", amount, "--on", "2026-11-10").exit_code
            == 0
        )
    stroy = _invoices(books, "--client", "строй")[0]
    assert stroy["paid"] == "0.35" and stroy["balance"] == "135000.15"


def test_lists_show_own_clients_unless_team(books: Run) -> None:
    assert books("invoice", "add", "чужой", "5000", "--issued", "2026-11-01").exit_code == 0
    mine = {i["client"] for i in _invoices(books)}
    assert mine == {"Пицца Мама", "СтройМаркет"}
    team = {i["client"] for i in _invoices(books, "--team")}
    assert "Чужой Клиент" in team


def test_open_list_is_most_overdue_first_with_a_table(books: Run) -> None:
    assert (
        books("invoice", "add", "строй", "100", "--issued", "2026-08-01", "--terms", "3").exit_code
        == 0
    )
    numbers = [i["number"] for i in _invoices(books, "--open", "--date", "2026-11-26")]
    assert numbers == ["2026-0003", "2026-0001", "2026-0002"]
    out = books("invoice", "list", "--open", "--date", "2026-11-26").stdout
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Number", "Client"]
    assert "114 d" in out and "46 d" in out
    assert "195 100,50 ₽" in out.replace("\u00a0", " ")  # the total still owed


def test_invoices_needing_attention_for_the_morning(books: Run, home: Path) -> None:
    from acctcli.services.money import invoices_needing_attention
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    assert (
        books("invoice", "add", "строй", "700", "--issued", "2026-11-20", "--terms", "20").exit_code
        == 0
    )
    assert (
        books("invoice", "add", "строй", "900", "--issued", "2026-11-25", "--terms", "5").exit_code
        == 0
    )
    db = open_store(load_settings().database_url)
    try:
        lines = invoices_needing_attention(db, date(2026, 11, 26), "anna")
    finally:
        db.close()
    assert [(x.number, x.days_overdue, x.days_past_due) for x in lines] == [
        ("2026-0001", 46, 46),
        ("2026-0002", 6, 6),
        ("2026-0004", 0, -4),  # due in 4 days; the one due in 14 days is not listed
    ]
    assert lines[2].balance == Decimal("900.00")


def test_upsells_add_win_lose_and_list(books: Run) -> None:
    opened = books(
        "upsell",
        "add",
        "пицца",
        "seo",
        "--value",
        "40000",
        "--on",
        "2026-10-05",
        "--note",
        "SEO для трёх точек",
    )
    assert opened.exit_code == 0 and "Upsell #1 opened" in opened.stdout
    assert books("upsell", "add", "строй", "ppc", "--on", "2026-11-01").exit_code == 0
    assert books("upsell", "add", "строй", "smm", "--on", "2026-11-02").exit_code == 0
    assert books("upsell", "won", "1", "--on", "2026-11-20").exit_code == 0
    assert books("upsell", "lost", "#2", "--on", "2026-11-21").exit_code == 0
    upsells = books("upsell", "list", "--json").json()["upsells"]
    assert all(UPSELL_KEYS <= set(u) for u in upsells)
    assert [(u["id"], u["status"]) for u in upsells] == [(3, "open"), (2, "lost"), (1, "won")]
    won = upsells[2]
    assert won == {
        **won,
        "client": "Пицца Мама",
        "service": "seo",
        "value": "40000.00",
        "opened_on": "2026-10-05",
        "closed_on": "2026-11-20",
    }
    assert upsells[1]["value"] is None
    assert [u["id"] for u in books("upsell", "list", "--open", "--json").json()["upsells"]] == [3]
    assert "SEO для трёх точек" in books("upsell", "list").stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["invoice", "pay", "2026-0001", "--amount", "60000.01", "--on", "2026-11-01"], "overpays"),
        (
            ["invoice", "pay", "2026-0001", "--on", "2026-09-30"],
            "before invoice 2026-0001 was issued",
        ),
        (["invoice", "pay", "2026-0001", "--amount", "0"], "greater than zero"),
        (["invoice", "pay", "2026-0001", "--amount", "-5"], "greater than zero"),
        (["invoice", "pay", "2026-0001", "--amount", "abc"], "bad amount"),
        (["invoice", "pay", "2026-9999"], "no invoice numbered '2026-9999'"),
        (["invoice", "pay", "2026-0001", "--on", "31.02.2026"], "bad --on date"),
        (["invoice", "add", "пицца", "0"], "greater than zero"),
        (["invoice", "add", "пицца", "-5"], "greater than zero"),
        (["invoice", "add", "пицца", "12.345"], "2 decimal places"),
        (["invoice", "add", "пицца", "100", "--number", "2026-0001"], "already exists"),
        (
            ["invoice", "add", "пицца", "100", "--issued", "2026-11-10", "--due", "2026-11-09"],
            "before the issue date",
        ),
        (
            ["invoice", "add", "пицца", "100", "--due", "2026-12-01", "--terms", "5"],
            "either --due or --terms",
        ),
        (["invoice", "add", "пицца", "100", "--terms", "-1"], "bad --terms"),
        (["invoice", "add", "Нет Такого", "100"], "no client named"),
        (["invoice", "add", "пицца", "100", "--issued", "2026-02-30"], "bad --issued date"),
        (["invoice", "add", "пицца", "100", "-s", "Not A Service"], "bad service"),
        (["invoice", "list", "--client", "Нет Такого"], "no client named"),
        (["upsell", "won", "77"], "no upsell #77"),
        (["upsell", "won", "abc"], "bad upsell id"),
        (["upsell", "won", "1", "--on", "2026-10-01"], "before upsell #1 was opened"),
        (["upsell", "lost", "2"], "already won"),
        (["upsell", "add", "пицца", "seo", "--value", "0"], "greater than zero"),
        (["upsell", "add", "Нет Такого", "seo"], "no client named"),
    ],
)
def test_user_errors_are_one_line_and_change_nothing(
    books: Run, home: Path, args: list[str], fragment: str
) -> None:
    assert books("upsell", "add", "пицца", "seo", "--on", "2026-10-05").exit_code == 0
    assert books("upsell", "add", "пицца", "ppc", "--on", "2026-10-05").exit_code == 0
    assert books("upsell", "won", "2", "--on", "2026-10-06").exit_code == 0
    before = store_dump(home)
    result = books(*args)
    assert_user_error(result, fragment)
    assert store_dump(home) == before


def test_paying_a_paid_invoice_is_refused(books: Run, home: Path) -> None:
    assert books("invoice", "pay", "2026-0001", "--on", "2026-10-20").exit_code == 0
    before = store_dump(home)
    assert_user_error(books("invoice", "pay", "2026-0001"), "already paid in full")
    assert store_dump(home) == before


def test_untrusted_text_is_printed_literally(books: Run) -> None:
    assert books("invoice", "add", "пицца", "10", "--number", "[red]X[/red]").exit_code == 0
    assert books("upsell", "add", "пицца", "seo", "--note", "[bold]жирно[/bold]").exit_code == 0
    assert "[red]X[/red]" in books("invoice", "list").stdout
    assert "[bold]жирно[/bold]" in books("upsell", "list").stdout
