"""Client health (issue 20): a 0-100 score from explainable factors, as of any day.

Pure: no I/O, no clock.  A client starts at 100; each factor that applies takes points off —
coefficient × factor, like `acct today`'s urgency — and says why ("silent 50 days (max gap
6w)").  The score is 100 − the sum, never below 0, rounded half up to a whole number; the
bands (healthy / watch / at risk) are cut at configurable scores.  The facts come from the
store's history as of the day (store/health.py), so the score of any past day can be
computed again and checked against what happened next (tests/services/test_health_history.py).

Light on purpose: `acct today` imports this for its at-risk line.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from acctcli.i18n import _, ngettext
from acctcli.patterns import pattern
from acctcli.records import NamedTuple

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from collections.abc import Mapping

# Each coefficient is points off per unit of its factor; all can be set in config.toml's
# [health] table, with the two band limits.
DEFAULT_HEALTH: dict[str, float] = {
    "silence": 25.0,  # per max gap of silence beyond half of it (capped at 2 gaps)
    "cadence_day": 0.5,  # per day past the client's cadence (capped at 30 days)
    "unanswered_day": 2.0,  # per day the oldest client message since the last touch waits (cap 14)
    "overdue_1_30": 5.0,  # the oldest overdue receivable 1-30 days past due
    "overdue_31_60": 12.0,  # …31-60 days
    "overdue_61_90": 20.0,  # …61-90 days
    "overdue_90": 30.0,  # …more than 90 days
    "fire": 5.0,  # per incident opened in the last 30 days
    "fire_hour": 0.1,  # per hour those incidents burned (each capped at 72 hours)
    "onboarding_day": 1.0,  # per day the latest onboarding step is late (capped at 30)
    "paused": 20.0,  # the client is paused
    "fee_cut": 30.0,  # × the share of its fees cut in the last 90 days
    "broken_promise": 10.0,  # per promise to pay past its day (capped at 3)
    "watch_below": 75.0,  # a score below this is "watch"
    "at_risk_below": 60.0,  # …and below this "at risk"
}
BANDS = ("healthy", "watch", "at_risk")
FIRE_WINDOW_DAYS = 30
FEE_CUT_WINDOW_DAYS = 90
_CAPS = {"silence": 2.0, "cadence_day": 30, "unanswered_day": 14, "fire_hours": 72}
_GAP_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}
_SPAN = pattern(r"^(\d+)\s*([dwmy])$")


class HealthFacts(NamedTuple):
    """What the store knows about one customer on the day (see store/health.py)."""

    client_id: int
    name: str
    owner: str
    since: date
    cadence: str | None
    max_gap: str | None  # the client's own, else the configured default ("6w"), or None
    last_touch: date | None
    waiting_since: date | None  # the oldest client message after the last touch
    oldest_overdue: date | None  # the due date of the oldest unpaid invoice past due
    overdue_minor: int
    fires: int  # opened in the last FIRE_WINDOW_DAYS days
    fire_hours: float  # how long they burned within that window (each capped)
    onboarding_late_since: date | None  # the due date of the latest-running step not done
    paused: bool
    fees_now_minor: int
    fees_before_minor: int  # FEE_CUT_WINDOW_DAYS days before
    broken_promises: int


class Factor(NamedTuple):
    key: str
    points: Decimal  # taken off the 100
    reason: str


class Health(NamedTuple):
    client_id: int
    name: str
    owner: str
    score: int
    band: str  # healthy, watch, at_risk
    factors: tuple[Factor, ...]  # largest first

    def reasons(self, top: int | None = None) -> list[str]:
        return [f.reason for f in self.factors[:top]]


def health_coefficients(config: Mapping[str, float] | None = None) -> dict[str, float]:
    merged = dict(DEFAULT_HEALTH)
    merged.update({k: v for k, v in (config or {}).items() if k in DEFAULT_HEALTH})
    return merged


def span_days(spec: str | None) -> int | None:
    """'6w' → 42 (a month is 30 days, a year 365); None or 'none' → None."""
    if not spec:
        return None
    m = _SPAN.match(spec.strip().lower())
    return None if m is None else int(m.group(1)) * _GAP_UNITS[m.group(2)]


_WEEKLY = pattern(r"^weekly:(?P<days>[a-z,]+)$")
_EVERY = pattern(r"^every:(?P<n>\d+)(?P<unit>[dwmy])$")
_RRULE_FREQ = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}


def cadence_days(spec: str | None) -> int | None:
    """The usual days between touches a cadence asks for, roughly (None: no rhythm)."""
    if not spec:
        return None
    value = spec.strip()
    lower = value.lower()
    if lower in ("daily", "weekdays"):
        return 1
    if lower == "weekly":
        return 7
    if lower == "biweekly":
        return 14
    if lower.startswith("monthly"):
        return 30
    weekly = _WEEKLY.match(lower)
    if weekly:
        return max(1, 7 // max(1, len(weekly["days"].split(","))))
    every = _EVERY.match(lower)
    if every:
        return int(every["n"]) * _GAP_UNITS[every["unit"]]
    if value.upper().startswith("RRULE:"):
        parts = dict(p.partition("=")[::2] for p in value[6:].upper().split(";"))
        base = _RRULE_FREQ.get(parts.get("FREQ", ""))
        interval = parts.get("INTERVAL", "1")
        return base * int(interval) if base and interval.isdigit() else base
    return None


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _d(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def factors(facts: HealthFacts, day: date, coeff: Mapping[str, float]) -> list[Factor]:
    """Every factor that takes points off, with its reason (unsorted)."""
    out: list[Factor] = []

    def add(key: str, points: float, reason: str) -> None:
        value = _d(points)
        if value > 0:
            out.append(Factor(key, value, reason))

    silent = (day - (facts.last_touch or facts.since)).days
    gap = span_days(facts.max_gap)
    if gap:
        ratio = min(_CAPS["silence"], silent / gap)
        if facts.last_touch is None:
            # TRANSLATORS: a client never contacted since it started {days} ("50 days") ago.
            why = _("never contacted in {days}").format(days=_days(silent))
        else:
            # TRANSLATORS: no touch for {days} ("50 days"); {gap}: the longest safe gap ("6w").
            why = _("silent {days} (max gap {gap})").format(days=_days(silent), gap=facts.max_gap)
        add("silence", coeff["silence"] * max(0.0, ratio - 0.5), why)
    every = cadence_days(facts.cadence)
    if every is not None and silent > every:
        late = min(_CAPS["cadence_day"], silent - every)
        # TRANSLATORS: {days} ("9 days") past the rhythm of calls agreed ({cadence}, "weekly").
        why = _("{days} behind the cadence ({cadence})").format(
            days=_days(silent - every), cadence=facts.cadence
        )
        add("cadence_day", coeff["cadence_day"] * late, why)
    if facts.waiting_since is not None:
        waited = max(0, (day - facts.waiting_since).days)
        # TRANSLATORS: the client's oldest message since the last touch has waited {days}.
        why = _("their mail unanswered {days}").format(days=_days(waited))
        add("unanswered_day", coeff["unanswered_day"] * min(_CAPS["unanswered_day"], waited), why)
    if facts.oldest_overdue is not None and facts.overdue_minor > 0:
        late = (day - facts.oldest_overdue).days
        key = (
            "overdue_1_30"
            if late <= 30
            else "overdue_31_60"
            if late <= 60
            else "overdue_61_90"
            if late <= 90
            else "overdue_90"
        )
        # TRANSLATORS: the oldest unpaid invoice is {days} ("34 days") past due.
        add(key, coeff[key], _("owes money {days} overdue").format(days=_days(late)))
    if facts.fires:
        hours = int(facts.fire_hours)
        # TRANSLATORS: incidents in the last 30 days and how long they burned in all.
        why = ngettext(
            "{n} fire in 30 days, {hours} h burning",
            "{n} fires in 30 days, {hours} h burning",
            facts.fires,
        ).format(n=facts.fires, hours=hours)
        add("fire", coeff["fire"] * facts.fires + coeff["fire_hour"] * facts.fire_hours, why)
    if facts.onboarding_late_since is not None:
        late = (day - facts.onboarding_late_since).days
        if late > 0:
            # TRANSLATORS: an onboarding step not done, {days} ("6 days") past its date.
            why = _("onboarding {days} behind").format(days=_days(late))
            add("onboarding_day", coeff["onboarding_day"] * min(30, late), why)
    if facts.paused:
        add("paused", coeff["paused"], _("paused"))
    if facts.fees_before_minor > facts.fees_now_minor:
        share = (facts.fees_before_minor - facts.fees_now_minor) / facts.fees_before_minor
        # TRANSLATORS: the client's monthly fees fell by {pct} % in the last 90 days.
        why = _("fees cut by {pct} % in 90 days").format(pct=round(share * 100))
        add("fee_cut", coeff["fee_cut"] * share, why)
    if facts.broken_promises:
        n = facts.broken_promises
        why = ngettext("{n} broken promise to pay", "{n} broken promises to pay", n).format(n=n)
        add("broken_promise", coeff["broken_promise"] * min(3, n), why)
    return out


def band_of(score: int, coeff: Mapping[str, float]) -> str:
    if score < coeff["at_risk_below"]:
        return "at_risk"
    if score < coeff["watch_below"]:
        return "watch"
    return "healthy"


def health(facts: HealthFacts, day: date, coeff: Mapping[str, float]) -> Health:
    """The client's score on `day`: 100 − Σ factors' points, 0 at least, a whole number."""
    found = sorted(factors(facts, day, coeff), key=lambda f: (-f.points, f.key))
    total = sum((f.points for f in found), Decimal(0))
    score = int(max(Decimal(0), Decimal(100) - total).quantize(Decimal(1), ROUND_HALF_UP))
    return Health(
        facts.client_id, facts.name, facts.owner, score, band_of(score, coeff), tuple(found)
    )


def band_label(band: str) -> str:
    names = {
        # TRANSLATORS: the health bands of a client.
        "healthy": _("healthy"),
        "watch": _("watch"),
        "at_risk": _("at risk"),
    }
    return names.get(band, band)
