"""`acct export` and `acct import`: every table of the store to files and back, losslessly.

The tables are those of the schema of record (store/schema), read and written by the same
code as `acct db copy` (store/admin.py): a table added to the schema is exported with no
change here.  The tables the store keeps itself (the mail tally) are not written: the
importing store's triggers build them again, row by row, as `db copy` does.

A folder holds `manifest.json` (the export's format, acct's version, the schema revision,
each table's file and row count) and one file per table, `TABLE.json` or `TABLE.csv`, rows
in primary-key order.  Written once more from the store it was imported into, an export is
the same bytes (domain/transfer.py spells every value one way).

An import reads and checks every file before it touches the store, then loads them in one
transaction into an empty store: any bad input is one error and the store is unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from acctcli import __version__
from acctcli.domain.transfer import (
    MONEY,
    TEXT,
    Column,
    Where,
    csv_field,
    csv_records,
    from_json,
    from_text,
    json_value,
    to_text,
    unexcel,
)
from acctcli.errors import Conflict, Invalid, StoreError
from acctcli.i18n import _
from acctcli.records import NamedTuple

MANIFEST = "manifest.json"
EXPORT_VERSION = 1
FORMATS = ("json", "csv")
BOM = "\ufeff"
MAX_MANIFEST = 1 << 20  # bytes: a manifest is a few kilobytes


class Transfer(NamedTuple):
    """What an export wrote or an import loaded: rows per table, the schema revision."""

    folder: Path
    tables: dict[str, int]
    revision: str


def _tables() -> list[tuple[Any, list[Column]]]:
    from acctcli.store.admin import exported_columns, loading_order

    return [(table, exported_columns(table)) for table in loading_order()]


def _current(url: str) -> Any:
    from acctcli.services.dbadmin import schema_status, state_label

    status = schema_status(url)
    if status.state != "current":
        raise StoreError(
            _("the store is {state}").format(state=state_label(status.state)),
            _("run: acct db migrate"),
        )
    return status


# --- export ------------------------------------------------------------------------------


def export_store(url: str, folder: Path, *, fmt: str = "json", excel: bool = False) -> Transfer:
    """Write every table of the store at `url` into `folder` (new, or an empty one)."""
    from acctcli.store.admin import DERIVED, read_rows, snapshot

    if fmt not in FORMATS:
        raise Invalid(_("--format must be json or csv, not {value}").format(value=repr(fmt)))
    if excel and fmt != "csv":
        raise Invalid(_("--excel is for --format csv"))
    status = _current(url)
    try:
        folder = folder.resolve()
        folder.exists()
    except OSError as exc:  # a name too long, a folder that cannot be searched…
        raise Invalid(
            _("cannot write {path}: {error}").format(path=folder, error=exc.strerror or exc)
        ) from None
    if not folder.name:  # the root
        raise Conflict(_("{folder} exists and is not an empty folder").format(folder=folder))
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Conflict(
            _("{folder} exists and is not an empty folder").format(folder=folder),
            _("export into a new folder"),
        )
    if not folder.parent.is_dir():
        raise Invalid(_("no folder {folder}").format(folder=folder.parent))
    partial = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
    counts: dict[str, int] = {}
    try:
        partial.mkdir(mode=0o700)
        with snapshot(url) as read:
            for table, columns in _tables():
                rows = read_rows(read, table)
                path = partial / f"{table.name}.{fmt}"
                with path.open("w", encoding="utf-8", newline="") as out:
                    if fmt == "json":
                        counts[table.name] = _write_json(out, table.name, columns, rows)
                    else:
                        counts[table.name] = _write_csv(out, columns, rows, excel=excel)
        manifest = {
            "acct_export": EXPORT_VERSION,
            "acct_version": __version__,
            "schema_revision": status.revision,
            "format": fmt,
            "excel": excel,
            "tables": {
                name: {"file": f"{name}.{fmt}", "rows": n} for name, n in sorted(counts.items())
            },
            "rebuilt_on_import": sorted(DERIVED),
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (partial / MANIFEST).write_text(text, encoding="utf-8")
        if folder.exists():  # empty: filled (the manifest last), never replaced
            for path in sorted(partial.iterdir(), key=lambda p: p.name == MANIFEST):
                os.replace(path, folder / path.name)
            partial.rmdir()
        else:
            os.replace(partial, folder)
    except OSError as exc:
        raise Invalid(
            _("cannot write {path}: {error}").format(path=folder, error=exc.strerror or exc)
        ) from None
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    return Transfer(folder, counts, str(status.revision))


def _write_json(out: Any, name: str, columns: list[Column], rows: Iterator[dict]) -> int:
    head = {"table": name, "columns": [c.header for c in columns]}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['  # JSON, not prose
    out.write(opening)
    count = 0
    for row in rows:
        values = [json_value(c, row[c.name]) for c in columns]
        out.write(("\n" if count == 0 else ",\n") + json.dumps(values, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def _write_csv(out: Any, columns: list[Column], rows: Iterator[dict], *, excel: bool) -> int:
    sep = ";" if excel else ","
    if excel:
        out.write(BOM)
    out.write(sep.join(csv_field(c.header, sep, excel=False, is_text=False) for c in columns))
    out.write("\r\n")
    count = 0
    for row in rows:
        fields = [
            csv_field(to_text(c, row[c.name]), sep, excel=excel, is_text=c.kind == TEXT)
            for c in columns
        ]
        out.write(sep.join(fields) + "\r\n")
        count += 1
    return count


# --- import ------------------------------------------------------------------------------


class Manifest(NamedTuple):
    fmt: str
    excel: bool
    revision: str
    rows: dict[str, int]


def import_store(url: str, folder: Path) -> Transfer:
    """Load an export into the empty store at `url`: all of it, or nothing."""
    from acctcli.services.dbadmin import migrate, schema_status

    manifest = read_manifest(folder)
    tables = {
        table.name: _read_table(folder, manifest, table.name, columns)
        for table, columns in _tables()
    }
    status = schema_status(url)
    if status.state == "newer":
        raise StoreError(_("the store was made by a newer acct"))
    if any(status.counts.values()):
        busy = [f"{t} ({n})" for t, n in status.counts.items() if n]
        raise Conflict(
            _("the store is not empty: {tables}").format(
                tables=", ".join(busy[:3]) + (", …" if len(busy) > 3 else "")
            ),
            _("import into a new store: ACCT_HOME=/new/folder acct import …"),
        )
    if status.state != "current":
        migrate(url)
    written = _load(url, tables)
    for name, n in manifest.rows.items():
        if written.get(name) != n:
            raise StoreError(
                _("table {table}: {n} rows loaded, the manifest says {rows}").format(
                    table=name, n=written.get(name), rows=n
                )
            )
    return Transfer(folder, {t: written[t] for t in manifest.rows}, manifest.revision)


def _load(url: str, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    from sqlalchemy.exc import SQLAlchemyError

    from acctcli.store.admin import load_tables
    from acctcli.store.db import driver_failure

    current = [""]

    def rows_of(table: Any) -> list[dict[str, Any]]:
        current[0] = table.name
        return tables[table.name]

    try:
        return load_tables(url, rows_of)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        said = driver_failure(exc)
        if isinstance(said, StoreError):  # a lost connection: not the files' fault
            raise said from None
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise Invalid(
            _("table {table} does not load: {error}").format(table=current[0], error=first),
            _("nothing was imported"),
        ) from None


def _bad_manifest(folder: Path, problem: str) -> Invalid:
    return Invalid(
        _("{path}: {problem}").format(path=folder / MANIFEST, problem=problem),
        _("acct import reads a folder written by acct export"),
    )


def read_manifest(folder: Path) -> Manifest:
    """The export's manifest, checked against this acct: its format, its schema, its tables."""
    from acctcli.store.db import SCHEMA_HEAD

    try:
        is_folder = folder.is_dir()
    except OSError as exc:  # a name too long, a folder that cannot be searched…
        raise Invalid(
            _("cannot read {path}: {error}").format(path=folder, error=exc.strerror or exc)
        ) from None
    if not is_folder:
        raise Invalid(_("no folder {folder}").format(folder=folder))
    path = folder / MANIFEST
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MANIFEST + 1)
    except FileNotFoundError:
        raise _bad_manifest(folder, _("missing: not an acct export")) from None
    except OSError as exc:
        raise _bad_manifest(folder, str(exc.strerror or exc)) from None
    if len(data) > MAX_MANIFEST:
        raise _bad_manifest(folder, _("too large to be a manifest"))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad_manifest(folder, _("not valid JSON")) from None
    if not isinstance(document, dict) or document.get("acct_export") != EXPORT_VERSION:
        raise _bad_manifest(folder, _("not a manifest of acct export"))
    fmt, excel = document.get("format"), document.get("excel")
    if fmt not in FORMATS or not isinstance(excel, bool) or (excel and fmt != "csv"):
        raise _bad_manifest(folder, _("bad format or excel"))
    revision = document.get("schema_revision")
    if revision != SCHEMA_HEAD:
        raise Invalid(
            _("the export is of schema {revision}, this acct's is {head}").format(
                revision=revision if isinstance(revision, str) else repr(revision),
                head=SCHEMA_HEAD,
            ),
            _("import it with the acct that wrote it, then upgrade that store"),
        )
    listed = document.get("tables")
    if not isinstance(listed, dict):
        raise _bad_manifest(folder, _("no tables"))
    expected = {table.name for table, _columns in _tables()}
    missing, unknown = expected - set(listed), set(listed) - expected
    if missing or unknown:
        names = ", ".join(sorted(missing | unknown)[:5])
        raise _bad_manifest(
            folder,
            _("its tables are not this schema's: {names}").format(names=names),
        )
    rows: dict[str, int] = {}
    for name, entry in listed.items():
        count = entry.get("rows") if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or entry.get("file") != f"{name}.{fmt}"
            or type(count) is not int
            or count < 0
        ):
            raise _bad_manifest(folder, _("bad entry for table {table}").format(table=name))
        rows[name] = count
    return Manifest(fmt, excel, revision, rows)


