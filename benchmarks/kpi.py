"""Benchmark: `acct kpi` over ten years of a 50-client agency (6,000 invoices, 10,000 payments).

    .venv/bin/python benchmarks/kpi.py [--keep]

Builds the store deterministically in a temporary ACCT_HOME (plain SQL inserts), then times
whole processes against `python -c pass` (median of several runs; hyperfine when installed).
Not a test: timings depend on the machine.  The issue asks for "well under a second"; the
budget is about 15× the bare interpreter's start-up.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import measure  # noqa: E402

CLIENTS, YEARS, PAYMENTS = 50, 10, 10_000
DAY = date(2026, 11, 26)
OWNERS = ("anna", "boris", "vera", "gleb", "dina")


def build(home: Path) -> None:
    from acctcli.store.db import open_store

    open_store(f"sqlite:///{home / 'acct.db'}").close()  # creates and migrates
    rng = random.Random(7)
    con = sqlite3.connect(home / "acct.db")
    start = date(DAY.year - YEARS, DAY.month, 1)
    clients, statuses = [], []
    for n in range(1, CLIENTS + 1):
        since = start + timedelta(days=rng.randrange(0, 60))
        clients.append(
            (
                n,
                f"Клиент {n:02d}",
                f"клиент {n:02d}",
                since.isoformat(),
                OWNERS[n % len(OWNERS)],
                "2016-01-01 00:00:00",
            )
        )
        statuses.append((n, "active", since.isoformat(), None))
        if n % 10 == 0:  # a few churned and won back over the years
            statuses.append((n, "churned", (since + timedelta(days=900)).isoformat(), "бюджет"))
            statuses.append((n, "active", (since + timedelta(days=1200)).isoformat(), None))
    con.executemany(
        "INSERT INTO client (id, name, name_key, since, owner, created_at) VALUES (?,?,?,?,?,?)",
        clients,
    )
    con.executemany(
        "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
        " VALUES (?,?,?,?,'2016-01-01 00:00:00')",
        statuses,
    )
    con.commit()
    con.close()
    counts = add_ledger(home, range(1, CLIENTS + 1), YEARS, PAYMENTS, rng)
    print(f"store: {len(clients)} clients, {counts[0]} invoices, {counts[1]} payments")


def add_ledger(
    home: Path,
    client_ids: range,
    years: int,
    payments_wanted: int | None,
    rng: random.Random,
    never_paid: float = 0.0,
) -> tuple[int, int]:
    """A monthly invoice for every client over `years` up to DAY, paid 0–70 days after issue
    (some in two parts; `never_paid` of the older ones never), by plain SQL inserts."""
    con = sqlite3.connect(home / "acct.db")
    start = date(DAY.year - years, DAY.month, 1)
    clients = client_ids
    invoices, payments = [], []
    number = 0
    for month in range(years * 12):
        first = date(
            start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1, 1
        )
        for client in clients:
            number += 1
            amount = rng.randrange(20_000, 500_000) * 100
            invoices.append(
                (
                    number,
                    f"{first.year}-{number:05d}",
                    client,
                    amount,
                    first.isoformat(),
                    (first + timedelta(days=14)).isoformat(),
                )
            )
    paid_on = {}
    for inv_id, _, _, _, issued, _ in invoices:
        day = date.fromisoformat(issued) + timedelta(days=rng.randrange(0, 70))
        if day <= DAY:  # recent invoices may still be open
            paid_on[inv_id] = day
    old = [i for i, day in paid_on.items() if day <= DAY - timedelta(days=60)]
    for inv_id in rng.sample(old, int(len(invoices) * never_paid)):  # debts never collected
        del paid_on[inv_id]
    old = [i for i in old if i in paid_on]
    extra = len(paid_on) // 6 if payments_wanted is None else payments_wanted - len(paid_on)
    split = set(rng.sample(old, extra))  # paid in two parts
    for inv_id, _, _, amount, _, _ in invoices:
        if inv_id not in paid_on:
            continue
        day = paid_on[inv_id]
        if inv_id in split:
            half = amount // 2
            payments.append((inv_id, half, day.isoformat()))
            later = day + timedelta(days=rng.randrange(5, 40))
            payments.append((inv_id, amount - half, later.isoformat()))
        else:
            payments.append((inv_id, amount, day.isoformat()))
    con.executemany(
        "INSERT INTO invoice (id, number, client_id, amount_minor, issued, due, created_at)"
        " VALUES (?,?,?,?,?,?,'2016-01-01 00:00:00')",
        invoices,
    )
    con.executemany(
        "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at)"
        " VALUES (?,?,?,'2016-01-01 00:00:00')",
        payments,
    )
    con.commit()
    con.close()
    return len(invoices), len(payments)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="acct-bench-"))
    env = {**os.environ, "ACCT_HOME": str(home), "ACCT_USER": "anna", "NO_COLOR": "1"}
    env.pop("ACCT_DATABASE_URL", None)
    try:
        build(home)
        acct = [sys.executable, "-m", "acctcli"]
        base = measure("python -c pass", [sys.executable, "-c", "pass"], env).median_s
        print(f"{'python -c pass':<42} {base * 1000:7.1f} ms")
        for args in (
            ["kpi", "--json", "--date", DAY.isoformat()],
            ["kpi", "--month", "--team", "--json", "--date", DAY.isoformat()],
            ["kpi", "--month", "2026-10", "--date", DAY.isoformat()],
            ["invoice", "list", "--open", "--json", "--team", "--date", DAY.isoformat()],
        ):
            t = measure(" ".join(args), acct + args, env).median_s
            print(f"{'acct ' + ' '.join(args[:4]):<42} {t * 1000:7.1f} ms  ({t / base:4.1f}× bare)")
    finally:
        if "--keep" in sys.argv:
            print(f"kept: ACCT_HOME={home}")
        else:
            shutil.rmtree(home)


if __name__ == "__main__":
    main()
