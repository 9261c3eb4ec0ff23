"""The client card (issue 20): `acct client show X [--date D] [--json]` — every part the issue
lists, as of a day, at 80 columns, untrusted text inert, the timeline's latest 20 events."""

from __future__ import annotations

import pytest
from tests.conftest import Run

DAY = "2026-11-20"


@pytest.fixture
def card(acct: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("COLUMNS", "80")
    steps = [
        [
            "client",
            "add",
            "Альфа",
            "--since",
            "2026-01-01",
            "--cadence",
            "weekly",
            "--channel",
            "phone",
            "--fee",
            "seo=50000",
            "--fee",
            "smm=20000",
        ],
        ["client", "edit", "альфа", "--cost", "seo=30000", "--on", "2026-01-01"],
        ["client", "edit", "альфа", "--fee", "seo=60000", "--on", "2026-11-01"],
        ["contact", "add", "альфа", "Ирина Волкова", "--phone", "+7 927 555-12-40", "--urgent"],
        ["contact", "add", "альфа", "Пётр", "--email", "petr@alfa.ru"],
        ["call", "log", "альфа", "--at", "2026-11-10T10:00", "--note", "обсудили план"],
        ["invoice", "add", "альфа", "50000", "--issued", "2026-10-01", "--due", "2026-10-15"],
        ["invoice", "add", "альфа", "70000", "--issued", "2026-11-01", "--due", "2026-11-15"],
        ["invoice", "pay", "2026-0002", "--amount", "20000", "--on", "2026-11-16"],
        ["incident", "open", "альфа", "сайт упал", "--at", "2026-11-18T09:00"],
        [
            "upsell",
            "add",
            "альфа",
            "ppc",
            "--value",
            "40000",
            "--note",
            "контекст",
            "--on",
            "2026-11-12",
        ],
        ["follow", "add", "альфа", "прислать отчёт", "--due", "2026-11-19"],
        ["invoice", "add", "альфа", "99000", "--issued", "2026-11-25"],  # after DAY
    ]
    for args in steps:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return acct


def test_the_card_has_every_part_and_fits_80_columns(card: Run) -> None:
    out = card("client", "show", "альфа", "--date", DAY).stdout.replace("\xa0", " ")
    assert out.startswith("Альфа · active since 2026-01-01 · owner anna · health ")
    for part in (
        "seo  60 000 ₽/month  cost 30 000 ₽  margin 50.0 %",
        "smm  20 000 ₽/month",
        "total 80 000 ₽/month",
        "★ Ирина Волкова  +7 927 555-12-40",
        "weekly · phone",
        "last touch 2026-11-10 10:00 by phone: обсудили план",
        "next call 2026-11-17 · overdue 3 days",
        "#1 прислать отчёт — I owe · due 2026-11-19 · overdue 1 day",
        "I1 сайт упал · open ",
        "2026-0001  50 000 ₽ · overdue 36 days (31-60)",
        "2026-0002  50 000 ₽ · overdue 5 days (1-30)",
        "#1 ppc 40 000 ₽ · open",
        "Latest events",
        "payment on 2026-0002: 20 000 ₽",
        "fee seo: 60 000 ₽",
    ):
        assert part in out, part
    assert "99 000" not in out  # issued after the day shown
    assert all(len(line) <= 80 for line in out.splitlines())


def test_json_card(card: Run) -> None:
    doc = card("client", "show", "альфа", "--date", DAY, "--json").json()
    assert doc["name"] == "Альфа" and doc["status_since"] == "2026-01-01"
    assert {"service": "seo", "fee": "60000.00", "cost": "30000.00", "margin_pct": "50.0"} in doc[
        "services_detail"
    ]
    assert doc["next_call"]["due"] == "2026-11-17" and doc["next_call"]["days_overdue"] == 3
    assert [i["number"] for i in doc["open_invoices"]] == ["2026-0001", "2026-0002"]
    assert doc["health"]["band"] in ("healthy", "watch", "at_risk")
    assert doc["incidents"][0]["resolved_at"] is None
    kinds = [e["kind"] for e in doc["timeline"]]
    assert kinds[0] == "incident" and "touch" in kinds and "payment" in kinds
    assert len(doc["timeline"]) <= 20
    assert doc["contacts"][0]["urgent"] is True  # the urgent one first


def test_the_timeline_keeps_the_latest_20(acct: Run) -> None:
    assert acct("client", "add", "Бета", "--since", "2026-01-01").exit_code == 0
    for n in range(1, 26):
        at = f"2026-11-{n:02d}T10:00"
        assert acct("call", "log", "бета", "--at", at, "--note", f"звонок {n}").exit_code == 0
    doc = acct("client", "show", "бета", "--date", "2026-11-30", "--json").json()
    notes = [e["text"] for e in doc["timeline"]]
    assert len(notes) == 20 and notes[0].endswith("звонок 25") and notes[-1].endswith("звонок 6")


def test_untrusted_text_stays_text(acct: Run) -> None:
    assert acct("client", "add", "[bold]Гамма[/bold]", "--since", "2026-01-01").exit_code == 0
    note = "line\x1b[31m red [link=x]y[/link]"
    assert acct("call", "log", "[bold]", "--at", "2026-11-10T10:00", "--note", note).exit_code == 0
    out = acct("client", "show", "[bold]", "--date", DAY).stdout
    assert "[bold]Гамма[/bold]" in out and "\x1b" not in out and "[link=x]y[/link]" in out


def test_a_churned_client_has_no_health(acct: Run) -> None:
    assert acct("client", "add", "Дельта", "--since", "2026-01-01").exit_code == 0
    assert (
        acct("client", "churn", "дельта", "--on", "2026-11-01", "--reason", "бюджет").exit_code == 0
    )
    doc = acct("client", "show", "дельта", "--date", DAY, "--json").json()
    assert doc["health"] is None and doc["status"] == "churned"
    out = acct("client", "show", "дельта", "--date", DAY).stdout
    assert "churned since 2026-11-01" in out and "status: churned — бюджет" in out
