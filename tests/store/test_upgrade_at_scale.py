"""A store made by the previous release (schema 0013), filled to issue 17's sizes — 1,000
clients, five years of monthly invoices (60,000: 3% never paid, a fifth paid in parts),
30,000 messages, 25,000 touches — upgrades through every later migration (the undo journal,
settled_on, reports, costs, follow-up sources) with every row kept and every derived value
right, and then works: lists, the search index, `acct db check`, a new write."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.store.db import SCHEMA_HEAD
from acctcli.store.migrate import upgrade

pytestmark = pytest.mark.sqlite_only  # a store at an old revision is a file of its own

CLIENTS, MONTHS = 1000, 60
START = date(2021, 11, 1)
TABLES = (
    "client",
    "client_status",
    "client_service",
    "contact",
    "invoice",
    "payment",
    "touch",
    "message",
    "attachment",
    "incident",
    "upsell",
    "follow_up",
)


def _fill(path: Path, rng: random.Random) -> dict[int, date | None]:
    """Rows as acct 0013 wrote them; gives each invoice's day of full payment (None: open)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    stamp = "2024-11-01 09:00:00"
    settled: dict[int, date | None] = {}
    invoice_id = payment_id = message_id = 0
    for c in range(1, CLIENTS + 1):
        name = f"Клиент {c:03d}"
        con.execute(
            "INSERT INTO client (id, name, name_key, since, cadence, channel, owner, notes,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, 'anna', ?, ?)",
            (c, name, name.casefold(), START.isoformat(), "weekly:mon", "phone", "заметка", stamp),
        )
        con.execute(
            "INSERT INTO client_status (client_id, status, on_date, created_at)"
            " VALUES (?, 'active', ?, ?)",
            (c, START.isoformat(), stamp),
        )
        con.execute(
            "INSERT INTO client_service (client_id, service, fee_minor) VALUES (?, 'seo', ?)",
            (c, 3_000_000 + c * 100),
        )
        con.execute(
            "INSERT INTO contact (client_id, name, email, urgent, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (c, f"Контакт {c}", f"c{c}@client{c}.ru", int(c % 7 == 0), stamp),
        )
        for m in range(MONTHS):
            invoice_id += 1
            issued = date(
                START.year + (START.month - 1 + m) // 12, (START.month - 1 + m) % 12 + 1, 5
            )
            amount = 3_000_000 + rng.randrange(0, 500_000)
            con.execute(
                "INSERT INTO invoice (id, number, client_id, amount_minor, issued, due, service,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, 'seo', ?)",
                (
                    invoice_id,
                    f"{issued.year}-{invoice_id:05d}",
                    c,
                    amount,
                    issued.isoformat(),
                    (issued + timedelta(days=10)).isoformat(),
                    stamp,
                ),
            )
            roll = rng.random()
            paid, day, done = 0, issued + timedelta(days=rng.randrange(1, 40)), None
            parts = 0 if roll < 0.03 else 1 if roll < 0.8 else 2 if roll < 0.95 else -1
            for n in range(abs(parts)):
                share = amount - paid if parts > 0 and n == parts - 1 else amount // 3
                payment_id += 1
                con.execute(
                    "INSERT INTO payment (id, invoice_id, amount_minor, paid_on, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (payment_id, invoice_id, share, day.isoformat(), stamp),
                )
                paid += share
                if paid >= amount and done is None:
                    done = day
                day += timedelta(days=rng.randrange(1, 20))
            settled[invoice_id] = done
        for t in range(25):
            con.execute(
                "INSERT INTO touch (client_id, channel, at, note, source, logged_by)"
                " VALUES (?, 'phone', ?, ?, 'manual', 'anna')",
                (c, f"{START + timedelta(days=t * 29)} 11:00:00", f"созвон про отчёт {t}"),
            )
        for k in range(30):
            message_id += 1
            con.execute(
                "INSERT INTO message (id, owner, message_key, message_id, date, from_addr,"
                " from_name, to_addrs, counterpart, subject, snippet, client_id, category,"
                " priority, state, after_hours, outgoing, source, location, imported_at)"
                " VALUES (?, 'anna', ?, ?, ?, ?, ?, 'anna@agency.ru', ?, ?, ?, ?, ?, ?, ?, ?, 0,"
                " 'maildir', ?, ?)",
                (
                    message_id,
                    f"<m{message_id}@x>",
                    f"<m{message_id}@x>",
                    f"{START + timedelta(days=k * 24)} 10:00:00",
                    f"c{c}@client{c}.ru",
                    f"Контакт {c}",
                    f"c{c}@client{c}.ru",
                    f"Счёт и отчёт {k}",
                    "добрый день, пришлите акт",
                    c,
                    rng.choice(["billing", "report", "other", "incident"]),
                    rng.randrange(0, 4),
                    rng.choice(["new", "done", "done", "needs-reply"]),
                    int(k % 9 == 0),
                    f"/mail/{message_id}",
                    stamp,
                ),
            )
            if k % 6 == 0:
                con.execute(
                    "INSERT INTO attachment (message_id, filename, size, position)"
                    " VALUES (?, ?, ?, 0)",
                    (message_id, f"акт-{k}.pdf", 1000 + k),
                )
        con.execute(
            "INSERT INTO incident (client_id, title, severity, opened_at)"
            " VALUES (?, 'сайт упал', 'high', ?)",
            (c, stamp),
        )
        con.execute(
            "INSERT INTO upsell (client_id, service, value_minor, status, opened_on)"
            " VALUES (?, 'ppc', 1000000, 'open', ?)",
            (c, START.isoformat()),
        )
        con.execute(
            "INSERT INTO follow_up (client_id, text, who, due, source, invoice_id, amount_minor,"
            " state, created_at) VALUES (?, 'оплата', 'client', ?, 'manual', ?, ?, 'open', ?)",
            (c, "2026-12-10", invoice_id, 1_000_000, stamp),
        )
    con.commit()
    con.close()
    return settled


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_a_full_store_of_the_previous_release_upgrades_with_every_row_kept(
    acct: Run, home: Path
) -> None:
    home.mkdir(mode=0o700)
    store = home / "acct.db"
    upgrade(f"sqlite:///{store}", "0013")
    settled = _fill(store, random.Random(17))
    before = _counts(store)
    assert before["invoice"] == CLIENTS * MONTHS and before["message"] == CLIENTS * 30

    shown = acct("client", "list", "--json")  # the first command upgrades the store
    assert shown.exit_code == 0, shown.stderr
    assert len(shown.json()["clients"]) == CLIENTS
    assert _counts(store) == before
    con = sqlite3.connect(store)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
        # settled_on (0015): the day the payments first covered the invoice, else NULL
        got = {
            int(i): (date.fromisoformat(d) if d else None)
            for i, d in con.execute("SELECT id, settled_on FROM invoice")
        }
        assert got == settled
        assert sum(d is None for d in got.values()) > CLIENTS  # some stay open
        day = date(2026, 11, 26)  # open on that day: not yet covered by the payments made by then
        open_count = sum(d is None or d > day for d in settled.values())
    finally:
        con.close()
    assert len(list(home.glob("acct-backup-0013-*.db"))) == 1  # the store as it was, kept
    listed = acct("invoice", "list", "--open", "--all", "--json", "--date", "2026-11-26")
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.json()["invoices"]) == open_count
    check = acct("db", "check")
    assert check.exit_code == 0, check.stdout
    found = acct("search", "акт", "--json", "--limit", "1")
    assert found.exit_code == 0 and found.json()["total"] >= CLIENTS * 30
    assert acct("client", "add", "Новый").exit_code == 0  # and it takes new data
