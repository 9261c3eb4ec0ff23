"""One small DB-API adapter over sqlite3 and psycopg2 (store/pg.py), and the one place a
connection is made.

Commands read and write through plain, portable SQL with `:name` parameters.  SQLAlchemy,
SQLModel and Alembic are imported only when the schema must be created or upgraded: an
`import sqlmodel` alone costs ~30x the interpreter's start-up, more than a command's budget.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from acctcli.errors import Invalid, StoreError
from acctcli.i18n import _

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path
    from typing import Any, TypeAlias

    StrPath = str | PathLike[str]

# The Alembic revision this code expects; tests/store/test_store.py checks it is Alembic's head.
SCHEMA_HEAD = "0018"

# TEST-ONLY: ACCT_TEST_KILL_AT=N makes the process kill itself (SIGKILL, no clean-up of any
# kind) just before the N-th write step — a statement inside a transaction, a COMMIT, a batch
# of `acct db copy` — so that tests kill a write at a point they choose, not by timing
# (tests/test_kill.py).  Unset, it costs one comparison per statement.  A name instead of a
# number is a named point (store/journal.py kill_point, e.g. "undo:half"), ignored here.
_KILL_SPEC = os.environ.get("ACCT_TEST_KILL_AT") or ""
_KILL_AT = int(_KILL_SPEC) if _KILL_SPEC.isdigit() and int(_KILL_SPEC) > 0 else None
_write_steps = 0


def kill_point() -> None:
    """A point where a test may kill this process (see ACCT_TEST_KILL_AT); else nothing."""
    global _write_steps
    if _KILL_AT is None:
        return
    _write_steps += 1
    if _write_steps == _KILL_AT:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


if TYPE_CHECKING:
    Params: TypeAlias = Mapping[str, Any] | None
# A `:name` mark, outside a quoted literal, and every `%` (psycopg2's own marks start with it)
_PG_TOKENS = re.compile(r"'(?:[^']|'')*'|(?<![:\w]):([A-Za-z_]\w*)|%")


def _pg_token(match: re.Match[str]) -> str:
    name = match.group(1)
    if name is not None:
        return f"%({name})s"
    return match.group(0).replace("%", "%%")  # a literal (its `%` escaped) or a bare `%`


NUL, REPLACEMENT = "\x00", "\ufffd"


def without_nul(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as a dict, a NUL character in any text replaced by U+FFFD.  A store
    never holds NUL, on either engine: PostgreSQL's text cannot (psycopg2 refuses the whole
    statement, and one mail with a NUL in its subject stopped the import of every other),
    and a SQLite store holding it could not be copied to a shared one.  NUL turns up in
    broken mail and in files other programs wrote; U+FFFD is Unicode's mark for a character
    that could not be read."""
    for value in params.values():
        if value.__class__ is str and NUL in value:
            return {
                k: v.replace(NUL, REPLACEMENT) if v.__class__ is str else v
                for k, v in params.items()
            }
    return params if type(params) is dict else dict(params)


_PASSWORD = re.compile(r"(://[^:/@]*):([^@]*)@")


_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)


def masked(url: str) -> str:
    """A URL as printed: its password (`user:password@`, or `?password=` as libpq reads it)
    as ***."""
    return _QUERY_PASSWORD.sub(r"\1***", _PASSWORD.sub(r"\1:***@", url))


