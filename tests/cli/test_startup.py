"""Start-up stays light: `acct --help` and `--version` import no database or mail code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HEAVY = {
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "pydantic",
    "imapclient",
    "holidays",
    "psycopg",
    "psycopg2",
    "rich",
    "pygments",
    "markdown_it",
}


def _imported_after(
    args: list[str], home: Path, env: dict[str, str] | None = None
) -> tuple[str, set[str]]:
    """What `acct ARGS` printed, and every module it had imported by the end."""
    script = (
        "import sys\nfrom acctcli.entry import main\n"
        f"code = main({args!r})\n"
        "sys.stderr.write('\\n'.join(sys.modules))\n"
    )
    if env is None:
        env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    return proc.stdout, set(proc.stderr.split())


def _modules_after(
    args: list[str], home: Path, env: dict[str, str] | None = None
) -> tuple[str, set[str]]:
    out, modules = _imported_after(args, home, env)
    return out, {m.split(".")[0] for m in modules}


def test_help_imports_no_database_code(tmp_path: Path) -> None:
    out, modules = _modules_after(["--help"], tmp_path)
    assert "client" in out and "demo" in out
    assert not HEAVY & modules, HEAVY & modules
    assert not (tmp_path / "acct.db").exists()


def test_version_is_printed(tmp_path: Path) -> None:
    from acctcli import __version__

    out, modules = _modules_after(["--version"], tmp_path)
    assert out.strip() == f"acct {__version__}"
    assert not HEAVY & modules


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "acctcli", "client", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "ACCT_HOME": str(tmp_path)},
    )
    assert proc.returncode == 0 and "pause" in proc.stdout


def _cli_modules_after(args: list[str], home: Path) -> tuple[str, set[str]]:
    out, modules = _imported_after(args, home)
    return out, {m for m in modules if m.startswith("acctcli.cli.")}


def test_help_lists_every_command_in_the_order_of_the_day_without_importing_them(
    tmp_path: Path,
) -> None:
    from acctcli.app import COMMANDS

    out, modules = _cli_modules_after(["--help"], tmp_path)
    section = out.split("Commands:", 1)[1].split("\n\n", 1)[0]
    listed = [line.split()[0] for line in section.splitlines() if line.strip()]
    assert listed == list(COMMANDS)
    assert "  today     The morning: fires and urgent mail" in out  # the one-line help
    assert modules == {"acctcli.cli.command_table"}


def test_a_typer_run_command_imports_only_its_own_module(tmp_path: Path) -> None:
    out, modules = _cli_modules_after(["client", "list"], tmp_path)
    assert "acctcli.cli.clients" in modules
    others = {f"acctcli.cli.{m}" for m in ("mail", "onboard", "invoices", "kpi", "db", "demo")}
    assert not others & modules, others & modules


# Each costs milliseconds of every morning and none is needed there: typing (~4 ms; imported
# for the type checker only, TYPE_CHECKING = False), pathlib with urllib.parse (~5 ms; paths
# are str on the way), platformdirs (~13 ms more: it loads tempfile, shutil, bz2 and lzma;
# the default home is found without it on Linux), gettext (English needs no catalog) and
# shlex (only a command that writes names itself in the undo journal); json but for --json
# (the holiday cache is plain text).
NOT_IN_THE_MORNING = {"typing", "pathlib", "platformdirs", "gettext", "shlex"}


@pytest.mark.parametrize("where", ["ACCT_HOME", "default home"])
def test_the_morning_commands_leave_typing_pathlib_and_platformdirs_out(
    tmp_path: Path, where: str
) -> None:
    """No module on the morning's path slipped back (holidays, which imports typing, is read
    from its cache after the first run), whether ACCT_HOME names the store or it is in the
    default place, as for most users."""
    home = tmp_path / "home"
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1", "ACCT_USER": "anna"}
    if where == "default home":
        for name in ("ACCT_HOME", "XDG_DATA_HOME"):
            env.pop(name, None)
        env["HOME"] = str(tmp_path / "user")
    subprocess.run(
        [sys.executable, "-m", "acctcli", "demo", "--date", "2026-11-25"],
        env=env,
        capture_output=True,
        check=True,
    )
    for args in (
        ["today", "--date", "2026-11-25"],
        ["today", "--date", "2026-11-25", "--json", "--team"],
        ["calls", "--date", "2026-11-25"],
        ["calls", "--date", "2026-11-25", "--json", "--team"],
        ["mail", "list", "--date", "2026-11-25"],
    ):
        _modules_after(args, home, env)  # fills the holiday cache
        out, modules = _modules_after(args, home, env)
        assert out.strip(), args  # the command ran and printed its answer
        unneeded = NOT_IN_THE_MORNING | (set() if "--json" in args else {"json"})
        assert not unneeded & modules, (args, unneeded & modules)
    if where == "default home":
        assert (tmp_path / "user" / ".local" / "share" / "acct" / "acct.db").is_file()
        assert not home.exists()


def test_a_re_import_that_finds_nothing_new_loads_only_what_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mail client marks a large Maildir read and every file is renamed: the re-import lists
    the folder and compares names — no parsing, no hashing, no `typing`, no dataclasses (each
    ~4–10 ms of a command budgeted at 10× `python -c pass`)."""
    from benchmarks.mailgen import make_maildir

    home = tmp_path / "home"
    root = make_maildir(tmp_path / "Maildir", 60, seed=3)
    monkeypatch.setenv("ACCT_USER", "anna")  # the same mailbox both times
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
    subprocess.run(
        [sys.executable, "-m", "acctcli", "mail", "import", str(root)],
        env=env,
        capture_output=True,
        check=True,
    )
    for name in os.listdir(root / "cur"):  # read in a mail client: every flag changed
        os.rename(root / "cur" / name, root / "cur" / (name.replace(":2,S", ":2,RS")))
    os.utime(root / "cur", (1_700_000_000, 1_700_000_000))
    out, modules = _imported_after(["mail", "import", str(root)], home)
    assert out.startswith("Imported 0 messages, 60 already known"), out
    unneeded = {"typing", "dataclasses", "hashlib", "email", "Stemmer"}
    assert not modules & unneeded, modules & unneeded


