"""The PostgreSQL connection as `store.db.Database` uses it, over psycopg2.

Imported only for a `postgresql://` store.  Why psycopg2 and not psycopg 3 (issue 17): a
shared store's `acct today` must stay within twice SQLite's time, and `import psycopg`
alone took 14.9x `python -c pass` (its `__init__` loads asyncio, ssl, logging and
importlib.metadata), more than twice SQLite's whole `acct today`; `import psycopg2` is a C
extension and takes ~4x.  Both wrap the same libpq.

What this module adds to psycopg2 is what psycopg 3 gave the adapter: `execute()` on the
connection returning its cursor, rows that index by position and by column name (as
`sqlite3.Row` does), and `transaction()`.  The connection is in autocommit mode and a
transaction is an explicit BEGIN … COMMIT, so a read is never left inside one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import psycopg2.extensions

from acctcli.errors import ConnectionLost, Invalid, StoreError
from acctcli.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Error = psycopg2.Error
IntegrityError = psycopg2.IntegrityError
OperationalError = psycopg2.OperationalError


def failure(exc: Exception, where: str | None) -> Exception:
    """What a failed statement means to the user, as one line: a lost connection, another
    writer in the way, a number too large for its column; anything else as it was (the
    entry point says "the store refused: …").  `where`: the store as named in messages."""
    if not isinstance(exc, psycopg2.Error):
        return exc
    code = exc.pgcode or ""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if code == "22003":  # numeric_value_out_of_range
        return Invalid(_("a number given is too large"))
    if code.startswith("40"):  # serialization failure, deadlock: the server rolled it back
        return StoreError(
            _(
                "another write to the shared store got in the way ({error}); nothing was changed"
            ).format(error=first),
            _("run the command again"),
        )
    if code.startswith(("08", "57P")) or (
        not code and isinstance(exc, (psycopg2.OperationalError, psycopg2.InterfaceError))
    ):
        said = (
            _("the connection to the shared store {store} was lost: {error}")
            if where
            else _("the connection to the shared store was lost: {error}")
        )
        return ConnectionLost(
            said.format(store=where, error=first),
            _(
                "check that the server is up and run the command again; what was written"
                " before is whole, and a rerun goes on from there"
            ),
        )
    return exc


def connect(dsn: str, *, autocommit: bool = False) -> Any:
    """A psycopg2 connection (raises psycopg2.OperationalError when refused)."""
    raw = psycopg2.connect(dsn)
    if autocommit:
        raw.autocommit = True
    return raw


class PgRow(tuple):  # type: ignore[type-arg]
    """A row that indexes like sqlite3.Row: by position and by column name."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


class Cursor(psycopg2.extensions.cursor):
    """psycopg2's cursor giving PgRow rows (one row class per statement)."""

    _row: type[PgRow] | None = None

    def execute(self, query: Any, vars: Any = None) -> Cursor:  # type: ignore[override]
        self._row = None
        super().execute(query, vars)
        return self

    def _row_type(self) -> type[PgRow]:
        row = self._row
        if row is None:
            names = tuple(column.name for column in self.description or ())
            row = self._row = type("Row", (PgRow,), {"names": names})
        return row

    def fetchone(self) -> PgRow | None:  # type: ignore[override]
        values = super().fetchone()
        return None if values is None else self._row_type()(values)

    def fetchmany(self, size: int | None = None) -> list[PgRow]:  # type: ignore[override]
        make = self._row_type()
        rows = super().fetchmany(self.arraysize if size is None else size)
        return [make(values) for values in rows]

    def fetchall(self) -> list[PgRow]:  # type: ignore[override]
        make = self._row_type()
        return [make(values) for values in super().fetchall()]

    def __iter__(self) -> Iterator[PgRow]:  # type: ignore[override]
        make = self._row_type() if self.description else None
        for values in super().__iter__():
            yield make(values) if make is not None else values


class Connection:
    """A psycopg2 connection with the few calls `Database` makes (acct's own connections
    are in autocommit mode: see transaction())."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def cursor(self) -> Cursor:
        return self.raw.cursor(cursor_factory=Cursor)

    def execute(self, query: str, params: Any = None) -> Cursor:
        return self.cursor().execute(query, params)

    def executemany(self, query: str, rows: Any) -> None:
        """One statement for many rows, sent in pages of 100 (psycopg2's own executemany
        makes one round trip a row)."""
        from psycopg2.extras import execute_batch

        with self.raw.cursor() as cur:
            execute_batch(cur, query, rows, page_size=100)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN … COMMIT, ROLLBACK when the block raises (or the COMMIT fails).  On a
        connection whose owner runs the transaction (Alembic's, in a migration), a
        savepoint instead, as psycopg 3's `transaction()` did."""
        outer = not self.raw.autocommit
        begin, commit, rollback = (
            (
                "SAVEPOINT acct_write",
                "RELEASE SAVEPOINT acct_write",
                "ROLLBACK TO SAVEPOINT acct_write",
            )
            if outer
            else ("BEGIN", "COMMIT", "ROLLBACK")
        )
        with self.raw.cursor() as cur:
            cur.execute(begin)
            try:
                yield
                cur.execute(commit)
            except BaseException:
                if not self.raw.closed:
                    try:
                        cur.execute(rollback)
                    except psycopg2.Error:
                        pass  # the connection is gone: the server rolled it back
                raise

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)

    def close(self) -> None:
        self.raw.close()
