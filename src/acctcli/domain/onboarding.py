"""Onboarding checklists: due dates, dependencies, what is blocked, overdue, done.

Pure: dates and holidays come in as arguments; nothing here reads the clock or the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from dateutil import rrule

from acctcli.domain.clients import Client
from acctcli.domain.onboarding_template import Template, TemplateStep
from acctcli.errors import Conflict, Invalid, NotFound
from acctcli.i18n import _, ngettext


@dataclass(frozen=True)
class Step:
    """One step of a client's checklist, as stored."""

    position: int
    key: str
    title: str
    role: str
    due: date
    after: tuple[str, ...] = ()
    done_on: date | None = None
    records: str | None = None
    touch: str | None = None  # a conversation: ticking it logs a touch of this kind

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class StepView:
    """A step as of a day: its state and what it waits for."""

    step: Step
    state: str  # done | blocked | overdue | due | upcoming
    days_overdue: int
    blocked_by: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class PastChecklist:
    template: str
    start: date
    archived_at: datetime
    done: int
    total: int


@dataclass(frozen=True)
class Checklist:
    client: Client
    template: str
    start: date
    day: date
    steps: list[StepView]
    completed_on: date | None = None
    created: bool = False
    changes: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    previous: list[PastChecklist] = field(default_factory=list)

    @property
    def progress(self) -> tuple[int, int]:
        return progress([v.step for v in self.steps])

    @property
    def urgent_contact(self) -> str | None:
        urgent = [c.name for c in self.client.contacts if c.urgent]
        return urgent[0] if urgent else None

    def recorded(self, records: str | None) -> str | None:
        if records == "channel":
            return self.client.channel
        if records == "urgent-contact":
            return self.urgent_contact
        return None


IsWorking = Callable[[date], bool]


def weekdays_only(day: date) -> bool:
    return day.weekday() < 5


def working_day_offset(start: date, days: int, is_working: IsWorking = weekdays_only) -> date:
    """The `days`-th working day after `start`; 0 gives `start` itself, or the next working
    day when `start` is a weekend or holiday (so each further day lands one later)."""
    every_day = rrule.rrule(
        rrule.DAILY,
        dtstart=datetime(start.year, start.month, start.day),
        count=days * 7 + 366,  # generous: a week per working day, plus a year
    )
    count = -1
    for moment in every_day:
        if is_working(moment.date()):
            count += 1
            if count == days:
                return moment.date()
    raise Invalid(
        ngettext(
            "cannot count {days} working day from {start}: "
            "the calendar has almost no working days (check [calendar] in config.toml)",
            "cannot count {days} working days from {start}: "
            "the calendar has almost no working days (check [calendar] in config.toml)",
            days,
        ).format(days=days, start=start.isoformat())
    )


def due_date(start: date, step: TemplateStep, is_working: IsWorking = weekdays_only) -> date:
    if step.business:
        return working_day_offset(start, step.offset, is_working)
    return start + timedelta(days=step.offset)


def plan_steps(
    template: Template, services: Iterable[str], start: date, is_working: IsWorking = weekdays_only
) -> list[Step]:
    """The template's steps for a client buying `services`, with due dates from `start`.

    Steps for services the client does not buy are left out; a step that waited for a
    left-out step waits for what that one waited for instead.
    """
    bought = set(services)
    by_key = {s.key: s for s in template.steps}
    kept = {s.key for s in template.steps if s.applies_to(bought)}
    resolved: dict[str, list[str]] = {}  # a left-out step → the kept steps it stands for

    def stands_for(key: str) -> list[str]:
        """The kept steps a left-out step's waits lead to (iteratively, each step once)."""
        if key in resolved:
            return resolved[key]
        result: list[str] = []
        seen = {key}
        todo = list(reversed(by_key[key].after))
        while todo:
            k = todo.pop()
            if k in kept:
                result.append(k)
            elif k in resolved:
                result.extend(resolved[k])
            elif k not in seen:
                seen.add(k)
                todo.extend(reversed(by_key[k].after))
        resolved[key] = list(dict.fromkeys(result))
        return resolved[key]

    def effective(keys: Iterable[str]) -> list[str]:
        result: list[str] = []
        for key in keys:
            result.extend([key] if key in kept else stands_for(key))
        return list(dict.fromkeys(result))

    waits = {s.key: effective(s.after) for s in template.steps if s.key in kept}
    steps: list[Step] = []
    for step in template.steps:
        if step.key not in kept:
            continue
        direct = waits[step.key]
        # a left-out step can leave a redundant wait: drop what another wait implies (only a
        # step with several waits can have one; a chain stays linear)
        implied = set().union(*(_ancestors(waits, k) for k in direct)) if len(direct) > 1 else set()
        steps.append(
            Step(
                position=len(steps) + 1,
                key=step.key,
                title=step.title,
                role=step.role,
                due=due_date(start, step, is_working),
                after=tuple(k for k in direct if k not in implied),
                records=step.records,
                touch=step.touch,
            )
        )
    return steps


def _ancestors(waits: dict[str, list[str]], key: str) -> set[str]:
    found: set[str] = set()
    todo = list(waits[key])
    while todo:
        k = todo.pop()
        if k not in found:
            found.add(k)
            todo.extend(waits[k])
    return found


def view_steps(steps: Sequence[Step], day: date) -> list[StepView]:
    """Each step's state on `day`."""
    done = {s.key for s in steps if s.done}
    views = []
    for s in steps:
        blocked_by = tuple(k for k in s.after if k not in done)
        late = max((day - s.due).days, 0) if not s.done else 0
        if s.done:
            state = "done"
        elif blocked_by:
            state = "blocked"
        elif s.due < day:
            state = "overdue"
        elif s.due == day:
            state = "due"
        else:
            state = "upcoming"
        views.append(StepView(s, state, late, blocked_by))
    return views


