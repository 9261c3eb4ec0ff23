"""acct mail import: formats detected, matching and triage, idempotent, resumable, robust."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import DAY, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import age, encoded, mbox, message, multipart, part, write_maildir

INCIDENT = message(
    subject=encoded("Сайт не работает!", "koi8-r"),
    sender=f"{encoded('Ирина Волкова', 'koi8-r')} <I.Volkova@StroyMarket.ru>",
    date="Sat, 21 Nov 2026 01:12:00 +0300",
    message_id="<incident@stroymarket.ru>",
    body="Главная отдаёт 502, корзина лежит.",
    charset="koi8-r",
)
INVOICE = message(
    subject=encoded("Счёт за ноябрь", "windows-1251"),
    sender="buh@grandauto.ru",
    date="Wed, 25 Nov 2026 11:20:00 +0300",
    message_id="<invoice@grandauto.ru>",
    raw_body=multipart(
        "b1",
        part("text/plain; charset=windows-1251", "Прикладываем счёт.".encode("cp1251")),
        part(
            "application/pdf",
            base64.encodebytes(b"%PDF" + b"x" * 996),
            "Content-Transfer-Encoding: base64",
            'Content-Disposition: attachment; filename="invoice.pdf"',
        ),
    ),
    content_type='Content-Type: multipart/mixed; boundary="b1"',
)
SPAM = message(
    subject="URGENT: your account will be suspended",
    sender="security@paypa1-verify.com",
    date="Tue, 24 Nov 2099 19:00:00 +0300",  # spam from the future
    message_id=None,
    body="Verify your billing details now.",
)
SENT = message(
    subject="Медиаплан на декабрь",
    sender="Анна <anna@agency.ru>",
    to="Дмитрий Орлов <d.orlov@grand-holding.ru>",
    date="Wed, 25 Nov 2026 16:00:00 +0300",
    message_id="<plan@agency.ru>",
    body="Отправляю медиаплан.",
)
REPORT = message(
    subject="Отчёт за октябрь",
    sender="a.petrov@stroymarket.ru",
    date="Thu, 26 Nov 2026 10:00:00 +0300",
    message_id="<report@stroymarket.ru>",
    body="Когда будет отчёт?",
)


def inbox(tmp_path: Path) -> Path:
    root = write_maildir(
        tmp_path / "Maildir",
        {
            "1001.M1.host:2,S": INCIDENT,
            "1002.M2.host:2,S": INVOICE,
            "1003.M3.host:2,S": SPAM,
            "1005.M5.host:2,": REPORT.replace(b"Thu, 26", b"Thu, 26"),
            "1006.M6.host:2,S": REPORT,  # the same Message-ID again
            "1007.M7.host:2,S": b"\x00\x01 not mail at all \xff\xfe" * 20,
        },
    )
    write_maildir(root / ".Sent", {"1004.M4.host:2,S": SENT})
    return root


def test_a_maildir_is_matched_classified_and_summarised(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home)
    root = inbox(tmp_path)
    result = acct("mail", "import", root, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Imported 5 messages, 1 already known, 1 failed."
    assert result.stderr == f"failed: {root / 'cur' / '1007.M7.host:2,S'}: no mail headers\n"

    everything = {m["subject"]: m for m in listed(acct, "--all", "--date", DAY)}
    incident = everything["Сайт не работает!"]
    assert incident["client"] == "СтройМаркет" and incident["from"] == "i.volkova@stroymarket.ru"
    assert (incident["category"], incident["priority"], incident["state"]) == ("incident", 3, "new")
    assert incident["after_hours"] is True and incident["date"] == "2026-11-21T01:12"
    invoice = everything["Счёт за ноябрь"]
    assert (invoice["client"], invoice["category"], invoice["after_hours"]) == (
        "Гранд Холдинг",
        "billing",
        False,
    )
    spam = everything["URGENT: your account will be suspended"]
    assert spam["client"] is None and spam["priority"] <= 1 and spam["message_id"] is None
    assert spam["date"] == "2026-11-27T00:00"  # not above today's mail for 73 years
    sent = everything["Медиаплан на декабрь"]
    assert sent["outgoing"] is True and sent["client"] == "Гранд Холдинг"
    assert sent["state"] == "waiting"
    keys = {
        "id",
        "message_id",
        "date",
        "from",
        "subject",
        "client",
        "category",
        "priority",
        "state",
        "after_hours",
    }
    assert all(keys <= set(m) for m in everything.values())

    shown = acct("mail", "show", str(invoice["id"]), "--json").json()
    assert shown["attachments"] == [{"filename": "invoice.pdf", "size": 1000}]
    assert "Прикладываем счёт." in shown["text"]


def test_sent_mail_is_an_email_touch_once(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    root = inbox(tmp_path)
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    touches = acct("call", "history", "Гранд", "--json").json()["touches"]
    mail = [t for t in touches if t.get("source") == "mail"]
    assert len(mail) == 1
    assert mail[0]["channel"] == "email" and mail[0]["at"].startswith("2026-11-25T16:00")
    assert mail[0]["note"] == "Медиаплан на декабрь" and mail[0]["contact"] == "Дмитрий Орлов"
    assert mail[0]["by"] == "anna"


def test_reimport_adds_nothing_and_opens_no_known_file(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home)
    root = inbox(tmp_path)
    (root / "cur" / "1007.M7.host:2,S").unlink()
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0
    before = store_dump(home)
    # a known file's content is never read again: garbage under a known name goes unnoticed
    (root / "cur" / "1002.M2.host:2,S").write_bytes(b"garbage")
    # a mail client marking a message read renames it new/ → cur/ with flags: still known
    os.rename(root / "cur" / "1005.M5.host:2,", root / "new" / "1005.M5.host")
    again = acct("mail", "import", root, "--date", DAY)
    assert again.stdout.strip() == "Imported 0 messages, 6 already known, 0 failed."
    assert again.stderr == ""
    assert store_dump(home) == before


def test_an_unchanged_folder_is_not_even_listed(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", {"1.M1.h:2,S": REPORT, "2.M2.h:2,S": INVOICE})
    for sub in ("cur", "new"):
        age(root / sub)
    assert acct("mail", "import", root).stdout.startswith("Imported 2 messages")
    stamp = (root / "cur").stat()
    (root / "cur" / "3.M3.h:2,S").write_bytes(SPAM)
    os.utime(root / "cur", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # mtime as before
    assert acct("mail", "import", root).stdout.strip() == (
        "Imported 0 messages, 2 already known, 0 failed."
    )
    age(root / "cur", 60)  # the folder changed: listed again, the new file found
    assert acct("mail", "import", root).stdout.strip() == (
        "Imported 1 message, 2 already known, 0 failed."
    )


def test_an_mbox_resumes_where_it_stopped(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    path = tmp_path / "archive.mbox"
    path.write_bytes(mbox(INCIDENT, INVOICE, SPAM))
    first = acct("mail", "import", path, "--date", DAY)
    assert first.stdout.strip() == "Imported 3 messages, 0 already known, 0 failed."
    with path.open("ab") as handle:
        handle.write(mbox(REPORT))
    second = acct("mail", "import", path, "--date", DAY)
    assert second.stdout.strip() == "Imported 1 message, 3 already known, 0 failed."
    shown = acct(
        "mail",
        "show",
        str(listed(acct, "--date", DAY, "--client", "Строй", "--category", "report")[0]["id"]),
    )
    assert "Когда будет отчёт?" in shown.stdout


def test_eml_files_and_folders(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    folder = tmp_path / "saved"
    (folder / "older").mkdir(parents=True)
    (folder / "incident.eml").write_bytes(INCIDENT)
    (folder / "older" / "invoice.EML").write_bytes(INVOICE)
    (folder / "notes.txt").write_text("not mail")
    single = tmp_path / "report.eml"
    single.write_bytes(REPORT.replace(b"\n", b"\r\n"))
    result = acct("mail", "import", folder, single, "--date", DAY)
    # every file is read by its content and accounted for: notes.txt is no mail
    assert result.stdout.splitlines() == [
        "Imported 3 messages, 0 already known, 1 failed.",
        f"  {folder}: 3 seen = 2 imported + 0 already known + 1 failed",
        f"  {single}: 1 seen = 1 imported + 0 already known + 0 failed",
    ]
    assert "notes.txt: not a mail file" in result.stderr
    assert acct("mail", "import", folder, single).stdout.splitlines()[0] == (
        "Imported 0 messages, 3 already known, 1 failed."
    )
    (folder / "notes.txt").unlink()
    (folder / "incident.eml").write_bytes(b"X-Label: seen\n" + INCIDENT)  # changed: read again
    assert acct("mail", "import", folder).stdout.strip() == (
        "Imported 0 messages, 2 already known, 0 failed."
    )
    subjects = {m["subject"] for m in listed(acct, "--date", DAY)}
    assert {"Сайт не работает!", "Счёт за ноябрь", "Отчёт за октябрь"} <= subjects


UNREADABLE = [
    (lambda p: p / "missing", "no such file or folder"),
    (lambda p: (p / "empty-dir").mkdir() or p / "empty-dir", "no mail here"),
    (
        lambda p: (p / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0JFIF") and p / "photo.jpg",
        "not a mail file",
    ),
]


@pytest.mark.parametrize(("make", "fragment"), UNREADABLE)
def test_an_unreadable_path_is_one_failed_entry_and_the_others_import(
    acct: Run, home: Path, tmp_path: Path, make, fragment: str
) -> None:
    make_agency(acct, home)
    good = inbox(tmp_path)
    bad = make(tmp_path)
    result = acct("mail", "import", good, bad, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Imported 5 messages, 1 already known, 2 failed."
    assert f"failed: {bad}: {fragment}" in result.stderr


@pytest.mark.parametrize(("make", "fragment"), UNREADABLE)
def test_when_no_path_can_be_read_it_is_an_error_and_nothing_is_imported(
    acct: Run, home: Path, tmp_path: Path, make, fragment: str
) -> None:
    make_agency(acct, home)
    before = store_dump(home)
    assert_user_error(acct("mail", "import", make(tmp_path)), fragment)
    assert store_dump(home) == before


def test_config_rules_history_and_bad_config(acct: Run, home: Path, tmp_path: Path) -> None:
    rules = """\
