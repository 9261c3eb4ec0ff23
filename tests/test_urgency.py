"""Urgency scores: each factor counts, and each says why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from acctcli.domain.urgency import DEFAULT_COEFFICIENTS, coefficients, urgency
from acctcli.errors import Invalid


def test_factors_add_up_with_reasons() -> None:
    c = coefficients(None)
    late = urgency(c, days_overdue=6)
    assert late.score == 6.0 and late.reasons == ("overdue 6 days",)
    assert urgency(c, days_overdue=0).reasons == ("due today",)
    assert urgency(c, days_overdue=-3).score == 0
    money = urgency(c, days_overdue=34, amount=Decimal("45000"), amount_text="45 000 ₽")
    assert money.reasons[0] == "overdue 34 days" and "45 000 ₽" in money.reasons
    assert money.score > late.score
    fire = urgency(c, fire=True, high_severity=True, fire_hours=5)
    assert fire.score == 31.3  # 20 + 10 + 1.25, rounded half up to one place
    assert fire.reasons == ("open incident", "high severity", "burning 5 h")


def test_overdue_and_burning_are_capped() -> None:
    c = coefficients(None)
    assert urgency(c, days_overdue=400).score == urgency(c, days_overdue=60).score
    assert urgency(c, fire_hours=500).reasons == ("burning 20 days",)


def test_config_overrides_known_coefficients_only() -> None:
    c = coefficients({"overdue_day": 2, "nonsense": 99})
    assert c["overdue_day"] == 2.0
    assert "nonsense" not in c
    assert c["urgent_contact"] == DEFAULT_COEFFICIENTS["urgent_contact"]
    assert urgency(c, days_overdue=3).score == 6.0


@pytest.mark.parametrize("bad", [True, "high", float("nan"), float("inf")])
def test_a_coefficient_that_is_not_a_finite_number_is_refused(bad: object) -> None:
    with pytest.raises(Invalid, match="urgent_contact must be a number"):
        coefficients({"urgent_contact": bad})
