"""Onboarding checklists on the terminal and as JSON."""

from __future__ import annotations

import shlex
from typing import Any

from acctcli.domain.labels import label
from acctcli.domain.onboarding import Checklist, StepView
from acctcli.i18n import _, ngettext, npgettext
from acctcli.render.calls import short_weekday
from acctcli.render.clients import STATUS_STYLE
from acctcli.render.safe import clean_text, inert

STATE_STYLE = {
    "done": "green",
    "overdue": "bold red",
    "due": "bold yellow",
    "blocked": "magenta",
    "upcoming": "",
}


def checklist_json(checklist: Checklist) -> dict[str, Any]:
    done, total = checklist.progress
    return {
        "client": checklist.client.name,
        "template": checklist.template,
        "start": checklist.start.isoformat(),
        "date": checklist.day.isoformat(),
        "status": checklist.client.status,
        "created": checklist.created,
        "complete": checklist.completed_on is not None,
        "completed_on": _iso(checklist.completed_on),
        "progress": {"done": done, "total": total},
        "steps": [_step_json(checklist, v) for v in checklist.steps],
        "changes": [{"step": key, "change": what} for key, what in checklist.changes],
        "previous": [
            {
                "template": p.template,
                "start": p.start.isoformat(),
                "archived_at": p.archived_at.isoformat(sep=" "),
                "progress": {"done": p.done, "total": p.total},
            }
            for p in checklist.previous
        ],
    }


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _step_json(checklist: Checklist, view: StepView) -> dict[str, Any]:
    s = view.step
    return {
        "key": s.key,
        "title": s.title,
        "due": s.due.isoformat(),
        "done_on": _iso(s.done_on),
        "overdue": view.overdue,
        "role": s.role,
        "number": s.position,
        "state": view.state,
        "days_overdue": view.days_overdue,
        "after": list(s.after),
        "blocked_by": list(view.blocked_by),
        "records": s.records,
        "recorded": checklist.recorded(s.records),
    }


def _state_text(checklist: Checklist, view: StepView) -> Any:
    from rich.text import Text

    s = view.step
    if s.done_on is not None:
        text = Text(_("done {date}").format(date=s.done_on.isoformat()), style=STATE_STYLE["done"])
    elif view.overdue:
        late = view.days_overdue
        text = Text(
            ngettext("overdue {n} d", "overdue {n} d", late).format(n=late),
            style=STATE_STYLE["overdue"],
        )
    elif s.due == checklist.day:
        text = Text(_("due today"), style=STATE_STYLE["due"])
    else:
        ahead = (s.due - checklist.day).days
        text = Text(ngettext("in {n} d", "in {n} d", ahead).format(n=ahead))
    if view.blocked_by:
        # TRANSLATORS: after the state of a step: "in 3 d, waits for access, kickoff" (keys)
        waits = _(", waits for {steps}").format(steps=", ".join(view.blocked_by))
        text.append_text(inert(waits, STATE_STYLE["blocked"]))
    recorded = checklist.recorded(s.records)
    if recorded and s.records == "channel":
        recorded = label("channel", recorded)
    if recorded and s.done_on is not None:
        text.append(" · ")
        text.append_text(inert(recorded))
    return text


def checklist_view(checklist: Checklist) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    client = checklist.client
    done, total = checklist.progress
    title = inert(client.name, "bold")
    title.append("  ")
    title.append_text(inert(label("status", client.status), STATUS_STYLE.get(client.status, "")))
    steps = ngettext("{done} of {total} step done", "{done} of {total} steps done", total)
    title.append("  " + steps.format(done=done, total=total))
    day = checklist.day
    sub = inert(
        # TRANSLATORS: "template default · started 2026-11-10 · as of 2026-12-01 (Tue)"
        _("template {template} · started {start} · as of {day} ({weekday})").format(
            template=checklist.template,
            start=checklist.start.isoformat(),
            day=day.isoformat(),
            weekday=short_weekday(day),
        ),
        "dim",
    )

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Step"), overflow="fold", ratio=1)
    # TRANSLATORS: the column of who does a step (a role: account, client, seo…)
    table.add_column(_("Who"), overflow="fold")
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("State"), overflow="fold")
    for view in checklist.steps:
        s = view.step
        step = inert(s.title, "dim" if s.done_on else "")
        step.append("  ")
        step.append_text(inert(s.key, "dim cyan"))
        table.add_row(
            Text("[x]" if s.done_on else "[ ]", style=STATE_STYLE[view.state]),
            str(s.position),
            step,
            inert(label("role", s.role)),
            s.due.isoformat(),
            _state_text(checklist, view),
        )
    parts: list[Any] = [title, sub, Text(""), table]
    footer = _footer(checklist)
    if footer is not None:
        parts += [Text(""), footer]
    return Group(*parts)


def _footer(checklist: Checklist) -> Any:
    from rich.text import Text

    counts: dict[str, int] = {}
    for view in checklist.steps:
        counts[view.state] = counts.get(view.state, 0) + 1
        if view.overdue and view.state == "blocked":
            counts["overdue"] = counts.get("overdue", 0) + 1
    if checklist.completed_on is not None:
        return Text(
            _("Onboarding complete on {date}.").format(date=checklist.completed_on.isoformat()),
            style="green",
        )
    summary = []
    if counts.get("overdue"):
        n = counts["overdue"]
        summary.append(npgettext("steps", "{n} overdue", "{n} overdue", n).format(n=n))
    if counts.get("due"):
        n = counts["due"]
        summary.append(npgettext("steps", "{n} due today", "{n} due today", n).format(n=n))
    if counts.get("blocked"):
        n = counts["blocked"]
        summary.append(npgettext("steps", "{n} waiting", "{n} waiting", n).format(n=n))
    ready = [v for v in checklist.steps if v.state in ("overdue", "due", "upcoming")]
    ready.sort(key=lambda v: (v.step.due, v.step.position))
    text = Text("; ".join(summary) + (". " if summary else ""))
    if ready:
        # TRANSLATORS: followed by the command that marks the next step done
        text.append(_("Next:") + " ")
        command = shlex.join(
            ["acct", "onboard", checklist.client.name, "--done", ready[0].step.key]
        )
        text.append_text(inert(command, "bold"))
    return text


def change_lines(checklist: Checklist) -> list[str]:
    """What this call did, one plain line each (printed before the checklist)."""
    lines = []
    name = clean_text(checklist.client.name)
    if checklist.created:
        total = checklist.progress[1]
        started = ngettext(
            "Started onboarding {client} from {start} ({template} template, {n} step).",
            "Started onboarding {client} from {start} ({template} template, {n} steps).",
            total,
        )
        lines.append(
            started.format(
                client=name,
                start=checklist.start.isoformat(),
                template=clean_text(checklist.template),
                n=total,
            )
        )
    titles = {v.step.key: v.step.title for v in checklist.steps}
    for key, what in checklist.changes:
        title = clean_text(titles.get(key, ""))
        if what == "done":
            lines.append(_("Done: {key} — {title}").format(key=key, title=title))
        elif what == "undone":
            lines.append(_("Reopened: {key} — {title}").format(key=key, title=title))
        elif what == "already done":
            lines.append(_("Already done: {key}").format(key=key))
        else:
            lines.append(_("Not done yet: {key}").format(key=key))
    for note in checklist.notes:
        lines.append(clean_text(note[0].upper() + note[1:]) + ".")
    return lines
