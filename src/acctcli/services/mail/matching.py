"""Matching mail again, and by hand.

A client, contact, domain or `[[mail.rule]]` that changes after the mail arrived applies to it:
unmatched messages, and open ones matched only by a domain, are matched again (mail the
manager sent becomes e-mail touches).  A message assigned by hand (`acct mail assign`) keeps
its client: matching again never moves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from acctcli.domain.dates import as_datetime
from acctcli.domain.matching import match_message, rematched, rules_fingerprint
from acctcli.records import NamedTuple
from acctcli.store.db import Database
from acctcli.store.mail import (
    MailTouch,
    Match,
    add_mail_touches,
    client_names,
    match_index,
    rematch_candidates,
    rules_mark,
    set_matches,
    set_rules_mark,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from acctcli.config.mail import MailSettings


class Moved(NamedTuple):
    """A message whose client changed: from (None: unmatched) → to."""

    message_id: int
    was: str | None
    client: str | None  # None: no longer matched (its contact's address changed, `--all`)


def _rule_clients(db: Database, mail: MailSettings) -> dict[str, int]:
    """The clients the rules name; a rule naming no known client sets none here (the import
    reports it)."""
    from acctcli.errors import AcctError
    from acctcli.store.repo import find_client_id

    found: dict[str, int] = {}
    for rule in mail.rules:
        if rule.client and rule.client not in found:
            try:
                found[rule.client] = find_client_id(db, rule.client)[0]
            except AcctError:
                continue
    return found


def rematch(
    db: Database,
    *,
    mail: MailSettings | None = None,
    owner: str | None = None,
    include_all: bool = False,
    contacts: Sequence[int] = (),
) -> list[Moved]:
    """Match mail again (inside the caller's transaction, or in one of its own); give the
    messages whose client changed.  `mail`'s rules apply to `owner`'s messages (all when
    None); without `mail`, by addresses and domains alone.  The mail of `contacts` (whose
    address changed) is matched again too; it, and with `include_all` every message, loses
    its client when nothing matches it any more (never mail assigned by hand)."""
    from acctcli.domain.triage import RuleInput, apply_rules

    with db.transaction():
        rows = rematch_candidates(db, include_all=include_all, contact_ids=contacts)
        if not rows:
            return []
        index = match_index(db, mail.me if mail else frozenset())
        rule_clients = _rule_clients(db, mail) if mail and mail.rules else {}
        names = client_names(db)
        matched: list[Match] = []
        touches: list[MailTouch] = []
        moved: list[Moved] = []
        for r in rows:
            recipients = [a for a in str(r["to_addrs"]).split(", ") if a]
            found = match_message(
                index, str(r["from_addr"]), recipients, sent_folder=bool(r["outgoing"])
            )
            rule_client = None
            if rule_clients and (owner is None or r["owner"] == owner):
                changes = apply_rules(
                    mail.rules,  # type: ignore[union-attr]
                    RuleInput(
                        str(r["from_addr"]),
                        str(r["from_name"]),
                        recipients,
                        str(r["subject"]),
                        str(r["snippet"]),
                    ),
                )
                rule_client = rule_clients.get(str(changes.get("client", "")))
            client_id, contact_id = rematched(found, rule_client)
            if client_id is None:
                # matching again takes a client away only from what was asked to be matched
                # again as a whole: every message, or its contact's address changed
                if r["client_id"] is None or not (include_all or r["contact_id"] in contacts):
                    continue
                matched.append(Match(int(r["id"]), None, None, ""))
                moved.append(Moved(int(r["id"]), names.get(r["client_id"]), None))
                continue
            if (client_id, contact_id) == (r["client_id"], r["contact_id"]):
                continue
            matched.append(Match(int(r["id"]), client_id, contact_id, found.counterpart))
            if client_id != r["client_id"]:
                was = names.get(r["client_id"]) if r["client_id"] is not None else None
                moved.append(Moved(int(r["id"]), was, names.get(client_id, "?")))
            if r["outgoing"] and r["client_id"] is None and r["date"] is not None:
                touches.append(_touch(r, client_id, contact_id))
        set_matches(db, matched)
        add_mail_touches(db, touches)
    return moved


def _touch(r: Any, client_id: int, contact_id: int | None) -> MailTouch:
    return MailTouch(
        client_id, contact_id, as_datetime(r["date"]), r["subject"], r["owner"], int(r["id"])
    )


def rematch_unmatched(db: Database, me: frozenset[str] = frozenset()) -> int:
    """Match mail again by addresses and domains; give how many messages found a client."""
    from acctcli.config.mail import MailSettings

    return len(rematch(db, mail=MailSettings(me=me)))


def rematch_if_rules_changed(db: Database, mail: MailSettings, owner: str) -> list[Moved]:
    """When the `[[mail.rule]]`s differ from those last applied to `owner`'s mail, match it
    again (and remember these rules); otherwise nothing."""
    fingerprint = rules_fingerprint(mail.rules)
    if rules_mark(db, owner) == fingerprint:
        return []
    with db.transaction():
        moved = rematch(db, mail=mail, owner=owner) if mail.rules else []
        set_rules_mark(db, owner, fingerprint)
    return moved


def rematch_now(
    db: Database, *, mail: MailSettings, owner: str, include_all: bool = False
) -> list[Moved]:
    """`acct mail rematch`: match again with the rules of `mail` (remembered as applied)."""
    with db.transaction():
        moved = rematch(db, mail=mail, owner=owner, include_all=include_all)
        set_rules_mark(db, owner, rules_fingerprint(mail.rules))
    return moved


class Assigned(NamedTuple):
    """What `acct mail assign` did."""

    client: str
    messages: list[Moved]  # each message assigned (`was` its client before)
    contacts: list[str]  # addresses added as the client's contacts
    domains: list[str]  # domains added to the client
    moved: list[Moved]  # other mail the new contacts or domains claimed


def sender_of(row: Any) -> str:
    """The other party of a message: who wrote it, or (sent mail) whom it went to."""
    return str(row["counterpart"] if row["outgoing"] else row["from_addr"]).strip().lower()


def assign(
    db: Database,
    ids: Sequence[int],
    client_ref: str,
    *,
    now: datetime,
    add_contact: bool = False,
    add_domain: bool = False,
    mail: MailSettings | None = None,
    owner: str | None = None,
) -> Assigned:
    """Give messages a client by hand (for good: matching again never moves them), and
    optionally make their senders the client's contacts or their domains the client's.
    All or nothing."""
    from acctcli.errors import Invalid, NotFound
    from acctcli.i18n import _
    from acctcli.store.mail import assign_messages, assignable
    from acctcli.store.repo import find_client_id

    ids = list(dict.fromkeys(int(i) for i in ids))
    if not ids:
        raise Invalid(_("no message id given"), _("see the ids with: acct mail list"))
    with db.transaction():
        client_id, client = find_client_id(db, client_ref)
        rows = {int(r["id"]): r for r in assignable(db, ids)}
        for i in ids:
            if i not in rows:
                raise NotFound(
                    _("no message with id {id}").format(id=i),
                    _("see the ids with: acct mail list"),
                )
        ordered = [rows[i] for i in ids]
        contacts = _add_senders(db, client_id, client, ordered, now) if add_contact else []
        domains = _add_domains(db, client_id, client, ordered) if add_domain else []
        by_address = _contact_ids(db, client_id)
        names = client_names(db)
        assigned = []
        touches = []
        for r in ordered:
            contact_id = by_address.get(sender_of(r))
            assigned.append((int(r["id"]), str(r["owner"]), client_id, contact_id))
            if r["outgoing"] and r["client_id"] is None and r["date"] is not None:
                touches.append(_touch(r, client_id, contact_id))
        assign_messages(db, assigned)
        add_mail_touches(db, touches)
        moved = rematch(db, mail=mail, owner=owner) if contacts or domains else []
    messages = [
        Moved(int(r["id"]), names.get(r["client_id"]) if r["client_id"] else None, client)
        for r in ordered
    ]
    return Assigned(client, messages, contacts, domains, moved)


class Offer(NamedTuple):
    """What assigning a message to a client may also do: the sender's address to add as a
    contact, the sender's domain to add to the client (None: nothing to offer)."""

    client: str
    address: str | None
    domain: str | None


def assign_offer(db: Database, message_id: int, client_ref: str) -> Offer:
    """For the triage key: the client named, and what assigning the message could add."""
    from acctcli.domain.matching import address_domain, is_public_mail_domain
    from acctcli.errors import NotFound
    from acctcli.i18n import _
    from acctcli.store.clients import domain_owner
    from acctcli.store.mail import assignable
    from acctcli.store.repo import find_client_id

    client_id, client = find_client_id(db, client_ref)
    rows = assignable(db, [message_id])
    if not rows:
        raise NotFound(_("no message with id {id}").format(id=message_id))
    address = sender_of(rows[0])
    if "@" not in address or address in _contact_ids(db, client_id):
        address = ""
    domain = address_domain(sender_of(rows[0]))
    if not domain or is_public_mail_domain(domain) or domain_owner(db, domain) is not None:
        domain = ""
    return Offer(client, address or None, domain or None)


def all_client_names(db: Database) -> list[str]:
    """Every client's name, sorted (for completing a name typed in triage)."""
    return sorted(client_names(db).values(), key=str.casefold)


def _contact_ids(db: Database, client_id: int) -> dict[str, int]:
    from acctcli.store.clients import client_contacts

    found: dict[str, int] = {}
    for c in client_contacts(db, client_id):
        if c["email"]:
            found.setdefault(str(c["email"]).lower(), int(c["id"]))
    return found


def _add_senders(
    db: Database, client_id: int, client: str, rows: Sequence[Any], now: datetime
) -> list[str]:
    """Each sender not yet a contact of the client becomes one (named as in the mail)."""
    from acctcli.domain.clients import clean_email
    from acctcli.errors import Invalid
    from acctcli.i18n import _
    from acctcli.store.clients import client_contacts, insert_contact

    existing = client_contacts(db, client_id)
    emails = {str(c["email"]).lower() for c in existing if c["email"]}
    taken = {str(c["name"]).casefold() for c in existing}
    added = []
    for r in rows:
        address = sender_of(r)
        if address in emails:
            continue
        if "@" not in address:
            raise Invalid(
                _("message {id} has no sender address to add as a contact").format(id=r["id"])
            )
        email = clean_email(address)
        name = " ".join(str(r["from_name"] if not r["outgoing"] else "").split()) or email
        if name.casefold() in taken:
            name = email
        if name.casefold() in taken:
            raise Invalid(
                _("{client} already has a contact named {name}").format(
                    client=client, name=repr(name)
                )
            )
        insert_contact(
            db,
            client_id,
            name=name,
            email=email,
            phone=None,
            messenger=None,
            role=None,
            urgent=False,
            now=now,
        )
        emails.add(email)
        taken.add(name.casefold())
        added.append(email)
    return added


def _add_domains(db: Database, client_id: int, client: str, rows: Sequence[Any]) -> list[str]:
    """Each sender's domain not yet the client's becomes its (never a public mail service's,
    nor another client's)."""
    from acctcli.domain.matching import address_domain, is_public_mail_domain
    from acctcli.errors import Conflict, Invalid
    from acctcli.i18n import _
    from acctcli.store.clients import domain_owner, insert_domain

    added: list[str] = []
    for r in rows:
        domain = address_domain(sender_of(r))
        if not domain:
            raise Invalid(_("message {id} has no sender domain to add").format(id=r["id"]))
        if domain in added:
            continue
        if is_public_mail_domain(domain):
            raise Invalid(
                _("{domain} is a public mail service, not a client's domain").format(domain=domain),
                _("add the sender as a contact instead: --add-contact"),
            )
        owner = domain_owner(db, domain)
        if owner == client:
            continue
        if owner is not None:
            raise Conflict(
                _("the domain {domain} already belongs to {owner}").format(
                    domain=domain, owner=owner
                )
            )
        insert_domain(db, client_id, domain)
        added.append(domain)
    return added
