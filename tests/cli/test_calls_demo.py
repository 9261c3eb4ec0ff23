"""The demo agency's call history makes a lively call list on any working day."""

from __future__ import annotations

import pytest
from tests.conftest import Run


@pytest.mark.parametrize("day", ["2026-11-23", "2026-11-25", "2027-03-05"])  # Mon, Wed, Fri
def test_demo_calls_show_overdue_due_today_and_coming_up(acct: Run, day: str) -> None:
    assert acct("demo", "--date", day).exit_code == 0
    result = acct("calls", "--date", day, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    rows = {r["client"]: r for r in document["calls"]}
    upcoming = {r["client"]: r for r in document["upcoming"]}

    grand = rows["Гранд Холдинг"]  # weekdays stand-up, silent 9 days, max gap 1w
    assert grand["state"] == "overdue" and grand["at_risk"] and grand["max_gap_exceeded_by"] == 2
    assert grand["contact"] == "Елена Кравец" and grand["phone"] == "+7 495 780-11-00"
    stroy = rows["СтройМаркет"]  # the monthly:5 report call was missed, not yet at risk
    assert stroy["state"] == "overdue" and not stroy["at_risk"]
    pizza = rows["Пицца Мама"]  # the follow-up agreed a week ago
    assert pizza["days_overdue"] == 0 and pizza["next_override"]
    assert pizza["channel"] == "messenger" and pizza["reach"] == "@marina_pizzamama"
    assert "Суши Дом" in upcoming and upcoming["Суши Дом"]["days_overdue"] < 0
    listed = set(rows) | set(upcoming)
    assert not {"Шаурма Экспресс", "ФитнесЛайф"} & listed  # paused, churned

    overdue = [r["days_overdue"] for r in document["calls"]]
    assert overdue == sorted(overdue, reverse=True)

    table = acct("calls", "--date", day).stdout
    assert "Гранд Холдинг" in table and "AT RISK" in table and "today" in table
    assert "Coming up" in table and "Суши Дом" in table


def test_demo_history_has_every_channel_and_mail_touches(acct: Run) -> None:
    assert acct("demo", "--date", "2026-11-26").exit_code == 0
    touches = acct("call", "history", "--json").json()["touches"]
    assert len(touches) >= 10
    assert {"phone", "messenger", "email", "meeting"} <= {t["channel"] for t in touches}
    assert any(t["source"] == "mail" for t in touches)
    assert all(t["at"] < "2026-11-27" for t in touches)
    stroy = acct("call", "history", "строй", "--json").json()["touches"]
    assert stroy[0]["channel"] == "email" and stroy[0]["at"].startswith("2026-10-17")
