"""Clients and contacts: add, edit, status changes, listing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from acctcli.domain.clients import (
    Client,
    Contact,
    check_transition,
    clean_channel,
    clean_domain,
    clean_email,
    clean_name,
    clean_service,
    clean_user,
    match_names,
    name_key,
)
from acctcli.domain.labels import label
from acctcli.errors import Ambiguous, Conflict, Invalid, NotFound
from acctcli.i18n import _, ngettext
from acctcli.records import NamedTuple
from acctcli.store import clients as store
from acctcli.store.db import Database, IntegrityError
from acctcli.store.repo import find_client_id, load_client, load_clients, visible_client_ids

if TYPE_CHECKING:
    from acctcli.config.mail import MailSettings
    from acctcli.services.mail.matching import Moved


@dataclass(frozen=True)
class ClientFields:
    """What `client add` and `client edit` may set; None means "not given"."""

    name: str | None = None
    services: Sequence[str] | None = None
    fees: Mapping[str, Decimal] | None = None
    since: date | None = None
    cadence: str | None = None
    channel: str | None = None
    domains: Sequence[str] | None = None
    owner: str | None = None
    max_gap: str | None = None
    hours: str | None = None
    fees_on: date | None = None  # the day the fees given take effect (default: today)
    costs: Mapping[str, Decimal] | None = None  # monthly costs of serving services (issue 20)
    reports: str | None = None  # the report schedule, a cadence spec ("none": no reports)


def _fee_changes(
    before: Mapping[str, Decimal | None], after: Mapping[str, Decimal | None]
) -> dict[str, Decimal | None]:
    """What the fee history must record: changed or new fees, and None for a dropped fee."""
    changes: dict[str, Decimal | None] = {
        s: f for s, f in after.items() if before.get(s) != f and not (f is None and s not in before)
    }
    for service, fee in before.items():
        if service not in after and fee is not None:
            changes[service] = None
    return changes


def _service_fees(fields: ClientFields, current: Mapping[str, Decimal | None]) -> dict:
    services = (
        [clean_service(s) for s in fields.services]
        if fields.services is not None
        else list(current)
    )
    fees: dict[str, Decimal | None] = {s: current.get(s) for s in dict.fromkeys(services)}
    for service, fee in (fields.fees or {}).items():
        fees[clean_service(service)] = fee  # a fee for a service not listed adds it
    return fees


def _validated(fields: ClientFields) -> dict:
    # the cadence and hours parsers (and dateutil) only for the commands that write them
    from acctcli.domain.cadence import parse_cadence
    from acctcli.domain.calls import parse_hours, parse_max_gap

    values: dict = {}
    if fields.name is not None:
        values["name"] = clean_name(fields.name)
        values["name_key"] = name_key(values["name"])
    if fields.cadence is not None:
        values["cadence"] = parse_cadence(fields.cadence).spec
    if fields.channel is not None:
        values["channel"] = clean_channel(fields.channel)
    if fields.owner is not None:
        values["owner"] = clean_user(fields.owner, "--owner")
    if fields.since is not None:
        values["since"] = fields.since
    if fields.max_gap is not None:
        gap = fields.max_gap.strip()
        if gap:
            parsed = parse_max_gap(gap, "--max-gap")
            gap = parsed.spec if parsed else "none"
        values["max_gap"] = gap or None
    if fields.hours is not None:
        hours = fields.hours.strip()
        values["hours"] = str(parse_hours(hours, "--hours")) if hours else None
    return values


def _write_domains(db: Database, client_id: int, domains: Sequence[str]) -> None:
    cleaned = list(dict.fromkeys(clean_domain(d) for d in domains))
    store.delete_domains(db, client_id)
    for domain in cleaned:
        owner = store.domain_owner(db, domain)
        if owner is not None:
            raise Conflict(
                _("the domain {domain} already belongs to {owner}").format(
                    domain=domain, owner=owner
                )
            )
        store.insert_domain(db, client_id, domain)


def _rematch(
    db: Database,
    mail: MailSettings | None = None,
    owner: str | None = None,
    contacts: Sequence[int] = (),
) -> list:
    """New contacts and domains claim the mail that arrived before them (unmatched, or open
    and matched only by a domain), and a contact's changed address gives its mail back to
    matching: the messages that moved."""
    from acctcli.services.mail.matching import rematch

    return rematch(db, mail=mail, owner=owner, contacts=contacts)


def _check_unique_name(db: Database, key: str, client_id: int | None = None) -> None:
    row = store.client_named(db, key)
    if row is not None and row["id"] != client_id:
        raise Conflict(_("a client named {name} already exists").format(name=repr(row["name"])))


def add_client(
    db: Database,
    fields: ClientFields,
    *,
    today: date,
    now: datetime,
    mail: MailSettings | None = None,
    owner: str | None = None,
    last_contact: date | None = None,
) -> Client:
    """A new client; `last_contact`: its last contact before acct, logged as a touch of kind
    `contact` (otherwise a new client is due now, never contacted)."""
    if fields.name is None:
        raise Invalid(_("the client name is empty"))
    values = _validated(fields)
    values.setdefault("since", today)
    _check_last_contact(last_contact, values["since"], today, since_given=fields.since is not None)
    fees = _service_fees(fields, {})
    with db.transaction():
        _check_unique_name(db, values["name_key"])
        try:
            client_id = store.insert_client(db, values, now=now)
        except IntegrityError:
            raise Conflict(
                _("a client named {name} already exists").format(name=repr(values["name"]))
            ) from None
        store.insert_status(db, client_id, "active", on=values["since"], now=now)
        store.replace_services(db, client_id, fees)
        store.insert_fees(
            db,
            client_id,
            {s: f for s, f in fees.items() if f is not None},
            on=values["since"],
            now=now,
        )
        _write_domains(db, client_id, fields.domains or ())
        if last_contact is not None:
            from acctcli.store.calls import insert_touch

            insert_touch(
                db,
                client_id=client_id,
                contact_id=None,
                channel=values.get("channel") or "phone",
                at=datetime.combine(last_contact, time(12, 0)),
                note=None,
                next_date=None,
                source="earlier",
                logged_by=owner,
                kind="contact",
            )
        if fields.domains:
            _rematch(db, mail, owner)
        _write_reports(db, client_id, fields.reports, today, now)
    return load_clients(db, today, [client_id])[0]


def _write_reports(
    db: Database, client_id: int, spec: str | None, today: date, now: datetime | None
) -> None:
    if spec is not None:
        from acctcli.services.reports import set_report_schedule

        set_report_schedule(db, client_id, spec, agreed_on=today, now=now or datetime.now())


def _check_last_contact(
    day: date | None, since: date, today: date, *, since_given: bool = True
) -> None:
    if day is None:
        return
    if day > today:
        raise Invalid(
            _("--last-contact {day} is in the future").format(day=day.isoformat()),
        )
    if day < since:
        raise Invalid(
            _("--last-contact {day} is before the client's start ({since})").format(
                day=day.isoformat(), since=since.isoformat()
            ),
            # without --since the client starts today: say how to give the real start
            None
            if since_given
            else _("a client from before acct: give the day the work began, --since DATE"),
        )


def edit_client(
    db: Database,
    ref: str,
    fields: ClientFields,
    *,
    today: date,
    mail: MailSettings | None = None,
    owner: str | None = None,
    now: datetime | None = None,
) -> Client:
    values = _validated(fields)
    if (
        fields.fees_on is not None
        and fields.fees is None
        and fields.services is None
        and fields.costs is None
    ):
        raise Invalid(_("--on dates a fee change: give --fee SERVICE=AMOUNT too"))
    with db.transaction():
        client = load_client(db, ref, today)
        if "name_key" in values:
            _check_unique_name(db, values["name_key"], client.id)
        if "since" in values and client.history and values["since"] > client.history[0].on:
            first = client.history[0]
            if len(client.history) > 1:
                raise Invalid(
                    _(
                        "--since {since} is after {client}'s first status change "
                        "({status} on {day})"
                    ).format(
                        since=values["since"],
                        client=client.name,
                        status=label("status", first.status),
                        day=first.on,
                    )
                )
        if values:
            store.update_client(db, client.id, values)
            if "since" in values and len(client.history) == 1:
                store.move_only_status(db, client.id, values["since"])
            if "since" in values and values["since"] != client.since:
                # the fees set from the start move with it (the start was corrected)
                store.move_fees(db, client.id, client.since, values["since"])
        if fields.services is not None or fields.fees:
            fees = _service_fees(fields, client.fees)
            store.replace_services(db, client.id, fees)
            store.insert_fees(
                db,
                client.id,
                _fee_changes(client.fees, fees),
                on=fields.fees_on or today,
                now=now or datetime.now(),
            )
        if fields.costs:
            store.insert_costs(
                db,
                client.id,
                {clean_service(s): c for s, c in fields.costs.items()},
                on=fields.fees_on or today,
                now=now or datetime.now(),
            )
        if fields.domains is not None:
            _write_domains(db, client.id, fields.domains)
            _rematch(db, mail, owner)
        _write_reports(db, client.id, fields.reports, today, now)
    return load_clients(db, today, [client.id])[0]


def change_status(
    db: Database,
    ref: str,
    status: str,
    *,
    on: date,
    today: date,
    now: datetime,
    reason: str | None = None,
) -> Client:
    """pause / resume / churn (and, for onboarding, `onboarding`), kept as dated history."""
    if status == "churned" and not (reason and reason.strip()):
        raise Invalid(_("a churn needs a reason (--reason)"))
    with db.transaction():
        client = load_client(db, ref, max(today, on))
        check_transition(client, status, on)
        store.insert_status(
            db, client.id, status, on=on, now=now, reason=reason.strip() if reason else None
        )
    return load_clients(db, today, [client.id])[0]


def list_clients(
    db: Database, *, today: date, include_all: bool, owner: str | None
) -> list[Client]:
    """Clients sorted by name; churned ones only with `include_all`; those `owner` sees
    (own and handed over to them) unless None."""
    visible = visible_client_ids(db, owner, today)
    clients = load_clients(db, today, None if visible is None else sorted(visible))
    return [c for c in clients if include_all or c.status != "churned"]


def handover(
    db: Database, ref: str, to_user: str, *, today: date, until: date | None, now: datetime
) -> tuple[Client, str]:
    """Hand a client to another manager: until a date (holidays) or for good (no date).
    Gives the client and the previous owner."""
    user = clean_user(to_user, "--to")
    if until is not None and until < today:
        raise Invalid(_("--until {until} is in the past").format(until=until.isoformat()))
    with db.transaction():
        client = load_client(db, ref, today)
        if user == client.owner:
            raise Conflict(
                _("{client} already belongs to {user}").format(client=client.name, user=user)
            )
        if until is None:
            store.set_owner(db, client.id, user)
        # a new handover replaces any running one
        store.end_running_handovers(db, client.id, today)
        if until is not None:
            store.insert_handover(
                db,
                client.id,
                from_user=client.owner,
                to_user=user,
                from_date=today,
                until=until,
                now=now,
            )
    return load_clients(db, today, [client.id])[0], client.owner


@dataclass(frozen=True)
class ContactFields:
    name: str
    email: str | None = None
    phone: str | None = None
    messenger: str | None = None
    role: str | None = None
    urgent: bool = False


class ContactChange(NamedTuple):
    """A contact as added or edited, and the mail that moved to its client with it."""

    contact: Contact
    client: str
    moved: list[Moved]


def _clean_phone(phone: str | None) -> str | None:
    value = phone.strip() if phone else None
    if value is not None and not any(ch.isdigit() for ch in value):
        raise Invalid(_("bad phone number {phone}").format(phone=repr(phone)))
    return value


def add_contact(
    db: Database,
    client_ref: str,
    fields: ContactFields,
    *,
    now: datetime,
    mail: MailSettings | None = None,
    owner: str | None = None,
) -> ContactChange:
    name = clean_name(fields.name, "contact name")
    email = clean_email(fields.email) if fields.email else None
    phone = _clean_phone(fields.phone)
    moved: list[Moved] = []
    with db.transaction():
        client_id, client_name = find_client_id(db, client_ref)
        if email:
            _check_email_free(db, email)
        if fields.urgent:
            store.clear_urgent_contact(db, client_id)
        try:
            contact_id = store.insert_contact(
                db,
                client_id,
                name=name,
                email=email,
                phone=phone,
                messenger=fields.messenger.strip() if fields.messenger else None,
                role=fields.role.strip() if fields.role else None,
                urgent=fields.urgent,
                now=now,
            )
        except IntegrityError:
            raise Conflict(
                _("{client} already has a contact named {name}").format(
                    client=client_name, name=repr(name)
                )
            ) from None
        if email:
            moved = _rematch(db, mail, owner)
    contact = Contact(contact_id, name, email, phone, fields.messenger, fields.role, fields.urgent)
    return ContactChange(contact, client_name, moved)


@dataclass(frozen=True)
class ContactEdit:
    """What `contact edit` may change; None means "not given", "" clears a detail."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    messenger: str | None = None
    role: str | None = None
    urgent: bool | None = None


