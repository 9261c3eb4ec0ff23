"""What a store cannot hold or do is one line, on either engine, never a traceback or a
half-done import: NUL in text, a number too large for its column, a lost server connection,
a URL that names no store acct can open."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import ENGINE, Run, assert_user_error, store_dump
from tests.mail.builders import multipart, part, write_maildir

from acctcli.errors import Invalid
from acctcli.settings import load_settings
from acctcli.store import db as store_db

_BROKEN = (
    b"From: Bob\x00 <bob@example.com>\n"
    b"To: me@example.com\n"
    b"Subject: hi\x00there\n"
    b"Date: Thu, 3 Dec 2026 10:00:00 +0000\n"
    b"Message-ID: <a\x00b@example.com>\n"
    b"MIME-Version: 1.0\n"
    b"Content-Type: multipart/mixed; boundary=ZZ\n\n"
    + multipart(
        "ZZ",
        part("text/plain", b"body\x00text"),
        part(
            'application/pdf; name="a\x00b.pdf"',
            b"JVBERi0=",
            'Content-Disposition: attachment; filename="a\x00b.pdf"',
            "Content-Transfer-Encoding: base64",
        ),
    )
)
_FINE = (
    b"From: ann@example.com\nSubject: fine\nMessage-ID: <ok@example.com>\n"
    b"Date: Thu, 3 Dec 2026 11:00:00 +0000\n\nhello\n"
)


def _texts(url: str, table: str) -> list[str]:
    db = store_db.connect(url)
    try:
        return [v for row in db.all(f"SELECT * FROM {table}") for v in row if isinstance(v, str)]
    finally:
        db.close()


def test_a_mail_holding_nul_is_imported_with_the_others_and_the_store_holds_no_nul(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    """PostgreSQL's text cannot hold NUL: one such mail stopped the whole import there
    (an internal error), while SQLite kept it.  Now both import every message; headers lose
    the NUL, and a body's becomes U+FFFD."""
    box = write_maildir(tmp_path / "Maildir", {"1:2,S": _BROKEN, "2:2,S": _FINE})
    result = acct("mail", "import", str(box))
    assert result.exit_code == 0, result.stderr
    assert "Imported 2 messages" in result.stdout and "0 failed" in result.stdout
    listed = {m["message_id"]: m for m in acct("mail", "list", "--json").json()["messages"]}
    assert set(listed) == {"ab@example.com", "ok@example.com"}
    broken = listed["ab@example.com"]
    assert (broken["subject"], broken["from_name"], broken["from"]) == (
        "hithere",
        "Bob",
        "bob@example.com",
    )
    assert broken["snippet"] == "body\ufffdtext"
    shown = acct("mail", "show", f"M{broken['id']}")
    assert "Attachments: ab.pdf" in shown.stdout
    url = load_settings().database_url
    for table in ("message", "attachment", "search_doc"):
        texts = _texts(url, table)
        assert texts and not any("\x00" in t for t in texts), table
    again = acct("mail", "import", str(box))
    assert "Imported 0 messages, 2 already known" in again.stdout, again.stdout


@given(
    st.dictionaries(
        st.text(max_size=5),
        st.one_of(st.text(), st.integers(), st.none(), st.binary(max_size=4)),
        max_size=6,
    )
)
def test_parameters_lose_nul_and_keep_everything_else(params: dict[str, Any]) -> None:
    kept = store_db.without_nul(params)
    assert kept.keys() == params.keys()
    for key, value in params.items():
        if isinstance(value, str):
            assert kept[key] == value.replace("\x00", "\ufffd")
        else:
            assert kept[key] is value


