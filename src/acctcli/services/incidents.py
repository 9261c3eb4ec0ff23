"""Incidents: open, resolve, list — and the open ones for the morning dashboard."""

from __future__ import annotations

from datetime import date, datetime, time

from acctcli.domain.clients import name_key
from acctcli.domain.incidents import (
    Incident,
    check_moment,
    clean_severity,
    clean_title,
    parse_incident_id,
)
from acctcli.domain.labels import label
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.i18n import _
from acctcli.store import incidents as store
from acctcli.store.db import Database
from acctcli.store.mail import close_linked, incident_of_message, link_incident
from acctcli.store.repo import load_client

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0, tzinfo=None)


def open_incident(
    db: Database,
    client_ref: str | None,
    title: str | None,
    *,
    severity: str = "normal",
    at: datetime | None = None,
    now: datetime,
    from_mail: int | None = None,
) -> Incident:
    """Open a fire for a client (at `at`, default now).  From a message (`from_mail`): the
    title defaults to its subject, the client to its client, and the two are linked — the
    message shows under the incident, and resolving the incident marks it done."""
    severity = clean_severity(severity)
    opened = _minute(at or now)
    check_moment(opened, now, "--at")
    with db.transaction():
        message = _reporting_message(db, from_mail, client_ref, now.date()) if from_mail else None
        if message is not None:
            client_ref = client_ref or message.client
            title = title or message.subject
            if at is None and message.date is not None and message.date <= opened:
                opened = _minute(message.date)  # burning since it was reported
        if client_ref is None or title is None:
            raise Invalid(
                _("give the client and the title, or a message: --from-mail ID"),
                _('e.g. acct incident open "Пицца Мама" "Сайт не открывается"'),
            )
        title = clean_title(title)
        client = load_client(db, client_ref, opened.date())
        if client.status == "churned":
            raise Conflict(
                _("{client} has churned (no fires to fight for them)").format(client=client.name)
            )
        if opened.date() < client.since:
            raise Invalid(
                _("--at {day} is before {client} became a client ({since})").format(
                    day=opened.date(), client=client.name, since=client.since
                )
            )
        if message is not None:
            if message.client_id is not None and message.client_id != client.id:
                raise Conflict(
                    _("message {message} is {client}'s mail, not {other}'s").format(
                        message=f"M{message.id}", client=message.client, other=client.name
                    ),
                    _("leave the client out: acct incident open --from-mail {message}").format(
                        message=f"M{message.id}"
                    ),
                )
        for fire in store.unresolved_incidents(db, client.id):
            if name_key(fire.title) == name_key(title):
                raise Conflict(
                    _("{client} already has this fire open as I{id}").format(
                        client=client.name, id=fire.id
                    ),
                    _("resolve it with: acct incident resolve {id}").format(id=fire.id),
                )
        incident_id = store.insert_incident(db, client.id, title, severity, opened)
        if message is not None:
            link_incident(db, message.id, incident_id, client.id)
    return Incident(incident_id, client.name, client.id, title, severity, opened)


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    text = note.strip()
    if len(text) > 10_000:
        raise Invalid(_("the note is longer than 10,000 characters"))
    return text or None


def resolve_incident(
    db: Database,
    ident: str,
    *,
    at: datetime | None = None,
    now: datetime,
    note: str | None = None,
) -> Incident:
    """Close a fire (at `at`, default now), with what was done (`note`)."""
    resolution = _clean_note(note)
    incident_id = parse_incident_id(ident)
    resolved = _minute(at or now)
    check_moment(resolved, now, "--at")
    with db.transaction():
        incident = store.get_incident(db, incident_id)
        if incident is None:
            raise NotFound(
                _("no incident I{id}").format(id=incident_id),
                _("see: acct incident list --all"),
            )
        if incident.resolved_at is not None:
            raise Conflict(
                _("incident I{id} ({client}) was already resolved at {at}").format(
                    id=incident_id,
                    client=incident.client,
                    at=incident.resolved_at.isoformat(sep=" ", timespec="minutes"),
                )
            )
        if resolved < incident.opened_at:
            opened = incident.opened_at.isoformat(sep=" ", timespec="minutes")
            raise Invalid(
                _("--at {at} is before incident I{id} opened ({opened})").format(
                    at=resolved.isoformat(sep=" ", timespec="minutes"),
                    id=incident_id,
                    opened=opened,
                )
            )
        store.set_resolved(db, incident_id, resolved, resolution)
        close_linked(db, incident_id)
    return Incident(
        incident.id,
        incident.client,
        incident.client_id,
        incident.title,
        incident.severity,
        incident.opened_at,
        resolved,
        resolution,
    )


