"""SQL of the mail: messages, their attachments' names, the e-mail touches mail makes, the
"seen" marks of imported files and the IMAP folders' progress.

Rows come back as the store gives them (`row["column"]`, sqlite3.Row or PgRow); every column
a caller reads is named here with AS, so no caller counts positions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime

from acctcli.records import NamedTuple
from acctcli.store.db import Database, in_marks

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:  # the import path needs matching, `acct today` does not (dataclasses: ~8 ms)
    from acctcli.domain.matching import MatchIndex

# -- messages as listed -------------------------------------------------------------------

_LISTED = (
    "SELECT m.id AS id, m.message_id AS message_id, m.date AS date, m.from_addr AS from_addr,"
    " m.from_name AS from_name, m.to_addrs AS to_addrs, m.subject AS subject,"
    " m.snippet AS snippet, m.client_id AS client_id, c.name AS client,"
    " m.category AS category, m.priority AS priority, m.state AS state,"
    " m.snooze_until AS snooze_until, m.after_hours AS after_hours, m.outgoing AS outgoing,"
    " m.urgent AS urgent_contact, m.source AS source, m.location AS location,"
    " m.shares_id AS shares_id"
    " FROM message m LEFT JOIN client c ON c.id = m.client_id"
)


def listed_messages(
    db: Database,
    states: Sequence[str],
    *,
    owner: str | None = None,
    client_id: int | None = None,
    category: str | None = None,
) -> Iterator[Any]:
    """Messages stored in one of `states` (and of `owner`, `client_id`, `category` when given),
    most urgent first, then newest; rows with the columns of `_LISTED`."""
    marks, params = in_marks("s", states)
    where = [f"m.state IN ({marks})"]
    if owner is not None:
        where.append("m.owner = :owner")
        params["owner"] = owner
    if client_id is not None:
        where.append("m.client_id = :client")
        params["client"] = client_id
    if category is not None:
        where.append("m.category = :category")
        params["category"] = category
    sql = f"{_LISTED} WHERE {' AND '.join(where)} ORDER BY {RANK}"
    return iter(db.execute(sql, params))


# -- the morning, counted and ranked in SQL (a cost that does not grow with the mailbox) --------

# a snoozed message whose day has come shows as new; sent mail still inside its reply window is
# waiting but quiet (domain.triage.shown_state says the same of one message)
_BACK = "(m.state = 'snoozed' AND (m.snooze_until IS NULL OR m.snooze_until <= :day))"
_SHOWN_NEW = f"(m.state = 'new' OR {_BACK})"
_QUIET = "(m.outgoing AND m.date IS NOT NULL AND m.date >= :quiet)"
_VISIBLE = (
    f"(m.state IN ('new', 'needs-reply') OR {_BACK} OR (m.state = 'waiting' AND NOT {_QUIET}))"
)
# the contact's flag, kept on the message by triggers (0010): a column of the index
_URGENT_CONTACT = "m.urgent"
_FIRE_MAIL = "(m.category = 'incident' AND m.client_id IS NOT NULL)"
_SHOWN = {
    "new": _SHOWN_NEW,
    "snoozed": "(m.state = 'snoozed' AND m.snooze_until > :day)",
    "needs-reply": "m.state = 'needs-reply'",
    "waiting": "m.state = 'waiting'",
    "done": "m.state = 'done'",
}

_STORED = {
    "new": "m.state IN ('new', 'snoozed')",
    "snoozed": "m.state = 'snoozed'",
    "needs-reply": "m.state = 'needs-reply'",
    "waiting": "m.state = 'waiting'",
    "done": "m.state = 'done'",
}


class Scope(NamedTuple):
    """Which messages a list or a count is about, as of `day`."""

    day: date
    quiet_after: datetime  # sent on or after this, still inside its reply window
    shown: str | None = None  # a state as shown on the day; None: every open one
    include_all: bool = False
    owner: str | None = None
    client_id: int | None = None
    category: str | None = None

    def where(self) -> tuple[list[str], dict[str, Any]]:
        params: dict[str, Any] = {"day": self.day, "quiet": self.quiet_after}
        where = []
        # the stored states first, as a plain IN: the index skips the done mail of years
        if self.shown is not None:
            where += [_STORED[self.shown], _SHOWN[self.shown]]
        elif not self.include_all:
            where += ["m.state IN ('new', 'needs-reply', 'snoozed', 'waiting')", _VISIBLE]
        chosen, by = _filters(self, "m")
        return where + chosen or ["1 = 1"], {**params, **by}


# the order of every list of mail: the urgent contact's first, then by priority, newest first
RANK = "m.urgent DESC, m.priority DESC, m.date DESC, m.id DESC"


def count_messages(db: Database, scope: Scope) -> int:
    groups = mail_groups(db, scope)
    if groups is not None:
        return sum(g.n for g in groups)
    where, params = scope.where()
    return int(db.scalar(f"SELECT COUNT(*) FROM message m WHERE {' AND '.join(where)}", params))


def ranked_messages(
    db: Database, scope: Scope, *, limit: int | None = None, day_first: bool = False
) -> list[Any]:
    """Messages in `scope`, most urgent first (priority, then newest), at most `limit`; with
    `day_first`, what arrived after hours (and is not urgent) after the rest."""
    if limit is not None:
        groups = mail_groups(db, scope)
        if groups is not None:
            first = _DAY_MAIL if day_first else None
            return _fetch(db, first_ranked(db, scope, groups, _EVERY, first, limit)[0])
    where, params = scope.where()
    order = RANK
    if day_first:
        order = f"(m.after_hours AND NOT ({_FIRE_MAIL} OR {_URGENT_CONTACT})), {order}"
    sql = f"{_LISTED} WHERE {' AND '.join(where)} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return db.all(sql, params)


# -- the morning from the tally ---------------------------------------------------------------
# New and needs-reply mail is counted by mail_tally (kept by triggers, migration 0010); snoozed
# and waiting mail, whose shown state depends on the day, row by row.  Every top-N then walks
# ix_message_morning in order, one "cell" (owner, state, category, after-hours) at a time, only
# where the groups say there is something to find, and stops after N.

_TALLIED = ("new", "needs-reply")
_SCANNED: dict[str | None, tuple[str, ...]] = {
    None: ("snoozed", "waiting"),
    "new": ("snoozed",),
    "snoozed": ("snoozed",),
    "waiting": ("waiting",),
}


class Group(NamedTuple):
    """Open messages alike in all the morning counts and ranks them by, and how many."""

    owner: str
    shown: str  # the state as shown on the day
    state: str  # as stored
    client_id: int | None
    client: str | None
    category: str
    after_hours: bool
    urgent: bool  # from the urgent contact
    linked: bool  # reported an incident: shown under it
    n: int


def _filters(scope: Scope, alias: str) -> tuple[list[str], dict[str, Any]]:
    """The owner, client and category a scope is limited to, as SQL on `alias`."""
    where: list[str] = []
    params: dict[str, Any] = {}
    for column, value in (
        ("owner", scope.owner),
        ("client_id", scope.client_id),
        ("category", scope.category),
    ):
        if value is not None:
            where.append(f"{alias}.{column} = :{column}")
            params[column] = value
    return where, params


def mail_groups(db: Database, scope: Scope) -> list[Group] | None:
    """The open mail of `scope` in groups (see Group), or None for a scope that reaches done
    mail (`--all`, `--state done`), which is counted row by row."""
    if scope.include_all or scope.shown == "done":
        return None
    tallied = [s for s in _TALLIED if scope.shown in (None, s)]
    scanned = _SCANNED.get(scope.shown, ())
    rows: list[Any] = []
    if tallied:
        where, params = _filters(scope, "t")
        marks, states = in_marks("s", tallied)
        rows += db.all(
            "SELECT t.owner AS owner, t.state AS shown, t.state AS state, t.client_id AS client_id,"
            " c.name AS client, t.category AS category, t.after_hours AS after_hours,"
            " t.urgent AS urgent, t.linked AS linked, t.n AS n"
            " FROM mail_tally t LEFT JOIN client c ON c.id = t.client_id"
            f" WHERE {' AND '.join(['t.n > 0', f't.state IN ({marks})', *where])}",
            {**params, **states},
        )
    if scanned:
        where, params = _filters(scope, "m")
        marks, states = in_marks("s", scanned)
        shown = _SHOWN[scope.shown] if scope.shown else _VISIBLE
        rows += db.all(
            "SELECT m.owner AS owner,"
            f" CASE WHEN {_BACK} THEN 'new' ELSE m.state END AS shown, m.state AS state,"
            " COALESCE(m.client_id, 0) AS client_id, c.name AS client, m.category AS category,"
            " m.after_hours AS after_hours, m.urgent AS urgent,"
            " (m.incident_id IS NOT NULL) AS linked, COUNT(*) AS n"
            " FROM message m LEFT JOIN client c ON c.id = m.client_id"
            f" WHERE {' AND '.join([f'm.state IN ({marks})', shown, *where])}"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
            {**params, **states, "day": scope.day, "quiet": scope.quiet_after},
        )
    return [
        Group(
            str(r["owner"]),
            str(r["shown"]),
            str(r["state"]),
            int(r["client_id"]) or None,
            r["client"],
            str(r["category"]),
            bool(r["after_hours"]),
            bool(r["urgent"]),
            bool(r["linked"]),
            int(r["n"]),
        )
        for r in rows
    ]


class Part(NamedTuple):
    """Which of the open messages: as SQL on `m`, and as the same test on a Group."""

    sql: str
    test: Callable[[Group], bool]


def _fire(g: Group) -> bool:
    return g.category == "incident" and g.client_id is not None


_EVERY = Part("1 = 1", lambda g: True)
# working-hours mail, and what is urgent whenever it came: before the rest of the night's
_DAY_MAIL = Part(
    f"NOT (m.after_hours AND NOT ({_FIRE_MAIL} OR {_URGENT_CONTACT}))",
    lambda g: not (g.after_hours and not (_fire(g) or g.urgent)),
)
_URGENT = Part(_URGENT_CONTACT, lambda g: g.urgent)
MORNING_PARTS = {
    # incident mail from clients: a fire
    "fires": Part(
        f"{_FIRE_MAIL} AND m.incident_id IS NULL AND (m.state = 'needs-reply' OR {_SHOWN_NEW})",
        lambda g: _fire(g) and not g.linked and g.shown in ("new", "needs-reply"),
    ),
    # mail to triage (the urgent contact's first, and theirs that needs a reply)
    "top": Part(
        f"NOT {_FIRE_MAIL} AND m.incident_id IS NULL"
        f" AND (({_SHOWN_NEW} AND (NOT m.after_hours OR {_URGENT_CONTACT}))"
        f" OR (m.state = 'needs-reply' AND {_URGENT_CONTACT}))",
        lambda g: (
            not _fire(g)
            and not g.linked
            and (
                (g.shown == "new" and (not g.after_hours or g.urgent))
                or (g.shown == "needs-reply" and g.urgent)
            )
        ),
    ),
    # the rest of what came after hours
    "after_hours": Part(
        f"{_SHOWN_NEW} AND m.after_hours AND NOT {_FIRE_MAIL} AND NOT {_URGENT_CONTACT}"
        " AND m.incident_id IS NULL",
        lambda g: (
            g.shown == "new" and g.after_hours and not _fire(g) and not g.urgent and not g.linked
        ),
    ),
}


def first_ranked(
    db: Database,
    scope: Scope,
    groups: Sequence[Group],
    part: Part,
    first: Part | None,
    limit: int,
) -> tuple[list[int], int]:
    """The ids of the first `limit` messages of `part` in the order of `RANK` (those of
    `first` before the rest), and how many `part` holds — each cell of the index walked in
    order and left after `limit` rows."""
    kept = [g for g in groups if part.test(g)]
    total = sum(g.n for g in kept)
    cells = {
        (
            g.owner,
            g.state,
            g.shown,
            None if g.state in _SCANNED[None] else (g.category, g.after_hours),
            g.urgent,
            first is None or first.test(g),
        )
        for g in kept
    }
    base, params = _filters(scope, "m")
    params.update({"day": scope.day, "quiet": scope.quiet_after, "limit": limit})
    found: list[tuple[bool, bool, int, bool, Any, int]] = []
    nulls_first = not db.is_sqlite  # where `date DESC` puts a message with no date
    for owner, state, shown, cell, urgent, flag in sorted(cells, key=repr):
        where = [
            *base,
            "m.owner = :c_owner",
            "m.state = :c_state",
            "m.urgent = :c_urgent",
            f"({part.sql})",
        ]
        cell_params: dict[str, Any] = {"c_owner": owner, "c_state": state, "c_urgent": urgent}
        if cell is not None:
            where += ["m.category = :c_category", "m.after_hours = :c_after"]
            cell_params.update({"c_category": cell[0], "c_after": cell[1]})
        elif state == "snoozed":
            where.append(_BACK if shown == "new" else "NOT " + _BACK)
        elif scope.shown != "waiting":
            where.append(f"NOT {_QUIET}")
        if first is not None:
            where.append(f"({first.sql})" if flag else f"NOT ({first.sql})")
        for r in db.all(
            f"SELECT m.id AS id, m.priority AS priority, m.date AS date FROM message m"
            f" WHERE {' AND '.join(where)}"
            " ORDER BY m.priority DESC, m.date DESC, m.id DESC LIMIT :limit",
            {**params, **cell_params},
        ):
            when = r["date"]
            has_date = (when is not None) != nulls_first
            found.append((flag, urgent, int(r["priority"]), has_date, when, int(r["id"])))
    found.sort(reverse=True)
    return [f[5] for f in found[:limit]], total


def _fetch(db: Database, ids: Sequence[int]) -> list[Any]:
    """The rows of these messages whole (columns of `_LISTED`), in this order."""
    if not ids:
        return []
    rows = {int(r["id"]): r for r in messages_by_id(db, ids)}
    return [rows[i] for i in ids]


def morning_mail(
    db: Database, scope: Scope, groups: Sequence[Group], part: str, limit: int
) -> tuple[list[Any], int]:
    """The few most urgent of one part of the morning's mail (see MORNING_PARTS; the urgent
    contact's first in "top"), and how many it holds.  Mail linked to an incident is shown
    under it, never here."""
    first = _URGENT if part == "top" else None
    ids, total = first_ranked(db, scope, groups, MORNING_PARTS[part], first, limit)
    return _fetch(db, ids), total


def linked_messages(db: Database, incident_ids: Sequence[int]) -> list[Any]:
    """The messages that reported these incidents, with the columns of `_LISTED` and
    `incident_id`, oldest first."""
    if not incident_ids:
        return []
    marks, params = in_marks("i", incident_ids)
    return db.all(
        f"{_LISTED.replace(' FROM message m', ', m.incident_id AS incident_id FROM message m')}"
        f" WHERE m.incident_id IN ({marks}) ORDER BY m.date, m.id",
        params,
    )


def link_incident(db: Database, message_id: int, incident_id: int, client_id: int) -> None:
    """Link a message to the incident it reported (an unmatched one gets the client too)."""
    lock_owners_of(db, [message_id])
    db.execute(
        "UPDATE message SET incident_id = :i, client_id = COALESCE(client_id, :c) WHERE id = :m",
        {"i": incident_id, "c": client_id, "m": message_id},
    )


def incident_of_message(db: Database, message_id: int) -> int | None:
    value = db.scalar("SELECT incident_id FROM message WHERE id = :m", {"m": message_id})
    return None if value is None else int(value)


def close_linked(db: Database, incident_id: int) -> int:
    """Mark done the messages linked to a resolved incident; how many changed."""
    ids = [
        int(r["id"])
        for r in db.all(
            "SELECT id FROM message WHERE incident_id = :i AND state <> 'done'", {"i": incident_id}
        )
    ]
    if ids:
        lock_owners_of(db, ids)
        db.execute(
            "UPDATE message SET state = 'done', snooze_until = NULL WHERE incident_id = :i",
            {"i": incident_id},
        )
    return len(ids)


def messages_by_id(db: Database, ids: Sequence[int]) -> list[Any]:
    """The messages with these ids (any order), with the columns of `_LISTED`."""
    marks, params = in_marks("i", ids)
    return db.all(f"{_LISTED} WHERE m.id IN ({marks})", params)


def set_states(db: Database, changes: Sequence[tuple[int, str, date | None]]) -> None:
    """(message id, state, snoozed until or None) for each message to change."""
    lock_owners_of(db, [mid for mid, _state, _until in changes])
    db.executemany(
        "UPDATE message SET state = :s, snooze_until = :u WHERE id = :i",
        [{"i": mid, "s": state, "u": until} for mid, state, until in changes],
    )


def message_key(db: Database, message_id: int) -> str | None:
    return db.scalar("SELECT message_key FROM message WHERE id = :i", {"i": message_id})


def attachment_names(db: Database, message_id: int) -> list[tuple[str, int]]:
    """(file name, size) of a message's attachments, in the order they came."""
    rows = db.all(
        "SELECT filename, size FROM attachment WHERE message_id = :i ORDER BY id",
        {"i": message_id},
    )
    return [(str(r["filename"]), int(r["size"])) for r in rows]


