"""The public-holiday cache: computed once per year, then read without importing `holidays`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import Run

from acctcli.services.workdays import CACHE_HEADER, PublicHolidays, read_cache, write_cache


def test_cache_file_is_written_once_and_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "holidays.tsv"
    first = PublicHolidays("RU", None, cache)
    off, on = first(2024)
    assert date(2024, 1, 2) in off and date(2024, 4, 27) in on  # a working Saturday
    lines = cache.read_text().splitlines()
    assert lines[0] == CACHE_HEADER and len(lines) == 2
    key, _package, year, days_off, worked = lines[1].split("\t")
    assert (key, year) == ("RU/", "2024") and "2024-01-02" in days_off.split(",")
    assert "2024-04-27" in worked.split(",")
    # a second reader finds the year in the file: prove it by planting a marker there
    cache.write_text(cache.read_text().replace("2024-01-02", "2024-01-02,2024-06-06"))
    again, _ = PublicHolidays("RU", None, cache)(2024)
    assert date(2024, 6, 6) in again
    PublicHolidays("RU", None, cache)(2025)  # another year joins the file, the first kept
    assert "2024-06-06" in cache.read_text() and "\t2025\t" in cache.read_text()


def test_a_different_holidays_package_invalidates_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "holidays.tsv"
    cache.write_text(f"{CACHE_HEADER}\nRU/\tsome-older-version\t2024\t2024-06-06\t\n")
    off, _ = PublicHolidays("RU", None, cache)(2024)
    assert date(2024, 6, 6) not in off and date(2024, 1, 2) in off


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    off, _ = PublicHolidays("RU", None, blocker / "cache" / "holidays.tsv")(2026)
    assert date(2026, 1, 2) in off


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"RU/": {"package": "x"}}',  # the JSON file of earlier versions
        CACHE_HEADER.encode() + b"\nRU/\tonly\tthree",
        CACHE_HEADER.encode() + b"\nRU/\tpkg\tyear\ta\tb\n",
        b"\xff\xfe\x00 not text",
        CACHE_HEADER.encode()[:10],
    ],
)
def test_a_damaged_cache_is_computed_again_and_rewritten(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "holidays.tsv"
    cache.write_bytes(damage)
    off, _ = PublicHolidays("RU", None, cache)(2026)
    assert date(2026, 1, 2) in off
    assert read_cache(cache.read_text())["RU/"][1]["2026"][0] == [d.isoformat() for d in off]


NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
DAYS = st.lists(st.dates().map(date.isoformat), max_size=5)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        NAMES.filter(lambda k: not set(k) & set("\t\n\r")),
        st.tuples(
            NAMES.filter(lambda p: not set(p) & set("\t\n\r")),
            st.dictionaries(st.integers(1900, 2200).map(str), st.tuples(DAYS, DAYS), max_size=3),
        ),
        max_size=4,
    )
)
def test_the_cache_file_reads_back_what_was_written(entries: dict) -> None:
    written = {
        k: (p, {y: [list(off), list(on)] for y, (off, on) in ys.items()})
        for k, (p, ys) in entries.items()
    }
    back = read_cache(write_cache(written))
    assert back == {k: v for k, v in written.items() if v[1]}  # a key with no year: no line


@given(st.text(max_size=300))
def test_any_text_in_the_cache_file_is_read_without_an_error(text: str) -> None:
    for _key, (_package, years) in read_cache(text).items():
        assert all(year.isdigit() and len(pair) == 2 for year, pair in years.items())


def _modules_after_calls(home: Path) -> set[str]:
    script = (
        "import sys\nfrom acctcli.entry import main\n"
        "code = main(['calls', '--date', '2026-01-05', '--json'])\n"
        "assert code == 0, code\n"
        "sys.stderr.write('\\n'.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stderr.split())


def test_calls_with_a_warm_cache_do_not_import_holidays(acct: Run, home: Path) -> None:
    assert (
        acct("client", "add", "Клиент", "--since", "2025-06-01", "--cadence", "monthly:2").exit_code
        == 0
    )
    assert acct("call", "log", "клиент", "--at", "2025-12-02T10:00").exit_code == 0
    (home / "cache" / "holidays.tsv").unlink()
    assert "holidays" in _modules_after_calls(home)  # the first run fills the cache
    assert "holidays" not in _modules_after_calls(home)
