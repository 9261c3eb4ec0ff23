"""What `acct undo` shows: the journal's entries, each with what it changed."""

from __future__ import annotations

from typing import Any

from acctcli.i18n import N_, _
from acctcli.render.safe import clean_text

# What a table's rows are, as a heading: "touches +1 · invoices ~1"
TABLES = {
    "client": N_("clients"),
    "client_status": N_("client statuses"),
    "client_service": N_("services"),
    "client_fee": N_("fees"),
    "client_domain": N_("domains"),
    "client_handover": N_("handovers"),
    "client_cost": N_("costs"),
    "report_schedule": N_("report schedules"),
    "report_sent": N_("reports sent"),
    "contact": N_("contacts"),
    "touch": N_("touches"),
    "invoice": N_("invoices"),
    "payment": N_("payments"),
    "upsell": N_("upsells"),
    "incident": N_("incidents"),
    "onboarding": N_("checklists"),
    "onboarding_step": N_("onboarding steps"),
    "message": N_("messages"),
    "attachment": N_("attachments"),
    "mail_seen": N_("mail files seen"),
    "imap_folder_state": N_("mail folders"),
    "follow_up": N_("follow-ups"),
}
SIGNS = {"I": "+", "U": "~", "D": "−"}


def changes_text(changes: Any) -> str:
    """touches +1 · invoices ~1 (+ added, ~ changed, − removed)."""
    parts: dict[str, list[str]] = {}
    for change in changes:
        name = _(TABLES[change.table]) if change.table in TABLES else change.table
        parts.setdefault(name, []).append(f"{SIGNS.get(change.op, '?')}{change.rows}")
    return " · ".join(f"{name} {' '.join(signs)}" for name, signs in parts.items())


COMMAND_WIDTH = 160  # a command line longer than this (a 10,000-character note) is cut: …


def command_text(command: str) -> str:
    """A journalled command line for the terminal: inert, and cut to COMMAND_WIDTH (the
    JSON keeps it whole)."""
    text = clean_text(command)
    return text if len(text) <= COMMAND_WIDTH else text[: COMMAND_WIDTH - 1] + "…"


def entry_line(entry: Any) -> str:
    when = entry.at.strftime("%Y-%m-%d %H:%M")
    return f"{when}  {command_text(entry.command)}"


def detail_line(entry: Any) -> str:
    text = changes_text(entry.changes)
    if entry.reverts:
        undid = _("reverts: {commands}").format(
            commands=", ".join(command_text(c) for c in entry.reverts)
        )
        text = f"{undid} · {text}" if text else undid
    return text


def entries_text(entries: list[Any]) -> str:
    """acct undo --list: the number `acct undo N` counts, or "undone"."""
    lines = []
    n = 0
    for entry in entries:
        if entry.undone:
            mark = _("undone")
        else:
            n += 1
            mark = str(n)
        lines.append(f"{mark:>6}  {entry_line(entry)}")
        lines.append(f"{'':>6}  {'':16}  {detail_line(entry)}")
    return "\n".join(lines)


def entry_json(entry: Any) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(sep=" "),
        "command": entry.command,
        "undone": entry.undone,
        "changes": [
            {
                "table": c.table,
                "op": {"I": "added", "U": "changed", "D": "removed"}[c.op],
                "count": c.rows,
            }
            for c in entry.changes
        ],
        "reverts": entry.reverts,
    }


def edited(subject: str, changes: list[tuple[str, str, str]]) -> str:
    """What an edit did: "Invoice 2026-0042 (Пицца Мама): amount 60 000 ₽ → 65 000 ₽"."""
    if not changes:
        return _("{subject}: nothing changed").format(subject=clean_text(subject))
    parts = "; ".join(
        f"{field} {clean_text(old)} → {clean_text(new)}" for field, old, new in changes
    )
    return f"{clean_text(subject)}: {parts}"
