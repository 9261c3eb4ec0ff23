"""The import's fast paths keep their results: a touched mbox of the same size is nothing new
(and is not read), a Maildir whose files a mail client renamed is listed once with its known
names loaded in one query, and a message longer than the mbox reader's window imports as the
same message saved alone."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from tests.conftest import DAY, ENGINE, Run, store_dump
from tests.mail.agency import make_agency
from tests.mail.builders import age, mbox, message, multipart, part, write_maildir

from acctcli.mail import mbox as mbox_module
from acctcli.services.mail import importer


def note(n: int, *, marker: str = "m") -> bytes:
    return message(
        subject=f"Отчёт {n}",
        sender="a.petrov@stroymarket.ru",
        date=f"Thu, {10 + n} Nov 2026 10:00:00 +0300",
        message_id=f"<{marker}{n}@stroymarket.ru>",
        body=f"Текст письма {n}.",
    )


def test_a_touched_mbox_of_the_same_size_is_nothing_new_and_is_not_read(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_agency(acct, home)
    path = tmp_path / "archive.mbox"
    path.write_bytes(mbox(note(1), note(2), note(3)))
    age(path)
    first = acct("mail", "import", path, "--date", DAY)
    assert first.stdout.strip() == "Imported 3 messages, 0 already known, 0 failed."
    before = store_dump(home)
    stamp = path.stat().st_mtime + 60  # touched (a mail client rewrote it as it was)
    os.utime(path, (stamp, stamp))
    reads: list[int] = []
    real = mbox_module.iter_mbox
    monkeypatch.setattr(mbox_module, "iter_mbox", lambda *a, **k: reads.append(1) or real(*a, **k))
    again = acct("mail", "import", path, "--date", DAY)
    assert again.stdout.strip() == "Imported 0 messages, 3 already known, 0 failed."
    assert reads == []  # not read at all (only its seen mark learnt the new mtime)
    assert _messages(store_dump(home)) == _messages(before)
    # the last message deleted and another of the very same size appended: read again
    path.write_bytes(mbox(note(1), note(2), note(3, marker="n")))
    age(path, 30)
    third = acct("mail", "import", path, "--date", DAY)
    assert third.stdout.strip() == "Imported 1 message, 2 already known, 0 failed."
    assert reads == [1]


def test_a_maildir_renamed_by_a_mail_client_is_listed_once_and_nothing_is_opened(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_agency(acct, home)
    names = [f"170000000{n}.M{n}P1.host" for n in range(6)]
    root = write_maildir(tmp_path / "Maildir", {n: note(i) for i, n in enumerate(names)}, "new")
    for sub in ("cur", "new"):
        age(root / sub)
    assert acct("mail", "import", root, "--date", DAY).stdout.startswith("Imported 6 messages")
    before = store_dump(home)
    for name in names:  # read in a mail client: new/NAME → cur/NAME:2,S
        os.rename(root / "new" / name, root / "cur" / f"{name}:2,S")
    (root / "cur" / f"{names[0]}:2,S").write_bytes(b"garbage: never opened again")
    for sub in ("cur", "new"):
        age(root / sub, 60)
    listings: list[str] = []
    queries: list[str] = []
    real_names, real_seen = importer.list_message_names, importer.seen_names
    monkeypatch.setattr(importer, "KNOWN_AT_ONCE", 2)
    monkeypatch.setattr(
        importer, "list_message_names", lambda d: listings.append(d.name) or real_names(d)
    )
    monkeypatch.setattr(importer, "seen_names", lambda *a: queries.append("all") or real_seen(*a))
    monkeypatch.setattr(importer, "seen_marks", _counted(importer.seen_marks, queries))
    again = acct("mail", "import", root, "--date", DAY)
    assert again.stdout.strip() == "Imported 0 messages, 6 already known, 0 failed."
    assert sorted(listings) == ["cur", "new"]  # each changed folder listed once
    # the folder's marks, then one query for cur/'s known names (new/ is empty now)
    assert queries == ["marks", "all"]
    assert _messages(store_dump(home)) == _messages(before)


def _counted(real, queries):  # type: ignore[no-untyped-def]
    def run(*a, **k):  # type: ignore[no-untyped-def]
        queries.append("marks")
        return real(*a, **k)

    return run


def test_a_message_longer_than_the_window_imports_as_the_same_message_alone(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message longer than the mbox reader keeps in view is read from disk in one piece,
    with its attachment measured as when the message is a file of its own."""
    make_agency(acct, home)
    monkeypatch.setattr(mbox_module, "STREAM", 64 << 10)
    monkeypatch.setattr(mbox_module, "BLOCK", 8 << 10)
    payload = bytes(range(256)) * 4096  # 1 MiB
    big = message(
        subject="Макеты",
        sender="a.petrov@stroymarket.ru",
        date="Wed, 25 Nov 2026 10:00:00 +0300",
        message_id="<big@stroymarket.ru>",
        raw_body=multipart(
            "b1",
            part("text/plain; charset=utf-8", "Макеты во вложении.".encode()),
            part(
                "application/zip",
                base64.encodebytes(payload),
                "Content-Transfer-Encoding: base64",
                'Content-Disposition: attachment; filename="mockups.zip"',
            ),
        ),
        content_type='Content-Type: multipart/mixed; boundary="b1"',
    )
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox(note(1), big, note(2)))
    got = acct("mail", "import", box, "--date", DAY)
    assert got.stdout.strip() == "Imported 3 messages, 0 already known, 0 failed."
    shown = acct("mail", "list", "--all", "--json", "--date", DAY)
    assert "mockups.zip" in acct("mail", "show", _id(shown.stdout, "Макеты")).stdout
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "big.eml").write_bytes(big)
    again = acct("mail", "import", alone / "big.eml", "--date", DAY)
    assert again.stdout.strip() == "Imported 0 messages, 1 already known, 0 failed."


