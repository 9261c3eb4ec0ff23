"""Mail on the terminal and as JSON.  Everything that came from a message (names, subjects,
snippets, file names) goes through `inert`/`clean_text`: shown, never interpreted."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any

from acctcli.render.safe import clean_text, inert

CATEGORY_STYLE = {
    "incident": "bold red",
    "billing": "yellow",
    "report": "cyan",
    "idea": "magenta",
    "other": "",
}
STATE_STYLE = {"new": "bold", "needs-reply": "yellow", "waiting": "blue", "snoozed": "dim"}


def message_json(view: Any) -> dict[str, Any]:
    return {
        "id": view.id,
        "message_id": view.message_id,
        "date": view.date.isoformat(timespec="minutes") if view.date else None,
        "from": view.from_addr,
        "from_name": view.from_name,
        "to": [a for a in view.to_addrs.split(", ") if a],
        "subject": view.subject,
        "snippet": view.snippet,
        "client": view.client,
        "category": view.category,
        "priority": view.priority,
        "state": view.state,
        "after_hours": view.after_hours,
        "outgoing": view.outgoing,
        "urgent": view.urgent,
        "snooze_until": view.snooze_until.isoformat() if view.snooze_until else None,
    }


def _who(view: Any) -> str:
    if view.outgoing:
        return "→ " + (view.to_addrs.split(", ")[0] if view.to_addrs else "?")
    return view.from_name or view.from_addr or "?"


def _when(view: Any) -> str:
    return view.date.strftime("%Y-%m-%d %H:%M") if view.date else ""


def import_summary(report: Any, *, what: str = "Imported") -> str:
    """One line: imported, already known, failed (plain text; Rich-free)."""
    text = (
        f"{what} {report.imported} messages, {report.known} already known, {report.failed} failed."
    )
    if report.history:
        text += f" ({report.history} older than the history window filed as done.)"
    return text


def print_failures(report: Any) -> None:
    """Each failure on stderr: the file (or mailbox position) and why."""
    for name, reason in report.failures:
        sys.stderr.write(f"failed: {clean_text(name)}: {clean_text(reason)}\n")


def import_report_json(report: Any) -> dict[str, Any]:
    return {
        "imported": report.imported,
        "known": report.known,
        "failed": [{"file": name, "reason": reason} for name, reason in report.failures],
        "history": report.history,
    }


def print_state_change(console: Any, views: Sequence[Any]) -> None:
    for view in views:
        until = f" until {view.snooze_until.isoformat()}" if view.snooze_until else ""
        line = f"{view.id}: {view.state}{until} — "
        console.print(inert(line + (view.subject or "(no subject)")))


def triage_card(view: Any, position: int, total: int) -> Any:
    from rich.console import Group
    from rich.text import Text

    head = Text(f"[{position}/{total}] #{view.id}  ", style="dim")
    head.append_text(inert(view.category, CATEGORY_STYLE.get(view.category, "")))
    if view.priority:
        head.append(" " + "!" * view.priority, style="bold red")
    if view.after_hours:
        head.append("  after hours", style="dim")
    who = Text("From: ")
    who.append_text(
        inert(f"{view.from_name} <{view.from_addr}>" if view.from_name else view.from_addr)
    )
    who.append("   Client: ")
    who.append_text(inert(view.client) if view.client else Text("unmatched", style="dim"))
    subject = Text("Subject: ")
    subject.append_text(inert(view.subject or "(no subject)", "bold"))
    lines = [head, who, Text(f"Date: {_when(view)}"), subject, inert(view.snippet, "italic")]
    return Group(*lines)


TRIAGE_KEYS = "[d]one  [r]eply  [w]ait  [s]nooze  [o]pen  [n]ext  [q]uit"


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.0f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def full_text_view(full: Any) -> Any:
    """Headers, the whole text, the attachments' names; all of it inert."""
    from rich.console import Group
    from rich.text import Text

    view = full.view

    def line(label: str, value: str, style: str = "") -> Any:
        text = Text(f"{label}: ", style="dim")
        text.append_text(inert(value, style))
        return text

    sender = f"{view.from_name} <{view.from_addr}>" if view.from_name else view.from_addr
    parts = [
        line("From", sender),
        line("To", view.to_addrs),
        line("Date", _when(view)),
        line("Client", view.client or "unmatched"),
        line("Subject", view.subject or "(no subject)", "bold"),
        Text(""),
        inert(full.text, single_line=False),
    ]
    if full.attachments:
        names = ", ".join(f"{name} ({_size(size)})" for name, size in full.attachments)
        parts += [Text(""), line("Attachments", names)]
    if not full.from_source:
        where = "on its server" if view.source == "imap" else "where it was imported from"
        parts.append(Text(f"(the original could not be read {where}: the snippet only)", "dim"))
    return Group(*parts)


def full_text_json(full: Any) -> dict[str, Any]:
    return {
        **message_json(full.view),
        "text": full.text,
        "from_source": full.from_source,
        "attachments": [{"filename": name, "size": size} for name, size in full.attachments],
    }


class DelayedProgress:
    """A progress bar on stderr that appears only once an import has run for `delay` s."""

    def __init__(self, delay: float = 1.0, label: str = "Importing mail") -> None:
        self.started = time.monotonic()
        self.delay = delay
        self.label = label
        self.total = 0
        self.done = 0
        self.bar: Any = None
        self.task: Any = None

    def add_total(self, count: int) -> None:
        self.total += count
        self._update()

    def advance(self, count: int) -> None:
        self.done += count
        self._update()

    def _update(self) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.delay:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            from acctcli.render.console import make_console

            self.bar = Progress(
                TextColumn(self.label),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=make_console(stderr=True),
                transient=True,
                refresh_per_second=4,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total or None)
        self.bar.update(self.task, completed=self.done, total=max(self.total, self.done) or None)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
