"""Benchmark: `acct kpi` over ten years of a 50-client agency (6,000 invoices, 10,000 payments).

    .venv/bin/python benchmarks/kpi.py [--keep]

Builds the store in a temporary ACCT_HOME (plain SQL inserts, no acct commands), then times
whole processes — best of several runs — against `python -c pass`.  Not a test: timings
depend on the machine.  The budget is about 15× the bare interpreter's start-up.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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
    invoices, payments = [], []
    number = 0
    for month in range(YEARS * 12):
        first = date(
            start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1, 1
        )
        for client in range(1, CLIENTS + 1):
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
    extra = PAYMENTS - len(invoices)  # this many invoices are paid in two parts
    split = set(rng.sample(range(1, len(invoices) + 1), extra))
    for inv_id, _, _, amount, issued, _ in invoices:
        paid = date.fromisoformat(issued) + timedelta(days=rng.randrange(0, 70))
        if paid > DAY:
            continue
        if inv_id in split:
            half = amount // 2
            payments.append((inv_id, half, paid.isoformat()))
            later = paid + timedelta(days=rng.randrange(5, 40))
            if later <= DAY:
                payments.append((inv_id, amount - half, later.isoformat()))
        else:
            payments.append((inv_id, amount, paid.isoformat()))
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
    print(f"store: {len(clients)} clients, {len(invoices)} invoices, {len(payments)} payments")
    con.close()


def best(cmd: list[str], env: dict[str, str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr}")
    return min(times)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="acct-bench-"))
    env = {**os.environ, "ACCT_HOME": str(home), "ACCT_USER": "anna", "NO_COLOR": "1"}
    env.pop("ACCT_DATABASE_URL", None)
    try:
        build(home)
        acct = [sys.executable, "-m", "acctcli"]
        base = best([sys.executable, "-c", "pass"], env)
        print(f"{'python -c pass':<42} {base * 1000:7.1f} ms")
        for args in (
            ["kpi", "--json", "--date", DAY.isoformat()],
            ["kpi", "--month", "--team", "--json", "--date", DAY.isoformat()],
            ["kpi", "--month", "2026-10", "--date", DAY.isoformat()],
            ["invoice", "list", "--open", "--json", "--team", "--date", DAY.isoformat()],
        ):
            t = best(acct + args, env)
            print(f"{'acct ' + ' '.join(args[:4]):<42} {t * 1000:7.1f} ms  ({t / base:4.1f}× bare)")
    finally:
        if "--keep" in sys.argv:
            print(f"kept: ACCT_HOME={home}")
        else:
            shutil.rmtree(home)


if __name__ == "__main__":
    main()
