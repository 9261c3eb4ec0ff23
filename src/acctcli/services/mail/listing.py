"""Mail in the store: list it as of a day, change its state, summarise it for the morning, and
read a message's full text again from where it came from.

Typer-free and Rich-free: `list_messages` is what a fast `acct mail list` calls directly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from acctcli.domain.dates import as_date, as_datetime
from acctcli.domain.triage import CATEGORIES, STATES, shown_state
from acctcli.errors import Invalid, NotFound
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.store.db import Database
from acctcli.store.mail import (
    Scope,
    attachment_names,
    count_messages,
    linked_messages,
    mail_groups,
    message_key,
    messages_by_id,
    morning_mail,
    ranked_messages,
    set_states,
)

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:
    from acctcli.config.mail import MailSettings


class MailFilter(NamedTuple):
    state: str | None = None
    client_id: int | None = None
    category: str | None = None
    include_all: bool = False  # done, snoozed and quiet (sent, inside the reply window) too

    def check(self) -> MailFilter:
        """The filter itself, or an error naming what is wrong."""
        if self.state is not None and self.state not in STATES:
            raise Invalid(
                _("bad state {state}: use one of {states}").format(
                    state=repr(self.state), states=", ".join(STATES)
                )
            )
        if self.category is not None and self.category not in CATEGORIES:
            raise Invalid(
                _("bad category {category}: use one of {categories}").format(
                    category=repr(self.category), categories=", ".join(CATEGORIES)
                )
            )
        return self


class MessageView(NamedTuple):
    """One message as listed (a named tuple: cheap to make by the thousand)."""

    id: int
    message_id: str | None
    date: datetime | None
    from_addr: str
    from_name: str
    to_addrs: str
    subject: str
    snippet: str
    client_id: int | None
    client: str | None
    category: str
    priority: int
    state: str  # as shown on the day asked
    stored_state: str
    after_hours: bool
    outgoing: bool
    snooze_until: dt.date | None
    urgent_contact: bool
    source: str
    location: str
    shares_id: bool = False  # another stored message has its Message-ID (issue 14)

    @property
    def urgent(self) -> bool:
        """An incident from a client, or anything from a client's urgent contact."""
        return (self.category == "incident" and self.client_id is not None) or self.urgent_contact


def _view(row: Any, day: date, wait_days: int) -> tuple[MessageView, bool]:
    """A row of store.mail's listed messages as shown on `day`, and whether it is shown."""
    when = None if row["date"] is None else as_datetime(row["date"])
    until = None if row["snooze_until"] is None else as_date(row["snooze_until"])
    outgoing = bool(row["outgoing"])
    state, visible = shown_state(
        row["state"],
        outgoing=outgoing,
        sent_on=when.date() if when else None,
        snooze_until=until,
        day=day,
        wait_days=wait_days,
    )
    view = MessageView(
        id=int(row["id"]),
        message_id=row["message_id"],
        date=when,
        from_addr=row["from_addr"],
        from_name=row["from_name"],
        to_addrs=row["to_addrs"],
        subject=row["subject"],
        snippet=row["snippet"],
        client_id=row["client_id"],
        client=row["client"],
        category=row["category"],
        priority=int(row["priority"]),
        state=state,
        stored_state=row["state"],
        after_hours=bool(row["after_hours"]),
        outgoing=outgoing,
        snooze_until=until if state == "snoozed" else None,
        urgent_contact=bool(row["urgent_contact"]),
        source=row["source"],
        location=row["location"],
        shares_id=bool(row["shares_id"]) if "shares_id" in row.keys() else False,
    )
    return view, visible


def _scope(filters: MailFilter, *, day: date, owner: str | None, wait_days: int) -> Scope:
    filters.check()
    quiet_after = dt.datetime.combine(day - dt.timedelta(days=wait_days - 1), dt.time())
    return Scope(
        day,
        quiet_after,
        filters.state,
        filters.include_all,
        owner,
        filters.client_id,
        filters.category,
    )


