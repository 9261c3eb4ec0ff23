"""acct search: the query parsed, the index brought up to date, the best hits with snippets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from acctcli.domain.search import parse_query, snippet
from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.store import search as store
from acctcli.store.db import Database

KINDS = tuple(store.KINDS)
_PREFIX = {"mail": "M", "touch": "T", "incident": "I", "note": "N", "step": "S"}


class Hit(NamedTuple):
    kind: str
    id: str  # as printed and as `acct mail show` / `acct incident …` take it: M12, I3
    at: datetime | date | None
    client: str | None
    who: str
    title: str
    snippet: list[tuple[str, bool]]
    score: float


class Found(NamedTuple):
    query: str
    total: int
    hits: list[Hit]


def run_search(
    db: Database,
    text: str,
    *,
    client: str | None = None,
    kinds: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    state: str | None = None,
    limit: int | None = 20,
    owner: str | None = None,
    today: date | None = None,
) -> Found:
    query = parse_query(text, today)
    for kind in kinds or ():
        if kind not in KINDS:
            raise Invalid(
                _("unknown --kind {kind!r}: use {kinds}").format(kind=kind, kinds=", ".join(KINDS))
            )
    if state is not None:
        from acctcli.domain.triage import STATES

        if state not in STATES:
            raise Invalid(
                _("unknown --state {state!r}: use {states}").format(
                    state=state, states=", ".join(STATES)
                )
            )
    if limit is not None and limit < 1:
        raise Invalid(_("--limit must be at least 1"))
    client_ids: set[int] | None = None
    for ref in ([client] if client else []) + query.clients:
        from acctcli.store.repo import find_client_id

        found = {find_client_id(db, ref)[0]}
        client_ids = found if client_ids is None else client_ids & found
    first = max((d for d in (since, query.after) if d is not None), default=None)
    last_excl = min(
        (d for d in (until + timedelta(days=1) if until else None, query.before) if d is not None),
        default=None,
    )
    filters = store.Filters(
        kinds=tuple(kinds or ()) if state is None else ("mail",),
        client_ids=None if client_ids is None else tuple(sorted(client_ids)),
        # dates, not midnights: SQLite holds a step's due date as `2026-11-23`, which sorts
        # before `2026-11-23 00:00:00` and fell out of its own day (PostgreSQL compares
        # timestamps with dates as their midnights)
        since=first,
        until=last_excl,
        state=state,
        # another manager's mail is not yours to search (a shared store)
        owner=owner if owner is not None and store.others_mail(db, owner) else None,
    )
    if state is not None and kinds and "mail" not in kinds:
        raise Invalid(_("--state is a mail state: use it with --kind mail"))
    if store.pending(db):
        store.refresh(db)
    total, rows = store.search(db, query, filters, limit)
    names = store.client_names(db, (int(r["client_id"]) for r in rows if r["client_id"]))
    match = query.match_stems()
    hits = [
        Hit(
            kind=str(r["kind"]),
            id=_PREFIX[str(r["kind"])] + str(r["ref_id"]),
            at=_when(r["at"]),
            client=names.get(int(r["client_id"])) if r["client_id"] is not None else None,
            who=str(r["who"] or ""),
            title=str(r["title"] or ""),
            snippet=snippet(str(r["body"] or r["title"] or ""), match),
            score=float(r["score"]),
        )
        for r in rows
    ]
    return Found(text, total, hits)


def _when(value: Any) -> datetime | date | None:
    if value is None or isinstance(value, (date, datetime)):
        return value
    return datetime.fromisoformat(str(value))
