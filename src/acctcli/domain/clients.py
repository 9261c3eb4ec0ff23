"""Clients and contacts as plain data, and the rules for what a valid one is."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from acctcli.domain.labels import label
from acctcli.errors import Conflict, Invalid
from acctcli.i18n import NP_, _, pgettext
from acctcli.patterns import pattern
from acctcli.records import NamedTuple

STATUSES = ("onboarding", "active", "paused", "churned")
CHANNELS = ("phone", "messenger", "email", "tasks")
KNOWN_SERVICES = ("seo", "smm", "ppc", "performance", "content")
_SERVICE = pattern(r"^[a-z][a-z0-9-]{0,31}$")
_EMAIL = pattern(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = pattern(r"[\x00-\x1f\x7f-\x9f]")
# The names clean_name checks (its `what`), translated where an error shows them.
CLIENT_NAME = NP_("name", "client name")
NAMES = (
    CLIENT_NAME,
    NP_("name", "contact name"),
    NP_("name", "invoice number"),
    NP_("name", "incident title"),
)


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


def loose_key(name: str) -> str:
    """A name as people type it: ё as е (Russians mostly write «Елка» for «Ёлка»)."""
    return name_key(name).replace("ё", "е")


def sort_key(name: str) -> tuple[str, str]:
    """Russian dictionary order: ё sorts with е (Ежевика, ёжик, Жук), not after я."""
    key = name_key(name)
    return key.replace("ё", "е"), key  # (loose_key(name), name_key(name)), keyed once


def match_names(names: list[str], ref: str) -> list[int]:
    """Indexes of the names `ref` means: the one equal to it (any case), else those equal to
    it with ё read as е, else those it is a prefix of (ё as е too)."""
    key = name_key(ref)
    if not key:
        return []
    exact = [n for n, name in enumerate(names) if name_key(name) == key]
    if exact:
        return exact
    loose = loose_key(ref)
    same = [n for n, name in enumerate(names) if loose_key(name) == loose]
    return same or [n for n, name in enumerate(names) if loose_key(name).startswith(loose)]


def clean_name(name: str, what: str = CLIENT_NAME) -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        # TRANSLATORS: {what} is "client name", "contact name", "invoice number"…
        raise Invalid(_("the {what} is empty").format(what=_name(what)))
    if _CONTROL.search(name.replace("\t", " ").replace("\n", " ")):
        raise Invalid(_("the {what} contains control characters").format(what=_name(what)))
    if len(cleaned) > 200:
        raise Invalid(_("the {what} is longer than 200 characters").format(what=_name(what)))
    return cleaned


def clean_user(name: str, option: str) -> str:
    """An account manager's user name (`--owner`, `--to`, ACCT_USER): one word of printable
    characters — no controls, no marks that reorder text, no spaces."""
    user = name.strip()
    if not user:
        raise Invalid(_("{option} needs the account manager's user name").format(option=option))
    bad = [ch for ch in user if ch.isspace() or unicodedata.category(ch)[0] in "CZ"]
    if bad or len(user) > 64:
        raise Invalid(
            _("{option}: a user name is one word of at most 64 printable characters").format(
                option=option
            )
        )
    return user


def _name(what: str) -> str:
    return pgettext("name", what) if what else what


def clean_service(service: str) -> str:
    value = service.strip().lower()
    if not _SERVICE.match(value):
        raise Invalid(
            _("bad service {service!r}: a short lowercase word such as {examples}").format(
                service=service, examples=", ".join(KNOWN_SERVICES)
            )
        )
    return value


def clean_channel(channel: str) -> str:
    value = channel.strip().lower()
    if value not in CHANNELS:
        raise Invalid(
            _("bad channel {channel!r}: use one of {channels}").format(
                channel=channel, channels=", ".join(CHANNELS)
            )
        )
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
        raise Invalid(_("bad domain {domain!r}").format(domain=domain)) from None
    if "." not in value or not re.match(r"^[a-z0-9.-]+$", ascii_form) or ".." in value:
        raise Invalid(
            _("bad domain {domain!r}: expected something like example.ru or пицца.рф").format(
                domain=domain
            )
        )
    return value


def clean_email(email: str) -> str:
    value = email.strip()
    if not _EMAIL.match(value):
        raise Invalid(_("bad e-mail address {email!r}").format(email=email))
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def check_transition(client: Client, new_status: str, on: date) -> None:
    """Whether a client may move to `new_status` on `on`; raises Conflict/Invalid if not."""
    current = client.status
    if new_status == "paused" and current == "churned":
        raise Conflict(
            _("{client} has churned; win it back with `acct client resume` first").format(
                client=client.name
            )
        )
    if new_status == current:
        raise Conflict(
            # TRANSLATORS: {status} is a client status label: onboarding, active, paused…
            _("{client} is already {status}").format(
                client=client.name, status=label("status", current)
            )
        )
    if new_status == "active" and current not in ("paused", "churned"):
        raise Conflict(
            _("{client} is {status}, not paused or churned: nothing to resume").format(
                client=client.name, status=label("status", current)
            )
        )
    if on < client.since:
        raise Invalid(
            _("{day} is before {client} became a client ({since})").format(
                day=on.isoformat(), client=client.name, since=client.since
            )
        )
    if client.history and on < client.history[-1].on:
        last = client.history[-1]
        raise Invalid(
            _("{day} is before {client}'s last status change ({status} on {on})").format(
                day=on.isoformat(),
                client=client.name,
                status=label("status", last.status),
                on=last.on.isoformat(),
            )
        )
