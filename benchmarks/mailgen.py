"""A deterministic, realistic Maildir for benchmarks and tests: `make_maildir(path, n, seed)`.

Russian and English mail in UTF-8, KOI8-R and Windows-1251, quoted-printable and base64,
plain, multipart/alternative and HTML-only, some with attachments, some without a
Message-ID; about a tenth in a Maildir++ `.Sent` folder.  Senders mostly belong to the demo
agency's clients (examples/agency.toml), so matching and triage are exercised too.

    python benchmarks/mailgen.py /tmp/bench-maildir 20000
"""

from __future__ import annotations

import base64
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from email.header import Header
from pathlib import Path

SENDERS = [
    ("Ирина Волкова", "i.volkova@stroymarket.ru"),
    ("Алексей Петров", "a.petrov@stroymarket.ru"),
    ("Марина Соколова", "marina@pizzamama.ru"),
    ("Тимур Ахметов", "timur@sushidom.ru"),
    ("Елена Кравец", "e.kravets@grand-holding.ru"),
    ("Дмитрий Орлов", "d.orlov@grand-holding.ru"),
    ("Бухгалтерия", "buh@grandauto.ru"),
    ("Ольга Белова", "olga@fitnesslife.ru"),
    ("Newsletter", "news@marketing-digest.com"),
    ("John Smith", "john@partner-agency.com"),
    ("Служба поддержки", "support@hosting.ru"),
]
SUBJECTS = [
    "Сайт не работает с утра",
    "Счёт №{n} за {month}",
    "Акт сверки за квартал",
    "Отчёт по SEO за {month}",
    "Идея для акции в соцсетях",
    "Коммерческое предложение",
    "Re: встреча в четверг",
    "Invoice {n} is overdue",
    "Monthly report request",
    "Proposal: new landing page",
    "Вопрос по рекламной кампании",
    "Срочно: упала конверсия",
    "Фото для постов",
    "Weekly digest #{n}",
]
PARAGRAPHS = [
    "Добрый день! Посмотрите, пожалуйста, что случилось с формой заявки на сайте.",
    "Прикладываю счёт и акт за прошлый месяц, оплату проведём до конца недели.",
    "Нам нужен отчёт по позициям и трафику до пятницы, руководство ждёт цифры.",
    "Есть идея: запустить розыгрыш в соцсетях к открытию нового магазина.",
    "Hello, please find the attached invoice for the last month's services.",
    "Could you send us the monthly report with the main KPIs before Monday?",
    "Конверсия в корзине упала вдвое со вчерашнего вечера, реклама крутится впустую.",
    "Спасибо за встречу, всё согласовали, ждём макеты к среде.",
]
CHARSETS = ["utf-8", "utf-8", "utf-8", "koi8-r", "windows-1251"]
MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь"]


def _qp(text: str, charset: str) -> bytes:
    import quopri

    return quopri.encodestring(text.encode(charset, "replace"))


def _b64(data: bytes) -> bytes:
    return base64.encodebytes(data)


def _header(text: str, charset: str) -> str:
    if text.isascii():
        return text
    text = text.encode(charset, "replace").decode(charset)
    return Header(text, charset).encode()


_POOL: dict[int, bytes] = {}


def _big_attachment(rng: random.Random, seed: int) -> bytes:
    """1–5 MB of incompressible bytes: a slice of one pool per seed, not fresh random bytes
    for each message (generating gigabytes of those would take longer than the benchmark)."""
    pool = _POOL.get(seed)
    if pool is None:
        pool = _POOL[seed] = random.Random(seed).randbytes((5 << 20) + (1 << 20))
    size = rng.randint(1 << 20, 5 << 20)
    start = rng.randrange(len(pool) - size)
    return pool[start : start + size]