def _id(listing: str, subject: str) -> str:
    import json

    rows = json.loads(listing)
    rows = rows["messages"] if isinstance(rows, dict) else rows
    return str(next(r["id"] for r in rows if r["subject"] == subject))


def _messages(dump: str) -> list[str]:
    """The mail a store holds (its messages, attachments, touches and search documents)."""
    tables = ("message:", "attachment:", "touch:", "search_doc:")
    return [line for line in dump.splitlines() if line.startswith(tables)]


def test_odd_names_renamed_by_a_mail_client_are_known_in_the_one_query(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The known names come back as one string cut at "/": names with a newline, a colon, a
    comma, bytes that are not UTF-8, or named as the folders themselves ("cur", "new") are
    each known once, and a new file among them is the one imported."""
    make_agency(acct, home)
    odd = [
        "line\nbreak",
        "a:b,c",
        os.fsdecode(b"\xff\xfe-latin"),
        "cur",
        "new",
        "bytes:literal",
        "ёлка",
        "1700000000.M1P1.host",
    ]
    root = write_maildir(tmp_path / "Maildir", {n: note(i) for i, n in enumerate(odd)}, "new")
    for sub in ("cur", "new"):
        age(root / sub)
    first = acct("mail", "import", root, "--date", DAY)
    assert first.stdout.startswith("Imported 8 messages, 0 already known"), first.stdout
    for name in odd:  # read in a mail client
        os.rename(root / "new" / name, root / "cur" / f"{name}:2,S")
    (root / "cur" / "fresh:2,").write_bytes(note(20))
    for sub in ("cur", "new"):
        age(root / sub, 60)
    monkeypatch.setattr(importer, "KNOWN_AT_ONCE", 2)  # the one-query path
    opened: list[str] = []
    real = importer.load_maildir_file
    monkeypatch.setattr(
        importer, "load_maildir_file", lambda job: opened.append(job[3]) or real(job)
    )
    monkeypatch.setenv("ACCT_MAIL_WORKERS", "0")
    again = acct("mail", "import", root, "--date", DAY)
    assert again.stdout.strip() == "Imported 1 message, 8 already known, 0 failed."
    # the new file, and those whose name in new/ held a colon, where a Maildir name's info
    # part starts (their base changed); on SQLite, whose known names come as one string cut at
    # "/", those named like the folders' marks too: each read again and known by its content
    marks = ["cur", "new"] if ENGINE == "sqlite" else []
    assert sorted(opened) == sorted(["a:b,c", "bytes:bytes%3Aliteral", "fresh", *marks])
    third = acct("mail", "import", root, "--date", DAY)
    assert third.stdout.strip().startswith("Imported 0 messages")


def test_a_folder_whose_names_are_the_same_set_needs_not_its_known_names(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's mark keeps a fingerprint of its base names: flags changed again, the same
    names are known without loading the folder's stored names; one file swapped for another
    (as many files) is not taken for the same set; a mark made before fingerprints is read
    the old way, and gets one."""
    make_agency(acct, home)
    names = [f"170000000{n}.M{n}P1.host" for n in range(6)]
    root = write_maildir(tmp_path / "Maildir", {f"{n}:2,S": note(i) for i, n in enumerate(names)})
    for sub in ("cur", "new"):
        age(root / sub)
    assert acct("mail", "import", root, "--date", DAY).stdout.startswith("Imported 6 messages")
    monkeypatch.setattr(importer, "KNOWN_AT_ONCE", 2)
    monkeypatch.setenv("ACCT_MAIL_WORKERS", "0")
    queries: list[str] = []
    opened: list[str] = []
    real_seen, real_load = importer.seen_names, importer.load_maildir_file
    monkeypatch.setattr(importer, "seen_names", lambda *a: queries.append("all") or real_seen(*a))
    monkeypatch.setattr(
        importer, "load_maildir_file", lambda job: opened.append(job[3]) or real_load(job)
    )

    def flags(new: str, when: int) -> None:
        for name in os.listdir(root / "cur"):
            os.rename(root / "cur" / name, root / "cur" / (name.split(":2,")[0] + ":2," + new))
        age(root / "cur", when)

    flags("RS", 60)
    before = store_dump(home)
    again = acct("mail", "import", root, "--date", DAY)
    assert again.stdout.strip() == "Imported 0 messages, 6 already known, 0 failed."
    assert queries == [] and opened == []
    assert _messages(store_dump(home)) == _messages(before)

    # one message gone, another come: as many files, not the same names
    os.remove(root / "cur" / f"{names[5]}:2,RS")
    (root / "cur" / "1700000099.M99P1.host:2,S").write_bytes(note(9))
    age(root / "cur", 50)
    swapped = acct("mail", "import", root, "--date", DAY)
    assert swapped.stdout.strip() == "Imported 1 message, 5 already known, 0 failed."
    assert queries == ["all"] and opened == ["1700000099.M99P1.host"]

    # a mark made by an acct without fingerprints (size 0): the names are loaded, as before
    from acctcli.settings import load_settings
    from acctcli.store.db import connect

    db = connect(load_settings().database_url)
    with db.transaction():
        db.execute("UPDATE mail_seen SET size = 0 WHERE name = 'cur/'")
    db.close()
    flags("S", 40)
    old = acct("mail", "import", root, "--date", DAY)
    assert old.stdout.strip() == "Imported 0 messages, 6 already known, 0 failed."
    assert queries == ["all", "all"] and opened == ["1700000099.M99P1.host"]
    flags("RS", 30)
    assert acct("mail", "import", root, "--date", DAY).stdout.startswith("Imported 0 messages")
    assert queries == ["all", "all"]  # the mark has its fingerprint again


def test_a_names_fingerprint_is_the_sets_whatever_the_order() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.sets(st.text(min_size=1, max_size=40), max_size=60), st.randoms())
    def check(names: set[str], rnd) -> None:  # type: ignore[no-untyped-def]
        order = sorted(names)
        shuffled = order[:]
        rnd.shuffle(shuffled)
        digest = importer.names_digest(order)
        assert digest == importer.names_digest(shuffled)
        assert 0 < digest < 2**63
        if order:  # one name changed: another fingerprint
            changed = [order[0] + "x", *order[1:]]
            if len(set(changed)) == len(changed):
                assert importer.names_digest(changed) != digest

    check()