def edit_incident(
    db: Database,
    ident: str,
    *,
    now: datetime,
    title: str | None = None,
    severity: str | None = None,
    opened: datetime | None = None,
    resolved: datetime | None = None,
    note: str | None = None,
) -> tuple[str, list[tuple[str, str, str]]]:
    """Correct an incident: its title, severity, when it opened or was resolved, and the
    resolution; (what, [(field, old, new)…])."""
    if all(v is None for v in (title, severity, opened, resolved, note)):
        raise Invalid(_("nothing to change: give --title, --severity, --at, --resolved or --note"))
    incident_id = parse_incident_id(ident)
    with db.transaction():
        incident = store.get_incident(db, incident_id)
        if incident is None:
            raise NotFound(
                _("no incident I{id}").format(id=incident_id), _("see: acct incident list --all")
            )
        fields: dict[str, Any] = {}
        changes: list[tuple[str, str, str]] = []

        def stamp(at: datetime | None) -> str:
            return at.isoformat(sep=" ", timespec="minutes") if at else "—"

        if title is not None and clean_title(title) != incident.title:
            fields["title"] = clean_title(title)
            changes.append((_("title"), incident.title, fields["title"]))
        if severity is not None and clean_severity(severity) != incident.severity:
            fields["severity"] = clean_severity(severity)
            changes.append(
                (
                    _("severity"),
                    label("severity", incident.severity),
                    label("severity", fields["severity"]),
                )
            )
        new_opened = incident.opened_at
        if opened is not None:
            new_opened = _minute(opened)
            check_moment(new_opened, now, "--at")
            if new_opened != incident.opened_at:
                fields["opened_at"] = new_opened
                changes.append((_("opened"), stamp(incident.opened_at), stamp(new_opened)))
        new_resolved = incident.resolved_at
        if resolved is not None:
            if incident.resolved_at is None:
                raise Conflict(
                    _("incident I{id} is open: resolve it with acct incident resolve").format(
                        id=incident_id
                    )
                )
            new_resolved = _minute(resolved)
            check_moment(new_resolved, now, "--resolved")
            if new_resolved != incident.resolved_at:
                fields["resolved_at"] = new_resolved
                changes.append((_("resolved"), stamp(incident.resolved_at), stamp(new_resolved)))
        if new_resolved is not None and new_resolved < new_opened:
            raise Invalid(
                _(
                    "incident I{id} would be resolved ({resolved}) before it opened ({opened})"
                ).format(id=incident_id, resolved=stamp(new_resolved), opened=stamp(new_opened))
            )
        if note is not None:
            if incident.resolved_at is None:
                raise Conflict(
                    _(
                        "incident I{id} is open: its resolution is written when it is resolved"
                    ).format(id=incident_id),
                    _("acct incident resolve I{id} --note TEXT").format(id=incident_id),
                )
            cleaned = _clean_note(note)
            if cleaned != incident.resolution:
                fields["resolution"] = cleaned
                changes.append((_("resolution"), incident.resolution or "—", cleaned or "—"))
        if fields:
            store.update_incident(db, incident_id, **fields)
    return f"I{incident.id} ({incident.client})", changes


def _reporting_message(db: Database, message_id: int, client_ref: str | None, day: date) -> Any:
    """The message an incident is opened from; an error when it is unknown, already linked,
    or of no client when none is named."""
    from acctcli.services.mail.listing import get_messages

    view = get_messages(db, [message_id], day=day)[0]
    linked = incident_of_message(db, view.id)
    if linked is not None:
        raise Conflict(
            _("message {message} already reported incident {incident}").format(
                message=f"M{view.id}", incident=f"I{linked}"
            ),
            _("see: acct incident list"),
        )
    if view.client is None and client_ref is None:
        raise Invalid(
            _("message {message} is of no client: name the client").format(message=f"M{view.id}"),
            _("acct incident open CLIENT --from-mail {message}").format(message=f"M{view.id}"),
        )
    return view


def linked_mail(db: Database, incident_ids: list[int], *, day: date) -> dict[int, list[Any]]:
    """The messages that reported each of these incidents, by incident id."""
    from acctcli.services.mail.listing import linked_views

    return linked_views(db, incident_ids, day=day)


def as_of(day: date, today: date, now: datetime) -> datetime:
    """The moment a list "as of `day`" is taken: now for today, else the end of that day."""
    return now if day == today else datetime.combine(day, time(23, 59, 59))


def _ranked(incidents: list[Incident], at: datetime) -> list[Incident]:
    """Open fires first (high before normal, longest burning first), then the resolved ones,
    most recently resolved first."""
    burning = [i for i in incidents if i.is_open(at)]
    burning.sort(key=lambda i: (i.severity != "high", i.opened_at, i.id))
    out = [i for i in incidents if not i.is_open(at)]
    out.sort(key=lambda i: (i.resolved_at or i.opened_at, i.id), reverse=True)
    return burning + out


def open_incidents(db: Database, now: datetime, owner: str | None = None) -> list[Incident]:
    """Fires burning at `now` for the clients `owner` sees (None: everyone's); the
    dashboard's first section.  High severity first, then the longest burning."""
    return _ranked(store.incidents_at(db, now, owner, burning_only=True), now)


def list_incidents(
    db: Database, *, at: datetime, include_all: bool, owner: str | None
) -> list[Incident]:
    """Open fires as of `at`; with `include_all`, every fire opened by then."""
    if not include_all:
        return open_incidents(db, at, owner)
    return _ranked(store.incidents_at(db, at, owner, burning_only=False), at)
