"""Message-ID is not identity on its own, and migration 0008 repairs stores that concurrent
imports doubled (either engine)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import DAY, ENGINE, Run
from tests.mail.agency import make_agency
from tests.mail.builders import mbox, message

from acctcli.store.db import Database, IntegrityError, connect
from acctcli.store.migrate import upgrade

SPOOF = message(
    subject="Выписка по счёту",
    sender="Банк <noreply@bank.ru>",
    date="Mon, 23 Nov 2026 03:10:00 +0300",
    message_id="<statement-11@bank.ru>",
    body="Подтвердите данные карты по ссылке.",
)
REAL = message(
    subject="Выписка по счёту",
    sender="Банк <noreply@bank.ru>",
    date="Tue, 24 Nov 2026 09:00:00 +0300",
    message_id="<statement-11@bank.ru>",
    body="Выписка за ноябрь во вложении личного кабинета.",
)


def _listed(acct: Run) -> list[dict]:
    result = acct("mail", "list", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    return [m for m in result.json()["messages"] if m["message_id"] == "statement-11@bank.ru"]


def test_a_second_message_with_a_known_id_is_kept_and_flagged(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home)
    (tmp_path / "spoof.eml").write_bytes(SPOOF)
    (tmp_path / "real.eml").write_bytes(REAL)
    first = acct("mail", "import", tmp_path / "spoof.eml", "--json", "--date", DAY)
    assert (first.json()["imported"], first.json()["known"]) == (1, 0)
    second = acct("mail", "import", tmp_path / "real.eml", "--json", "--date", DAY)
    assert (second.json()["imported"], second.json()["known"]) == (1, 0)  # never dropped
    both = _listed(acct)
    assert len(both) == 2 and all(m["shares_id"] for m in both)
    assert {m["snippet"][:11] for m in both} == {"Подтвердите", "Выписка за "}
    text = acct("mail", "list", "--all")
    assert text.stdout.count("[shared id]") == 2, text.stdout

    # either one again, another copy of it (CRLF, in an mbox, an extra header): already known
    (tmp_path / "copies").mkdir()
    (tmp_path / "copies" / "real-crlf.eml").write_bytes(
        b"X-Copy: 1\r\n" + REAL.replace(b"\n", b"\r\n")
    )
    (tmp_path / "copies" / "spoof.eml").write_bytes(SPOOF)
    (tmp_path / "box.mbox").write_bytes(mbox(REAL, SPOOF))
    again = acct(
        "mail",
        "import",
        tmp_path / "spoof.eml",
        tmp_path / "real.eml",
        tmp_path / "copies",
        tmp_path / "box.mbox",
        "--json",
    )
    assert again.exit_code == 0, again.stderr
    assert (again.json()["imported"], again.json()["known"]) == (0, 6)
    assert len(_listed(acct)) == 2


def test_the_same_message_twice_is_known_and_not_flagged(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    make_agency(acct, home)
    (tmp_path / "a.eml").write_bytes(REAL)
    (tmp_path / "b.eml").write_bytes(REAL)
    result = acct("mail", "import", tmp_path / "a.eml", tmp_path / "b.eml", "--json")
    assert (result.json()["imported"], result.json()["known"]) == (1, 1)
    [only] = _listed(acct)
    assert only["shares_id"] is False
    assert "[shared id]" not in acct("mail", "list", "--all").stdout


def test_three_messages_sharing_an_id_in_one_batch(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    third = REAL.replace(b"09:00:00", b"09:30:00")
    (tmp_path / "box.mbox").write_bytes(mbox(SPOOF, REAL, SPOOF, third, REAL))
    result = acct("mail", "import", tmp_path / "box.mbox", "--json")
    assert (result.json()["imported"], result.json()["known"]) == (3, 2)
    assert len(_listed(acct)) == 3


# -- migration 0008 on a store concurrent imports doubled ----------------------------------


@pytest.fixture
def old_store(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty store at revision 0007 (before 0008), on the engine of this run."""
    if ENGINE == "postgres":
        from tests.pgserver import admin_execute

        base = request.getfixturevalue("pg_base_url")
        name = f"acct_m{os.getpid()}"
        admin_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin_execute(base, f"CREATE DATABASE {name}")
        url = f"{base}/{name}"
        upgrade(url, "0007")
        yield url
        admin_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
        upgrade(url, "0007")
        yield url


def _message(db: Database, key: str, *, outgoing: bool, subject: str, at: str) -> int:
    return db.insert(
        "INSERT INTO message (owner, message_key, message_id, date, from_addr, from_name,"
        " to_addrs, counterpart, subject, snippet, client_id, contact_id, category, priority,"
        " state, after_hours, outgoing, source, location, imported_at) VALUES ('anna', :k, :k,"
        " :at, 'anna@agency.ru', '', 'i@stroymarket.ru', 'i@stroymarket.ru', :s, '', 1, NULL,"
        " 'other', 0, 'done', :f, :o, 'maildir', '', '2026-11-26 10:00:00')",
        {"k": key, "at": at, "s": subject, "o": outgoing, "f": False},
    )