# -- matching -----------------------------------------------------------------------------


def match_index(db: Database, me: frozenset[str]) -> MatchIndex:
    """Every contact's address and every client's domain, for matching mail to clients."""
    from acctcli.domain.matching import ContactRef, MatchIndex

    contacts: dict[str, ContactRef] = {}
    for r in db.all(
        "SELECT id, client_id, email, urgent FROM contact WHERE email IS NOT NULL ORDER BY id"
    ):
        contacts.setdefault(
            str(r["email"]).lower(),
            ContactRef(int(r["client_id"]), int(r["id"]), bool(r["urgent"])),
        )
    domains = {
        str(r["domain"]).lower(): int(r["client_id"])
        for r in db.all("SELECT domain, client_id FROM client_domain")
    }
    return MatchIndex(contacts, domains, me)


def unmatched_messages(db: Database) -> list[Any]:
    """Messages with no client yet: id, owner, from_addr, to_addrs, outgoing, date, subject."""
    return db.all(
        "SELECT id, owner, from_addr, to_addrs, outgoing, date, subject FROM message"
        " WHERE client_id IS NULL"
    )


class Match(NamedTuple):
    """A message's client found: its contact (if any) and the other party's address."""

    message_id: int
    client_id: int | None  # None: no client any more
    contact_id: int | None
    counterpart: str


