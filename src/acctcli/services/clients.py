"""Clients and contacts: add, edit, status changes, listing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from acctcli.domain.cadence import parse_cadence
from acctcli.domain.calls import parse_hours, parse_max_gap
from acctcli.domain.clients import (
    Client,
    Contact,
    check_transition,
    clean_channel,
    clean_domain,
    clean_email,
    clean_name,
    clean_service,
    name_key,
)
from acctcli.domain.money import to_minor
from acctcli.errors import Conflict, Invalid
from acctcli.store.db import Database, IntegrityError
from acctcli.store.repo import find_client_id, load_client, load_clients, visible_client_ids


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
    values: dict = {}
    if fields.name is not None:
        values["name"] = clean_name(fields.name)
        values["name_key"] = name_key(values["name"])
    if fields.cadence is not None:
        values["cadence"] = parse_cadence(fields.cadence).spec
    if fields.channel is not None:
        values["channel"] = clean_channel(fields.channel)
    if fields.owner is not None:
        owner = fields.owner.strip()
        if not owner:
            raise Invalid("the owner is empty")
        values["owner"] = owner
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


def _write_services(db: Database, client_id: int, fees: Mapping[str, Decimal | None]) -> None:
    db.execute("DELETE FROM client_service WHERE client_id = :c", {"c": client_id})
    db.executemany(
        "INSERT INTO client_service (client_id, service, fee_minor) VALUES (:c, :s, :f)",
        [
            {"c": client_id, "s": s, "f": None if f is None else to_minor(f)}
            for s, f in fees.items()
        ],
    )


def _write_domains(db: Database, client_id: int, domains: Sequence[str]) -> None:
    cleaned = list(dict.fromkeys(clean_domain(d) for d in domains))
    db.execute("DELETE FROM client_domain WHERE client_id = :c", {"c": client_id})
    for domain in cleaned:
        owner = db.one(
            "SELECT c.name FROM client_domain d JOIN client c ON c.id = d.client_id "
            "WHERE d.domain = :d",
            {"d": domain},
        )
        if owner is not None:
            raise Conflict(f"the domain {domain} already belongs to {owner[0]}")
        db.execute(
            "INSERT INTO client_domain (client_id, domain) VALUES (:c, :d)",
            {"c": client_id, "d": domain},
        )


def _rematch(db: Database) -> None:
    """New contacts and domains claim the mail that arrived before them."""
    from acctcli.services.mail.matching import rematch_unmatched

    rematch_unmatched(db)


def _check_unique_name(db: Database, key: str, client_id: int | None = None) -> None:
    row = db.one("SELECT id, name FROM client WHERE name_key = :k", {"k": key})
    if row is not None and row[0] != client_id:
        raise Conflict(f"a client named {row[1]!r} already exists")


def add_client(db: Database, fields: ClientFields, *, today: date, now: datetime) -> Client:
    if fields.name is None:
        raise Invalid("the client name is empty")
    values = _validated(fields)
    values.setdefault("since", today)
    fees = _service_fees(fields, {})
    with db.transaction():
        _check_unique_name(db, values["name_key"])
        try:
            client_id = db.insert(
                "INSERT INTO client (name, name_key, since, cadence, channel, owner, max_gap,"
                " hours, created_at) VALUES (:name, :name_key, :since, :cadence, :channel,"
                " :owner, :max_gap, :hours, :now)",
                {
                    "cadence": None,
                    "channel": None,
                    "max_gap": None,
                    "hours": None,
                    **values,
                    "now": now,
                },
            )
        except IntegrityError:
            raise Conflict(f"a client named {values['name']!r} already exists") from None
        db.execute(
            "INSERT INTO client_status (client_id, status, on_date, created_at)"
            " VALUES (:c, 'active', :on, :now)",
            {"c": client_id, "on": values["since"], "now": now},
        )
        _write_services(db, client_id, fees)
        _write_domains(db, client_id, fields.domains or ())
        if fields.domains:
            _rematch(db)
    return load_clients(db, today, [client_id])[0]


def edit_client(db: Database, ref: str, fields: ClientFields, *, today: date) -> Client:
    values = _validated(fields)
    with db.transaction():
        client = load_client(db, ref, today)
        if "name_key" in values:
            _check_unique_name(db, values["name_key"], client.id)
        if "since" in values and client.history and values["since"] > client.history[0].on:
            first = client.history[0]
            if len(client.history) > 1:
                raise Invalid(
                    f"--since {values['since']} is after {client.name}'s first status change "
                    f"({first.status} on {first.on})"
                )
        if values:
            assignments = ", ".join(f"{k} = :{k}" for k in values)
            db.execute(
                f"UPDATE client SET {assignments} WHERE id = :id", {**values, "id": client.id}
            )
            if "since" in values and len(client.history) == 1:
                db.execute(
                    "UPDATE client_status SET on_date = :on WHERE client_id = :c",
                    {"on": values["since"], "c": client.id},
                )
        if fields.services is not None or fields.fees:
            _write_services(db, client.id, _service_fees(fields, client.fees))
        if fields.domains is not None:
            _write_domains(db, client.id, fields.domains)
            _rematch(db)
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
        raise Invalid("a churn needs a reason (--reason)")
    with db.transaction():
        client = load_client(db, ref, max(today, on))
        check_transition(client, status, on)
        db.execute(
            "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
            " VALUES (:c, :s, :on, :r, :now)",
            {
                "c": client.id,
                "s": status,
                "on": on,
                "r": reason.strip() if reason else None,
                "now": now,
            },
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
    user = to_user.strip()
    if not user:
        raise Invalid("--to needs the account manager's user name")
    if until is not None and until < today:
        raise Invalid(f"--until {until.isoformat()} is in the past")
    with db.transaction():
        client = load_client(db, ref, today)
        if user == client.owner:
            raise Conflict(f"{client.name} already belongs to {user}")
        if until is None:
            db.execute("UPDATE client SET owner = :u WHERE id = :c", {"u": user, "c": client.id})
        # a new handover replaces any running one
        db.execute(
            "UPDATE client_handover SET until = :y WHERE client_id = :c"
            " AND (until IS NULL OR until >= :d)",
            {"y": today - timedelta(days=1), "c": client.id, "d": today},
        )
        if until is not None:
            db.execute(
                "INSERT INTO client_handover (client_id, from_user, to_user, from_date, until,"
                " created_at) VALUES (:c, :f, :t, :d, :u, :now)",
                {"c": client.id, "f": client.owner, "t": user, "d": today, "u": until, "now": now},
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


def add_contact(db: Database, client_ref: str, fields: ContactFields, *, now: datetime) -> Contact:
    name = clean_name(fields.name, "contact name")
    email = clean_email(fields.email) if fields.email else None
    phone = fields.phone.strip() if fields.phone else None
    if phone is not None and not any(ch.isdigit() for ch in phone):
        raise Invalid(f"bad phone number {fields.phone!r}")
    with db.transaction():
        client_id, client_name = find_client_id(db, client_ref)
        if fields.urgent:
            db.execute(
                "UPDATE contact SET urgent = :f WHERE client_id = :c", {"f": False, "c": client_id}
            )
        try:
            contact_id = db.insert(
                "INSERT INTO contact (client_id, name, email, phone, messenger, role, urgent,"
                " created_at) VALUES (:c, :n, :e, :p, :m, :r, :u, :now)",
                {
                    "c": client_id,
                    "n": name,
                    "e": email,
                    "p": phone,
                    "m": fields.messenger.strip() if fields.messenger else None,
                    "r": fields.role.strip() if fields.role else None,
                    "u": fields.urgent,
                    "now": now,
                },
            )
        except IntegrityError:
            raise Conflict(f"{client_name} already has a contact named {name!r}") from None
        if email:
            _rematch(db)
    return Contact(contact_id, name, email, phone, fields.messenger, fields.role, fields.urgent)
