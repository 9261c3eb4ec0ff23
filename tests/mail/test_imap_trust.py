"""Whom `acct mail sync` trusts, and what it runs: an IMAP server whose certificate is signed
by the agency's own CA (a real Dovecot, a CA and a server certificate made with openssl here)
is refused until the account names that CA in `ca_file`; `password_cmd` is bounded in time
and in output.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import IN_CI, Run, assert_user_error, store_dump
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message
from tests.mail.dovecot import PASSWORD, Dovecot, ServerUnavailable


def _openssl(*args: str) -> None:
    done = subprocess.run(["openssl", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerUnavailable(f"openssl {args[0]} failed: {done.stderr[-300:]}")


def make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    """A private CA: (certificate, key)."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return cert, key


class PrivateCaDovecot(Dovecot):
    """Dovecot serving a certificate for 127.0.0.1 signed by a CA made for the test (not a
    self-signed one): what an agency's own mail server looks like."""

    ca: Path

    def _certificate(self) -> Path | None:
        if shutil.which("openssl") is None:
            return None
        self.ca, ca_key = make_ca(self.folder, "Agency Mail CA")
        cert, key, request = (self.folder / n for n in ("cert.pem", "key.pem", "req.csr"))
        extensions = self.folder / "server.cnf"
        extensions.write_text(
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
            "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        )
        _openssl(
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
            "-out", str(request), "-subj", "/CN=127.0.0.1",
        )  # fmt: skip
        _openssl(
            "x509", "-req", "-in", str(request), "-CA", str(self.ca), "-CAkey", str(ca_key),
            "-CAcreateserial", "-days", "2", "-out", str(cert), "-extfile", str(extensions),
        )  # fmt: skip
        return cert


@pytest.fixture(scope="module")
def server() -> Iterator[PrivateCaDovecot]:
    try:
        dovecot = PrivateCaDovecot()
        if dovecot.cert is None:
            raise ServerUnavailable("openssl is not installed: no private CA")
        dovecot.start()
    except ServerUnavailable as exc:
        if IN_CI:
            pytest.fail(f"CI needs Dovecot and openssl, but: {exc}", pytrace=False)
        pytest.skip(str(exc))
    try:
        yield dovecot
    finally:
        dovecot.stop()


def config(user: str, port: int, security: str = "tls", **extra: str) -> str:
    lines = [
        "",
        "[mail.accounts.work]",
        'host = "127.0.0.1"',
        f"port = {port}",
        f'security = "{security}"',
        f'user = "{user}"',
        *(f'{key} = "{value}"' for key, value in extra.items()),
    ]
    if "password_cmd" not in extra:
        lines.append('password_env = "ACCT_IMAP_PASSWORD"')
    return "\n".join(lines) + "\n"


@pytest.fixture
def user(server: PrivateCaDovecot, monkeypatch: pytest.MonkeyPatch) -> str:
    name = server.new_user()
    monkeypatch.setenv("ACCT_IMAP_PASSWORD", PASSWORD)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    raw = message(subject="Сайт не работает", message_id="<down@stroymarket.ru>")
    server.deliver(name, "INBOX", "1.M1.h", raw)
    return name


def test_a_private_ca_is_refused_until_ca_file_names_it(
    acct: Run, home: Path, server: PrivateCaDovecot, user: str
) -> None:
    make_agency(acct, home, config(user, server.tls_port))
    before = store_dump(home)
    refused = acct("mail", "sync")
    assert_user_error(refused, f"bad certificate from 127.0.0.1:{server.tls_port}")
    hint = refused.stderr.strip().splitlines()[1]
    assert hint.startswith("Hint:") and "ca_file" in hint and "[mail.accounts.work]" in hint
    assert store_dump(home) == before

    settings = home / "config.toml"
    settings.write_text(settings.read_text() + f'ca_file = "{server.ca}"\n')
    assert acct("mail", "sync").stdout.startswith("Fetched 1 message")
    assert [m["subject"] for m in listed(acct)] == ["Сайт не работает"]
    # the same CA over STARTTLS on the plain port
    settings.write_text(
        settings.read_text()
        .replace('security = "tls"', 'security = "starttls"')
        .replace(f"port = {server.tls_port}", f"port = {server.port}")
    )
    assert acct("mail", "sync").stdout.startswith("Fetched 0 messages, 1 already known")


def test_ca_file_trusts_that_ca_only(
    acct: Run, home: Path, server: PrivateCaDovecot, user: str, tmp_path: Path
) -> None:
    other, _key = make_ca(tmp_path, "Some Other CA")
    make_agency(acct, home, config(user, server.tls_port, ca_file=str(other)))
    before = store_dump(home)
    refused = acct("mail", "sync")
    assert_user_error(refused, "bad certificate from 127.0.0.1", f"checked against {other}")
    assert "Hint:" in refused.stderr
    assert store_dump(home) == before


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(None, "does not exist"), ("not a certificate\n", "holds no certificate")],
)
def test_an_unusable_ca_file_is_one_error(
    acct: Run,
    home: Path,
    server: PrivateCaDovecot,
    user: str,
    tmp_path: Path,
    content: str | None,
    fragment: str,
) -> None:
    ca = tmp_path / "ca.pem"
    if content is not None:
        ca.write_text(content)
    make_agency(acct, home, config(user, server.tls_port, ca_file=str(ca)))
    before = store_dump(home)
    assert_user_error(acct("mail", "sync"), f"ca_file {ca}", fragment)
    assert store_dump(home) == before


# -- password_cmd: no server needed, it runs before any connection ---------------------------


def test_a_hanging_password_cmd_is_stopped_with_what_it_started(
    acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acctcli.services.mail import sync

    monkeypatch.setattr(sync, "PASSWORD_CMD_SECONDS", 1)
    pids = tmp_path / "pids"
    # a shell that starts a child, records both, and never prints a password nor exits
    command = f"sh -c 'sleep 300 & echo $! $$ > {pids}; wait'"
    make_agency(acct, home, config("anna", 1, "plain", password_cmd=command))
    before = store_dump(home)
    assert_user_error(acct("mail", "sync"), "password_cmd gave no answer within 1 s")
    assert store_dump(home) == before
    for pid in map(int, pids.read_text().split()):
        assert not running(pid)  # both killed, not left behind


def running(pid: int) -> bool:
    """Alive, not a zombie (the orphaned child is reaped by init at its own pace)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_flooding_password_cmd_is_cut_off(acct: Run, home: Path) -> None:
    make_agency(acct, home, config("anna", 1, "plain", password_cmd="yes password"))
    before = store_dump(home)
    assert_user_error(acct("mail", "sync"), "password_cmd printed more than 64 KB")
    assert store_dump(home) == before


def test_a_password_cmd_answer_is_read_as_before(acct: Run, home: Path) -> None:
    """Bounded, but still the first line of what it prints (here: a login then refused)."""
    make_agency(acct, home, config("anna", 1, "plain", password_cmd="printf 'pw\\nrest'"))
    assert_user_error(acct("mail", "sync"), "cannot reach 127.0.0.1:1")
