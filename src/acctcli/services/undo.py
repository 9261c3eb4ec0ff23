"""acct undo: revert the latest writes from the journal (store/journal.py), as a write itself.

An entry is one command run (all its transactions).  `acct undo N` reverts the N latest
entries of the user that are still in effect, newest first, in one transaction that is
itself an entry: `acct undo` again reverts that (a redo).  An entry whose rows a later
entry in effect changed (another user's, on a shared store), or whose new rows later rows
refer to (a payment added since to its invoice), is refused with the reason, and nothing
is reverted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.i18n import N_, _, ngettext
from acctcli.records import NamedTuple
from acctcli.store import journal
from acctcli.store.db import Database, IntegrityError

# A row, as the reasons for a refusal name it: "invoice 2026-0042", "payment #7"
NOUNS = {
    "client": N_("client"),
    "client_status": N_("client status"),
    "client_service": N_("service"),
    "client_fee": N_("fee"),
    "client_domain": N_("domain"),
    "client_handover": N_("handover"),
    "client_cost": N_("cost"),
    "report_schedule": N_("report schedule"),
    "report_sent": N_("report sent"),
    "contact": N_("contact"),
    "touch": N_("touch"),
    "invoice": N_("invoice"),
    "payment": N_("payment"),
    "upsell": N_("upsell"),
    "incident": N_("incident"),
    "onboarding": N_("checklist"),
    "onboarding_step": N_("onboarding step"),
    "message": N_("message"),
    "attachment": N_("attachment"),
    "follow_up": N_("follow-up"),
}


def _noun(table: str) -> str:
    return _(NOUNS[table]) if table in NOUNS else table


def _row(db: Database, table: str, row_id: int) -> str:
    name = journal.label(db, table, row_id)
    return f"{_noun(table)} {name}" if name else f"{_noun(table)} #{row_id}"


class Change(NamedTuple):
    table: str
    op: str  # I (added), U (changed), D (removed)
    rows: int


class Entry(NamedTuple):
    run: str
    at: datetime
    command: str
    undone: bool
    changes: list[Change]
    reverts: list[str]  # an undo's: the command lines it reverted


def _at(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _entry(db: Database, row: Any) -> Entry:
    run = row["run"]
    return Entry(
        run=run,
        at=_at(row["at"]),
        command=row["command"],
        undone=bool(row["undone"]),
        changes=[Change(r["tbl"], r["op"], int(r["n"])) for r in journal.counts(db, run)],
        reverts=journal.reverted_by(db, run),
    )


def recent(db: Database, owner: str, limit: int = 10) -> list[Entry]:
    """The latest entries, newest first, those undone too (`acct undo --list`)."""
    return [_entry(db, r) for r in journal.runs(db, owner, limit=limit, live_only=False)]


def pending(db: Database, owner: str, count: int) -> list[Entry]:
    """The `count` latest entries in effect, which `acct undo COUNT` would revert."""
    if count < 1:
        raise Invalid(_("give how many writes to undo: 1 or more"))
    found = [_entry(db, r) for r in journal.runs(db, owner, limit=count, live_only=True)]
    if not found:
        raise NotFound(_("nothing to undo: no change of yours is in the journal"))
    if len(found) < count:
        raise Invalid(
            ngettext(
                "only {n} write can be undone", "only {n} writes can be undone", len(found)
            ).format(n=len(found)),
            _("see them: acct undo --list"),
        )
    return found


def _when(value: Any) -> str:
    return _at(value).strftime("%Y-%m-%d %H:%M")


def _refuse(db: Database, entry: Entry, reason: str) -> Conflict:
    return Conflict(
        _("cannot undo “{command}” ({at}): {reason}").format(
            command=entry.command, at=entry.at.strftime("%Y-%m-%d %H:%M"), reason=reason
        ),
        _("the later change must be undone first (by whoever made it)"),
    )


def _check(db: Database, entry: Entry, edges: list[tuple[str, str, str]]) -> None:
    later = journal.later_change(db, entry.run, db.write_id)
    if later is not None:
        what = _row(db, later["tbl"], int(later["row_id"]))
        raise _refuse(
            db,
            entry,
            _("{what} was changed since by “{command}” ({owner}, {at})").format(
                what=what, command=later["command"], owner=later["owner"], at=_when(later["at"])
            ),
        )
    dependent = journal.dependent_row(db, entry.run, edges)
    if dependent is not None:
        parent, parent_id, child, child_id = dependent
        what = _row(db, parent, parent_id)
        by = journal.inserted_by(db, child, child_id)
        if by is None:
            reason = _("{what} is referred to by {child}").format(
                what=what, child=_row(db, child, child_id)
            )
        else:
            reason = _("{what} has a {child} added since by “{command}” ({owner}, {at})").format(
                what=what,
                child=_noun(child),
                command=by["command"],
                owner=by["owner"],
                at=_when(by["at"]),
            )
        raise _refuse(db, entry, reason)


def undo(db: Database, owner: str, count: int) -> list[Entry]:
    """Revert the `count` latest entries in effect, newest first, all or nothing."""
    with db.transaction():
        # one undo at a time, each reading what the one before it undid; and an invoice
        # added meanwhile takes its number after the undo (PostgreSQL; SQLite's writers
        # already take turns)
        db.serialise()
        entries = pending(db, owner, count)
        edges = journal.foreign_keys(db)
        cache: dict[str, list[str]] = {}
        current = db.write_id
        for entry in entries:
            changes = journal.changes(db, entry.run)
            journal.hold_rows(db, changes)
            _check(db, entry, edges)
            journal.kill_point("undo:checked")
            for n, change in enumerate(changes):
                if n == len(changes) // 2:
                    journal.kill_point("undo:half")
                try:
                    journal.revert(db, change, cache)
                except IntegrityError as exc:
                    raise _refuse(db, entry, str(exc).splitlines()[0]) from None
            journal.kill_point("undo:reverted")
            if current is not None:
                journal.mark_undone(db, entry.run, current)
        journal.kill_point("undo:marked")
    return entries