def _check_email_free(db: Database, email: str, contact_id: int | None = None) -> None:
    """One address, one contact: otherwise whose mail it is would depend on which came first."""
    other = store.contact_with_email(db, email)
    if other is not None and int(other["id"]) != contact_id:
        raise Conflict(
            # TRANSLATORS: "i.volkova@stroymarket.ru is already the address of Ирина Волкова
            # (СтройМаркет)"
            _("{email} is already the address of {name} ({client})").format(
                email=email, name=other["name"], client=other["client"]
            ),
            _("change or clear that contact's address first: acct contact edit"),
        )


def _contact_values(edit: ContactEdit) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if edit.name is not None:
        values["name"] = clean_name(edit.name, "contact name")
    if edit.email is not None:
        values["email"] = clean_email(edit.email) if edit.email.strip() else None
    if edit.phone is not None:
        values["phone"] = _clean_phone(edit.phone) or None
    for key in ("messenger", "role"):
        value = getattr(edit, key)
        if value is not None:
            values[key] = value.strip() or None
    if edit.urgent is not None:
        values["urgent"] = edit.urgent
    return values


def _find_contact(db: Database, client_id: int, client: str, ref: str) -> Any:
    """A client's contact by exact name (any case) or unique prefix: its row."""
    rows = store.client_contacts(db, client_id)
    found = [rows[n] for n in match_names([str(r["name"]) for r in rows], ref)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            _("{client} has no contact named {name}").format(client=client, name=repr(ref)),
            _("see: acct contact list {client}").format(client=client),
        )
    raise Ambiguous(
        _("{ref} matches several contacts of {client}: {names}").format(
            ref=repr(ref), client=client, names=", ".join(str(r["name"]) for r in found)
        )
    )


