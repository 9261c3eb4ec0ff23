"""Edits and removals (issue 15): calls, invoices, payments, incidents, upsells, onboarding;
each prints what it did and is undone by `acct undo`."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.test_undo import data_dump
from tests.conftest import Run, assert_user_error, store_dump

DAY = "2026-11-26"


@pytest.fixture
def pizza(acct: Run) -> Run:
    assert acct("client", "add", "Пицца Мама", "--since", "2025-01-01", "-s", "smm").exit_code == 0
    return acct


def _spaced(text: str) -> str:
    return text.replace("\xa0", " ")  # money is shown with no-break spaces


def _undo_restores(acct: Run, home: Path, before: str) -> None:
    assert acct("undo", "--yes").exit_code == 0
    assert data_dump(home) == before


def test_three_identical_calls_are_removed_and_one_is_edited(pizza: Run, home: Path) -> None:
    acct = pizza
    for _ in range(3):
        acct("call", "log", "пицца", "--note", "звонок", "--at", "2026-11-20T10:00")
    history = acct("call", "history", "пицца", "--json").json()["touches"]
    ids = [str(t["id"]) for t in history]
    assert acct("call", "history", "пицца").stdout.splitlines()[0].split()[0] == "#"
    before = data_dump(home)
    removed = acct("call", "remove", ids[0], ids[1])
    assert removed.exit_code == 0, removed.stderr
    assert removed.stdout.count("Removed touch #") == 2
    assert len(acct("call", "history", "пицца", "--json").json()["touches"]) == 1
    _undo_restores(acct, home, before)
    assert acct("call", "remove", ids[0], ids[1]).exit_code == 0
    before = data_dump(home)
    edited = acct(
        "call", "edit", ids[2], "--at", "2026-11-20T11:30", "--note", "новое", "--channel", "email"
    )
    assert edited.exit_code == 0, edited.stderr
    assert "at 2026-11-20 10:00 → 2026-11-20 11:30" in edited.stdout
    assert "note звонок → новое" in edited.stdout and "channel phone → email" in edited.stdout
    touch = acct("call", "history", "пицца", "--json").json()["touches"][0]
    assert (touch["at"], touch["note"], touch["channel"]) == ("2026-11-20T11:30", "новое", "email")
    _undo_restores(acct, home, before)


def test_call_corrections_refuse_bad_input_and_change_nothing(pizza: Run, home: Path) -> None:
    acct = pizza
    acct("call", "log", "пицца", "--at", "2026-11-20T10:00")
    before = store_dump(home)
    assert_user_error(acct("call", "remove", "1", "999"), "no touch #999")
    assert_user_error(acct("call", "remove", "x1"), "bad touch id")
    assert_user_error(acct("call", "edit", "1"), "nothing to change")
    assert_user_error(acct("call", "edit", "1", "--channel", "pigeon"))
    assert_user_error(acct("call", "edit", "1", "--at", "2024-01-01T10:00"), "before")
    assert store_dump(home) == before


def test_invoice_edit_void_and_unpay(pizza: Run, home: Path) -> None:
    acct = pizza
    acct("invoice", "add", "пицца", "60000", "--issued", "2026-10-01", "--number", "A-1")
    paid = acct("invoice", "pay", "A-1", "--amount", "10000", "--on", "2026-10-05")
    assert "(payment #1)" in paid.stdout.replace("\n", " ")
    before = data_dump(home)
    edited = acct("invoice", "edit", "A-1", "--amount", "65000", "--due", "2026-10-20")
    assert edited.exit_code == 0, edited.stderr
    assert "amount 60 000 ₽ → 65 000 ₽" in _spaced(edited.stdout) and "due" in edited.stdout
    line = acct("invoice", "list", "--json").json()["invoices"][0]
    assert (line["amount"], line["balance"], line["due"]) == ("65000.00", "55000.00", "2026-10-20")
    _undo_restores(acct, home, before)
    short = acct("invoice", "edit", "A-1", "--amount", "5000")
    assert_user_error(short, "cannot be less")
    assert "10 000 ₽ paid" in _spaced(short.stderr)
    assert_user_error(acct("invoice", "void", "A-1", "--why", "дубль"), "has payments")
    unpaid = acct("invoice", "unpay", "1")
    assert unpaid.exit_code == 0, unpaid.stderr
    assert "Payment #1 removed" in unpaid.stdout and "60 000 ₽" in _spaced(unpaid.stdout)
    assert acct("invoice", "list", "--json").json()["invoices"][0]["balance"] == "60000.00"
    assert_user_error(acct("invoice", "unpay", "1"), "no payment #1")
    void = acct("invoice", "void", "A-1", "--why", "выставлен дважды", "--on", "2026-11-10")
    assert void.exit_code == 0, void.stderr
    assert "is void from 2026-11-10: выставлен дважды" in void.stdout
    line = acct("invoice", "list", "--json").json()["invoices"][0]
    assert line["status"] == "void" and line["balance"] == "0.00"
    assert line["voided_on"] == "2026-11-10"
    assert acct("invoice", "list", "--open", "--json").json()["invoices"] == []
    assert_user_error(acct("invoice", "pay", "A-1"), "is void")
    assert_user_error(acct("invoice", "void", "A-1", "--why", "x"), "already void")
    assert_user_error(acct("invoice", "void", "NOPE", "--why", "x"), "no invoice")
    # the dashboard's money: a void invoice is never overdue
    today = acct("today", "--json", "--date", DAY).json()
    assert today["invoices"] == []
    # before the void, the invoice was open and overdue
    assert acct("invoice", "list", "--open", "--json", "--date", "2026-11-09").json()["invoices"]


def test_a_void_invoice_stays_in_its_month_and_is_taken_back_in_the_void_month(
    pizza: Run,
) -> None:
    acct = pizza
    acct("invoice", "add", "пицца", "60000", "--issued", "2026-10-01", "--number", "A-1")
    october = acct("kpi", "--month", "2026-10", "--json", "--date", DAY).json()
    acct("invoice", "void", "A-1", "--why", "дубль", "--on", "2026-11-10")
    assert acct("kpi", "--month", "2026-10", "--json", "--date", DAY).json() == october
    november = acct("kpi", "--month", "2026-11", "--json", "--date", DAY).json()["receivables"]
    assert november["opening"] == "60000.00" and november["invoiced"] == "-60000.00"
    assert november["collected"] == "0.00" and november["closing"] == "0.00"
    assert november["overdue"] == "0.00"


def test_incident_resolution_and_edit(pizza: Run, home: Path) -> None:
    acct = pizza
    acct("incident", "open", "пицца", "Сайт лежит", "--at", "2026-11-20T10:00")
    resolved = acct(
        "incident", "resolve", "I1", "--at", "2026-11-20T12:00", "--note", "перезапустили nginx"
    )
    assert resolved.exit_code == 0, resolved.stderr
    assert "Resolution: перезапустили nginx" in resolved.stdout
    shown = acct("incident", "list", "--all", "--json").json()["incidents"][0]
    assert shown["resolution"] == "перезапустили nginx"
    assert "✓ перезапустили nginx" in acct("incident", "list", "--all").stdout
    before = data_dump(home)
    edited = acct(
        "incident", "edit", "I1", "--severity", "high", "--note", "DNS", "--title", "Сайт"
    )
    assert edited.exit_code == 0, edited.stderr
    assert "severity normal → high" in edited.stdout and "resolution перезапустили nginx → DNS" in (
        edited.stdout
    )
    _undo_restores(acct, home, before)
    assert_user_error(
        acct("incident", "edit", "I1", "--resolved", "2026-11-19T10:00"), "before it opened"
    )
    acct("incident", "open", "пицца", "Реклама стоит", "--at", "2026-11-21T10:00")
    assert_user_error(acct("incident", "edit", "I2", "--note", "x"), "is open")
    assert_user_error(acct("incident", "edit", "I9", "--title", "x"), "no incident I9")


def test_upsell_edit_and_remove(pizza: Run, home: Path) -> None:
    acct = pizza
    acct("upsell", "add", "пицца", "seo", "--value", "40000", "--on", "2026-11-01")
    before = data_dump(home)
    edited = acct("upsell", "edit", "1", "--value", "45000", "--note", "4 точки")
    assert edited.exit_code == 0, edited.stderr
    assert "value 40 000 ₽ → 45 000 ₽" in _spaced(edited.stdout)
    upsell = acct("upsell", "list", "--json").json()["upsells"][0]
    assert (upsell["value"], upsell["note"]) == ("45000.00", "4 точки")
    _undo_restores(acct, home, before)
    removed = acct("upsell", "remove", "1")
    assert removed.exit_code == 0 and "Removed upsell #1" in removed.stdout
    assert acct("upsell", "list", "--json").json()["upsells"] == []
    _undo_restores(acct, home, before)
    assert_user_error(acct("upsell", "remove", "1", "7"), "no upsell #7")
    assert len(acct("upsell", "list", "--json").json()["upsells"]) == 1


def test_onboard_on_a_long_active_client_starts_nothing(acct: Run, home: Path) -> None:
    acct("client", "add", "Суши Дом", "--since", "2023-01-10", "-s", "smm")
    before = store_dump(home)
    refused = acct("onboard", "суши", "--date", DAY)
    assert_user_error(refused, "Суши Дом is active since 2023-01-10")
    assert "acct onboard 'Суши Дом' --new" in refused.stderr
    assert store_dump(home) == before
    started = acct("onboard", "суши", "--new", "--date", DAY, "--json")
    assert started.exit_code == 0, started.stderr
    assert started.json()["start"] == DAY  # a fresh start, not one dated in 2023
    assert acct("client", "show", "суши", "--json").json()["status"] == "onboarding"


@pytest.mark.parametrize("since", ["2026-11-20", "2023-01-10"])
def test_drop_a_checklist_restores_the_previous_status(acct: Run, home: Path, since: str) -> None:
    acct("client", "add", "Суши Дом", "--since", since, "-s", "smm")
    before = data_dump(home)
    assert acct("onboard", "суши", "--new", "--date", DAY).exit_code == 0
    assert acct("onboard", "суши", "--done", "handover", "--date", DAY).exit_code == 0
    dropped = acct("onboard", "суши", "--drop", "--date", DAY)
    assert dropped.exit_code == 0, dropped.stderr
    assert "Dropped the onboarding checklist of Суши Дом (1 of" in dropped.stdout
    assert f"Суши Дом is active (since {since})" in dropped.stdout
    assert data_dump(home) == before
    assert "Онбординг" not in acct("today", "--date", DAY).stdout
    assert_user_error(acct("onboard", "суши", "--drop"), "no onboarding checklist")
    assert acct("undo", "--yes").exit_code == 0  # the checklist is back
    assert acct("client", "show", "суши", "--json").json()["status"] == "onboarding"


def test_drop_a_finished_checklist_of_a_new_client(acct: Run, home: Path) -> None:
    acct("client", "add", "Суши Дом", "--since", "2026-11-20", "-s", "smm")
    before = data_dump(home)
    keys = [s["key"] for s in acct("onboard", "суши", "--date", DAY, "--json").json()["steps"]]
    args = [a for k in keys for a in ("--done", k)]
    acct("contact", "add", "суши", "Олег", "--phone", "+7 900 000-00-00")
    extra = ["--channel", "phone", "--urgent-contact", "Олег", "--reports", "monthly:5"]
    done = acct("onboard", "суши", *args, *extra, "--date", DAY)
    assert acct("client", "show", "суши", "--json").json()["status"] == "active", done.stderr
    assert acct("onboard", "суши", "--drop", "--date", DAY).exit_code == 0
    after = data_dump(home)
    assert [x for x in after.splitlines() if x.startswith("client_status")] == [
        x for x in before.splitlines() if x.startswith("client_status")
    ]


def test_the_resolution_is_in_the_clients_report(pizza: Run) -> None:
    acct = pizza
    acct("incident", "open", "пицца", "Сайт лежит", "--at", "2026-11-20T10:00")
    acct("incident", "resolve", "I1", "--at", "2026-11-20T12:00", "--note", "перезапустили nginx")
    report = acct("report", "пицца", "--month", "2026-11", "--date", DAY)
    assert report.exit_code == 0, report.stderr
    assert "(took 2 h): перезапустили nginx" in report.stdout.replace("\xa0", " ")
