"""The SQL of clients and contacts: names, fees, domains, status history, handovers.

Reads give rows (mapped by column name); store/repo.py turns them into domain clients.
Writes run inside the caller's transaction.  Money is Decimal here, kopecks in the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from acctcli.domain.money import to_minor
from acctcli.records import NamedTuple
from acctcli.store.db import Database

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

# the columns `client edit` may set (update_client refuses any other name)
CLIENT_COLUMNS = frozenset(
    {"name", "name_key", "since", "cadence", "channel", "owner", "max_gap", "hours"}
)

# --- reads ---------------------------------------------------------------------------------


def client_named(db: Database, key: str) -> Any | None:
    """The client (id, name) whose name key is exactly `key`, or None."""
    return db.one("SELECT id, name FROM client WHERE name_key = :k", {"k": key})


def clients_with_prefix(db: Database, ref: str) -> list[Any]:
    """Clients (id, name) that `ref` names loosely — equal with ё read as е, else a prefix
    (compared in Python: LIKE would read a `%` or `_` in a name as a wildcard)."""
    from acctcli.domain.clients import match_names

    rows = db.all("SELECT id, name, name_key FROM client")
    return [rows[n] for n in match_names([str(r["name"]) for r in rows], ref)]


def any_client(db: Database) -> bool:
    return bool(db.scalar("SELECT 1 FROM client LIMIT 1"))


class ClientRecords(NamedTuple):
    """Rows of everything that makes up clients, each list in its display order."""

    clients: list[Any]  # id, name, since, owner, cadence, channel, max_gap, hours
    fees: list[Any]  # client_id, service, fee_minor
    domains: list[Any]  # client_id, domain
    contacts: list[Any]  # client_id, id, name, email, phone, messenger, role, urgent
    history: list[Any]  # client_id, status, on_date, reason


def client_records(
    db: Database,
    ids: Sequence[int] | None = None,
    *,
    visible: tuple[str, dict[str, Any]] | None = None,
    lean: bool = False,
) -> ClientRecords:
    """The rows of the clients with these ids (None: every client), or of those `visible`
    admits (SQL on `client c`, as store.repo.visible_clause gives), one query per table.
    `lean` leaves out fees and domains (a call list needs neither)."""
    where = ""
    params: dict[str, Any] = {}
    if visible is not None:
        sql, params = visible
        where = f" WHERE client_id IN (SELECT c.id FROM client c WHERE {sql})"
    elif ids is not None:
        if not ids:
            return ClientRecords([], [], [], [], [])
        marks = ", ".join(f":i{n}" for n in range(len(ids)))
        where = f" WHERE client_id IN ({marks})"
        params = {f"i{n}": v for n, v in enumerate(ids)}
    fees = (
        []
        if lean
        else db.all(
            f"SELECT client_id, service, fee_minor FROM client_service{where} ORDER BY id", params
        )
    )
    domains = (
        []
        if lean
        else db.all(f"SELECT client_id, domain FROM client_domain{where} ORDER BY id", params)
    )
    contacts = db.all(
        "SELECT client_id, id, name, email, phone, messenger, role, urgent "
        f"FROM contact{where} ORDER BY urgent DESC, id",
        params,
    )
    history = db.all(
        f"SELECT client_id, status, on_date, reason FROM client_status{where} ORDER BY on_date, id",
        params,
    )
    clients = db.all(
        "SELECT id, name, since, owner, cadence, channel, max_gap, hours "
        f"FROM client{where.replace('client_id', 'id', 1)}",
        params,
    )
    return ClientRecords(clients, fees, domains, contacts, history)


def domain_owner(db: Database, domain: str) -> str | None:
    """The name of the client a domain belongs to, or None."""
    row = db.one(
        "SELECT c.name FROM client_domain d JOIN client c ON c.id = d.client_id "
        "WHERE d.domain = :d",
        {"d": domain},
    )
    return None if row is None else str(row["name"])


# --- writes --------------------------------------------------------------------------------


def insert_client(db: Database, values: Mapping[str, Any], *, now: datetime) -> int:
    """A new client row from `values` (name, name_key, since; optional cadence, channel,
    owner, max_gap, hours): its id."""
    return db.insert(
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


def update_client(db: Database, client_id: int, values: Mapping[str, Any]) -> None:
    """Set some of CLIENT_COLUMNS on one client."""
    unknown = set(values) - CLIENT_COLUMNS
    if unknown:
        raise ValueError(f"not client columns: {sorted(unknown)}")
    assignments = ", ".join(f"{k} = :{k}" for k in values)
    db.execute(f"UPDATE client SET {assignments} WHERE id = :id", {**values, "id": client_id})


def insert_status(
    db: Database,
    client_id: int,
    status: str,
    *,
    on: date,
    now: datetime,
    reason: str | None = None,
) -> None:
    db.execute(
        "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
        " VALUES (:c, :s, :on, :r, :now)",
        {"c": client_id, "s": status, "on": on, "r": reason, "now": now},
    )


def move_only_status(db: Database, client_id: int, on: date) -> None:
    """Re-date a client's status history when it holds a single change (a corrected start)."""
    db.execute(
        "UPDATE client_status SET on_date = :on WHERE client_id = :c", {"on": on, "c": client_id}
    )


