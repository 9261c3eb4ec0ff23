"""mbox variants read message by message: mboxo, mboxrd (">From " unquoted), mboxcl and
mboxcl2 (a Content-Length used only where it truly points at the next message), bounded."""

from __future__ import annotations

import hashlib
from pathlib import Path

from acctcli.mail.mbox import fingerprint, iter_mbox, prefix_digest

SEP = b"From someone@example.ru Thu Nov 26 10:15:00 2026\n"


def head(n: int, *extra: bytes) -> bytes:
    return b"".join([b"Subject: m%d\n" % n, b"Message-ID: <m%d@x.ru>\n" % n, *extra, b"\n"])


def read(tmp_path: Path, data: bytes, **kw: object) -> list[bytes | None]:
    path = tmp_path / "box"
    path.write_bytes(data)
    return [entry.raw for entry in iter_mbox(path, **kw)]  # type: ignore[arg-type]


def test_mboxrd_quoting_is_undone_and_mboxo_from_lines_stay(tmp_path: Path) -> None:
    body = b"A.\n\n>From the start\n>>From deeper\nFrom here on\n"
    got = read(tmp_path, SEP + head(1) + body + b"\n" + SEP + head(2) + b"B.\n")
    assert got == [
        head(1) + b"A.\n\nFrom the start\n>From deeper\nFrom here on\n",
        head(2) + b"B.\n",
    ]


def test_a_checked_content_length_keeps_an_mboxcl2_body_whole(tmp_path: Path) -> None:
    body = b"A.\n\n" + SEP + b"Subject: inside the body\n\n>From literal\n"
    cl = b"Content-Length: %d\n" % len(body)
    got = read(tmp_path, SEP + head(1, cl) + body + b"\n" + SEP + head(2) + b"B.\n")
    assert got == [head(1, cl) + body, head(2) + b"B.\n"]  # mboxcl2: no unquoting


def test_a_wrong_content_length_swallows_nothing(tmp_path: Path) -> None:
    for length in (747282, 3, 0):
        cl = b"Content-Length: %d\n" % length
        data = SEP + head(1, cl) + b"A.\n\n" + SEP + head(2) + b"B.\n\n" + SEP + head(3) + b"C.\n"
        got = read(tmp_path, data)
        assert got == [head(1, cl) + b"A.\n", head(2) + b"B.\n", head(3) + b"C.\n"], length


def test_crlf_and_a_length_pointing_at_the_end(tmp_path: Path) -> None:
    body = b"A.\r\n"
    cl = b"Content-Length: %d\r\n" % len(body)
    one = SEP.replace(b"\n", b"\r\n") + b"Subject: m1\r\n" + cl + b"\r\n" + body
    assert read(tmp_path, one) == [b"Subject: m1\r\n" + cl + b"\r\n" + body]


def test_a_message_over_the_limit_is_counted_not_kept(tmp_path: Path) -> None:
    big = b"x" * 5000 + b"\n"
    data = SEP + head(1) + big * 50 + b"\n" + SEP + head(2) + b"B.\n"
    path = tmp_path / "box"
    path.write_bytes(data)
    first, second = iter_mbox(path, limit=10_000)
    assert first.raw is None and first.size > 10_000 and data[first.start :].startswith(SEP)
    assert second.raw == head(2) + b"B.\n"
    line = SEP + head(3) + b"y" * 300_000  # one huge line: read a piece at a time
    path.write_bytes(line)
    (only,) = iter_mbox(path, limit=10_000)
    assert only.raw is None


def test_the_hasher_holds_exactly_the_bytes_before_each_message_end(tmp_path: Path) -> None:
    data = SEP + head(1) + b"A.\n\n" + SEP + head(2) + b"B.\n\n" + SEP + head(3) + b"C.\n"
    path = tmp_path / "box"
    path.write_bytes(data)
    digest = hashlib.sha256()
    for entry in iter_mbox(path, hasher=digest):
        assert fingerprint(digest) == fingerprint(hashlib.sha256(data[: entry.end]))
        assert fingerprint(prefix_digest(path, entry.end)) == fingerprint(digest)
