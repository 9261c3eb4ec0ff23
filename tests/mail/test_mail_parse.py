"""Parsing raw mail: charsets, MIME structures, attachments, broken input, mbox quirks."""

from __future__ import annotations

import base64
import quopri
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.mail.builders import encoded, header_words, mbox, message, multipart, part

from acctcli.mail.headers import (
    content_params,
    decode_words,
    normalise_message_id,
    parse_headers,
)
from acctcli.mail.mbox import iter_mbox
from acctcli.mail.parse import UnreadableMessage, full_text, make_snippet, parse_message

RUSSIAN = "Сайт не работает, срочно нужна помощь"


@pytest.mark.parametrize(
    ("charset", "cte"),
    [
        ("utf-8", "8bit"),
        ("utf-8", "base64"),
        ("koi8-r", "8bit"),
        ("koi8-r", "quoted-printable"),
        ("windows-1251", "8bit"),
        ("windows-1251", "base64"),
        ("iso-8859-5", "quoted-printable"),
        ("cp866", "8bit"),
    ],
)
def test_russian_in_every_charset_and_transfer_encoding(charset: str, cte: str) -> None:
    raw = message(
        subject=RUSSIAN,
        subject_charset=charset,
        body=RUSSIAN + "\nВторая строка.",
        charset=charset,
        cte=cte,
    )
    msg = parse_message(raw)
    assert msg.subject == RUSSIAN
    assert msg.snippet == RUSSIAN + " Вторая строка."
    assert msg.from_name == "Ирина Волкова" and msg.from_addr == "i.volkova@stroymarket.ru"
    assert not msg.problems


def test_iso_2022_jp_and_q_encoded_words() -> None:
    japanese = "会議の議事録"
    raw = message(
        subject=encoded(japanese, "iso-2022-jp") + " / " + encoded("отчёт", "utf-8", "q"),
        body=japanese,
        charset="iso-2022-jp",
        cte="7bit",
    )
    msg = parse_message(raw)
    assert msg.subject == f"{japanese} / отчёт"
    assert msg.snippet == japanese


def test_a_character_split_across_two_encoded_words_survives() -> None:
    data = "Счёт".encode()
    first, second = base64.b64encode(data[:3]).decode(), base64.b64encode(data[3:]).decode()
    value = f"=?utf-8?B?{first}?=\n =?utf-8?B?{second}?= №5"
    assert decode_words(value) == "Счёт №5"
    long_subject = "Очень длинная тема письма про оплату счёта за продвижение в ноябре " * 2
    assert decode_words(" ".join(header_words(long_subject).split())) == long_subject


def test_unknown_charsets_and_lying_labels_are_guessed_not_fatal() -> None:
    unknown = message(
        raw_body="Привет".encode(),
        content_type="Content-Type: text/plain; charset=x-no-such-charset",
    )
    assert parse_message(unknown).snippet == "Привет"
    cp1251_as_ascii = message(body="", charset="us-ascii", raw_body=None)
    raw = cp1251_as_ascii.replace(b"\n\n", b"\n\n" + "Оплата по счёту".encode("cp1251"), 1)
    assert parse_message(raw).snippet == "Оплата по счёту"
    koi_unlabelled = message(body="x").replace(b"\n\nx", b"\n\n" + "Отчёт готов".encode("koi8-r"))
    koi_unlabelled = koi_unlabelled.replace(b"Content-Type: text/plain; charset=utf-8\n", b"")
    assert parse_message(koi_unlabelled).snippet == "Отчёт готов"
    bad_word = "=?x-bogus?B?0J/RgNC40LLQtdGC?= =?utf-8?B?!!!not-base64?="
    assert "Привет" in decode_words(bad_word)
    rot13 = message(raw_body=b"hi", content_type="Content-Type: text/plain; charset=rot13")
    assert parse_message(rot13).snippet == "hi"  # a codec, but not a text charset: ignored


def test_raw_8bit_headers_in_windows_1251() -> None:
    raw = message(subject="Счёт за ноябрь", sender="Бухгалтерия <buh@grandauto.ru>")
    raw = raw.replace("Счёт за ноябрь".encode(), "Счёт за ноябрь".encode("cp1251"))
    raw = raw.replace("Бухгалтерия".encode(), "Бухгалтерия".encode("cp1251"))
    msg = parse_message(raw)
    assert msg.subject == "Счёт за ноябрь" and msg.from_name == "Бухгалтерия"


