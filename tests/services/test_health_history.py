"""The health score is checked against history, not asserted (issue 20): on a generated
four-year book (benchmarks/healthbook.py: clients that churned, most with warning signs in
the months before, some without, and clients that stayed, with rough patches of their own),
`acct health --date D` 30 days before each churn ranks the churned clients below the clients
that stayed: AUC ≥ 0.8, and most of them below the median retained client."""

from __future__ import annotations

from pathlib import Path

from benchmarks.healthbook import build, churn_auc, generate

from acctcli.settings import load_settings
from acctcli.store.db import open_store


def test_churned_clients_score_worse_30_days_before_their_churn(home: Path) -> None:
    settings = load_settings()
    db = open_store(settings.database_url)
    try:
        book = build(db)
        result = churn_auc(db, settings, book)
    finally:
        db.close()
    assert result["churned"] >= 40  # enough churns to mean something
    assert result["auc"] >= 0.8, result
    assert result["below_median_pct"] >= 70, result


def test_the_generator_writes_history_only() -> None:
    """Deterministic, with enough churned and retained clients to rank."""
    book, rows = generate()
    again, _ = generate()
    assert book.churned == again.churned and len(book.stayed) == len(again.stayed)
    assert len(book.churned) >= 40 and len(book.stayed) >= 60
    assert {"client", "touch", "message", "invoice", "payment", "incident"} <= set(rows)
