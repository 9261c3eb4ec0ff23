"""Mail on the terminal and as JSON.  Everything that came from a message (names, subjects,
snippets, file names) goes through `inert`/`clean_text`: shown, never interpreted."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from acctcli.domain.labels import label
from acctcli.i18n import N_, _, ngettext
from acctcli.render.safe import clean_text, inert

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
        "shares_id": view.shares_id,
        "snooze_until": view.snooze_until.isoformat() if view.snooze_until else None,
    }


def _who(view: Any) -> str:
    if view.outgoing:
        return "→ " + (view.to_addrs.split(", ")[0] if view.to_addrs else "?")
    return view.from_name or view.from_addr or "?"


def _when(view: Any) -> str:
    return view.date.strftime("%Y-%m-%d %H:%M") if view.date else ""


def import_summary(report: Any, *, what: str = "Imported") -> str:
    """One line: imported (`what` is "Imported" or "Fetched"), already known, failed (plain
    text; Rich-free)."""
    n = report.imported
    if what == "Fetched":
        done = ngettext("Fetched {n} message", "Fetched {n} messages", n)
    else:
        done = ngettext("Imported {n} message", "Imported {n} messages", n)
    known = ngettext("{n} already known", "{n} already known", report.known)
    failed = ngettext("{n} failed", "{n} failed", report.failed)
    # TRANSLATORS: "Imported 5 messages", "1 already known", "0 failed"
    text = _("{done}, {known}, {failed}.").format(
        done=done.format(n=n),
        known=known.format(n=report.known),
        failed=failed.format(n=report.failed),
    )
    if report.history:
        older = ngettext(
            "({n} older than the history window filed as done.)",
            "({n} older than the history window filed as done.)",
            report.history,
        )
        text += " " + older.format(n=report.history)
    paths = getattr(report, "paths", [])
    if len(paths) > 1:
        for path in paths:
            # TRANSLATORS: one PATH's accounting, e.g.
            # "~/Maildir: 7 seen = 5 imported + 1 already known + 1 failed"
            line = _(
                "{path}: {seen} seen = {imported} imported + {known} already known"
                " + {failed} failed"
            ).format(
                path=clean_text(path.path),
                seen=path.seen,
                imported=path.imported,
                known=path.known,
                failed=path.failed,
            )
            text += "\n  " + line
    return text


def print_failures(report: Any) -> None:
    """Each failure on stderr: the file (or mailbox position) and why."""
    for name, reason in report.failures:
        line = _("failed: {name}: {reason}").format(
            name=clean_text(name), reason=clean_text(reason)
        )
        sys.stderr.write(line + "\n")


def import_report_json(report: Any) -> dict[str, Any]:
    """The report as JSON; an import's also per PATH, each with seen = imported + known +
    failed, each failure with its file, reason and (in an mbox) byte offset."""
    paths = getattr(report, "paths", [])
    if not paths:
        return {
            "imported": report.imported,
            "known": report.known,
            "failed": [{"file": name, "reason": reason} for name, reason in report.failures],
            "history": report.history,
            "seen": report.imported + report.known + report.failed,
        }
    return {
        "imported": report.imported,
        "known": report.known,
        "failed": [_failure_json(f) for p in paths for f in p.failures],
        "history": report.history,
        "seen": report.imported + report.known + report.failed,
        "paths": [
            {
                "path": p.path,
                "format": p.format or None,
                "seen": p.seen,
                "imported": p.imported,
                "known": p.known,
                "failed": [_failure_json(f) for f in p.failures],
            }
            for p in paths
        ],
    }


def _failure_json(failure: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"file": failure.file, "reason": failure.reason}
    if failure.offset is not None:
        item["offset"] = failure.offset
    return item


def print_state_change(console: Any, views: Sequence[Any]) -> None:
    for view in views:
        subject = view.subject or _("(no subject)")
        state = label("state", view.state)
        if view.snooze_until:
            line = _("{id}: {state} until {until} — {subject}").format(
                id=view.id, state=state, until=view.snooze_until.isoformat(), subject=subject
            )
        else:
            line = _("{id}: {state} — {subject}").format(id=view.id, state=state, subject=subject)
        console.print(inert(line))


def triage_card(view: Any, position: int, total: int) -> Any:
    from rich.console import Group
    from rich.text import Text

    head = Text(f"[{position}/{total}] M{view.id}  ", style="dim")
    head.append_text(inert(label("category", view.category), CATEGORY_STYLE.get(view.category, "")))
    if view.priority:
        head.append(" " + "!" * view.priority, style="bold red")
    if view.after_hours:
        head.append("  " + _("after hours"), style="dim")
    who = Text(_("From:") + " ")
    who.append_text(
        inert(f"{view.from_name} <{view.from_addr}>" if view.from_name else view.from_addr)
    )
    who.append("   " + _("Client:") + " ")
    who.append_text(inert(view.client) if view.client else Text(_("unmatched"), style="dim"))
    subject = Text(_("Subject:") + " ")
    subject.append_text(inert(view.subject or _("(no subject)"), "bold"))
    date = Text(_("Date: {when}").format(when=_when(view)))
    lines = [head, who, date, subject, inert(view.snippet, "italic")]
    return Group(*lines)


def triage_keys() -> str:
    """The prompt of `acct mail triage`, two lines: its keys in the letters of the language in
    use (either layout works whatever the language: see domain.triage.latin_key)."""
    # TRANSLATORS: the keys of `acct mail triage` that decide a message (first line of two).
    # The letter in brackets is the key in the same place on your keyboard layout as d, r, w,
    # s on QWERTY (on the Russian ЙЦУКЕН layout: в, к, ц, ы); short words (done, reply, wait,
    # snooze): the line must stay under 80 columns.
    decide = _("[d]one  [r]eply  [w]ait  [s]nooze")
    # TRANSLATORS: the other keys of `acct mail triage` (second line): o, a, i, f, n, q on
    # QWERTY (ЙЦУКЕН: щ, ф, ш, а, т, й) — open the full text, assign to a client, open an
    # incident from it, add a follow-up, next, quit; under 80 columns.
    other = _("[o]pen  [a]ssign  [i]ncident  [f]ollow-up  [n]ext  [q]uit")
    return decide + "\n" + other


def _size(size: int) -> str:
    if size < 1024:
        return ngettext("{n} byte", "{n} bytes", size).format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=f"{size / 1024:.0f}")
    return _("{n} MB").format(n=f"{size / 1024 / 1024:.0f}")


def full_text_view(full: Any) -> Any:
    """Headers, the whole text, the attachments' names; all of it inert."""
    from rich.console import Group

    return Group(full_text_head(full), inert(full.text, single_line=False), full_text_tail(full))


