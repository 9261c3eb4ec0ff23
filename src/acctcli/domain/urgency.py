"""Explainable urgency, in the spirit of Taskwarrior's coefficients.

An item's score is the sum of coefficient × factor over the factors that apply to it; every
factor that contributes also gives a short reason ("overdue 6 days").  Coefficients come from
config.toml's [urgency] table; the defaults below make a burning fire outrank everything,
then money and lateness.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from acctcli.errors import Invalid

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
}


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
            raise Invalid(f"config.toml: [urgency] {key} must be a number, not {value!r}")
        merged[key] = float(value)
    return merged


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _per_hour(coefficient: float, hours: float, cap: float, verb: str) -> tuple[float, str]:
    """Weight of a duration counted by the hour up to `cap`; "burning 5 h", "waiting 3 days"."""
    label = f"{verb} {int(hours)} h" if hours < 48 else f"{verb} {_days(int(hours // 24))}"
    return coefficient * min(hours, cap), label


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
) -> Urgency:
    """Score one item from the facts that apply to it; reasons in order of weight."""
    parts: list[tuple[float, str]] = []
    if fire:
        parts.append((coeff["fire"], "open incident"))
    if high_severity:
        parts.append((coeff["high_severity"], "high severity"))
    if fire_hours > 0:
        parts.append(_per_hour(coeff["fire_hour"], fire_hours, 72.0, "burning"))
    if days_overdue is not None:
        if days_overdue > 0:
            parts.append(
                (coeff["overdue_day"] * min(days_overdue, 60), f"overdue {_days(days_overdue)}")
            )
        elif days_overdue == 0:
            parts.append((coeff["due_today"], "due today"))
    if amount is not None and amount > 0:
        weight = coeff["money_log"] * math.log10(1 + float(amount) / 1000)
        parts.append((weight, amount_text or f"{amount}"))
    if urgent_contact:
        parts.append((coeff["urgent_contact"], "urgent contact"))
    if waiting_hours > 0:
        parts.append(_per_hour(coeff["waiting_hour"], waiting_hours, 120.0, "waiting"))
    if at_risk:
        parts.append((coeff["at_risk"], "longest safe gap exceeded"))
    total = Decimal(repr(sum(w for w, _ in parts)))
    score = float(total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    reasons = tuple(label for w, label in sorted(parts, key=lambda p: -p[0]) if w > 0 or label)
    return Urgency(score, reasons)
