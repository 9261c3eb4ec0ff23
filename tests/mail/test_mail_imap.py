"""acct mail sync against a real Dovecot started for the session on a loopback port.

Without Dovecot these tests skip, saying why; with CI=true a missing server is a failure.
"""

from __future__ import annotations

import imaplib
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import DAY, IN_CI, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message
from tests.mail.dovecot import PASSWORD, Dovecot, ServerUnavailable


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    try:
        server = Dovecot()
        server.start()
    except ServerUnavailable as exc:
        if IN_CI:
            pytest.fail(f"CI needs Dovecot, but: {exc}", pytrace=False)
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh IMAP user with two messages in INBOX and one in a Cyrillic Sent folder."""
    user = dovecot.new_user()
    monkeypatch.setenv("ACCT_IMAP_PASSWORD", PASSWORD)
    dovecot.deliver(
        user,
        "INBOX",
        "1.M1.h",
        message(
            subject="Сайт не работает",
            sender="i.volkova@stroymarket.ru",
            date="Thu, 26 Nov 2026 08:00:00 +0300",
            message_id="<down@stroymarket.ru>",
            body="Срочно!",
            charset="koi8-r",
        ),
    )
    dovecot.deliver(
        user,
        "INBOX",
        "2.M2.h",
        message(
            subject="Счёт за ноябрь",
            sender="buh@grandauto.ru",
            date="Wed, 25 Nov 2026 11:00:00 +0300",
            message_id=None,
            body="Пришлите счёт.",
        ),
    )
    dovecot.deliver(
        user,
        "Отправленные",
        "3.M3.h",
        message(
            subject="Медиаплан",
            sender=f"Анна <{user}>",
            to="d.orlov@grand-holding.ru",
            date="Wed, 25 Nov 2026 12:00:00 +0300",
            message_id="<plan@agency.ru>",
            body="План.",
        ),
    )
    return user


def account(dovecot: Dovecot, user: str, **overrides: object) -> str:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": dovecot.port,
        "security": "plain",
        "user": user,
        "password_env": "ACCT_IMAP_PASSWORD",
        "folders": ["INBOX", "Отправленные"],
        **overrides,
    }
    lines = ["", "[mail.accounts.work]"]
    for key, value in values.items():
        if isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def test_sync_is_incremental_and_never_marks_mail_read(
    acct: Run, home: Path, dovecot: Dovecot, mailbox: str
) -> None:
    make_agency(acct, home, account(dovecot, mailbox))
    first = acct("mail", "sync", "--date", DAY)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == "Fetched 3 messages, 0 already known, 0 failed."
    messages = {m["subject"]: m for m in listed(acct, "--all", "--date", DAY)}
    assert messages["Сайт не работает"]["client"] == "СтройМаркет"
    assert messages["Сайт не работает"]["category"] == "incident"
    assert messages["Счёт за ноябрь"]["client"] == "Гранд Холдинг"
    plan = messages["Медиаплан"]
    assert plan["outgoing"] is True and plan["client"] == "Гранд Холдинг"  # a \Sent folder
    touches = acct("call", "history", "Гранд", "--json").json()["touches"]
    assert [t["note"] for t in touches if t.get("source") == "mail"] == ["Медиаплан"]
    shown = acct("mail", "show", str(messages["Сайт не работает"]["id"]), "--json").json()
    assert shown["from_source"] and shown["text"] == "Срочно!"  # fetched from the server

    assert acct("mail", "sync").stdout.strip() == "Fetched 0 messages, 3 already known, 0 failed."
    dovecot.deliver(
        mailbox,
        "INBOX",
        "4.M4.h",
        message(
            subject="Отчёт за октябрь",
            sender="a.petrov@stroymarket.ru",
            date="Thu, 26 Nov 2026 10:00:00 +0300",
            message_id="<report@stroymarket.ru>",
        ),
    )
    assert acct("mail", "sync", "--account", "work").stdout.strip() == (
        "Fetched 1 message, 3 already known, 0 failed."
    )
    assert len(listed(acct, "--all", "--date", DAY)) == 4
    assert (
        len(
            [
                t
                for t in acct("call", "history", "Гранд", "--json").json()["touches"]
                if t.get("source") == "mail"
            ]
        )
        == 1
    )

    conn = imaplib.IMAP4("127.0.0.1", dovecot.port)
    conn.authenticate("PLAIN", lambda _: f"\0{mailbox}\0{PASSWORD}".encode())
    conn.select("INBOX", readonly=True)
    _, flags = conn.fetch("1:*", "(FLAGS)")
    conn.logout()
    assert flags and all(b"\\Seen" not in f for f in flags)


def test_a_changed_uidvalidity_resyncs_without_duplicates(
    acct: Run, home: Path, dovecot: Dovecot, mailbox: str
) -> None:
    make_agency(acct, home, account(dovecot, mailbox, folders=["INBOX"]))
    assert acct("mail", "sync").stdout.startswith("Fetched 2 messages")
    before = store_dump(home)
    dovecot.reset_uidvalidity(mailbox, "INBOX", 4242)
    again = acct("mail", "sync")
    assert again.stdout.strip() == "Fetched 0 messages, 2 already known, 0 failed."
    after = store_dump(home)
    assert after != before and "4242" in after  # the folder's new UIDVALIDITY is kept
    assert [line for line in after.splitlines() if line.startswith("message:")] == [
        line for line in before.splitlines() if line.startswith("message:")
    ]


def test_a_missing_folder_is_reported_and_the_rest_synced(
    acct: Run, home: Path, dovecot: Dovecot, mailbox: str
) -> None:
    make_agency(acct, home, account(dovecot, mailbox, folders=["INBOX", "Нет такой"]))
    result = acct("mail", "sync")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Fetched 2 messages, 0 already known, 1 failed."
    assert result.stderr.startswith("failed: work/Нет такой: ")


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"password_env": "ACCT_WRONG_PASSWORD"}, "refused the login for"),
        ({"port": 1}, "cannot reach 127.0.0.1:1"),
        ({"host": "imap.example.com"}, "plain (unencrypted) IMAP is allowed only to this computer"),
        ({"password_env": "ACCT_NOT_SET"}, "ACCT_NOT_SET is not set"),
        ({"password_cmd": "false", "password_env": ""}, "password_cmd gave no password"),
        ({"security": "starttls"}, "TLS not supported"),
    ],
)
def test_connection_problems_are_one_line_errors(
    acct: Run,
    home: Path,
    dovecot: Dovecot,
    mailbox: str,
    monkeypatch: pytest.MonkeyPatch,
    overrides: dict,
    fragment: str,
) -> None:
    monkeypatch.setenv("ACCT_WRONG_PASSWORD", "wrong")
    monkeypatch.delenv("ACCT_NOT_SET", raising=False)
    if overrides.get("security") == "starttls" and dovecot.cert is not None:
        overrides = {"port": 1, "security": "starttls"}
        fragment = "cannot reach"
    make_agency(acct, home, account(dovecot, mailbox, **overrides))
    before = store_dump(home)
    result = acct("mail", "sync")
    assert_user_error(result, fragment)
    assert PASSWORD not in result.stderr and "wrong" not in result.stderr.split("for")[-1]
    assert store_dump(home) == before


def test_tls_checks_the_certificate(
    acct: Run, home: Path, dovecot: Dovecot, mailbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if dovecot.cert is None:
        reason = "openssl is not installed: no certificate for a TLS test"
        if IN_CI:
            pytest.fail(f"CI needs this test, but: {reason}", pytrace=False)
        pytest.skip(reason)
    make_agency(acct, home, account(dovecot, mailbox, security="tls", port=dovecot.tls_port))
    before = store_dump(home)
    assert_user_error(acct("mail", "sync"), "bad certificate from 127.0.0.1")
    assert store_dump(home) == before
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert))  # now trusted
    assert acct("mail", "sync").stdout.startswith("Fetched 3 messages")
    config = home / "config.toml"
    config.write_text(
        config.read_text()
        .replace('security = "tls"', 'security = "starttls"')
        .replace(f"port = {dovecot.tls_port}", f"port = {dovecot.port}")
    )
    assert acct("mail", "sync").stdout.startswith("Fetched 0 messages, 3 already known")


def test_accounts_must_exist_and_passwords_never_live_in_config(
    acct: Run, home: Path, dovecot: Dovecot, mailbox: str
) -> None:
    make_agency(acct, home)
    assert_user_error(acct("mail", "sync"), "no IMAP accounts in config.toml")
    (home / "config.toml").write_text(
        (home / "config.toml").read_text() + account(dovecot, mailbox)
    )
    assert_user_error(acct("mail", "sync", "--account", "home"), "no IMAP account 'home'")
    text = (
        (home / "config.toml")
        .read_text()
        .replace('password_env = "ACCT_IMAP_PASSWORD"', 'password = "s3cret"')
    )
    (home / "config.toml").write_text(text)
    assert_user_error(acct("mail", "sync"), "a password is never kept in config.toml")


def test_syncs_and_imports_of_the_same_mail_at_once_store_it_exactly_once(
    acct: Run, home: Path, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same mailbox, on the IMAP server and copied to a Maildir (a mail client's local
    copy): two syncs and two imports at once, proven to overlap, store each message, each
    attachment row and each touch from sent mail once, and their reports add up."""
    import json

    from tests.test_mail_exactly_once import ROWS, counts, make_mailbox, run_each

    user = dovecot.new_user()
    monkeypatch.setenv("ACCT_IMAP_PASSWORD", PASSWORD)
    sent, inbox = 40, 80
    folder, attachments = make_mailbox(tmp_path / "Maildir", sent, inbox)
    for local, remote in ((folder, "INBOX"), (folder / ".Sent", "Отправленные")):
        for path in (local / "cur").iterdir():
            dovecot.deliver(user, remote, path.name.split(":")[0], path.read_bytes())
    make_agency(acct, home, account(dovecot, user))
    do_import = ["mail", "import", str(folder), "--json", "--date", DAY]
    do_sync = ["mail", "sync", "--json", "--date", DAY]
    results = run_each([do_sync, do_import, do_sync, do_import], tmp_path / "barrier")
    assert [r["code"] for r in results] == [0, 0, 0, 0], [r["out"][-300:] for r in results]
    reports = [json.loads(r["out"]) for r in results]
    # each run saw every message: what it stored itself, or found stored by another
    assert [r["imported"] + r["known"] for r in reports] == [sent + inbox] * 4, reports
    assert sum(r["imported"] for r in reports) == sent + inbox
    assert all(not r["failed"] for r in reports)
    assert counts(*ROWS) == [sent + inbox, attachments, sent, sent]
    again = [acct(*do_sync), acct(*do_import)]
    assert [r.json()["imported"] for r in again] == [0, 0]
    assert counts(*ROWS) == [sent + inbox, attachments, sent, sent]
