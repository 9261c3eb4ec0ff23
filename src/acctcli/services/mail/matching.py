"""Matching mail again: a client, contact or domain added after the mail arrived claims its
unmatched messages (and mail the manager sent them becomes e-mail touches)."""

from __future__ import annotations

from acctcli.domain.dates import as_datetime
from acctcli.domain.matching import match_message
from acctcli.store.db import Database
from acctcli.store.mail import (
    MailTouch,
    Match,
    add_mail_touches,
    match_index,
    set_matches,
    unmatched_messages,
)


def rematch_unmatched(db: Database, me: frozenset[str] = frozenset()) -> int:
    """Match every unmatched message again; give how many found their client."""
    rows = unmatched_messages(db)
    if not rows:
        return 0
    index = match_index(db, me)
    matched: list[Match] = []
    touches: list[MailTouch] = []
    for r in rows:
        recipients = [a for a in str(r["to_addrs"]).split(", ") if a]
        found = match_message(
            index, str(r["from_addr"]), recipients, sent_folder=bool(r["outgoing"])
        )
        if found.client_id is None:
            continue
        matched.append(Match(r["id"], found.client_id, found.contact_id, found.counterpart))
        if r["outgoing"] and r["date"] is not None:
            touches.append(
                MailTouch(
                    found.client_id,
                    found.contact_id,
                    as_datetime(r["date"]),
                    r["subject"],
                    r["owner"],
                )
            )
    with db.transaction():
        set_matches(db, matched)
        add_mail_touches(db, touches)
    return len(matched)
