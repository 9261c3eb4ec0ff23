"""Reading and parsing messages in worker processes while the importer writes
(services/mail/parallel.py): the same store as a one-process import, in the same order, with a
bounded read-ahead, and no worker outliving a killed import."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.services.mail import parallel
from acctcli.settings import load_settings
from acctcli.store.db import connect

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"), reason="workers fork (Linux)"
)


def _pid_of(item: int) -> tuple[int, int]:
    return item, os.getpid()


_MEET = multiprocessing.get_context("fork").Barrier(2)


def _meet_then_pid(item: int) -> tuple[int, int]:
    """The first item of each of the first two batches waits for the other: it returns only
    when two workers run at the same time (else the barrier breaks and the map fails)."""
    if item in (0, parallel.BATCH):
        _MEET.wait(timeout=60)
    return item, os.getpid()


def test_two_workers_run_at_once_and_every_result_comes_back_in_order() -> None:
    items = list(range(20 * parallel.BATCH + 7))
    out = list(parallel.ordered_map(_meet_then_pid, iter(items), expected=len(items), count=2))
    assert [item for item, _ in out] == items
    assert [result[0] for _, result in out] == items
    pids = {result[1] for _, result in out}
    assert len(pids) == 2 and os.getpid() not in pids


def test_few_items_or_no_workers_run_in_this_process() -> None:
    few = list(range(parallel.AT_LEAST - 1))
    out = list(parallel.ordered_map(_pid_of, iter(few), expected=len(few), count=2))
    assert {pid for _, (_, pid) in out} == {os.getpid()}
    many = list(range(parallel.AT_LEAST * 2))
    out = list(parallel.ordered_map(_pid_of, iter(many), expected=len(many), count=0))
    assert [item for item, _ in out] == many and {pid for _, (_, pid) in out} == {os.getpid()}


def test_the_read_ahead_is_bounded_however_many_items() -> None:
    pulled = 0

    def items() -> object:
        nonlocal pulled
        for n in range(50_000):
            pulled += 1
            yield n

    most = 0
    for n, (item, _pid) in enumerate(
        parallel.ordered_map(_pid_of, items(), expected=50_000, count=2)  # type: ignore[arg-type]
    ):
        assert item == n
        most = max(most, pulled - n)
    assert pulled == 50_000
    assert most <= parallel.AHEAD + parallel.BATCH


def test_workers_count_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCT_MAIL_WORKERS", "0")
    assert parallel.workers() == 0
    monkeypatch.setenv("ACCT_MAIL_WORKERS", "3")
    assert parallel.workers() == 3
    monkeypatch.setenv("ACCT_MAIL_WORKERS", "lots")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(8)))
    assert parallel.workers() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert parallel.workers() == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert parallel.workers() == 0


_SKIP = {"imported_at", "created_at"}


def _dump() -> dict[str, list[tuple[object, ...]]]:
    db = connect(load_settings().database_url)
    try:
        out = {}
        for table, order in (
            ("message", "id"),
            ("attachment", "message_id, position"),
            ("mail_seen", "source, name"),
            ("search_doc", "id"),
            ("touch", "id"),
        ):
            row = db.one(f"SELECT * FROM {table} LIMIT 1")
            columns = [c for c in row.keys() if c not in _SKIP] if row is not None else ["1"]
            out[table] = [
                tuple(r)
                for r in db.all(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
            ]
        return out
    finally:
        db.close()


def _odd_maildir(tmp_path: Path) -> Path:
    from benchmarks.mailgen import make_maildir

    root = make_maildir(tmp_path / "mail", 700, seed=5, attachments=True)
    cur = root / "cur"
    (cur / "1700000000.Mpdf.host:2,S").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (cur / "1700000001.Mole.host:2,S").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (cur / b"1700000002.M\xff\xfe.host:2,S".decode("utf-8", "surrogateescape")).write_bytes(
        b"From: =?koi8-r?b?8NLP18XSy8E=?= <x@example.org>\nSubject: test\n\nbody\n"
    )
    (cur / "1700000003.Mempty.host:2,S").write_bytes(b"")
    os.mkfifo(cur / "1700000004.Mfifo.host:2,S")
    twin = next(p for p in sorted(cur.iterdir()) if p.name.endswith(".mailgen:2,S"))
    (cur / "1700000005.Mtwin.host:2,S").write_bytes(twin.read_bytes())
    return root


@pytest.mark.sqlite_only  # two stores side by side (the PostgreSQL pass has one database)
def test_an_import_with_workers_stores_exactly_what_one_without_them_stores(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _odd_maildir(tmp_path)
    results = []
    for n, workers in enumerate(("2", "0")):
        monkeypatch.setenv("ACCT_HOME", str(home.parent / f"home{n}"))
        monkeypatch.setenv("ACCT_MAIL_WORKERS", workers)
        if n == 0:
            assert parallel.workers() == 2
        assert acct("client", "add", "Ромашка", "--domain", "example.org").exit_code == 0
        result = acct("mail", "import", root, "--date", "2026-11-20", "--json")
        assert result.exit_code == 0, result.stderr
        report = result.json()
        results.append((report, _dump()))
    (with_workers, stored), (alone, stored_alone) = results
    assert with_workers == alone
    # 700 generated and one with an undecodable name; its twin is known; PDF, Outlook,
    # FIFO and empty files fail, each with its reason, in the same order either way
    assert (with_workers["imported"], with_workers["known"]) == (701, 1)
    assert len(with_workers["failed"]) == 4
    assert stored == stored_alone
    assert len(stored["message"]) == 701 and stored["attachment"] and stored["search_doc"]


def _big(size: int, n: int) -> bytes:
    body = (b"x" * 75 + b"\n") * (size // 76)
    return (
        b"From: big%d@example.org\nSubject: big %d\nMessage-ID: <big%d@example.org>\n"
        b"Date: Mon, 02 Nov 2026 10:00:00 +0300\n\n" % (n, n, n)
    ) + body


@pytest.mark.sqlite_only  # two stores side by side
def test_an_mbox_with_workers_stores_exactly_what_one_without_them_stores(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages travel to the workers, except one too big to copy (parsed where it was read)
    and one above the size limit; the resume point is the same."""
    from benchmarks.mailgen import SEPARATOR, maildir_to_mbox, make_maildir

    root = make_maildir(tmp_path / "mail", 700, seed=8, attachments=True)
    mbox = tmp_path / "archive.mbox"
    maildir_to_mbox(root, mbox)
    with mbox.open("ab") as out:
        out.write(SEPARATOR + b"\n")  # an empty message
        out.write(SEPARATOR + _big(5 << 20, 1) + b"\n")  # parsed by the importer itself
        out.write(SEPARATOR + _big(7 << 20, 2) + b"\n")  # above max_message_mb
        out.write(SEPARATOR + _big(1 << 10, 3) + b"\n")
    results = []
    for n, workers in enumerate(("2", "0")):
        folder = home.parent / f"home{n}"
        folder.mkdir(mode=0o700)
        (folder / "config.toml").write_text("[mail]\nmax_message_mb = 6\n", encoding="utf-8")
        monkeypatch.setenv("ACCT_HOME", str(folder))
        monkeypatch.setenv("ACCT_MAIL_WORKERS", workers)
        result = acct("mail", "import", mbox, "--date", "2026-11-20", "--json")
        assert result.exit_code == 0, result.stderr
        results.append((result.json(), _dump()))
    (with_workers, stored), (alone, stored_alone) = results
    assert with_workers == alone
    assert with_workers["imported"] == 702 and len(with_workers["failed"]) == 2
    assert [f["reason"].split()[0] for f in with_workers["failed"]] == ["an", "larger"]
    assert stored == stored_alone
    assert any("#sha256" in r for r in stored["mail_seen"])  # the resume point, the same
