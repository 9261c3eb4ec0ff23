"""The undo journal (issue 15): what every write changed, captured by triggers.

Every table that holds the user's data has three row triggers, generated from its columns,
that copy what a statement changed into `journal_change`, keyed to the write (one
transaction) that `journal_open` names:

- an INSERT records the new row's id only (undoing it is a DELETE by id; the DELETE is then
  journalled with the whole row, so a redo has it) — a 20,000-message import adds one small
  row per stored row, never a second copy of the mail;
- an UPDATE and a DELETE record the whole old row as JSON (SQLite: `json_object` of the
  columns; PostgreSQL: one plpgsql function, `to_jsonb(OLD)`).

`Database.transaction()` opens the write: it inserts the `journal_write` row (when, which
command line, whose run) and names it in `journal_open`, and at the end removes that name
(and the write itself when nothing journalled changed).  Both happen inside the transaction,
so the journal commits or rolls back with the change; nothing outside acct's own
transactions (a migration, a hand-run `sqlite3`) has a `journal_open` row, and is not
journalled.  No write path can forget: the capture is the schema's, not the code's.

Derived tables are not journalled: they are kept by their own triggers from the journalled
ones (mail_tally, search_doc, search_queue, search_fts) or are the journal itself.  A table
added by a later migration is journalled by calling `track(op, "table")` from it (also after
any batch rebuild of a journalled SQLite table, which drops its triggers);
tests/store/test_journal.py fails while any table at the head lacks it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from acctcli.store.db import Database, in_marks

# Kept by triggers from journalled tables, or the journal itself, or Alembic's.
DERIVED = frozenset(
    {
        "alembic_version",
        "mail_tally",
        "search_doc",
        "search_queue",
        "journal_write",
        "journal_change",
        "journal_open",
    }
)


def is_derived(table: str) -> bool:
    return table in DERIVED or table.startswith(("search_fts", "sqlite_"))


# -- the triggers (migrations call these) --------------------------------------------------

PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION journal_capture() RETURNS trigger LANGUAGE plpgsql AS $$"
    " DECLARE w bigint; BEGIN"
    " SELECT write_id INTO w FROM journal_open LIMIT 1;"
    " IF w IS NULL THEN RETURN NULL; END IF;"
    " IF TG_OP = 'INSERT' THEN"
    "  INSERT INTO journal_change (write_id, tbl, op, row_id)"
    "  VALUES (w, TG_TABLE_NAME, 'I', NEW.id);"
    " ELSIF TG_OP = 'UPDATE' THEN"
    "  INSERT INTO journal_change (write_id, tbl, op, row_id, data)"
    "  VALUES (w, TG_TABLE_NAME, 'U', OLD.id, to_jsonb(OLD)::text);"
    " ELSE"
    "  INSERT INTO journal_change (write_id, tbl, op, row_id, data)"
    "  VALUES (w, TG_TABLE_NAME, 'D', OLD.id, to_jsonb(OLD)::text);"
    " END IF;"
    " RETURN NULL; END $$"
)


def _sqlite_row(columns: Iterable[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', OLD.\"{c}\"" for c in columns) + ")"


def sqlite_triggers(table: str, columns: Iterable[str]) -> list[str]:
    cols = list(columns)
    head = "INSERT INTO journal_change (write_id, tbl, op, row_id, data) SELECT write_id,"
    return [
        *sqlite_drop(table),
        f'CREATE TRIGGER journal_{table}_i AFTER INSERT ON "{table}" BEGIN'
        f" {head} '{table}', 'I', NEW.id, NULL FROM journal_open; END",
        f'CREATE TRIGGER journal_{table}_u AFTER UPDATE ON "{table}" BEGIN'
        f" {head} '{table}', 'U', OLD.id, {_sqlite_row(cols)} FROM journal_open; END",
        f'CREATE TRIGGER journal_{table}_d AFTER DELETE ON "{table}" BEGIN'
        f" {head} '{table}', 'D', OLD.id, {_sqlite_row(cols)} FROM journal_open; END",
    ]


def sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS journal_{table}_{e}" for e in "iud"]


def postgres_triggers(table: str) -> list[str]:
    return [
        *postgres_drop(table),
        f'CREATE TRIGGER journal_{table}_iud AFTER INSERT OR DELETE ON "{table}"'
        " FOR EACH ROW EXECUTE FUNCTION journal_capture()",
        f'CREATE TRIGGER journal_{table}_u AFTER UPDATE ON "{table}"'
        " FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION journal_capture()",
    ]


def postgres_drop(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS journal_{table}_iud ON "{table}"',
        f'DROP TRIGGER IF EXISTS journal_{table}_u ON "{table}"',
    ]


def track(op: Any, *tables: str) -> None:
    """Journal these tables: the call a migration makes for every table it creates, and
    again for a SQLite table it rebuilds or adds columns to (the triggers name them).

        from acctcli.store import journal
        journal.track(op, "report")
    """
    import sqlalchemy as sa

    for table in tables:
        if is_derived(table):
            raise ValueError(f"{table} is derived: it is not journalled")
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in tables:
        columns = [c["name"] for c in inspector.get_columns(table)]
        if "id" not in columns:
            raise ValueError(f"{table} has no id column: the journal keys rows by id")
        if bind.dialect.name == "sqlite":
            statements = sqlite_triggers(table, columns)
        else:
            statements = [PG_FUNCTION, *postgres_triggers(table)]
        for statement in statements:
            op.execute(statement)


def untracked(db: Database) -> list[str]:
    """Tables that hold data but are not (fully) journalled: the test and `acct db check`."""
    missing = []
    if db.is_sqlite:
        tables = [
            r[0]
            for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        for table in tables:
            if is_derived(table):
                continue
            triggers = {
                r["name"]: r["sql"]
                for r in db.all(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = :t AND name LIKE 'journal%'",
                    {"t": table},
                )
            }
            columns = [r["name"] for r in db.all(f'PRAGMA table_info("{table}")')]
            wanted = [f"journal_{table}_{e}" for e in "iud"]
            if any(name not in triggers for name in wanted) or any(
                f"'{c}', OLD.\"{c}\"" not in triggers[wanted[1]]
                or f"'{c}', OLD.\"{c}\"" not in triggers[wanted[2]]
                for c in columns
            ):
                missing.append(table)
        return missing
    tables = [
        r[0]
        for r in db.all(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    for table in tables:
        if is_derived(table):
            continue
        names = {
            r[0]
            for r in db.all(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass)"
                " AND NOT tgisinternal AND tgenabled <> 'D'",
                {"t": f'"{table}"'},
            )
        }
        if not {f"journal_{table}_iud", f"journal_{table}_u"} <= names:
            missing.append(table)
    return missing


def kill_point(name: str) -> None:
    """Tests only: `ACCT_TEST_KILL_POINT=name` SIGKILLs the process here (kill -9 safety; the
    numbered write steps of store/db.py are ACCT_TEST_KILL_AT=N).  `ACCT_TEST_PAUSE_POINT=
    name:FOLDER` stops here instead: FOLDER/reached is made, and the process goes on once the
    test makes FOLDER/go (a race run in the order the test chooses, not by timing)."""
    if os.environ.get("ACCT_TEST_KILL_POINT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    pause = os.environ.get("ACCT_TEST_PAUSE_POINT", "")
    if pause.startswith(name + ":"):
        import time

        folder = pause[len(name) + 1 :]
        open(os.path.join(folder, "reached"), "w").close()
        while not os.path.exists(os.path.join(folder, "go")):
            time.sleep(0.01)


def loads(data: str) -> dict[str, Any]:
    from decimal import Decimal

    value = json.loads(data, parse_float=Decimal)
    assert isinstance(value, dict)
    return value


# -- reading the journal and reverting a run (services/undo.py) --------------------------


def runs(db: Database, owner: str, *, limit: int, live_only: bool) -> list[Any]:
    """The latest command runs of `owner` that wrote (not the one in progress), newest
    first: run, last (write id), at, command, undone (its writes were reverted)."""
    where = "owner = :owner AND run <> :current" + (" AND undone_by IS NULL" if live_only else "")
    return db.all(
        "SELECT run, max(id) AS last, min(at) AS at, min(command) AS command,"
        " max(CASE WHEN undone_by IS NULL THEN 0 ELSE 1 END) AS undone"
        f" FROM journal_write WHERE {where} GROUP BY run ORDER BY max(id) DESC LIMIT :n",
        {"owner": owner, "n": limit, "current": db.journal.run if db.journal else ""},
    )


def run_writes(db: Database, run: str) -> list[int]:
    return [
        int(r[0])
        for r in db.all("SELECT id FROM journal_write WHERE run = :run ORDER BY id", {"run": run})
    ]


def counts(db: Database, run: str) -> list[Any]:
    """(tbl, op, n) of one run's changes, in the order of each table's first change."""
    return db.all(
        "SELECT c.tbl, c.op, count(*) AS n, min(c.id) AS first FROM journal_change c"
        " JOIN journal_write w ON w.id = c.write_id WHERE w.run = :run"
        " GROUP BY c.tbl, c.op ORDER BY min(c.id)",
        {"run": run},
    )


def reverted_by(db: Database, run: str) -> list[str]:
    """The command lines of the runs this run reverted (an undo's own)."""
    return [
        r[0]
        for r in db.all(
            "SELECT min(t.command) FROM journal_write t WHERE t.undone_by IN"
            " (SELECT id FROM journal_write WHERE run = :run)"
            " GROUP BY t.run ORDER BY max(t.id) DESC",
            {"run": run},
        )
    ]


def later_change(db: Database, run: str, current: int | None) -> Any | None:
    """A row this run changed that a later write still in effect (of another run, not the
    one in progress) changed too: tbl, row_id, command, at, owner."""
    return db.one(
        "SELECT c.tbl, c.row_id, w.command, w.at, w.owner FROM journal_change x"
        " JOIN journal_write r ON r.id = x.write_id"
        " JOIN journal_change c"
        " ON c.tbl = x.tbl AND c.row_id = x.row_id AND c.write_id > x.write_id"
        " JOIN journal_write w ON w.id = c.write_id"
        " WHERE r.run = :run AND w.undone_by IS NULL AND w.run <> :run"
        " AND w.id <> :current ORDER BY c.id LIMIT 1",
        {"run": run, "current": current or 0},
    )


def foreign_keys(db: Database) -> list[tuple[str, str, str]]:
    """(child table, column, parent table) of every foreign key between journalled tables."""
    edges = []
    if db.is_sqlite:
        for (table,) in db.all("SELECT name FROM sqlite_master WHERE type = 'table'"):
            if is_derived(table):
                continue
            for fk in db.all(f'PRAGMA foreign_key_list("{table}")'):
                edges.append((table, fk["from"], fk["table"]))
    else:
        rows = db.all(
            "SELECT cl.relname, a.attname, pr.relname FROM pg_constraint c"
            " JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pr ON pr.oid = c.confrelid"
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " WHERE c.contype = 'f'"
        )
        edges = [(r[0], r[1], r[2]) for r in rows if not is_derived(r[0])]
    return edges


def dependent_row(
    db: Database, run: str, edges: list[tuple[str, str, str]]
) -> tuple[str, int, str, int] | None:
    """A row this run inserted that a row not inserted by it refers to (a payment added
    since to its invoice): parent table, parent id, child table, child id."""
    inserted = {
        r[0]
        for r in db.all(
            "SELECT DISTINCT c.tbl FROM journal_change c JOIN journal_write w ON w.id = c.write_id"
            " WHERE w.run = :run AND c.op = 'I'",
            {"run": run},
        )
    }
    for child, column, parent in edges:
        if parent not in inserted:
            continue
        row = db.one(
            f'SELECT ch.id, ch."{column}" AS ref FROM journal_change x'
            " JOIN journal_write w ON w.id = x.write_id"
            f' JOIN "{child}" ch ON ch."{column}" = x.row_id'
            " WHERE w.run = :run AND x.tbl = :parent AND x.op = 'I' AND NOT EXISTS ("
            "  SELECT 1 FROM journal_change y JOIN journal_write v ON v.id = y.write_id"
            "  WHERE v.run = :run AND y.tbl = :child AND y.row_id = ch.id AND y.op = 'I')"
            " LIMIT 1",
            {"run": run, "parent": parent, "child": child},
        )
        if row is not None:
            return parent, int(row["ref"]), child, int(row["id"])
    return None


def inserted_by(db: Database, table: str, row_id: int) -> Any | None:
    """The write that inserted a row: command, at, owner (None: before the journal)."""
    return db.one(
        "SELECT w.command, w.at, w.owner FROM journal_change c"
        " JOIN journal_write w ON w.id = c.write_id"
        " WHERE c.tbl = :t AND c.row_id = :id AND c.op = 'I' ORDER BY c.id DESC LIMIT 1",
        {"t": table, "id": row_id},
    )


def changes(db: Database, run: str) -> list[Any]:
    """The run's changes, last first (the order they are reverted in)."""
    return db.all(
        "SELECT c.id, c.tbl, c.op, c.row_id, c.data FROM journal_change c"
        " JOIN journal_write w ON w.id = c.write_id WHERE w.run = :run ORDER BY c.id DESC",
        {"run": run},
    )


def _columns(db: Database, table: str, cache: dict[str, list[str]]) -> list[str]:
    if table not in cache:
        if db.is_sqlite:
            cache[table] = [r["name"] for r in db.all(f'PRAGMA table_info("{table}")')]
        else:
            cache[table] = [
                r[0]
                for r in db.all(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = :t"
                    " ORDER BY ordinal_position",
                    {"t": table},
                )
            ]
    return cache[table]


def revert(db: Database, change: Any, cache: dict[str, list[str]]) -> None:
    """Put one changed row back as it was: an inserted row deleted, an updated one given
    its old values, a deleted one inserted again (its id too)."""
    table, op, row_id = change["tbl"], change["op"], int(change["row_id"])
    columns = _columns(db, table, cache)
    if not columns:
        return  # a table since dropped
    if op == "I":
        db.execute(f'DELETE FROM "{table}" WHERE id = :id', {"id": row_id})
        return
    data = change["data"]
    if db.is_sqlite:
        old = json.loads(data)
        names = [c for c in columns if c in old]
        values = {f"v{n}": old[c] for n, c in enumerate(names)}
        if op == "U":
            sets = ", ".join(f'"{c}" = :v{n}' for n, c in enumerate(names) if c != "id")
            db.execute(f'UPDATE "{table}" SET {sets} WHERE id = :id', {**values, "id": row_id})
        else:
            cols = ", ".join(f'"{c}"' for c in names)
            marks = ", ".join(f":v{n}" for n in range(len(names)))
            db.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', values)
        return
    if op == "U":
        names = [c for c in columns if c != "id"]
        cols = ", ".join(f'"{c}"' for c in names)
        db.execute(
            f'UPDATE "{table}" SET ({cols}) = (SELECT {cols}'
            f' FROM jsonb_populate_record(NULL::"{table}", CAST(:d AS jsonb))) WHERE id = :id',
            {"d": data, "id": row_id},
        )
    else:
        db.execute(
            f'INSERT INTO "{table}" SELECT * FROM jsonb_populate_record(NULL::"{table}",'
            " CAST(:d AS jsonb))",
            {"d": data},
        )


def hold_rows(db: Database, changes: Iterable[Any]) -> None:
    """On PostgreSQL, before an entry's check for later changes: hold the rows it reverts
    against other writers until commit (a write landing between that check and the revert
    would be overwritten)."""
    if db.is_sqlite:
        return
    by_table: dict[str, list[int]] = {}
    for change in changes:
        if change["op"] != "D":  # a deleted row is not there to change
            by_table.setdefault(change["tbl"], []).append(int(change["row_id"]))
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):
            marks, params = in_marks("r", ids[start : start + 500])
            db.execute(f'SELECT id FROM "{table}" WHERE id IN ({marks}) FOR UPDATE', params)


