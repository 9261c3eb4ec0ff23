"""`acct today`: the morning, in the order the day goes — fires, mail, calls, onboarding,
money, upsells — each item scored by explainable urgency.

This is read-only and runs on the fast path (before Typer): it imports only what it uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

from acctcli.domain.money import money_display
from acctcli.domain.urgency import Urgency, coefficients, urgency
from acctcli.store.db import Database
from acctcli.store.repo import any_clients

MORNING = time(9, 0)  # the moment a dashboard for a day other than today is drawn at


class Item(NamedTuple):
    """One row of the dashboard: whose, what, how to act, and why it is there."""

    kind: str
    client: str | None
    text: str  # what: a title, a subject, a number to call
    how: str  # with whom / by what, shown after the text when there is room
    why: str  # why it is here today: "overdue 6 days", "invoice 45 000 ₽, 34 days late"
    urgency: Urgency
    data: Mapping[str, Any]

    def json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "client": self.client,
            "text": self.text,
            "how": self.how,
            "why": self.why,
            "score": self.urgency.score,
            "reasons": list(self.urgency.reasons),
            **self.data,
        }


class MailSection:
    """Mail to triage: counts, by client and category, the top few, after hours apart."""

    def __init__(self) -> None:
        self.to_triage = 0
        self.needs_reply = 0
        self.waiting = 0
        self.by_client: list[dict[str, Any]] = []
        self.top: list[Item] = []
        self.after_hours: list[Item] = []


class Dashboard:
    """Every section of the morning, each ranked most urgent first."""

    def __init__(self, day: date, at: datetime, has_clients: bool, has_mail: bool) -> None:
        self.day = day
        self.at = at
        self.has_clients = has_clients
        self.has_mail = has_mail
        self.incidents: list[Item] = []  # fires and urgent mail
        self.mail = MailSection()
        self.calls: list[Item] = []
        self.onboarding: list[Item] = []
        self.invoices: list[Item] = []
        self.upsells: list[Item] = []

    @property
    def fires(self) -> int:
        return sum(1 for i in self.incidents if i.kind == "incident")

    def summary(self) -> list[str]:
        """ "2 fires · 14 to triage · 3 calls · 1 overdue invoice" as parts."""
        parts = []
        urgent_mail = len(self.incidents) - self.fires

        def count(n: int, one: str, many: str | None = None) -> None:
            if n:
                parts.append(f"{n} {one if n == 1 else (many or one + 's')}")

        count(self.fires, "fire")
        count(urgent_mail, "urgent message")
        count(self.mail.to_triage, "to triage", "to triage")
        count(len(self.calls), "call")
        count(len(self.onboarding), "onboarding step")
        overdue = sum(1 for i in self.invoices if i.data["days_overdue"] > 0)
        count(overdue, "overdue invoice")
        count(len(self.invoices) - overdue, "invoice due soon", "invoices due soon")
        count(len(self.upsells), "upsell to follow up", "upsells to follow up")
        return parts


def _ranked(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (-i.urgency.score, (i.client or "").casefold(), i.text))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def build_dashboard(
    db: Database, settings: Any, *, day: date, now: datetime, owner: str | None
) -> Dashboard:
    """Everything `acct today` shows for `day` (now: the real moment when `day` is today)."""
    at = now if now.date() == day else datetime.combine(day, MORNING)
    coeff = coefficients(settings.section("urgency"))
    currency = settings.currency
    board = Dashboard(
        day=day,
        at=at,
        has_clients=any_clients(db),
        has_mail=bool(db.scalar("SELECT 1 FROM message LIMIT 1")),
    )
    if not board.has_clients:
        return board
    board.incidents = _ranked(
        _fires(db, at, owner, coeff) + _urgent_mail(board, db, settings, day, at, owner, coeff)
    )
    board.calls = _ranked(_calls(db, settings, day, now, owner, coeff))
    board.onboarding = _ranked(_onboarding(db, day, owner, coeff))
    board.invoices = _ranked(_invoices(db, day, owner, coeff, currency))
    board.upsells = _ranked(_upsells(db, day, owner, coeff, currency))
    return board


def _fires(db: Database, at: datetime, owner: str | None, coeff: dict) -> list[Item]:
    from acctcli.services.incidents import open_incidents

    items = []
    for incident in open_incidents(db, at, owner):
        hours = incident.burning(at).total_seconds() / 3600
        score = urgency(
            coeff, fire=True, high_severity=incident.severity == "high", fire_hours=hours
        )
        items.append(
            Item(
                "incident",
                incident.client,
                incident.title,
                f"#{incident.id}",
                ", ".join(r for r in score.reasons if r != "open incident"),
                score,
                {
                    "id": incident.id,
                    "title": incident.title,
                    "severity": incident.severity,
                    "opened_at": incident.opened_at.isoformat(timespec="minutes"),
                    "hours_open": round(hours, 1),
                },
            )
        )
    return items


def _mail_item(view: Any, at: datetime, coeff: dict, kind: str) -> Item:
    waited = (at - view.date).total_seconds() / 3600 if view.date and view.date <= at else 0.0
    score = urgency(coeff, urgent_contact=view.urgent_contact, waiting_hours=waited)
    if view.priority:  # the triage rules' priority (0-3, urgent words, known senders)
        score = Urgency(
            round(score.score + coeff["mail_priority"] * view.priority, 1),
            (*score.reasons, f"priority {view.priority}"),
        )
    if view.category == "incident":
        score = Urgency(
            round(score.score + coeff["fire"] / 2, 1), ("incident mail", *score.reasons)
        )
    sender = view.from_name or view.from_addr
    why = ", ".join(score.reasons) if kind == "urgent-mail" else view.category
    return Item(
        kind,
        view.client,
        view.subject or "(no subject)",
        f"#{view.id} {sender}",
        why,
        score,
        {
            "id": view.id,
            "subject": view.subject,
            "from": view.from_addr,
            "category": view.category,
            "state": view.state,
            "date": view.date.isoformat(timespec="minutes") if view.date else None,
            "after_hours": view.after_hours,
        },
    )


def _urgent_mail(
    board: Dashboard,
    db: Database,
    settings: Any,
    day: date,
    at: datetime,
    owner: str | None,
    coeff: dict,
) -> list[Item]:
    if not board.has_mail:
        return []
    from acctcli.services.mail.listing import mail_overview
    from acctcli.services.mail_config import read_mail_settings

    mail_settings = read_mail_settings(settings.section("mail"), str(settings.config_path))
    overview = mail_overview(db, day=day, owner=owner, wait_days=mail_settings.wait_days)
    section = board.mail
    section.to_triage = overview.to_triage
    section.needs_reply = overview.needs_reply
    section.waiting = overview.waiting
    section.by_client = [
        {"client": client, "category": category, "count": n}
        for client, category, n in overview.by_client
    ]
    section.top = _ranked([_mail_item(v, at, coeff, "mail") for v in overview.top])
    section.after_hours = _ranked([_mail_item(v, at, coeff, "mail") for v in overview.after_hours])
    return [_mail_item(v, at, coeff, "urgent-mail") for v in overview.urgent]


def _calls(
    db: Database, settings: Any, day: date, now: datetime, owner: str | None, coeff: dict
) -> list[Item]:
    from acctcli.render.calls import call_json
    from acctcli.services.calls import calls_config, due_calls

    items = []
    real_now = now if now.date() == day else None
    for call in due_calls(db, day, owner=owner, config=calls_config(settings), now=real_now):
        urgent = bool(call.contact and call.contact.urgent)
        score = urgency(
            coeff, days_overdue=call.days_overdue, at_risk=call.at_risk, urgent_contact=urgent
        )
        what = call.channel + (f" {call.reach}" if call.reach else "")
        how = call.contact.name if call.contact else ""
        late = call.days_overdue
        why = f"overdue {_days(late)}" if late > 0 else "due today"
        if call.at_risk:
            why += f" · silent {_days(call.days_silent)}"
            if call.max_gap:
                why += f" (max {call.max_gap})"
        if call.last_contact is None:
            why += " · never contacted"
        if call.outside_hours:
            why += " · outside their hours"
        items.append(Item("call", call.client, what, how, why, score, call_json(call)))
    return items


def _onboarding(db: Database, day: date, owner: str | None, coeff: dict) -> list[Item]:
    from acctcli.services.onboarding.due import onboarding_due

    items = []
    for step in onboarding_due(db, day, owner):
        score = urgency(coeff, days_overdue=step.days_overdue)
        why = score.reasons[0] if score.reasons else "due"
        if step.blocked_by:
            why += f" · after {', '.join(step.blocked_by)}"
        items.append(
            Item(
                "onboarding",
                step.client,
                step.title,
                step.role,
                why,
                score,
                {
                    "key": step.key,
                    "title": step.title,
                    "role": step.role,
                    "due": step.due.isoformat(),
                    "days_overdue": step.days_overdue,
                    "blocked_by": list(step.blocked_by),
                },
            )
        )
    return items


def _invoices(db: Database, day: date, owner: str | None, coeff: dict, currency: str) -> list[Item]:
    from acctcli.render.money import invoice_json
    from acctcli.services.money import invoices_needing_attention

    items = []
    for line in invoices_needing_attention(db, day, owner):
        late = (day - line.due).days
        text = f"invoice {line.number}"
        if late > 0:
            amount_reason = f"invoice {money_display(line.balance, currency)}, {_days(late)} late"
            score = urgency(
                coeff, days_overdue=late, amount=line.balance, amount_text=amount_reason
            )
        else:
            amount_reason = f"due {'today' if late == 0 else 'in ' + _days(-late)}"
            score = urgency(coeff, amount=line.balance, amount_text=amount_reason)
        how = line.service or ""
        items.append(
            Item("invoice", line.client, text, how, amount_reason, score, invoice_json(line))
        )
    return items


def _upsells(db: Database, day: date, owner: str | None, coeff: dict, currency: str) -> list[Item]:
    from acctcli.render.money import upsell_json
    from acctcli.services.money import open_upsells

    items = []
    for line in open_upsells(db, day, owner):
        age = (day - line.opened_on).days
        value = line.value or Decimal(0)
        worth = money_display(value, currency) if line.value else "no value yet"
        score = urgency(coeff, amount=value, amount_text=worth)
        score = Urgency(
            round(score.score + min(age, 30) * 0.1, 1), (f"open {_days(age)}", *score.reasons)
        )
        text = f"{line.service} · {worth}"
        why = f"open {_days(age)}"
        items.append(
            Item("upsell", line.client, text, line.note or "", why, score, upsell_json(line))
        )
    return items


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    mail = board.mail
    return {
        "date": board.day.isoformat(),
        "weekday": board.day.strftime("%A"),
        "at": board.at.isoformat(timespec="minutes"),
        "summary": board.summary(),
        "incidents": [i.json() for i in board.incidents],
        "mail": {
            "to_triage": mail.to_triage,
            "needs_reply": mail.needs_reply,
            "waiting": mail.waiting,
            "by_client": mail.by_client,
            "top": [i.json() for i in mail.top],
            "after_hours": [i.json() for i in mail.after_hours],
        },
        "calls": [i.json() for i in board.calls],
        "onboarding": [i.json() for i in board.onboarding],
        "invoices": [i.json() for i in board.invoices],
        "upsells": [i.json() for i in board.upsells],
    }
