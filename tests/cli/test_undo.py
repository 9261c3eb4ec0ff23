"""acct undo: every write journalled, reverted and redone, through the real entry point."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run, assert_user_error, store_dump

# the journal (the record of the change), the search index and the mail tally (kept from the
# data by triggers: a cell emptied by an undo stays as a zero count)
DERIVED_PREFIXES = ("journal_", "search_", "alembic_version", "mail_tally")


def data_dump(home: Path) -> str:
    """Every row of every table the user's data is in (not the journal nor the search
    index, which are the record of the change and a cache)."""
    return "\n".join(
        line for line in store_dump(home).splitlines() if not line.startswith(DERIVED_PREFIXES)
    )


@pytest.fixture
def pizza(acct: Run) -> Run:
    assert acct("client", "add", "Пицца Мама", "--since", "2025-01-01", "-s", "smm").exit_code == 0
    return acct


def test_undo_reverts_the_latest_write_and_undo_again_redoes_it(pizza: Run, home: Path) -> None:
    acct = pizza
    assert (
        acct("call", "log", "пицца", "--note", "первый", "--at", "2026-11-20T10:00").exit_code == 0
    )
    before = data_dump(home)
    slip = acct("call", "log", "пицца", "--note", "лишний", "--at", "2026-11-20T10:00")
    assert slip.exit_code == 0
    after = data_dump(home)
    assert after != before
    undone = acct("undo", "--yes")
    assert undone.exit_code == 0, undone.stderr
    assert "acct call log" in undone.stdout and "лишний" in undone.stdout
    assert data_dump(home) == before
    redone = acct("undo", "--yes")
    assert redone.exit_code == 0, redone.stderr
    assert "so this is back: acct call log" in redone.stdout
    assert data_dump(home) == after
    assert "лишний" in acct("calls", "--json", "--all").stdout or data_dump(home) == after


def test_undo_asks_once_and_no_leaves_the_store_as_it_was(
    pizza: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acct = pizza
    assert acct("invoice", "add", "пицца", "60000", "--issued", "2026-11-01").exit_code == 0
    before = store_dump(home)
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    refused = acct("undo")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == "Error: nothing undone"
    assert "acct invoice add" in refused.stdout and "invoices +1" in refused.stdout
    assert "[y/N]" in refused.stderr
    assert store_dump(home) == before
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert acct("undo").exit_code == 0
    assert acct("invoice", "list", "--json").json() == {"invoices": []}


def test_undo_list_shows_when_the_command_and_what_changed(pizza: Run) -> None:
    acct = pizza
    acct("invoice", "add", "пицца", "60000", "--issued", "2026-11-01", "--number", "A-1")
    acct("invoice", "pay", "A-1", "--amount", "100", "--on", "2026-11-02")
    listed = acct("undo", "--list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split()[0] == "1" and "acct invoice pay A-1 --amount 100" in lines[0]
    assert "payments +1" in lines[1]
    assert "acct invoice add" in lines[2] and "invoices +1" in lines[3]
    assert "acct client add" in lines[4]
    data = acct("undo", "--list", "--json").json()["writes"]
    assert data[0]["command"].startswith("acct invoice pay")
    assert data[0]["changes"] == [{"table": "payment", "op": "added", "count": 1}]
    assert data[0]["undone"] is False and data[0]["at"][:4] == str(data[0]["at"])[:4]
    assert acct("undo", "--yes").exit_code == 0
    data = acct("undo", "--list", "--json").json()["writes"]
    assert data[0]["command"] == "acct undo --yes"
    assert data[0]["reverts"] == ["acct invoice pay A-1 --amount 100 --on 2026-11-02"]
    assert data[0]["changes"] == [{"table": "payment", "op": "removed", "count": 1}]
    assert data[1]["undone"] is True


def test_a_very_long_command_line_is_cut_on_the_terminal_and_whole_in_json(pizza: Run) -> None:
    note = "медиаплан " * 1000
    assert pizza("call", "log", "пицца", "--note", note).exit_code == 0
    listed = pizza("undo", "--list")
    assert listed.exit_code == 0, listed.stderr
    assert max(len(line) for line in listed.stdout.splitlines()) < 200
    assert "acct call log 'пицца' --note 'медиаплан медиаплан" in listed.stdout
    assert "…" in listed.stdout
    whole = pizza("undo", "--list", "--json").json()["writes"][0]["command"]
    assert note.rstrip() in whole
    for args in (("undo", "--yes"), ("undo", "--yes")):  # the undo, then the redo
        said = pizza(*args)
        assert said.exit_code == 0, said.stderr
        assert max(len(line) for line in said.stdout.splitlines()) < 200


def test_undo_n_reverts_the_n_latest_newest_first(pizza: Run, home: Path) -> None:
    acct = pizza
    before = data_dump(home)
    acct("invoice", "add", "пицца", "60000", "--issued", "2026-11-01", "--number", "A-1")
    acct("invoice", "pay", "A-1", "--amount", "100", "--on", "2026-11-02")
    acct("call", "log", "пицца", "--at", "2026-11-03T10:00")
    done = acct("undo", "3", "--yes")
    assert done.exit_code == 0, done.stderr
    order = [line for line in done.stdout.splitlines() if line.startswith("Undone")]
    assert [("call log" in x, "pay" in x, "invoice add" in x) for x in order] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    assert data_dump(home) == before
    too_many = acct("undo", "5", "--yes")
    assert_user_error(too_many, "only 2 writes can be undone")  # the undo and client add


def test_nothing_to_undo(acct: Run, home: Path) -> None:
    assert_user_error(acct("undo", "--yes"), "nothing to undo")
    assert acct("undo", "--list").stdout.strip() == "No writes in the journal yet."


def test_a_write_later_writes_depend_on_is_refused_with_the_reason(
    pizza: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acct = pizza
    acct("invoice", "add", "пицца", "60000", "--issued", "2026-11-01", "--number", "A-1")
    monkeypatch.setenv("ACCT_USER", "oleg")  # a colleague on the shared store pays it
    assert acct("invoice", "pay", "A-1", "--amount", "100", "--on", "2026-11-02").exit_code == 0
    monkeypatch.setenv("ACCT_USER", "anna")
    before = store_dump(home)
    refused = acct("undo", "--yes")
    assert_user_error(
        refused,
        "cannot undo",
        "acct invoice add",
        "invoice A-1 has a payment added since",
        "acct invoice pay A-1",
        "oleg",
    )
    assert store_dump(home) == before
    # a row changed since by someone else: refused too
    acct("client", "edit", "пицца", "--channel", "phone")
    monkeypatch.setenv("ACCT_USER", "oleg")
    acct("client", "edit", "пицца", "--channel", "email")
    monkeypatch.setenv("ACCT_USER", "anna")
    before = store_dump(home)
    assert_user_error(acct("undo", "--yes"), "client Пицца Мама was changed since", "oleg")
    assert store_dump(home) == before


def test_a_failed_command_leaves_no_journal_entry(pizza: Run, home: Path) -> None:
    acct = pizza
    before = store_dump(home)
    assert_user_error(acct("invoice", "pay", "NO-SUCH"))
    assert_user_error(acct("client", "add", "Пицца Мама"))
    assert store_dump(home) == before
    assert len(acct("undo", "--list", "--json").json()["writes"]) == 1


def test_a_mail_import_is_undone_as_one_entry_and_imports_again(
    pizza: Run, home: Path, tmp_path: Path
) -> None:
    acct = pizza
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n in range(3):
        (maildir / "new" / f"{n}.eml").write_text(
            f"From: Марина <m@pizzamama.ru>\nTo: anna@agency.ru\nSubject: письмо {n}\n"
            f"Message-ID: <m{n}@pizzamama.ru>\n"
            f"Date: Wed, 25 Nov 2026 10:0{n}:00 +0300\n\nтекст {n}\n",
            encoding="utf-8",
        )
    before = data_dump(home)
    first = acct("mail", "import", str(maildir), "--json")
    assert first.json()["imported"] == 3
    imported = data_dump(home)
    assert acct("undo", "--yes").exit_code == 0
    assert data_dump(home) == before
    assert acct("mail", "list", "--json").json()["messages"] == []
    again = acct("mail", "import", str(maildir), "--json")
    assert again.json()["imported"] == 3

    # the same messages again (mail_seen may differ: a folder is remembered as unchanged
    # only once its time stamp is older than the import, which depends on the clock)
    def messages(dump: str) -> list[str]:
        rows = [r for r in dump.splitlines() if r.startswith("message:")]
        return sorted(f"письмо {n}" for r in rows for n in range(3) if f"письмо {n}" in r)

    assert messages(data_dump(home)) == messages(imported)


# -- kill -9 in the middle of an undo --------------------------------------------------------


@pytest.mark.parametrize("point", ["undo:half", "undo:reverted", "undo:marked"])
def test_undo_killed_at_any_point_leaves_the_store_consistent_and_a_rerun_converges(
    pizza: Run, home: Path, point: str
) -> None:
    acct = pizza
    for n in range(4):
        acct("call", "log", "пицца", "--note", f"звонок {n}", "--at", f"2026-11-2{n}T10:00")
    acct("invoice", "add", "пицца", "60000", "--issued", "2026-11-01", "--number", "A-1")
    before = store_dump(home)
    env = {**os.environ, "ACCT_TEST_KILL_POINT": point}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    killed = subprocess.run(
        [sys.executable, "-m", "acctcli", "undo", "2", "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert store_dump(home) == before  # nothing of the killed undo was kept
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    db = connect(load_settings().database_url)
    try:
        if db.is_sqlite:
            assert db.scalar("PRAGMA integrity_check") == "ok"
            assert db.all("PRAGMA foreign_key_check") == []
        assert db.scalar("SELECT count(*) FROM journal_open") == 0
    finally:
        db.close()
    rerun = acct("undo", "2", "--yes")
    assert rerun.exit_code == 0, rerun.stderr
    calls = acct("call", "list", "пицца", "--json") if False else None
    assert calls is None
    listed = acct("undo", "--list", "--json").json()["writes"]
    assert [w["undone"] for w in listed[:4]] == [False, True, True, False]
    assert acct("invoice", "list", "--json").json() == {"invoices": []}
