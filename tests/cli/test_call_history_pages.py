"""`acct call history` on a terminal (issue 17): one screen by default, --limit N, --all;
every touch into a pipe and in --json."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_long_lists import _on_a_terminal
from tests.conftest import Run


def _touches(acct: Run, count: int) -> None:
    assert acct("client", "add", "Пицца", "--since", "2026-01-01").exit_code == 0
    for n in range(count):
        logged = acct(
            "call", "log", "Пицца", "--at", f"2026-03-{n + 1:02d}T10:00", "--note", f"n{n}"
        )
        assert logged.exit_code == 0, logged.stderr


def test_call_history_is_one_screen_on_a_terminal(acct: Run, home: Path) -> None:
    _touches(acct, 25)
    screen = _on_a_terminal(["call", "history"], home, rows=14)
    lines = screen.splitlines()
    assert len(lines) <= 14
    assert lines[-1] == "… and 15 more (see them: --limit N, --all or --json)"
    assert "2026-03-25 10:00" in screen and "2026-03-15 10:00" not in screen  # newest first
    everything = _on_a_terminal(["call", "history", "--all"], home, rows=14)
    assert "more" not in everything and "2026-03-01 10:00" in everything
    three = _on_a_terminal(["call", "history", "--limit", "3"], home, rows=14)
    assert "2026-03-23 10:00" in three and "2026-03-22 10:00" not in three
    assert "more" not in three


def test_call_history_in_a_pipe_and_in_json_is_whole(acct: Run) -> None:
    _touches(acct, 25)
    piped = acct("call", "history")
    assert "2026-03-01 10:00" in piped.stdout and "more" not in piped.stdout
    assert len(acct("call", "history", "--json").json()["touches"]) == 25
