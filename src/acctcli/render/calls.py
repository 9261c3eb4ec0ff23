"""The call list and the touch history, on the terminal and as JSON (Typer-free)."""

from __future__ import annotations

from datetime import date
from typing import Any

from acctcli.domain.calls import CallDue
from acctcli.render.safe import inert

_WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_label(day: date) -> str:
    return f"{_WEEKDAY[day.weekday()]} {day.isoformat()}"


def call_json(call: CallDue) -> dict[str, Any]:
    contact = call.contact
    return {
        "client": call.client,
        "due": call.due.isoformat(),
        "days_overdue": call.days_overdue,
        "channel": call.channel,
        "contact": contact.name if contact else None,
        "phone": contact.phone if contact else None,
        "last_contact": call.last_contact.isoformat() if call.last_contact else None,
        "reason": call.reason,
        "days_silent": call.days_silent,
        "state": call.state,
        "at_risk": call.at_risk,
        "max_gap": call.max_gap,
        "max_gap_exceeded_by": call.max_gap_exceeded_by,
        "reach": call.reach,
        "messenger": contact.messenger if contact else None,
        "email": contact.email if contact else None,
        "urgent": bool(contact and contact.urgent),
        "outside_hours": call.outside_hours,
        "hours": call.hours,
        "window": call.window,
        "cadence": call.cadence,
        "next_override": call.next_override,
        "last_channel": call.last_channel,
        "status": call.status,
        "owner": call.owner,
    }


def calls_json(day: date, calls: list[CallDue], upcoming: list[CallDue] | None = None) -> dict:
    document: dict[str, Any] = {"date": day.isoformat(), "calls": [call_json(c) for c in calls]}
    if upcoming is not None:
        document["upcoming"] = [call_json(c) for c in upcoming]
    return document


def calls_summary(day: date, calls: list[CallDue]) -> str:
    overdue = sum(1 for c in calls if c.days_overdue > 0)
    risk = sum(1 for c in calls if c.at_risk)
    parts = [f"{len(calls)} to contact"]
    if overdue:
        parts.append(f"{overdue} overdue")
    if risk:
        parts.append(f"{risk} at risk")
    return f"Calls for {day_label(day)}: " + " · ".join(parts)


def _when(call: CallDue) -> Any:
    from rich.text import Text

    if call.days_overdue > 0:
        text = Text(f"{call.days_overdue}d late", style="red")
    else:
        text = Text("today", style="yellow")
    if call.at_risk:
        text.append("\nAT RISK", style="bold red")
    return text


def _who(call: CallDue) -> Any:
    contact = call.contact
    name = inert(contact.name if contact else "—")
    if contact and contact.urgent:
        name.append(" !", style="bold red")
    return name


def _reach(call: CallDue) -> Any:
    from rich.text import Text

    text = Text(call.channel, style="dim")
    if call.reach:
        text.append(" ")
        text.append_text(inert(call.reach))
    return text


def _why(call: CallDue) -> Any:
    from rich.text import Text

    text = Text("follow-up" if call.next_override else (call.cadence or "no cadence"))
    if call.last_contact:
        text.append(f" · last {call.last_contact.isoformat()}")
    else:
        text.append(" · never contacted")
    if call.at_risk:
        text.append(f" · silent {call.days_silent}d > {call.max_gap}", style="red")
    if call.outside_hours:
        text.append(f" · outside hours ({call.hours})", style="magenta")
    return text


def calls_table(calls: list[CallDue], *, team: bool = False) -> Any:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Client", overflow="fold", ratio=2)
    table.add_column("Due", no_wrap=True)
    if team:
        table.add_column("Owner")
    table.add_column("Contact", overflow="fold", ratio=2)
    table.add_column("Reach", overflow="fold", ratio=2)
    table.add_column("Why", overflow="fold", ratio=3)
    for call in calls:
        row = [inert(call.client), _when(call)]
        if team:
            row.append(inert(call.owner))
        row += [_who(call), _reach(call), _why(call)]
        table.add_row(*row)
    return table


def upcoming_table(upcoming: list[CallDue]) -> Any:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Coming up", overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("In", justify="right", no_wrap=True)
    table.add_column("Channel")
    table.add_column("Contact", overflow="fold")
    for call in upcoming:
        table.add_row(
            inert(call.client),
            day_label(call.due),
            f"{-call.days_overdue}d",
            inert(call.channel),
            _who(call),
        )
    return table


def touch_json(touch: Any) -> dict[str, Any]:
    return {
        "client": touch.client,
        "at": touch.at.isoformat(timespec="minutes"),
        "channel": touch.channel,
        "contact": touch.contact,
        "note": touch.note,
        "id": touch.id,
        "next": touch.next_date.isoformat() if touch.next_date else None,
        "source": touch.source,
        "by": touch.logged_by,
    }


def touches_table(touches: list[Any], *, with_client: bool) -> Any:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("When", no_wrap=True)
    if with_client:
        table.add_column("Client", overflow="fold")
    table.add_column("Channel")
    table.add_column("Contact", overflow="fold")
    table.add_column("Note", overflow="fold", ratio=1)
    table.add_column("Next", no_wrap=True)
    for t in touches:
        row = [t.at.isoformat(sep=" ", timespec="minutes")]
        if with_client:
            row.append(inert(t.client))
        note = inert(t.note or "")
        if t.source != "manual":
            note.append(f" [{t.source}]" if t.note else f"[{t.source}]", style="dim")
        row += [inert(t.channel), inert(t.contact or "—"), note]
        row.append(t.next_date.isoformat() if t.next_date else "")
        table.add_row(*row)
    return table
