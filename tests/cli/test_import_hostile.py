"""acct import given hostile folders (hypothesis): an export truncated, edited, its manifest
wrong, its files renamed or gone.  Every bad input is one `Error:` line and an empty store
stays empty; nothing is ever an internal error.  And the CSV and value spellings read back
exactly what they wrote."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import assert_user_error

from acctcli.domain import transfer
from acctcli.domain.transfer import Column, Where
from acctcli.entry import main
from acctcli.errors import Invalid

DAY = "2026-11-26"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The demo agency exported as JSON, CSV and CSV for Excel (made once)."""
    root = tmp_path_factory.mktemp("exports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACCT_HOME", str(root / "home"))
        mp.delenv("ACCT_DATABASE_URL", raising=False)
        mp.setenv("ACCT_LANG", "en")
        mp.setenv("ACCT_USER", "anna")
        assert main(["demo", "--date", DAY]) == 0
        made = {}
        for name, args in {
            "json": [],
            "csv": ["--format", "csv"],
            "excel": ["--format", "csv", "--excel"],
        }.items():
            assert main(["export", "--out", str(root / name), *args]) == 0
            made[name] = root / name
        yield made


MUTATIONS = st.sampled_from(["truncate", "bytes", "manifest", "delete", "rename", "value", "dup"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
ODD_NAMES = st.sampled_from(
    ["../client.json", "client.JSON", "client.json ", " client.csv", "клиент.csv", "client", "."]
) | st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and "\x00" not in s)


def _mutate(folder: Path, kind: str, data: st.DataObject) -> None:
    names = sorted(p.name for p in folder.iterdir())
    target = folder / data.draw(st.sampled_from(names), label="file")
    raw = target.read_bytes()
    if kind == "truncate":
        target.write_bytes(raw[: data.draw(st.integers(0, max(len(raw) - 1, 0)))])
    elif kind == "bytes":
        at = data.draw(st.integers(0, len(raw)))
        junk = data.draw(st.binary(min_size=1, max_size=6))
        target.write_bytes(raw[:at] + junk + raw[at + len(junk) :])
    elif kind == "manifest":
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        path = data.draw(
            st.sampled_from(
                ["acct_export", "format", "excel", "schema_revision", "tables", "table", "x"]
            )
        )
        value = data.draw(JSON_VALUES, label="value")
        if path == "table":
            table = data.draw(st.sampled_from(sorted(manifest["tables"])))
            manifest["tables"][table][data.draw(st.sampled_from(["file", "rows"]))] = value
        else:
            manifest[path] = value
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    elif kind == "delete":
        target.unlink()
    elif kind == "rename":
        odd = data.draw(ODD_NAMES, label="name")
        try:
            target.rename(folder / odd)
        except OSError:
            pass
    elif kind == "value":
        lines = raw.decode("utf-8").split("\n")
        line = data.draw(st.integers(0, len(lines) - 1))
        sep = "," if "," in lines[line] else ";"
        fields = lines[line].split(sep)
        field = data.draw(st.integers(0, len(fields) - 1))
        fields[field] = data.draw(st.text(max_size=8) | JSON_VALUES.map(json.dumps))
        lines[line] = sep.join(fields)
        target.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    else:  # a line twice
        lines = raw.split(b"\n")
        line = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(line, lines[line])
        target.write_bytes(b"\n".join(lines))


@pytest.mark.sqlite_only  # a fresh store per example; what is read is the same on either engine
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fmt=st.sampled_from(["json", "csv", "excel"]), kind=MUTATIONS, data=st.data())
def test_a_hostile_export_is_one_error_and_the_store_stays_empty(
    exports: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    kind: str,
    data: st.DataObject,
) -> None:
    from acctcli.store.admin import row_counts
    from acctcli.store.db import connect

    work = Path(tempfile.mkdtemp(prefix="acct-hostile-"))
    try:
        folder = work / "export"
        shutil.copytree(exports[fmt], folder)
        _mutate(folder, kind, data)
        monkeypatch.setenv("ACCT_HOME", str(work / "home"))
        monkeypatch.delenv("ACCT_DATABASE_URL", raising=False)
        monkeypatch.setenv("ACCT_LANG", "en")
        code, out, err = _run(capsys, "import", str(folder))
        assert "internal error" not in err and "Traceback" not in err, err
        if code != 0:
            from tests.conftest import Result

            assert_user_error(Result(code, out, err))
            if (work / "home" / "acct.db").exists():
                db = connect(f"sqlite:///{work / 'home' / 'acct.db'}")
                try:
                    assert not any(row_counts(db).values())
                finally:
                    db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _edited(export: Path, tmp_path: Path, table: str, column: str, value: str) -> Path:
    """A copy of the CSV export with one value of the first row of `table` replaced."""
    import csv
    import io

    folder = tmp_path / f"edited-{table}-{column}"
    shutil.copytree(export, folder)
    rows = list(csv.reader(io.StringIO((folder / f"{table}.csv").read_text("utf-8"))))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / f"{table}.csv").write_text(out.getvalue(), "utf-8")
    return folder


