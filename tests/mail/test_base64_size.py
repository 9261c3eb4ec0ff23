"""An attachment's decoded size, measured in place (issue 17): the lines of one width that
every base64 encoder writes are checked one byte a line, not counted byte by byte.

The reference here is binascii's own decoding of the body, and the count of every blank that
the measurement used to make (kept below as `counted_size`)."""

from __future__ import annotations

import base64
import binascii

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.mail.builders import message, multipart, part

from acctcli.mail.mime import base64_lines, decoded_size
from acctcli.mail.parse import parse_message


def counted_size(body: bytes) -> int:
    """The size as measured before: every blank counted, then the padding."""
    chars = len(body) - sum(body.count(ch) for ch in (b"\n", b"\r", b" ", b"\t"))
    pad, pos = 0, len(body) - 1
    while pos >= 0 and pad < 2 and body[pos] in b" \t\r\n=":
        pad += body[pos] == 61
        pos -= 1
    return max(0, chars * 3 // 4 - pad)


def encoded(data: bytes, width: int, eol: bytes, tail: bytes) -> bytes:
    text = base64.b64encode(data)
    lines = [text[i : i + width] for i in range(0, len(text), width)]
    return eol.join(lines) + tail


def size_in(buf: bytes, start: int, end: int) -> int:
    return decoded_size(buf, start, end, "base64")


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=4000),
    width=st.integers(min_value=4, max_value=400),
    eol=st.sampled_from([b"\n", b"\r\n"]),
    tail=st.sampled_from([b"", b"\n", b"\r\n", b"\n\n", b" \n", b"\t", b"\r\n\r\n"]),
    before=st.binary(max_size=50),
    after=st.binary(max_size=50),
)
def test_an_encoders_lines_are_measured_exactly(
    data: bytes, width: int, eol: bytes, tail: bytes, before: bytes, after: bytes
) -> None:
    """Whatever the width and line ends, and wherever in the message the body lies."""
    body = encoded(data, width, eol, tail)
    buf = before + body + after
    assert size_in(buf, len(before), len(before) + len(body)) == len(data)
    assert size_in(buf, len(before), len(before) + len(body)) == counted_size(body)


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=3000),
    width=st.integers(min_value=4, max_value=120),
    eol=st.sampled_from([b"\n", b"\r\n"]),
    where=st.integers(min_value=0),
    blank=st.sampled_from([b" ", b"\t", b"\r", b"\n", b"\r\n", b"  "]),
)
def test_a_blank_slipped_into_the_lines_is_still_counted(
    data: bytes, width: int, eol: bytes, where: int, blank: bytes
) -> None:
    """A blank inserted anywhere (a mangling gateway, a hand edit) moves every line end after
    it off the width, or sits before a line end or at a line's start, where it is seen."""
    body = encoded(data, width, eol, eol)
    at = where % (len(body) + 1)
    mangled = body[:at] + blank + body[at:]
    assert size_in(mangled, 0, len(mangled)) == counted_size(mangled) == len(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.integers(min_value=0), st.integers(min_value=0))
def test_any_bytes_are_measured_without_error_and_as_counted_when_lines_do_not_line_up(
    junk: bytes, a: int, b: int
) -> None:
    start, end = sorted((a % (len(junk) + 1), b % (len(junk) + 1)))
    got = size_in(junk, start, end)
    assert got >= 0
    run, _blanks = base64_lines(junk, start, end)
    assert start <= run <= end
    if run == start:  # no lines of one width: measured as before
        assert got == counted_size(junk[start:end])


@given(st.binary(min_size=13, max_size=300), st.sampled_from([b"\n", b"\r\n"]))
def test_lines_of_one_width_are_whole_lines(data: bytes, eol: bytes) -> None:
    """The run found is whole lines, each ending as the first does, and its blanks are theirs."""
    # three lines at least: the last is always left to be counted
    body = encoded(data, 8, eol, eol + b"--boundary--" + eol)
    run, blanks = base64_lines(body, 0, len(body))
    assert run > 0 and run % (8 + len(eol)) == 0
    assert body[:run].count(b"\n") == blanks // len(eol)
    assert body[:run].endswith(eol) and b"-" not in body[:run]
    assert body[run:].endswith(b"--boundary--" + eol)


def test_a_delimiter_line_of_the_same_width_ends_the_run() -> None:
    """'-' is not base64: a boundary line never passes for a line of the attachment, even one
    exactly as wide."""
    body = b"QUJD\nREVG\n--bb\nR0hJ\n"
    assert base64_lines(body, 0, len(body)) == (5, 1)  # the last line of the run is counted


def test_a_damaged_line_is_off_by_less_than_a_byte() -> None:
    """The one case not seen: a character of a line replaced by a blank (base64 that no
    decoder reads as written). The size is then off by under a byte for that blank."""
    body = encoded(bytes(range(256)) * 4, 76, b"\n", b"\n")
    damaged = body[:100] + b" " + body[101:]
    assert abs(size_in(damaged, 0, len(damaged)) - counted_size(damaged)) <= 1


def test_a_message_lists_its_attachments_sizes_as_binascii_decodes_them() -> None:
    pdf = bytes(range(256)) * 5000
    photo = b"\x89PNG" + bytes(7000)
    raw = message(
        raw_body=multipart(
            "mix",
            part("text/plain; charset=utf-8", "См. вложения".encode()),
            part(
                "application/pdf",
                base64.encodebytes(pdf),
                "Content-Transfer-Encoding: base64",
                'Content-Disposition: attachment; filename="Счёт.pdf"',
            ),
            part(
                "image/png",
                base64.b64encode(photo).replace(b"=", b"") + b"\r\n",  # one line, no padding
                "Content-Transfer-Encoding: base64",
                'Content-Disposition: attachment; filename="a.png"',
            ),
        ),
        content_type='Content-Type: multipart/mixed; boundary="mix"',
    )
    sizes = [(a.filename, a.size) for a in parse_message(raw).attachments]
    assert sizes == [("Счёт.pdf", len(pdf)), ("a.png", len(photo))]
    assert len(binascii.a2b_base64(base64.encodebytes(pdf))) == len(pdf)