history_days = 3

[[mail.rule]]
from = "paypa1"
state = "done"
category = "other"

[[mail.rule]]
subject = "^Счёт"
regex = true
client = "Строй"
priority = 0
"""
    make_agency(acct, home, rules)
    config = home / "config.toml"
    assert acct("mail", "import", inbox(tmp_path), "--date", DAY).exit_code == 0
    everything = {m["subject"]: m for m in listed(acct, "--all", "--date", DAY)}
    spam = everything["URGENT: your account will be suspended"]
    assert (spam["state"], spam["category"]) == ("done", "other")
    invoice = everything["Счёт за ноябрь"]
    assert (invoice["client"], invoice["priority"]) == ("СтройМаркет", 0)
    assert everything["Сайт не работает!"]["state"] == "done"  # five days old: history
    config.write_text(config.read_text() + '\n[[mail.rule]]\nsubject = "x"\ncolour = "red"\n')
    before = store_dump(home)
    assert_user_error(acct("mail", "import", tmp_path / "Maildir"), "[[mail.rule]] #3", "colour")
    assert store_dump(home) == before


def test_untrusted_text_is_shown_literally(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    make_agency(acct, home)
    evil = "[bold red]x[/] \x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ \x1b[2J"
    raw = message(
        subject=encoded(evil),
        sender=f"{encoded('[link=http://evil]Ирина[/link]')} <i.volkova@stroymarket.ru>",
        date="Thu, 26 Nov 2026 10:00:00 +0300",
        body="[blink]body[/blink] \x1b[31mred",
    )
    root = write_maildir(tmp_path / "Evil", {"1.M1.h:2,S": raw})
    assert acct("mail", "import", root).exit_code == 0
    for args in (("mail", "list", "--date", DAY), ("mail", "show", "1")):
        out = acct(*args).stdout
        assert "\x1b" not in out, args
        assert "[bold red]x[/]" in out and "\\x1b]8;;http://evil" in out, out
    shown = acct("mail", "show", "1").stdout
    assert "[link=http://evil]Ирина[/link]" in shown
    assert "[blink]body[/blink] \\x1b[31mred" in shown


# Runs `acct ARGS…` and kills itself (SIGKILL: no cleanup of any kind) right after the
# transaction that brought the store's message count to its N-th new value has committed.
KILL_AFTER_BATCH = """
import os, signal, sys
from contextlib import contextmanager
from acctcli.entry import main
from acctcli.store.db import Database

