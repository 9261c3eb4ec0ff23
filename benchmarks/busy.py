"""A busy account manager's five-year store, generated deterministically with plain SQL:
50 clients, 50,000 messages, 20,000 touches, 6,000 invoices (with payments), incidents,
upsells and two onboarding checklists.  Most mail is long triaged; the last days are not.

    .venv/bin/python benchmarks/busy.py PATH   # writes PATH/acct.db
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

DAY = date(2026, 11, 26)
CLIENTS, MESSAGES, TOUCHES, INVOICES = 50, 50_000, 20_000, 6_000
USER = "anna"
CADENCES = (
    "weekly:mon",
    "monthly:5",
    "every:2w",
    "weekdays",
    "monthly",
    "biweekly",
    "weekly:tue,thu",
)
SERVICES = ("seo", "smm", "ppc", "performance", "content")
CATEGORIES = ("incident", "billing", "report", "idea", "other", "other", "other")
STAMP = "2021-11-01 09:00:00"


def _ts(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


def build(home: Path, day: date = DAY) -> Path:
    from acctcli.store.db import open_store

    home.mkdir(parents=True, exist_ok=True)
    path = home / "acct.db"
    open_store(f"sqlite:///{path}").close()  # creates and migrates
    rng = random.Random(2026)
    con = sqlite3.connect(path)
    start = day - timedelta(days=5 * 365)
    clients, statuses, services, domains, contacts = [], [], [], [], []
    for n in range(1, CLIENTS + 1):
        since = start + timedelta(days=rng.randrange(0, 4 * 365))
        owner = USER if n <= 40 else "boris"
        clients.append(
            (
                n,
                f"Клиент {n:02d}",
                f"клиент {n:02d}",
                since.isoformat(),
                CADENCES[n % len(CADENCES)],
                ("phone", "messenger", "email")[n % 3],
                owner,
                "6w" if n % 4 == 0 else None,
                STAMP,
            )
        )
        statuses.append((n, "active", since.isoformat(), None))
        if n % 12 == 0:
            statuses.append((n, "paused", (day - timedelta(days=30)).isoformat(), None))
        if n % 17 == 0:
            statuses.append((n, "churned", (day - timedelta(days=200)).isoformat(), "бюджет"))
        for s in rng.sample(SERVICES, rng.randrange(1, 3)):
            services.append((n, s, rng.randrange(20, 400) * 1_000_00))
        domains.append((n, f"client{n:02d}.ru"))
        for k in range(2):
            contacts.append(
                (
                    n * 10 + k,
                    n,
                    f"Контакт {n}-{k}",
                    f"c{k}@client{n:02d}.ru",
                    f"+7 900 {n:03d}-{k:02d}-00",
                    f"@c{n}_{k}",
                    "маркетинг",
                    k == 0,
                    STAMP,
                )
            )
    con.executemany(
        "INSERT INTO client (id, name, name_key, since, cadence, channel, owner, max_gap, created_at)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        clients,
    )
    con.executemany(
        "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
        f" VALUES (?,?,?,?,'{STAMP}')",
        statuses,
    )
    con.executemany(
        "INSERT INTO client_service (client_id, service, fee_minor) VALUES (?,?,?)", services
    )
    con.executemany("INSERT INTO client_domain (client_id, domain) VALUES (?,?)", domains)
    con.executemany(
        "INSERT INTO contact (id, client_id, name, email, phone, messenger, role, urgent, created_at)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        contacts,
    )

    touches = []
    for i in range(TOUCHES):
        when = datetime.combine(start, datetime.min.time()) + timedelta(
            minutes=int((i / TOUCHES) * 5 * 365 * 24 * 60) + rng.randrange(0, 600)
        )
        n = rng.randrange(1, CLIENTS + 1)
        touches.append(
            (n, n * 10, ("phone", "messenger", "email")[i % 3], _ts(when), "созвон", "manual", USER)
        )
    # the last weeks: some clients silent, some just called
    con.executemany(
        "INSERT INTO touch (client_id, contact_id, channel, at, note, source, logged_by)"
        " VALUES (?,?,?,?,?,?,?)",
        touches,
    )

    invoices, payments = [], []
    for i in range(1, INVOICES + 1):
        issued = start + timedelta(days=int(i / INVOICES * 5 * 365))
        n = rng.randrange(1, CLIENTS + 1)
        amount = rng.randrange(20_000, 300_000) * 100
        due = issued + timedelta(days=14)
        invoices.append(
            (
                i,
                f"{issued.year}-{i:05d}",
                n,
                amount,
                issued.isoformat(),
                due.isoformat(),
                "seo",
                STAMP,
            )
        )
        paid = issued + timedelta(days=rng.randrange(3, 60))
        if paid <= day and rng.random() > 0.02:
            payments.append((i, amount, paid.isoformat(), STAMP))
    con.executemany(
        "INSERT INTO invoice (id, number, client_id, amount_minor, issued, due, service, created_at)"
        " VALUES (?,?,?,?,?,?,?,?)",
        invoices,
    )
    con.executemany(
        "INSERT INTO payment (invoice_id, amount_minor, paid_on, created_at) VALUES (?,?,?,?)",
        payments,
    )

    messages = []
    begin = datetime.combine(start, datetime.min.time())
    for i in range(MESSAGES):
        when = begin + timedelta(seconds=int(i / MESSAGES * 5 * 365 * 86400))
        n = rng.randrange(1, CLIENTS + 1)
        recent = (datetime.combine(day, datetime.min.time()) - when).days < 4
        state = "new" if recent and i % 3 else ("needs-reply" if recent else "done")
        outgoing = i % 5 == 0
        messages.append(
            (
                USER,
                f"<bench-{i}@client{n:02d}.ru>",
                f"bench-{i}@client{n:02d}.ru",
                _ts(when),
                f"c0@client{n:02d}.ru",
                f"Контакт {n}-0",
                "anna@agency.ru",
                f"c0@client{n:02d}.ru",
                f"Тема письма {i}",
                "Текст письма…",
                n,
                n * 10,
                CATEGORIES[i % len(CATEGORIES)],
                0,
                state,
                when.hour >= 20,
                outgoing,
                "maildir",
                f"/mail/cur/{i}",
                STAMP,
            )
        )
    con.executemany(
        "INSERT INTO message (owner, message_key, message_id, date, from_addr, from_name, to_addrs,"
        " counterpart, subject, snippet, client_id, contact_id, category, priority, state, after_hours,"
        " outgoing, source, location, imported_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        messages,
    )

    incidents = [
        (
            n,
            f"Инцидент {n}",
            "high" if n % 3 == 0 else "normal",
            _ts(begin + timedelta(days=n * 30)),
            _ts(begin + timedelta(days=n * 30, hours=5)),
        )
        for n in range(1, CLIENTS + 1)
    ]
    incidents.append(
        (
            3,
            "Сайт не открывается",
            "high",
            _ts(datetime.combine(day, datetime.min.time()) - timedelta(hours=5)),
            None,
        )
    )
    con.executemany(
        "INSERT INTO incident (client_id, title, severity, opened_at, resolved_at) VALUES (?,?,?,?,?)",
        incidents,
    )
    upsells = [
        (
            n,
            "smm",
            50_000_00,
            "open" if n % 5 else "won",
            (day - timedelta(days=n)).isoformat(),
            None if n % 5 else day.isoformat(),
        )
        for n in range(1, 21)
    ]
    con.executemany(
        "INSERT INTO upsell (client_id, service, value_minor, status, opened_on, closed_on)"
        " VALUES (?,?,?,?,?,?)",
        upsells,
    )
    con.commit()
    con.close()
    return path


def add_untriaged(path: Path, count: int, day: date = DAY) -> None:
    """`count` untriaged messages (state new) across the 50 clients, from the last week before
    `day`: the mailbox of someone back from holiday, or a first import never triaged."""
    rng = random.Random(count)
    con = sqlite3.connect(path)
    first = con.execute("SELECT COALESCE(MAX(id), 0) FROM message").fetchone()[0] + 1
    end = datetime.combine(day, datetime.min.time())
    rows = []
    for i in range(count):
        when = end - timedelta(seconds=rng.randrange(1, 7 * 86400))
        n = rng.randrange(1, CLIENTS + 1)
        k = rng.randrange(2)
        category = CATEGORIES[i % len(CATEGORIES)]
        priority = {"incident": 2, "billing": 1, "report": 1}.get(category, 0) + int(k == 0)
        rows.append(
            (
                USER,
                f"<untriaged-{first + i}@client{n:02d}.ru>",
                f"untriaged-{first + i}@client{n:02d}.ru",
                _ts(when),
                f"c{k}@client{n:02d}.ru",
                f"Контакт {n}-{k}",
                "anna@agency.ru",
                f"c{k}@client{n:02d}.ru",
                f"Непрочитанное письмо {i}",
                "Текст письма…",
                n,
                n * 10 + k,
                category,
                min(priority, 3),
                "new",
                when.hour >= 20 or when.hour < 8,
                False,
                "maildir",
                f"/mail/new/{first + i}",
                STAMP,
            )
        )
    con.executemany(
        "INSERT INTO message (owner, message_key, message_id, date, from_addr, from_name, to_addrs,"
        " counterpart, subject, snippet, client_id, contact_id, category, priority, state, after_hours,"
        " outgoing, source, location, imported_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    con.commit()
    con.close()


if __name__ == "__main__":
    target = build(Path(sys.argv[1]))
    if len(sys.argv) > 2:  # busy.py PATH 20000: the busy store plus that many untriaged
        add_untriaged(target, int(sys.argv[2]))
    print(target)