def set_matches(db: Database, matches: Sequence[Match]) -> None:
    lock_owners_of(db, [m.message_id for m in matches])
    db.executemany(
        "UPDATE message SET client_id = :c, contact_id = :k, counterpart = :p WHERE id = :i",
        [
            {"i": m.message_id, "c": m.client_id, "k": m.contact_id, "p": m.counterpart}
            for m in matches
        ],
    )


class MailTouch(NamedTuple):
    """An e-mail touch: mail the manager sent a client counts as contact."""

    client_id: int
    contact_id: int | None
    at: datetime
    note: str
    logged_by: str
    message_id: int | None = None  # the sent message it comes from: one touch per message


def add_mail_touches(db: Database, touches: Sequence[MailTouch]) -> None:
    """E-mail touches; a message that already has its touch (another import or a matching
    again stored it) gets no second one."""
    db.executemany(
        "INSERT INTO touch (client_id, contact_id, channel, at, note, source, logged_by,"
        " message_id) VALUES (:c, :k, 'email', :at, :note, 'mail', :by, :m)"
        " ON CONFLICT (message_id) DO NOTHING",
        [
            {
                "c": t.client_id,
                "k": t.contact_id,
                "at": t.at,
                "note": t.note,
                "by": t.logged_by,
                "m": t.message_id,
            }
            for t in touches
        ],
    )


