"""A generated multi-year book of clients, to check client health against history (issue 20).

    .venv/bin/python benchmarks/healthbook.py        # builds a book in a temporary store, prints AUC

150 clients over four years (2022-2025).  About 40 % churn; most of those show what account
managers see before a client leaves — in the 40-120 days before the churn the calls thin out,
the client's mail waits for answers, invoices are paid late or not at all, fires come more
often, a fee is cut or the client pauses, a promise to pay is broken — but some leave without
warning.  Clients that stay have rough patches too (a late payment, a fire, a quiet month).
Nothing here reads the health score: the generator only writes history, through plain SQL
into a migrated store (SQLite or PostgreSQL).

`churn_auc(db, settings)` then asks `acct health --date D` of the store's history: for each
churned client, its score 30 days before its churn against the scores of the clients still
customers that day (and staying customers for good).  AUC = the chance that a client who
stayed scores better than one about to churn (ties count half).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

START, END = date(2022, 1, 1), date(2025, 12, 31)
CLIENTS = 150
LEAD_DAYS = 30  # the score is read this many days before the churn
NOW = datetime(2026, 1, 1, 9, 0)


class Book:
    """What the generator made: churn dates by client id (None: stayed)."""

    def __init__(self) -> None:
        self.churned: dict[int, date] = {}
        self.stayed: list[int] = []


def _rows() -> dict[str, list[dict[str, Any]]]:
    return {
        k: []
        for k in (
            "client",
            "status",
            "fee",
            "touch",
            "message",
            "invoice",
            "payment",
            "incident",
            "follow",
        )
    }


def _bad(day: date, periods: Sequence[tuple[date, date, float]]) -> float:
    """How bad things are on `day`: the strongest period covering it (0: normal)."""
    return max((level for first, last, level in periods if first <= day <= last), default=0.0)


def generate(seed: int = 20) -> tuple[Book, dict[str, list[dict[str, Any]]]]:
    rng = random.Random(seed)
    book, rows = Book(), _rows()
    ids = {"touch": 0, "message": 0, "invoice": 0, "payment": 0, "incident": 0, "follow": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    for cid in range(1, CLIENTS + 1):
        since = START + timedelta(days=rng.randrange(0, 700))
        every = rng.choice((7, 7, 14, 30))
        cadence = {7: "weekly", 14: "biweekly", 30: "monthly"}[every]
        fee = rng.randrange(30, 300) * 1000 * 100
        churn: date | None = None
        if rng.random() < 0.4:
            earliest = since + timedelta(days=200)
            if earliest < END - timedelta(days=10):
                churn = earliest + timedelta(days=rng.randrange(0, (END - earliest).days - 10))
        periods: list[tuple[date, date, float]] = []
        if churn is not None:
            book.churned[cid] = churn
            if rng.random() < 0.85:  # most give warning; some leave out of the blue
                onset = churn - timedelta(days=rng.randrange(40, 121))
                periods.append((max(since, onset), churn, rng.uniform(0.6, 1.0)))
        else:
            book.stayed.append(cid)
        last_day = churn or END
        for _n in range(rng.choice((0, 1, 1, 2))):  # everyone has rough patches
            first = since + timedelta(days=rng.randrange(0, max(1, (last_day - since).days)))
            periods.append((first, first + timedelta(days=rng.randrange(20, 60)), 0.35))
        rows["client"].append(
            {
                "id": cid,
                "name": f"Клиент {cid:03d}",
                "key": f"клиент {cid:03d}",
                "since": since,
                "cadence": cadence,
                "owner": "anna",
                "now": NOW,
            }
        )
        rows["status"].append({"c": cid, "s": "active", "on": since, "r": None})
        rows["fee"].append({"c": cid, "s": "seo", "on": since, "f": fee})
        for first, last, level in periods:
            if level >= 0.6 and rng.random() < 0.35:  # a fee cut on the way out
                rows["fee"].append(
                    {
                        "c": cid,
                        "s": "seo",
                        "on": first + timedelta(days=rng.randrange(0, 30)),
                        "f": fee // 2,
                    }
                )
            elif level >= 0.6 and rng.random() < 0.2:  # or a pause
                pause = first + timedelta(days=rng.randrange(0, 30))
                if pause < last:
                    rows["status"].append({"c": cid, "s": "paused", "on": pause, "r": None})
        if churn is not None:
            rows["status"].append({"c": cid, "s": "churned", "on": churn, "r": "generated"})
        # touches: the cadence, thinning out in bad times
        day = since + timedelta(days=rng.randrange(0, every))
        while day < last_day:
            level = _bad(day, periods)
            if rng.random() >= level * 0.7:
                at = datetime.combine(day, time(rng.randrange(9, 18), rng.randrange(60)))
                rows["touch"].append({"id": next_id("touch"), "c": cid, "at": at})
            step = every * (1 + 2.5 * level) + rng.uniform(-2, 2)
            day += timedelta(days=max(1, round(step)))
        # the client's mail: a message every few days, more of them in bad times
        day = since + timedelta(days=rng.randrange(1, 8))
        while day < last_day:
            level = _bad(day, periods)
            n = next_id("message")
            at = datetime.combine(day, time(rng.randrange(8, 20), rng.randrange(60)))
            rows["message"].append({"id": n, "c": cid, "date": at, "key": f"<g{n}@book>"})
            day += timedelta(days=max(1, round(rng.expovariate(1 / (6 - 3 * level)))))
        # a monthly invoice, paid on time — late, or never, in bad times
        month = since.replace(day=1)
        while month < last_day:
            issued = max(month, since)
            due = issued + timedelta(days=14)
            iid = next_id("invoice")
            amount = next(
                (r["f"] for r in reversed(rows["fee"]) if r["c"] == cid and r["on"] <= issued), fee
            )
            rows["invoice"].append(
                {
                    "id": iid,
                    "n": f"G-{iid:06d}",
                    "c": cid,
                    "a": amount,
                    "i": issued,
                    "d": due,
                    "now": NOW,
                }
            )
            level = _bad(due, periods)
            if level and rng.random() < level:
                late = rng.randrange(15, 90)
                if level >= 0.6 and rng.random() < 0.5:
                    rows["follow"].append(  # the client promised to pay by a day, and did not
                        {
                            "id": next_id("follow"),
                            "c": cid,
                            "inv": iid,
                            "due": due + timedelta(days=rng.randrange(3, 15)),
                            "at": datetime.combine(due, time(10)),
                        }
                    )
            else:
                late = -rng.randrange(0, 10)
            paid = due + timedelta(days=late)
            if paid < (churn or END + timedelta(days=400)):
                rows["payment"].append(
                    {"id": next_id("payment"), "inv": iid, "a": amount, "on": paid, "now": NOW}
                )
            month = (month + timedelta(days=32)).replace(day=1)
        # fires: rare, and frequent in bad times
        day = since
        while day < last_day:
            level = _bad(day, periods)
            if rng.random() < (1 / 200 + level / 15):
                opened = datetime.combine(day, time(rng.randrange(8, 20)))
                hours = rng.uniform(2, 60 if level else 24)
                rows["incident"].append(
                    {
                        "id": next_id("incident"),
                        "c": cid,
                        "o": opened,
                        "r": opened + timedelta(hours=hours),
                    }
                )
            day += timedelta(days=1)
    return book, rows


_SQL = {
    "client": "INSERT INTO client (id, name, name_key, since, cadence, owner, created_at)"
    " VALUES (:id, :name, :key, :since, :cadence, :owner, :now)",
    "status": "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
    " VALUES (:c, :s, :on, :r, :now)",
    "fee": "INSERT INTO client_fee (client_id, service, on_date, fee_minor, created_at)"
    " VALUES (:c, :s, :on, :f, :now)",
    "touch": "INSERT INTO touch (id, client_id, channel, at, source) VALUES (:id, :c, 'phone',"
    " :at, 'manual')",
    "message": "INSERT INTO message (id, owner, message_key, date, from_addr, from_name, to_addrs,"
    " counterpart, subject, snippet, client_id, category, priority, state, after_hours,"
    " outgoing, source, location, imported_at) VALUES (:id, 'anna', :key, :date, 'c@client.ru',"
    " '', 'anna@agency.ru', 'c@client.ru', 'вопрос', '', :c, 'other', 0, 'done', :no, :no,"
    " 'maildir', '', :date)",
    "invoice": "INSERT INTO invoice (id, number, client_id, amount_minor, issued, due,"
    " created_at) VALUES (:id, :n, :c, :a, :i, :d, :now)",
    "payment": "INSERT INTO payment (id, invoice_id, amount_minor, paid_on, created_at)"
    " VALUES (:id, :inv, :a, :on, :now)",
    "incident": "INSERT INTO incident (id, client_id, title, severity, opened_at, resolved_at)"
    " VALUES (:id, :c, 'сайт упал', 'normal', :o, :r)",
    "follow": "INSERT INTO follow_up (id, client_id, text, who, due, source, invoice_id, state,"
    " created_at) VALUES (:id, :c, 'обещали оплатить', 'client', :due, 'manual', :inv, 'open',"
    " :at)",
}


def build(db: Any, seed: int = 20) -> Book:
    """Write a generated book into an empty, migrated store; give what became of whom."""
    book, rows = generate(seed)
    extra = {"now": NOW, "no": False}
    with db.transaction():
        for kind, sql in _SQL.items():
            db.executemany(sql, [{**extra, **r} for r in rows[kind]])
    return book


def churn_auc(db: Any, settings: Any, book: Book, lead_days: int = LEAD_DAYS) -> dict[str, Any]:
    """The health score of each churned client `lead_days` before its churn, against the
    scores of the clients that stayed for good, as `acct health --date D` gives them."""
    from acctcli.services.health import client_health

    wins = pairs = below_median = counted = 0.0
    stayed = set(book.stayed)
    for cid, churn in sorted(book.churned.items()):
        day = churn - timedelta(days=lead_days)
        scores = {h.client_id: h.score for h in client_health(db, settings, day, None)}
        if cid not in scores:
            continue
        others = sorted(s for c, s in scores.items() if c in stayed)
        if not others:
            continue
        mine = scores[cid]
        counted += 1
        below_median += mine < others[len(others) // 2]
        for other in others:
            pairs += 1
            wins += 1.0 if other > mine else 0.5 if other == mine else 0.0
    return {
        "auc": wins / pairs if pairs else None,
        "churned": int(counted),
        "below_median_pct": 100 * below_median / counted if counted else None,
    }


def book_of_store(db: Any) -> Book:
    """What became of whom in an existing store (the demo agency): each client's latest
    churn, and the clients never churned."""
    book = Book()
    churned: dict[int, date] = {}
    for r in db.all("SELECT client_id, on_date FROM client_status WHERE status = 'churned'"):
        day = r["on_date"]
        churned[int(r["client_id"])] = day if isinstance(day, date) else date.fromisoformat(day)
    book.churned = churned
    book.stayed = [int(r["id"]) for r in db.all("SELECT id FROM client") if r["id"] not in churned]
    return book


def main() -> int:
    import tempfile

    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = open_store(f"sqlite:///{Path(folder) / 'acct.db'}")
        book = build(db)
        result = churn_auc(db, load_settings({"ACCT_HOME": folder}), book)
        db.close()
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
