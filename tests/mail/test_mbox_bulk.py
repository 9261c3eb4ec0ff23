"""The bulk mbox reader (blocks searched for "\\nFrom ") splits every input exactly as the
line-by-line reader it replaced (tests/mail/mbox_lines.py, the oracle): hostile inputs, From_
lines across block boundaries, CRLF, truncated last messages, quoting, Content-Length; and a
message longer than the window is read from disk, not held while its end is sought."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mail import mbox_lines

from acctcli.mail import mbox
from acctcli.mail.mbox import fingerprint, iter_mbox

SEP = b"From someone@example.ru Thu Nov 26 10:15:00 2026\n"

# lines an mbox is made of, the awkward ones many times over
LINES = st.sampled_from(
    [
        SEP,
        b"From someone@example.ru Thu Nov 26 10:15:00 2026\r\n",
        b"From \n",
        b"From x\n",
        b"From here on we talk\n",
        b">From quoted\n",
        b">>From deeper\n",
        b">From\n",
        b"\n",
        b"\r\n",
        b"\r\n\r\n",
        b"Subject: hi\n",
        b"Subject: hi\r\n",
        b"Message-ID: <a@x.ru>\n",
        b"Content-Length: 0\n",
        b"Content-Length: 5\n",
        b"Content-Length: 12\n",
        b"Content-Length: 999\n",
        b"content-length: 7\r\n",
        b"body text\n",
        b"body text",
        b"X",
        b" folded\n",
        b"not a header\n",
    ]
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(LINES, max_size=40),
    st.sampled_from([3, 7, 64, 1 << 20]),
    st.sampled_from([8, 64, 1 << 23]),
    st.sampled_from([None, 40, 200]),
)
def test_the_bulk_split_is_the_line_split(
    tmp_path: Path, lines: list[bytes], block: int, stream: int, limit: int | None
) -> None:
    data = b"".join(lines)
    path = tmp_path / "box"
    path.write_bytes(data)
    old = [(e.start, e.end, e.raw, e.size) for e in mbox_lines.iter_mbox(path, limit=limit)]
    new = [
        (e.start, e.end, e.raw, e.size)
        for e in iter_mbox(path, limit=limit, block=block, stream=stream)
    ]
    assert new == old


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([1, 5, 13, 1 << 20]))
def test_any_bytes_split_as_before(tmp_path: Path, noise: bytes, block: int) -> None:
    data = SEP + b"Subject: a\n\n" + noise + b"\n\n" + SEP + b"Subject: b\n\nB.\n"
    path = tmp_path / "box"
    path.write_bytes(data)
    old = [(e.start, e.end, e.raw) for e in mbox_lines.iter_mbox(path)]
    new = [(e.start, e.end, e.raw) for e in iter_mbox(path, block=block, stream=8)]
    assert new == old


def test_from_lines_at_every_block_boundary(tmp_path: Path) -> None:
    one = SEP + b"Subject: one\n\nA.\n>From quoted\nFrom unquoted but no blank before\n\n"
    data = one * 5 + SEP + b"Subject: last\n\ntruncated, no newline"
    path = tmp_path / "box"
    path.write_bytes(data)
    want = [(e.start, e.end, e.raw) for e in mbox_lines.iter_mbox(path)]
    assert len(want) == 6 and want[-1][2] == b"Subject: last\n\ntruncated, no newline"
    assert want[0][2] is not None and b"\nFrom quoted\n" in want[0][2]
    for block in range(1, len(one) + 8):  # every place a block can end
        got = [(e.start, e.end, e.raw) for e in iter_mbox(path, block=block, stream=block)]
        assert got == want, block
    crlf = tmp_path / "crlf"
    crlf.write_bytes(data.replace(b"\n", b"\r\n"))
    want = [(e.start, e.end, e.raw) for e in mbox_lines.iter_mbox(crlf)]
    assert len(want) == 6
    for block in (1, 2, 3, 5, 64):
        assert [(e.start, e.end, e.raw) for e in iter_mbox(crlf, block=block)] == want


def test_a_message_longer_than_the_window_is_read_once_from_disk(tmp_path: Path) -> None:
    big = b"Subject: big\nMessage-ID: <big@x.ru>\n\n" + (b"QUJD" * 19 + b"\n") * 50_000
    data = SEP + b"Subject: a\n\nA.\n\n" + SEP + big + b"\n" + SEP + b"Subject: c\n\nC.\n"
    path = tmp_path / "box"
    path.write_bytes(data)
    digest = hashlib.sha256()
    entries = []
    for entry in iter_mbox(path, block=4096, stream=65536, hasher=digest):
        assert fingerprint(digest) == fingerprint(hashlib.sha256(data[: entry.end]))
        entries.append(entry)
    assert [e.raw for e in entries] == [b"Subject: a\n\nA.\n", big, b"Subject: c\n\nC.\n"]
    # over the limit: counted, never read
    (_a, second, _c) = iter_mbox(path, limit=len(big) - 1, block=4096, stream=65536)
    assert second.raw is None and second.size == len(big) + 1


def test_the_window_lets_go_of_a_long_message(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While the end of a long message is sought, the window holds about one block."""
    widest = 0
    more = mbox._Window.more

    def watched(self: mbox._Window) -> bool:
        nonlocal widest
        grew = more(self)
        widest = max(widest, len(self.buf))
        return grew

    monkeypatch.setattr(mbox._Window, "more", watched)
    data = SEP + b"Subject: big\n\n" + b"x" * 99 + (b"\n" + b"y" * 99) * 20_000 + b"\n"
    path = tmp_path / "box"
    path.write_bytes(data)
    (only,) = iter_mbox(path, block=4096, stream=16_384)
    assert only.raw == data[len(SEP) :] and widest <= 16_384 + 2 * 4096
