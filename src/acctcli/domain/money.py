"""Money: exact Decimals in the domain, integer minor units (kopecks) in the store."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.patterns import pattern

CENT = Decimal("0.01")
# One amount stays below ten billion, and the amounts of one kind in a store (all invoices, all
# upsells) below 10^17 kopecks: then no sum SQL makes — SQLite's SUM is a 64-bit integer, up
# to 9.2 × 10^18 — can overflow, and every sum is exact.
MAX_AMOUNT = Decimal(10) ** 10
MAX_TOTAL_MINOR = 10**17


def check_total(existing_minor: int, adding: Decimal) -> None:
    """Refuse an amount that would take a store's total of its kind past MAX_TOTAL_MINOR."""
    if existing_minor + to_minor(adding) > MAX_TOTAL_MINOR:
        raise Invalid(
            _(
                "this amount would take the store's total past {limit}: no sum could be exact"
            ).format(limit=f"{MAX_TOTAL_MINOR // 100:,}".replace(",", " "))
        )


_SPACES = pattern(r"[ \u00a0\u202f']")  # the thousands separators people type
_PLAIN = pattern(r"^-?[0-9]+(\.[0-9]+)?$", re.ASCII)


def parse_amount(text: str, *, allow_zero: bool = False) -> Decimal:
    """A positive amount as users write it: 125000, 125 000, 125000.50, 125000,50."""
    cleaned = _SPACES.sub("", str(text)).replace(",", ".")
    for sign in ("₽", "руб.", "руб", "rub", "RUB"):
        cleaned = cleaned.replace(sign, "")
    if not _PLAIN.match(cleaned):
        raise Invalid(
            _("bad amount {text!r}: expected a number such as 125000 or 125 000,50").format(
                text=text
            )
        )
    if len(cleaned.split(".")[0].lstrip("-0")) > 15:
        raise Invalid(_("bad amount {text!r}: too large").format(text=text))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise Invalid(
            _("bad amount {text!r}: expected a number such as 125000 or 125000.50").format(
                text=text
            )
        ) from None
    if not value.is_finite():
        raise Invalid(_("bad amount {text!r}: expected a finite number").format(text=text))
    if value != value.quantize(CENT):
        raise Invalid(
            _("bad amount {text!r}: at most 2 decimal places (kopecks)").format(text=text)
        )
    if value < 0 or (value == 0 and not allow_zero):
        raise Invalid(_("bad amount {text!r}: must be greater than zero").format(text=text))
    if value >= MAX_AMOUNT:
        raise Invalid(
            _("bad amount {text!r}: too large (at most 9 999 999 999,99)").format(text=text)
        )
    return value.quantize(CENT)


def to_minor(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(int(minor)) / 100).quantize(CENT)


def money_str(amount: Decimal) -> str:
    """JSON form: a plain decimal string with two places ("125000.00")."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def money_display(amount: Decimal, currency: str = "RUB") -> str:
    """Terminal form: thin-spaced thousands, kopecks only when present: 45 000 ₽."""
    q = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    whole = f"{abs(int(q)):,}".replace(",", "\u00a0")
    frac = abs(q) % 1
    text = whole + (f",{int(frac * 100):02d}" if frac else "")
    sign = "−" if q < 0 else ""
    symbol = {"RUB": "₽", "USD": "$", "EUR": "€"}.get(currency, currency)
    return f"{sign}{text}\u00a0{symbol}"