def test_migration_0008_removes_what_concurrent_imports_doubled(old_store: str) -> None:
    db = connect(old_store)
    with db.transaction():
        db.execute(
            "INSERT INTO client (id, name, name_key, since, owner, created_at) VALUES"
            " (1, 'СтройМаркет', 'строймаркет', '2026-01-01', 'anna', '2026-01-01 00:00:00')"
        )
        sent = _message(db, "s1@agency.ru", outgoing=True, subject="Акт", at="2026-11-20 10:00:00")
        twin = _message(db, "s2@agency.ru", outgoing=True, subject="Акт", at="2026-11-20 10:00:00")
        incoming = _message(db, "in@x.ru", outgoing=False, subject="Q", at="2026-11-21 10:00:00")
        attachments = [  # what three imports at once left: each message's list three times
            *[(sent, "act.pdf", 10), (sent, "act.pdf", 10), (sent, "annex.pdf", 20)] * 3,
            *[(incoming, "a.pdf", 1), (incoming, "b.pdf", 2)] * 3,
            (twin, "one.pdf", 5),
        ]
        db.executemany(
            "INSERT INTO attachment (message_id, filename, size) VALUES (:m, :f, :s)",
            [{"m": m, "f": f, "s": s} for m, f, s in attachments],
        )
        touch = (
            "INSERT INTO touch (client_id, contact_id, channel, at, note, source, logged_by)"
            " VALUES (1, NULL, :ch, :at, :note, :src, 'anna')"
        )
        rows = [{"ch": "email", "at": "2026-11-20 10:00:00", "note": "Акт", "src": "mail"}] * 5
        rows.append({"ch": "email", "at": "2026-11-02 10:00:00", "note": "gone", "src": "mail"})
        rows.append({"ch": "call", "at": "2026-11-20 10:00:00", "note": "Акт", "src": "manual"})
        db.executemany(touch, rows)
    db.close()

    upgrade(old_store)

    db = connect(old_store)
    try:
        kept = [
            (r["message_id"], r["position"], r["filename"])
            for r in db.all(
                "SELECT message_id, position, filename FROM attachment"
                " ORDER BY message_id, position"
            )
        ]
        assert kept == [
            (sent, 0, "act.pdf"),
            (sent, 1, "act.pdf"),  # the same file attached twice stays twice
            (sent, 2, "annex.pdf"),
            (twin, 0, "one.pdf"),
            (incoming, 0, "a.pdf"),
            (incoming, 1, "b.pdf"),
        ]
        touches = db.all("SELECT source, note, message_id FROM touch ORDER BY id")
        assert sorted((r["source"], r["note"], r["message_id"]) for r in touches) == sorted(
            [
                ("mail", "Акт", sent),
                ("mail", "Акт", twin),  # two sent messages alike: one touch each
                ("mail", "gone", None),  # no message like it: kept, unlinked
                ("manual", "Акт", None),
            ]
        )
        assert db.scalar("SELECT count(*) FROM message WHERE shares_id") == 0
        with pytest.raises(IntegrityError), db.transaction():
            db.execute(
                "INSERT INTO attachment (message_id, position, filename, size)"
                " VALUES (:m, 0, 'x', 1)",
                {"m": sent},
            )
        with pytest.raises(IntegrityError), db.transaction():
            db.execute(
                "INSERT INTO touch (client_id, channel, at, source, message_id)"
                " VALUES (1, 'email', '2026-11-20 10:00:00', 'mail', :m)",
                {"m": sent},
            )
    finally:
        db.close()


def test_sync_uses_the_same_identity_as_import(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an import stored, IMAP gives again (CRLF): already known; a third message with
    the id, fetched: kept and flagged."""
    from tests.mail.dovecot import PASSWORD, Dovecot, ServerUnavailable

    try:
        server = Dovecot()
        server.start()
    except ServerUnavailable as exc:
        pytest.skip(str(exc))
    try:
        user = server.new_user()
        monkeypatch.setenv("ACCT_IMAP_PASSWORD", PASSWORD)
        third = REAL.replace(b"09:00:00", b"09:45:00")
        for n, raw in enumerate((SPOOF, REAL, third)):
            server.deliver(user, "INBOX", f"{n}.M{n}.h", raw)
        make_agency(
            acct,
            home,
            '\n[mail.accounts.work]\nhost = "127.0.0.1"\n'
            f'port = {server.port}\nsecurity = "plain"\nuser = "{user}"\n'
            'password_env = "ACCT_IMAP_PASSWORD"\nfolders = ["INBOX"]\n',
        )
        (tmp_path / "spoof.eml").write_bytes(SPOOF)
        (tmp_path / "real.eml").write_bytes(REAL)
        imported = acct("mail", "import", tmp_path / "spoof.eml", tmp_path / "real.eml", "--json")
        assert imported.json()["imported"] == 2
        synced = acct("mail", "sync", "--json", "--date", DAY)
        assert synced.exit_code == 0, synced.stderr
        assert (synced.json()["imported"], synced.json()["known"]) == (1, 2)
        assert len(_listed(acct)) == 3 and all(m["shares_id"] for m in _listed(acct))
    finally:
        server.stop()
