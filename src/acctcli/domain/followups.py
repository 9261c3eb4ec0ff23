"""Follow-ups and promises (issue 16): who owes what, by when.  Pure: no I/O, no clock."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from acctcli.domain.incidents import MAX_ROW_ID
from acctcli.errors import Invalid, NotFound
from acctcli.i18n import _
from acctcli.records import NamedTuple

ME, CLIENT = "me", "client"
DEPARTMENTS = ("seo", "ppc", "smm", "content", "accounting")
SOURCES = ("manual", "call", "meeting", "mail", "reply", "triage")
STATES = ("open", "done", "dropped")
MAX_TEXT = 500
_ID = re.compile(r"[#fF]?(\d+)")


class Promise(NamedTuple):
    """How a client's promise to pay stands on a day: `pending` (its day not yet past),
    `kept` (payments on the invoice from the day it was made reached the amount by its day) or
    `broken` (its day passed short of the amount)."""

    state: str
    amount: Decimal  # promised
    paid: Decimal  # paid towards it: payments dated from the day it was made to its day
    kept_on: date | None = None  # the payment that reached the amount


def check_promise(
    amount: Decimal,
    made_on: date,
    due: date | None,
    payments: list[tuple[date, Decimal]],
    today: date,
) -> Promise:
    """A promise to pay `amount`, made on `made_on`, by `due` (None: no day — never broken),
    as it stands at the end of `today`, given the invoice's payments (day, amount)."""
    last = today if due is None else min(due, today)
    paid = Decimal(0)
    for day, value in sorted(payments):
        if made_on <= day <= last:
            paid += value
            if paid >= amount:
                return Promise("kept", amount, paid, day)
    if due is not None and today > due:
        return Promise("broken", amount, paid)
    return Promise("pending", amount, paid)


class FollowUp(NamedTuple):
    id: int
    client: str
    client_id: int
    text: str
    who: str
    due: date | None
    source: str
    mail_id: int | None
    touch_id: int | None
    invoice: str | None
    amount: Decimal | None
    state: str
    created_at: datetime
    closed_on: date | None
    why: str | None
    incident_id: int | None = None
    step_id: int | None = None
    promise: Promise | None = None  # a promise to pay, checked against the payments

    @property
    def is_promise(self) -> bool:
        """A client's promise to pay an invoice."""
        return self.who == CLIENT and self.invoice is not None and self.amount is not None

    @property
    def broken(self) -> bool:
        return self.promise is not None and self.promise.state == "broken"

    def days_overdue(self, today: date) -> int:
        """Days past the due day (0 when due today or later, or without a day)."""
        if self.due is None or self.state != "open":
            return 0
        return max(0, (today - self.due).days)

    def is_overdue(self, today: date) -> bool:
        return self.state == "open" and self.due is not None and self.due < today

    @property
    def kind(self) -> str:
        """mine (I promised), client (the client promised), agency (waiting inside)."""
        if self.who == ME:
            return "mine"
        if self.who == CLIENT:
            return "client"
        return "agency"


def clean_who(value: str | None) -> str:
    """me, client, a department (seo, ppc, smm, content, accounting) or a colleague's name."""
    text = " ".join((value or ME).split())
    if not text:
        raise Invalid(_("--who: say who owes it: me, client, seo, ppc, smm, content, accounting"))
    folded = text.casefold()
    aliases = {"я": ME, "клиент": CLIENT, "бухгалтерия": "accounting", "контент": "content"}
    folded = aliases.get(folded, folded)
    if folded in (ME, CLIENT, *DEPARTMENTS):
        return folded
    if len(text) > 60:
        raise Invalid(_("--who: a name of at most 60 characters"))
    return text


def clean_text(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise Invalid(_("a follow-up needs a text: what is owed"))
    if len(text) > MAX_TEXT:
        raise Invalid(_("a follow-up's text is at most {count} characters").format(count=MAX_TEXT))
    return text


def parse_follow_up_id(text: str) -> int:
    m = _ID.fullmatch(text.strip())
    if not m or int(m.group(1)) == 0:
        raise Invalid(
            _("bad follow-up id {text!r}: expected a number such as 4 or #4").format(text=text)
        )
    if int(m.group(1)) > MAX_ROW_ID:  # none is there (2147483648 was called not a number)
        raise NotFound(
            _("no follow-up #{id}").format(id=m.group(1)), _("see: acct follow list --all")
        )
    return int(m.group(1))


def sort_key(follow_up: FollowUp) -> tuple[bool, date, int]:
    """Open ones by due day (those without a day last), then by number."""
    return (follow_up.due is None, follow_up.due or date.max, follow_up.id)


def owes_text(f: FollowUp) -> str:
    """Who owes it: "I owe", "client owes", "waiting on SEO" / on a colleague."""
    from acctcli.domain.labels import label

    if f.who == ME:
        return _("I owe")
    if f.who == CLIENT:
        return _("client owes")
    return _("waiting on {who}").format(who=label("who", f.who))
