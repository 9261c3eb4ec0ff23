"""acct mail import over mail as people have it: a generated mixed corpus (a Maildir with odd
names and odd entries, every mbox variant, odd message files, files that are no mail) where
every path's accounting adds up (seen = imported + already known + failed) and a second run
imports nothing and knows everything."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DAY, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import age, message, write_maildir

LIMIT = "max_message_mb = 1\n"


def msg(n: int, body: str = "Текст письма.", **kw: Any) -> bytes:
    return message(
        subject=f"Письмо {n}",
        message_id=f"<m{n}@stroymarket.ru>",
        date=f"Thu, {n % 20 + 1:02d} Nov 2026 10:15:00 +0300",
        body=body,
        **kw,
    )


def fsname(raw: bytes) -> str:
    return os.fsdecode(raw)


def from_line(sender: str = "someone@example.ru") -> bytes:
    return f"From {sender} Thu Nov 26 10:15:00 2026\n".encode()


def make_corpus(tmp_path: Path) -> dict[str, Any]:
    """Files on disk and what each PATH given to the import should account for."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stray.eml").write_bytes(msg(90))
    root = write_maildir(
        tmp_path / "Maildir",
        {
            "1001.M1.host:2,S": msg(1),
            fsname(b"1002.M2.h\xffst:2,S"): msg(2),  # not UTF-8
            "1003.M3.host\nnext:2,S": msg(3),  # a line break in the name
            "1004.M4.host:2,S:extra": msg(4),  # colons
            "1005.M5.big:2,S": msg(5, body="x" * (2 << 20)),  # over max_message_mb = 1
            "1006.M6.garbage:2,S": b"\x00\x01 not mail at all \xff\xfe" * 20,
        },
    )
    (root / "extra").mkdir()
    (root / "extra" / "kept.eml").write_bytes(msg(6))
    os.symlink(root / "extra" / "kept.eml", root / "cur" / "1007.M7.inside:2,S")  # followed
    os.symlink(outside / "stray.eml", root / "cur" / "1008.M8.outside:2,S")  # not followed
    os.symlink("/dev/zero", root / "cur" / "1009.M9.zero:2,S")  # never read
    os.mkfifo(root / "cur" / "1010.M10.fifo:2,S")  # never opened
    write_maildir(root / ".Sent", {"1011.M11.host:2,S": msg(7)})

    boxes = tmp_path / "boxes"
    boxes.mkdir()
    # mboxo: a body "From " line that is no separator (no header follows it)
    mboxo = boxes / "mboxo"
    mboxo.write_bytes(
        from_line()
        + msg(10, body="Первая строка.\n\nFrom here on, plain text.\nКонец.")
        + b"\n\n"
        + from_line()
        + msg(11)
        + b"\n"
    )
    # mboxrd: quoted ">From " lines, unquoted on reading
    mboxrd = boxes / "mboxrd"
    mboxrd.write_bytes(
        from_line()
        + msg(12, body="Начало.\n\n>From: a quoted header-looking line\n>>From deeper\n")
        + b"\n"
        + from_line()
        + msg(13)
        + b"\n"
    )
    # mboxcl2: right Content-Length; the body holds an unquoted separator-looking block
    body = b"Before.\n\nFrom inside@example.ru Thu Nov 26 10:15:00 2026\nSubject: not a message\n"
    cl2 = boxes / "mboxcl2"
    cl2.write_bytes(
        from_line()
        + msg(14, raw_body=body, extra=(f"Content-Length: {len(body)}",))
        + b"\n"
        + from_line()
        + msg(15, extra=("Content-Length: 13",))  # "Добрый день!" is 22 bytes: a wrong hint
        + b"\n"
    )
    # a Content-Length far too large must not swallow the messages after it
    wrong = boxes / "wrong-length.mbox"
    wrong.write_bytes(
        from_line()
        + msg(16, extra=("Content-Length: 747282",))
        + b"\n\n"
        + b"".join(from_line() + msg(n) + b"\n\n" for n in (17, 18, 19))
        + from_line()
        + b"Content-Type: text/plain\nX-Note: a bare header block\n\nNo From, Date or id.\n\n"
        + from_line()
        + msg(20, body="y" * (2 << 20))  # too large: a failure at its offset
        + b"\n"
    )

    odd = tmp_path / "odd"
    odd.mkdir()
    spaced = odd / "spaced.eml"
    spaced.write_bytes(b"\xef\xbb\xbf   \n\n  \n" + msg(30))
    bare = odd / "delivery-status"
    bare.write_bytes(
        b"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.ru\n"
    )
    named = odd / fsname(b"\xcf\xe8\xf1\xfc\xec\xee.txt")  # cp1251 bytes: not UTF-8
    named.write_bytes(msg(31))
    colon = odd / "a:b\nc.eml"
    colon.write_bytes(msg(32))

    junk = tmp_path / "junk"
    junk.mkdir()
    outlook = junk / "letter.msg"
    outlook.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    pdf = junk / "invoice.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    notes = junk / "notes.eml"
    notes.write_text("just a note\nno headers here\n", encoding="utf-8")
    empty = junk / "empty.eml"
    empty.write_bytes(b"")
    fifo = junk / "pipe.eml"
    os.mkfifo(fifo)
    zero = junk / "zero.eml"
    os.symlink("/dev/zero", zero)
    missing = junk / "missing.eml"

    for path in (root / "cur", root / ".Sent" / "cur", mboxo, mboxrd, cl2, wrong):
        age(path)
    # path → (imported, failed, reasons that must appear)
    expected = {
        root: (6, 5, ("larger than", "no mail headers", "outside the folder", "FIFO")),
        mboxo: (2, 0, ()),
        mboxrd: (2, 0, ()),
        cl2: (2, 0, ()),
        wrong: (5, 1, ("larger than",)),
        spaced: (1, 0, ()),
        bare: (1, 0, ()),
        named: (1, 0, ()),
        colon: (1, 0, ()),
        outlook: (0, 1, ("Outlook .msg, not a MIME message: export it as .eml",)),
        pdf: (0, 1, ("PDF",)),
        notes: (0, 1, ("not a mail file",)),
        empty: (0, 1, ("empty file",)),
        fifo: (0, 1, ("not a regular file (a FIFO)",)),
        zero: (0, 1, ("not a regular file (a device)",)),
        missing: (0, 1, ("no such file or folder",)),
    }
    return expected