def _read_table(
    folder: Path, manifest: Manifest, name: str, columns: list[Column]
) -> list[dict[str, Any]]:
    """One table's rows from its file, every value checked; its row count the manifest's."""
    file_name = f"{name}.{manifest.fmt}"
    try:
        raw = (folder / file_name).read_bytes()
    except FileNotFoundError:
        raise Invalid(
            _("{file} is missing from {folder}").format(file=file_name, folder=folder)
        ) from None
    except OSError as exc:
        raise Invalid(
            _("cannot read {path}: {error}").format(
                path=folder / file_name, error=exc.strerror or exc
            )
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Invalid(
            _("{file}: not UTF-8 text (byte {offset})").format(file=file_name, offset=exc.start)
        ) from None
    if manifest.fmt == "json":
        rows = _json_rows(text, file_name, name, columns)
    else:
        rows = _csv_rows(text, file_name, columns, excel=manifest.excel)
    if len(rows) != manifest.rows[name]:
        raise Invalid(
            _("{file} has {n} rows, the manifest says {rows}").format(
                file=file_name, n=len(rows), rows=manifest.rows[name]
            )
        )
    _check_totals(file_name, columns, rows)
    if name == "client":
        _check_clients(file_name, columns, rows)
    return rows


def _check_clients(file_name: str, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    """A client's name, cadence, channel and owner as `acct client add` would take them: a
    name with control characters, or a cadence with no occurrence in a sane horizon, would
    otherwise reach the terminal or drop the client from `acct calls` (issue 15)."""
    from acctcli.domain.cadence import parse_cadence
    from acctcli.domain.clients import clean_channel, clean_name, clean_user

    checks: dict[str, Callable[[str], object]] = {
        "name": clean_name,
        "cadence": parse_cadence,
        "channel": clean_channel,
        "owner": lambda value: clean_user(value, "owner"),
    }
    by_name = {c.name: c for c in columns}
    for number, row in enumerate(rows, start=1):
        for column_name, check in checks.items():
            value = row.get(column_name)
            if value is None or column_name not in by_name:
                continue
            try:
                check(value)
            except Invalid as exc:
                raise Where(file_name, number).bad(by_name[column_name], exc.message) from None


def _check_totals(file_name: str, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    """A money column's sum within what acct's own writes allow (MAX_TOTAL_MINOR), so that
    no total `acct kpi` or a balance adds up can overflow."""
    from acctcli.domain.money import MAX_TOTAL_MINOR

    for column in columns:
        if column.kind == MONEY:
            total = sum(row[column.name] or 0 for row in rows)
            if total > MAX_TOTAL_MINOR:
                raise Invalid(
                    _("{file}, {column}: the amounts add up to more than acct can hold").format(
                        file=file_name, column=column.header
                    )
                )


def _json_rows(text: str, file_name: str, name: str, columns: list[Column]) -> list[dict]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise Invalid(_("{file}: not valid JSON").format(file=file_name)) from None
    headers = [c.header for c in columns]
    if (
        not isinstance(document, dict)
        or set(document) != {"table", "columns", "rows"}
        or document["table"] != name
        or not isinstance(document["rows"], list)
    ):
        raise Invalid(_("{file}: not a table of acct export").format(file=file_name))
    if document["columns"] != headers:
        raise Invalid(
            _("{file}: the columns are not {columns}").format(
                file=file_name, columns=", ".join(headers)
            )
        )
    rows = []
    for number, values in enumerate(document["rows"], start=1):
        if not isinstance(values, list) or len(values) != len(columns):
            raise Invalid(
                _("{file}, row {row}: expected {n} values").format(
                    file=file_name, row=number, n=len(columns)
                )
            )
        where = Where(file_name, number)
        rows.append({c.name: from_json(c, v, where) for c, v in zip(columns, values, strict=True)})
    return rows


def _csv_rows(text: str, file_name: str, columns: list[Column], *, excel: bool) -> list[dict]:
    sep = ";" if excel else ","
    records = csv_records(text.removeprefix(BOM), sep, file_name)
    headers = [c.header for c in columns]
    if next(records, None) != headers:
        raise Invalid(
            _("{file}: the first line is not {columns}").format(
                file=file_name, columns=sep.join(headers)
            )
        )
    rows = []
    for number, fields in enumerate(records, start=1):
        if len(fields) != len(columns):
            raise Invalid(
                _("{file}, row {row}: expected {n} values").format(
                    file=file_name, row=number, n=len(columns)
                )
            )
        where = Where(file_name, number)
        row = {}
        for column, field in zip(columns, fields, strict=True):
            value = unexcel(field, excel=excel, is_text=column.kind == TEXT)
            row[column.name] = from_text(column, value, where)
        rows.append(row)
    return rows