def _message(
    rng: random.Random,
    i: int,
    when: datetime,
    sent: bool,
    attachments: bool,
    big: float = 0.0,
    seed: int = 1,
) -> bytes:
    charset = rng.choice(CHARSETS)
    name, addr = rng.choice(SENDERS)
    me = f"{_header('Анна Смирнова', charset)} <anna@agency.ru>"
    subject = rng.choice(SUBJECTS).format(n=1000 + i, month=rng.choice(MONTHS))
    body = "\n\n".join(rng.sample(PARAGRAPHS, rng.randint(2, 5)))
    body += "\n\n-- \n" + (name if not sent else "Анна, аккаунт-менеджер")
    sender = me if sent else f"{_header(name, charset)} <{addr}>"
    to = f"{_header(name, charset)} <{addr}>" if sent else me
    headers = [
        f"Return-Path: <{addr}>",
        f"Received: from mx.example.net by mail.agency.ru with ESMTPS id {i:08x}; "
        + when.strftime("%a, %d %b %Y %H:%M:%S +0300"),
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {_header(subject, charset)}",
        "Date: " + when.strftime("%a, %d %b %Y %H:%M:%S +0300"),
        "MIME-Version: 1.0",
    ]
    if rng.random() > 0.03:
        headers.append(f"Message-ID: <{i}.{rng.getrandbits(40):x}@mailgen.example>")
    if "digest" in subject.lower():
        headers.append("List-Unsubscribe: <mailto:unsubscribe@marketing-digest.com>")
    kind = rng.random()
    boundary = f"=_mailgen_{i:06d}"
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in body.split("\n\n")) + "</body></html>"
    if big and rng.random() < big:  # issue 17: a message carrying a 1–5 MB attachment
        headers.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
        filename = _header(rng.choice(["Макеты.zip", "photos.zip", "Презентация.pdf"]), "utf-8")
        payload = b"".join(
            [
                f"--{boundary}\nContent-Type: text/plain; charset={charset}\n"
                "Content-Transfer-Encoding: quoted-printable\n\n".encode(),
                _qp(body, charset),
                f"\n--{boundary}\nContent-Type: application/octet-stream\n"
                "Content-Transfer-Encoding: base64\n"
                f'Content-Disposition: attachment; filename="{filename}"\n\n'.encode(),
                _b64(_big_attachment(rng, seed)),
                f"--{boundary}--\n".encode(),
            ]
        )
    elif kind < 0.45:
        headers += [
            f"Content-Type: text/plain; charset={charset}",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        payload = _qp(body, charset)
    elif kind < 0.8:
        headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        payload = b"".join(
            [
                f"--{boundary}\nContent-Type: text/plain; charset={charset}\n"
                "Content-Transfer-Encoding: base64\n\n".encode(),
                _b64(body.encode(charset, "replace")),
                f"--{boundary}\nContent-Type: text/html; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n".encode(),
                _qp(html, "utf-8"),
                f"\n--{boundary}--\n".encode(),
            ]
        )
    elif kind < 0.9 or not attachments:
        headers += [
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        payload = _b64(html.encode("utf-8"))
    else:
        headers.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
        attachment = rng.randbytes(rng.randint(10_000, 80_000))
        filename = _header(rng.choice(["Счёт.pdf", "report.xlsx", "Акт сверки.pdf"]), "utf-8")
        payload = b"".join(
            [
                f"--{boundary}\nContent-Type: text/plain; charset={charset}\n"
                "Content-Transfer-Encoding: quoted-printable\n\n".encode(),
                _qp(body, charset),
                f"\n--{boundary}\nContent-Type: application/octet-stream\n"
                "Content-Transfer-Encoding: base64\n"
                f'Content-Disposition: attachment; filename="{filename}"\n\n'.encode(),
                _b64(attachment),
                f"--{boundary}--\n".encode(),
            ]
        )
    return "\n".join(headers).encode("ascii") + b"\n\n" + payload


def make_maildir(
    path: str | os.PathLike[str],
    n: int,
    seed: int = 1,
    *,
    end: datetime | None = None,
    days: int = 365,
    attachments: bool = True,
    big: float = 0.0,
) -> Path:
    """Write `n` messages into a Maildir at `path` (cur/, new/, tmp/, .Sent/), dated over the
    `days` before `end`; files and folders get old mtimes, as in a mailbox at rest.  `big`:
    the share of messages carrying a 1–5 MB attachment (issue 17's attachments mailbox)."""
    rng = random.Random(seed)
    root = Path(path)
    inbox_cur, inbox_new = root / "cur", root / "new"
    sent_cur = root / ".Sent" / "cur"
    for folder in (inbox_cur, inbox_new, root / "tmp", sent_cur, root / ".Sent" / "new"):
        folder.mkdir(parents=True, exist_ok=True)
    finish = end or datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    span = days * 86400
    for i in range(n):
        when = finish - timedelta(seconds=rng.randrange(span))
        sent = rng.random() < 0.1
        stamp = int(when.timestamp())
        name = f"{stamp}.M{i}P{seed}.mailgen"
        if sent:
            target = sent_cur / f"{name}:2,S"
        elif rng.random() < 0.05:
            target = inbox_new / name
        else:
            target = inbox_cur / f"{name}:2,S"
        target.write_bytes(_message(rng, i, when, sent, attachments, big, seed))
        os.utime(target, (stamp, stamp))
    past = int(finish.timestamp()) - 3600
    for folder in (inbox_cur, inbox_new, sent_cur, root / ".Sent" / "new"):
        os.utime(folder, (past, past))
    return root


SEPARATOR = b"From mailgen@example.net Thu Nov 26 10:15:00 2026\n"


def maildir_to_mbox(maildir: Path, out: Path) -> int:
    """Every message of a Maildir (its folders in order) as one mbox (mboxrd quoting)."""
    count = 0
    with out.open("wb") as handle:
        for sub in ("cur", "new", ".Sent/cur", ".Sent/new"):
            folder = maildir / sub
            if not folder.is_dir():
                continue
            for name in sorted(os.listdir(folder)):
                raw = (folder / name).read_bytes()
                raw = raw.replace(b"\n>", b"\n>>").replace(b"\nFrom ", b"\n>From ")
                handle.write(SEPARATOR + raw.rstrip(b"\n") + b"\n\n")
                count += 1
    stamp = int(datetime(2026, 11, 26, 8, 0).timestamp())
    os.utime(out, (stamp, stamp))
    return count


def make_big_mbox(path: Path, megabytes: int = 80, seed: int = 5) -> Path:
    """An mbox of four messages, one of them `megabytes` MB (a base64 attachment)."""
    rng = random.Random(seed)
    when = datetime(2026, 11, 20, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    decoded = (megabytes << 20) * 3 // 4 - 4096
    chunk = rng.randbytes(1 << 20)
    with path.open("wb") as handle:
        for i in range(4):
            raw = _message(rng, i, when + timedelta(hours=i), False, False)
            if i == 2:
                head, _, _rest = raw.partition(b"\nContent-Type:")
                boundary = b"=_big_mbox"
                handle.write(SEPARATOR + head + b'\nContent-Type: multipart/mixed; boundary="')
                handle.write(boundary + b'"\n\n--' + boundary + b"\n")
                handle.write(b"Content-Type: text/plain; charset=utf-8\n\nThe video, as agreed.\n")
                handle.write(b"--" + boundary + b"\nContent-Type: video/mp4\n")
                handle.write(b"Content-Transfer-Encoding: base64\n")
                handle.write(b'Content-Disposition: attachment; filename="video.mp4"\n\n')
                left = decoded
                while left > 0:  # 57 bytes a line, as base64 mailers write
                    piece = chunk[: min(left, len(chunk) - len(chunk) % 57)]
                    handle.write(base64.encodebytes(piece))
                    left -= len(piece)
                handle.write(b"--" + boundary + b"--\n\n")
            else:
                handle.write(SEPARATOR + raw.rstrip(b"\n") + b"\n\n")
    stamp = int(when.timestamp())
    os.utime(path, (stamp, stamp))
    return path


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "maildir"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    make_maildir(target, count, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    print(f"wrote {count} messages to {target}")