def progress(steps: Sequence[Step]) -> tuple[int, int]:
    return sum(1 for s in steps if s.done), len(steps)


def topological(steps: Sequence[Step]) -> list[str]:
    """Keys so that every step comes after the steps it waits for (ties: checklist order):
    layer by layer — the steps waiting for nothing unplaced, in checklist order, then those
    that only waited for them… (Kahn's algorithm: linear, whatever the order of the waits)."""
    by_position = sorted(steps, key=lambda s: s.position)
    keys = {s.key for s in steps}
    rank = {s.key: n for n, s in enumerate(by_position)}
    waiting = {s.key: len({k for k in s.after if k in keys}) for s in by_position}
    children: dict[str, list[str]] = {}
    for s in by_position:
        for k in dict.fromkeys(s.after):
            if k in keys:
                children.setdefault(k, []).append(s.key)
    layer = [s.key for s in by_position if waiting[s.key] == 0]
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(by_position):
        if not layer:  # a stored cycle cannot happen (templates are checked); keep going
            layer = [s.key for s in by_position if s.key not in placed][:1]
        following: list[str] = []
        for key in layer:
            order.append(key)
            placed.add(key)
        for key in layer:
            for child in children.get(key, ()):
                waiting[child] -= 1
                if waiting[child] == 0 and child not in placed:
                    following.append(child)
        layer = sorted(dict.fromkeys(following), key=rank.__getitem__)
    return order


def resolve_step(steps: Sequence[Step], ref: str) -> str:
    """A step by key, or by its number in the checklist (1-based)."""
    text = ref.strip()
    keys = [s.key for s in steps]
    if text in keys:
        return text
    if text.isdigit() and 1 <= int(text) <= len(steps):
        return sorted(steps, key=lambda s: s.position)[int(text) - 1].key
    lowered = text.lower()
    if lowered in keys:
        return lowered
    import difflib

    close = difflib.get_close_matches(lowered, keys, n=1)
    if close:
        hint = _("did you mean {step!r}? steps: {steps} (or their numbers)")
    else:
        hint = _("steps: {steps} (or their numbers)")
    raise NotFound(
        _("no step {ref!r} in this checklist").format(ref=ref),
        hint.format(step=close[0] if close else "", steps=", ".join(keys)),
    )


def apply_marks(
    steps: Sequence[Step], done: Sequence[str], undo: Sequence[str], day: date, start: date
) -> tuple[list[Step], list[tuple[str, str]]]:
    """Mark `done` steps done on `day` and reopen `undo` ones.

    Undos go first (dependents before what they wait for), then dones (dependencies first),
    so one command may tick a step and the step after it.  A step cannot be done while a
    step it waits for is open, nor reopened while a step after it is done.  Gives the new
    steps and what changed, as (key, "done" | "undone" | "already done" | "not done").
    """
    both = set(done) & set(undo)
    if both:
        raise Invalid(
            _("step {key!r} is given both to --done and --undo").format(key=sorted(both)[0])
        )
    if done and day < start:
        raise Invalid(
            _("{day} is before the checklist starts ({start})").format(
                day=day.isoformat(), start=start.isoformat()
            ),
            _("use --date to say when it was done"),
        )
    by_key = {s.key: s for s in steps}
    order = topological(steps)
    changes: list[tuple[str, str]] = []
    for key in sorted(set(undo), key=order.index, reverse=True):
        step = by_key[key]
        if not step.done:
            changes.append((key, "not done"))
            continue
        waiting = [s.key for s in by_key.values() if key in s.after and s.done]
        if waiting:
            raise Conflict(
                ngettext(
                    "cannot reopen {key!r}: {steps} after it is done",
                    "cannot reopen {key!r}: {steps} after it are done",
                    len(waiting),
                ).format(key=key, steps=_listing(waiting)),
                ngettext(
                    "reopen that too: {options}", "reopen those too: {options}", len(waiting)
                ).format(options=" ".join(f"--undo {k}" for k in waiting)),
            )
        by_key[key] = replace(step, done_on=None)
        changes.append((key, "undone"))
    for key in sorted(set(done), key=order.index):
        step = by_key[key]
        if step.done:
            changes.append((key, "already done"))
            continue
        blocking = [k for k in step.after if not by_key[k].done]
        if blocking:
            chain = _open_ancestors(by_key, key)
            options = " ".join(f"--done {k}" for k in sorted(chain, key=order.index) + [key])
            raise Conflict(
                _("cannot mark {key!r} done: it waits for {steps}").format(
                    key=key, steps=_listing(blocking)
                ),
                _("tick those first (one command may do all): {options}").format(options=options),
            )
        before = [k for k in step.after if (by_key[k].done_on or day) > day]
        if before:
            first = by_key[before[0]]
            raise Invalid(
                _(
                    "cannot mark {key!r} done on {day}: {first!r}, which it waits for,"
                    " was done later ({done_on})"
                ).format(key=key, day=day.isoformat(), first=first.key, done_on=first.done_on),
                _("give the day it was really done with --date"),
            )
        by_key[key] = replace(step, done_on=day)
        changes.append((key, "done"))
    return [by_key[s.key] for s in steps], changes


def _open_ancestors(by_key: dict[str, Step], key: str) -> set[str]:
    """Every open step `key` waits for, directly or through others."""
    found: set[str] = set()
    todo = [key]
    while todo:
        for k in by_key[todo.pop()].after:
            if k not in found and not by_key[k].done:
                found.add(k)
                todo.append(k)
    return found


def _listing(keys: Sequence[str]) -> str:
    return ", ".join(repr(k) for k in keys)
