"""`acct mail sync`: new mail from the IMAP accounts in config.toml.

Incremental by UIDVALIDITY/UID per folder; the folder's progress is committed with each batch
of messages, so an interrupted sync resumes where it stopped.  A changed UIDVALIDITY means
the server renumbered the folder: everything is fetched again, and the message keys keep the
store free of duplicates.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from datetime import date, datetime

from acctcli.config.mail import ImapAccount, MailSettings
from acctcli.domain.matching import is_sent_folder
from acctcli.errors import AcctError, Invalid, NotFound
from acctcli.i18n import _
from acctcli.services.mail.importer import NoProgress, Progress
from acctcli.services.mail.writer import ImportReport, MailWriter
from acctcli.store.db import Database
from acctcli.store.mail import folder_state


class SyncError(AcctError):
    """The server could not be reached, refused us, or broke off."""


PASSWORD_CMD_SECONDS = 60  # time enough to type a passphrase into gpg's pinentry
PASSWORD_CMD_BYTES = 64 * 1024  # a password is one short line: more is a wrong command


def account_password(account: ImapAccount) -> str:
    """From the environment variable or the command named in config.toml; never stored."""
    if account.password_env:
        value = os.environ.get(account.password_env)
        if not value:
            raise Invalid(
                _("account {account}: the variable {variable} is not set").format(
                    account=account.name, variable=account.password_env
                )
            )
        return value
    assert account.password_cmd
    try:
        code, output = _run_bounded(shlex.split(account.password_cmd))
    except TimeoutError:
        raise Invalid(
            _("account {account}: password_cmd gave no answer within {seconds} s").format(
                account=account.name, seconds=PASSWORD_CMD_SECONDS
            )
        ) from None
    except (OSError, ValueError) as exc:
        raise Invalid(
            _("account {account}: password_cmd failed ({error})").format(
                account=account.name, error=type(exc).__name__
            )
        ) from None
    except OverflowError:
        raise Invalid(
            _("account {account}: password_cmd printed more than {size} KB: not a password").format(
                account=account.name, size=PASSWORD_CMD_BYTES // 1024
            )
        ) from None
    lines = output.decode("utf-8", "replace").splitlines()
    if code != 0 or not lines or not lines[0]:
        raise Invalid(
            _("account {account}: password_cmd gave no password (exit {code})").format(
                account=account.name, code=code
            )
        )
    return lines[0]


def _run_bounded(argv: list[str]) -> tuple[int, bytes]:
    """(exit code, standard output) of a command, which may read the terminal (a pinentry)
    but not run longer than PASSWORD_CMD_SECONDS (TimeoutError) nor print more than
    PASSWORD_CMD_BYTES (OverflowError); then it is killed with all it started."""
    import selectors

    if not argv:
        raise ValueError
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + PASSWORD_CMD_SECONDS
    chunks: list[bytes] = []
    size = 0
    failure: type[Exception] | None = None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                failure = TimeoutError
                break
            if not selector.select(left):
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:  # end of output: the command is done (or closed it)
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > PASSWORD_CMD_BYTES:
                failure = OverflowError
                break
    if failure is None:
        try:
            code = proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            failure = TimeoutError
    proc.stdout.close()
    if failure is not None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the command and its children
        except OSError:
            pass
        proc.wait()
        raise failure
    return code, b"".join(chunks)


def _trust_hint(account: ImapAccount) -> str:
    """How to trust a server whose certificate comes from the agency's own CA."""
    if account.ca_file:
        return _(
            "is {file} the CA that signed {host}'s certificate? Ask whoever runs the server"
        ).format(file=account.ca_file, host=account.host)
    return _(
        "if {host} uses a private CA, trust it for this account only: "
        'ca_file = "/path/to/ca.pem" under [mail.accounts.{account}] in config.toml'
    ).format(host=account.host, account=account.name)


