"""kill -9 in the middle of a write leaves the store consistent, and running the command again
converges (issue 15).  The kill point is chosen by the test, not by timing: ACCT_TEST_KILL_AT=N
makes acct SIGKILL itself just before its N-th write step (a statement inside a transaction, a
COMMIT, a batch of `acct db copy`; store/db.py `kill_point`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import ENGINE, Run

from acctcli.settings import load_settings
from acctcli.store.db import connect

RUN = "import sys\nfrom acctcli.entry import main\nsys.exit(main(sys.argv[1:]))\n"


def killed_run(step: int, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "ACCT_TEST_KILL_AT": str(step),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-c", RUN, *map(str, args)], env=env, capture_output=True, text=True
    )


def assert_consistent(acct: Run) -> None:
    """SQLite's integrity check and every acct rule (acct db check) hold."""
    if ENGINE == "sqlite":
        db = connect(load_settings().database_url)
        try:
            assert db.scalar("PRAGMA integrity_check") == "ok"
        finally:
            db.close()
    check = acct("db", "check")
    assert check.exit_code == 0, check.stdout


def _marked(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"MARK={mark}".encode() in environ.split(b"\0"):
                found.append(int(entry.name))
    return found


def assert_no_process_left(mark: str) -> None:
    """No process started with MARK=mark is left (a killed parent's children get SIGKILL
    from the kernel; their exit is waited for, up to a minute, not timed)."""
    import time

    deadline = time.monotonic() + 60
    while (left := _marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes outlived the killed import: {left}"


def scalar(sql: str) -> object:
    db = connect(load_settings().database_url)
    try:
        return db.scalar(sql)
    finally:
        db.close()


@pytest.fixture
def demo(acct: Run, home: Path) -> Run:
    (home).mkdir(mode=0o700, parents=True, exist_ok=True)
    (home / "config.toml").write_text("[backup]\nkeep = 0\n", encoding="utf-8")
    assert acct("demo", "--date", "2026-11-20").exit_code == 0
    return acct


@pytest.mark.parametrize(
    ("step", "shape"), [(1, "maildir"), (3, "maildir"), (10, "maildir"), (25, "maildir"),
                        (3, "mbox"), (25, "mbox")]
)  # fmt: skip
def test_a_killed_mail_import_leaves_a_consistent_store_and_a_rerun_imports_each_once(
    demo: Run, tmp_path: Path, step: int, shape: str
) -> None:
    """With workers parsing ahead of the writer: an mbox's resume point is the last message
    stored, not the last one read."""
    from benchmarks.mailgen import maildir_to_mbox, make_maildir

    total = 600
    root = make_maildir(tmp_path / "big", total, seed=11, attachments=True)
    if shape == "mbox":
        maildir_to_mbox(root, tmp_path / "big.mbox")
        root = tmp_path / "big.mbox"
    before = int(scalar("SELECT count(*) FROM message"))
    mark = f"killed-{os.getpid()}-{step}-{shape}"
    proc = killed_run(
        step, "mail", "import", root, "--date", "2026-11-20", ACCT_MAIL_WORKERS="2", MARK=mark
    )
    assert proc.returncode == -signal.SIGKILL, (proc.stdout, proc.stderr)
    assert_no_process_left(mark)  # its parsing workers died with it
    assert_consistent(demo)
    if shape == "mbox":  # where it resumes: the fingerprint of the bytes before that point
        import hashlib

        from acctcli.mail.mbox import fingerprint

        mark_row = scalar("SELECT size || ' ' || mtime_ns FROM mail_seen WHERE name = '#sha256'")
        assert (mark_row is not None) == (step == 25)  # a batch was stored by step 25
        if mark_row is not None:
            size, printed = map(int, str(mark_row).split())
            assert 0 < size < root.stat().st_size
            assert fingerprint(hashlib.sha256(root.read_bytes()[:size])) == printed
    assert int(scalar("SELECT count(*) FROM message")) - before < total
    rerun = demo("mail", "import", root, "--date", "2026-11-20")
    assert rerun.exit_code == 0, rerun.stderr
    assert int(scalar("SELECT count(*) FROM message")) - before == total
    assert_consistent(demo)
    again = demo("mail", "import", root, "--date", "2026-11-20")
    assert again.stdout.startswith(f"Imported 0 messages, {total} already known")


ONBOARD = ("onboard", "Стоматология Улыбка", "--date", "2026-11-20")


@pytest.mark.parametrize("step", [1, 2, 4, 6, 9])
def test_a_killed_multi_step_onboarding_tick_is_all_or_nothing_and_converges(
    demo: Run, step: int
) -> None:
    steps = demo(*ONBOARD, "--json").json()["steps"]
    todo = [s["key"] for s in steps if s["state"] != "done" and not s["records"]]
    assert len(todo) >= 2
    done_before = sum(1 for s in steps if s["state"] == "done")
    ticks = [a for key in todo for a in ("--done", key)]
    proc = killed_run(step, *ONBOARD, *ticks)
    assert proc.returncode == -signal.SIGKILL, (proc.stdout, proc.stderr)
    assert_consistent(demo)
    after = demo(*ONBOARD, "--json").json()["steps"]
    done_after = sum(1 for s in after if s["state"] == "done")
    assert done_after in (done_before, done_before + len(todo))  # all or nothing
    rerun = demo(*ONBOARD, *ticks)
    assert rerun.exit_code == 0, rerun.stderr
    final = {s["key"]: s["state"] for s in demo(*ONBOARD, "--json").json()["steps"]}
    assert all(final[key] == "done" for key in todo)
    assert_consistent(demo)


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_killed_payment_is_kept_once_or_not_at_all(demo: Run, step: int) -> None:
    open_invoices = demo("invoice", "list", "--open", "--team", "--json").json()
    invoice = open_invoices["invoices"][0]
    number = invoice["number"]
    payments = int(scalar("SELECT count(*) FROM payment"))
    proc = killed_run(step, "invoice", "pay", number, "--on", "2026-11-20")
    assert proc.returncode == -signal.SIGKILL, (proc.stdout, proc.stderr)
    assert_consistent(demo)
    assert int(scalar("SELECT count(*) FROM payment")) == payments  # killed before its commit
    rerun = demo("invoice", "pay", number, "--on", "2026-11-20")
    assert rerun.exit_code == 0, rerun.stderr
    again = demo("invoice", "pay", number, "--on", "2026-11-20")
    assert again.exit_code == 1 and "already paid in full" in again.stderr
    assert int(scalar("SELECT count(*) FROM payment")) == payments + 1
    assert_consistent(demo)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("step", [1, 5, 12])
def test_a_killed_db_copy_leaves_the_source_whole_and_a_rerun_copies_everything(
    demo: Run, tmp_path: Path, step: int
) -> None:
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    proc = killed_run(step, "db", "copy", "--to", target)
    assert proc.returncode == -signal.SIGKILL, (proc.stdout, proc.stderr)
    assert_consistent(demo)
    partial = connect(target)
    try:
        assert partial.scalar("PRAGMA integrity_check") == "ok"
        assert partial.scalar("SELECT count(*) FROM client") == 0  # one transaction: nothing
    finally:
        partial.close()
    rerun = demo("db", "copy", "--to", target)
    assert rerun.exit_code == 0, rerun.stderr
    assert "every table checked" in rerun.stdout