def full_text_head(full: Any) -> Any:
    """A message's headers, inert, and the blank line before its text."""
    from rich.console import Group
    from rich.text import Text

    view = full.view

    def line(title: str, value: str, style: str = "") -> Any:
        text = Text(title + " ", style="dim")
        text.append_text(inert(value, style))
        return text

    sender = f"{view.from_name} <{view.from_addr}>" if view.from_name else view.from_addr
    return Group(
        line(_("From:"), sender),
        line(_("To:"), view.to_addrs),
        line(_("Date:"), _when(view)),
        line(_("Client:"), view.client or _("unmatched")),
        line(_("Subject:"), view.subject or _("(no subject)"), "bold"),
        Text(""),
    )


def full_text_body(full: Any) -> str:
    """The text itself, inert, ending with a line break: written as it is (the terminal
    wraps it), never laid out by Rich — a 20 MB line prints as fast as it can be written."""
    body = clean_text(full.text, single_line=False)
    return body if body.endswith("\n") else body + "\n"


def full_text_tail(full: Any) -> Any:
    """After the text: how much was cut, the attachments' names, where the text came from."""
    from rich.console import Group
    from rich.text import Text

    view = full.view
    parts = []
    if full.left_out:
        note = _("(the text is cut here: {size} more; see it all: acct mail show {id} --all)")
        parts.append(Text(note.format(size=_size(full.left_out), id=view.id), "dim"))
    if full.attachments:
        names = ", ".join(f"{name} ({_size(size)})" for name, size in full.attachments)
        title = Text(_("Attachments:") + " ", style="dim")
        title.append_text(inert(names))
        parts += [Text(""), title]
    if not full.from_source:
        if view.source == "imap":
            missing = _("(the original could not be read on its server: the snippet only)")
        else:
            missing = _(
                "(the original could not be read where it was imported from: the snippet only)"
            )
        parts.append(Text(missing, "dim"))
    return Group(*parts)


def full_text_json(full: Any) -> dict[str, Any]:
    return {
        **message_json(full.view),
        "text": full.text,
        "from_source": full.from_source,
        "attachments": [{"filename": name, "size": size} for name, size in full.attachments],
    }


# The labels callers give the progress bar, translated when it appears.
PROGRESS_LABELS = (N_("Importing mail"), N_("Fetching mail"))


class DelayedProgress:
    """A progress bar on stderr that appears only once an import has run for `delay` s."""

    def __init__(self, delay: float = 1.0, label: str = PROGRESS_LABELS[0]) -> None:
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

            title = _(self.label)
            self.bar = Progress(
                TextColumn(title),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=make_console(stderr=True),
                transient=True,
                refresh_per_second=4,
            )
            self.bar.start()
            self.task = self.bar.add_task(title, total=self.total or None)
        self.bar.update(self.task, completed=self.done, total=max(self.total, self.done) or None)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