def fetch_message(settings: MailSettings, location: str) -> bytes | None:
    """A synced message fetched again from its server ("imap:ACCOUNT/FOLDER/UIDVALIDITY/UID"),
    or None when the account, folder or message is gone or the server cannot be reached."""
    from acctcli.mail.imap import ImapError, ImapSession

    name, _slash, rest = location.removeprefix("imap:").partition("/")
    folder, _slash, tail = rest.rpartition("/")
    folder, _slash, validity = folder.rpartition("/")
    account = next((a for a in settings.accounts if a.name == name), None)
    if account is None or not tail.isdigit() or not validity.isdigit():
        return None
    try:
        session = ImapSession.open(
            account.host,
            account.port,
            account.security,
            account.user,
            account_password(account),
            ca_file=account.ca_file,
        )
    except (ImapError, AcctError):
        return None
    try:
        if session.examine(folder).uidvalidity != int(validity):
            return None
        return next((raw for _, raw in session.fetch([int(tail)])), None)
    except ImapError:
        return None
    finally:
        session.close()


def sync_accounts(
    db: Database,
    account: str | None,
    *,
    owner: str,
    today: date,
    now: datetime,
    settings: MailSettings,
    progress: Progress | None = None,
) -> ImportReport:
    accounts = list(settings.accounts)
    if not accounts:
        raise Invalid(
            _("no IMAP accounts in config.toml"),
            _("add a [mail.accounts.NAME] table with host, user, password_env and folders"),
        )
    if account is not None:
        accounts = [a for a in accounts if a.name == account]
        if not accounts:
            names = ", ".join(a.name for a in settings.accounts)
            raise NotFound(
                _("no IMAP account {account} in config.toml (there is: {names})").format(
                    account=repr(account), names=names
                )
            )
    tracker = progress or NoProgress()
    writer = MailWriter(db, owner=owner, today=today, now=now, settings=settings)
    writer.progress = tracker.advance
    for acc in accounts:
        _sync_account(writer, acc, tracker)
    writer.flush()
    return writer.report


def _sync_account(writer: MailWriter, account: ImapAccount, progress: Progress) -> None:
    from acctcli.mail.imap import ImapError, ImapSession
    from acctcli.mail.parse import parse_message

    password = account_password(account)
    try:
        session = ImapSession.open(
            account.host,
            account.port,
            account.security,
            account.user,
            password,
            ca_file=account.ca_file,
        )
    except ImapError as exc:
        raise SyncError(str(exc), _trust_hint(account) if exc.certificate else None) from None
    try:
        flags = session.special_folders()
        for folder in account.folders:
            try:
                status = session.examine(folder)
            except ImapError as exc:
                writer.fail(f"{account.name}/{folder}", str(exc))
                continue
            state = folder_state(writer.db, writer.owner, account.name, folder)
            last_uid, count = 0, 0
            if state is not None and state.uidvalidity == status.uidvalidity:
                last_uid, count = state.last_uid, state.messages
            uids = session.uids_after(last_uid)
            writer.report.known += max(0, status.exists - len(uids))
            progress.add_total(len(uids))
            sent = (
                is_sent_folder(folder)
                or "\\sent" in flags.get(folder, set())
                or folder.casefold() in writer.settings.sent_folders
            )
            location = f"imap:{account.name}/{folder}/{status.uidvalidity}"
            for uid, raw in session.fetch(uids):
                count += 1
                writer.mark_folder(account.name, folder, status.uidvalidity, uid, count)
                try:
                    msg = parse_message(raw, fallback_date=None)
                except Exception as exc:
                    writer.fail(
                        f"{account.name}/{folder} UID {uid}", str(exc) or type(exc).__name__
                    )
                    continue
                writer.add(msg, source="imap", location=f"{location}/{uid}", sent_folder=sent)
            if not uids:
                writer.mark_folder(account.name, folder, status.uidvalidity, last_uid, count)
            writer.flush()
    except ImapError as exc:
        writer.flush()
        raise SyncError(str(exc)) from None
    finally:
        session.close()