def replace_services(db: Database, client_id: int, fees: Mapping[str, Decimal | None]) -> None:
    """The client's services become exactly `fees` (service → monthly fee or None)."""
    db.execute("DELETE FROM client_service WHERE client_id = :c", {"c": client_id})
    db.executemany(
        "INSERT INTO client_service (client_id, service, fee_minor) VALUES (:c, :s, :f)",
        [
            {"c": client_id, "s": s, "f": None if f is None else to_minor(f)}
            for s, f in fees.items()
        ],
    )


def add_service(db: Database, client_id: int, service: str, fee: Decimal | None) -> None:
    """Give the client `service` if it has not got it; with a fee, that fee."""
    params = {"c": client_id, "s": service, "f": None if fee is None else to_minor(fee)}
    if db.one("SELECT 1 FROM client_service WHERE client_id = :c AND service = :s", params):
        if fee is not None:
            db.execute(
                "UPDATE client_service SET fee_minor = :f WHERE client_id = :c AND service = :s",
                params,
            )
    else:
        db.execute(
            "INSERT INTO client_service (client_id, service, fee_minor) VALUES (:c, :s, :f)",
            params,
        )


def move_fees(db: Database, client_id: int, old: date, new: date) -> None:
    """Re-date the fee changes set on `old` (the client's former start) to `new`."""
    db.execute(
        "UPDATE client_fee SET on_date = :new WHERE client_id = :c AND on_date = :old",
        {"c": client_id, "old": old, "new": new},
    )


def insert_fees(
    db: Database,
    client_id: int,
    fees: Mapping[str, Decimal | None],
    *,
    on: date,
    now: datetime,
) -> None:
    """Date fee changes in the fee history (service → the fee from `on`, None: none)."""
    db.executemany(
        "INSERT INTO client_fee (client_id, service, on_date, fee_minor, created_at)"
        " VALUES (:c, :s, :on, :f, :now)",
        [
            {"c": client_id, "s": s, "on": on, "f": None if f is None else to_minor(f), "now": now}
            for s, f in fees.items()
        ],
    )


def insert_costs(
    db: Database,
    client_id: int,
    costs: Mapping[str, Decimal | None],
    *,
    on: date,
    now: datetime,
) -> None:
    """Date cost changes in the cost history (service → the monthly cost from `on`)."""
    db.executemany(
        "INSERT INTO client_cost (client_id, service, on_date, cost_minor, created_at)"
        " VALUES (:c, :s, :on, :f, :now)",
        [
            {"c": client_id, "s": s, "on": on, "f": None if f is None else to_minor(f), "now": now}
            for s, f in costs.items()
        ],
    )


def delete_domains(db: Database, client_id: int) -> None:
    db.execute("DELETE FROM client_domain WHERE client_id = :c", {"c": client_id})


def insert_domain(db: Database, client_id: int, domain: str) -> None:
    db.execute(
        "INSERT INTO client_domain (client_id, domain) VALUES (:c, :d)",
        {"c": client_id, "d": domain},
    )


def set_owner(db: Database, client_id: int, owner: str) -> None:
    db.execute("UPDATE client SET owner = :u WHERE id = :c", {"u": owner, "c": client_id})