def list_messages(
    db: Database,
    filters: MailFilter,
    *,
    day: date,
    owner: str | None,
    wait_days: int = 3,
) -> list[MessageView]:
    """Messages as of `day`, most urgent first, then newest.  Default: everything still open
    (not done, not snoozed to a later day, not sent mail still inside its reply window)."""
    scope = _scope(filters, day=day, owner=owner, wait_days=wait_days)
    return [_view(r, day, wait_days)[0] for r in ranked_messages(db, scope)]


def list_page(
    db: Database,
    filters: MailFilter,
    *,
    day: date,
    owner: str | None,
    wait_days: int = 3,
    limit: int | None,
) -> tuple[list[MessageView], int]:
    """The first `limit` messages of the list (None: all), working-hours and urgent mail
    before the rest of what came after hours, and how many the whole list holds.  Counted
    and cut in SQL: a screenful costs the same with 100 or 100,000 open messages."""
    scope = _scope(filters, day=day, owner=owner, wait_days=wait_days)
    rows = ranked_messages(db, scope, limit=limit, day_first=True)
    views = [_view(r, day, wait_days)[0] for r in rows]
    total = len(views) if limit is None or len(views) < limit else count_messages(db, scope)
    return views, total


def linked_views(
    db: Database, incident_ids: Sequence[int], *, day: date
) -> dict[int, list[MessageView]]:
    """The messages that reported each of these incidents (as of `day`), by incident id."""
    out: dict[int, list[MessageView]] = {}
    for row in linked_messages(db, incident_ids):
        out.setdefault(int(row["incident_id"]), []).append(_view(row, day, 3)[0])
    return out


def get_messages(
    db: Database, ids: Sequence[int], *, day: date, wait_days: int = 3
) -> list[MessageView]:
    """The messages with these ids, in the order given; NotFound names the first unknown id."""
    if not ids:
        raise Invalid(_("no message id given"), _("see the ids with: acct mail list"))
    rows = messages_by_id(db, [int(i) for i in ids])
    found = {v.id: v for v in (_view(r, day, wait_days)[0] for r in rows)}
    for i in ids:
        if int(i) not in found:
            raise NotFound(
                _("no message with id {id}").format(id=i), _("see the ids with: acct mail list")
            )
    return [found[int(i)] for i in ids]


def set_state(
    db: Database,
    ids: Sequence[int],
    state: str,
    *,
    day: date,
    until: date | None = None,
) -> list[MessageView]:
    """Move messages to `state` (snoozed needs `until`); all or none."""
    if state not in STATES:
        raise Invalid(
            _("bad state {state}: use one of {states}").format(
                state=repr(state), states=", ".join(STATES)
            )
        )
    if state == "snoozed" and (until is None or until <= day):
        raise Invalid(_("a snooze needs a day after today: --until YYYY-MM-DD"))
    ids = list(dict.fromkeys(ids))  # `acct mail done 3 3` means message 3, once
    with db.transaction():
        views = get_messages(db, ids, day=day)
        set_states(db, [(v.id, state, until if state == "snoozed" else None) for v in views])
    return get_messages(db, ids, day=day)


class MailOverview:
    """What the morning dashboard shows of the mail."""

    def __init__(self) -> None:
        self.to_triage = 0  # shown as new
        self.needs_reply = 0
        self.waiting = 0  # sent or set aside, no answer within the reply window
        self.by_client: list[tuple[str | None, str, int]] = []
        self.top: list[MessageView] = []  # the urgent contact's first
        self.fires: list[MessageView] = []  # incident mail from clients: the most urgent few
        self.fires_total = 0
        self.after_hours: list[MessageView] = []
        self.after_hours_total = 0


