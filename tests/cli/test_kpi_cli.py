"""acct kpi through the real entry point: hand-computed figures, every spelling of --month,
errors, --team, --explain, the Rich report, and the demo agency."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

from acctcli.cli.kpi import normalise_month

DAY = "2026-11-26"


@pytest.fixture
def ledger(acct: Run) -> Run:
    """Hand-made books: anna has Альфа, Бета (churns 20 Nov) and Дельта (new in Nov);
    boris has Гамма.  See the expected figures in the tests."""
    steps = [
        ["client", "add", "Альфа", "--since", "2025-01-01"],
        ["client", "add", "Бета", "--since", "2025-01-01"],
        ["client", "add", "Дельта", "--since", "2026-11-10"],
        ["client", "add", "Гамма", "--since", "2025-01-01", "--owner", "boris"],
        ["client", "churn", "бета", "--on", "2026-11-20", "--reason", "ушли к конкурентам"],
        [
            "invoice",
            "add",
            "альфа",
            "100000",
            "--number",
            "A1",
            "--issued",
            "2026-10-01",
            "--due",
            "2026-10-11",
        ],
        ["invoice", "pay", "A1", "--amount", "40000", "--on", "2026-10-20"],
        ["invoice", "pay", "A1", "--on", "2026-11-05"],
        [
            "invoice",
            "add",
            "альфа",
            "100000",
            "--number",
            "A2",
            "--issued",
            "2026-11-01",
            "--due",
            "2026-11-11",
        ],
        [
            "invoice",
            "add",
            "бета",
            "50000",
            "--number",
            "B1",
            "--issued",
            "2026-09-01",
            "--due",
            "2026-09-11",
        ],
        [
            "invoice",
            "add",
            "бета",
            "30000",
            "--number",
            "B2",
            "--issued",
            "2026-11-15",
            "--due",
            "2026-12-15",
        ],
        [
            "invoice",
            "add",
            "гамма",
            "70000",
            "--number",
            "G1",
            "--issued",
            "2026-11-01",
            "--due",
            "2026-11-10",
        ],
        ["invoice", "pay", "G1", "--on", "2026-11-09"],
        ["upsell", "add", "альфа", "seo", "--value", "40000", "--on", "2026-10-05"],
        ["upsell", "won", "1", "--on", "2026-11-03"],
        ["upsell", "add", "бета", "smm", "--on", "2026-11-02"],
    ]
    for args in steps:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def _kpi(run: Run, *args: str) -> dict:
    result = run("kpi", "--json", "--date", DAY, *args)
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_november_figures_by_hand(ledger: Run) -> None:
    doc = _kpi(ledger)
    assert doc["month"] == "2026-11" and doc["owner"] == "anna"
    assert doc["as_of"] == "2026-11-26" and doc["month_to_date"] is True  # kpi.md's day A
    assert doc["receivables"] == {
        **doc["receivables"],
        "opening": "110000.00",  # A1's 60 000 left + B1's 50 000 on 31 Oct
        "invoiced": "130000.00",  # A2 + B2
        "collected": "60000.00",  # the rest of A1
        "closing": "180000.00",
        "overdue": "150000.00",
        "aging": {
            "current": "30000.00",  # B2, due 15 Dec
            "1-30": "100000.00",  # A2, 19 days past due on 30 Nov
            "31-60": "0.00",
            "61-90": "50000.00",  # B1, 80 days
            "90+": "0.00",
        },
        "dso_days": "36.0",  # 180 000 / 130 000 × 26 (the days 1..26 Nov)
        "cei_pct": "28.6",  # (110 000 + 130 000 − 180 000) / (110 000 + 130 000 − 30 000)
    }
    churn = doc["churn"]
    assert (churn["active_at_start"], churn["new"], churn["churned"]) == (2, 1, 1)
    assert churn["rate_pct"] == "50.0"
    assert churn["churned_clients"][0]["name"] == "Бета"
    assert churn["churned_clients"][0]["reason"] == "ушли к конкурентам"
    assert doc["turnover"] == {
        "revenue": "130000.00",
        "previous": "100000.00",
        "growth_pct": "30.0",  # against 1..26 Oct: A1
        "previous_until": "2026-10-26",
        "by_client": [
            {"name": "Альфа", "revenue": "100000.00"},
            {"name": "Бета", "revenue": "30000.00"},
        ],
    }
    assert doc["upsells"] == {"opened": 1, "won": 1, "won_value": "40000.00"}


def test_json_has_every_documented_key(ledger: Run) -> None:
    doc = _kpi(ledger)
    assert {"month", "receivables", "churn", "turnover", "upsells"} <= set(doc)
    assert {
        "opening",
        "invoiced",
        "collected",
        "closing",
        "overdue",
        "aging",
        "dso_days",
        "cei_pct",
    } <= set(doc["receivables"])
    assert list(doc["receivables"]["aging"]) == ["current", "1-30", "31-60", "61-90", "90+"]
    assert {"active_at_start", "new", "churned", "rate_pct", "churned_clients"} <= set(doc["churn"])
    assert {"name", "reason"} <= set(doc["churn"]["churned_clients"][0])
    assert {"revenue", "previous", "growth_pct", "by_client"} <= set(doc["turnover"])
    assert {"name", "revenue"} <= set(doc["turnover"]["by_client"][0])
    assert {"opened", "won", "won_value"} <= set(doc["upsells"])
    # never a float: money as 2-place strings, percentages and days as 1-place strings
    assert isinstance(doc["receivables"]["dso_days"], str)
    assert isinstance(doc["churn"]["rate_pct"], str)


def test_october_and_the_previous_month_block(ledger: Run) -> None:
    doc = _kpi(ledger, "--month", "2026-10")
    rec = doc["receivables"]
    assert (rec["opening"], rec["invoiced"], rec["collected"], rec["closing"]) == (
        "50000.00",
        "100000.00",
        "40000.00",
        "110000.00",
    )
    assert rec["aging"]["1-30"] == "60000.00" and rec["aging"]["31-60"] == "50000.00"
    assert rec["dso_days"] == "34.1" and rec["cei_pct"] == "26.7"
    assert doc["turnover"]["growth_pct"] == "100.0"
    assert _kpi(ledger)["previous_month"]["receivables"] == rec


def test_team_adds_everyone_and_a_block_per_owner(ledger: Run) -> None:
    doc = _kpi(ledger, "--team")
    assert doc["owner"] is None
    assert doc["receivables"]["invoiced"] == "200000.00"
    assert doc["receivables"]["collected"] == "130000.00"
    by_owner = {t["owner"]: t for t in doc["team"]}
    assert set(by_owner) == {"anna", "boris"}
    assert by_owner["boris"]["turnover"]["revenue"] == "70000.00"
    assert by_owner["boris"]["turnover"]["growth_pct"] is None  # nothing the month before
    assert by_owner["anna"]["receivables"] == _kpi(ledger)["receivables"]
    assert "team" not in _kpi(ledger)
    out = ledger("kpi", "--team", "--date", DAY).stdout
    assert "By account manager" in out and "boris" in out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--month"],
        ["--month", "--json"],  # bare, followed by another option
        ["--json", "--month"],  # bare, last
        ["--month", "2026-11"],
        ["--month=2026-11"],
        ["-m", "2026-11"],
        ["-m"],
    ],
)
def test_every_spelling_of_month(ledger: Run, args: list[str]) -> None:
    result = ledger("kpi", *args, "--date", DAY, *([] if "--json" in args else ["--json"]))
    assert result.exit_code == 0, result.stderr
    assert result.json()["month"] == "2026-11"


def test_a_past_month_by_value(ledger: Run) -> None:
    assert _kpi(ledger, "--month", "2026-10")["month"] == "2026-10"
    assert ledger("kpi", "--month", "2026-10", "--date", DAY).stdout.startswith("KPI October 2026")


def test_normalise_month_only_touches_a_bare_month() -> None:
    assert normalise_month(["--month"]) == ["--month="]
    assert normalise_month(["--month", "--team"]) == ["--month=", "--team"]
    assert normalise_month(["-m", "--json"]) == ["--month=", "--json"]
    assert normalise_month(["--month", "2026-10"]) == ["--month", "2026-10"]
    assert normalise_month(["--date", "2026-11-26"]) == ["--date", "2026-11-26"]
    assert normalise_month(["--", "--month"]) == ["--", "--month"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--month", "2026-13"], "bad month '2026-13'"),
        (["--month", "2026-1"], "bad month"),
        (["--month", "ноябрь"], "bad month"),
        (["--date", "2026-02-30"], "bad date"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    ledger: Run, home: Path, args: list[str], fragment: str
) -> None:
    before = store_dump(home)
    assert_user_error(ledger("kpi", *args), fragment)
    assert store_dump(home) == before


def test_aging_boundaries_through_the_store(acct: Run) -> None:
    assert acct("client", "add", "Край", "--since", "2025-01-01").exit_code == 0
    # due k days before 30 Nov; amounts are powers of two so every sum tells who is in it
    for n, days in enumerate([0, 1, 30, 31, 60, 61, 90, 91]):
        due = {0: "30", 1: "29", 30: "31", 31: "30", 60: "01", 61: "30", 90: "01", 91: "31"}[days]
        month = {0: "11", 1: "11", 30: "10", 31: "10", 60: "10", 61: "09", 90: "09", 91: "08"}[days]
        result = acct(
            "invoice",
            "add",
            "край",
            str(2**n),
            "--issued",
            "2026-08-01",
            "--due",
            f"2026-{month}-{due}",
        )
        assert result.exit_code == 0, result.stderr
    result = acct("kpi", "--json", "--date", "2026-11-30")
    aging = result.json()["receivables"]["aging"]
    assert aging == {
        "current": "1.00",  # 0 days
        "1-30": "6.00",  # 1 and 30 days: 2 + 4
        "31-60": "24.00",  # 31 and 60: 8 + 16
        "61-90": "96.00",  # 61 and 90: 32 + 64
        "90+": "128.00",  # 91
    }
    late = {
        i["days_overdue"]
        for i in acct("invoice", "list", "--json", "--date", "2026-11-30").json()["invoices"]
    }
    assert late == {0, 1, 30, 31, 60, 61, 90, 91}


def test_explain_fills_in_each_formula(ledger: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the formulas on one line each, as on a wide terminal
    out = ledger("kpi", "--explain", "--date", DAY).stdout.replace("\u00a0", " ")
    assert (
        "closing = opening + invoiced − collected = 110 000 ₽ + 130 000 ₽ − 60 000 ₽ = 180 000 ₽"
        in out
    )
    assert "days of the month so far = 180 000 ₽ / 130 000 ₽ × 26 = 36.0 days" in out
    assert "the same days of the month before, 2026-10-01…2026-10-26" in out
    assert "= 28.6 %" in out and "1 / 2 × 100 = 50.0 %" in out
    assert "(130 000 ₽ − 100 000 ₽) / 100 000 ₽ × 100 = 30.0 %" in out
    lines = _kpi(ledger, "--explain")["explain"]
    assert any(line.startswith("DSO = ") for line in lines)
    # with no sales and nobody at the start, the formulas say why there is no figure
    empty = _kpi(ledger, "--month", "2024-01", "--explain")
    assert empty["receivables"]["dso_days"] is None and empty["receivables"]["cei_pct"] is None
    assert empty["churn"]["rate_pct"] is None and empty["turnover"]["growth_pct"] is None
    assert any("nothing invoiced" in line for line in empty["explain"])


def test_rich_report_groups_compares_and_charts(ledger: Run) -> None:
    out = ledger("kpi", "--date", DAY).stdout
    assert out.startswith("KPI November 2026")
    for heading in (
        "1. Receivables collected",
        "2. Churn",
        "3. Turnover growth",
        "Aging as of 2026-11-26",
        "month to date, as of 2026-11-26",
        "Growth vs same days before",
    ):
        assert heading in out
    collected = next(line for line in out.splitlines() if line.startswith("Collected"))
    assert "↑" in collected  # 60 000 in November against 40 000 in October
    one_to_thirty = next(line for line in out.splitlines() if line.startswith("1-30 d"))
    sixty_one = next(line for line in out.splitlines() if line.startswith("61-90 d"))
    assert one_to_thirty.count("█") == 32 and sixty_one.count("█") == 16  # 100 000 vs 50 000
    assert "Бета" in out and "ушли к конкурентам" in out


def test_names_in_the_report_are_printed_literally(acct: Run) -> None:
    assert acct("client", "add", "[red]Злой[/red]", "--since", "2026-01-01").exit_code == 0
    assert acct("invoice", "add", "[red]", "500", "--issued", "2026-11-02").exit_code == 0
    assert "[red]Злой[/red]" in acct("kpi", "--date", DAY).stdout


@pytest.mark.parametrize("day", ["2026-11-26", "2026-03-01"])
def test_demo_fills_every_section_of_this_months_report(acct: Run, day: str) -> None:
    assert acct("demo", "--date", day).exit_code == 0
    result = acct("kpi", "--month", "--json", "--date", day)
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    rec, churn, turnover, upsells = (
        doc["receivables"],
        doc["churn"],
        doc["turnover"],
        doc["upsells"],
    )
    for key in ("opening", "invoiced", "collected", "closing", "overdue"):
        assert Decimal(rec[key]) > 0, key
    assert sum(Decimal(v) > 0 for v in rec["aging"].values()) >= 3
    assert rec["dso_days"] is not None and rec["cei_pct"] is not None
    assert churn["active_at_start"] >= 5 and churn["rate_pct"] is not None
    assert churn["last_churn"]["name"] == "ФитнесЛайф" and churn["last_churn"]["reason"]
    assert Decimal(turnover["revenue"]) > 0 and Decimal(turnover["previous"]) > 0
    assert turnover["growth_pct"] is not None and len(turnover["by_client"]) >= 4
    assert upsells["opened"] >= 1 and upsells["won"] >= 1 and Decimal(upsells["won_value"]) > 0
    out = acct("kpi", "--month", "--date", day).stdout
    assert "█" in out and "Last churn" in out and "↑" in out


def test_demo_year_has_late_payers_a_60_day_debt_and_a_churn(acct: Run) -> None:
    assert acct("demo", "--date", DAY).exit_code == 0
    aging = _kpi(acct)["receivables"]["aging"]
    assert Decimal(aging["61-90"]) + Decimal(aging["90+"]) > 0
    invoices = acct("invoice", "list", "--json", "--date", DAY).json()["invoices"]
    assert len({i["issued"][:7] for i in invoices}) == 12  # a year of months
    fitness = [i for i in invoices if i["client"] == "ФитнесЛайф"]
    assert fitness and max(i["issued"] for i in fitness) <= "2026-06-26"  # stopped when it left
    june = _kpi(acct, "--month", "2026-06")["churn"]
    assert [c["name"] for c in june["churned_clients"]] == ["ФитнесЛайф"]
    assert june["rate_pct"] is not None and Decimal(june["rate_pct"]) > 0
    assert any(i["days_overdue"] > 60 for i in invoices)
    # partial payments: some invoices were paid in two parts, one is still half open
    assert any(i["paid"] != "0.00" and i["balance"] != "0.00" for i in invoices)


# --- kpi.md's day A: a running month is reported as of today (issue 20) -----------------------


def test_first_of_the_month_shows_nothing_overdue_that_is_not_yet_due(acct: Run) -> None:
    steps = [
        ["client", "add", "Альфа", "--since", "2025-01-01"],
        ["invoice", "add", "альфа", "100000", "--issued", "2026-11-01", "--due", "2026-11-10"],
        ["invoice", "add", "альфа", "50000", "--issued", "2026-11-20", "--due", "2026-11-30"],
        ["invoice", "add", "альфа", "70000", "--issued", "2026-11-25", "--due", "2026-12-10"],
        ["invoice", "add", "альфа", "80000", "--issued", "2026-12-01", "--due", "2026-12-15"],
        ["invoice", "add", "альфа", "90000", "--issued", "2026-12-02", "--due", "2026-12-16"],
    ]
    for args in steps:
        assert acct(*args).exit_code == 0, args
    doc = acct("kpi", "--month", "--json", "--date", "2026-12-01").json()
    assert doc["as_of"] == "2026-12-01" and doc["month_to_date"] is True
    rec = doc["receivables"]
    # on 1 Dec: 100 000 is 21 days late, 50 000 one day; 70 000 and 80 000 are not yet due;
    # the 90 000 of 2 Dec does not exist yet
    assert rec["aging"] == {
        "current": "150000.00",
        "1-30": "150000.00",
        "31-60": "0.00",
        "61-90": "0.00",
        "90+": "0.00",
    }
    assert rec["overdue"] == "150000.00" and rec["invoiced"] == "80000.00"
    assert rec["closing"] == "300000.00"
    assert rec["dso_days"] == "3.8"  # 300 000 / 80 000 × 1 day
    # like with like: 80 000 on 1 Dec against the 100 000 of 1 Nov, not November's 220 000
    assert doc["turnover"]["previous"] == "100000.00"
    assert doc["turnover"]["previous_until"] == "2026-11-01"
    assert doc["turnover"]["growth_pct"] == "-20.0"
    # the month before stays whole in its own block
    assert doc["previous_month"]["turnover"]["revenue"] == "220000.00"
    assert doc["previous_month"]["month_to_date"] is False
    out = acct("kpi", "--month", "--date", "2026-12-01").stdout
    assert "month to date, as of 2026-12-01" in out


def test_a_fresh_book_on_the_first_has_no_growth_rather_than_minus_100(acct: Run) -> None:
    assert acct("client", "add", "Альфа", "--since", "2026-11-01").exit_code == 0
    assert acct("invoice", "add", "альфа", "50000", "--issued", "2026-11-15").exit_code == 0
    doc = acct("kpi", "--json", "--date", "2026-12-01").json()
    assert doc["turnover"]["revenue"] == "0.00" and doc["turnover"]["previous"] == "0.00"
    assert doc["turnover"]["growth_pct"] is None


def test_previous_days_are_capped_at_the_shorter_month(acct: Run) -> None:
    assert acct("client", "add", "Альфа", "--since", "2025-01-01").exit_code == 0
    for day, amount in (("2026-02-27", "100"), ("2026-02-28", "200"), ("2026-03-30", "600")):
        assert acct("invoice", "add", "альфа", amount, "--issued", day).exit_code == 0
    doc = acct("kpi", "--json", "--date", "2026-03-30").json()
    assert doc["turnover"]["previous_until"] == "2026-02-28"
    assert doc["turnover"]["previous"] == "300.00" and doc["turnover"]["growth_pct"] == "100.0"
    # a month over is reported whole, as of its last day
    whole = acct("kpi", "--month", "2026-02", "--json", "--date", "2026-03-30").json()
    assert whole["as_of"] == "2026-02-28" and whole["month_to_date"] is False
    assert whole["turnover"]["previous_until"] is None


def test_a_month_not_begun_is_an_error(acct: Run) -> None:
    result = acct("kpi", "--month", "2027-01", "--date", "2026-12-31")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 2027-01 has not begun yet")
    assert len(result.stderr.strip().splitlines()) == 1