# -- importing ----------------------------------------------------------------------------

_MESSAGE_COLUMNS = (
    "owner, message_key, message_id, fingerprint, shares_id, date, from_addr, from_name,"
    " to_addrs, counterpart, subject, snippet, client_id, contact_id, urgent, category, priority,"
    " state, after_hours, outgoing, source, location, imported_at"
)
_MESSAGE_VALUES = tuple(
    "key" if name == "message_key" else name
    for name in _MESSAGE_COLUMNS.replace(" ", "").split(",")
)
_INSERT_CHUNK = 200  # rows per INSERT: 23 parameters each, well under either engine's limit
_UPSERT_SEEN = (
    "INSERT INTO mail_seen (owner, source, name, mtime_ns, size, messages)"
    " VALUES (:owner, :source, :name, :mtime_ns, :size, :messages)"
    " ON CONFLICT (owner, source, name) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
    " size = excluded.size, messages = excluded.messages"
)
_UPSERT_FOLDER = (
    "INSERT INTO imap_folder_state (owner, account, folder, uidvalidity, last_uid, messages)"
    " VALUES (:owner, :account, :folder, :uidvalidity, :last_uid, :messages)"
    " ON CONFLICT (owner, account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
    " last_uid = excluded.last_uid, messages = excluded.messages"
)


