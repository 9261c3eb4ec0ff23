"""The public-holiday cache: computed once per year, then read without importing `holidays`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.conftest import Run

from acctcli.services.workdays import PublicHolidays


def test_cache_file_is_written_once_and_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "holidays.json"
    first = PublicHolidays("RU", None, cache)
    off, on = first(2024)
    assert date(2024, 1, 2) in off and date(2024, 4, 27) in on  # a working Saturday
    stored = json.loads(cache.read_text())
    assert set(stored["RU/"]["years"]) == {"2024"}
    # a second reader finds the year in the file: prove it by planting a marker there
    stored["RU/"]["years"]["2024"][0].append("2024-06-06")
    cache.write_text(json.dumps(stored))
    again, _ = PublicHolidays("RU", None, cache)(2024)
    assert date(2024, 6, 6) in again


def test_a_different_holidays_package_invalidates_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "holidays.json"
    cache.parent.mkdir(exist_ok=True)
    planted = {"package": "some-older-version", "years": {"2024": [["2024-06-06"], []]}}
    cache.write_text(json.dumps({"RU/": planted}))
    off, _ = PublicHolidays("RU", None, cache)(2024)
    assert date(2024, 6, 6) not in off and date(2024, 1, 2) in off


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    off, _ = PublicHolidays("RU", None, blocker / "cache" / "holidays.json")(2026)
    assert date(2026, 1, 2) in off


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
    (home / "cache" / "holidays.json").unlink()
    assert "holidays" in _modules_after_calls(home)  # the first run fills the cache
    assert "holidays" not in _modules_after_calls(home)