def test_multipart_alternative_prefers_plain_and_html_only_gets_text() -> None:
    body = multipart(
        "alt",
        part("text/plain; charset=utf-8", "Обычный текст".encode()),
        part("text/html; charset=utf-8", "<p>HTML <b>текст</b></p>".encode()),
    )
    raw = message(raw_body=body, content_type='Content-Type: multipart/alternative; boundary="alt"')
    assert parse_message(raw).snippet == "Обычный текст"
    html = (
        "<html><head><style>p {color: red}</style><script>alert(1)</script></head>"
        "<body><p>Идея&nbsp;для&nbsp;акции &laquo;Пицца&raquo;</p><div>вторая<br>строка</div>"
        "<!-- скрыто --></body></html>"
    )
    raw = message(body=html, content_type="Content-Type: text/html; charset=utf-8", cte="base64")
    msg = parse_message(raw)
    assert msg.snippet == "Идея для акции «Пицца» вторая строка"
    assert "color" not in full_text(raw) and "alert" not in full_text(raw)


def test_attachments_are_named_and_measured_never_kept() -> None:
    pdf = bytes(range(256)) * 20
    csv = ("имя;телефон;сумма=итог\n" * 40).encode()
    body = multipart(
        "mix",
        part("text/plain; charset=utf-8", "См. вложения".encode()),
        part(
            "application/pdf",
            base64.encodebytes(pdf),
            "Content-Transfer-Encoding: base64",
            "Content-Disposition: attachment; filename*=utf-8''%D0%A1%D1%87%D1%91%D1%82.pdf",
        ),
        part(
            f'image/png; name="{encoded("Фото 1.png")}"',
            base64.encodebytes(b"\x89PNG" + b"\0" * 1000),
            "Content-Transfer-Encoding: base64",
        ),
        part(
            "message/rfc822",
            message(subject="Пересланное письмо", body="inner"),
            "Content-Disposition: inline",
        ),
        part(
            "application/octet-stream",
            b"plain bytes",
            'Content-Disposition: attachment; filename="C:\\Users\\anna\\report.xlsx"',
        ),
        part(
            "text/csv",
            quopri.encodestring(csv),
            "Content-Transfer-Encoding: quoted-printable",
            'Content-Disposition: attachment; filename="leads.csv"',
        ),
    )
    raw = message(raw_body=body, content_type='Content-Type: multipart/mixed; boundary="mix"')
    msg = parse_message(raw)
    assert msg.snippet == "См. вложения"
    names = [(a.filename, a.size) for a in msg.attachments]
    inner_size = len(message(subject="Пересланное письмо", body="inner"))
    assert names == [
        ("Счёт.pdf", len(pdf)),
        ("Фото 1.png", 1004),
        ("Пересланное письмо.eml", inner_size),
        ("report.xlsx", 11),
        ("leads.csv", len(csv)),
    ]
    assert "inner" not in msg.snippet


def test_message_ids_are_normalised_and_missing_ones_hashed_stably() -> None:
    assert normalise_message_id(" <ABC.123@Mail.Example.RU> (comment)") == "ABC.123@mail.example.ru"
    assert normalise_message_id("<folded\n  id@x.ru>") == "foldedid@x.ru"
    assert normalise_message_id("") is None and normalise_message_id("<>") is None
    lf = message(message_id=None, body="line one\nline two\n")
    crlf = message(message_id=None, body="line one\nline two\n", newline="\r\n")
    key = parse_message(lf).key
    assert key.startswith("sha256:") and parse_message(crlf).key == key
    other = message(message_id=None, body="line one\nline three\n")
    assert parse_message(other).key != key


