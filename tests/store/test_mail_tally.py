"""mail_tally, the counts `acct today` reads instead of counting messages: kept exact by the
store's triggers through every kind of write (either engine), and built for existing mail by
the migration that adds it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctcli.store.db import Database, connect
from acctcli.store.migrate import upgrade

STATES = ("new", "needs-reply", "snoozed", "waiting", "done")
CATEGORIES = ("incident", "billing", "report", "other")
Key = tuple[str, str, int, str, bool, bool, bool]


def _store(home: Path) -> Database:
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    return open_store(load_settings().database_url)


def recount(db: Database) -> Counter[Key]:
    """What the tally must say: the messages counted one by one."""
    counts: Counter[Key] = Counter()
    for r in db.all(
        "SELECT m.owner, m.state, m.client_id, m.category, m.after_hours, k.urgent,"
        " m.incident_id FROM message m LEFT JOIN contact k ON k.id = m.contact_id"
        " WHERE m.state IN ('new', 'needs-reply')"
    ):
        key = (
            str(r[0]),
            str(r[1]),
            int(r[2] or 0),
            str(r[3]),
            bool(r[4]),
            bool(r[5]),
            r[6] is not None,
        )
        counts[key] += 1
    return counts


def tally(db: Database) -> Counter[Key]:
    counts: Counter[Key] = Counter()
    for r in db.all(
        "SELECT owner, state, client_id, category, after_hours, urgent, linked, n FROM mail_tally"
    ):
        assert int(r[7]) >= 0, "a tally row went below zero"
        if int(r[7]):
            counts[
                (str(r[0]), str(r[1]), int(r[2]), str(r[3]), bool(r[4]), int(r[5]), bool(r[6]))
            ] = int(r[7])
    return counts


def _setup(db: Database) -> dict[str, list[int]]:
    """Two clients with two contacts each (one urgent) and an incident each."""
    now = datetime(2026, 11, 26, 9, 0)
    ids: dict[str, list[int]] = {"client": [], "contact": [], "incident": []}
    with db.transaction():
        for n in (1, 2):
            client = db.insert(
                "INSERT INTO client (name, name_key, since, cadence, channel, owner, created_at)"
                " VALUES (:n, :k, '2024-01-01', 'monthly', 'phone', 'anna', :at)",
                {"n": f"Клиент {n}", "k": f"клиент {n}", "at": now},
            )
            ids["client"].append(client)
            for k in (0, 1):
                ids["contact"].append(
                    db.insert(
                        "INSERT INTO contact (client_id, name, email, urgent, created_at)"
                        " VALUES (:c, :n, :e, :u, :at)",
                        {
                            "c": client,
                            "n": f"К{n}{k}",
                            "e": f"k{k}@c{n}.ru",
                            "u": k == 0,
                            "at": now,
                        },
                    )
                )
            ids["incident"].append(
                db.insert(
                    "INSERT INTO incident (client_id, title, severity, opened_at)"
                    " VALUES (:c, 'Сайт лежит', 'high', :at)",
                    {"c": client, "at": now},
                )
            )
    return ids


_PLAIN_COLUMNS = (
    "from_addr, from_name, to_addrs, counterpart, subject, snippet, priority, outgoing, source,"
    " location"
)
_PLAIN_VALUES = "'x@c.ru', '', 'me@a.ru', 'x@c.ru', 's', '', 1, FALSE, 'eml', ''"


def _insert(db: Database, serial: int, values: dict[str, Any]) -> None:
    db.execute(
        f"INSERT INTO message ({_PLAIN_COLUMNS}, owner, message_key, date, client_id, contact_id,"
        " category, state, after_hours, incident_id, imported_at)"
        f" VALUES ({_PLAIN_VALUES}, :owner, :key, :date, :client, :contact, :category, :state,"
        " :after, :incident, :date)",
        {"key": f"<m{serial}@t>", "date": datetime(2026, 11, 25, 8, 0), **values},
    )


def _pick(draw: Any, pool: list[int]) -> int | None:
    return draw(st.sampled_from([None, *pool]))


@st.composite
def operations(draw: Any, ids: dict[str, list[int]]) -> list[tuple[str, dict[str, Any]]]:
    ops = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(
            st.sampled_from(
                [
                    "insert",
                    "insert",
                    "state",
                    "client",
                    "contact",
                    "category",
                    "link",
                    "delete",
                    "urgent",
                ]
            )
        )
        ops.append(
            (
                kind,
                {
                    "owner": draw(st.sampled_from(["anna", "boris"])),
                    "state": draw(st.sampled_from(STATES)),
                    "client": _pick(draw, ids["client"]),
                    "contact": _pick(draw, ids["contact"]),
                    "category": draw(st.sampled_from(CATEGORIES)),
                    "after": draw(st.booleans()),
                    "incident": _pick(draw, ids["incident"]),
                    "nth": draw(st.integers(0, 50)),
                    "flag": draw(st.booleans()),
                },
            )
        )
    return ops


def _apply(db: Database, serial: int, kind: str, v: dict[str, Any]) -> None:
    if kind == "insert":
        _insert(db, serial, v)
        return
    if kind == "urgent":  # `acct contact edit … --urgent/--no-urgent`
        contacts = [int(r[0]) for r in db.all("SELECT id FROM contact ORDER BY id")]
        target = contacts[v["nth"] % len(contacts)]
        db.execute("UPDATE contact SET urgent = :f WHERE id = :k", {"f": v["flag"], "k": target})
        return
    rows = [int(r[0]) for r in db.all("SELECT id FROM message ORDER BY id")]
    if not rows:
        return
    target = {"id": rows[v["nth"] % len(rows)]}
    sql = {
        "state": "UPDATE message SET state = :state WHERE id = :id",
        "client": "UPDATE message SET client_id = :client WHERE id = :id",
        "contact": "UPDATE message SET contact_id = :contact WHERE id = :id",
        "category": "UPDATE message SET category = :category, after_hours = :after WHERE id = :id",
        "link": "UPDATE message SET incident_id = :incident WHERE id = :id",
        "delete": "DELETE FROM message WHERE id = :id",
    }[kind]
    db.execute(sql, {**v, **target})


def test_the_tally_equals_a_recount_after_any_writes(home: Path) -> None:
    db = _store(home)
    ids = _setup(db)
    serial = iter(range(10**6))

    counted = []  # open mail counted after each example (the last may have deleted it all)

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        for kind, values in data.draw(operations(ids)):
            with db.transaction():
                _apply(db, next(serial), kind, values)
        assert tally(db) == recount(db)
        assert not stale_urgent(db)
        counted.append(sum(recount(db).values()))

    try:
        run()
        assert max(counted) > 0, "the examples never left open mail to count"
        # foreign keys set to NULL go through the triggers too: a contact, then a client,
        # then an incident removed
        with db.transaction():
            db.execute("UPDATE message SET contact_id = :k", {"k": ids["contact"][0]})
            db.execute("UPDATE message SET incident_id = :i", {"i": ids["incident"][1]})
            db.execute("DELETE FROM contact WHERE id = :k", {"k": ids["contact"][0]})
        assert tally(db) == recount(db)
        with db.transaction():
            db.execute("DELETE FROM touch WHERE client_id = :c", {"c": ids["client"][1]})
            db.execute("DELETE FROM incident WHERE id = :i", {"i": ids["incident"][1]})
        assert tally(db) == recount(db)
        assert not stale_urgent(db)
    finally:
        db.close()


def stale_urgent(db: Database) -> list[Any]:
    """Messages whose `urgent` is not their contact's flag (none without a contact)."""
    return db.all(
        "SELECT m.id FROM message m LEFT JOIN contact k ON k.id = m.contact_id"
        " WHERE m.urgent <> COALESCE(k.urgent, FALSE)"
    )


