"""Parsed messages into the store, in batches: each batch is one transaction holding the
messages, their attachments' names, the e-mail touches, replies applied to waiting and snoozed
mail, and the "seen" marks of the files it came from — so an import killed at any moment
resumes with every message exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from acctcli.config.mail import MailSettings
from acctcli.domain.matching import match_message
from acctcli.domain.triage import RuleInput, apply_rules, classify, priority_for
from acctcli.errors import AcctError, Invalid
from acctcli.i18n import _
from acctcli.mail.message import Message
from acctcli.records import NamedTuple
from acctcli.store.db import Database
from acctcli.store.mail import (
    MailTouch,
    StoredIdentity,
    add_mail_touches,
    flag_shared_ids,
    has_reply,
    insert_attachments,
    insert_messages,
    lock_mailbox,
    match_index,
    set_fingerprints,
    set_states,
    stored_identities,
    upsert_folders,
    upsert_seen,
    waiting_messages,
)

# what only adding a message needs is imported when the first is added: a re-import that
# finds nothing new (a Maildir a mail client renamed) only records what it saw
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from acctcli.store.search import MailText

BATCH = 500
SUBJECT_MAX, NAME_MAX, TO_MAX, FILENAME_MAX = 500, 200, 2000, 300  # stored lengths
CACHE_KIB = 32768  # SQLite's page cache while importing (its default is 2 MiB)


class ImportReport:
    __slots__ = ("imported", "known", "history", "failures", "paths")

    def __init__(self) -> None:
        self.imported = 0
        self.known = 0
        self.history = 0  # imported as done: older than [mail] history_days
        self.failures: list[tuple[str, str]] = []
        self.paths: list[Any] = []  # an import's accounting per PATH

    @property
    def failed(self) -> int:
        return len(self.failures)


class _Pending(NamedTuple):
    row: dict[str, Any]
    attachments: list[tuple[str, int]]
    dated: bool  # the message has a Date header (else its date is a file's or the run's)
    text: MailText  # its searchable text, for the search index


class Prepared(NamedTuple):
    """What the writer derives from a message's text alone: its category by the built-in
    rules.  Worked out in an import's worker process when there is one (the search text is
    stemmed by the writer: with one worker that balances the two processes best)."""

    category: str
    urgent_words: bool


def prepare(msg: Message) -> Prepared:
    return Prepared(*classify(msg.subject, msg.text))


def _mail_text(msg: Message) -> MailText:
    from acctcli.store.search import mail_text

    return mail_text(
        msg.subject[:SUBJECT_MAX],
        msg.from_name[:NAME_MAX],
        msg.from_addr,
        ", ".join(msg.to_addrs)[:TO_MAX],
        msg.text,
        " ".join(a.filename[:FILENAME_MAX] for a in msg.attachments),
    )


def _waiter_key(client_id: int | None, counterpart: str) -> tuple[str, object]:
    return ("c", client_id) if client_id is not None else ("a", counterpart)


class MailWriter:
    """Classify, match and store messages; call `flush()` (or use `with`) to commit the rest."""

    def __init__(
        self,
        db: Database,
        *,
        owner: str,
        today: date,
        now: datetime,
        settings: MailSettings,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.db = db
        if db.is_sqlite:  # a batch's index pages stay in memory until its commit
            db.raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.owner = owner
        self.now = now
        self.settings = settings
        self.latest = datetime.combine(today + timedelta(days=1), datetime.min.time())
        self.history_before = datetime.combine(
            today - timedelta(days=settings.history_days), datetime.min.time()
        )
        self.index = match_index(db, settings.me)
        self.rule_clients = {}
        for rule in settings.rules:
            if rule.client:
                from acctcli.store.repo import find_client_id

                try:
                    self.rule_clients[rule.client] = find_client_id(db, rule.client)[0]
                except AcctError as exc:
                    raise Invalid(
                        _("[[mail.rule]] #{number}: {error}").format(
                            number=rule.number, error=exc.message
                        )
                    ) from None
        self.report = ImportReport()
        self.pending: list[_Pending] = []
        self.seen: dict[tuple[str, str], dict[str, Any]] = {}
        self.folders: dict[tuple[str, str], dict[str, Any]] = {}
        self.progress = progress
        self.waiters: dict[tuple[str, object], list[list[Any]]] = {}
        for r in waiting_messages(db, owner):
            self._wait(
                r["id"],
                r["client_id"],
                r["counterpart"],
                r["date"],
                r["state"],
                bool(r["outgoing"]),
            )

    def _wait(
        self, mid: int, client_id: Any, counterpart: str, when: Any, state: str, out: bool
    ) -> None:
        from acctcli.domain.dates import as_datetime

        if when is None:
            return
        key = _waiter_key(client_id, counterpart)
        self.waiters.setdefault(key, []).append([mid, as_datetime(when), state, out])

    # -- adding ---------------------------------------------------------------------------
    def add(
        self,
        msg: Message,
        *,
        source: str,
        location: str,
        sent_folder: bool = False,
        seen: dict[str, Any] | None = None,
        prepared: Prepared | None = None,
    ) -> None:
        """`prepared`: `prepare(msg)`, when it was worked out already (by a worker)."""
        match = match_message(self.index, msg.from_addr, msg.to_addrs, sent_folder=sent_folder)
        if prepared is None:
            prepared = prepare(msg)
        category, urgent_words = prepared.category, prepared.urgent_words
        changes = apply_rules(
            self.settings.rules,
            RuleInput(msg.from_addr, msg.from_name, msg.to_addrs, msg.subject, msg.text),
        )
        client_id, contact_id = match.client_id, match.contact_id
        if "client" in changes:
            client_id = self.rule_clients[str(changes["client"])]
            if client_id != match.client_id:
                contact_id = None
        category = str(changes.get("category", category))
        priority = changes.get("priority")
        if priority is None:
            priority = priority_for(
                category,
                urgent_words=urgent_words,
                urgent_contact=match.urgent_contact,
                bulk=msg.bulk,
                known_sender=client_id is not None or match.outgoing,
            )
        when = self.settings.local(msg.date) or self.now
        if when > self.latest:  # dated in the future (spam does that): not above today's mail
            when = self.latest
        state = changes.get("state")
        if state is None:
            if match.outgoing:
                state = "waiting" if match.counterpart else "done"
            else:
                state = "new"
            if when < self.history_before:
                state = "done"
                self.report.history += 1
        row = {
            "owner": self.owner,
            "key": msg.key,
            "message_id": msg.message_id,
            "fingerprint": msg.fingerprint or None,
            "shares_id": False,
            "date": when.replace(microsecond=0),
            "from_addr": msg.from_addr,
            "from_name": msg.from_name[:NAME_MAX],
            "to_addrs": ", ".join(msg.to_addrs)[:TO_MAX],
            "counterpart": match.counterpart,
            "subject": msg.subject[:SUBJECT_MAX],
            "snippet": msg.snippet,
            "client_id": client_id,
            "contact_id": contact_id,
            "urgent": match.urgent_contact and contact_id == match.contact_id,
            "category": category,
            "priority": int(priority),  # type: ignore[call-overload]
            "state": state,
            "after_hours": (not match.outgoing) and self.settings.hours.outside(when),
            "outgoing": match.outgoing,
            "source": source,
            "location": location,
            "imported_at": self.now,
        }
        attachments = [(a.filename[:FILENAME_MAX], a.size) for a in msg.attachments]
        self.pending.append(_Pending(row, attachments, msg.date is not None, _mail_text(msg)))
        if seen is not None:
            self.mark_seen(seen)
        if len(self.pending) >= BATCH:
            self.flush()

    def mark_seen(self, row: dict[str, Any]) -> None:
        """Record a file (or an mbox offset) as done with the next batch."""
        self.seen[(row["source"], row["name"])] = {"owner": self.owner, **row}

    def mark_folder(
        self, account: str, folder: str, uidvalidity: int, last_uid: int, messages: int
    ) -> None:
        """Record how far an IMAP folder has been fetched, with the next batch."""
        self.folders[(account, folder)] = {
            "owner": self.owner,
            "account": account,
            "folder": folder,
            "uidvalidity": uidvalidity,
            "last_uid": last_uid,
            "messages": messages,
        }

    def fail(self, name: str, reason: str) -> None:
        self.report.failures.append((name, reason))
        if self.progress:
            self.progress(1)

    # -- writing --------------------------------------------------------------------------
    def flush(self) -> None:
        pending, self.pending = self.pending, []
        seen, self.seen = list(self.seen.values()), {}
        folders, self.folders = list(self.folders.values()), {}
        if not pending and not seen and not folders:
            return
        with self.db.transaction():
            lock_mailbox(self.db, self.owner)
            fresh, ids = self._insert(pending)
            insert_attachments(
                self.db,
                [
                    (ids[p.row["key"]], position, name, size)
                    for p in fresh
                    for position, (name, size) in enumerate(p.attachments)
                ],
            )
            add_mail_touches(
                self.db,
                [
                    MailTouch(
                        r["client_id"],
                        r["contact_id"],
                        r["date"],
                        r["subject"],
                        self.owner,
                        ids[r["key"]],
                    )
                    for r in (p.row for p in fresh)
                    if r["outgoing"] and r["client_id"] is not None
                ],
            )
            reports = [
                (p.row["client_id"], ids[p.row["key"]], p.row["date"], p.row["subject"])
                for p in fresh
                if p.row["outgoing"] and p.row["client_id"] is not None and p.attachments
            ]
            if reports:
                from acctcli.services.reports import record_mail_reports

                record_mail_reports(self.db, reports, now=self.now)
            self._apply_replies([p.row for p in fresh], ids)
            upsert_seen(self.db, seen)
            upsert_folders(self.db, folders)
            # the search index, in this transaction: these messages with their text (issue 18)
            if fresh:
                from acctcli.store.search import refresh as refresh_search

                refresh_search(self.db, {ids[p.row["key"]]: p.text for p in fresh})
        self.report.imported += len(fresh)
        self.report.known += len(pending) - len(fresh)
        if self.progress:
            self.progress(len(pending))

    def _insert(self, pending: list[_Pending]) -> tuple[list[_Pending], dict[str, int]]:
        """Store the pending messages not stored yet; give those this writer inserted (and
        no other: only they get attachments, touches and count as imported) and their ids.

        A message whose key is stored is the same message when its fingerprint matches
        (already known); otherwise it only shares the Message-ID, and is stored under
        `<id>#<fingerprint>`, both flagged.  Whatever another writer stored meanwhile is left
        alone (INSERT … ON CONFLICT DO NOTHING), and the loser of such a race looks again."""
        fresh: list[_Pending] = []
        ids: dict[str, int] = {}
        todo = pending
        for _round in range(6):  # a key is settled in at most four: first, again, shared, again
            if not todo:
                break
            stored = stored_identities(self.db, self.owner, list({p.row["key"] for p in todo}))
            attempt: dict[str, _Pending] = {}
            later: list[_Pending] = []
            shared: list[str] = []
            backfill: list[tuple[int, str]] = []
            for p in todo:
                key = p.row["key"]
                found = stored.get(key)
                if key in attempt:  # twice in this batch: decided once the first is stored
                    later.append(p)
                elif found is None:
                    attempt[key] = p
                elif self._same(p, found, backfill) or p.row["shares_id"]:
                    continue  # already known (a second `<id>#<print>` is the same content)
                else:
                    shared.append(key)
                    p.row["shares_id"] = True
                    from acctcli.mail.identity import shared_key

                    p.row["key"] = shared_key(key, p.row["fingerprint"])
                    later.append(p)
            set_fingerprints(self.db, backfill)
            flag_shared_ids(self.db, self.owner, shared)
            got = insert_messages(self.db, [p.row for p in attempt.values()])
            for key, p in attempt.items():
                if key in got:
                    fresh.append(p)
                    ids[key] = got[key]
                else:  # another writer stored this key first: look again
                    later.append(p)
            todo = later
        assert not todo, "every round settles or renames each message"
        return fresh, ids

    def _same(self, p: _Pending, found: StoredIdentity, backfill: list[tuple[int, str]]) -> bool:
        """Whether a pending message is the stored one with its key."""
        row = p.row
        if row["message_id"] is None or not row["fingerprint"]:
            return True  # keyed by its content already (or nothing to tell them apart by)
        if found.fingerprint is not None:
            return bool(found.fingerprint == row["fingerprint"])
        # stored before fingerprints: the same sender (and moment, when the message is dated)
        from acctcli.domain.dates import as_datetime

        same = found.from_addr.lower() == str(row["from_addr"]).lower() and (
            not p.dated or found.date is None or as_datetime(found.date) == row["date"]
        )
        if same:
            backfill.append((found.id, row["fingerprint"]))
        return same

    def _apply_replies(self, rows: list[dict[str, Any]], ids: dict[str, int]) -> None:
        """A reply from the client settles sent mail that waited for it and brings back
        mail that was snoozed (when [mail] wake_on_reply) or set to wait for them."""
        updates: list[tuple[int, str, None]] = []
        for r in rows:
            if r["outgoing"] and r["state"] == "waiting":
                if self._has_reply(r):
                    updates.append((ids[r["key"]], "done", None))
                else:
                    self._wait(
                        ids[r["key"]], r["client_id"], r["counterpart"], r["date"], "waiting", True
                    )
        for r in rows:
            if r["outgoing"] or not self.waiters:
                continue
            waiting = self.waiters.get(_waiter_key(r["client_id"], r["counterpart"]))
            if not waiting:
                continue
            for entry in list(waiting):
                mid, when, state, out = entry
                if when >= r["date"]:
                    continue
                if out:
                    updates.append((mid, "done", None))
                elif state == "waiting" or self.settings.wake_on_reply:
                    updates.append((mid, "new", None))
                else:
                    continue
                waiting.remove(entry)
        set_states(self.db, updates)  # a snooze ends with it

    def _has_reply(self, r: dict[str, Any]) -> bool:
        return has_reply(
            self.db,
            self.owner,
            client_id=r["client_id"],
            counterpart=r["counterpart"],
            after=r["date"],
        )