def insert_messages(db: Database, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """New messages (rows with the keys of `_MESSAGE_VALUES`); a key already stored — by an
    earlier run or by another writer at this very moment — is left alone.  Gives the key and
    id of each message this call inserted, and of no other: what it alone may derive rows
    from (attachments, touches) and count as imported."""
    inserted: dict[str, int] = {}
    if not rows:
        return inserted
    if db.is_sqlite:
        # One prepared statement run for every row (executemany: no RETURNING, no per-row
        # round trip through Python), then the new ids in one query per chunk of keys.  A
        # writer holds SQLite's write lock for its whole transaction and a new row's id is
        # above every id before it, so the rows above the previous maximum with these keys
        # are exactly those this call inserted (a key already stored was left alone).
        before = int(db.scalar("SELECT coalesce(max(id), 0) FROM message"))
        db.executemany(
            f"INSERT INTO message ({_MESSAGE_COLUMNS}) VALUES ("
            + ", ".join(f":{name}" for name in _MESSAGE_VALUES)
            + ") ON CONFLICT (owner, message_key) DO NOTHING",
            [{name: row[name] for name in _MESSAGE_VALUES} for row in rows],
        )
        for owner in {str(row["owner"]) for row in rows}:
            keys = [str(row["key"]) for row in rows if row["owner"] == owner]
            for r in _by_keys(db, owner, "id, message_key", keys):
                if int(r["id"]) > before:
                    inserted[str(r["message_key"])] = int(r["id"])
        return inserted
    for start in range(0, len(rows), _INSERT_CHUNK):  # PostgreSQL: one round trip a chunk
        chunk = rows[start : start + _INSERT_CHUNK]
        values = ", ".join(
            "(" + ", ".join(f":{name}{n}" for name in _MESSAGE_VALUES) + ")"
            for n in range(len(chunk))
        )
        params = {
            f"{name}{n}": row[name] for n, row in enumerate(chunk) for name in _MESSAGE_VALUES
        }
        for r in db.all(
            f"INSERT INTO message ({_MESSAGE_COLUMNS}) VALUES {values}"
            " ON CONFLICT (owner, message_key) DO NOTHING RETURNING id, message_key",
            params,
        ):
            inserted[str(r["message_key"])] = int(r["id"])
    return inserted


def insert_attachments(db: Database, names: Sequence[tuple[int, int, str, int]]) -> None:
    """(message id, position, file name, size) of each attachment; a position a message
    already has is left alone."""
    db.executemany(
        "INSERT INTO attachment (message_id, position, filename, size) VALUES (:m, :p, :f, :s)"
        " ON CONFLICT (message_id, position) DO NOTHING",
        [{"m": mid, "p": pos, "f": name, "s": size} for mid, pos, name, size in names],
    )


def lock_mailbox(db: Database, owner: str) -> None:
    """Inside a transaction, keep other writers of this owner's mail waiting until commit, so
    what a batch finds stored stays true while it writes.  SQLite's BEGIN IMMEDIATE already
    serialises writers; PostgreSQL takes an advisory lock named after the owner."""
    if db.is_sqlite:
        return
    import hashlib

    name = hashlib.sha256(f"acct.mail:{owner}".encode()).digest()
    db.execute(
        "SELECT pg_advisory_xact_lock(:k)", {"k": int.from_bytes(name[:8], "big", signed=True)}
    )


def lock_owners_of(db: Database, message_ids: Sequence[int]) -> None:
    """Before changing these messages, take their owners' mailbox locks (in one order), as an
    import does: the tally's trigger takes the same lock, and a writer that held a message's
    row while waiting for it could deadlock with an import that wants that row."""
    if db.is_sqlite or not message_ids:
        return
    owners: set[str] = set()
    ids = list(dict.fromkeys(message_ids))
    for start in range(0, len(ids), 500):
        marks, params = in_marks("i", ids[start : start + 500])
        owners.update(
            str(r["owner"])
            for r in db.all(
                f"SELECT DISTINCT owner AS owner FROM message WHERE id IN ({marks})", params
            )
        )
    for owner in sorted(owners):
        lock_mailbox(db, owner)


class StoredIdentity(NamedTuple):
    """What tells a stored message from another one with its key (see mail/identity.py)."""

    id: int
    fingerprint: str | None  # None: stored before fingerprints were kept
    from_addr: str
    date: Any


def stored_identities(db: Database, owner: str, keys: Sequence[str]) -> dict[str, StoredIdentity]:
    """This owner's stored messages with these keys, by key."""
    return {
        str(r["message_key"]): StoredIdentity(
            int(r["id"]), r["fingerprint"], str(r["from_addr"]), r["date"]
        )
        for r in _by_keys(db, owner, "id, message_key, fingerprint, from_addr, date", keys)
    }


def set_fingerprints(db: Database, prints: Sequence[tuple[int, str]]) -> None:
    """(message id, fingerprint) for messages stored before fingerprints were kept."""
    db.executemany(
        "UPDATE message SET fingerprint = :f WHERE id = :i AND fingerprint IS NULL",
        [{"i": mid, "f": value} for mid, value in prints],
    )


def flag_shared_ids(db: Database, owner: str, keys: Sequence[str]) -> None:
    """Mark this owner's messages with these keys as sharing their Message-ID."""
    db.executemany(
        "UPDATE message SET shares_id = :t WHERE owner = :o AND message_key = :k",
        [{"o": owner, "k": key, "t": True} for key in keys],
    )


def waiting_messages(db: Database, owner: str) -> list[Any]:
    """This owner's waiting and snoozed mail: id, client_id, counterpart, date, state,
    outgoing — what a reply may settle or bring back."""
    return db.all(
        "SELECT id, client_id, counterpart, date, state, outgoing FROM message"
        " WHERE owner = :o AND state IN ('waiting', 'snoozed')",
        {"o": owner},
    )


def _by_keys(db: Database, owner: str, columns: str, keys: Sequence[str]) -> Iterator[Any]:
    """Rows of this owner's messages with these keys, in chunks of bounded size."""
    for start in range(0, len(keys), 400):
        marks, params = in_marks("k", keys[start : start + 400])
        params["o"] = owner
        yield from db.all(
            f"SELECT {columns} FROM message WHERE owner = :o AND message_key IN ({marks})",
            params,
        )


def has_reply(
    db: Database, owner: str, *, client_id: int | None, counterpart: str | None, after: datetime
) -> bool:
    """Whether mail came in from the client (or, unmatched, from `counterpart`) after `after`."""
    value: int | str | None
    if client_id is not None:
        where, value = "client_id = :v", client_id
    else:
        where, value = "counterpart = :v", counterpart
    return bool(
        db.scalar(
            f"SELECT 1 FROM message WHERE {where} AND owner = :o AND outgoing = :f"
            " AND date > :d LIMIT 1",
            {"v": value, "o": owner, "f": False, "d": after},
        )
    )


class SeenMark(NamedTuple):
    """A file (or a Maildir cur/ or new/, or an mbox) imported before."""

    name: str
    mtime_ns: int
    size: int
    messages: int


def seen_marks(db: Database, owner: str, source: str, names: Sequence[str]) -> dict[str, SeenMark]:
    marks, params = in_marks("n", names)
    params.update(o=owner, s=source)
    rows = db.all(
        "SELECT name, mtime_ns, size, messages FROM mail_seen"
        f" WHERE owner = :o AND source = :s AND name IN ({marks})",
        params,
    )
    return {
        str(r["name"]): SeenMark(
            str(r["name"]), int(r["mtime_ns"]), int(r["size"]), int(r["messages"])
        )
        for r in rows
    }


def seen_names(db: Database, owner: str, source: str) -> set[str]:
    """Every message name seen in one Maildir (its files' base names), in one query.  On
    SQLite as one string cut at "/", which no file name holds (50,000 rows' objects cost
    more; a NUL separator, the other such byte, makes SQLite's group_concat 60% slower).  The
    folder marks ("cur/", "new/") cut into "cur", "new" and "": those pieces are dropped, so
    a message file so named is read again and found known by its content."""
    params = {"o": owner, "s": source}
    if db.is_sqlite:
        joined = db.scalar(
            "SELECT group_concat(name, '/') FROM mail_seen WHERE owner = :o AND source = :s",
            params,
        )
        names = set(joined.split("/")) if joined else set()
        names.difference_update(("", "cur", "new"))
        return names
    rows = db.execute(
        "SELECT name FROM mail_seen WHERE owner = :o AND source = :s", params
    ).fetchall()
    return {str(r[0]) for r in rows}


def upsert_seen(db: Database, marks: Sequence[Mapping[str, Any]]) -> None:
    """Seen marks: owner, source, name, mtime_ns, size, messages."""
    db.executemany(_UPSERT_SEEN, marks)


class FolderState(NamedTuple):
    uidvalidity: int
    last_uid: int
    messages: int


def folder_state(db: Database, owner: str, account: str, folder: str) -> FolderState | None:
    """How far an IMAP folder has been fetched, or None if never."""
    row = db.one(
        "SELECT uidvalidity, last_uid, messages FROM imap_folder_state"
        " WHERE owner = :o AND account = :a AND folder = :f",
        {"o": owner, "a": account, "f": folder},
    )
    if row is None:
        return None
    return FolderState(int(row["uidvalidity"]), int(row["last_uid"]), int(row["messages"]))


def upsert_folders(db: Database, folders: Sequence[Mapping[str, Any]]) -> None:
    """IMAP folders' progress: owner, account, folder, uidvalidity, last_uid, messages."""
    db.executemany(_UPSERT_FOLDER, folders)


# -- matching by hand and again -------------------------------------------------------------
# Hand assignments and the fingerprint of the [[mail.rule]]s last applied are kept as marks in
# mail_seen under sources no imported path can have (an imported source is an absolute path).
RULES_SOURCE = "acct:rules"  # name "mail.rule"; mtime_ns: the rules' fingerprint

_NOT_ASSIGNED = "NOT m.assigned_by_hand"


def rematch_candidates(
    db: Database, *, include_all: bool = False, contact_ids: Sequence[int] = ()
) -> list[Any]:
    """Messages to match again — unmatched ones, open ones matched only by domain, and those
    of `contact_ids` (with `include_all`, every message) — never one assigned by hand: id,
    owner, from_addr, from_name, to_addrs, outgoing, date, subject, snippet, client_id,
    contact_id."""
    where = (
        "1 = 1"
        if include_all
        else "(m.client_id IS NULL OR (m.contact_id IS NULL AND m.state <> 'done'))"
    )
    marks, params = in_marks("k", list(contact_ids))
    if contact_ids and not include_all:
        where = f"({where} OR m.contact_id IN ({marks}))"
    return db.all(
        "SELECT m.id AS id, m.owner AS owner, m.from_addr AS from_addr,"
        " m.from_name AS from_name, m.to_addrs AS to_addrs, m.outgoing AS outgoing,"
        " m.date AS date, m.subject AS subject, m.snippet AS snippet,"
        " m.client_id AS client_id, m.contact_id AS contact_id"
        f" FROM message m WHERE {where} AND {_NOT_ASSIGNED} ORDER BY m.id",
        params,
    )


def assign_messages(db: Database, rows: Sequence[tuple[int, str, int, int | None]]) -> None:
    """(message id, owner, client id, contact id or None): set by hand, and marked so that
    matching again never moves them."""
    lock_owners_of(db, [mid for mid, _owner, _cid, _kid in rows])
    db.executemany(
        "UPDATE message SET client_id = :c, contact_id = :k, assigned_by_hand = TRUE WHERE id = :i",
        [{"i": mid, "c": cid, "k": kid} for mid, _owner, cid, kid in rows],
    )


def rules_mark(db: Database, owner: str) -> int | None:
    """The fingerprint of the [[mail.rule]]s last applied to this owner's mail, or None."""
    value = db.scalar(
        "SELECT mtime_ns FROM mail_seen WHERE owner = :o AND source = :s AND name = 'mail.rule'",
        {"o": owner, "s": RULES_SOURCE},
    )
    return None if value is None else int(value)


def set_rules_mark(db: Database, owner: str, fingerprint: int) -> None:
    upsert_seen(
        db,
        [
            {
                "owner": owner,
                "source": RULES_SOURCE,
                "name": "mail.rule",
                "mtime_ns": fingerprint,
                "size": 0,
                "messages": 0,
            }
        ],
    )


def client_names(db: Database) -> dict[int, str]:
    """Every client's name by id."""
    return {int(r["id"]): str(r["name"]) for r in db.all("SELECT id, name FROM client")}


def assignable(db: Database, ids: Sequence[int]) -> list[Any]:
    """The messages with these ids, as `acct mail assign` needs them: id, owner, from_addr,
    from_name, counterpart, outgoing, date, subject, client_id."""
    marks, params = in_marks("i", ids)
    return db.all(
        "SELECT id, owner, from_addr, from_name, counterpart, outgoing, date, subject, client_id"
        f" FROM message WHERE id IN ({marks})",
        params,
    )
