"""`acct db check`: what a healthy store satisfies, each a named check.

To add one, write a function `(db) -> list[str]` (one line per problem found; empty: fine)
and append a `Check` to `CHECKS` — `acct db check` runs them in order, prints each, and exits
1 when any finds a problem.  A check that does not apply (to the engine, or to a store without
the table) says why in `skip` instead of running.
"""

from __future__ import annotations

from collections.abc import Callable

from acctcli.errors import ConnectionLost, StoreError
from acctcli.i18n import N_, _
from acctcli.records import NamedTuple
from acctcli.store.db import Database

LIMIT = 20  # problems listed per check; the rest are counted


class Check(NamedTuple):
    """One check: its id (JSON), its label (a msgid, shown translated), the check itself, and
    a function saying why it does not apply to this store (None: it does)."""

    name: str
    label: str
    run: Callable[[Database], list[str]]
    skip: Callable[[Database], str | None] = lambda db: None


def _sqlite_only(db: Database) -> str | None:
    return None if db.is_sqlite else _("PostgreSQL checks this itself")


def integrity(db: Database) -> list[str]:
    rows = [str(r[0]) for r in db.all("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def foreign_keys(db: Database) -> list[str]:
    return [
        _("{table} row {row} points at a missing {parent}").format(
            table=r[0], row=r[1], parent=r[2]
        )
        for r in db.all("PRAGMA foreign_key_check")
    ]


def _no_fts(db: Database) -> str | None:
    if not db.is_sqlite:
        return _("PostgreSQL checks this itself")
    if not db.scalar("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'"):
        return _("this store has no search index")
    if db.read_only:
        return _("the store is read-only")
    return None


def search_index(db: Database) -> list[str]:
    """FTS5's own check of the index against its content table (search_doc)."""
    try:
        with db.transaction():
            db.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    except StoreError as exc:
        return [exc.message]
    return []


def balances(db: Database) -> list[str]:
    """No invoice paid beyond its amount; no amount zero or negative."""
    problems = [
        _("invoice {number}: paid {paid} of {amount} (in kopecks)").format(
            number=r["number"], paid=r["paid"], amount=r["amount_minor"]
        )
        for r in db.all(
            "SELECT i.number, i.amount_minor, p.paid FROM invoice i JOIN"
            " (SELECT invoice_id, SUM(amount_minor) AS paid FROM payment GROUP BY invoice_id) p"
            " ON p.invoice_id = i.id WHERE p.paid > i.amount_minor ORDER BY i.number"
        )
    ]
    for table, column in (("invoice", "number"), ("payment", "id")):
        problems += [
            _("{table} {ident}: amount {amount} is not positive").format(
                table=table, ident=r[0], amount=r[1]
            )
            for r in db.all(
                f"SELECT {column}, amount_minor FROM {table} WHERE amount_minor <= 0"
                f" ORDER BY {column}"
            )
        ]
    return problems


STATUSES = ("onboarding", "active", "paused", "churned")


def statuses(db: Database) -> list[str]:
    """Every client has a status history, of known statuses, so its current status is one."""
    missing = db.all(
        "SELECT name FROM client c WHERE NOT EXISTS"
        " (SELECT 1 FROM client_status s WHERE s.client_id = c.id) ORDER BY name"
    )
    problems = [_("{client} has no status").format(client=r["name"]) for r in missing]
    known = ", ".join(f"'{s}'" for s in STATUSES)
    unknown = db.all(
        "SELECT c.name, s.status FROM client_status s JOIN client c ON c.id = s.client_id"
        f" WHERE s.status NOT IN ({known}) ORDER BY c.name"
    )
    problems += [
        _("{client} has an unknown status {status!r}").format(client=r["name"], status=r["status"])
        for r in unknown
    ]
    return problems


def urgent_contacts(db: Database) -> list[str]:
    rows = db.all(
        "SELECT c.name, COUNT(*) AS n FROM contact k JOIN client c ON c.id = k.client_id"
        " WHERE k.urgent GROUP BY c.name HAVING COUNT(*) > 1 ORDER BY c.name"
    )
    return [_("{client} has {n} urgent contacts").format(client=r["name"], n=r["n"]) for r in rows]


_TALLY_KEY = (
    "owner, state, COALESCE(client_id, 0) AS client_id, category, after_hours, urgent,"
    " (incident_id IS NOT NULL) AS linked"
)
_TALLY_COLUMNS = "owner, state, client_id, category, after_hours, urgent, linked"


def mail_tally(db: Database) -> list[str]:
    """The tally the triggers keep equals a recount of the messages it counts."""
    recount = {
        tuple(r)[:-1]: int(tuple(r)[-1])
        for r in db.all(
            f"SELECT {_TALLY_COLUMNS}, COUNT(*) FROM (SELECT {_TALLY_KEY} FROM message"
            " WHERE state IN ('new', 'needs-reply')) m"
            f" GROUP BY {_TALLY_COLUMNS}"
        )
    }
    kept = {
        tuple(r)[:-1]: int(tuple(r)[-1])
        for r in db.all(f"SELECT {_TALLY_COLUMNS}, n FROM mail_tally WHERE n <> 0")
    }
    problems = []
    for key in sorted(set(recount) | set(kept), key=repr):
        if recount.get(key, 0) != kept.get(key, 0):
            owner, state = key[0], key[1]
            problems.append(
                _("{owner}'s {state} mail: the tally says {kept}, a recount {recount}").format(
                    owner=owner, state=state, kept=kept.get(key, 0), recount=recount.get(key, 0)
                )
            )
    return problems


def journal(db: Database) -> list[str]:
    """The undo journal's own consistency (store/journal.py)."""
    from acctcli.store.journal import problems

    return problems(db)


CHECKS: list[Check] = [
    Check("integrity", N_("SQLite integrity check"), integrity, _sqlite_only),
    Check("foreign_keys", N_("foreign keys"), foreign_keys, _sqlite_only),
    Check("search_index", N_("search index"), search_index, _no_fts),
    Check("balances", N_("invoice balances"), balances),
    Check("statuses", N_("one current status per client"), statuses),
    Check("urgent_contacts", N_("one urgent contact per client"), urgent_contacts),
    Check("mail_tally", N_("mail tally equals a recount"), mail_tally),
    Check("journal", N_("undo journal"), journal),
]


class Outcome(NamedTuple):
    name: str
    label: str
    state: str  # "ok", "failed" or "skipped"
    problems: list[str]  # the first LIMIT
    more: int = 0  # problems beyond those
    why_skipped: str | None = None


def run_checks(db: Database, checks: list[Check] | None = None) -> list[Outcome]:
    outcomes = []
    for check in CHECKS if checks is None else checks:
        why = check.skip(db)
        if why is not None:
            outcomes.append(Outcome(check.name, _(check.label), "skipped", [], 0, why))
            continue
        try:
            problems = check.run(db)
        except ConnectionLost:
            raise  # the server went away: no later check can run, and no data is at fault
        except StoreError as exc:
            problems = [exc.message]
        state = "failed" if problems else "ok"
        outcomes.append(
            Outcome(
                check.name, _(check.label), state, problems[:LIMIT], max(0, len(problems) - LIMIT)
            )
        )
    return outcomes