def mail_overview(
    db: Database,
    *,
    day: date,
    owner: str | None,
    wait_days: int = 3,
    top: int = 5,
    few: int = 20,
) -> MailOverview:
    """Counts of mail to triage per client and category, the top subjects (the urgent
    contact's first), incident mail (a fire), and what arrived after hours — set apart, not
    mixed into the rest.  All counted and chosen in SQL."""
    scope = _scope(MailFilter(), day=day, owner=owner, wait_days=wait_days)
    overview = MailOverview()
    groups = mail_groups(db, scope) or []
    counts: Counter[tuple[str | None, str]] = Counter()
    for g in groups:
        if g.shown == "new":
            overview.to_triage += g.n
            counts[(g.client, g.category)] += g.n
        elif g.shown == "needs-reply":
            overview.needs_reply += g.n
        elif g.shown == "waiting":
            overview.waiting += g.n
    overview.by_client = sorted(
        ((client, category, n) for (client, category), n in counts.items()),
        key=lambda item: (item[0] is None, (item[0] or "").casefold(), _category_rank(item[1])),
    )
    if not overview.to_triage and not overview.needs_reply:
        return overview

    def views(part: str, limit: int) -> tuple[list[MessageView], int]:
        rows, total = morning_mail(db, scope, groups, part, limit)
        return [_view(r, day, wait_days)[0] for r in rows], total

    overview.fires, overview.fires_total = views("fires", few)
    overview.top, _total = views("top", top)
    overview.after_hours, overview.after_hours_total = views("after_hours", few)
    return overview


def _category_rank(category: str) -> int:
    """Categories in their usual order; one the store holds from elsewhere, last."""
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


class FullText(NamedTuple):
    view: MessageView
    text: str
    from_source: bool  # False: the source is gone (or on a server); the snippet is shown
    attachments: tuple[tuple[str, int], ...] = ()
    left_out: int = 0  # bytes of the text not shown (read with a limit); 0: all of it


SHOW_BYTES = 64 * 1024  # of a message's text shown by default: a screenful many times over
SHOW_LINES = 2000


def message_text(
    db: Database,
    message_id: int,
    *,
    day: date,
    settings: MailSettings | None = None,
    limit: int | None = SHOW_BYTES,
) -> FullText:
    """A message's whole text, read again from its file (or mbox offset) when still there,
    or fetched from its IMAP server (given the mail settings with the account).

    With `limit`, only about that many bytes of the text (and SHOW_LINES lines) are read,
    decoded and returned, and `left_out` says how much more there is: a 50 MB body is shown
    as quickly as a short one."""
    view = get_messages(db, [message_id], day=day)[0]
    key = message_key(db, view.id)
    attachments = tuple(attachment_names(db, view.id))
    max_bytes = (settings.max_message_mb if settings is not None else 100) * 1024 * 1024
    raw = _read_source(view.source, view.location, max_bytes)
    if raw is None and view.source == "imap" and settings is not None:
        from acctcli.services.mail.sync import fetch_message

        raw = fetch_message(settings, view.location)
    if raw is not None:
        from acctcli.mail.mime import read_text
        from acctcli.mail.parse import UnreadableMessage, parse_message

        try:
            same = parse_message(raw).key == key
        except UnreadableMessage:
            same = False
        if same:
            try:
                text, left_out = read_text(raw, limit=limit)
            except Exception as exc:  # a parser bug: the headers and the note still show
                text = _("(the body could not be read: {error})").format(error=type(exc).__name__)
                left_out = 0
            if limit is not None and text.count("\n") >= SHOW_LINES:
                lines = text.split("\n")
                text = "\n".join(lines[:SHOW_LINES])
                left_out += len("\n".join(lines[SHOW_LINES:]).encode("utf-8")) + 1
            return FullText(view, text, True, attachments, left_out)
    return FullText(view, view.snippet, False, attachments)


def _read_source(source: str, location: str, max_bytes: int) -> bytes | None:
    """The message's bytes where it was imported from; None when gone, unreadable, not a
    regular file, or larger than `max_bytes` (never read whole into memory then)."""
    from acctcli.mail.detect import name_path  # names are bytes: stored reversibly

    try:
        if source == "mbox":
            from acctcli.mail.mbox import read_at

            path, _hash, offset = location.rpartition("#")
            if not offset.isdigit():
                return None
            return read_at(name_path(path), int(offset), limit=max_bytes)
        if source in ("maildir", "eml"):
            file = name_path(location)
            if not file.is_file() and source == "maildir":
                from acctcli.mail.maildir import base_name, find_moved

                moved = find_moved(file.parent.parent, base_name(file.name))
                file = moved if moved is not None else file
            if not file.is_file():  # a FIFO or a device now stands there: never read it
                return None
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
            return data if len(data) <= max_bytes else None
    except (OSError, ValueError):
        return None
    return None
