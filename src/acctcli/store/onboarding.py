"""SQL of onboarding: checklists and their steps, and what onboarding writes on the client
(its status as the checklist starts and finishes, the agreed channel, the urgent contact)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from acctcli.domain.dates import as_date, as_datetime
from acctcli.records import NamedTuple
from acctcli.store.db import Database
from acctcli.store.repo import visible_clause

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:  # `acct today` reads due steps only; the checklist types cost ~10 ms
    from acctcli.domain.onboarding import PastChecklist, Step

# -- checklists ---------------------------------------------------------------------------


class OpenChecklist(NamedTuple):
    """A client's current (not archived) checklist."""

    id: int
    template: str
    start: date
    completed_on: date | None


def current_checklist(db: Database, client_id: int) -> OpenChecklist | None:
    row = db.one(
        "SELECT id, template, start, completed_on FROM onboarding"
        " WHERE client_id = :c AND archived_at IS NULL ORDER BY id DESC",
        {"c": client_id},
    )
    if row is None:
        return None
    done = row["completed_on"]
    return OpenChecklist(
        int(row["id"]),
        str(row["template"]),
        as_date(row["start"]),
        None if done is None else as_date(done),
    )


def checklist_steps(db: Database, onboarding_id: int) -> list[Step]:
    from acctcli.domain.onboarding import Step

    return [
        Step(
            position=int(r["position"]),
            key=r["key"],
            title=r["title"],
            role=r["role"],
            due=as_date(r["due"]),
            after=tuple(r["after"].split()),
            done_on=None if r["done_on"] is None else as_date(r["done_on"]),
            records=r["records"],
            touch=r["touch"],
        )
        for r in db.all(
            'SELECT position, key, title, role, due, "after", done_on, records, touch'
            " FROM onboarding_step WHERE onboarding_id = :o ORDER BY position",
            {"o": onboarding_id},
        )
    ]


def archived_checklists(db: Database, client_id: int) -> list[PastChecklist]:
    """The client's earlier checklists (started again with --restart), oldest first."""
    from acctcli.domain.onboarding import PastChecklist

    rows = db.all(
        "SELECT o.template AS template, o.start AS start, o.archived_at AS archived_at,"
        " COUNT(s.id) AS total, SUM(CASE WHEN s.done_on IS NULL THEN 0 ELSE 1 END) AS done"
        " FROM onboarding o LEFT JOIN onboarding_step s ON s.onboarding_id = o.id"
        " WHERE o.client_id = :c AND o.archived_at IS NOT NULL"
        " GROUP BY o.id, o.template, o.start, o.archived_at ORDER BY o.id",
        {"c": client_id},
    )
    return [
        PastChecklist(
            r["template"],
            as_date(r["start"]),
            as_datetime(r["archived_at"]),
            int(r["done"] or 0),
            int(r["total"] or 0),
        )
        for r in rows
    ]


def add_checklist(
    db: Database,
    client_id: int,
    template: str,
    start: date,
    steps: Sequence[Step],
    *,
    now: datetime,
) -> int:
    """A new checklist with its steps (none done yet); give its id."""
    onboarding_id = db.insert(
        "INSERT INTO onboarding (client_id, template, start, created_at) VALUES (:c, :t, :s, :now)",
        {"c": client_id, "t": template, "s": start, "now": now},
    )
    db.executemany(
        'INSERT INTO onboarding_step (onboarding_id, position, key, title, role, due, "after",'
        " done_on, records, touch) VALUES (:o, :p, :k, :t, :r, :d, :a, NULL, :rec, :touch)",
        [
            {
                "o": onboarding_id,
                "p": s.position,
                "k": s.key,
                "t": s.title,
                "r": s.role,
                "d": s.due,
                "a": " ".join(s.after),
                "rec": s.records,
                "touch": s.touch,
            }
            for s in steps
        ],
    )
    return onboarding_id


def archive_checklist(db: Database, onboarding_id: int, *, now: datetime) -> None:
    db.execute(
        "UPDATE onboarding SET archived_at = :now WHERE id = :i", {"now": now, "i": onboarding_id}
    )


def set_steps_done(
    db: Database, onboarding_id: int, changes: Sequence[tuple[str, date | None]]
) -> None:
    """(step key, the day it was done or None) for each step that changed."""
    db.executemany(
        "UPDATE onboarding_step SET done_on = :d WHERE onboarding_id = :o AND key = :k",
        [{"d": done_on, "o": onboarding_id, "k": key} for key, done_on in changes],
    )


def set_completed(db: Database, onboarding_id: int, on: date | None) -> None:
    """The day the checklist was finished, or None when it is open again."""
    db.execute(
        "UPDATE onboarding SET completed_on = :d WHERE id = :i", {"d": on, "i": onboarding_id}
    )


# -- for the morning dashboard ------------------------------------------------------------


