"""A throwaway Dovecot IMAP server on a loopback port, for the sync tests.

Settings as in /work/shared/design/servers.md: Dovecot's login process refuses to run as root,
so it runs as dovenull/dovecot; mail belongs to the `dovecot` account; plaintext login is
allowed only because it listens on 127.0.0.1 without TLS.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PASSWORD = "s3cret-Пароль"  # non-ASCII on purpose: LOGIN cannot carry it, SASL PLAIN can


class ServerUnavailable(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _binary(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )


class Dovecot:
    def __init__(self) -> None:
        self.dovecot = _binary("dovecot")
        self.doveadm = _binary("doveadm")
        if self.dovecot is None or self.doveadm is None:
            raise ServerUnavailable("Dovecot is not installed (Debian package: dovecot-imapd)")
        if os.geteuid() != 0:
            raise ServerUnavailable("the Dovecot tests start the server as root (as on CI)")
        try:
            account = pwd.getpwnam("dovecot")
            pwd.getpwnam("dovenull")
        except KeyError:
            raise ServerUnavailable("the dovecot/dovenull accounts are missing") from None
        self.uid, self.gid = account.pw_uid, account.pw_gid
        self.folder = Path(tempfile.mkdtemp(prefix="acct-dovecot-"))
        os.chmod(self.folder, 0o755)
        self.port = _free_port()
        self.tls_port = _free_port()
        self.config = self.folder / "dovecot.conf"
        self.mail = self.folder / "mail"
        self.passwd = self.folder / "passwd"
        self.users = 0
        (self.folder / "run").mkdir()
        (self.folder / "state").mkdir()
        self.mail.mkdir()
        # every user up front: passwd-file changes are noticed by mtime, at one-second grain
        self.passwd.write_text(
            "".join(f"anna{n}@agency.ru:{{PLAIN}}{PASSWORD}::::::\n" for n in range(1, 41))
        )
        self.cert = self._certificate()
        self.config.write_text(self._config())

    def _certificate(self) -> Path | None:
        """A self-signed certificate for 127.0.0.1 (None without openssl: no TLS tests)."""
        openssl = shutil.which("openssl")
        if openssl is None:
            return None
        cert, key = self.folder / "cert.pem", self.folder / "key.pem"
        done = subprocess.run(
            [
                openssl,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            capture_output=True,
        )
        return cert if done.returncode == 0 else None

    def new_user(self) -> str:
        """A fresh mailbox owner for one test."""
        self.users += 1
        return f"anna{self.users}@agency.ru"

    def _config(self) -> str:
        f = self.folder
        return f"""\
protocols = imap
listen = 127.0.0.1
base_dir = {f}/run
state_dir = {f}/state
log_path = {f}/dovecot.log
{self._ssl()}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = 1
mail_location = maildir:{self.mail}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {f}/passwd
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={self.mail}/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
  }}
  mailbox Отправленные {{
    special_use = \\Sent
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port if self.cert else 0}
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
"""

    def _ssl(self) -> str:
        if self.cert is None:
            return "ssl = no"
        return f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{self.folder / 'key.pem'}"

    def start(self) -> None:
        # the daemon keeps its inherited stdout/stderr open: never a pipe we would wait on
        errors = self.folder / "start.err"
        with errors.open("wb") as sink:
            code = subprocess.call(
                [str(self.dovecot), "-c", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=sink,
            )
        if code != 0:
            raise ServerUnavailable(f"dovecot did not start: {errors.read_text()[:300]}")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    if conn.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise ServerUnavailable(f"dovecot did not listen on port {self.port}: {self.log()}")

    def stop(self) -> None:
        subprocess.call(
            [str(self.dovecot), "-c", str(self.config), "stop"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (self.folder / "run" / "master.pid").exists():
            time.sleep(0.05)
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self) -> str:
        try:
            return (self.folder / "dovecot.log").read_text()[-2000:]
        except OSError:
            return ""

    # -- mailboxes -----------------------------------------------------------------------
    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        from acctcli.mail.imap import encode_folder

        root = self.mail / user  # Maildir++: ".Sent", names in IMAP's modified UTF-7
        path = root if folder == "INBOX" else root / ("." + encode_folder(folder).replace("/", "."))
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        return path

    def deliver(self, user: str, folder: str, name: str, raw: bytes) -> None:
        """Put a message into a folder as a delivery agent would (into new/)."""
        path = self.maildir(user, folder)
        tmp = path / "tmp" / name
        tmp.write_bytes(raw)
        os.rename(tmp, path / "new" / name)
        for dirpath, _, filenames in os.walk(self.mail):
            os.chown(dirpath, self.uid, self.gid)
            for filename in filenames:
                os.chown(os.path.join(dirpath, filename), self.uid, self.gid)

    def reset_uidvalidity(self, user: str, folder: str, value: int) -> None:
        done = subprocess.run(
            [
                str(self.doveadm),
                "-c",
                str(self.config),
                "mailbox",
                "update",
                "-u",
                user,
                "--uid-validity",
                str(value),
                folder,
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
