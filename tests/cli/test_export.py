"""acct export / acct import (issue 19): every table out, and back byte for byte, on either
engine and from one into the other."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import ENGINE, Run, assert_user_error, store_dump

DAY = "2026-11-26"
FORMATS = {
    "json": ("--format", "json"),
    "csv": ("--format", "csv"),
    "excel": ("--format", "csv", "--excel"),
}
_numbers = itertools.count()

NewStore = Callable[[], str]


@pytest.fixture
def new_store(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[NewStore]:
    """Makes empty stores of the engine under test: a SQLite file, or a PostgreSQL database
    (with no schema: `acct import` makes it)."""
    made: list[str] = []

    def make() -> str:
        n = next(_numbers)
        if ENGINE != "postgres":
            return f"sqlite:///{tmp_path / f'store{n}.db'}"
        from tests.pgserver import admin_execute

        base = request.getfixturevalue("pg_base_url")
        name = f"acct_x{os.getpid()}_{n}"
        admin_execute(base, f"CREATE DATABASE {name}")
        made.append(name)
        return f"{base}/{name}"

    yield make
    if made:
        from tests.pgserver import admin_execute

        base = request.getfixturevalue("pg_base_url")
        for name in made:
            admin_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def export(acct: Run, folder: Path, *args: str) -> dict[str, bytes]:
    result = acct("export", "--out", str(folder), *args)
    assert result.exit_code == 0, result.stderr
    assert f"to {folder}." in result.stdout
    return files(folder)


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", DAY).exit_code == 0
    # values a spreadsheet would run, an empty text beside NULLs, a quote, a line break
    for args in (
        ("client", "add", '=HYPERLINK("http://x";"click")', "--since", "2026-01-01"),
        ("client", "add", "'апостроф", "--since", "2026-01-01"),
        ("call", "log", "=HYPERLINK", "--note", 'строка 1\nстрока 2; «цитата» "q", и т. д.'),
        ("invoice", "add", "'апостроф", "1234.05", "--issued", "2026-11-01"),
    ):
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_import_export_is_byte_for_byte(
    demo: Run, tmp_path: Path, new_store: NewStore, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    first = export(demo, tmp_path / "first", *FORMATS[fmt])
    morning = demo("today", "--date", DAY, "--json").json()
    kpi = demo("kpi", "--month", "2026-11", "--json", "--date", DAY).json()
    monkeypatch.setenv("ACCT_DATABASE_URL", new_store())
    result = demo("import", str(tmp_path / "first"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Imported ")
    assert export(demo, tmp_path / "second", *FORMATS[fmt]) == first
    # the same store: the morning (mail tally rebuilt, search queue kept) and the KPIs
    assert demo("today", "--date", DAY, "--json").json() == morning
    assert demo("kpi", "--month", "2026-11", "--json", "--date", DAY).json() == kpi
    assert demo("search", "счёт", "--json").exit_code == 0
    # ids go on after the imported ones
    assert demo("client", "add", "Новый", "--since", DAY).exit_code == 0


@pytest.mark.postgres_only
@pytest.mark.parametrize("fmt", FORMATS)
def test_from_one_engine_into_the_other_and_back(
    acct: Run, tmp_path: Path, new_store: NewStore, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'personal.db'}"
    monkeypatch.setenv("ACCT_DATABASE_URL", sqlite_url)
    assert acct("demo", "--date", DAY).exit_code == 0
    from_sqlite = export(acct, tmp_path / "a", *FORMATS[fmt])
    monkeypatch.setenv("ACCT_DATABASE_URL", new_store())  # PostgreSQL
    assert acct("import", str(tmp_path / "a")).exit_code == 0
    assert export(acct, tmp_path / "b", *FORMATS[fmt]) == from_sqlite
    monkeypatch.setenv("ACCT_DATABASE_URL", f"sqlite:///{tmp_path / 'back.db'}")
    assert acct("import", str(tmp_path / "b")).exit_code == 0
    assert export(acct, tmp_path / "c", *FORMATS[fmt]) == from_sqlite


def test_every_table_of_the_store_is_in_the_export(demo: Run, tmp_path: Path) -> None:
    """Fails the day a migration adds a table the export does not write (or rebuild)."""
    from acctcli.settings import load_settings
    from acctcli.store.admin import table_names
    from acctcli.store.db import connect

    written = export(demo, tmp_path / "out")
    manifest = json.loads(written.pop("manifest.json"))
    db = connect(load_settings().database_url)
    try:
        in_store = set(table_names(db))
    finally:
        db.close()
    assert set(manifest["tables"]) | set(manifest["rebuilt_on_import"]) == in_store
    assert set(written) == {f"{t}.json" for t in manifest["tables"]}
    counts = demo("db", "status", "--json").json()["tables"]
    for table, entry in manifest["tables"].items():
        assert entry["rows"] == counts[table], table
    assert manifest["schema_revision"] == demo("db", "status", "--json").json()["head"]
    from acctcli import __version__

    assert manifest["acct_version"] == __version__ and manifest["format"] == "json"
    assert manifest["tables"]["message"]["rows"] > 0 and manifest["tables"]["search_doc"]["rows"]


def test_csv_opens_in_a_spreadsheet(demo: Run, tmp_path: Path) -> None:
    plain = export(demo, tmp_path / "plain", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(plain["invoice.csv"].decode("utf-8"))))
    assert "amount_minor" not in rows[0] and rows[0]["amount"].endswith(".00")
    apostrophe = [r for r in rows if r["amount"] == "1234.05"]
    assert apostrophe and apostrophe[0]["issued"] == "2026-11-01"
    clients = plain["client.csv"].decode("utf-8")
    assert "Пицца Мама" in clients and "\r\n" in clients
    created = next(csv.DictReader(io.StringIO(clients)))["created_at"]
    assert len(created) == 19 and created[10] == " "  # 2026-11-26 09:00:00
    assert '"=HYPERLINK(""http://x"";""click"")"' in clients  # as it is, for machines

    excel = export(demo, tmp_path / "excel", "--format", "csv", "--excel")
    text = excel["client.csv"].decode("utf-8")
    assert text.startswith("\ufeffid;name;")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    names = [r["name"] for r in reader]
    # no formula runs when Excel opens it: the apostrophe makes it text (import drops it)
    assert '\'=HYPERLINK("http://x";"click")' in names and "''апостроф" in names
    manifest = json.loads(excel["manifest.json"])
    assert manifest["format"] == "csv" and manifest["excel"] is True


def test_import_into_a_store_with_data_is_refused(demo: Run, tmp_path: Path, home: Path) -> None:
    export(demo, tmp_path / "out")
    before = store_dump(home)
    assert_user_error(demo("import", str(tmp_path / "out")), "not empty")
    assert store_dump(home) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--format", "xml"), "--format must be json or csv"),
        (("--excel",), "--excel is for --format csv"),
    ],
)
def test_bad_export_options(
    acct: Run, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    assert_user_error(acct("export", "--out", str(tmp_path / "x"), *args), fragment)
    assert not (tmp_path / "x").exists()


def test_a_folder_name_too_long_is_one_error_line(demo: Run, tmp_path: Path) -> None:
    too_long = tmp_path / ("x" * 300)
    assert_user_error(demo("export", "--out", str(too_long)), "cannot write")
    assert_user_error(demo("import", str(too_long)), "cannot read")


def test_export_never_writes_over_files(
    acct: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert_user_error(acct("export", "--out", str(tmp_path / "full")), "not an empty folder")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]
    (tmp_path / "empty").mkdir()
    assert acct("export", "--out", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "manifest.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # the folder one is in, when empty, is as good as any other
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert acct("export", "--out", ".").exit_code == 0
    assert Path("manifest.json").exists() and Path("client.json").exists()  # the same folder
    assert_user_error(acct("export", "--out", "/"), "not an empty folder")


def test_rows_that_do_not_fit_together_are_one_error_and_nothing_is_kept(
    demo: Run, tmp_path: Path, new_store: NewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(demo, tmp_path / "out")
    contact = tmp_path / "out" / "contact.json"
    lines = contact.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[1].rstrip(","))
    row[1] = 999  # a client that is not there (the foreign key)
    lines[1] = json.dumps(row, ensure_ascii=False) + ","
    contact.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("ACCT_DATABASE_URL", new_store())
    assert demo("db", "migrate").exit_code == 0  # the store exists, empty
    from acctcli.settings import load_settings

    home_db = load_settings().database_url
    assert home_db
    before = _dump_url(home_db)
    assert_user_error(demo("import", str(tmp_path / "out")), "table contact does not load")
    assert _dump_url(home_db) == before
    assert demo("client", "list", "--all", "--team", "--json").json()["clients"] == []


def _dump_url(url: str) -> list[tuple[str, int]]:
    from acctcli.store.admin import row_counts
    from acctcli.store.db import connect

    db = connect(url)
    try:
        return sorted(row_counts(db).items())
    finally:
        db.close()
