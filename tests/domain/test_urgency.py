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


def test_incident_mail_is_its_own_coefficient_defaulting_to_half_a_fire() -> None:
    mail = urgency(coefficients(None), incident_mail=True, urgent_contact=True)
    assert mail.score == 15.0  # 10 + 5
    assert mail.reasons == ("incident mail", "urgent contact")  # what it is comes first
    assert urgency(coefficients({"incident_mail": 4}), incident_mail=True).score == 4.0
    assert urgency(coefficients({"fire": 30}), incident_mail=True).score == 15.0
    assert urgency(coefficients({"fire": 30, "incident_mail": 1}), incident_mail=True).score == 1.0


def test_mail_priority_counts_per_level_and_comes_last() -> None:
    c = coefficients(None)
    mail = urgency(c, waiting_hours=7, mail_priority=3)
    assert mail.score == 9.7  # 0.7 + 3 × 3
    assert mail.reasons == ("waiting 7 h", "priority 3")
    assert urgency(coefficients({"mail_priority": 0.5}), mail_priority=3).score == 1.5
    assert urgency(c, mail_priority=0).reasons == ()


def test_upsell_age_is_a_coefficient_capped_at_thirty_days() -> None:
    c = coefficients(None)
    offer = urgency(c, open_days=12, amount=Decimal("9000"), amount_text="9 000 ₽")
    assert offer.score == 3.2  # 1.2 + 2 × log10(10)
    assert offer.reasons == ("open 12 days", "9 000 ₽")
    assert urgency(c, open_days=400).score == 3.0
    assert urgency(coefficients({"upsell_day": 1}), open_days=12).score == 12.0
    assert urgency(c, open_days=0).reasons == ("open 0 days",)


def test_a_half_rounds_up() -> None:
    # 0.05 × 5 = 0.25: float round() gives 0.2 (half to even, on the binary value)
    assert round(0.25, 1) == 0.2
    assert urgency(coefficients({"upsell_day": 0.05}), open_days=5).score == 0.3
    # a half that appears only when terms are added: 0.25 + 3 × 1
    assert urgency(coefficients(None), waiting_hours=2.5, mail_priority=1).score == 3.3