def check_sums(document: dict[str, Any]) -> None:
    for entry in document["paths"]:
        assert entry["seen"] == entry["imported"] + entry["known"] + len(entry["failed"]), entry
    assert document["seen"] == sum(p["seen"] for p in document["paths"])
    assert document["imported"] == sum(p["imported"] for p in document["paths"])
    assert document["known"] == sum(p["known"] for p in document["paths"])
    assert document["failed"] == [f for p in document["paths"] for f in p["failed"]]
    assert document["seen"] == document["imported"] + document["known"] + len(document["failed"])


def test_a_mixed_corpus_is_accounted_for_and_a_second_run_knows_it_all(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home, LIMIT)
    expected = make_corpus(tmp_path)
    paths = list(expected)
    first = acct("mail", "import", *paths, "--date", DAY, "--json")
    assert first.exit_code == 0, first.stderr
    document = first.json()
    check_sums(document)
    assert len(document["paths"]) == len(paths)
    for entry, (path, (imported, failed, reasons)) in zip(
        document["paths"], expected.items(), strict=True
    ):
        assert (entry["imported"], entry["known"], len(entry["failed"])) == (
            imported,
            0,
            failed,
        ), (path, entry)
        text = " ".join(f["reason"] for f in entry["failed"])
        for reason in reasons:
            assert reason in text, (path, reason, entry)
    total = sum(i for i, _f, _r in expected.values())
    assert document["imported"] == total == len(listed(acct, "--all", "--date", DAY))

    # names are shown escaped, never raw bytes or line breaks
    files = [f["file"] for f in document["failed"]]
    assert all("\n" not in name for name in files)
    wrong = [p for p in document["paths"] if p["path"].endswith("wrong-length.mbox")][0]
    (oversize,) = wrong["failed"]
    raw = (tmp_path / "boxes" / "wrong-length.mbox").read_bytes()
    assert raw[oversize["offset"] :].startswith(b"From ")  # the offset of that message
    assert (
        raw.index(b"Subject: \xd0\x9f\xd0\xb8\xd1\x81\xd1\x8c\xd0\xbc\xd0\xbe 20")
        > (oversize["offset"])
    )

    # the plain summary: the total line, then one accounting line per PATH
    again = acct("mail", "import", *paths, "--date", DAY)
    assert again.exit_code == 0, again.stderr
    lines = again.stdout.splitlines()
    failed = sum(f for _i, f, _r in expected.values())
    assert lines[0] == f"Imported 0 messages, {total} already known, {failed} failed."
    assert len(lines) == 1 + len(paths)
    assert lines[1] == (
        f"  {tmp_path / 'Maildir'}: 11 seen = 0 imported + 6 already known + 5 failed"
    )
    # odd names shown escaped: undecodable bytes as \xNN, a line break as \n
    odd = tmp_path / "odd"
    named = f"{odd}/\\xcf\\xe8\\xf1\\xfc\\xec\\xee.txt"
    assert f"  {named}: 1 seen = 0 imported + 1 already known + 0 failed" in lines
    assert f"  {odd}/a:b\\nc.eml: 1 seen = 0 imported + 1 already known + 0 failed" in lines

    third = acct("mail", "import", *paths, "--date", DAY, "--json").json()
    check_sums(third)
    assert (third["imported"], third["known"], len(third["failed"])) == (0, total, failed)
    assert len(listed(acct, "--all", "--date", DAY)) == total