def test_broken_mail_is_read_as_far_as_it_goes() -> None:
    bad_base64 = message(body="x", cte="base64").replace(b"\n\n", b"\n\n!!!@@@ not base64 ***\n")
    msg = parse_message(bad_base64)
    assert msg.subject == "Hello"
    unterminated = message(
        raw_body=b"--b\nContent-Type: text/plain\n\nstill readable\n--b\nContent-Type: text/html",
        content_type='Content-Type: multipart/mixed; boundary="b"',
    )
    assert parse_message(unterminated).snippet == "still readable"
    no_boundary = message(raw_body=b"text anyway", content_type="Content-Type: multipart/mixed")
    msg = parse_message(no_boundary)
    assert msg.snippet == "text anyway" and msg.problems
    absurd = parse_message(message(date="Mon, 45 Foo 99999 99:99:99 +9999"))
    fallback = datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_message(message(date="garbage"), fallback_date=fallback).date == fallback
    assert absurd.date is None and "unreadable date" in absurd.problems[0]
    garbage = b"\xff\xfe\x00garbage line without colon\nSubject: \xd0\x9f\xd1\x80\xff\n\nbody"
    assert parse_message(garbage).subject.startswith("П")
    deep = b"".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n'.encode() for i in range(60)
    )
    assert parse_message(message(raw_body=deep)).subject == "Hello"
    with pytest.raises(UnreadableMessage, match="no mail headers"):
        parse_message(b"\x00\x01binary junk \xff" * 50)
    with pytest.raises(UnreadableMessage, match="empty"):
        parse_message(b"")


def test_dates_keep_their_zone_and_recipients_include_cc_and_bcc() -> None:
    raw = message(
        date="Sat, 28 Nov 2026 01:12:00 +0300",
        to="A <a@x.ru>, b@x.ru",
        extra=("Cc: c@x.ru, a@x.ru", "Bcc: d@x.ru"),
    )
    msg = parse_message(raw)
    assert msg.date == datetime(2026, 11, 28, 1, 12, tzinfo=timezone(timedelta(hours=3)))
    assert msg.to_addrs == ["a@x.ru", "b@x.ru", "c@x.ru", "d@x.ru"]


def test_snippet_skips_quotes_and_signatures() -> None:
    text = "Да, согласовано.\n\n> Отправляю медиаплан\n> на декабрь\n\n-- \nДмитрий\n"
    assert make_snippet(text) == "Да, согласовано."
    long = "слово " * 100
    snippet = make_snippet(long)
    assert len(snippet) <= 201 and snippet.endswith("…")
    reply = "Спасибо!\nOn Mon, 23 Nov 2026 Anna wrote:\n> old"
    assert make_snippet(reply) == "Спасибо!"


def split_params(value: str) -> tuple[str, dict[str, str]]:
    headers = parse_headers(b"Content-Type: " + value.encode())
    return headers.get_content_type(), content_params(headers)


def test_content_type_parameters() -> None:
    assert split_params('text/plain; charset="koi8-r"; format=flowed') == (
        "text/plain",
        {"charset": "koi8-r", "format": "flowed"},
    )
    main, params = split_params("application/pdf; name*0*=utf-8''%D0%9E; name*1=tchet.pdf")
    assert main == "application/pdf" and params["name"] == "Otchet.pdf".replace("O", "О", 1)


def test_header_quirks_the_standard_parser_alone_would_stumble_on() -> None:
    # a Q-encoded word with a raw blank inside (a common mailer bug) is still decoded
    assert decode_words("=?utf-8?Q?=D0=A1=D1=87=D1=91=D1=82 =E2=84=965?=") == "Счёт №5"
    raw = message(subject="x").replace(
        b"Subject: x\n",
        b"Subject : " + "Отчёт за ноябрь".encode("koi8-r") + b"\n"
        b"X-Junk \xff no colon\n continued junk\n",
    )
    msg = parse_message(raw)  # RFC 822's blank before the colon; a junk line and its fold
    assert msg.subject == "Отчёт за ноябрь" and msg.message_id == "m1@stroymarket.ru"
    assert "continued" not in msg.subject
    lf = message(message_id=None, subject="Очень длинная тема\n  на двух строках")
    crlf = message(
        message_id=None, subject="Очень длинная тема\r\n  на двух строках", newline="\r\n"
    )
    assert parse_message(lf).subject == "Очень длинная тема на двух строках"
    assert parse_message(lf).key == parse_message(crlf).key  # folding does not change the key


def test_dates_without_a_usable_zone_are_read_as_utc() -> None:
    for zone in ("+9900", "-0000", "XYZ"):
        msg = parse_message(message(date=f"Thu, 26 Nov 2026 10:15:00 {zone}"))
        assert msg.date == datetime(2026, 11, 26, 10, 15, tzinfo=UTC) and not msg.problems