def mark_undone(db: Database, run: str, by: int) -> None:
    db.execute("UPDATE journal_write SET undone_by = :by WHERE run = :run", {"by": by, "run": run})


def label(db: Database, table: str, row_id: int) -> str | None:
    """How users name a row: an invoice's number, a client's name…"""
    column = LABELS.get(table)
    if column is None:
        return None
    value = db.scalar(f'SELECT "{column}" FROM "{table}" WHERE id = :id', {"id": row_id})
    return None if value is None else str(value)


LABELS = {"client": "name", "invoice": "number", "contact": "name", "incident": "title"}


def problems(db: Database) -> list[str]:
    """The journal's consistency, for `acct db check` (issue 15): every table that holds data
    journalled, no write left open, every change and every undo naming a write that exists.
    English, one line each; empty when all is well."""
    found = [f"table {t} is not journalled (its triggers are missing)" for t in untracked(db)]
    open_writes = int(db.scalar("SELECT count(*) FROM journal_open"))
    if open_writes:
        found.append(f"{open_writes} write(s) left open in journal_open")
    orphans = int(
        db.scalar(
            "SELECT count(*) FROM journal_change c WHERE NOT EXISTS"
            " (SELECT 1 FROM journal_write w WHERE w.id = c.write_id)"
        )
    )
    if orphans:
        found.append(f"{orphans} journal change(s) of no write")
    dangling = int(
        db.scalar(
            "SELECT count(*) FROM journal_write w WHERE w.undone_by IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM journal_write u WHERE u.id = w.undone_by)"
        )
    )
    if dangling:
        found.append(f"{dangling} write(s) undone by a write that does not exist")
    return found
