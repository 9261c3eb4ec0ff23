"""`acct onboard`: make a client's checklist from a template, tick steps, finish onboarding.

The client's status follows the checklist: making one sets `onboarding`, ticking the last
step sets `active` (both kept as dated status history).  Steps that record something
(`records = "channel" | "urgent-contact"`) write it on the client itself, the one place
calls and the dashboard read it from.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from acctcli.domain.clients import Client
from acctcli.domain.labels import label
from acctcli.domain.onboarding import (
    Checklist,
    IsWorking,
    Step,
    apply_marks,
    plan_steps,
    progress,
    resolve_step,
    view_steps,
)
from acctcli.domain.onboarding_template import Template
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.i18n import N_, _
from acctcli.records import NamedTuple
from acctcli.services.onboarding.records import check_recorded, record_on_client
from acctcli.services.onboarding.templates import load_template, template_source
from acctcli.settings import Settings
from acctcli.store.db import Database
from acctcli.store.onboarding import (
    OpenChecklist,
    add_checklist,
    add_status,
    archive_checklist,
    archived_checklists,
    checklist_steps,
    current_checklist,
    delete_status,
    last_status,
    restate_only_status,
    set_completed,
    set_steps_done,
)
from acctcli.store.repo import load_client, load_clients, status_on

# The reasons onboarding writes in the status history: stored in English (FINISHED is
# looked for again), marked for the catalog so that a history shown in text can translate
# these two with _() (a reason a user typed has no translation and stays as typed).
# TRANSLATORS: a status change's reason in `acct client show`
STARTED = N_("onboarding started")
# TRANSLATORS: a status change's reason in `acct client show`
FINISHED = N_("onboarding done")


@dataclass(frozen=True)
class OnboardRequest:
    """What one `acct onboard` call asks for; None/empty means "not given"."""

    template: str | None = None
    start: date | None = None
    done: Sequence[str] = ()
    undo: Sequence[str] = ()
    channel: str | None = None
    urgent_contact: str | None = None
    reports: str | None = None  # the agreed report schedule (a cadence spec)
    restart: bool = False
    new: bool = False  # start one for a client long active (after a win-back, say)


def _create(
    db: Database,
    client: Client,
    template: Template,
    start: date,
    *,
    now: datetime,
    is_working: IsWorking,
) -> int:
    steps = plan_steps(template, client.services, start, is_working)
    return add_checklist(db, client.id, template.name, start, steps, now=now)


def _set_status(db: Database, client: Client, status: str, on: date, now: datetime) -> None:
    """Record `status` from `on` (never dated before the last change: history stays ordered).

    A client whose only history is the `active` row `client add` wrote on the same day simply
    starts as `onboarding` instead.
    """
    history = client.history
    reason = STARTED if status == "onboarding" else FINISHED
    if status == "onboarding" and len(history) == 1 and history[0].status == "active":
        if history[0].on == on:
            restate_only_status(db, client.id, status, reason)
            return
    last = max((h.on for h in history), default=on)
    add_status(db, client.id, status, on=max(on, last), reason=reason, now=now)


def _reopen_status(db: Database, client_id: int, completed_on: date) -> bool:
    """Undo the `active` row that finishing the checklist wrote, if it is still the last."""
    row = last_status(db, client_id)
    if row and row.status == "active" and row.reason == FINISHED and row.on >= completed_on:
        delete_status(db, row.id)
        return True
    return False


def _default_start(client: Client, day: date) -> date:
    """The contract start: `since`, or the day a churned client was won back."""
    start, churned = client.since, False
    for change in client.history:
        if change.on > day:
            break
        if churned and change.status != "churned":
            start = change.on
        churned = change.status == "churned"
    return start


def onboard(
    db: Database,
    ref: str,
    req: OnboardRequest,
    *,
    day: date,
    now: datetime,
    settings: Settings | None,
) -> Checklist:
    """Create the client's checklist on the first call; apply --done/--undo; show it.

    `settings` gives the user's templates and working-day calendar; None means the built-in
    template and the default calendar (the demo agency).
    """
    home = settings.home if settings else None
    with db.transaction():
        client = load_client(db, ref, day)
        current = current_checklist(db, client.id)
        template_ref, start = req.template, req.start
        if current is not None and req.restart:
            template_ref = template_ref or current.template
            start = start or current.start
            archive_checklist(db, current.id, now=now)
            current = None
        created = current is None
        if current is None and not req.new:
            _refuse_long_active(client, day)
        if current is None and req.new and start is None:
            if (day - _default_start(client, day)).days > ONBOARDING_WINDOW_DAYS:
                start = day  # a fresh start, not one dated years back
        if current is None:
            onboarding_id, start = _start(db, client, template_ref, start, day, now, settings)
            template_name = template_source(template_ref, home)[0]
            completed_on = None
        else:
            onboarding_id, template_name = current.id, current.template
            _check_same(client, current, req, home)
            start, completed_on = current.start, current.completed_on
        client = load_clients(db, day, [client.id])[0]
        steps = checklist_steps(db, onboarding_id)
        implied, notes = record_on_client(
            db, client, steps, req.channel, req.urgent_contact, req.reports, day=day, now=now
        )
        done = [resolve_step(steps, r) for r in req.done] + implied
        undo = [resolve_step(steps, r) for r in req.undo]
        client = load_clients(db, day, [client.id])[0]
        new_steps, changes = apply_marks(steps, list(dict.fromkeys(done)), undo, day, start)
        check_recorded(
            client,
            new_steps,
            [k for k, what in changes if what == "done"],
            has_reports=_has_reports(db, client.id),
        )
        set_steps_done(
            db,
            onboarding_id,
            [
                (s.key, s.done_on)
                for s, old in zip(new_steps, steps, strict=True)
                if s.done_on != old.done_on
            ],
        )
        notes += _step_touches(
            db,
            client,
            onboarding_id,
            new_steps,
            changes,
            day=day,
            now=now,
            by=settings.user if settings else None,
        )
        finished, total = progress(new_steps)
        if finished == total and completed_on is None and total:
            completed_on = day
            set_completed(db, onboarding_id, day)
            if status_on(client.history, day) == "onboarding":
                _set_status(db, client, "active", day, now)
                notes.append(
                    _("onboarding complete: {client} is active from {day}").format(
                        client=client.name, day=day
                    )
                )
        elif finished < total and completed_on is not None:
            set_completed(db, onboarding_id, None)
            if _reopen_status(db, client.id, completed_on):
                notes.append(_("{client} is back to onboarding").format(client=client.name))
            completed_on = None
        client = load_clients(db, day, [client.id])[0]
        return Checklist(
            client=client,
            template=template_name,
            start=start,
            day=day,
            steps=view_steps(new_steps, day),
            completed_on=completed_on,
            created=created,
            changes=changes,
            notes=notes,
            previous=archived_checklists(db, client.id),
        )


# A client active longer than this (from its contract start) has nothing to onboard: a
# checklist for it takes `--new` (issue 15: a look at an old client built one dated years ago)
ONBOARDING_WINDOW_DAYS = 60


def _refuse_long_active(client: Client, day: date) -> None:
    if client.status != "active":
        return
    since = _default_start(client, day)
    if (day - since).days <= ONBOARDING_WINDOW_DAYS:
        return
    raise Conflict(
        _("{client} is active since {day}: there is no onboarding to start").format(
            client=client.name, day=since.isoformat()
        ),
        _("a fresh onboarding (after a win-back, say): acct onboard {client} --new").format(
            client=shlex.quote(client.name)
        ),
    )


class Dropped(NamedTuple):
    client: str
    steps: int
    done: int
    status: str  # the client's status after the drop
    since: date


def drop(db: Database, ref: str, *, day: date, now: datetime) -> Dropped:
    """Drop the client's current checklist (its steps with it) and the status changes it
    wrote, so the client is back where it was before it (`acct onboard CLIENT --drop`)."""
    from acctcli.store.onboarding import delete_checklist, onboarding_statuses

    with db.transaction():
        client = load_client(db, ref, day)
        current = current_checklist(db, client.id)
        if current is None:
            raise NotFound(
                _("{client} has no onboarding checklist to drop").format(client=client.name)
            )
        steps = checklist_steps(db, current.id)
        for row in onboarding_statuses(db, client.id, current.id, (STARTED, FINISHED)):
            delete_status(db, row)
        delete_checklist(db, current.id)
        last = last_status(db, client.id)
        if last is not None and last.status == "onboarding" and last.reason == STARTED:
            if len(load_client(db, client.name, day).history) == 1:  # `client add`'s row
                restate_only_status(db, client.id, "active", None)
            else:
                delete_status(db, last.id)
        after = load_client(db, client.name, day)
    return Dropped(
        after.name,
        len(steps),
        sum(1 for s in steps if s.done_on is not None),
        after.status,
        _default_start(after, day),
    )


def _step_touches(
    db: Database,
    client: Client,
    onboarding_id: int,
    steps: list[Step],
    changes: list[tuple[str, str]],
    *,
    day: date,
    now: datetime,
    by: str | None,
) -> list[str]:
    """A conversation step (`touch = "call"` in its template) just ticked logs a touch with the
    client on its day — so a client onboarded yesterday is not "never contacted" today; one
    reopened takes its touch back."""
    from acctcli.store.calls import insert_touch
    from acctcli.store.onboarding import delete_step_touches, step_ids

    by_key = {s.key: s for s in steps}
    talks = [(k, what) for k, what in changes if by_key[k].touch]
    ids = step_ids(db, onboarding_id, [k for k, _what in talks])
    delete_step_touches(db, [ids[k] for k, what in talks if what == "undone"])
    notes = []
    at = datetime.combine(day, now.time()) if day != now.date() else now
    for key, what in talks:
        step = by_key[key]
        if what != "done" or step.touch is None:
            continue
        channel = {"call": "phone", "meeting": "meeting"}.get(step.touch, client.channel)
        insert_touch(
            db,
            client_id=client.id,
            contact_id=None,
            channel=channel or "messenger",
            at=max(at.replace(microsecond=0), datetime.combine(client.since, time())),
            note=step.title,
            next_date=None,
            source="onboarding",
            logged_by=by,
            kind=step.touch,
            step_id=ids[key],
        )
        notes.append(
            _("logged a {kind} with {client}: {step}").format(
                kind=label("touch", step.touch), client=client.name, step=step.key
            )
        )
    return notes


def _start(
    db: Database,
    client: Client,
    template_ref: str | None,
    start: date | None,
    day: date,
    now: datetime,
    settings: Settings | None,
) -> tuple[int, date]:
    if client.status not in ("active", "onboarding"):
        raise Conflict(
            _("{client} is {status}: onboarding is for a client who is starting").format(
                client=client.name, status=label("status", client.status)
            ),
            _('resume the client first: acct client resume "{client}"').format(client=client.name),
        )
    template = load_template(template_ref, settings.home if settings else None)
    start = start or _default_start(client, day)
    if start < client.since:
        raise Invalid(
            _("--start {start} is before {client} became a client ({since})").format(
                start=start, client=client.name, since=client.since
            ),
            _("change the contract start with: acct client edit NAME --since DATE"),
        )
    onboarding_id = _create(db, client, template, start, now=now, is_working=_is_working(settings))
    if client.status != "onboarding":
        _set_status(db, client, "onboarding", start, now)
    return onboarding_id, start


def _is_working(settings: Settings | None) -> IsWorking:
    """Working days from config.toml's [calendar]; without settings, the default country's."""
    from acctcli.domain.cadence import WorkCalendar
    from acctcli.services.workdays import (
        DEFAULT_COUNTRY,
        PublicHolidays,
        calendar_config,
        work_calendar,
    )

    if settings is None:
        return WorkCalendar(public=PublicHolidays(DEFAULT_COUNTRY, None, None)).is_working
    return work_calendar(calendar_config(settings)).is_working


def _check_same(
    client: Client, current: OpenChecklist, req: OnboardRequest, home: Path | None
) -> None:
    """--template / --start that differ from the existing checklist need --restart."""
    hint = _("start it again with --restart (the old checklist is kept in history)")
    if req.template is not None and template_source(req.template, home)[0] != current.template:
        raise Conflict(
            _("{client} already has an onboarding checklist from template {template}").format(
                client=client.name, template=repr(current.template)
            ),
            hint,
        )
    if req.start is not None and req.start != current.start:
        raise Conflict(
            _("{client}'s onboarding checklist started on {start}").format(
                client=client.name, start=current.start
            ),
            hint,
        )


def _has_reports(db: Database, client_id: int) -> bool:
    from acctcli.store.reports import schedule_of

    return schedule_of(db, client_id) is not None
