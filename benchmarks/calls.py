"""Benchmark: `acct calls` over 1,000 clients with 100,000 logged touches.

    .venv/bin/python benchmarks/calls.py [--keep]

Builds the store deterministically in a temporary ACCT_HOME (plain SQL inserts), warms the
public-holiday cache once, then times whole processes against `python -c pass` (median of
several runs; hyperfine when installed).  Not a test: timings depend on the machine.  The
issue asks for "well under a second"; the speed budget for a busy manager's store is 8×.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import measure  # noqa: E402

CLIENTS, TOUCHES = 1_000, 100_000
DAY = date(2026, 11, 26)
OWNERS = ("anna", "boris", "vera", "gleb", "dina")
CADENCES = ("weekly:mon", "monthly:5", "every:2w", "weekdays", "monthly", "biweekly", "never")
CHANNELS = ("phone", "messenger", "email")


def build(home: Path) -> None:
    from acctcli.store.db import open_store

    open_store(f"sqlite:///{home / 'acct.db'}").close()  # creates and migrates
    rng = random.Random(3)
    con = sqlite3.connect(home / "acct.db")
    clients, statuses, contacts, touches = [], [], [], []
    for n in range(1, CLIENTS + 1):
        since = DAY - timedelta(days=rng.randrange(60, 5 * 365))
        clients.append(
            (
                n,
                f"Клиент {n:04d}",
                f"клиент {n:04d}",
                since.isoformat(),
                CADENCES[n % len(CADENCES)],
                CHANNELS[n % len(CHANNELS)],
                OWNERS[n % len(OWNERS)],
                "6w" if n % 3 else None,
                "10:00-19:00" if n % 4 == 0 else None,
            )
        )
        statuses.append((n, "active", since.isoformat()))
        if n % 25 == 0:
            statuses.append((n, "paused", (DAY - timedelta(days=30)).isoformat()))
        for k in range(2):
            contacts.append(
                (n, f"Контакт {k}", f"c{k}@client{n}.ru", f"+7 900 {n:03d}-{k:02d}-00", k == 0)
            )
    for _ in range(TOUCHES):
        n = rng.randrange(1, CLIENTS + 1)
        since = date.fromisoformat(clients[n - 1][3])
        at = datetime.combine(since, datetime.min.time()) + timedelta(
            minutes=rng.randrange(0, (DAY - since).days * 24 * 60)
        )
        touches.append((n, CHANNELS[rng.randrange(3)], at.isoformat(sep=" "), "manual"))
    con.executemany(
        "INSERT INTO client (id, name, name_key, since, cadence, channel, owner, max_gap, hours,"
        " created_at) VALUES (?,?,?,?,?,?,?,?,?,'2020-01-01 00:00:00')",
        clients,
    )
    con.executemany(
        "INSERT INTO client_status (client_id, status, on_date, created_at)"
        " VALUES (?,?,?,'2020-01-01 00:00:00')",
        statuses,
    )
    con.executemany(
        "INSERT INTO contact (client_id, name, email, phone, urgent, created_at)"
        " VALUES (?,?,?,?,?,'2020-01-01 00:00:00')",
        contacts,
    )
    con.executemany("INSERT INTO touch (client_id, channel, at, source) VALUES (?,?,?,?)", touches)
    con.commit()
    con.close()
    print(f"store: {len(clients)} clients, {len(contacts)} contacts, {len(touches)} touches")


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="acct-bench-calls-"))
    env = {**os.environ, "ACCT_HOME": str(home), "ACCT_USER": "anna", "NO_COLOR": "1"}
    env.pop("ACCT_DATABASE_URL", None)
    try:
        build(home)
        acct = [sys.executable, "-m", "acctcli"]
        date_opt = ["--date", DAY.isoformat()]
        warm = subprocess.run(acct + ["calls", "--json", "--team", *date_opt], env=env,
                              capture_output=True, text=True)  # fmt: skip
        if warm.returncode:
            raise SystemExit(f"acct calls failed: {warm.stderr}")
        base = measure("python -c pass", [sys.executable, "-c", "pass"], env)
        print(f"{'python -c pass':<44} {base.median_s * 1000:7.1f} ms")
        for args in (
            ["calls", "--json", "--team", *date_opt],
            ["calls", "--json", *date_opt],
            ["calls", *date_opt],
            ["call", "history", "Клиент 0007", "--json"],
        ):
            t = measure(" ".join(args), acct + args, env)
            ratio = t.median_s / base.median_s
            print(
                f"{'acct ' + ' '.join(args[:3]):<44} {t.median_s * 1000:7.1f} ms  ({ratio:4.1f}×)"
            )
    finally:
        if "--keep" in sys.argv:
            print(f"kept: ACCT_HOME={home}")
        else:
            shutil.rmtree(home)


if __name__ == "__main__":
    main()
