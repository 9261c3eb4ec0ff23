"""Which client a message belongs to: by contact address first, then by domain (subdomains
too).  For mail the manager sent, the recipients are matched instead of the sender."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from acctcli.records import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SENT_FOLDER_NAMES = frozenset(
    {
        "sent",
        "sent items",
        "sent messages",
        "sent mail",
        "[gmail]/sent mail",
        "отправленные",
        "отправленные письма",
        "исходящие",
    }
)


class ContactRef(NamedTuple):
    client_id: int
    contact_id: int
    urgent: bool = False


class MatchIndex(NamedTuple):
    contacts: Mapping[str, ContactRef]  # e-mail → contact
    domains: Mapping[str, int]  # domain → client id
    me: frozenset[str] = frozenset()  # the manager's own addresses


class MessageMatch(NamedTuple):
    outgoing: bool
    client_id: int | None = None
    contact_id: int | None = None
    urgent_contact: bool = False
    counterpart: str = ""  # the other party's address: sender, or the matched recipient


def is_sent_folder(name: str) -> bool:
    """'Sent', '.Sent', 'INBOX.Sent', 'INBOX/Отправленные', '[Gmail]/Sent Mail'…"""
    folded = name.strip().strip("./").casefold()
    if folded in SENT_FOLDER_NAMES:
        return True
    for sep in ("/", "."):
        if sep in folded and folded.rsplit(sep, 1)[1] in SENT_FOLDER_NAMES:
            return True
    return False


def domain_chain(domain: str) -> Iterable[str]:
    """mail.shop.example.ru → mail.shop.example.ru, shop.example.ru, example.ru"""
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        yield ".".join(parts[start:])


def match_address(index: MatchIndex, addr: str) -> tuple[int, int | None, bool] | None:
    """(client id, contact id or None, urgent contact) for one address, or None."""
    contact = index.contacts.get(addr)
    if contact is not None:
        return contact.client_id, contact.contact_id, contact.urgent
    domain = addr.rpartition("@")[2]
    if not domain:
        return None
    for candidate in domain_chain(domain):
        client_id = index.domains.get(candidate)
        if client_id is not None:
            return client_id, None, False
    return None


def match_message(
    index: MatchIndex, from_addr: str, to_addrs: Sequence[str], *, sent_folder: bool = False
) -> MessageMatch:
    outgoing = sent_folder or from_addr in index.me
    if not outgoing:
        found = match_address(index, from_addr)
        if found is None:
            return MessageMatch(False, counterpart=from_addr)
        return MessageMatch(False, found[0], found[1], found[2], from_addr)
    others = [a for a in to_addrs if a not in index.me]
    by_domain: tuple[str, tuple[int, int | None, bool]] | None = None
    for addr in others:
        found = match_address(index, addr)
        if found is None:
            continue
        if found[1] is not None:  # a contact beats a domain match
            return MessageMatch(True, found[0], found[1], found[2], addr)
        if by_domain is None:
            by_domain = (addr, found)
    if by_domain is not None:
        addr, found = by_domain
        return MessageMatch(True, found[0], None, False, addr)
    return MessageMatch(True, counterpart=others[0] if others else "")


# Public mail services: their domain says nothing about whose mail it is, so it is never
# added to a client (the sender is added as a contact instead).
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yandex.ru",
        "ya.ru",
        "yandex.com",
        "mail.ru",
        "bk.ru",
        "inbox.ru",
        "list.ru",
        "internet.ru",
        "rambler.ru",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "aol.com",
    }
)


def address_domain(addr: str) -> str:
    """The domain of an address ("" when there is none), lower case."""
    return addr.rpartition("@")[2].strip().lower() if "@" in addr else ""


def is_public_mail_domain(domain: str) -> bool:
    return any(d in PUBLIC_MAIL_DOMAINS for d in domain_chain(domain.lower()))


NO_RULES = 8203414616412130826  # rules_fingerprint([]): the sha256 of nothing, as below


def rules_fingerprint(rules: Iterable[Any]) -> int:
    """A number that changes whenever a `[[mail.rule]]` changes (63 bits: it is kept in a
    BIGINT column).  `rules` are domain.triage.Rule tuples."""
    rules = list(rules)
    if not rules:  # most mailboxes: no rules, and no need to load OpenSSL (~4 ms) to say so
        return NO_RULES
    import hashlib

    parts = [
        repr(
            (
                rule.number,
                [(key, p.pattern, p.flags) for key, p in rule.patterns],
                (rule.client, rule.category, rule.priority, rule.state),
            )
        )
        for rule in rules
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def rematched(found: MessageMatch, rule_client: int | None) -> tuple[int | None, int | None]:
    """(client, contact) of a message matched again: a rule's client wins over the address
    match (keeping the contact only when it is that client's)."""
    if rule_client is None:
        return found.client_id, found.contact_id
    return rule_client, found.contact_id if found.client_id == rule_client else None