def test_db_copy_of_an_older_store_holding_nul_copies_it_as_u_fffd(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older SQLite store may hold NUL (its imports kept it): its copy to a shared
    store was an internal error.  Copied, and checked, with U+FFFD in its place."""
    shared = os.environ.get("ACCT_DATABASE_URL", "")
    source = tmp_path / "old" / "acct.db"
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{source}")
    box = write_maildir(tmp_path / "Maildir", {"2:2,S": _FINE})
    assert acct("mail", "import", str(box)).exit_code == 0
    raw = sqlite3.connect(source)
    raw.execute("UPDATE message SET subject = 'x' || char(0) || 'y', from_name = char(0)")
    raw.commit()
    raw.close()
    if ENGINE == "postgres":
        target = _fresh_postgres(shared.rsplit("/", 1)[0])
    else:
        target = f"sqlite:///{tmp_path / 'new' / 'acct.db'}"
    result = acct("db", "copy", "--to", target)
    assert result.exit_code == 0, result.stderr
    assert "every table checked" in result.stdout
    monkeypatch.setenv("ACCT_DATABASE_URL", target)
    (copied,) = acct("mail", "list", "--json").json()["messages"]
    assert (copied["subject"], copied["from_name"]) == ("x\ufffdy", "\ufffd")


def _fresh_postgres(base: str, name: str = "acct_copy") -> str:
    """An empty database beside the test's own (dropped with the cluster)."""
    from tests.pgserver import admin_execute

    name = f"{name}_{os.getpid()}"
    admin_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin_execute(base, f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def test_a_number_too_large_for_its_column_is_one_line_on_either_engine(home: Path) -> None:
    """SQLite's driver refuses the value as it binds it; PostgreSQL refuses it on the server
    ("bigint out of range"), which was shown as "the store refused"."""
    db = store_db.open_store(load_settings().database_url)
    try:
        with pytest.raises(Invalid, match="too large"):
            db.execute("SELECT CAST(:n AS BIGINT)", {"n": 10**20})
        with pytest.raises(Invalid, match="too large"):
            with db.transaction():
                db.executemany(
                    "INSERT INTO mail_seen (owner, source, name, mtime_ns, size, messages)"
                    " VALUES ('anna', 's', :name, :big, 0, 0)",
                    [{"name": "a", "big": 1}, {"name": "b", "big": 10**20}],
                )
        assert db.scalar("SELECT count(*) FROM mail_seen") == 0
    finally:
        db.close()


@pytest.mark.parametrize(
    "url",
    ["postgres", "postgresqlx://acct@127.0.0.1/acct", "mysql://acct@host/acct", "sqlite:/x.db"],
)
def test_a_url_naming_no_store_acct_opens_is_one_line(
    acct: Run, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("ACCT_DATABASE_URL", url)
    result = acct("client", "list")
    assert_user_error(result, "unsupported")


@pytest.mark.parametrize("query", ["?foo=bar", "?sslmode=sometimes", "%zz"])
def test_a_postgresql_url_libpq_cannot_read_is_one_line(
    acct: Run, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    pytest.importorskip("psycopg2")
    monkeypatch.setenv("ACCT_DATABASE_URL", f"postgresql://acct@127.0.0.1:1/acct{query}")
    assert_user_error(acct("today"), "cannot connect to the shared store")


def _losing_at(monkeypatch: pytest.MonkeyPatch, at: int | None) -> dict[str, int]:
    """Count the statements a command sends; terminate its server backend as it sends the
    `at`-th (from another connection, as an administrator or a crashed server would)."""
    from tests.pgserver import admin_execute

    base = os.environ["ACCT_DATABASE_URL"].rsplit("/", 1)[0]
    execute = store_db.Database.execute
    calls = {"n": 0}

    def execute_then_lose(self: store_db.Database, sql: str, params: Any = None) -> Any:
        calls["n"] += 1
        if calls["n"] == at:
            admin_execute(base, f"SELECT pg_terminate_backend({self.raw.raw.get_backend_pid()})")
        return execute(self, sql, params)

    monkeypatch.setattr(store_db.Database, "execute", execute_then_lose)
    return calls


@pytest.mark.postgres_only
@pytest.mark.parametrize("command", ["today", "calls"])
def test_a_connection_lost_mid_morning_is_one_line_and_exit_1(
    acct: Run, home: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The server goes away while the morning's command runs: `acct today` showed each
    later section as "could not be read" and ended 0, `acct calls` said "No calls due"."""
    for name in ("Acme", "Beta"):
        assert acct("client", "add", name, "--cadence", "weekly").exit_code == 0
    with monkeypatch.context() as counting:
        calls = _losing_at(counting, None)
        assert acct(command, "--date", "2026-11-26").exit_code == 0
    total = calls["n"]
    assert total >= 3
    for at in (1, 2, total // 2, total):
        with monkeypatch.context() as losing:
            calls = _losing_at(losing, at)
            result = acct(command, "--date", "2026-11-26")
        assert calls["n"] == at, (at, total)  # nothing ran once the connection was gone
        assert_user_error(result, "connection to the shared store", "was lost")


@pytest.mark.postgres_only
def test_a_connection_lost_at_any_statement_of_a_write_keeps_it_whole_or_not_at_all(
    acct: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert acct("client", "add", "Acme").exit_code == 0
    with monkeypatch.context() as counting:
        calls = _losing_at(counting, None)
        assert acct("client", "add", "Counted").exit_code == 0
    total = calls["n"]
    for at in range(1, total + 1):
        before = store_dump(home)
        with monkeypatch.context() as losing:
            _losing_at(losing, at)
            result = acct("client", "add", f"Zeta {at}")
        assert_user_error(result, "connection to the shared store", "was lost")
        names = [c["name"] for c in acct("client", "list", "--json").json()["clients"]]
        if f"Zeta {at}" in names:  # lost after its COMMIT: the write is whole
            assert acct("db", "check").exit_code == 0
        else:
            assert store_dump(home) == before, at


@pytest.mark.postgres_only
def test_a_shared_migration_that_fails_leaves_the_schema_where_it_was(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`acct db migrate` said "rolled back" while the revisions before the failing one
    stayed (one transaction each): the schema was left half-way, at 0012."""
    from tests.pgserver import admin_execute

    base = os.environ["ACCT_DATABASE_URL"].rsplit("/", 1)[0]
    url = _fresh_postgres(base, "acct_half")
    db = store_db.connect(url)
    db.execute("CREATE TABLE search_doc (junk TEXT)")  # what 0013 is about to create
    db.close()
    monkeypatch.setenv("ACCT_DATABASE_URL", url)
    assert_user_error(acct("db", "migrate"), "rolled back")
    db = store_db.connect(url)
    try:
        tables = {
            r[0]
            for r in db.all(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
        }
    finally:
        db.close()
    assert tables == {"search_doc"}
    admin_execute(base, f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")


def _losing_on_read(monkeypatch: pytest.MonkeyPatch, table: str) -> dict[str, int]:
    """Terminate the server backend of a SQLAlchemy read (db copy, export) as it starts
    reading `table`."""
    from tests.pgserver import admin_execute

    from acctcli.store import admin

    read_rows = admin.read_rows
    lost = {"n": 0}

    def read_then_lose(read: Any, t: Any) -> Any:
        if t.name == table and not lost["n"]:
            lost["n"] += 1
            pid = read.connection.driver_connection.get_backend_pid()
            base = os.environ["ACCT_DATABASE_URL"].rsplit("/", 1)[0]
            admin_execute(base, f"SELECT pg_terminate_backend({pid})")
        return read_rows(read, t)

    monkeypatch.setattr(admin, "read_rows", read_then_lose)
    return lost


@pytest.mark.postgres_only
def test_a_connection_lost_during_export_or_copy_is_one_line(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read through SQLAlchemy, a lost connection was "internal error (OperationalError…)"."""
    for name in ("Acme", "Beta"):
        assert acct("client", "add", name).exit_code == 0
    with monkeypatch.context() as losing:
        lost = _losing_on_read(losing, "client")
        result = acct("export", "--out", str(tmp_path / "out"))
    assert lost["n"] == 1
    assert_user_error(result, "connection to the shared store was lost")
    target = tmp_path / "copy" / "acct.db"
    with monkeypatch.context() as losing:
        lost = _losing_on_read(losing, "client")
        result = acct("db", "copy", "--to", f"sqlite:///{target}")
    assert lost["n"] == 1
    assert_user_error(result, "connection to the shared store was lost")
    assert not target.exists()  # the SQLite file the copy made is removed again


@pytest.mark.postgres_only
def test_db_check_stops_at_a_lost_connection_instead_of_failing_every_check(
    acct: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each check after the connection went said FAILED, and the advice was to put back a
    backup: a network problem, not damage."""
    with monkeypatch.context() as counting:
        calls = _losing_at(counting, None)
        assert acct("db", "check").exit_code == 0
    with monkeypatch.context() as losing:
        _losing_at(losing, calls["n"] // 2)
        result = acct("db", "check")
    assert_user_error(result, "connection to the shared store", "was lost")
    assert "FAILED" not in result.stdout and "pg_restore" not in result.stdout


@pytest.mark.postgres_only
def test_a_copy_the_target_refuses_leaves_the_shared_target_empty(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two client names that differ only by NUL in an older SQLite store are one name once
    NUL is U+FFFD: the target refuses the second.  The rows copied before stayed in the
    shared target, and a rerun then said the target was not empty."""
    shared = os.environ["ACCT_DATABASE_URL"]
    source = tmp_path / "old" / "acct.db"
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{source}")
    assert acct("client", "add", "A B").exit_code == 0
    assert acct("client", "add", "A\ufffdB").exit_code == 0
    raw = sqlite3.connect(source)
    raw.execute("UPDATE client SET name = 'A' || char(0) || 'B' WHERE name = 'A B'")
    raw.commit()
    raw.close()
    target = _fresh_postgres(shared.rsplit("/", 1)[0])
    result = acct("db", "copy", "--to", target)
    assert_user_error(result, "refused by the target", "nothing was kept")
    monkeypatch.setenv("ACCT_DATABASE_URL", target)
    counts = acct("db", "status", "--json").json()
    assert not any(counts["tables"].values()), counts


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("mysql://anna:s3cret@db/acct", "s3cret"),
        ("postgresqlx://anna:s3cret@db/acct", "s3cret"),
        ("postgresql://anna:s3%zzcret@127.0.0.1:1/acct", "zzcret"),
        ("postgresql://anna:p%40ss@127.0.0.1:1/acct?foo=bar", "p@ss"),
        ("sqlite://anna:s3cret@h/x", "s3cret"),
        ("mysql://anna@db/acct?password=s3cret", "s3cret"),
        ("postgresql://anna@127.0.0.1:1/acct?sslmode=disable&password=s3%zzcret", "zzcret"),
    ],
)
def test_a_url_error_never_shows_its_password(
    acct: Run, monkeypatch: pytest.MonkeyPatch, url: str, secret: str
) -> None:
    pytest.importorskip("psycopg2")
    monkeypatch.setenv("ACCT_DATABASE_URL", url)
    result = acct("today")
    assert_user_error(result)
    assert secret not in result.stderr, result.stderr
    assert any(w in result.stderr for w in ("anna", "foo", "***"))  # the rest is still said


@pytest.mark.postgres_only
def test_two_migrations_of_one_shared_store_at_once_both_end_well(
    acct: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second failed on the first's half-made tables (a raw duplicate-key error from
    PostgreSQL's catalogue); it now waits and finds the schema current."""
    from tests.pgserver import admin_execute
    from tests.test_concurrency import _run_together

    base = os.environ["ACCT_DATABASE_URL"].rsplit("/", 1)[0]
    url = _fresh_postgres(base, "acct_twice")
    monkeypatch.setenv("ACCT_DATABASE_URL", url)
    codes = _run_together(
        [[["db", "migrate"]], [["db", "migrate"]]], ["anna", "boris"], tmp_path / "b"
    )
    assert codes == [[0], [0]]
    status = acct("db", "status", "--json").json()
    assert status["revision"] == status["head"], status
    admin_execute(base, f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")


def test_a_failed_check_points_at_the_backup_this_engine_is_put_back_from(
    acct: Run, home: Path
) -> None:
    """`acct db check` on a shared store advised `acct restore FILE`, which refuses one."""
    assert acct("client", "add", "Acme").exit_code == 0
    db = store_db.connect(load_settings().database_url)
    try:
        db.execute("DELETE FROM client_status")
    finally:
        db.close()
    result = acct("db", "check")
    assert result.exit_code == 1
    assert "Acme has no status" in result.stdout
    if ENGINE == "postgres":
        assert "pg_restore" in result.stdout and "acct restore" not in result.stdout
    else:
        assert "acct restore FILE" in result.stdout and "pg_restore" not in result.stdout
