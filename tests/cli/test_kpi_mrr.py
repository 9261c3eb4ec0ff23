"""Fee history and recurring revenue (issue 20): hand-computed MRR, NRR and GRR, the dated
`client edit --fee … --on`, pauses, and migration 0011 carrying the stored fees."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error

from acctcli.store.db import connect
from acctcli.store.migrate import upgrade


@pytest.fixture
def book(acct: Run) -> Run:
    """Oct 31: Альфа 30 000, Бета 50 000, Гамма 20 000, Эпсилон paused since 5 Oct (15 000).
    November: Альфа raised to 40 000 on the 15th, Бета churns on the 20th, Гамма pauses on the
    5th, Эпсилон resumes on the 3rd, Дельта starts on the 10th at 10 000."""
    steps = [
        ["client", "add", "Альфа", "--since", "2026-01-01", "-s", "smm", "--fee", "smm=30000"],
        ["client", "add", "Бета", "--since", "2026-01-01", "-s", "seo", "--fee", "seo=50000"],
        ["client", "add", "Гамма", "--since", "2026-01-01", "--fee", "seo=20000"],
        ["client", "add", "Дельта", "--since", "2026-11-10", "--fee", "ppc=10000"],
        ["client", "add", "Эпсилон", "--since", "2026-01-01", "--fee", "ppc=15000"],
        ["client", "edit", "альфа", "--fee", "smm=40000", "--on", "2026-11-15"],
        ["client", "churn", "бета", "--on", "2026-11-20", "--reason", "бюджет"],
        ["client", "pause", "гамма", "--on", "2026-11-05"],
        ["client", "pause", "эпсилон", "--on", "2026-10-05"],
        ["client", "resume", "эпсилон", "--on", "2026-11-03"],
    ]
    for args in steps:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def test_mrr_nrr_grr_by_hand(book: Run) -> None:
    doc = book("kpi", "--json", "--date", "2026-11-26").json()
    assert doc["mrr"] == {
        "start": "100000.00",  # 30 000 + 50 000 + 20 000 (Эпсилон paused)
        "end": "65000.00",  # Альфа 40 000 + Дельта 10 000 + Эпсилон 15 000
        "new": "10000.00",  # Дельта
        "expansion": "10000.00",  # Альфа's raise
        "contraction": "20000.00",  # Гамма's pause
        "churned": "50000.00",  # Бета
        "reactivated": "15000.00",  # Эпсилон resumed
    }
    assert doc["nrr_pct"] == "40.0"  # (100 000 + 10 000 − 20 000 − 50 000) / 100 000
    assert doc["grr_pct"] == "30.0"  # (100 000 − 20 000 − 50 000) / 100 000
    october = doc["previous_month"]
    assert october["mrr"]["start"] == "115000.00" and october["mrr"]["contraction"] == "15000.00"
    assert october["nrr_pct"] == "87.0" and october["grr_pct"] == "87.0"
    # on 14 Nov the raise has not taken effect and Бета has not left yet:
    # Альфа 30 000 + Бета 50 000 + Дельта 10 000 + Эпсилон 15 000
    early = book("kpi", "--json", "--date", "2026-11-14").json()["mrr"]
    assert early["expansion"] == "0.00" and early["churned"] == "0.00"
    assert early["end"] == "105000.00"


def test_explain_and_the_report_show_recurring_revenue(book: Run) -> None:
    lines = book("kpi", "--json", "--explain", "--date", "2026-11-26").json()["explain"]
    assert any(line.startswith("NRR = ") and line.endswith("= 40.0 %") for line in lines)
    assert any(line.startswith("GRR = ") and line.endswith("= 30.0 %") for line in lines)
    out = book("kpi", "--date", "2026-11-26").stdout
    assert "4. Recurring revenue" in out and "MRR at the end" in out


def test_nothing_at_the_start_has_no_nrr(acct: Run) -> None:
    assert (
        acct("client", "add", "Альфа", "--since", "2026-11-02", "--fee", "smm=100").exit_code == 0
    )
    doc = acct("kpi", "--json", "--date", "2026-11-26").json()
    assert doc["mrr"]["new"] == "100.00" and doc["nrr_pct"] is None and doc["grr_pct"] is None


def test_on_needs_a_fee(acct: Run) -> None:
    assert acct("client", "add", "Альфа", "--fee", "smm=100").exit_code == 0
    assert_user_error(acct("client", "edit", "альфа", "--on", "2026-11-02"), "--on dates a fee")


@pytest.mark.sqlite_only
def test_migration_0011_carries_the_stored_fees_from_since(tmp_path: Path) -> None:
    path = tmp_path / "acct.db"
    upgrade(f"sqlite:///{path}", "0010")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO client (id, name, name_key, since, owner, created_at)"
        " VALUES (1, 'Клиент', 'клиент', '2024-03-01', 'anna', '2024-03-01 10:00:00')"
    )
    con.execute(
        "INSERT INTO client_service (client_id, service, fee_minor) VALUES (1, 'seo', 4000000)"
    )
    con.execute(
        "INSERT INTO client_service (client_id, service, fee_minor) VALUES (1, 'smm', NULL)"
    )
    con.commit()
    con.close()
    upgrade(f"sqlite:///{path}")
    db = connect(f"sqlite:///{path}")
    try:
        rows = [tuple(r) for r in db.all("SELECT service, on_date, fee_minor FROM client_fee")]
        assert [(s, str(d)[:10], f) for s, d, f in rows] == [("seo", "2024-03-01", 4000000)]
    finally:
        db.close()


def test_a_won_upsell_adds_its_service_and_fee_from_the_day_won(acct: Run) -> None:
    assert (
        acct("client", "add", "Альфа", "--since", "2026-01-01", "--fee", "smm=30000").exit_code == 0
    )
    assert acct("upsell", "add", "альфа", "seo", "--on", "2026-11-02").exit_code == 0
    assert acct("upsell", "add", "альфа", "ppc", "--on", "2026-11-02").exit_code == 0
    assert acct("upsell", "won", "1", "--on", "2026-11-10", "--fee", "40000").exit_code == 0
    assert acct("upsell", "won", "2", "--on", "2026-11-11").exit_code == 0
    client = acct("client", "show", "альфа", "--json").json()
    assert set(client["services"]) >= {"smm", "seo", "ppc"}
    doc = acct("kpi", "--json", "--date", "2026-11-26").json()
    assert doc["mrr"]["start"] == "30000.00" and doc["mrr"]["end"] == "70000.00"
    assert doc["mrr"]["expansion"] == "40000.00" and doc["nrr_pct"] == "233.3"
    before = acct("kpi", "--json", "--date", "2026-11-09").json()
    assert before["mrr"]["end"] == "30000.00"
    # a lost upsell adds nothing
    assert acct("upsell", "add", "альфа", "content", "--on", "2026-11-02").exit_code == 0
    assert acct("upsell", "lost", "3").exit_code == 0
    assert "content" not in acct("client", "show", "альфа", "--json").json()["services"]


def test_a_corrected_start_moves_the_fees_set_from_it(acct: Run) -> None:
    assert (
        acct("client", "add", "Альфа", "--since", "2026-11-20", "--fee", "smm=100").exit_code == 0
    )
    assert acct("client", "edit", "альфа", "--since", "2026-10-01").exit_code == 0
    doc = acct("kpi", "--json", "--date", "2026-11-26").json()
    assert doc["mrr"]["start"] == "100.00" and doc["mrr"]["end"] == "100.00"
