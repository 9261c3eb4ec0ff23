"""The morning dashboard of `acct today`: its sections and their items (pure data).

services/today.py fills it, render/dashboard.py draws it as text and builds its JSON.
"""

from __future__ import annotations

from datetime import date, datetime

from acctcli.domain.urgency import Urgency
from acctcli.i18n import ngettext
from acctcli.records import NamedTuple

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any


class Item(NamedTuple):
    """One row of the dashboard: whose, what, how to act, and why it is there."""

    kind: str  # incident, urgent-mail, mail, call, onboarding, invoice, upsell, followup
    client: str | None
    text: str  # what: a title, a subject, a number to call
    how: str  # with whom / by what, shown after the text when there is room
    why: str  # why it is here today: "overdue 6 days", "invoice 45 000 ₽, 34 days late"
    urgency: Urgency
    # the record behind the row, by kind: an Incident, a mail view, a CallDue, an onboarding
    # step, an InvoiceLine or an UpsellLine
    details: Any


def ranked(items: list[Item]) -> list[Item]:
    """Most urgent first; ties by client, then text."""
    return sorted(items, key=lambda i: (-i.urgency.score, (i.client or "").casefold(), i.text))


class MailSection:
    """Mail to triage: counts, by client and category, the top few, after hours apart."""

    def __init__(self) -> None:
        self.to_triage = 0
        self.needs_reply = 0
        self.waiting = 0
        self.by_client: list[tuple[str | None, str, int]] = []  # (client, category, count)
        self.top: list[Item] = []
        self.after_hours: list[Item] = []  # the most urgent few of them
        self.after_hours_total = 0


class Dashboard:
    """Every section of the morning, each ranked most urgent first."""

    def __init__(self, day: date, at: datetime, has_clients: bool, has_mail: bool) -> None:
        self.day = day
        self.at = at  # the moment it is drawn at: now, or the morning of another day
        self.has_clients = has_clients
        self.has_mail = has_mail
        self.incidents: list[Item] = []  # fires and (the most urgent few) incident mail
        self.fire_mail = 0  # incident mail in all
        self.linked: dict[int, list[Item]] = {}  # mail shown under its incident, by its id
        self.mail = MailSection()
        self.calls: list[Item] = []
        self.onboarding: list[Item] = []
        self.invoices: list[Item] = []
        self.upsells: list[Item] = []
        self.followups: list[Item] = []  # overdue, due today, then within 2 working days
        self.reports: list[Item] = []  # client reports due today or overdue
        self.at_risk: list[Item] = []  # clients whose health is "at risk" (issue 20)
        self.unreadable: list[Any] = []  # clients whose data could not be read (Unreadable)
        self.broken_sections: list[tuple[str, str]] = []  # (section, why) left out

    @property
    def fires(self) -> int:
        return sum(1 for i in self.incidents if i.kind == "incident")

    def summary(self) -> list[str]:
        """ "2 fires · 14 to triage · 3 calls · 1 overdue invoice" as parts (none for a zero)."""
        overdue = sum(1 for i in self.invoices if i.details.days_overdue > 0)
        due_soon = len(self.invoices) - overdue
        urgent_mail = max(self.fire_mail, len(self.incidents) - self.fires)
        to_triage, calls, steps = self.mail.to_triage, len(self.calls), len(self.onboarding)
        upsells = len(self.upsells)
        follow = len(self.followups)
        reports = len(self.reports)
        counts = [
            (self.fires, ngettext("{n} fire", "{n} fires", self.fires)),
            # TRANSLATORS: mail classified as an incident (shown among the fires), not yet
            # opened as an incident of its own
            (urgent_mail, ngettext("{n} incident message", "{n} incident messages", urgent_mail)),
            # TRANSLATORS: messages still to sort out (`acct mail triage`).
            (to_triage, ngettext("{n} to triage", "{n} to triage", to_triage)),
            (calls, ngettext("{n} call", "{n} calls", calls)),
            (steps, ngettext("{n} onboarding step", "{n} onboarding steps", steps)),
            (overdue, ngettext("{n} overdue invoice", "{n} overdue invoices", overdue)),
            # TRANSLATORS: invoices due in the days to come (this week).
            (due_soon, ngettext("{n} invoice due soon", "{n} invoices due soon", due_soon)),
            # TRANSLATORS: open upsell offers to follow up with the client.
            (upsells, ngettext("{n} upsell to follow up", "{n} upsells to follow up", upsells)),
            # TRANSLATORS: promises due now or soon (acct follow list).
            (follow, ngettext("{n} follow-up", "{n} follow-ups", follow)),
            # TRANSLATORS: monthly client reports due today or overdue (acct report).
            (reports, ngettext("{n} report due", "{n} reports due", reports)),
        ]
        return [text.format(n=n) for n, text in counts if n]
