"""Explainable urgency, in the spirit of Taskwarrior's coefficients.

An item's score is the sum of coefficient × factor over the factors that apply to it, in exact
decimals, rounded half up to one place; every factor that applies also gives a short reason
("overdue 6 days").  Coefficients come from config.toml's [urgency] table; the defaults below
make a burning fire outrank everything, then money and lateness.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from acctcli.errors import Invalid
from acctcli.i18n import _, ngettext
from acctcli.records import NamedTuple

DEFAULT_COEFFICIENTS: dict[str, float] = {
    "fire": 20.0,  # an open incident
    "high_severity": 10.0,  # …of high severity
    "fire_hour": 0.25,  # per hour an incident has been open (capped at 3 days)
    "overdue_day": 1.0,  # per day past due (capped at 60 days)
    "due_today": 2.0,  # due today, not yet late
    "money_log": 2.0,  # per tenfold of the amount in thousands (log10(1 + amount/1000))
    "urgent_contact": 5.0,  # from or to the client's urgent contact
    "waiting_hour": 0.1,  # per hour a client's message has waited (capped at 5 days)
    "at_risk": 4.0,  # a client's longest safe gap between touches is exceeded
    "mail_priority": 3.0,  # per level of a message's triage priority (0-3)
    "incident_mail": 10.0,  # a message triaged as an incident (unset: half of `fire`)
    "upsell_day": 0.1,  # per day an upsell offer has been open (capped at 30 days)
    "promised_by_me": 3.0,  # a follow-up I promised the client
    "broken_promise": 8.0,  # a client's promise to pay, past its day
    "department_day": 0.5,  # per day waiting on the agency past DEPARTMENT_WAIT_DAYS (cap 30)
}
DEPARTMENT_WAIT_DAYS = 2  # waiting on a department or a colleague longer than this weighs

# Reasons come in three groups, each by weight: what the item is, the facts, then the triage
# rules' priority.
_WHAT, _FACT, _PRIORITY = 0, 1, 2


class Urgency(NamedTuple):
    score: float
    reasons: tuple[str, ...] = ()


def coefficients(config: Mapping[str, object] | None) -> dict[str, float]:
    """The defaults overridden by config.toml's [urgency] (unknown keys are ignored)."""
    merged = dict(DEFAULT_COEFFICIENTS)
    for key, value in (config or {}).items():
        if key not in merged:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise Invalid(
                _("config.toml: [urgency] {key} must be a number, not {value}").format(
                    key=key, value=repr(value)
                )
            )
        merged[key] = float(value)
    if "incident_mail" not in (config or {}):
        merged["incident_mail"] = merged["fire"] / 2
    return merged


def days_text(n: int) -> str:
    """ "1 day", "6 days" / "1 день", "6 дней" (the form after "на", "через": the same)."""
    return ngettext("{n} day", "{n} days", n).format(n=n)


def overdue_text(n: int) -> str:
    """ "overdue 6 days" / "просрочено на 6 дней"."""
    # TRANSLATORS: {days} is a count of days, e.g. "6 days".
    return _("overdue {days}").format(days=days_text(n))


def open_text(n: int) -> str:
    """ "open 12 days" (an offer, since it was made) / "открыто 12 дней"."""
    # TRANSLATORS: an upsell offer open for {days}, e.g. "12 days".
    return _("open {days}").format(days=days_text(n))


def _term(coefficient: float, factor: float) -> Decimal:
    """coefficient × factor, exactly (each as the decimal it prints as)."""
    return Decimal(repr(float(coefficient))) * Decimal(repr(factor))


def _per_hour(
    coefficient: float, hours: float, cap: float, in_hours: str, in_days: str
) -> tuple[Decimal, str]:
    """Weight of a duration counted by the hour up to `cap`; "burning 5 h", "waiting 3 days"
    (`in_hours` has a {hours} placeholder, `in_days` a {days} one)."""
    if hours < 48:
        label = in_hours.format(hours=int(hours))
    else:
        label = in_days.format(days=days_text(int(hours // 24)))
    return _term(coefficient, min(hours, cap)), label


def urgency(
    coeff: Mapping[str, float],
    *,
    fire: bool = False,
    high_severity: bool = False,
    fire_hours: float = 0.0,
    days_overdue: int | None = None,
    amount: Decimal | None = None,
    urgent_contact: bool = False,
    waiting_hours: float = 0.0,
    at_risk: bool = False,
    amount_text: str | None = None,
    incident_mail: bool = False,
    mail_priority: int = 0,
    open_days: int | None = None,
    promised_by_me: bool = False,
    broken_promise: bool = False,
    waiting_days: int | None = None,
) -> Urgency:
    """Score one item from the facts that apply to it.  Reasons: what the item is
    ("incident mail", "open 12 days"), then the facts by weight, then "priority 2"."""
    parts: list[tuple[int, Decimal, str]] = []

    def add(weight: Decimal, label: str, group: int = _FACT) -> None:
        parts.append((group, weight, label))

    if incident_mail:
        add(_term(coeff["incident_mail"], 1), _("incident mail"), _WHAT)
    if open_days is not None:
        add(_term(coeff["upsell_day"], min(open_days, 30)), open_text(open_days), _WHAT)
    if promised_by_me:
        add(_term(coeff["promised_by_me"], 1), _("promised by me"), _WHAT)
    if broken_promise:
        add(_term(coeff["broken_promise"], 1), _("broken promise"), _WHAT)
    if waiting_days is not None and waiting_days > DEPARTMENT_WAIT_DAYS:
        extra = min(waiting_days - DEPARTMENT_WAIT_DAYS, 30)
        # TRANSLATORS: waiting on a department or a colleague for {days} ("4 days")
        add(
            _term(coeff["department_day"], extra),
            _("waiting on them {days}").format(days=days_text(waiting_days)),
        )
    if fire:
        add(_term(coeff["fire"], 1), _("open incident"))
    if high_severity:
        add(_term(coeff["high_severity"], 1), _("high severity"))
    if fire_hours > 0:
        # TRANSLATORS: an incident open for so many hours ("burning 5 h"), or days ({days}:
        # "3 days").
        burning = _("burning {hours} h"), _("burning {days}")
        add(*_per_hour(coeff["fire_hour"], fire_hours, 72.0, *burning))
    if days_overdue is not None:
        if days_overdue > 0:
            late = overdue_text(days_overdue)
            add(_term(coeff["overdue_day"], min(days_overdue, 60)), late)
        elif days_overdue == 0:
            add(_term(coeff["due_today"], 1), _("due today"))
    if amount is not None and amount > 0:
        tenfolds = math.log10(1 + float(amount) / 1000)
        add(_term(coeff["money_log"], tenfolds), amount_text or f"{amount}")
    if urgent_contact:
        add(_term(coeff["urgent_contact"], 1), _("urgent contact"))
    if waiting_hours > 0:
        # TRANSLATORS: a client's message waiting for so many hours ("waiting 5 h"), or days.
        waiting = _("waiting {hours} h"), _("waiting {days}")
        add(*_per_hour(coeff["waiting_hour"], waiting_hours, 120.0, *waiting))
    if at_risk:
        add(_term(coeff["at_risk"], 1), _("longest safe gap exceeded"))
    if mail_priority:
        priority = _("priority {n}").format(n=mail_priority)
        add(_term(coeff["mail_priority"], mail_priority), priority, _PRIORITY)
    total = sum((w for _, w, _ in parts), Decimal(0))
    score = float(total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    ordered = sorted(parts, key=lambda p: (p[0], -p[1]))
    return Urgency(score, tuple(label for _, w, label in ordered if w > 0 or label))