@pytest.mark.parametrize(
    ("table", "column", "value", "problem"),
    [
        ("invoice", "amount", "-5000.00", "cannot be negative"),
        ("payment", "amount", "-1.00", "cannot be negative"),
        ("invoice", "amount", "10000000000.00", "too large"),
        ("client_fee", "fee", "-100.00", "cannot be negative"),
        ("client", "name", "Evil\x1b]52;c;aGk=\x07", "control characters"),
        ("client", "name", "Ж" * 10_000, "longer than"),
        ("client", "cadence", "RRULE:FREQ=WEEKLY;INTERVAL=99999999999", "INTERVAL"),
        ("client", "channel", "pigeon", "pigeon"),
        ("client", "owner", "bob smith", "owner"),
    ],
)
def test_values_acct_itself_would_refuse_are_refused_on_import(
    acct,  # type: ignore[no-untyped-def]
    exports: dict[str, Path],
    tmp_path: Path,
    table: str,
    column: str,
    value: str,
    problem: str,
) -> None:
    folder = _edited(exports["csv"], tmp_path, table, column, value)
    result = acct("import", str(folder))
    assert_user_error(result, f"{table}.csv, row 1, {column}: ", problem)
    assert "\x1b" not in result.stderr
    assert acct("client", "list", "--all", "--team", "--json").json()["clients"] == []


def test_money_that_adds_up_past_what_acct_can_hold_is_refused_on_import(
    acct,  # type: ignore[no-untyped-def]
    exports: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from acctcli.domain import money

    monkeypatch.setattr(money, "MAX_TOTAL_MINOR", 100_000_00)  # the demo invoices far more
    result = acct("import", str(exports["json"]))
    assert_user_error(result, ".json, ", "the amounts add up to more than acct can hold")
    assert acct("client", "list", "--all", "--team", "--json").json()["clients"] == []


def test_a_folder_that_is_not_an_export(acct, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert_user_error(acct("import", str(tmp_path / "nowhere")), "no folder")
    assert_user_error(acct("import", str(tmp_path)), "manifest.json: missing")


# --- the spellings, read back --------------------------------------------------------------

FIELDS = st.lists(st.none() | st.text(max_size=10), min_size=1, max_size=5)


@given(records=st.lists(FIELDS, min_size=1, max_size=5), excel=st.booleans())
def test_csv_fields_read_back_as_written_null_and_empty_apart(
    records: list[list[str | None]], excel: bool
) -> None:
    sep = ";" if excel else ","
    text = "".join(
        sep.join(transfer.csv_field(f, sep, excel=excel, is_text=True) for f in r) + "\r\n"
        for r in records
    )
    back = [
        [transfer.unexcel(f, excel=excel, is_text=True) for f in r]
        for r in transfer.csv_records(text, sep, "t.csv")
    ]
    assert back == records


@given(text=st.text(max_size=30), excel=st.booleans())
def test_malformed_csv_is_an_invalid_or_records(text: str, excel: bool) -> None:
    try:
        records = list(transfer.csv_records(text, ";" if excel else ",", "t.csv"))
    except Invalid as exc:
        assert "t.csv, line" in exc.message
    else:
        assert all(isinstance(r, list) and r for r in records)


VALUES = {
    transfer.INT: st.integers(-(2**31), 2**31 - 1),
    transfer.BIGINT: st.integers(-(2**63), 2**63 - 1),
    transfer.MONEY: st.integers(0, 10**12 - 1),  # what acct takes: 0 … 9 999 999 999.99
    transfer.TEXT: st.text(),
    transfer.BOOL: st.booleans(),
    transfer.DATE: st.dates(),
    transfer.DATETIME: st.datetimes(min_value=datetime(1, 1, 1, 0, 0, 1)),
}


@given(data=st.data(), kind=st.sampled_from(sorted(VALUES)))
def test_every_value_reads_back_as_itself(data: st.DataObject, kind: str) -> None:
    value = data.draw(VALUES[kind])
    if kind == transfer.TEXT and any(0xD800 <= ord(c) < 0xE000 for c in value):
        return  # refused by both engines, and by the import
    if kind == transfer.TEXT and "\x00" in value:  # no store holds NUL: U+FFFD instead
        column = Column("x", kind, True)
        read = transfer.from_text(column, transfer.to_text(column, value), Where("t", 1))
        assert read == value.replace("\x00", "\ufffd")
        return
    column = Column("amount_minor" if kind == transfer.MONEY else "x", kind, True)
    where = Where("t", 1)
    text = transfer.to_text(column, value)
    assert transfer.from_text(column, text, where) == value
    assert transfer.from_json(column, transfer.json_value(column, value), where) == value


def test_a_text_holding_nul_is_read_with_u_fffd_as_db_copy_writes_it() -> None:
    """An export of an older store may hold NUL (its imports kept it): importing it was
    refused ("a text may not hold a NUL character"), though db copy of the same store works."""
    read = transfer.from_text(Column("x", transfer.TEXT, False), "a\x00b", Where("t.csv", 3))
    assert read == "a\ufffdb"


@pytest.mark.parametrize(
    ("kind", "text", "problem"),
    [
        (transfer.INT, "1.0", "whole number"),
        (transfer.INT, "99999999999", "too large"),
        (transfer.MONEY, "12.5", "two decimal places"),
        (transfer.MONEY, "1e5", "two decimal places"),
        (transfer.DATE, "2026-02-30", "YYYY-MM-DD"),
        (transfer.DATE, "26.11.2026", "YYYY-MM-DD"),
        (transfer.DATETIME, "2026-11-26T10:00:00", "YYYY-MM-DD HH:MM:SS"),
        (transfer.DATETIME, "2026-11-26 10:00:00.000000", "YYYY-MM-DD HH:MM:SS"),
        (transfer.BOOL, "yes", "true or false"),
    ],
)
def test_a_value_spelt_otherwise_is_refused(kind: str, text: str, problem: str) -> None:
    with pytest.raises(Invalid) as caught:
        transfer.from_text(Column("x", kind, False), text, Where("t.csv", 3))
    assert caught.value.message.startswith("t.csv, row 3, x: ") and problem in caught.value.message
    with pytest.raises(Invalid, match="a value is required"):
        transfer.from_text(Column("x", kind, False), None, Where("t.csv", 3))
