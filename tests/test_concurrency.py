"""Two account managers writing at once lose nothing and see no crash (either engine).

Each worker waits at a barrier until all have started Python and imported acct, then
records when its first command began and its last one ended (CLOCK_MONOTONIC is one clock
for every process of the machine); each test asserts the intervals intersect, so a pass
means the writers really ran at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Run

WORKER = """
import json, os, sys, time
from pathlib import Path
from acctcli.entry import main
import acctcli.app, acctcli.cli.calls, acctcli.cli.invoices, acctcli.cli.mail_import  # warm
barrier, me, workers = Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
(barrier / me).touch()
while len(list(barrier.iterdir())) < workers:
    time.sleep(0.001)
codes = []
start = time.monotonic()
for args in json.loads(sys.argv[1]):
    codes.append(main(args))
end = time.monotonic()
print(json.dumps({"codes": codes, "start": start, "end": end}))
"""


def _run_together(
    batches: list[list[list[str]]], users: list[str], barrier: Path
) -> list[list[int]]:
    """Start one process per batch at once; each runs its command lines in turn.  Fails
    unless every worker was still running when the last one started."""
    procs = []
    barrier.mkdir()
    for number, (batch, user) in enumerate(zip(batches, users, strict=True)):
        env = {**os.environ, "ACCT_USER": user}
        args = [json.dumps(batch), str(barrier), str(number), str(len(batches))]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", WORKER, *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-800:]
        assert "Traceback" not in err and "internal error" not in err, err[-800:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    latest_start = max(r["start"] for r in results)
    earliest_end = min(r["end"] for r in results)
    assert latest_start < earliest_end, "the writers did not overlap: the test proves nothing"
    return [r["codes"] for r in results]


def test_two_managers_logging_calls_at_once_lose_nothing(acct: Run, tmp_path: Path) -> None:
    assert acct("client", "add", "Суши Дом", "--since", "2026-01-01").exit_code == 0
    batches = [
        [
            ["call", "log", "суши", "--note", f"{who} {i}", "--at", f"2026-11-2{i % 5}T1{i % 9}:00"]
            for i in range(15)
        ]
        for who in ("anna", "boris")
    ]
    codes = _run_together(batches, ["anna", "boris"], tmp_path / "barrier")
    assert codes == [[0] * 15, [0] * 15]
    touches = acct("call", "history", "суши", "--json").json()["touches"]
    notes = sorted(t["note"] for t in touches)
    assert notes == sorted(f"{who} {i}" for who in ("anna", "boris") for i in range(15))


def test_concurrent_payments_never_overpay(acct: Run, tmp_path: Path) -> None:
    assert acct("client", "add", "Суши Дом", "--since", "2026-01-01").exit_code == 0
    added = acct("invoice", "add", "суши", "100000", "--number", "INV-1", "--issued", "2026-11-01")
    assert added.exit_code == 0, added.stderr
    pay = ["invoice", "pay", "INV-1", "--amount", "5000", "--on", "2026-11-20"]
    codes = _run_together([[pay] * 11, [pay] * 11], ["anna", "boris"], tmp_path / "barrier")
    flat = codes[0] + codes[1]
    assert flat.count(0) == 20 and flat.count(1) == 2  # exactly the balance, the rest refused
    invoice = acct("invoice", "list", "--json", "--team").json()["invoices"][0]
    assert invoice["paid"] == "100000.00" and invoice["balance"] == "0.00"


def test_concurrent_imports_of_one_mailbox_keep_every_message_once(acct: Run, home: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from mailgen import make_maildir

    assert acct("demo", "--date", "2026-11-26").exit_code == 0
    before = len(acct("mail", "list", "--all", "--json", "--team").json()["messages"])
    maildir = make_maildir(home.parent / "Maildir", 300, seed=5)
    batch = [["mail", "import", str(maildir)]]
    codes = _run_together([batch, batch, batch], ["anna"] * 3, home.parent / "barrier")
    assert codes == [[0], [0], [0]]
    messages = acct("mail", "list", "--all", "--json", "--team").json()["messages"]
    keys = [m["message_id"] for m in messages if m["message_id"]]
    assert len(keys) == len(set(keys))
    assert len(messages) - before == 300


def test_undos_run_at_once_take_turns_and_keep_the_journal_whole(acct: Run, tmp_path: Path) -> None:
    """Five `acct undo` at once: each reads what the one before it undid, as if run one after
    another — the latest call undone, redone, undone, redone, undone.  On PostgreSQL two
    reverted the same write, and `acct db check` then found an undo the journal names but
    never kept."""
    assert acct("client", "add", "Суши Дом", "--since", "2026-01-01").exit_code == 0
    for note, at in (
        ("A", "2026-11-20T10:00"),
        ("B", "2026-11-21T10:00"),
        ("C", "2026-11-22T10:00"),
    ):
        assert acct("call", "log", "суши", "--note", note, "--at", at).exit_code == 0
    users = ["anna"] * 5
    codes = _run_together([[["undo", "--yes"]]] * 5, users, tmp_path / "barrier")
    assert codes == [[0]] * 5
    touches = acct("call", "history", "суши", "--json").json()["touches"]
    assert sorted(t["note"] for t in touches) == ["A", "B"]
    checked = acct("db", "check")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    entries = acct("undo", "--list", "--json").json()
    assert sum("acct undo" in e["command"] for e in entries["writes"]) == 5


def test_invoices_added_at_once_without_a_number_each_get_the_next_one(
    acct: Run, tmp_path: Path
) -> None:
    """Two managers add invoices at once, numbered by acct: on PostgreSQL both read the
    same highest number and one was refused as "already exists"."""
    assert acct("client", "add", "Суши Дом", "--since", "2026-01-01").exit_code == 0
    add = ["invoice", "add", "суши", "1000", "--issued", "2026-11-02"]
    codes = _run_together([[add] * 6, [add] * 6], ["anna", "boris"], tmp_path / "barrier")
    assert codes == [[0] * 6, [0] * 6]
    numbers = sorted(
        i["number"] for i in acct("invoice", "list", "--json", "--team").json()["invoices"]
    )
    assert numbers == [f"2026-{n:04d}" for n in range(1, 13)]


def test_an_undo_and_an_invoice_add_at_once_both_succeed_as_in_either_order(
    acct: Run, tmp_path: Path
) -> None:
    """An undo that puts an invoice back and an invoice taking the year's next number: on
    PostgreSQL they took different locks, both took the same number, and the undo failed on
    the duplicate.  Run one after the other, either order succeeds."""
    assert acct("client", "add", "Суши Дом", "--since", "2020-01-01").exit_code == 0
    for year in (2024, 2025, 2026):  # a year each round: its numbers start at 0001
        issued = f"{year}-11-02"
        first = acct("invoice", "add", "суши", "111", "--issued", issued)
        assert first.exit_code == 0, first.stderr
        assert acct("undo", "--yes").exit_code == 0  # the invoice is gone; the undo is next
        add = ["invoice", "add", "суши", "222", "--issued", issued]
        codes = _run_together([[["undo", "--yes"]], [add]], ["anna", "anna"], tmp_path / f"{year}")
        assert codes == [[0], [0]]
        invoices = acct("invoice", "list", "--json", "--team").json()["invoices"]
        live = {i["number"]: i["amount"] for i in invoices if i["number"].startswith(f"{year}-")}
        # the undo first: 111 back as 0001, then 222 as 0002; the add first: undone in turn
        assert live in ({f"{year}-0001": "111.00", f"{year}-0002": "222.00"}, {}), live
        checked = acct("db", "check")
        assert checked.exit_code == 0, checked.stdout


def test_an_auto_numbered_invoice_never_loses_to_one_given_its_number(
    acct: Run, tmp_path: Path
) -> None:
    assert acct("client", "add", "Суши Дом", "--since", "2026-01-01").exit_code == 0
    for round_ in range(3):
        numbers = [
            i["number"] for i in acct("invoice", "list", "--json", "--team").json()["invoices"]
        ]
        taken = max([int(n.split("-")[1]) for n in numbers if n.startswith("2026-")] or [0])
        given = f"2026-{taken + 1:04d}"
        chosen = ["invoice", "add", "суши", "100", "--issued", "2026-11-02", "--number", given]
        auto = ["invoice", "add", "суши", "200", "--issued", "2026-11-02"]
        codes = _run_together([[chosen], [auto]], ["anna", "boris"], tmp_path / f"b{round_}")
        assert codes[1] == [0]  # acct's own numbering never collides
        assert codes[0] in ([0], [1])  # the chosen number may be taken already: the user's


@pytest.mark.postgres_only
def test_an_undo_never_overwrites_a_change_made_while_it_runs(acct: Run, tmp_path: Path) -> None:
    """anna undoes her edit of a client; boris edits the same client just after the undo
    checked that nobody had (the undo paused there by the test).  On PostgreSQL boris's edit
    committed and the undo then wrote the old row over it; now the undo holds the rows it
    reverts, boris's edit waits for it and lands on the reverted row."""
    import time

    from acctcli.store.db import connect

    assert acct("client", "add", "Acme", "--cadence", "weekly").exit_code == 0
    assert acct("client", "edit", "Acme", "--cadence", "monthly").exit_code == 0
    pause = tmp_path / "pause"
    pause.mkdir()
    undo = subprocess.Popen(
        [sys.executable, "-m", "acctcli", "undo", "--yes"],
        env={**os.environ, "ACCT_TEST_PAUSE_POINT": f"undo:checked:{pause}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not (pause / "reached").exists():
        assert undo.poll() is None, undo.communicate()
        assert time.monotonic() < deadline, "the undo never reached its check"
        time.sleep(0.01)
    edit = subprocess.Popen(
        [sys.executable, "-m", "acctcli", "client", "edit", "Acme", "--channel", "email"],
        env={**os.environ, "ACCT_USER": "boris"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = connect(os.environ["ACCT_DATABASE_URL"])
    try:  # boris's edit finishes (the race lost) or waits on the undo's row lock
        while edit.poll() is None and not db.scalar(
            "SELECT count(*) FROM pg_locks WHERE NOT granted"
        ):
            assert time.monotonic() < deadline, "boris's edit neither ended nor waited"
            time.sleep(0.01)
    finally:
        db.close()
    (pause / "go").touch()
    undone, edited = undo.communicate(timeout=120), edit.communicate(timeout=120)
    assert undo.returncode == 0, undone
    assert edit.returncode == 0, edited
    shown = acct("client", "show", "Acme", "--json").json()
    assert (shown["cadence"], shown["channel"]) == ("weekly", "email"), shown
    checked = acct("db", "check")
    assert checked.exit_code == 0, checked.stdout