original = Database.transaction
counts = []

@contextmanager
def transaction(self):
    outermost = self._depth == 0
    with original(self) as db:
        yield db
    if outermost:
        count = self.scalar("SELECT count(*) FROM message")
        if count and (not counts or count != counts[-1]):
            counts.append(count)
            if len(counts) == int(sys.argv[1]):
                print(count, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)

Database.transaction = transaction
main(sys.argv[2:])
"""


def test_a_killed_import_resumes_with_every_message_once(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    from benchmarks.mailgen import make_maildir

    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    make_agency(acct, home)
    total = 3000
    root = make_maildir(tmp_path / "big", total, seed=7, attachments=False)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = ["mail", "import", str(root), "--date", DAY]
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_BATCH, "2", *args],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr  # killed, not finished
    committed = int(proc.stdout)
    db = connect(load_settings().database_url)
    try:
        killed_at = db.scalar("SELECT count(*) FROM message")
        assert killed_at == committed  # both batches kept, nothing after them
        assert 0 < killed_at < total
        rerun = acct("mail", "import", root, "--date", DAY)
        assert rerun.exit_code == 0, rerun.stderr
        assert rerun.stdout.startswith(
            f"Imported {total - killed_at} messages, {killed_at} already"
        )
        assert db.scalar("SELECT count(*) FROM message") == total
        assert db.scalar("SELECT count(DISTINCT message_key) FROM message") == total
        sent_to_clients = db.scalar(
            "SELECT count(*) FROM message WHERE outgoing = :t AND client_id IS NOT NULL",
            {"t": True},
        )
        assert db.scalar("SELECT count(*) FROM touch WHERE source = 'mail'") == sent_to_clients
        again = acct("mail", "import", root, "--date", DAY)
        assert again.stdout.startswith(f"Imported 0 messages, {total} already known")
    finally:
        db.close()
