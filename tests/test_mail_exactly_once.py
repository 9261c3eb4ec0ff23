"""Imports of one mailbox at once store each message, attachment row and touch from sent mail
exactly once, and their summaries add up (either engine).

Each worker process waits at a barrier until all have imported acct, then records when its
import began and ended (CLOCK_MONOTONIC is one clock for the machine); the test asserts the
intervals intersect, so a pass means the imports really ran at the same time."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run
from tests.mail.agency import make_agency
from tests.mail.builders import message, multipart, part, write_maildir

WORKER = """
import contextlib, io, json, sys, time
from pathlib import Path
from acctcli.entry import main
import acctcli.app, acctcli.cli.mail_import, acctcli.services.mail.importer  # warm
import acctcli.services.mail.sync, acctcli.mail.imap  # warm
barrier, me, workers = Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
(barrier / me).touch()
while len(list(barrier.iterdir())) < workers:
    time.sleep(0.001)
out = io.StringIO()
start = time.monotonic()
with contextlib.redirect_stdout(out):
    code = main(json.loads(sys.argv[1]))
end = time.monotonic()
print(json.dumps({"code": code, "out": out.getvalue(), "start": start, "end": end}))
"""

CONTACTS = ["i.volkova@stroymarket.ru", "a.petrov@stroymarket.ru", "d.orlov@grand-holding.ru"]


def _with_attachments(n: int, count: int, **headers: str) -> bytes:
    files = [
        part(
            "application/pdf",
            base64.encodebytes(f"%PDF {n}.{k} ".encode() * 40),
            "Content-Transfer-Encoding: base64",
            f'Content-Disposition: attachment; filename="act-{n}-{k}.pdf"',
        )
        for k in range(count)
    ]
    return message(
        raw_body=multipart(f"b{n}", part("text/plain; charset=utf-8", b"see attached"), *files),
        content_type=f'Content-Type: multipart/mixed; boundary="b{n}"',
        **headers,
    )


def make_mailbox(root: Path, sent: int, inbox: int) -> tuple[Path, int]:
    """A Maildir with `sent` messages Anna sent to clients' contacts (1–3 attachments each,
    in .Sent) and `inbox` messages from them (every other one with an attachment); gives the
    folder and the number of attachments in it."""
    attachments = 0
    sent_files: dict[str, bytes] = {}
    for n in range(sent):
        count = 1 + n % 3
        attachments += count
        sent_files[f"{1700000000 + n}.M{n}.host:2,S"] = _with_attachments(
            n,
            count,
            subject=f"Акт №{n}",
            sender="Анна <anna@agency.ru>",
            to=CONTACTS[n % 3],
            date=f"Wed, {1 + n % 25:02d} Nov 2026 1{n % 10}:{n % 60:02d}:00 +0300",
            message_id=f"<sent-{n}@agency.ru>",
        )
    inbox_files: dict[str, bytes] = {}
    for n in range(inbox):
        headers = {
            "subject": f"Вопрос {n}",
            "sender": CONTACTS[n % 3],
            "date": f"Thu, {1 + n % 25:02d} Nov 2026 0{n % 10}:{n % 60:02d}:00 +0300",
            "message_id": f"<in-{n}@stroymarket.ru>",
        }
        if n % 2:
            attachments += 1
            raw = _with_attachments(10000 + n, 1, **headers)
        else:
            raw = message(body=f"текст {n}", **headers)
        inbox_files[f"{1710000000 + n}.M{n}.host:2,S"] = raw
    folder = write_maildir(root, inbox_files)
    write_maildir(folder / ".Sent", sent_files)
    return folder, attachments


def run_together(args: list[str], workers: int, barrier: Path) -> list[dict]:
    """Start `workers` processes at once, each running `acct ARGS…` once; fails unless every
    worker was still running when the last one started."""
    return run_each([args] * workers, barrier)


def run_each(commands: list[list[str]], barrier: Path) -> list[dict]:
    """Start one process per command at once, each running `acct COMMAND…` once; fails unless
    every one was still running when the last one started."""
    barrier.mkdir()
    workers = len(commands)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps(args), str(barrier), str(n), str(workers)],
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, args in enumerate(commands)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-800:]
        assert "Traceback" not in err and "internal error" not in err, err[-800:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert max(r["start"] for r in results) < min(r["end"] for r in results), (
        "the imports did not overlap: the test proves nothing"
    )
    return results


def counts(*queries: str) -> list[int]:
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    db = connect(load_settings().database_url)
    try:
        return [int(db.scalar(q)) for q in queries]
    finally:
        db.close()


ROWS = (
    "SELECT count(*) FROM message",
    "SELECT count(*) FROM attachment",
    "SELECT count(*) FROM touch WHERE source = 'mail'",
    "SELECT count(DISTINCT message_id) FROM touch WHERE source = 'mail'",
)


def test_four_imports_at_once_store_everything_exactly_once(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home)
    sent, inbox = 300, 600
    folder, attachments = make_mailbox(tmp_path / "Maildir", sent, inbox)
    results = run_together(
        ["mail", "import", str(folder), "--json", "--date", "2026-11-26"], 4, tmp_path / "barrier"
    )
    assert [r["code"] for r in results] == [0, 0, 0, 0]
    reports = [json.loads(r["out"]) for r in results]
    # each run saw every message: what it stored itself, or found stored by another
    assert [r["imported"] + r["known"] for r in reports] == [sent + inbox] * 4
    assert sum(r["imported"] for r in reports) == sent + inbox
    assert all(r["failed"] == [] for r in reports)
    assert counts(*ROWS) == [sent + inbox, attachments, sent, sent]
    # each message's attachments once, in their order
    [pairs] = counts(
        "SELECT count(*) FROM (SELECT DISTINCT message_id, filename FROM attachment) x"
    )
    assert pairs == attachments
    again = acct("mail", "import", folder, "--json")
    assert again.exit_code == 0, again.stderr
    assert again.json()["imported"] == 0
    assert counts(*ROWS) == [sent + inbox, attachments, sent, sent]
