"""IMAP, read-only, on the standard library's imaplib: folders are EXAMINEd (never SELECTed
for writing) and bodies fetched with BODY.PEEK, so syncing never marks mail as read.

Every failure becomes an `ImapError` with one line a user can act on; the password is never
part of a message or a traceback.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Sequence
from typing import Any

from acctcli.i18n import _
from acctcli.records import NamedTuple

LOOPBACK = ("127.0.0.1", "::1", "localhost")
_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"[^"]*"|NIL) (?P<name>.+)$')
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"UID (\d+).*RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+).*UID (\d+)")
BATCH_BYTES = 16 * 1024 * 1024
BATCH_COUNT = 200


class ImapError(Exception):
    """A connection, certificate, login or protocol failure, as one line; `certificate` when
    the server's certificate was not trusted (the caller can say how to trust it)."""

    def __init__(self, message: str, *, certificate: bool = False) -> None:
        super().__init__(message)
        self.certificate = certificate


class FolderStatus(NamedTuple):
    uidvalidity: int
    exists: int


def encode_folder(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 ('Отправленные' → '&BB4EQgQ,BEAEMAQy…-')."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            data = "".join(pending).encode("utf-16-be")
            out.append(
                "&" + base64.b64encode(data).decode("ascii").rstrip("=").replace("/", ",") + "-"
            )
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def decode_folder(name: str) -> str:
    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        data = body.replace(",", "/")
        data += "=" * (-len(data) % 4)
        try:
            return base64.b64decode(data).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return match.group(0)

    return re.sub(r"&([A-Za-z0-9+,]*)-", replace, name)


def _quote(name: str) -> str:
    encoded = encode_folder(name)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSession:
    """One logged-in connection."""

    def __init__(self, conn: Any, host: str) -> None:
        self.conn = conn
        self.host = host

    @classmethod
    def open(
        cls,
        host: str,
        port: int,
        security: str,
        user: str,
        password: str,
        timeout: float = 30,
        ca_file: str | None = None,
    ) -> ImapSession:
        """Connect and log in.  TLS certificates are checked against the system's CAs, or,
        given `ca_file`, against that one private CA alone (for this server only)."""
        import imaplib
        import socket
        import ssl

        if security == "plain" and host not in LOOPBACK:
            raise ImapError(
                _(
                    "plain (unencrypted) IMAP is allowed only to this computer, not to {host}; "
                    'use security = "tls" or "starttls"'
                ).format(host=host)
            )
        where = f"{host}:{port}"
        conn: imaplib.IMAP4
        context = _tls_context(ca_file) if security != "plain" else None
        try:
            if security == "tls":
                conn = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
            else:
                conn = imaplib.IMAP4(host, port, timeout=timeout)
                if security == "starttls":
                    conn.starttls(ssl_context=context)
        except ssl.SSLCertVerificationError as exc:
            if ca_file:
                message = _("bad certificate from {where}: {reason} (checked against {file})")
            else:
                # TRANSLATORS: {where} is host:port; {reason} is the system's (in English).
                message = _("bad certificate from {where}: {reason}")
            raise ImapError(
                message.format(where=where, reason=exc.verify_message, file=ca_file),
                certificate=True,
            ) from None
        except ssl.SSLError as exc:
            raise ImapError(
                _("TLS with {where} failed: {reason}").format(where=where, reason=exc.reason or exc)
            ) from None
        except socket.gaierror:
            raise ImapError(_("cannot reach {where}: unknown host").format(where=where)) from None
        except TimeoutError:
            raise ImapError(_("cannot reach {where}: timed out").format(where=where)) from None
        except OSError as exc:
            raise ImapError(
                _("cannot reach {where}: {error}").format(where=where, error=exc.strerror or exc)
            ) from None
        except imaplib.IMAP4.error as exc:
            raise ImapError(
                _("{where} refused the connection: {reply}").format(where=where, reply=_text(exc))
            ) from None
        try:
            if user.isascii() and password.isascii():
                conn.login(user, password)
            else:  # LOGIN is ASCII-only; SASL PLAIN carries UTF-8
                secret = f"\0{user}\0{password}".encode()
                conn.authenticate("PLAIN", lambda _challenge: secret)
        except imaplib.IMAP4.error as exc:
            _close(conn)
            raise ImapError(
                _("{where} refused the login for {user}: {reply}").format(
                    where=where, user=user, reply=_text(exc)
                )
            ) from None
        except OSError as exc:
            _close(conn)
            raise ImapError(
                _("{where} dropped the connection at login: {error}").format(where=where, error=exc)
            ) from None
        return cls(conn, host)

    def _call(self, what: str, fn, *args):  # type: ignore[no-untyped-def]
        import imaplib

        try:
            typ, data = fn(*args)
        except imaplib.IMAP4.error as exc:
            raise self._failed(what, exc) from None
        except OSError as exc:
            raise ImapError(
                # TRANSLATORS: {command} is an IMAP command (LIST, UID FETCH…).
                _("{host}: connection lost during {command}: {error}").format(
                    host=self.host, command=what, error=exc
                )
            ) from None
        if typ != "OK":
            raise self._failed(what, data)
        return data

    def _failed(self, what: str, reply: object) -> ImapError:
        return ImapError(
            # TRANSLATORS: {command} is an IMAP command (LIST, UID FETCH…); {reply} the server's.
            _("{host}: {command} failed: {reply}").format(
                host=self.host, command=what, reply=_text(reply)
            )
        )

    def special_folders(self) -> dict[str, set[str]]:
        """Folder name → its flags (\\Sent, \\Trash…), from LIST."""
        data = self._call("LIST", self.conn.list)  # type: ignore[attr-defined]
        folders: dict[str, set[str]] = {}
        for line in data:
            if not isinstance(line, bytes):
                continue
            m = _LIST_LINE.match(line)
            if not m:
                continue
            name = m.group("name").decode("utf-8", "replace").strip()
            if name.startswith('"') and name.endswith('"'):
                name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            flags = {f.lower() for f in m.group("flags").decode("ascii", "replace").split()}
            folders[decode_folder(name)] = flags
        return folders

    def examine(self, folder: str) -> FolderStatus:
        import imaplib

        try:
            typ, data = self.conn.select(_quote(folder), readonly=True)  # type: ignore[attr-defined]
        except imaplib.IMAP4.error as exc:
            raise ImapError(
                _("{host}: cannot open folder {folder!r}: {reply}").format(
                    host=self.host, folder=folder, reply=_text(exc)
                )
            ) from None
        if typ != "OK":
            raise ImapError(
                _("{host}: no folder {folder!r} ({reply})").format(
                    host=self.host, folder=folder, reply=_text(data)
                )
            )
        exists = int(data[0]) if data and data[0] and data[0].isdigit() else 0
        _name, validity = self.conn.response("UIDVALIDITY")  # type: ignore[attr-defined]
        value = validity[0] if validity and validity[0] else b"0"
        return FolderStatus(int(value), exists)

    def uids_after(self, last_uid: int) -> list[int]:
        data = self._call("UID SEARCH", self.conn.uid, "SEARCH", f"UID {last_uid + 1}:*")  # type: ignore[attr-defined]
        uids = [int(u) for u in (data[0] or b"").split() if u.isdigit()]
        return sorted(
            u for u in uids if u > last_uid
        )  # "n:*" includes the last UID when none is newer

    def fetch(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        """(uid, raw message), in batches bounded in count and bytes."""
        for batch in self._batches(uids):
            data = self._call(
                "UID FETCH",
                self.conn.uid,
                "FETCH",
                ",".join(map(str, batch)),
                "(UID BODY.PEEK[])",  # type: ignore[attr-defined]
            )
            for item in data:
                if isinstance(item, tuple) and len(item) >= 2:
                    m = _UID.search(item[0])
                    if m:
                        yield int(m.group(1)), item[1]

    def _batches(self, uids: Sequence[int]) -> Iterator[list[int]]:
        for start in range(0, len(uids), BATCH_COUNT):
            chunk = list(uids[start : start + BATCH_COUNT])
            data = self._call(
                "UID FETCH",
                self.conn.uid,
                "FETCH",
                ",".join(map(str, chunk)),
                "(UID RFC822.SIZE)",  # type: ignore[attr-defined]
            )
            sizes: dict[int, int] = {}
            for line in data:
                if isinstance(line, bytes):
                    m = _SIZE.search(line)
                    if m:
                        uid = m.group(1) or m.group(4)
                        size = m.group(2) or m.group(3)
                        sizes[int(uid)] = int(size)
            batch: list[int] = []
            total = 0
            for uid in chunk:
                size = sizes.get(uid, 0)
                if batch and total + size > BATCH_BYTES:
                    yield batch
                    batch, total = [], 0
                batch.append(uid)
                total += size
            if batch:
                yield batch

    def close(self) -> None:
        _close(self.conn)


def _tls_context(ca_file: str | None) -> Any:
    """The system's trust, or only the private CA in `ca_file` (a PEM file)."""
    import os
    import ssl

    if not ca_file:
        return ssl.create_default_context()
    path = os.path.expanduser(ca_file)
    try:
        return ssl.create_default_context(cafile=path)
    except FileNotFoundError:
        raise ImapError(_("ca_file {file} does not exist").format(file=path)) from None
    except (ssl.SSLError, ValueError):  # before OSError: SSLError is one
        raise ImapError(
            _("ca_file {file} holds no certificate (a PEM file is expected)").format(file=path)
        ) from None
    except OSError as exc:
        raise ImapError(
            _("cannot read ca_file {file}: {error}").format(file=path, error=exc.strerror or exc)
        ) from None


def _close(conn: object) -> None:
    try:
        conn.logout()  # type: ignore[attr-defined]
    except Exception:  # already gone: nothing to tidy
        pass


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).strip()
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return " ".join(text.split())[:200]