def test_the_triggers_exist_at_head(home: Path) -> None:
    """A later migration that rebuilds `message` (SQLite batch mode) would drop them."""
    db = _store(home)
    try:
        if db.is_sqlite:
            names = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            assert {
                "mail_tally_insert",
                "mail_tally_update",
                "mail_tally_delete",
                "message_urgent_insert",
                "message_urgent_update",
                "contact_urgent_kept",
            } <= names
        else:
            names = {r[0] for r in db.all("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
            assert {"mail_tally_kept", "message_urgent_kept", "contact_urgent_kept"} <= names
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_the_migration_counts_the_mail_already_stored(tmp_path: Path) -> None:
    path = tmp_path / "acct.db"
    upgrade(f"sqlite:///{path}", "0009")
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute(
        "INSERT INTO client (id, name, name_key, since, cadence, channel, owner, created_at)"
        " VALUES (1, 'Клиент', 'клиент', '2024-01-01', 'monthly', 'phone', 'anna',"
        " '2024-01-01 10:00:00')"
    )
    con.execute(
        "INSERT INTO contact (id, client_id, name, email, urgent, created_at)"
        " VALUES (1, 1, 'Ирина', 'i@c.ru', 1, '2024-01-01 10:00:00')"
    )
    for n in range(30):
        con.execute(
            f"INSERT INTO message ({_PLAIN_COLUMNS}, owner, message_key, client_id, contact_id,"
            " category, state, after_hours, imported_at)"
            f" VALUES ({_PLAIN_VALUES}, ?, ?, ?, ?, ?, ?, ?, '2026-11-25 08:00:00')",
            (
                ("anna", "boris")[n % 2],
                f"<m{n}@t>",
                (1, None)[n % 3 == 0],
                (1, None)[n % 4 == 0],
                CATEGORIES[n % 4],
                STATES[n % 5],
                n % 7 == 0,
            ),
        )
    # `acct mail assign` marked message 5 as anna's by hand in mail_seen before 0010
    con.execute(
        "INSERT INTO mail_seen (owner, source, name, mtime_ns, size, messages)"
        " VALUES ('boris', 'acct:assigned', '6', 0, 0, 1)"
    )
    con.commit()
    con.close()
    upgrade(f"sqlite:///{path}")
    db = connect(f"sqlite:///{path}")
    try:
        expected = recount(db)
        assert sum(expected.values()) == 12  # new and needs-reply: 6 + 6 of the 30
        assert tally(db) == expected
        assert any(key[5] for key in expected), "no urgent mail was counted"
        assert not stale_urgent(db)
        by_hand = [int(r[0]) for r in db.all("SELECT id FROM message WHERE assigned_by_hand")]
        assert by_hand == [6]
        assert db.scalar("SELECT count(*) FROM mail_seen") == 0
    finally:
        db.close()
