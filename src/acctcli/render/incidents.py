"""Incidents on the terminal and as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from acctcli.domain.incidents import Incident, duration_text
from acctcli.domain.labels import label
from acctcli.i18n import _
from acctcli.render.safe import clean_text, inert

SEVERITY_STYLE = {"high": "bold red", "normal": "yellow"}


def _stamp(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat(timespec="minutes")


def incident_json(
    incident: Incident, at: datetime, mail: dict[int, list[Any]] | None = None
) -> dict[str, Any]:
    span = incident.burning(at)
    return {
        "id": incident.id,
        "client": incident.client,
        "title": incident.title,
        "severity": incident.severity,
        "opened_at": _stamp(incident.opened_at),
        "resolved_at": _stamp(incident.resolved_at if not incident.is_open(at) else None),
        "open": incident.is_open(at),
        "open_minutes": int(span.total_seconds() // 60),
        "open_for": duration_text(span),
        "messages": [m.id for m in (mail or {}).get(incident.id, [])],
        "resolution": incident.resolution if not incident.is_open(at) else None,
    }


def incidents_json(
    incidents: list[Incident], at: datetime, mail: dict[int, list[Any]] | None = None
) -> dict[str, Any]:
    return {
        "as_of": at.isoformat(timespec="seconds"),
        "incidents": [incident_json(i, at, mail) for i in incidents],
    }


def incidents_table(
    incidents: list[Incident], at: datetime, mail: dict[int, list[Any]] | None = None
) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Client"), overflow="fold")
    table.add_column(_("Severity"), no_wrap=True)
    table.add_column(_("Fire"), overflow="fold", ratio=1)
    table.add_column(_("Opened"), no_wrap=True)
    table.add_column(_("State"), overflow="fold")
    for i in incidents:
        span = duration_text(i.burning(at))
        if i.is_open(at):
            # TRANSLATORS: an incident open for a duration: "open 3 h 20 min"
            state = Text(_("open {duration}").format(duration=span), style="bold")
        else:
            state = Text(_("resolved after {duration}").format(duration=span), style="green")
        fire = Text(clean_text(i.title))
        if i.resolution and not i.is_open(at):
            fire.append(f"\n✓ {clean_text(i.resolution)}", style="green")
        for m in (mail or {}).get(i.id, []):
            sender = m.from_name or m.from_addr
            fire.append(
                f"\n↳ M{m.id} {clean_text(sender)}: {clean_text(m.subject)}",
                style="dim",
            )
        table.add_row(
            f"I{i.id}",
            inert(i.client),
            Text(label("severity", i.severity), style=SEVERITY_STYLE.get(i.severity, "")),
            fire,
            i.opened_at.isoformat(sep=" ", timespec="minutes"),
            state,
        )
    return table


def opened_line(incident: Incident, message: int | None = None) -> str:
    if message is not None:
        # TRANSLATORS: "Opened incident I3 for Гранд Холдинг (high) from message M12: Сайт
        # недоступен"
        text = _("Opened incident {id} for {client} ({severity}) from message {message}: {title}")
    else:
        # TRANSLATORS: "Opened incident #3 for Гранд Холдинг (high): Сайт недоступен"
        text = _("Opened incident I{id} for {client} ({severity}): {title}")
    return text.format(
        id=f"I{incident.id}" if message is not None else incident.id,
        client=clean_text(incident.client),
        severity=label("severity", incident.severity),
        title=clean_text(incident.title),
        message=f"M{message}",
    )


def resolved_line(incident: Incident) -> str:
    assert incident.resolved_at is not None
    span = duration_text(incident.burning(incident.resolved_at))
    line = _("Resolved incident I{id} ({client}: {title}) after {duration}").format(
        id=incident.id,
        client=clean_text(incident.client),
        title=clean_text(incident.title),
        duration=span,
    )
    if incident.resolution:
        line += "\n" + _("Resolution: {note}").format(note=clean_text(incident.resolution))
    return line
