"""A promise to pay against the payments (domain.followups.check_promise), by hypothesis."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from acctcli.domain.followups import check_promise

START = date(2026, 1, 1)
money = st.integers(min_value=1, max_value=10_000_000).map(lambda k: Decimal(k) / 100)
day = st.integers(min_value=0, max_value=120).map(lambda n: START + timedelta(days=n))
payments = st.lists(st.tuples(day, money), max_size=8)


@given(amount=money, made=day, due=st.none() | day, paid=payments, today=day)
def test_kept_exactly_when_the_payments_in_its_window_reach_the_amount(
    amount: Decimal, made: date, due: date | None, paid: list[tuple[date, Decimal]], today: date
) -> None:
    promise = check_promise(amount, made, due, paid, today)
    last = today if due is None else min(due, today)
    window = [(d, v) for d, v in paid if made <= d <= last]
    reached = sum((v for _, v in window), Decimal(0)) >= amount
    assert (promise.state == "kept") == reached
    if reached:
        # kept on the day the running total first reached the amount, and never later
        total = Decimal(0)
        for d, v in sorted(window):
            total += v
            if total >= amount:
                assert promise.kept_on == d
                break
        assert promise.paid >= amount
    else:
        assert promise.paid == sum((v for _, v in window), Decimal(0))
        broken = due is not None and today > due
        assert promise.state == ("broken" if broken else "pending")


@given(amount=money, made=day, due=day, paid=payments, today=day, later=st.integers(1, 60))
def test_a_broken_promise_stays_broken_and_a_kept_one_kept(
    amount: Decimal,
    made: date,
    due: date,
    paid: list[tuple[date, Decimal]],
    today: date,
    later: int,
) -> None:
    """Looked at a later day (with payments after its day), a promise's verdict holds."""
    first = check_promise(amount, made, due, paid, today)
    after = check_promise(amount, made, due, paid, today + timedelta(days=later))
    if first.state in ("kept", "broken"):
        assert after.state == first.state
    if after.state == "pending":
        assert first.state == "pending"
