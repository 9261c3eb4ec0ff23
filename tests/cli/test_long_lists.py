"""Long lists (issue 17): one screen on a terminal, every row into a pipe or with --all,
--limit N anywhere; totals always of every row; written without Rich."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error


@pytest.fixture
def book(acct: Run) -> Run:
    for n in range(1, 31):
        assert acct("client", "add", f"Клиент {n:02d}", "--fee", f"seo={n}000").exit_code == 0
        added = acct("invoice", "add", f"Клиент {n:02d}", f"{n}000", "--issued", "2026-11-02")
        assert added.exit_code == 0, added.stderr
    return acct


def _on_a_terminal(args: list[str], home: Path, rows: int = 20, cols: int = 100) -> str:
    """`acct ARGS` with stdout on a pseudo-terminal of `rows` × `cols`, as a user runs it."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "acctcli", *args], stdout=follower, stderr=subprocess.PIPE, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, err = proc.communicate()
    os.close(leader)
    assert proc.returncode == 0, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_client_list_is_one_screen_on_a_terminal_and_whole_in_a_pipe(book: Run, home: Path) -> None:
    screen = _on_a_terminal(["client", "list"], home, rows=20)
    lines = screen.splitlines()
    assert len(lines) <= 20
    assert lines[-1] == "… and 14 more (see them: --limit N or --json)"
    assert lines[1].startswith("Клиент 01") and lines[16].startswith("Клиент 16")
    piped = book("client", "list")  # captured output: not a terminal, so every client
    assert "Клиент 30" in piped.stdout and "more" not in piped.stdout
    limited = book("client", "list", "--limit", "3")
    assert [line.split()[1] for line in limited.stdout.splitlines()[1:4]] == ["01", "02", "03"]
    assert limited.stdout.splitlines()[-1] == "… and 27 more (see them: --limit N or --json)"


def test_invoice_list_pages_but_totals_every_row(book: Run, home: Path) -> None:
    screen = _on_a_terminal(["invoice", "list", "--open", "--date", "2026-11-26"], home, rows=12)
    lines = screen.splitlines()
    assert len(lines) <= 12
    assert lines[-1] == "… and 22 more (see them: --limit N, --all or --json)"
    # 1 000 + 2 000 + … + 30 000 ₽: the total of all thirty, not of the eight shown
    assert lines[-2].split()[0] == "Total" and "465\u00a0000\u00a0₽" in lines[-2]
    everything = _on_a_terminal(["invoice", "list", "--open", "--all"], home, rows=12)
    assert "more" not in everything and len(everything.splitlines()) == 32
    two = book("invoice", "list", "--limit", "2", "--json")  # JSON is never cut
    assert len(two.json()["invoices"]) == 30


@pytest.mark.parametrize("command", [["client", "list"], ["invoice", "list"]])
def test_a_limit_below_one_is_an_error(book: Run, command: list[str]) -> None:
    assert_user_error(book(*command, "--limit", "0"), "--limit must be 1 or more")


def test_long_lists_do_not_import_rich(book: Run, home: Path) -> None:
    for args in (["client", "list"], ["invoice", "list", "--open"]):
        script = (
            "import sys\nfrom acctcli.entry import main\n"
            f"assert main({args!r}) == 0\n"
            "sys.stderr.write(' '.join(sys.modules))\n"
        )
        env = {**os.environ, "ACCT_HOME": str(home), "NO_COLOR": "1"}
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env
        )
        assert proc.returncode == 0, proc.stderr
        assert "rich" not in {m.split(".")[0] for m in proc.stderr.split()}, args


def test_follow_list_pages_on_a_terminal_and_json_has_every_one(book: Run, home: Path) -> None:
    for n in range(1, 31):
        added = book("follow", "add", f"Клиент {n:02d}", f"акт №{n}", "--due", "2026-12-10")
        assert added.exit_code == 0, added.stderr
    screen = _on_a_terminal(["follow", "list"], home, rows=14)
    lines = screen.splitlines()
    assert len(lines) <= 14
    assert lines[-1] == "… and 20 more (see them: --limit N or --json)"
    assert "Клиент 01" in lines[1] and "Клиент 10" in lines[10]
    three = book("follow", "list", "--limit", "3")
    assert [line.split()[2] for line in three.stdout.splitlines()[1:4]] == ["01", "02", "03"]
    assert three.stdout.splitlines()[-1] == "… and 27 more (see them: --limit N or --json)"
    assert len(book("follow", "list", "--limit", "3", "--json").json()["followups"]) == 30
    assert "more" not in book("follow", "list").stdout  # into a pipe: every one
    assert_user_error(book("follow", "list", "--limit", "0"), "--limit must be 1 or more")
