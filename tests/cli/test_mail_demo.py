"""The demo agency's mail: fresh for any demo day, in every charset, triaged in part."""

from __future__ import annotations

import pytest
from tests.conftest import Run
from tests.mail.agency import listed


@pytest.mark.parametrize("day", ["2026-11-26", "2027-03-05"])
def test_demo_mail_is_dated_around_the_demo_day(acct: Run, day: str) -> None:
    assert acct("demo", "--date", day).exit_code == 0
    messages = {m["subject"]: m for m in listed(acct, "--date", day)}
    incident = messages["СРОЧНО: сайт не работает"]  # KOI8-R
    assert incident["date"] == f"{day}T01:12" and incident["after_hours"] is True
    assert (incident["client"], incident["category"], incident["priority"]) == (
        "СтройМаркет",
        "incident",
        3,
    )
    assert list(messages)[0] == "СРОЧНО: сайт не работает"  # the fire comes first
    invoice = messages["Счёт за ноябрь и акт сверки"]  # Windows-1251, a PDF attached
    assert (invoice["client"], invoice["category"]) == ("Гранд Холдинг", "billing")
    assert messages["Отчёт по performance за ноябрь — к пятнице"]["category"] == "report"
    assert messages["Идея: новогодний розыгрыш в Instagram"]["category"] == "idea"
    unmatched = [m for m in messages.values() if m["client"] is None]
    assert len(unmatched) >= 3 and all(m["priority"] <= 1 for m in unmatched)
    assert messages["Когда возобновляем SMM?"]["state"] == "waiting"
    assert messages["Фото для постов на декабрь"]["state"] == "needs-reply"
    assert "Оплата счёта №245" not in messages and "Реклама на январь" not in messages
    snoozed = listed(acct, "--state", "snoozed", "--date", day)
    assert [m["subject"] for m in snoozed] == ["Реклама на январь"]
    everything = {m["subject"]: m for m in listed(acct, "--all", "--date", day)}
    assert everything["Медиаплан на декабрь"]["state"] == "done"  # Dmitry answered
    assert everything["Оплата счёта №245"]["state"] == "done"

    shown = acct("mail", "show", str(incident["id"]), "--json").json()
    assert shown["from_source"] and "ошибку 502" in shown["text"]
    photos = acct("mail", "show", str(messages["Фото для постов на декабрь"]["id"]), "--json")
    assert [a["filename"] for a in photos.json()["attachments"]] == ["Зал 1.jpg", "hall-2.jpg"]
    touches = acct("call", "history", "Гранд", "--json").json()["touches"]
    assert any(t["source"] == "mail" and t["note"] == "Медиаплан на декабрь" for t in touches)