def end_running_handovers(db: Database, client_id: int, today: date) -> None:
    """Handovers of the client still running on `today` end yesterday."""
    db.execute(
        "UPDATE client_handover SET until = :y WHERE client_id = :c"
        " AND (until IS NULL OR until >= :d)",
        {"y": today - timedelta(days=1), "c": client_id, "d": today},
    )


def insert_handover(
    db: Database,
    client_id: int,
    *,
    from_user: str,
    to_user: str,
    from_date: date,
    until: date,
    now: datetime,
) -> None:
    db.execute(
        "INSERT INTO client_handover (client_id, from_user, to_user, from_date, until,"
        " created_at) VALUES (:c, :f, :t, :d, :u, :now)",
        {"c": client_id, "f": from_user, "t": to_user, "d": from_date, "u": until, "now": now},
    )


def clear_urgent_contact(db: Database, client_id: int) -> None:
    """No contact of the client is the urgent one any more."""
    db.execute("UPDATE contact SET urgent = :f WHERE client_id = :c", {"f": False, "c": client_id})


def insert_contact(
    db: Database,
    client_id: int,
    *,
    name: str,
    email: str | None,
    phone: str | None,
    messenger: str | None,
    role: str | None,
    urgent: bool,
    now: datetime,
) -> int:
    return db.insert(
        "INSERT INTO contact (client_id, name, email, phone, messenger, role, urgent,"
        " created_at) VALUES (:c, :n, :e, :p, :m, :r, :u, :now)",
        {
            "c": client_id,
            "n": name,
            "e": email,
            "p": phone,
            "m": messenger,
            "r": role,
            "u": urgent,
            "now": now,
        },
    )


# the columns `contact edit` may set (update_contact refuses any other name)
CONTACT_COLUMNS = frozenset({"name", "email", "phone", "messenger", "role", "urgent"})


def contact_with_email(db: Database, email: str) -> Any | None:
    """The contact (id, name, client) whose address this is, any case, or None."""
    return db.one(
        "SELECT k.id AS id, k.name AS name, c.name AS client FROM contact k"
        " JOIN client c ON c.id = k.client_id WHERE lower(k.email) = :e ORDER BY k.id",
        {"e": email.lower()},
    )


def client_contacts(db: Database, client_id: int) -> list[Any]:
    """A client's contacts: id, name, email, phone, messenger, role, urgent."""
    return db.all(
        "SELECT id, name, email, phone, messenger, role, urgent FROM contact"
        " WHERE client_id = :c ORDER BY id",
        {"c": client_id},
    )


def update_contact(db: Database, contact_id: int, values: Mapping[str, Any]) -> None:
    """Set some of CONTACT_COLUMNS on one contact."""
    unknown = set(values) - CONTACT_COLUMNS
    if unknown:
        raise ValueError(f"not contact columns: {sorted(unknown)}")
    if values:
        assignments = ", ".join(f"{k} = :{k}" for k in values)
        db.execute(f"UPDATE contact SET {assignments} WHERE id = :id", {**values, "id": contact_id})


class ContactUse(NamedTuple):
    touches: int
    messages: int


def contact_use(db: Database, contact_id: int) -> ContactUse:
    """How many touches and messages refer to a contact."""
    params = {"k": contact_id}
    return ContactUse(
        int(db.scalar("SELECT COUNT(*) FROM touch WHERE contact_id = :k", params) or 0),
        int(db.scalar("SELECT COUNT(*) FROM message WHERE contact_id = :k", params) or 0),
    )


def delete_contact(db: Database, contact_id: int) -> None:
    """Remove a contact; the touches that named it keep its name (touch.contact_name), and
    messages keep their sender's."""
    params = {"k": contact_id}
    db.execute(
        "UPDATE touch SET contact_name = (SELECT name FROM contact WHERE id = :k),"
        " contact_id = NULL WHERE contact_id = :k",
        params,
    )
    from acctcli.store.mail import lock_owners_of

    lock_owners_of(
        db, [int(r["id"]) for r in db.all("SELECT id FROM message WHERE contact_id = :k", params)]
    )
    db.execute("UPDATE message SET contact_id = NULL WHERE contact_id = :k", params)
    db.execute("DELETE FROM contact WHERE id = :k", params)
