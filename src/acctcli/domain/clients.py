"""Clients and contacts as plain data, and the rules for what a valid one is."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from acctcli.errors import Conflict, Invalid

STATUSES = ("onboarding", "active", "paused", "churned")
CHANNELS = ("phone", "messenger", "email", "tasks")
KNOWN_SERVICES = ("seo", "smm", "ppc", "performance", "content")
_SERVICE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Contact(NamedTuple):
    id: int
    name: str
    email: str | None = None
    phone: str | None = None
    messenger: str | None = None
    role: str | None = None
    urgent: bool = False


class StatusChange(NamedTuple):
    status: str
    on: date
    reason: str | None = None


class Client(NamedTuple):
    id: int
    name: str
    status: str
    since: date
    owner: str
    cadence: str | None = None
    channel: str | None = None
    max_gap: str | None = None
    hours: str | None = None
    fees: Mapping[str, Decimal | None] = MappingProxyType({})
    domains: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    history: tuple[StatusChange, ...] = ()

    @property
    def services(self) -> list[str]:
        return list(self.fees)

    @property
    def monthly_fee(self) -> Decimal:
        return sum((f for f in self.fees.values() if f is not None), Decimal("0.00"))


def name_key(name: str) -> str:
    """What names are compared by: NFC, casefolded, single-spaced (Cyrillic-safe)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_name(name: str, what: str = "client name") -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise Invalid(f"the {what} is empty")
    if _CONTROL.search(name.replace("\t", " ").replace("\n", " ")):
        raise Invalid(f"the {what} contains control characters")
    if len(cleaned) > 200:
        raise Invalid(f"the {what} is longer than 200 characters")
    return cleaned


def clean_service(service: str) -> str:
    value = service.strip().lower()
    if not _SERVICE.match(value):
        raise Invalid(
            f"bad service {service!r}: a short lowercase word such as {', '.join(KNOWN_SERVICES)}"
        )
    return value


def clean_channel(channel: str) -> str:
    value = channel.strip().lower()
    if value not in CHANNELS:
        raise Invalid(f"bad channel {channel!r}: use one of {', '.join(CHANNELS)}")
    return value


def clean_domain(domain: str) -> str:
    value = domain.strip().lower().rstrip(".")
    for prefix in ("https://", "http://"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    value = value.split("/", 1)[0]
    if value.startswith("www."):
        value = value[4:]
    try:
        ascii_form = value.encode("idna").decode("ascii")
    except UnicodeError:
        raise Invalid(f"bad domain {domain!r}") from None
    if "." not in value or not re.match(r"^[a-z0-9.-]+$", ascii_form) or ".." in value:
        raise Invalid(f"bad domain {domain!r}: expected something like example.ru or пицца.рф")
    return value


def clean_email(email: str) -> str:
    value = email.strip()
    if not _EMAIL.match(value):
        raise Invalid(f"bad e-mail address {email!r}")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def check_transition(client: Client, new_status: str, on: date) -> None:
    """Whether a client may move to `new_status` on `on`; raises Conflict/Invalid if not."""
    current = client.status
    if new_status == "paused" and current == "churned":
        raise Conflict(f"{client.name} has churned; win it back with `acct client resume` first")
    if new_status == current:
        raise Conflict(f"{client.name} is already {current}")
    if new_status == "active" and current not in ("paused", "churned"):
        raise Conflict(f"{client.name} is {current}, not paused or churned: nothing to resume")
    if on < client.since:
        raise Invalid(f"{on.isoformat()} is before {client.name} became a client ({client.since})")
    if client.history and on < client.history[-1].on:
        last = client.history[-1]
        raise Invalid(
            f"{on.isoformat()} is before {client.name}'s last status change "
            f"({last.status} on {last.on.isoformat()})"
        )