def _contact(row: Any, values: dict[str, Any]) -> Contact:
    def value(key: str) -> Any:
        return values[key] if key in values else row[key]

    return Contact(
        int(row["id"]),
        value("name"),
        value("email"),
        value("phone"),
        value("messenger"),
        value("role"),
        bool(value("urgent")),
    )


def edit_contact(
    db: Database,
    client_ref: str,
    ref: str,
    edit: ContactEdit,
    *,
    mail: MailSettings | None = None,
    owner: str | None = None,
) -> ContactChange:
    """Change a contact's details; a new address claims the mail that came from it."""
    values = _contact_values(edit)
    if not values:
        raise Invalid(
            _("nothing to change"),
            _("give --name, --email, --phone, --messenger, --role or --urgent/--no-urgent"),
        )
    moved: list[Moved] = []
    with db.transaction():
        client_id, client = find_client_id(db, client_ref)
        row = _find_contact(db, client_id, client, ref)
        if values.get("email"):
            _check_email_free(db, values["email"], int(row["id"]))
        name = values.get("name", row["name"])
        if name_key(name) != name_key(str(row["name"])) and any(
            name_key(str(r["name"])) == name_key(name) for r in store.client_contacts(db, client_id)
        ):
            raise Conflict(
                _("{client} already has a contact named {name}").format(
                    client=client, name=repr(name)
                )
            )
        if values.get("urgent"):
            store.clear_urgent_contact(db, client_id)
        try:
            store.update_contact(db, int(row["id"]), values)
        except IntegrityError:
            raise Conflict(
                _("{client} already has a contact named {name}").format(
                    client=client, name=repr(name)
                )
            ) from None
        if "email" in values and values["email"] != row["email"]:
            moved = _rematch(db, mail, owner, contacts=[int(row["id"])])
    return ContactChange(_contact(row, values), client, moved)


class ContactRemoved(NamedTuple):
    name: str
    client: str
    touches: int
    messages: int


def remove_contact(db: Database, client_ref: str, ref: str, *, force: bool) -> ContactRemoved:
    """Remove a contact; while touches or mail refer to it, only with `force` (they stay,
    without the contact)."""
    with db.transaction():
        client_id, client = find_client_id(db, client_ref)
        row = _find_contact(db, client_id, client, ref)
        use = store.contact_use(db, int(row["id"]))
        if (use.touches or use.messages) and not force:
            # TRANSLATORS: "3 touches and 5 messages refer to Ирина Волкова"
            raise Conflict(
                _("{touches} and {messages} refer to {name}").format(
                    touches=ngettext("{n} touch", "{n} touches", use.touches).format(n=use.touches),
                    messages=ngettext("{n} message", "{n} messages", use.messages).format(
                        n=use.messages
                    ),
                    name=row["name"],
                ),
                _("--force removes the contact and keeps them, without it"),
            )
        store.delete_contact(db, int(row["id"]))
    return ContactRemoved(str(row["name"]), client, use.touches, use.messages)
