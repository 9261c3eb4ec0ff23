"""A header block is read without the feed parser when every line is a plain field or a
continuation; what it gives is exactly what the standard parser gives (the oracle)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from acctcli.mail import headers

LINES = st.sampled_from(
    [
        b"Subject: hi\n",
        b"Subject:  spaced  \n",
        b" folded\n",
        b"\tfolded with a tab\n",
        b"X-Empty:\n",
        b"From sender Thu Nov 26 10:15:00 2026\n",
        b"From: a@b.ru\n",
        b"not a header\n",
        b": no name\n",
        b"Subject: \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n",
        b"Subject: crlf\r\n",
        b" folded crlf\r\n",
        b"Subject: a lone\rcarriage return\n",
        b"X-Ctl: \x0b\x0c\x1c\n",
        b"Q:v",
        b" \n",
        b"Subject : before the colon\n",
    ]
)


def standard(block: bytes) -> list[tuple[str, str]]:
    parsed = headers._PARSER.parsebytes(block)
    if parsed.get_payload():
        parsed = headers._PARSER.parsebytes(b"".join(headers._header_lines(block)))
    return list(parsed.items())


@settings(max_examples=500, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=10), st.booleans())
def test_the_quick_reading_is_the_parsers(lines: list[bytes], strip: bool) -> None:
    block = b"".join(lines)
    if strip:
        block = block.rstrip(b"\n")
    quick = headers._unfolded_block(block)
    if quick is not None:
        assert list(quick.items()) == standard(block)
    assert list(headers.parse_headers(block).items()) == standard(block) or len(block) < 512


def test_a_real_header_block_takes_the_quick_way() -> None:
    block = (
        b"Received: from mx.example.net\n by mail.agency.ru; Thu, 26 Nov 2026 10:00:00 +0300\n"
        b"From: =?utf-8?b?0JjRgNC40L3QsA==?= <i@x.ru>\nSubject: \xd0\xbf\xd1\x80\n"
        b"Content-Type: text/plain;\n\tcharset=utf-8\n"
    ) * 4
    quick = headers._unfolded_block(block)
    assert quick is not None and list(quick.items()) == standard(block)
