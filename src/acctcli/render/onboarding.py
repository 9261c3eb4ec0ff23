"""Onboarding checklists on the terminal and as JSON."""

from __future__ import annotations

from typing import Any

from acctcli.domain.onboarding import Checklist, StepView
from acctcli.render.clients import STATUS_STYLE
from acctcli.render.safe import clean_text, inert

STATE_STYLE = {
    "done": "green",
    "overdue": "bold red",
    "due": "bold yellow",
    "blocked": "magenta",
    "upcoming": "",
}
WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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
        text = Text(f"done {s.done_on.isoformat()}", style=STATE_STYLE["done"])
    elif view.overdue:
        text = Text(f"overdue {view.days_overdue} d", style=STATE_STYLE["overdue"])
    elif s.due == checklist.day:
        text = Text("due today", style=STATE_STYLE["due"])
    else:
        text = Text(f"in {(s.due - checklist.day).days} d")
    if view.blocked_by:
        text.append(", waits for ", style=STATE_STYLE["blocked"])
        text.append_text(inert(", ".join(view.blocked_by), STATE_STYLE["blocked"]))
    recorded = checklist.recorded(s.records)
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
    title.append_text(inert(client.status, STATUS_STYLE.get(client.status, "")))
    title.append(f"  {done} of {total} steps done")
    day = checklist.day
    sub = Text(style="dim")
    sub.append("template ")
    sub.append_text(inert(checklist.template))
    sub.append(f" · started {checklist.start.isoformat()}")
    sub.append(f" · as of {day.isoformat()} ({WEEKDAY[day.weekday()]})")

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Step", overflow="fold", ratio=1)
    table.add_column("Who", overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("State", overflow="fold")
    for view in checklist.steps:
        s = view.step
        step = inert(s.title, "dim" if s.done_on else "")
        step.append("  ")
        step.append_text(inert(s.key, "dim cyan"))
        table.add_row(
            Text("[x]" if s.done_on else "[ ]", style=STATE_STYLE[view.state]),
            str(s.position),
            step,
            inert(s.role),
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
        return Text(f"Onboarding complete on {checklist.completed_on.isoformat()}.", style="green")
    summary = [
        f"{counts[k]} {label}"
        for k, label in (("overdue", "overdue"), ("due", "due today"), ("blocked", "waiting"))
        if counts.get(k)
    ]
    ready = [v for v in checklist.steps if v.state in ("overdue", "due", "upcoming")]
    ready.sort(key=lambda v: (v.step.due, v.step.position))
    text = Text("; ".join(summary) + (". " if summary else ""))
    if ready:
        text.append("Next: ")
        text.append_text(
            inert(f'acct onboard "{checklist.client.name}" --done {ready[0].step.key}', "bold")
        )
    return text


def change_lines(checklist: Checklist) -> list[str]:
    """What this call did, one plain line each (printed before the checklist)."""
    lines = []
    name = clean_text(checklist.client.name)
    if checklist.created:
        _, total = checklist.progress
        lines.append(
            f"Started onboarding {name} from {checklist.start.isoformat()}"
            f" ({clean_text(checklist.template)} template, {total} steps)."
        )
    titles = {v.step.key: v.step.title for v in checklist.steps}
    for key, what in checklist.changes:
        title = clean_text(titles.get(key, ""))
        if what == "done":
            lines.append(f"Done: {key} — {title}")
        elif what == "undone":
            lines.append(f"Reopened: {key} — {title}")
        elif what == "already done":
            lines.append(f"Already done: {key}")
        else:
            lines.append(f"Not done yet: {key}")
    for note in checklist.notes:
        lines.append(clean_text(note[0].upper() + note[1:]) + ".")
    return lines