def test_odd_names_are_stored_and_read_again(acct: Run, home: Path, tmp_path: Path) -> None:
    """A non-UTF-8 name is imported (not an internal error), its text is read again from the
    file, and a re-import knows it."""
    make_agency(acct, home)
    root = write_maildir(tmp_path / fsname(b"\xef\xf0\xee\xe5\xea\xf2"), {})  # cp1251 "проект"
    (root / "cur" / fsname(b"1.M1.h\xffst\n:2,S")).write_bytes(msg(1, body="Текст из файла."))
    result = acct("mail", "import", root, "--date", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["imported"] == 1
    (mid,) = [m["id"] for m in listed(acct, "--all", "--date", DAY)]
    shown = acct("mail", "show", str(mid), "--json", "--date", DAY).json()
    assert shown["from_source"] is True and "Текст из файла." in shown["text"]
    assert acct("mail", "import", root, "--date", DAY).stdout.startswith(
        "Imported 0 messages, 1 already known, 0 failed."
    )


def test_what_is_no_mail_is_one_line_each_and_names_are_escaped(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home)
    good = tmp_path / "good.eml"
    good.write_bytes(msg(1))
    odd = tmp_path / fsname(b"bad\xff\nname.msg")
    odd.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    result = acct("mail", "import", good, odd, "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"failed: {tmp_path}/bad\\xff\\nname.msg: Outlook .msg, not a MIME message:"
        " export it as .eml\n"
    )


def test_when_no_path_is_mail_nothing_is_stored(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    fifo = tmp_path / "x.eml"
    os.mkfifo(fifo)
    before = store_dump(home)
    result = acct("mail", "import", pdf, fifo)
    assert_user_error(result, f"{pdf}: a PDF document, not a mail message")
    assert "(and 1 more path that cannot be read)" in result.stderr
    assert store_dump(home) == before


@pytest.mark.parametrize("rewrite", ["delete-then-append", "shorten"])
def test_a_rewritten_mbox_is_read_again_by_content(
    acct: Run, home: Path, tmp_path: Path, rewrite: str
) -> None:
    make_agency(acct, home)
    box = tmp_path / "inbox"
    parts = [from_line() + msg(n) + b"\n\n" for n in range(1, 5)]
    box.write_bytes(b"".join(parts))
    age(box)
    assert acct("mail", "import", box, "--date", DAY).stdout.startswith("Imported 4 messages")
    if rewrite == "delete-then-append":
        # one message deleted, then two appended: the file is longer, and an old offset may
        # well fall on a separator
        kept = parts[:1] + parts[2:] + [from_line() + msg(n) + b"\n\n" for n in (5, 6)]
    else:
        kept = parts[:2] + [from_line() + msg(7) + b"\n\n"]
    box.write_bytes(b"".join(kept))
    age(box, 60)
    result = acct("mail", "import", box, "--date", DAY, "--json").json()
    new = 2 if rewrite == "delete-then-append" else 1
    assert (result["imported"], result["known"], result["seen"]) == (
        new,
        len(kept) - new,
        len(kept),
    )
    subjects = {m["subject"] for m in listed(acct, "--all", "--date", DAY)}
    wanted = {5, 6} if rewrite == "delete-then-append" else {7}
    assert {f"Письмо {n}" for n in wanted} <= subjects
    again = acct("mail", "import", box, "--date", DAY, "--json").json()
    assert (again["imported"], again["known"]) == (0, len(kept))


def test_a_grown_mbox_resumes_where_it_stopped(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    box = tmp_path / "inbox"
    box.write_bytes(b"".join(from_line() + msg(n) + b"\n\n" for n in (1, 2)))
    age(box)
    assert acct("mail", "import", box, "--date", DAY).exit_code == 0
    with box.open("ab") as handle:
        handle.write(from_line() + msg(3) + b"\n\n")
    age(box, 60)
    result = acct("mail", "import", box, "--date", DAY, "--json").json()
    assert (result["imported"], result["known"], result["seen"]) == (1, 2, 3)


def test_a_folder_of_files_is_read_by_content_whatever_the_names(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    """Saved messages named anything, an mbox among them, and what is no mail — each file is
    accounted for, a symbolic link to a folder outside too."""
    make_agency(acct, home)
    folder = tmp_path / "saved"
    (folder / "2025").mkdir(parents=True)
    (folder / "saved-message.txt").write_bytes(msg(1))
    (folder / "noext").write_bytes(msg(2))
    (folder / "2025" / "archive").write_bytes(
        from_line() + msg(3) + b"\n\n" + from_line() + msg(4) + b"\n"
    )
    (folder / "body.eml").write_bytes(b"just a body, no headers\n")
    (folder / "notes.txt").write_bytes(b"remember the milk\n")
    (folder / "empty").write_bytes(b"")
    (folder / ".hidden").write_bytes(msg(5))  # a mail client's own file: not looked at
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.eml").write_bytes(msg(6))
    (folder / "linked").symlink_to(tmp_path / "elsewhere")
    first = acct("mail", "import", folder, "--json", "--date", DAY)
    assert first.exit_code == 0, first.stderr
    report = first.json()
    assert (report["seen"], report["imported"], report["known"]) == (8, 4, 0)
    reasons = {Path(f["file"]).name: f["reason"] for f in report["failed"]}
    assert set(reasons) == {"body.eml", "notes.txt", "empty", "linked"}
    assert "outside the folder" in reasons["linked"]
    subjects = {m["subject"] for m in listed(acct, "--all", "--date", DAY)}
    assert {"Письмо 1", "Письмо 2", "Письмо 3", "Письмо 4"} <= subjects
    assert not {"Письмо 5", "Письмо 6"} & subjects
    again = acct("mail", "import", folder, "--json", "--date", DAY).json()
    assert (again["seen"], again["imported"], again["known"]) == (8, 0, 4)


def test_a_message_whose_headers_are_lost_is_a_failed_entry_of_its_own(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    """A whole From_ line starts a message whatever follows it: junk or nothing after it is
    a failed entry at its offset, never glued to the message before."""
    make_agency(acct, home)

    def one(n: int) -> bytes:
        return (
            b"From x@y Thu Dec  3 10:00:00 2026\n"
            + message(subject=f"rw {n}", message_id=f"<rw{n}@x>", body="text")
            + b"\n\n"
        )

    junk = b"From x@y Thu Dec  3 10:00:00 2026\n\x00\x01\x02garbage\xff\xfe\n\n"
    empty = b"From MAILER-DAEMON Thu Dec  3 10:00:00 2026\n\n"
    path = tmp_path / "bad.mbox"
    path.write_bytes(one(10) + junk + one(11) + empty + one(12))
    report = acct("mail", "import", path, "--json", "--date", DAY).json()
    assert (report["seen"], report["imported"]) == (5, 3)
    offsets = sorted(f["offset"] for f in report["failed"])
    assert offsets == [len(one(10)), len(one(10) + junk + one(11))]
    reasons = {f["offset"]: f["reason"] for f in report["failed"]}
    assert reasons[offsets[0]] == "no mail headers"
    assert reasons[offsets[1]].startswith("an empty message")
    shown = acct("mail", "list", "--all", "--json", "--date", DAY).json()["messages"]
    first = next(m for m in shown if m["subject"] == "rw 10")
    text = acct("mail", "show", str(first["id"]), "--json").json()["text"]
    assert "garbage" not in text and "From x@y" not in text