def test_logging_a_call_or_a_meeting_loads_neither_typer_nor_rich(tmp_path: Path) -> None:
    """`acct call log` is the write a manager makes most often: the entry point runs it
    before Typer (and its Rich help) load, as it does the morning's reads."""
    home = tmp_path / "home"
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1", "ACCT_USER": "anna"}
    subprocess.run(
        [sys.executable, "-m", "acctcli", "demo", "--date", "2026-11-25"],
        env=env,
        capture_output=True,
        check=True,
    )
    _modules_after(["calls"], home, env)  # fills the holiday cache
    unneeded = HEAVY | {"typer", "click"}
    for args in (
        ["call", "log", "Пицца", "--note", "акция", "--follow", "план", "--due", "fri"],
        ["meet", "Пицца", "--where", "Офис", "--with", "Марина"],
    ):
        out, modules = _modules_after(args, home, env)
        assert "Пицца Мама" in out, out
        assert not unneeded & modules, unneeded & modules


def test_the_kpi_report_loads_no_rich_unless_a_name_needs_its_widths(tmp_path: Path) -> None:
    """`acct kpi` draws its report as Rich did without importing it (~30 ms, issue 18), in
    every variant; a name with a joined emoji, which only Rich's tables measure, loads it."""
    home = tmp_path / "home"
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1", "ACCT_USER": "anna"}
    env["COLUMNS"] = "100"
    subprocess.run(
        [sys.executable, "-m", "acctcli", "demo", "--date", "2026-11-25"],
        env=env,
        capture_output=True,
        check=True,
    )
    for args in (
        ["kpi", "--month"],
        ["kpi", "--date", "2026-11-25"],
        ["kpi", "--month", "2026-10", "--team", "--explain", "--date", "2026-11-25"],
        ["kpi", "-m", "2026-10", "--by", "profit", "--date", "2026-11-25"],
    ):
        for language in ("en", "ru"):
            out, modules = _modules_after(args, home, {**env, "ACCT_LANG": language})
            assert out.startswith("KPI "), (args, out)
            assert "rich" not in modules, (args, language)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467 Family"
    subprocess.run(
        [sys.executable, "-m", "acctcli", "client", "add", family, "--since", "2026-01-01"],
        env=env,
        capture_output=True,
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "acctcli",
            "invoice",
            "add",
            family,
            "100",
            "--issued",
            "2026-11-02",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    out, modules = _modules_after(["kpi", "--date", "2026-11-25"], home, env)
    assert family in out and "rich" in modules


@pytest.mark.postgres_only
def test_a_shared_store_morning_loads_psycopg2_and_not_asyncio(home: Path, acct: Any) -> None:
    """On a PostgreSQL store `acct today` and `acct calls` load the C driver psycopg2, not
    psycopg 3, whose `__init__` loads asyncio, ssl's Python half and importlib.metadata
    (~14x `python -c pass`, more than twice SQLite's whole morning; issue 17)."""
    added = acct("client", "add", "Пицца Мама", "--since", "2025-03-01", "--cadence", "weekly:mon")
    assert added.exit_code == 0, added.stderr
    env = {**os.environ}  # the fixture's ACCT_HOME and ACCT_DATABASE_URL
    for args in (["today", "--date", "2026-11-25"], ["calls", "--date", "2026-11-25"]):
        _imported_after(args, home, env)  # fills the holiday cache
        out, modules = _imported_after(args, home, env)
        assert "Пицца Мама" in out, out
        assert "psycopg2" in modules  # the shared store was read
        unneeded = {"psycopg", "asyncio", "importlib.metadata", "typing", "pathlib"}
        assert not unneeded & modules, unneeded & modules