def due_steps(db: Database, last: date, owner: str | None, day: date) -> list[Any]:
    """Open steps of current checklists due on or before `last`, for the clients `owner` sees
    on `day`: client_id, name, onboarding_id, position, key, title, role, due, after."""
    where, params = visible_clause(owner, day, "c")
    return db.all(
        "SELECT c.id AS client_id, c.name AS name, s.onboarding_id AS onboarding_id,"
        " s.position AS position, s.key AS key, s.title AS title, s.role AS role,"
        ' s.due AS due, s."after" AS "after" FROM onboarding_step s'
        " JOIN onboarding o ON o.id = s.onboarding_id"
        " JOIN client c ON c.id = o.client_id"
        " WHERE s.done_on IS NULL AND s.due <= :last AND o.archived_at IS NULL"
        f" AND {where}",
        {**params, "last": last},
    )


def open_step_keys(db: Database, onboarding_ids: Sequence[int]) -> dict[int, set[str]]:
    """The keys of the steps not done yet, per checklist."""
    marks = ", ".join(f":o{n}" for n in range(len(onboarding_ids)))
    open_keys: dict[int, set[str]] = {}
    for r in db.all(
        "SELECT onboarding_id, key FROM onboarding_step WHERE done_on IS NULL"
        f" AND onboarding_id IN ({marks})",
        {f"o{n}": v for n, v in enumerate(onboarding_ids)},
    ):
        open_keys.setdefault(int(r["onboarding_id"]), set()).add(r["key"])
    return open_keys


# -- what onboarding writes on the client -------------------------------------------------


class StatusRow(NamedTuple):
    id: int
    status: str
    on: date
    reason: str | None


def last_status(db: Database, client_id: int) -> StatusRow | None:
    """The client's latest status change (by day, then by when it was written)."""
    row = db.one(
        "SELECT id, status, on_date, reason FROM client_status WHERE client_id = :c"
        " ORDER BY on_date DESC, id DESC",
        {"c": client_id},
    )
    if row is None:
        return None
    return StatusRow(int(row["id"]), row["status"], as_date(row["on_date"]), row["reason"])


def restate_only_status(db: Database, client_id: int, status: str, reason: str | None) -> None:
    """Change the status (and reason) of a client whose history is a single row."""
    db.execute(
        "UPDATE client_status SET status = :s, reason = :r WHERE client_id = :c",
        {"s": status, "r": reason, "c": client_id},
    )


def add_status(
    db: Database, client_id: int, status: str, *, on: date, reason: str | None, now: datetime
) -> None:
    db.execute(
        "INSERT INTO client_status (client_id, status, on_date, reason, created_at)"
        " VALUES (:c, :s, :on, :r, :now)",
        {"c": client_id, "s": status, "on": on, "r": reason, "now": now},
    )


def delete_status(db: Database, status_id: int) -> None:
    db.execute("DELETE FROM client_status WHERE id = :i", {"i": status_id})


def set_channel(db: Database, client_id: int, channel: str) -> None:
    db.execute("UPDATE client SET channel = :ch WHERE id = :c", {"ch": channel, "c": client_id})


def set_urgent_contact(db: Database, client_id: int, contact_id: int) -> None:
    """Make `contact_id` the client's one urgent contact."""
    db.execute(
        "UPDATE contact SET urgent = CASE WHEN id = :p THEN :t ELSE :f END WHERE client_id = :c",
        {"p": contact_id, "t": True, "f": False, "c": client_id},
    )


def onboarding_statuses(
    db: Database, client_id: int, onboarding_id: int, reasons: Sequence[str]
) -> list[int]:
    """The ids of the status changes a checklist wrote: onboarding's own reasons, written
    since the checklist was made (not the client's first row, which `client add` wrote and
    starting the checklist may have restated)."""
    rows = db.all(
        "SELECT s.id, s.reason FROM client_status s JOIN onboarding o ON o.id = :o"
        " WHERE s.client_id = :c AND s.created_at >= o.created_at"
        " AND s.id > (SELECT min(f.id) FROM client_status f WHERE f.client_id = :c)",
        {"o": onboarding_id, "c": client_id},
    )
    return [int(r["id"]) for r in rows if r["reason"] in reasons]


def delete_checklist(db: Database, onboarding_id: int) -> None:
    db.execute("DELETE FROM onboarding_step WHERE onboarding_id = :o", {"o": onboarding_id})
    db.execute("DELETE FROM onboarding WHERE id = :o", {"o": onboarding_id})


def step_ids(db: Database, onboarding_id: int, keys: Sequence[str]) -> dict[str, int]:
    """The ids of a checklist's steps, by key."""
    if not keys:
        return {}
    from acctcli.store.db import in_marks

    marks, params = in_marks("k", list(keys))
    rows = db.all(
        f"SELECT id, key FROM onboarding_step WHERE onboarding_id = :o AND key IN ({marks})",
        {"o": onboarding_id, **params},
    )
    return {str(r["key"]): int(r["id"]) for r in rows}


def delete_step_touches(db: Database, step_ids: Sequence[int]) -> None:
    """Remove the touches that ticking these steps logged (the steps are done no more)."""
    if not step_ids:
        return
    from acctcli.store.db import in_marks

    marks, params = in_marks("s", list(step_ids))
    db.execute(f"DELETE FROM touch WHERE source = 'onboarding' AND step_id IN ({marks})", params)
