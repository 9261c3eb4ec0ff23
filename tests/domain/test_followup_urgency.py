"""Follow-ups' urgency coefficients (issue 16): promised by me, a broken promise, waiting."""

from __future__ import annotations

from acctcli.domain.urgency import DEPARTMENT_WAIT_DAYS, coefficients, urgency


def test_follow_up_factors_add_up_with_reasons() -> None:
    c = coefficients(None)
    mine = urgency(c, promised_by_me=True, days_overdue=0)
    assert mine.score == 5.0 and mine.reasons == ("promised by me", "due today")
    broken = urgency(c, broken_promise=True, days_overdue=2)
    assert broken.score == 10.0 and broken.reasons == ("broken promise", "overdue 2 days")
    assert urgency(c, waiting_days=DEPARTMENT_WAIT_DAYS).score == 0
    waiting = urgency(c, waiting_days=DEPARTMENT_WAIT_DAYS + 4)
    assert waiting.score == 2.0 and waiting.reasons == (f"waiting on them {2 + 4} days",)
    assert urgency(c, waiting_days=400).score == urgency(c, waiting_days=32).score == 15.0


def test_follow_up_coefficients_come_from_config() -> None:
    c = coefficients({"promised_by_me": 1, "broken_promise": 20, "department_day": 2})
    assert urgency(c, promised_by_me=True).score == 1.0
    assert urgency(c, broken_promise=True).score == 20.0
    assert urgency(c, waiting_days=3).score == 2.0
