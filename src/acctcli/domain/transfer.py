"""The values of `acct export` and `acct import`: each column's value as text, and back.

One spelling per value, so that an export read back and written again is the same bytes:
integers in digits, money (a `…_minor` column of kopecks) as an exact decimal with two
places under the column's name without `_minor` ("amount": "125000.50"), dates ISO
(2026-11-26), moments ISO with a space (2026-11-26 10:30:00, microseconds only when there
are some), booleans true/false.  In JSON a NULL is null; in CSV it is an empty field, and an
empty text is a quoted one (`""`), so that the two never meet.

A value read back is checked as strictly as it is written: anything else is an `Invalid`
saying which table, row and column.  Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.records import NamedTuple

INT, BIGINT, MONEY, TEXT, BOOL, DATE, DATETIME, DECIMAL = (
    "int",
    "bigint",
    "money",
    "text",
    "bool",
    "date",
    "datetime",
    "decimal",
)
_RANGE = {INT: 2**31, BIGINT: 2**63, MONEY: 2**63}
MONEY_SUFFIX = "_minor"

_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,18})\Z", re.ASCII)
_MONEY = re.compile(r"-?(0|[1-9][0-9]{0,16})\.[0-9]{2}\Z", re.ASCII)
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]{0,30})(\.[0-9]{1,30})?\Z", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?\Z", re.ASCII
)
# what a spreadsheet would take for a formula (or a formula's escape) at the start of a text
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


class Column(NamedTuple):
    """A column as the export writes it: its name in the store, its kind, whether it may be
    NULL.  `header` is the name in the file (money without `_minor`)."""

    name: str
    kind: str
    nullable: bool

    @property
    def header(self) -> str:
        return self.name.removesuffix(MONEY_SUFFIX) if self.kind == MONEY else self.name


class Where(NamedTuple):
    """Where a value was read, for the error that names it."""

    table: str
    row: int  # 1 is the first row of data

    def bad(self, column: Column, problem: str) -> Invalid:
        # TRANSLATORS: "client.csv, row 3, since: expected a date (YYYY-MM-DD)"
        return Invalid(
            _("{table}, row {row}, {column}: {problem}").format(
                table=self.table, row=self.row, column=column.header, problem=problem
            )
        )


def to_text(column: Column, value: Any) -> str | None:
    """A stored value as the export spells it (None for NULL); JSON keeps ints and bools."""
    if value is None:
        return None
    kind = column.kind
    if kind == MONEY:
        return str((Decimal(int(value)) / 100).quantize(Decimal("0.01")))
    if kind in (INT, BIGINT):
        return str(int(value))
    if kind == BOOL:
        return "true" if value else "false"
    if kind == DATETIME:
        return value.isoformat(sep=" ")
    if kind == DATE:
        return value.isoformat()
    if kind == DECIMAL:
        return str(value)
    return str(value)


def json_value(column: Column, value: Any) -> Any:
    """A stored value as it goes into the JSON export."""
    if value is None:
        return None
    if column.kind in (INT, BIGINT):
        return int(value)
    if column.kind == BOOL:
        return bool(value)
    return to_text(column, value)


def from_json(column: Column, value: Any, where: Where) -> Any:
    """A JSON value as the store takes it (checked)."""
    if value is None:
        return _null(column, where)
    kind = column.kind
    if kind in (INT, BIGINT):
        if type(value) is not int:
            raise where.bad(column, _("expected a whole number"))
        return _in_range(column, value, where)
    if kind == BOOL:
        if type(value) is not bool:
            raise where.bad(column, _("expected true or false"))
        return value
    if not isinstance(value, str):
        raise where.bad(column, _("expected a string"))
    return from_text(column, value, where)


def from_text(column: Column, text: str | None, where: Where) -> Any:
    """A value as written in the export (None: NULL) as the store takes it (checked)."""
    if text is None:
        return _null(column, where)
    kind = column.kind
    if kind in (INT, BIGINT):
        if not _INTEGER.match(text):
            raise where.bad(column, _("expected a whole number"))
        return _in_range(column, int(text), where)
    if kind == MONEY:
        if not _MONEY.match(text):
            raise where.bad(column, _("expected an amount with two decimal places"))
        return _money(column, int(text.replace(".", "")), where)
    if kind == BOOL:
        if text not in ("true", "false"):
            raise where.bad(column, _("expected true or false"))
        return text == "true"
    if kind == DATE:
        return _parsed(column, text, where, _DATE, date.fromisoformat, "YYYY-MM-DD")
    if kind == DATETIME:
        return _parsed(column, text, where, _MOMENT, datetime.fromisoformat, "YYYY-MM-DD HH:MM:SS")
    if kind == DECIMAL:
        if not _DECIMAL.match(text):
            raise where.bad(column, _("expected a decimal number"))
        return Decimal(text)
    if "\x00" in text:  # no store holds NUL (store/db.py without_nul): U+FFFD, as db copy
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise where.bad(column, _("not valid text (a lone surrogate)")) from None
    return text


def _null(column: Column, where: Where) -> None:
    if not column.nullable:
        raise where.bad(column, _("a value is required"))
    return None


def _in_range(column: Column, value: int, where: Where) -> int:
    limit = _RANGE[column.kind]
    if not -limit <= value < limit:
        raise where.bad(column, _("the number is too large"))
    return value


def _money(column: Column, minor: int, where: Where) -> int:
    """An amount as acct itself would take it: never negative, below MAX_AMOUNT (so that no
    sum of a store can overflow; the import checks the sums too)."""
    from acctcli.domain.money import MAX_AMOUNT

    if minor < 0:
        raise where.bad(column, _("an amount cannot be negative"))
    if minor >= MAX_AMOUNT * 100:
        raise where.bad(column, _("the amount is too large (at most 9 999 999 999.99)"))
    return minor


def _parsed(column: Column, text: str, where: Where, shape: Any, parse: Any, form: str) -> Any:
    try:
        if not shape.match(text):
            raise ValueError(text)
        value = parse(text)
    except ValueError:
        raise where.bad(column, _("expected {form}").format(form=form)) from None
    if to_text(column, value) != text:  # one spelling per value
        raise where.bad(column, _("expected {form}").format(form=form))
    return value


# --- CSV ---------------------------------------------------------------------------------


def csv_field(text: str | None, sep: str, *, excel: bool, is_text: bool) -> str:
    """One field: NULL empty, an empty text `""`, quoted when it holds the separator, a quote
    or a line break.  For Excel a text that a spreadsheet would run as a formula (=, +, -,
    @, a tab or CR first) — or that starts with the apostrophe this adds — gets a leading
    apostrophe, which `acct import` takes off again."""
    if text is None:
        return ""
    if excel and is_text and text.startswith(_FORMULA_START):
        text = "'" + text
    if text == "" or sep in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def unexcel(text: str | None, *, excel: bool, is_text: bool) -> str | None:
    """A text field read back: the apostrophe that --excel put before a formula-like text off."""
    if excel and is_text and text is not None and text.startswith("'"):
        rest = text[1:]
        if rest.startswith(_FORMULA_START):
            return rest
    return text


def csv_records(text: str, sep: str, name: str) -> Iterator[list[str | None]]:
    """The records of a CSV text (RFC 4180, CRLF or LF), each field a string or None for an
    empty unquoted field (NULL).  Malformed quoting is an `Invalid` naming `name`."""
    i, n, line = 0, len(text), 1
    while i < n:
        record: list[str | None] = []
        while True:
            if i < n and text[i] == '"':
                parts = []
                j = i + 1
                while True:
                    k = text.find('"', j)
                    if k < 0:
                        raise Invalid(
                            _("{file}, line {line}: a quoted field never ends").format(
                                file=name, line=line
                            )
                        )
                    parts.append(text[j:k])
                    if k + 1 < n and text[k + 1] == '"':
                        parts.append('"')
                        j = k + 2
                        continue
                    i = k + 1
                    break
                value: str | None = "".join(parts)
                line += value.count("\n") if value else 0
                if i < n and text[i] not in (sep, "\r", "\n"):
                    raise Invalid(
                        _("{file}, line {line}: text after a closing quote").format(
                            file=name, line=line
                        )
                    )
            else:
                j = i
                while j < n and text[j] not in (sep, "\r", "\n"):
                    j += 1
                field = text[i:j]
                if '"' in field:
                    raise Invalid(
                        _("{file}, line {line}: a quote inside an unquoted field").format(
                            file=name, line=line
                        )
                    )
                value = field or None
                i = j
            record.append(value)
            if i < n and text[i] == sep:
                i += 1
                continue
            break
        if text.startswith("\r\n", i):
            i += 2
        elif i < n and text[i] in "\r\n":
            i += 1
        line += 1
        yield record
