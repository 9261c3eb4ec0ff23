"""The SQL aggregates behind `acct kpi` give exactly what the row-by-row definitions give."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctcli.domain.kpi import (
    LedgerInvoice,
    LedgerPayment,
    previous_month,
    receivable_facts,
    receivables,
)
from acctcli.domain.money import to_minor
from acctcli.services.kpi import monthly_overview
from acctcli.store.db import Database

OWNERS = {1: "anna", 2: "anna", 3: "boris"}
NAMES = {1: "Альфа", 2: "Бета", 3: "Гамма"}
NOW = datetime(2026, 1, 1, 9, 0)
DAY0 = date(2026, 1, 1)


@pytest.fixture
def db(home: Path) -> Iterator[Database]:
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    store = open_store(load_settings().database_url)
    yield store
    store.close()


def _reset(db: Database) -> None:
    with db.transaction():
        for table in ("payment", "invoice", "upsell", "client_status", "client"):
            db.execute(f"DELETE FROM {table}")
        for cid, name in NAMES.items():
            db.execute(
                "INSERT INTO client (id, name, name_key, since, owner, created_at)"
                " VALUES (:i, :n, :k, :s, :o, :now)",
                {
                    "i": cid,
                    "n": name,
                    "k": name.casefold(),
                    "s": DAY0,
                    "o": OWNERS[cid],
                    "now": NOW,
                },
            )


def _store(db: Database, invoices: list[LedgerInvoice], payments: list[LedgerPayment]) -> None:
    _reset(db)
    with db.transaction():
        db.executemany(
            "INSERT INTO invoice (id, number, client_id, amount_minor, issued, due, created_at)"
            " VALUES (:i, :n, :c, :a, :s, :d, :now)",
            [
                {
                    "i": x.id + 1,
                    "n": f"N{x.id}",
                    "c": int(x.client),
                    "a": to_minor(x.amount),
                    "s": x.issued,
                    "d": x.due,
                    "now": NOW,
                }
                for x in invoices
            ],
        )
        db.executemany(
            "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
            " VALUES (:i, :a, :p, :now)",
            [
                {"i": p.invoice_id + 1, "a": to_minor(p.amount), "p": p.paid_on, "now": NOW}
                for p in payments
            ],
        )


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[LedgerInvoice], list[LedgerPayment]]:
    invoices, payments = [], []
    for n in range(draw(st.integers(0, 10))):
        amount = Decimal(draw(st.integers(1, 50_000_000))) / 100
        issued = DAY0 + timedelta(days=draw(st.integers(0, 330)))
        due = issued + timedelta(days=draw(st.integers(0, 120)))
        invoices.append(
            LedgerInvoice(n, str(draw(st.sampled_from(sorted(NAMES)))), amount, issued, due)
        )
        left = amount
        for _ in range(draw(st.integers(0, 3))):
            if left <= 0:
                break
            part = Decimal(draw(st.integers(1, int(left * 100)))) / 100
            payments.append(
                LedgerPayment(n, part, issued + timedelta(days=draw(st.integers(0, 200))))
            )
            left -= part
    return invoices, payments


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledgers(), st.sampled_from([date(2026, m, 1) for m in range(1, 13)]))
def test_sql_aggregates_match_the_definitions(db: Database, ledger, month: date) -> None:  # type: ignore[no-untyped-def]
    invoices, payments = ledger
    _store(db, invoices, payments)

    def expected(owner: str | None, which: date):  # type: ignore[no-untyped-def]
        mine = [i for i in invoices if owner is None or OWNERS[int(i.client)] == owner]
        ids = {i.id for i in mine}
        return receivables(
            receivable_facts(mine, [p for p in payments if p.invoice_id in ids], which), which
        )

    team = monthly_overview(db, month, owner=None)
    assert team.report.receivables == expected(None, month)
    assert team.previous.receivables == expected(None, previous_month(month))
    anna = monthly_overview(db, month, owner="anna")
    assert anna.report.receivables == expected("anna", month)
    by_owner = dict(team.team)
    assert by_owner["boris"].receivables == expected("boris", month)
    # turnover: invoiced in the month, per client, and the month before
    start, prev = month, previous_month(month)
    in_month = [i for i in invoices if i.issued.replace(day=1) == start]
    revenue = {NAMES[int(i.client)]: Decimal(0) for i in in_month}
    for i in in_month:
        revenue[NAMES[int(i.client)]] += i.amount
    assert dict(team.report.turnover.by_client) == {k: v for k, v in revenue.items() if v}
    assert team.report.turnover.previous == sum(
        (i.amount for i in invoices if i.issued.replace(day=1) == prev), Decimal(0)
    )


def test_churn_and_upsells_come_from_the_store(db: Database) -> None:
    _reset(db)
    with db.transaction():
        db.executemany(
            "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
            " VALUES (:c, :s, :d, :r, :now)",
            [
                {"c": 1, "s": "active", "d": DAY0, "r": None, "now": NOW},
                {"c": 2, "s": "active", "d": DAY0, "r": None, "now": NOW},
                {"c": 2, "s": "churned", "d": date(2026, 3, 10), "r": "бюджет", "now": NOW},
                {"c": 3, "s": "active", "d": DAY0, "r": None, "now": NOW},
            ],
        )
        db.executemany(
            "INSERT INTO upsell (client_id, service, value_minor, status, opened_on, closed_on)"
            " VALUES (:c, :s, :v, :st, :o, :cl)",
            [
                {
                    "c": 1,
                    "s": "seo",
                    "v": 4000000,
                    "st": "won",
                    "o": date(2026, 2, 5),
                    "cl": date(2026, 3, 2),
                },
                {
                    "c": 1,
                    "s": "smm",
                    "v": None,
                    "st": "won",
                    "o": date(2026, 3, 5),
                    "cl": date(2026, 3, 9),
                },
                {"c": 3, "s": "ppc", "v": 100, "st": "open", "o": date(2026, 3, 31), "cl": None},
                {
                    "c": 1,
                    "s": "ppc",
                    "v": 100,
                    "st": "lost",
                    "o": date(2026, 3, 1),
                    "cl": date(2026, 3, 3),
                },
            ],
        )
    march = monthly_overview(db, date(2026, 3, 1), owner=None)
    assert (march.report.upsells.opened, march.report.upsells.won) == (3, 2)
    assert march.report.upsells.won_value == Decimal("40000.00")
    assert (march.previous.upsells.opened, march.previous.upsells.won) == (1, 0)
    ch = march.report.churn
    assert (ch.active_at_start, ch.churned, ch.rate_pct) == (3, 1, Decimal(100) / 3)
    assert ch.churned_clients[0].name == "Бета" and ch.churned_clients[0].reason == "бюджет"
    mine = monthly_overview(db, date(2026, 3, 1), owner="boris")
    assert mine.report.churn.churned == 0 and mine.report.upsells.opened == 1
    assert mine.team == ()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledgers(), st.sampled_from([date(2026, m, 1) for m in range(2, 13)]), st.integers(0, 30))
def test_a_running_month_matches_the_definitions_as_of_today(  # type: ignore[no-untyped-def]
    db: Database, ledger, month: date, offset: int
) -> None:
    """kpi.md's day A: the SQL sums of a month still running equal the definitions as of A,
    and growth compares with M − 1 up to the same day of the month."""
    from acctcli.domain.kpi import month_end, same_day_before

    invoices, payments = ledger
    _store(db, invoices, payments)
    today = min(month + timedelta(days=offset), month_end(month))
    team = monthly_overview(db, month, owner=None, today=today)
    assert team.report.as_of == today
    assert team.report.receivables == receivables(
        receivable_facts(invoices, payments, month, today), month, today
    )
    prev = previous_month(month)
    # a month over (today its last day) compares with the whole month before
    upto = same_day_before(month, today) if today < month_end(month) else month_end(prev)
    assert team.report.turnover.previous == sum(
        (i.amount for i in invoices if prev <= i.issued <= upto), Decimal(0)
    )
    assert team.report.turnover.revenue == sum(
        (i.amount for i in invoices if month <= i.issued <= today), Decimal(0)
    )
    assert team.previous.receivables == receivables(
        receivable_facts(invoices, payments, prev), prev
    )
