"""invoice.settled_on, the day an invoice was paid in full (issue 17): kept exact by the store's
triggers through every write to payments and amounts (either engine), used by "open invoices"
as an index range with the same answer as summing every invoice's payments, and computed for
the invoices already stored by the migration that adds it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from acctcli.store.db import Database, connect
from acctcli.store.migrate import upgrade
from acctcli.store.money import invoice_lines

DAY0 = date(2026, 1, 1)
NOW = datetime(2026, 11, 26, 9, 0)


def _store(home: Path) -> Database:
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    return open_store(load_settings().database_url)


def expected_settled_on(db: Database) -> dict[int, date | None]:
    """By hand: walk each invoice's payments day by day until they reach its amount (never
    for an invoice paid more than its amount)."""
    out: dict[int, date | None] = {}
    for inv in db.all("SELECT id, amount_minor FROM invoice"):
        total, settled = 0, None
        days: dict[date, int] = {}
        for p in db.all(
            "SELECT paid_on, amount_minor FROM payment WHERE invoice_id = :i", {"i": inv[0]}
        ):
            day = p[0] if isinstance(p[0], date) else date.fromisoformat(str(p[0]))
            days[day] = days.get(day, 0) + int(p[1])
        for day in sorted(days):
            total += days[day]
            if total >= int(inv[1]) and settled is None:
                settled = day
        out[int(inv[0])] = None if total > int(inv[1]) else settled
    return out


def stored_settled_on(db: Database) -> dict[int, date | None]:
    return {
        int(r[0]): None
        if r[1] is None
        else r[1]
        if isinstance(r[1], date)
        else date.fromisoformat(str(r[1]))
        for r in db.all("SELECT id, settled_on FROM invoice")
    }


def _client(db: Database) -> int:
    return db.insert(
        "INSERT INTO client (name, name_key, since, cadence, channel, owner, created_at)"
        " VALUES ('Клиент', 'клиент', '2024-01-01', 'monthly', 'phone', 'anna', :at)",
        {"at": NOW},
    )


# one write: ("invoice", amount, issued offset) | ("pay", invoice idx, amount, day offset)
# | ("unpay", payment idx) | ("move", payment idx, invoice idx, day offset, amount)
# | ("amount", invoice idx, amount) | ("drop", invoice idx)
_writes = st.one_of(
    st.tuples(st.just("invoice"), st.integers(0, 5_000), st.integers(0, 300)),
    st.tuples(st.just("pay"), st.integers(0, 9), st.integers(1, 3_000), st.integers(-60, 300)),
    st.tuples(st.just("unpay"), st.integers(0, 19)),
    st.tuples(
        st.just("move"),
        st.integers(0, 19),
        st.integers(0, 9),
        st.integers(-60, 300),
        st.integers(1, 3_000),
    ),
    st.tuples(st.just("amount"), st.integers(0, 9), st.integers(0, 5_000)),
    st.tuples(st.just("drop"), st.integers(0, 9)),
)


def _apply(db: Database, client: int, write: tuple, serial: list[int]) -> None:
    invoices = [int(r[0]) for r in db.all("SELECT id FROM invoice ORDER BY id")]
    payments = [int(r[0]) for r in db.all("SELECT id FROM payment ORDER BY id")]
    kind = write[0]
    with db.transaction():
        if kind == "invoice":
            serial[0] += 1
            db.insert(
                "INSERT INTO invoice (number, client_id, amount_minor, issued, due, created_at)"
                " VALUES (:n, :c, :a, :i, :d, :at)",
                {
                    "n": f"T-{serial[0]}",
                    "c": client,
                    "a": write[1],
                    "i": DAY0 + timedelta(days=write[2]),
                    "d": DAY0 + timedelta(days=write[2] + 14),
                    "at": NOW,
                },
            )
        elif kind == "pay" and invoices:
            db.insert(
                "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
                " VALUES (:i, :a, :d, :at)",
                {
                    "i": invoices[write[1] % len(invoices)],
                    "a": write[2],
                    "d": DAY0 + timedelta(days=write[3]),
                    "at": NOW,
                },
            )
        elif kind == "unpay" and payments:
            db.execute(
                "DELETE FROM payment WHERE id = :p", {"p": payments[write[1] % len(payments)]}
            )
        elif kind == "move" and payments and invoices:
            db.execute(
                "UPDATE payment SET invoice_id = :i, paid_on = :d, amount_minor = :a WHERE id = :p",
                {
                    "p": payments[write[1] % len(payments)],
                    "i": invoices[write[2] % len(invoices)],
                    "d": DAY0 + timedelta(days=write[3]),
                    "a": write[4],
                },
            )
        elif kind == "amount" and invoices:
            db.execute(
                "UPDATE invoice SET amount_minor = :a WHERE id = :i",
                {"a": write[2], "i": invoices[write[1] % len(invoices)]},
            )
        elif kind == "drop" and invoices:
            # payments go with their invoice (ON DELETE CASCADE)
            db.execute(
                "DELETE FROM invoice WHERE id = :i", {"i": invoices[write[1] % len(invoices)]}
            )


def test_settled_on_follows_every_write_and_open_invoices_are_exact(home: Path) -> None:
    db = _store(home)
    client = _client(db)
    serial = [0]

    @settings(
        max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(st.lists(_writes, min_size=1, max_size=25), st.integers(0, 320))
    def check(writes: list[tuple], as_of_offset: int) -> None:
        with db.transaction():
            db.execute("DELETE FROM payment")
            db.execute("DELETE FROM invoice")
        for write in writes:
            _apply(db, client, write, serial)
        assert stored_settled_on(db) == expected_settled_on(db)
        # "open as of D" through the index equals the sum of each invoice's payments
        as_of = DAY0 + timedelta(days=as_of_offset)
        summed = {
            str(r[0])
            for r in db.all(
                "SELECT i.number FROM invoice i WHERE i.amount_minor > COALESCE((SELECT"
                " SUM(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id"
                " AND p.paid_on <= :d), 0)",
                {"d": as_of},
            )
        }
        listed = {line.number for line in invoice_lines(db, as_of=as_of, open_only=True)}
        assert listed == summed

    try:
        check()
    finally:
        db.close()


def test_the_migration_settles_the_invoices_already_stored(tmp_path: Path) -> None:
    path = tmp_path / "acct.db"
    upgrade(f"sqlite:///{path}", "0014")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO client (id, name, name_key, since, cadence, channel, owner, created_at)"
        " VALUES (1, 'Клиент', 'клиент', '2024-01-01', 'monthly', 'phone', 'anna',"
        " '2024-01-01 10:00:00')"
    )
    # 1: paid in two parts; 2: part-paid; 3: never paid; 4: overpaid (by SQL: acct refuses it)
    for number, amount in ((1, 1000), (2, 1000), (3, 500), (4, 300)):
        con.execute(
            "INSERT INTO invoice (id, number, client_id, amount_minor, issued, due, created_at)"
            " VALUES (?, ?, 1, ?, '2026-01-01', '2026-01-15', '2026-01-01 10:00:00')",
            (number, f"2026-{number}", amount),
        )
    for invoice, amount, day in (
        (1, 400, "2026-01-10"),
        (1, 600, "2026-02-03"),
        (2, 999, "2026-01-20"),
        (4, 500, "2026-01-05"),
    ):
        con.execute(
            "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
            " VALUES (?, ?, ?, '2026-01-01 10:00:00')",
            (invoice, amount, day),
        )
    con.commit()
    con.close()
    upgrade(f"sqlite:///{path}")
    db = connect(f"sqlite:///{path}")
    try:
        assert stored_settled_on(db) == {
            1: date(2026, 2, 3),
            2: None,
            3: None,
            4: None,  # overpaid: never taken as settled
        }
        # and the triggers keep it from now on: the rest of invoice 2 settles it
        with db.transaction():
            db.insert(
                "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
                " VALUES (2, 1, '2026-03-01', '2026-03-01 10:00:00')"
            )
        assert stored_settled_on(db)[2] == date(2026, 3, 1)
        # "open" reads two ranges of the index, not every invoice with its payments summed
        from acctcli.store.money import _LINE_SQL, OPEN_IDS

        plan = [
            str(r[3])
            for r in db.all(
                f"EXPLAIN QUERY PLAN {_LINE_SQL} WHERE {OPEN_IDS}", {"asof": date(2026, 3, 1)}
            )
        ]
        assert "SCAN i" not in " ".join(plan) and "SCAN invoice" not in " ".join(plan), plan
        assert sum("ix_invoice_settled" in step for step in plan) == 2, plan
    finally:
        db.close()


def _whole_ledger(db: Database, month: date, as_of: date) -> tuple[Counter, Counter]:
    """The KPI sums as they were before settled_on: every invoice and payment up to the
    report's day, summed by client, period and buckets (store/kpi.py's own expressions)."""
    from acctcli.store.kpi import _grouping, _params

    params = _params(month, None, as_of)
    invoiced = db.all(
        f"SELECT {_grouping('i.issued')}, SUM(i.amount_minor) FROM invoice i"
        " WHERE i.issued <= :end GROUP BY 1, 2, 3, 4",
        params,
    )
    paid = db.all(
        f"SELECT {_grouping('p.paid_on')}, SUM(p.amount_minor) FROM payment p"
        " JOIN invoice i ON i.id = p.invoice_id WHERE p.paid_on <= :end GROUP BY 1, 2, 3, 4",
        params,
    )
    return _summed(tuple(r) for r in invoiced), _summed(tuple(r) for r in paid)


def _summed(rows: object) -> Counter:
    out: Counter = Counter()
    for *key, total in rows:  # type: ignore[attr-defined]
        out[tuple(int(k) for k in key)] += int(total)
    return +out  # keys that sum to zero say nothing


def test_kpi_reads_only_unsettled_history_and_sums_exactly_the_same(home: Path) -> None:
    """`acct kpi` leaves out of the sums before its months the invoices settled before them;
    for any ledger (part payments, overpayments, payments moved, amounts changed) every
    client's sums per period and aging bucket equal those of the whole ledger."""
    from acctcli.store.kpi import ledger_totals

    db = _store(home)
    client = _client(db)
    serial = [0]

    @settings(
        max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(
        st.lists(_writes, min_size=1, max_size=25),
        st.integers(0, 330),
        st.integers(0, 27),
    )
    # overpaid before the report's months: settled_on stays NULL, the credit is counted
    @example([("invoice", 1000, 0), ("pay", 0, 1500, 10)], 120, 0)
    # paid in full before it was issued (SQL allows it) and issued within the months
    @example([("invoice", 1000, 150), ("pay", 0, 1000, -30)], 200, 0)
    def check(writes: list[tuple], month_offset: int, day: int) -> None:
        with db.transaction():
            db.execute("DELETE FROM payment")
            db.execute("DELETE FROM invoice")
        for write in writes:
            _apply(db, client, write, serial)
        month = (DAY0 + timedelta(days=month_offset)).replace(day=1)
        as_of = month + timedelta(days=day)
        invoiced, paid = ledger_totals(db, month, None, as_of)
        expected = _whole_ledger(db, month, as_of)
        assert _summed(r[:5] for r in invoiced) == expected[0]
        assert _summed(r[:5] for r in paid) == expected[1]

    try:
        check()
    finally:
        db.close()
