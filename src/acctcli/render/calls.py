"""The call list and the touch history, on the terminal and as JSON (Typer-free)."""

from __future__ import annotations

from datetime import date
from typing import Any

from acctcli.domain.calls import CallDue
from acctcli.render.plain import Cell, Painter, colour_wanted, fit, table_lines, terminal_width
from acctcli.render.safe import clean_text, inert

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


def _when(call: CallDue) -> Cell:
    late = call.days_overdue
    text = f"{late}d late" if late > 0 else "today"
    if call.at_risk:
        return (text + " AT RISK", ("bold", "red"))
    return (text, ("red",) if late > 0 else ("yellow",))


def _who(call: CallDue) -> str:
    contact = call.contact
    name = clean_text(contact.name if contact else "—")
    return name + (" !" if contact and contact.urgent else "")


def _reach(call: CallDue) -> str:
    return call.channel + (f" {clean_text(call.reach)}" if call.reach else "")


def _why(call: CallDue) -> str:
    parts = ["follow-up" if call.next_override else (call.cadence or "no cadence")]
    parts.append(
        f"last {call.last_contact.isoformat()}" if call.last_contact else "never contacted"
    )
    if call.at_risk:
        parts.append(f"silent {call.days_silent}d > {call.max_gap}")
    if call.outside_hours:
        parts.append(f"outside hours ({call.hours})")
    return " · ".join(parts)


def calls_text(
    day: date,
    calls: list[CallDue],
    upcoming: list[CallDue],
    *,
    team: bool = False,
    width: int | None = None,
    colour: bool | None = None,
) -> str:
    """The call list as plain text (no Rich: `acct calls` must start instantly)."""
    width = width or terminal_width()
    paint = Painter(colour_wanted() if colour is None else colour)
    lines = []
    if calls:
        lines.append(paint(calls_summary(day, calls), "bold"))
        headers = ["Client", "Due", *(["Owner"] if team else []), "Contact", "Reach"]
        rows = [
            [
                clean_text(c.client),
                _when(c),
                *([clean_text(c.owner)] if team else []),
                _who(c),
                _reach(c),
            ]
            for c in calls
        ]
        n = len(headers)
        table = table_lines(headers, rows, width, paint, flexible=(n - 1, n - 2, 0))
        lines.append(table[0])
        for row_line, call in zip(table[1:], calls, strict=True):
            # why it is due goes under its row, never squeezed into a column
            lines += [row_line, paint(fit("    " + _why(call), width), "dim")]
    else:
        lines.append(f"No calls due on {day.isoformat()}.")
    if upcoming:
        rows = [
            [clean_text(c.client), day_label(c.due), f"{-c.days_overdue}d", c.channel, _who(c)]
            for c in upcoming
        ]
        headers = ["Coming up", "Due", "In", "Channel", "Contact"]
        lines += ["", *table_lines(headers, rows, width, paint, flexible=(4, 0))]
    return "\n".join(lines) + "\n"


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
