"""Decoding never loses text: unknown charsets are guessed for their own part alone, a Cyrillic
label the bytes contradict is overruled, and a huge body is shown cut, with a note, at once.

Every message is built here byte by byte and imported with `acct mail import`.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from tests.conftest import Run
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message, multipart, part

URGENT = "Срочно: сайт не работает"


def imported(acct: Run, home: Path, tmp_path: Path, *raws: bytes) -> list[dict]:
    make_agency(acct, home)
    folder = tmp_path / "saved"
    folder.mkdir()
    for n, raw in enumerate(raws):
        (folder / f"{n}.eml").write_bytes(raw)
    result = acct("mail", "import", str(folder))
    assert result.exit_code == 0, result.stderr
    return sorted(listed(acct, "--all"), key=lambda m: m["id"])


def word(data: bytes, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def test_an_unknown_rfc2231_charset_loses_neither_the_text_nor_the_other_names(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    raw = message(
        subject="Макеты",
        message_id="<mockups@stroymarket.ru>",
        content_type='Content-Type: multipart/mixed; boundary="b1"',
        raw_body=multipart(
            "b1",
            part("text/plain; charset=utf-8", "Макеты во вложении.".encode()),
            part(
                "image/png",
                b"\x89PNG" + b"x" * 60,
                "Content-Disposition: attachment; filename*=undefined''%FF%FE",
            ),
            part(
                "application/pdf",
                b"%PDF" + b"y" * 96,
                "Content-Disposition: attachment; filename*=utf-8''%D0%A2%D0%97.pdf",
            ),
        ),
    )
    (shown,) = imported(acct, home, tmp_path, raw)
    assert shown["snippet"] == "Макеты во вложении."
    full = acct("mail", "show", str(shown["id"]), "--json").json()
    assert full["text"] == "Макеты во вложении."
    names = [a["filename"] for a in full["attachments"]]
    assert len(names) == 2 and names[1] == "ТЗ.pdf"
    assert names[0] and "%" not in names[0]  # the unknown one guessed, not left raw


def test_an_encoded_word_in_an_unusable_charset_is_decoded_alone(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    subject = f"{word('Счёт за'.encode('cp1251'), 'undefined')} ноябрь"
    (shown,) = imported(acct, home, tmp_path, message(subject=subject))
    assert shown["subject"] == "Счёт за ноябрь"


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("koi8-r", "windows-1251"), ("cp1251", "koi8-r"), ("koi8-r", "koi8-r"), ("cp1251", None)],
)
def test_cyrillic_is_read_by_what_the_bytes_are_not_by_the_label(
    acct: Run, home: Path, tmp_path: Path, encoding: str, label: str | None
) -> None:
    body = "Главная отдаёт ошибку 502, клиенты не могут оформить заказ."
    if label is None:  # raw 8-bit in the header, no charset anywhere
        subject = URGENT.encode(encoding).decode("latin-1")
        content_type = "Content-Type: text/plain"
    else:
        subject = word(URGENT.encode(encoding), label)
        content_type = f"Content-Type: text/plain; charset={label}"
    raw = message(
        subject="SUBJECT",
        sender="Ирина Волкова <i.volkova@stroymarket.ru>",
        content_type=content_type,
        raw_body=body.encode(encoding),
    ).replace(b"SUBJECT", subject.encode("latin-1"))
    (shown,) = imported(acct, home, tmp_path, raw)
    assert shown["subject"] == URGENT
    assert shown["snippet"] == body
    assert shown["category"] == "incident"


def test_a_short_word_keeps_its_label(acct: Run, home: Path, tmp_path: Path) -> None:
    """Three capitals read plausibly either way: then the label, not the guess, decides."""
    (shown,) = imported(
        acct, home, tmp_path, message(subject=word("ЖКХ".encode("koi8-r"), "koi8-r"))
    )
    assert shown["subject"] == "ЖКХ"


def test_a_huge_one_line_body_is_shown_cut_with_a_note(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    line = "Строка без конца " * 400_000  # ~12 MB of UTF-8 on one line
    raw = message(subject="Выгрузка", message_id="<dump@stroymarket.ru>", body=line + "КОНЕЦ")
    (shown,) = imported(acct, home, tmp_path, raw)
    ident = str(shown["id"])
    cut = acct("mail", "show", ident)
    assert cut.exit_code == 0, cut.stderr
    assert "Выгрузка" in cut.stdout and "Строка без конца" in cut.stdout
    assert "КОНЕЦ" not in cut.stdout
    assert len(cut.stdout) < 200_000
    note = cut.stdout.strip().splitlines()[-1]
    assert (
        note.startswith("(the text is cut here: 12 MB more") and f"mail show {ident} --all" in note
    )
    whole = acct("mail", "show", ident, "--json").json()  # scripts get all of it
    assert whole["text"].endswith("КОНЕЦ")
    # --all writes the text as it is: the one line stays one line (never laid out by Rich,
    # which took minutes over a line this long), the terminal wraps it
    everything = acct("mail", "show", ident, "--all")
    assert everything.exit_code == 0, everything.stderr
    assert (line + "КОНЕЦ") in everything.stdout.splitlines()


def test_many_short_lines_are_cut_too(acct: Run, home: Path, tmp_path: Path) -> None:
    body = "\n".join(f"строка {n}" for n in range(5000))
    (shown,) = imported(acct, home, tmp_path, message(subject="Лог", body=body))
    cut = acct("mail", "show", str(shown["id"])).stdout
    assert "строка 1999\n" in cut and "строка 2000" not in cut
    assert "(the text is cut here:" in cut
    everything = acct("mail", "show", str(shown["id"]), "--all").stdout
    assert "строка 4999" in everything and "cut here" not in everything