def test_attachment_names_in_raw_8bit_rfc_2231_and_a_digest() -> None:
    body = multipart(
        "mix",
        part("text/plain; charset=utf-8", "Документы".encode()),
        part("application/pdf", b"%PDF", 'Content-Disposition: attachment; filename="Акт.pdf"'),
        part("application/pdf", b"%PDF", 'Content-Disposition: attachment; filename="Счёт.pdf"'),
        part(
            "application/pdf",
            b"%PDF",
            "Content-Disposition: attachment; filename*=utf-8'ru'%D0%94%D0%BE%D0%B3.pdf",
        ),
        part(  # the label lies: UTF-8 bytes under us-ascii
            "text/plain",
            b"x",
            "Content-Disposition: attachment; filename*=us-ascii''%D0%A1%D0%BC%D0%B5%D1%82%D0%B0",
        ),
        part(  # "name*" and "name*0" mixed: unreadable, yet not fatal
            "application/pdf; name*=utf-8''a.pdf; name*0=b.pdf", b"%PDF"
        ),
    )
    cp1251 = body.replace("Счёт.pdf".encode(), "Счёт.pdf".encode("cp1251"))
    raw = message(raw_body=cp1251, content_type='Content-Type: multipart/mixed; boundary="mix"')
    msg = parse_message(raw)
    assert msg.snippet == "Документы" and not msg.problems
    assert [a.filename for a in msg.attachments] == [
        "Акт.pdf",
        "Счёт.pdf",
        "Дог.pdf",
        "Смета",
        "unnamed application/pdf",
    ]
    digest = multipart(
        "dig",
        b"\n" + message(subject="Первое", body="1"),
        b"\n" + message(subject="Второе", body="2"),
    )
    raw = message(raw_body=digest, content_type='Content-Type: multipart/digest; boundary="dig"')
    assert [a.filename for a in parse_message(raw).attachments] == ["Первое.eml", "Второе.eml"]


def test_an_8bit_boundary_is_matched_byte_for_byte() -> None:
    body = multipart("граница", part("text/plain; charset=utf-8", "Внутри".encode()))
    head = 'Content-Type: multipart/mixed; boundary="граница"'
    for charset in ("utf-8", "cp1251"):
        raw = message(raw_body=body, content_type=head)
        raw = raw.replace("граница".encode(), "граница".encode(charset))
        msg = parse_message(raw)
        assert msg.snippet == "Внутри" and not msg.problems


def test_mbox_separators_quoting_and_crlf(tmp_path: Path) -> None:
    first = message(message_id="<a@x.ru>", body="From the start of the line\nsecond line")
    second = message(message_id="<b@x.ru>", body="plain")
    data = mbox(first, second)
    # a sloppy writer left an unquoted "From " line after a blank line inside a body
    data = data.replace(b"second line", b"second line\n\nFrom here on we talk money")
    path = tmp_path / "box.mbox"
    path.write_bytes(data)
    entries = list(iter_mbox(path))
    assert len(entries) == 2
    one, two = (parse_message(e.raw) for e in entries)
    assert one.key == "a@x.ru" and two.key == "b@x.ru"
    assert b"From the start of the line" in entries[0].raw  # ">From " unquoted
    assert b"From here on we talk money" in entries[0].raw  # not taken for a separator
    assert entries[1].start == data.index(b"From someone", 10)
    assert list(iter_mbox(path, entries[1].start))[0].raw == entries[1].raw
    crlf = tmp_path / "crlf.mbox"
    crlf.write_bytes(data.replace(b"\n", b"\r\n"))
    assert [parse_message(e.raw).key for e in iter_mbox(crlf)] == ["a@x.ru", "b@x.ru"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_are_refused_cleanly(data: bytes) -> None:
    try:
        msg = parse_message(b"Subject: x\n" + data)
    except UnreadableMessage:
        return
    assert isinstance(msg.subject, str) and isinstance(msg.snippet, str)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=200),
    st.sampled_from(["utf-8", "koi8-r", "windows-1251", "bogus", "utf-7"]),
    st.sampled_from(["8bit", "base64", "quoted-printable", "x-weird"]),
)
def test_any_text_in_any_declared_encoding_never_crashes(text: str, charset: str, cte: str) -> None:
    body = text.encode("utf-8", "surrogatepass")
    raw = message(raw_body=body, content_type=f"Content-Type: text/plain; charset={charset}")
    raw = raw.replace(b"MIME-Version: 1.0", f"Content-Transfer-Encoding: {cte}".encode())
    msg = parse_message(raw)
    assert isinstance(msg.snippet, str)
