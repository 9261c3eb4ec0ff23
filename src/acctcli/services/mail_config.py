"""The `[mail]` section of config.toml, read and checked once per command."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from acctcli.domain.triage import Rule, WorkingHours, parse_hours, parse_rules
from acctcli.errors import Invalid

KNOWN_KEYS = {
    "me",
    "hours",
    "workdays",
    "timezone",
    "wait_days",
    "wake_on_reply",
    "history_days",
    "sent_folders",
    "rule",
    "accounts",
}
ACCOUNT_KEYS = {"host", "port", "security", "user", "password_env", "password_cmd", "folders"}


class ImapAccount(NamedTuple):
    name: str
    host: str
    port: int
    security: str
    user: str
    password_env: str | None
    password_cmd: str | None
    folders: tuple[str, ...]


class MailSettings(NamedTuple):
    me: frozenset[str] = frozenset()
    hours: WorkingHours = parse_hours()
    timezone: tzinfo | None = None  # None: the computer's own
    wait_days: int = 3
    wake_on_reply: bool = True
    history_days: int = 30
    sent_folders: frozenset[str] = frozenset()
    rules: tuple[Rule, ...] = ()
    accounts: tuple[ImapAccount, ...] = ()

    def local(self, moment: datetime | None) -> datetime | None:
        """A message's time as naive local time (the store keeps naive local timestamps)."""
        if moment is None or moment.tzinfo is None:
            return moment
        return moment.astimezone(self.timezone).replace(tzinfo=None)


def _int(section: Mapping[str, Any], key: str, default: int, where: str) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
        raise Invalid(f"{where}: [mail] {key} must be a whole number of days")
    return value


def _strings(value: object, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise Invalid(f"{what} must be a string or a list of strings")


def read_mail_settings(section: Mapping[str, Any], where: str = "config.toml") -> MailSettings:
    unknown = set(section) - KNOWN_KEYS
    if unknown:
        raise Invalid(
            f"{where}: unknown key {sorted(unknown)[0]!r} in [mail]",
            f"known keys: {', '.join(sorted(KNOWN_KEYS))}",
        )
    from acctcli.domain.clients import clean_email

    me = {clean_email(a) for a in _strings(section.get("me", []), f"{where}: [mail] me")}
    zone: tzinfo | None = None
    if section.get("timezone"):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(str(section["timezone"]))
        except (ZoneInfoNotFoundError, ValueError):
            raise Invalid(f"{where}: unknown [mail] timezone {section['timezone']!r}") from None
    wake = section.get("wake_on_reply", True)
    if not isinstance(wake, bool):
        raise Invalid(f"{where}: [mail] wake_on_reply must be true or false")
    accounts = tuple(_accounts(section.get("accounts", {}), where))
    for account in accounts:
        if "@" in account.user:
            me.add(account.user.lower())
    sent = _strings(section.get("sent_folders", []), f"{where}: [mail] sent_folders")
    return MailSettings(
        me=frozenset(me),
        hours=parse_hours(section.get("hours", "09:00-19:00"), section.get("workdays", "mon-fri")),
        timezone=zone,
        wait_days=_int(section, "wait_days", 3, where),
        wake_on_reply=wake,
        history_days=_int(section, "history_days", 30, where),
        sent_folders=frozenset(s.casefold() for s in sent),
        rules=tuple(parse_rules(section.get("rule"), where)),
        accounts=accounts,
    )


def _accounts(raw: object, where: str) -> list[ImapAccount]:
    if not isinstance(raw, Mapping):
        raise Invalid(f"{where}: [mail.accounts] must hold [mail.accounts.NAME] tables")
    accounts = []
    for name, table in raw.items():
        label = f"{where}: [mail.accounts.{name}]"
        if not isinstance(table, Mapping):
            raise Invalid(f"{label} must be a table")
        if "password" in table:
            raise Invalid(
                f"{label}: a password is never kept in config.toml",
                "use password_env (an environment variable) or password_cmd (a command)",
            )
        unknown = set(table) - ACCOUNT_KEYS
        if unknown:
            raise Invalid(f"{label}: unknown key {sorted(unknown)[0]!r}")
        for key in ("host", "user"):
            if not isinstance(table.get(key), str) or not table[key]:
                raise Invalid(f"{label}: {key} is missing")
        security = table.get("security", "tls")
        if security not in ("tls", "starttls", "plain"):
            raise Invalid(f"{label}: security must be tls, starttls or plain")
        default_port = 993 if security == "tls" else 143
        port = table.get("port", default_port)
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise Invalid(f"{label}: port must be a number from 1 to 65535")
        if not table.get("password_env") and not table.get("password_cmd"):
            raise Invalid(f"{label}: give password_env or password_cmd (never the password)")
        folders = _strings(table.get("folders", ["INBOX"]), f"{label}: folders")
        accounts.append(
            ImapAccount(
                name=str(name),
                host=table["host"],
                port=port,
                security=security,
                user=table["user"],
                password_env=table.get("password_env") or None,
                password_cmd=table.get("password_cmd") or None,
                folders=tuple(folders),
            )
        )
    return accounts
