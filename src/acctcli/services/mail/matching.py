"""Matching mail again: a client, contact or domain added after the mail arrived claims its
unmatched messages (and mail the manager sent them becomes e-mail touches)."""

from __future__ import annotations

from typing import Any

from acctcli.domain.dates import as_datetime
from acctcli.domain.matching import match_message
from acctcli.store.db import Database


def rematch_unmatched(db: Database, me: frozenset[str] = frozenset()) -> int:
    """Match every unmatched message again; give how many found their client."""
    rows = db.all(
        "SELECT id, owner, from_addr, to_addrs, outgoing, date, subject FROM message"
        " WHERE client_id IS NULL"
    )
    if not rows:
        return 0
    from acctcli.services.mail.writer import load_match_index

    index = load_match_index(db, me)
    matched: list[dict[str, Any]] = []
    touches: list[dict[str, Any]] = []
    for r in rows:
        recipients = [a for a in str(r["to_addrs"]).split(", ") if a]
        found = match_message(
            index, str(r["from_addr"]), recipients, sent_folder=bool(r["outgoing"])
        )
        if found.client_id is None:
            continue
        matched.append(
            {"i": r["id"], "c": found.client_id, "k": found.contact_id, "p": found.counterpart}
        )
        if r["outgoing"] and r["date"] is not None:
            touches.append(
                {
                    "c": found.client_id,
                    "k": found.contact_id,
                    "at": as_datetime(r["date"]),
                    "note": r["subject"],
                    "by": r["owner"],
                }
            )
    with db.transaction():
        db.executemany(
            "UPDATE message SET client_id = :c, contact_id = :k, counterpart = :p WHERE id = :i",
            matched,
        )
        db.executemany(
            "INSERT INTO touch (client_id, contact_id, channel, at, note, source, logged_by)"
            " VALUES (:c, :k, 'email', :at, :note, 'mail', :by)",
            touches,
        )
    return len(matched)