def _password_hidden(text: str, url: str) -> str:
    """`text` (a driver's message about `url`) with the URL's password, as written or
    decoded, as ***: libpq quotes the part of a URL it cannot read."""
    from urllib.parse import unquote

    secrets = {m.group(2) for m in [_PASSWORD.search(url)] if m and m.group(2)}
    secrets |= {m.group(0).split("=", 1)[1] for m in _QUERY_PASSWORD.finditer(url)} - {""}
    for secret in sorted(secrets | {unquote(s) for s in secrets}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def driver_failure(exc: BaseException) -> BaseException:
    """A database failure raised through SQLAlchemy (`acct db copy`, `export`, `import`,
    migrations) as the driver's own, and a PostgreSQL one as what it means (store/pg.py
    `failure`: a lost connection is one line, not "internal error"); anything else as it
    was."""
    orig = getattr(exc, "orig", None)
    if type(exc).__module__.startswith("sqlalchemy") and isinstance(orig, BaseException):
        exc = orig
    if type(exc).__module__.split(".")[0] == "psycopg2" and isinstance(exc, Exception):
        from acctcli.store.pg import failure

        return failure(exc, None)
    return exc


class IntegrityError(Exception):
    """A unique or foreign-key constraint refused a write (either engine)."""


def backups_folder(path: Path) -> Path:
    """Where `acct backup` and the daily backups of the store at `path` go."""
    return path.parent / "backups"


def store_failure(exc: BaseException, where: object) -> StoreError:
    """A SQLite or file-system failure of the store `where` as one line saying what happened
    and what to do: a full disk, a read-only store, a damaged file, anything else."""
    import errno

    text = str(exc)
    low = text.lower()
    code = getattr(exc, "errno", None)
    if "disk is full" in low or code in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(
            _("the disk holding {store} is full; nothing was changed").format(store=where),
            _("free some space and run the command again"),
        )
    if "readonly" in low or "read-only" in low or code == errno.EROFS:
        return StoreError(
            _("the store {store} is read-only: it can be read, not changed").format(store=where),
            _("make the file and its folder writable, or work on a copy (acct backup --out FILE)"),
        )
    if code in (errno.EACCES, errno.EPERM):
        return StoreError(
            _("no permission to use {store}: {error}").format(store=where, error=exc),
            _("check the owner and mode of the file and its folder"),
        )
    if "malformed" in low or "not a database" in low or "disk i/o" in low:
        return StoreError(
            _("the store {store} is damaged: {error}").format(store=where, error=text),
            _("see `acct db check`; put back a backup with `acct restore FILE`"),
        )
    return StoreError(
        _("the store {store} cannot be used: {error}").format(store=where, error=text),
        _("see `acct db check`; put back a backup with `acct restore FILE`"),
    )


def _register_adapters() -> None:
    """How SQLite stores what has no SQLite type: a datetime as `YYYY-MM-DD HH:MM:SS[+HH:MM]`,
    a date as ISO, a Decimal as its exact text (money is never a float, here either).  The
    sqlite3 module applies these itself, in C, as it binds each value: an import binds ~30
    values a row, and converting them in Python first cost a tenth of its time."""
    sqlite3.register_adapter(datetime, lambda value: value.isoformat(sep=" "))
    sqlite3.register_adapter(date, lambda value: value.isoformat())
    sqlite3.register_adapter(Decimal, str)


_register_adapters()


def in_marks(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`:p0, :p1, …` for an IN list, and its parameters (named, so either engine takes them)."""
    marks = ", ".join(f":{prefix}{n}" for n in range(len(values)))
    return marks, {f"{prefix}{n}": v for n, v in enumerate(values)}


class Journal:
    """Who writes, in which command (the undo journal's write rows): one per command run."""

    def __init__(self, command: str | Callable[[], str], user: str, at: datetime) -> None:
        self._command = command  # or how to make it: only a command that writes needs it
        self.user = user
        self.at = at
        self.run = os.urandom(8).hex()

    @property
    def command(self) -> str:
        if not isinstance(self._command, str):
            self._command = self._command()
        return self._command


SERIALISED = 0x61636374  # "acct": the advisory lock of Database.serialise
OPTIMIZE_AFTER_ROWS = 1_000  # rows a connection writes before it refreshes the statistics
ANALYSIS_LIMIT = 1_000  # rows of each index ANALYZE samples (SQLite's advice: 100 to 1,000)


class Database:
    """A connection plus the dialect's small differences.  Rows support `row["column"]`."""

    def __init__(self, raw: Any, dialect: str, url: str) -> None:
        self.raw = raw
        self.dialect = dialect
        self.url = url
        self._depth = 0
        self._pg_sql: dict[str, str] = {}
        # who writes (store/journal.py Journal): set by the command's context; None (tests'
        # own connections, migrations) writes nothing to the undo journal
        self.journal: Journal | None = None
        self.write_id: int | None = None
        self.read_only = False
        # called once, before the first write transaction (the daily backup; see backup.py)
        self.before_first_write: Callable[[Database], None] | None = None
        self.committed = False  # a write transaction of this connection was committed
        self.analyze_at_close = False  # set by the day's backup: see close()

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def _prepare(self, sql: str, params: Params) -> tuple[str, Any]:
        if self.is_sqlite:
            if params is None:
                return sql, ()
            return sql, params if type(params) is dict else dict(params)
        converted = self._pg_sql.get(sql)
        if converted is None:
            converted = _PG_TOKENS.sub(_pg_token, sql)
            self._pg_sql[sql] = converted
        # with no parameters psycopg2 would leave the escaped `%%` as it is
        return converted, {} if params is None else params

    def execute(self, sql: str, params: Params = None) -> Any:
        if _KILL_AT is not None and self._depth:
            kill_point()
        if params:
            params = without_nul(params)
        query, args = self._prepare(sql, params)
        try:
            return self.raw.execute(query, args)
        except self._integrity_errors() as exc:
            raise IntegrityError(str(exc)) from exc
        except OverflowError:
            raise Invalid(_("a number given is too large")) from None
        except sqlite3.DatabaseError as exc:
            raise store_failure(exc, self.where) from None
        except Exception as exc:
            said = self._server_failure(exc)
            if said is exc:
                raise
            raise said from None

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        if _KILL_AT is not None and self._depth:
            kill_point()
        query = self._prepare(sql, rows[0])[0]
        args = [without_nul(r) for r in rows]
        try:
            self.raw.executemany(query, args)
        except self._integrity_errors() as exc:
            raise IntegrityError(str(exc)) from exc
        except OverflowError:
            raise Invalid(_("a number given is too large")) from None
        except sqlite3.DatabaseError as exc:
            raise store_failure(exc, self.where) from None
        except Exception as exc:
            said = self._server_failure(exc)
            if said is exc:
                raise
            raise said from None

    def _server_failure(self, exc: Exception) -> Exception:
        """A PostgreSQL failure as what it means to the user (see pg.failure); anything
        else, and a SQLite store's, as it was."""
        if self.is_sqlite:
            return exc
        from acctcli.store import pg

        return pg.failure(exc, self.where)

    @property
    def where(self) -> str:
        """The store as named in messages: the SQLite file, or the URL without a password."""
        if self.is_sqlite:
            return str(sqlite_path(self.url))
        return masked(self.url)

    def all(self, sql: str, params: Params = None) -> list[Any]:
        cursor = self.execute(sql, params)
        try:
            return list(cursor.fetchall())
        except sqlite3.DatabaseError as exc:
            raise store_failure(exc, self.where) from None

    def one(self, sql: str, params: Params = None) -> Any | None:
        cursor = self.execute(sql, params)
        try:
            return cursor.fetchone()
        except sqlite3.DatabaseError as exc:
            raise store_failure(exc, self.where) from None

    def scalar(self, sql: str, params: Params = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def insert(self, sql: str, params: Params = None) -> int:
        """Run an INSERT … RETURNING id and give the new id."""
        row = self.execute(sql + " RETURNING id", params).fetchone()
        return int(row["id"])

    def lock_row(self, table: str, row_id: int) -> None:
        """Inside a transaction, keep other writers off one row until commit (a balance
        check then its write).  SQLite's BEGIN IMMEDIATE already serialises writers."""
        if not self.is_sqlite:
            self.execute(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE", {"id": row_id})

    def serialise(self) -> None:
        """Inside a transaction, wait until no other transaction of acct's that read before
        it writes (an undo; an invoice taking the year's next number) holds the store's one
        advisory lock, and hold it until commit.  One lock for all of them: an undo that
        puts an invoice back and an invoice taking its number must also take turns.
        SQLite's BEGIN IMMEDIATE already serialises writers."""
        if not self.is_sqlite:
            self.execute("SELECT pg_advisory_xact_lock(:key)", {"key": SERIALISED})

    def _integrity_errors(self) -> tuple[type[BaseException], ...]:
        if self.is_sqlite:
            return (sqlite3.IntegrityError,)
        from acctcli.store import pg

        return (pg.IntegrityError,)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All or nothing; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        hook, self.before_first_write = self.before_first_write, None
        if hook is not None:
            hook(self)
        self._depth = 1
        try:
            if self.is_sqlite:
                # a read-only store: a read in a transaction still works, and the first write
                # in it is refused (store_failure: "read-only"); nothing to journal
                self._raw_sqlite("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
                try:
                    if not self.read_only:
                        self._open_write()
                    yield self
                    self._close_write()
                    kill_point()
                    self._raw_sqlite("COMMIT")
                    self.committed = True
                except BaseException:
                    if self.raw.in_transaction:  # a COMMIT that failed (a full disk) too
                        try:
                            self.raw.execute("ROLLBACK")
                        except sqlite3.DatabaseError:
                            pass  # SQLite rolled it back itself
                    raise
            else:
                try:
                    with self.raw.transaction():
                        self._open_write()
                        yield self
                        self._close_write()
                        kill_point()
                except Exception as exc:  # BEGIN or COMMIT failed (the body's are mapped)
                    if type(exc).__module__.split(".")[0] != "psycopg2":
                        raise
                    if isinstance(exc, self._integrity_errors()):
                        raise IntegrityError(str(exc)) from exc
                    said = self._server_failure(exc)
                    if said is exc:
                        raise
                    raise said from None
        finally:
            self._depth = 0
            self.write_id = None

    def _open_write(self) -> None:
        """The undo journal's write for this transaction (store/journal.py): its row, and
        its name in journal_open, which the capture triggers read."""
        journal = self.journal
        if journal is None:
            return
        self.write_id = write_id = self.insert(
            "INSERT INTO journal_write (run, at, command, owner)"
            " VALUES (:run, :at, :command, :owner)",
            {
                "run": journal.run,
                "at": journal.at,
                "command": journal.command,
                "owner": journal.user,
            },
        )
        self.execute("INSERT INTO journal_open (write_id) VALUES (:w)", {"w": write_id})

    def _close_write(self) -> None:
        write_id = self.write_id
        if write_id is None:
            return
        self.execute("DELETE FROM journal_open WHERE write_id = :w", {"w": write_id})
        self.execute(
            "DELETE FROM journal_write WHERE id = :w"
            " AND NOT EXISTS (SELECT 1 FROM journal_change WHERE write_id = :w)",
            {"w": write_id},
        )

    def _raw_sqlite(self, statement: str) -> None:
        try:
            self.raw.execute(statement)
        except sqlite3.DatabaseError as exc:
            raise store_failure(exc, self.where) from None

    def close(self) -> None:
        if self.is_sqlite and self.analyze_at_close and self.committed:
            # The day's first write (the one that made the day's backup) takes the planner's
            # statistics afresh once it has committed — a command refused leaves the store as
            # it was, statistics included.  A store grows by small writes — an invoice, a
            # call — and `PRAGMA optimize` below re-analyzes a table only when it has grown
            # 25-fold, or never when the connection wrote little; without statistics SQLite
            # guesses, and the month's KPI walked every invoice of every client instead of
            # the month's (issue 17).  Sampled: tens of milliseconds at 60,000 invoices.
            try:
                self.raw.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.raw.execute("ANALYZE")
            except sqlite3.DatabaseError:
                pass  # statistics are an aid: a busy or full store keeps the ones it had
        elif self.is_sqlite and self.raw.total_changes >= OPTIMIZE_AFTER_ROWS:
            # SQLite's advice for short-lived connections: `PRAGMA optimize` before closing.
            # It ANALYZEs only the tables this connection's queries would plan better with
            # fresh statistics, each sampled (analysis_limit).  Only after a large write (an
            # import, a copy, a demo): statistics taken from a handful of rows would tell
            # the planner that scanning a table is cheap, and it stays so until the table
            # grows 25-fold.  Read-only connections (`acct today`) never pay for it.
            try:
                self.raw.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.raw.execute("PRAGMA optimize")
            except sqlite3.DatabaseError:
                pass  # statistics are an aid: a busy or read-only file keeps its old ones
        self.raw.close()


def refresh_statistics(url: str) -> None:
    """The planner's statistics of a store just filled in bulk (`acct db copy`).  Until they
    are taken every query is planned blind — PostgreSQL's autovacuum takes them only a while
    later, SQLite never — and the morning's queries walk whole tables.  SQLite samples them
    (analysis_limit)."""
    db = connect(url)
    try:
        if db.is_sqlite:
            db.raw.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        db.raw.execute("ANALYZE")
    except sqlite3.DatabaseError:
        pass  # an aid: a copy that is whole and checked stays done
    except Exception as exc:
        if db.is_sqlite:
            raise
        from acctcli.store import pg

        if not isinstance(exc, pg.Error):
            raise
    finally:
        db.close()


def sqlite_path(url: str) -> Path:
    from pathlib import Path

    return Path(sqlite_file(url))


def sqlite_file(url: str) -> str:
    """The file a `sqlite:///` URL names, as a str (pathlib stays off the morning's path)."""
    prefix = "sqlite:///"
    path = url[len(prefix) :].split("?", 1)[0] if url.startswith(prefix) else ""
    if not path:
        raise StoreError(
            _("unsupported SQLite URL {url}").format(url=repr(masked(url))),
            _("use sqlite:///PATH (four slashes for /abs)"),
        )
    return path


def configure_sqlite(raw: sqlite3.Connection) -> None:
    """The one set of pragmas every SQLite connection gets, acct's own and SQLAlchemy's
    (migrations, `acct db copy`) alike: foreign keys enforced, a 30 s wait for a busy
    writer, write-ahead logging, fsync only at checkpoints, and statement journals (a
    multi-row or trigger-firing statement's undo log) in memory, not in a temporary file
    written page by page: 50 writes a message for a mail import."""
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("PRAGMA temp_store = MEMORY")
    raw.execute("PRAGMA busy_timeout = 30000")
    mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = NORMAL")


def open_sqlite(path: StrPath) -> sqlite3.Connection:
    """A configured sqlite3 connection in autocommit mode (transactions are begun explicitly).

    Private: the folder 0700, the file 0600 (SQLite gives -wal/-shm the file's own mode)."""
    return _open_sqlite(path)[0]


def _open_sqlite(path: StrPath) -> tuple[sqlite3.Connection, bool]:
    """The connection, and whether it is read-only (the file, its folder or the medium is):
    such a store still answers every read, and a write is one line saying why not.

    A file with tables but no acct schema is refused before anything is written to it (not
    even the switch to write-ahead logging)."""
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            _("cannot create the data folder {folder}: {error}").format(
                folder=folder, error=exc.strerror
            )
        ) from None
    raw = None
    try:
        existed = _exists(path)  # (a name too long for the file system raises here)
        raw = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        if not existed:
            os.chmod(path, 0o600)
        refuse_foreign(raw, path)
        configure_sqlite(raw)
        return raw, False
    except sqlite3.OperationalError as exc:
        if raw is not None:
            raw.close()
        if existed and _unwritable(exc):
            return _open_read_only(path, exc), True
        raise store_failure(exc, path) from None
    except sqlite3.DatabaseError as exc:
        if raw is not None:
            raw.close()
        raise store_failure(exc, path) from None
    except OSError as exc:
        if raw is not None:
            raw.close()
        raise StoreError(
            _("cannot open the store {path}: {error}").format(path=path, error=exc.strerror)
        ) from None
    except BaseException:
        if raw is not None:
            raw.close()
        raise


def _exists(path: StrPath) -> bool:
    """Whether the file is there; a name the file system cannot look up at all (too long, no
    permission on a folder) raises, as pathlib's exists() does."""
    import errno

    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    return True


def _unwritable(exc: BaseException) -> bool:
    low = str(exc).lower()
    return "unable to open" in low or "readonly" in low or "read-only" in low


def _open_read_only(path: StrPath, failure: BaseException) -> sqlite3.Connection:
    """The store opened for reading: `mode=ro` (which still sees a write-ahead log), else
    `immutable=1` (read-only media, where SQLite cannot make its shared-memory file)."""
    from pathlib import Path

    uri = Path(path).resolve().as_uri()
    for options in ("mode=ro", "immutable=1"):
        raw = None
        try:
            raw = sqlite3.connect(
                f"{uri}?{options}", uri=True, isolation_level=None, check_same_thread=False
            )
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
            refuse_foreign(raw, path)
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute("PRAGMA busy_timeout = 30000")
            return raw
        except sqlite3.OperationalError:
            if raw is not None:
                raw.close()
        except sqlite3.DatabaseError as exc:
            if raw is not None:
                raw.close()
            raise store_failure(exc, path) from None
    raise store_failure(failure, path)


def refuse_foreign(raw: sqlite3.Connection, path: StrPath) -> None:
    """Refuse a SQLite file that holds tables but not acct's schema (another program's)."""
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if names and not {"alembic_version", "client"} <= names:
        raise StoreError(
            _(
                "{path} is not an acct store (it holds other tables); nothing was written to it"
            ).format(path=path),
            _("point ACCT_DATABASE_URL or database_url at acct's own file, or at a new one"),
        )


def _connect_sqlite(path: str) -> Database:
    raw, read_only = _open_sqlite(path)
    raw.row_factory = sqlite3.Row
    db = Database(raw, "sqlite", f"sqlite:///{path}")
    db.read_only = read_only
    return db


def open_postgres(url: str, *, autocommit: bool = False) -> Any:
    """A psycopg2 connection to a `postgresql[+driver]://` URL; a refusal is one line."""
    try:
        from acctcli.store import pg
    except ImportError:
        raise StoreError(
            _("a PostgreSQL URL needs the psycopg2 driver"),
            _("install it with: pip install 'acct[postgres]'"),
        ) from None
    dsn = "postgresql://" + url.split("://", 1)[1]
    try:
        return pg.connect(dsn, autocommit=autocommit)
    except pg.Error as exc:  # refused, unreachable, or a URL libpq cannot read
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else _("connection failed")
        raise StoreError(
            _("cannot connect to the shared store: {error}").format(
                error=_password_hidden(first, url)
            )
        ) from None


def _connect_postgres(url: str) -> Database:
    from acctcli.store.pg import Connection

    return Database(Connection(open_postgres(url, autocommit=True)), "postgresql", url)


# The URLs acct opens: SQLite's file, PostgreSQL's (the driver named or not: SQLAlchemy's
# `+psycopg`/`+psycopg2` as written by earlier releases and the design's examples)
_URL_SCHEME = re.compile(r"(?:sqlite|postgres(?:ql)?(?:\+psycopg2?)?)://")


def _check_url(url: str) -> None:
    if not _URL_SCHEME.match(url):
        raise StoreError(
            _("unsupported database URL {url}").format(url=repr(masked(url))),
            _("use sqlite:///PATH or postgresql://USER@HOST/DATABASE"),
        )


def connect(url: str) -> Database:
    """A raw connection, no schema check (for `acct db …` and migrations)."""
    _check_url(url)
    if url.startswith("sqlite"):
        return _connect_sqlite(sqlite_file(url))
    return _connect_postgres(url)


def sqlalchemy_engine(url: str, *, foreign_keys: bool = True) -> Any:
    """A SQLAlchemy engine (Alembic, `acct db copy`) whose connections are made by the same
    functions as `connect()`'s, so they get the same pragmas.

    `foreign_keys=False` is for migrations only: Alembic's batch mode rebuilds a SQLite
    table by copying it and dropping the original, which enforced foreign keys would refuse
    (or cascade).  It is switched off on top of the shared set-up, per connection.
    """
    _check_url(url)
    from sqlalchemy import create_engine, pool

    if url.startswith("sqlite"):
        path = sqlite_path(url)

        def creator() -> sqlite3.Connection:
            raw = open_sqlite(path)
            if not foreign_keys:
                raw.execute("PRAGMA foreign_keys = OFF")
            # SQLAlchemy runs its own transactions: hand them back to the driver
            raw.isolation_level = "DEFERRED"
            return raw

        return create_engine(url, creator=creator, poolclass=pool.NullPool)
    sa_url = "postgresql+psycopg2://" + url.split("://", 1)[1]
    return create_engine(sa_url, creator=lambda: open_postgres(url), poolclass=pool.NullPool)


def schema_revision(db: Database) -> str | None:
    """The stored Alembic revision, or None for an empty store."""
    if db.is_sqlite:
        exists = db.scalar(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        )
    else:
        exists = db.scalar("SELECT to_regclass('alembic_version') IS NOT NULL")
    if not exists:
        return None
    return db.scalar("SELECT version_num FROM alembic_version")


def open_store(url: str) -> Database:
    """Connect and make sure the schema is current.

    The stored revision is compared with SCHEMA_HEAD first, so Alembic is imported only when
    they differ.  A personal SQLite store upgrades itself after a backup copy; a shared
    PostgreSQL schema is upgraded only by an administrator's `acct db migrate`.
    """
    db = connect(url)
    revision = schema_revision(db)
    if revision == SCHEMA_HEAD:
        return db
    if not db.is_sqlite:
        db.close()
        if revision is None:
            raise StoreError(
                _("the shared store has no acct schema yet"),
                _("an administrator runs: acct db migrate"),
            )
        raise StoreError(
            _("the shared store's schema is at {revision}, this acct needs {head}").format(
                revision=revision, head=SCHEMA_HEAD
            ),
            _("an administrator runs: acct db migrate (or upgrade acct if the store is newer)"),
        )
    from acctcli.store.migrate import upgrade_sqlite

    db.close()
    upgrade_sqlite(url, revision)
    return connect(url)
