"""The [mail] section of config.toml: addresses, working hours, rules and IMAP accounts."""

from __future__ import annotations

from datetime import datetime, tzinfo

from acctcli.config.table import Table
from acctcli.domain.triage import Rule, WorkingHours, parse_hours, parse_rules
from acctcli.errors import Invalid
from acctcli.i18n import N_, _
from acctcli.records import NamedTuple

MAIL_KEYS = (
    "me",
    "hours",
    "workdays",
    "timezone",
    "wait_days",
    "reply_within",
    "wake_on_reply",
    "history_days",
    "max_message_mb",
    "sent_folders",
    "rule",
    "accounts",
)
ACCOUNT_KEYS = (
    "host",
    "port",
    "security",
    "user",
    "password_env",
    "password_cmd",
    "folders",
    "ca_file",
)
SECURITY = ("tls", "starttls", "plain")
MAX_DAYS = 3650


class ImapAccount(NamedTuple):
    name: str
    host: str
    port: int
    security: str
    user: str
    password_env: str | None
    password_cmd: str | None
    folders: tuple[str, ...]
    ca_file: str | None = None  # a private CA's certificate (PEM) to trust for this server


class MailSettings(NamedTuple):
    me: frozenset[str] = frozenset()
    hours: WorkingHours = parse_hours()
    timezone: tzinfo | None = None  # None: the computer's own
    wait_days: int = 3
    reply_within: int = 1  # working days a reply is due in (acct mail reply's follow-up)
    wake_on_reply: bool = True
    history_days: int = 30
    max_message_mb: int = 100  # a larger message is a failed entry, never read into memory
    sent_folders: frozenset[str] = frozenset()
    rules: tuple[Rule, ...] = ()
    accounts: tuple[ImapAccount, ...] = ()

    def local(self, moment: datetime | None) -> datetime | None:
        """A message's time as naive local time (the store keeps naive local timestamps)."""
        if moment is None or moment.tzinfo is None:
            return moment
        return moment.astimezone(self.timezone).replace(tzinfo=None)


def read_mail(section: Table) -> MailSettings:
    section.check_keys(MAIL_KEYS)
    me = set()
    if "me" in section.values:
        from acctcli.domain.clients import clean_email

        for address in section.strings("me", ()):
            me.add(section.parsed(lambda: clean_email(address)))  # noqa: B023 - called at once
    hours = section.string("hours", "09:00-19:00", N_('a string, e.g. "09:00-19:00"'))
    workdays = section.get("workdays", "mon-fri")
    if not isinstance(workdays, str):
        section.strings("workdays", ())  # a list of day names, or an error saying so
    table = section.table("accounts")
    accounts = tuple(_account(table, name) for name in table.values)
    me.update(a.user.lower() for a in accounts if "@" in a.user)
    sent = section.strings("sent_folders", ())
    return MailSettings(
        me=frozenset(me),
        hours=section.parsed(lambda: parse_hours(hours, workdays)),
        timezone=section.zone("timezone"),
        wait_days=section.whole("wait_days", 3, 0, MAX_DAYS, days=True),
        reply_within=section.whole("reply_within", 1, 0, 60, days=True),
        wake_on_reply=section.flag("wake_on_reply", True),
        history_days=section.whole("history_days", 30, 0, MAX_DAYS, days=True),
        max_message_mb=section.whole("max_message_mb", 100, 1, 10_000),
        sent_folders=frozenset(s.casefold() for s in sent),
        rules=_rules(section),
        accounts=accounts,
    )


def _rules(section: Table) -> tuple[Rule, ...]:
    try:
        return tuple(parse_rules(section.get("rule"), str(section.path)))
    except RecursionError:  # a pattern nested thousands deep
        raise Invalid(
            _("{path}: [[mail.rule]] has a pattern too deeply nested").format(path=section.path)
        ) from None


def _account(accounts: Table, name: str) -> ImapAccount:
    table = accounts.table(name)
    if "password" in table.values:
        table.reject(
            _("a password is never kept in config.toml"),
            _("use password_env (an environment variable) or password_cmd (a command)"),
        )
    table.check_keys(ACCOUNT_KEYS)
    for key in ("host", "user"):
        if not table.get(key):
            table.reject(_("{key} is missing").format(key=key))
    security = table.string("security", "tls")
    if security not in SECURITY:
        table.fail("security", N_("tls, starttls or plain"))
    port = table.whole("port", 993 if security == "tls" else 143, 1, 65535)
    password_env = table.optional_string("password_env")
    password_cmd = table.optional_string("password_cmd")
    if password_env is None and password_cmd is None:
        table.reject(_("give password_env or password_cmd (never the password)"))
    return ImapAccount(
        name=str(name),
        host=table.string("host", ""),
        port=port,
        security=security,
        user=table.string("user", ""),
        password_env=password_env,
        password_cmd=password_cmd,
        folders=table.strings("folders", ("INBOX",)),
        ca_file=table.optional_string("ca_file"),
    )
