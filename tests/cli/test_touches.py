"""Touches that happened and follow-ups where promises are born (issue 16): acct meet, the
kind in call history, onboarding conversations, --last-contact, "never contacted", a reply
owed (acct mail reply, triage r) and triage f — through the real entry point."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Run, assert_user_error, store_dump

DAY = "2026-12-01"  # the demo's morning, a Tuesday


@pytest.fixture
def grand(acct: Run) -> Run:
    added = acct("client", "add", "Гранд Холдинг", "--since", "2025-01-01", "--cadence", "weekly")
    assert added.exit_code == 0
    assert acct("contact", "add", "гранд", "Елена Кравец", "--phone", "+7 495 1").exit_code == 0
    assert acct("contact", "add", "гранд", "Дмитрий Орлов").exit_code == 0
    return acct


def _history(acct: Run) -> list[dict]:
    return acct("call", "history", "--json").json()["touches"]


def test_meet_records_a_meeting_with_its_place_and_people_and_follow_ups(grand: Run) -> None:
    result = grand(
        "meet", "гранд", "--at", "2026-11-30 15:00", "--where", "Крокус Экспо",
        "--with", "елена", "--with", "Олег (SEO)", "--with", "Елена Кравец",
        "--note", "обсудили бюджет", "--follow", "КП по SMM", "--due", "пт",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Meeting with Гранд Холдинг recorded at 2026-11-30 15:00." in result.stdout
    assert "at Крокус Экспо · with Елена Кравец, Олег (SEO)" in result.stdout
    (touch,) = _history(grand)
    assert touch["kind"] == "meeting" and touch["channel"] == "meeting"
    assert touch["where"] == "Крокус Экспо" and touch["with"] == ["Елена Кравец", "Олег (SEO)"]
    assert touch["contact"] == "Елена Кравец"  # the first of the client's contacts named
    (follow_up,) = grand("follow", "list", "--json").json()["followups"]
    assert follow_up["source"] == "meeting" and follow_up["touch"] == touch["id"]
    # the meeting resets the clock: weekly from 30 Nov
    calls = grand("calls", "--json", "--date", DAY).json()
    assert calls["calls"] == [] and calls["upcoming"][0]["last_contact"] == "2026-11-30"


def test_call_history_shows_the_kind_and_a_call_is_a_phone_call(grand: Run) -> None:
    grand("client", "edit", "гранд", "--channel", "email")
    assert grand("call", "log", "гранд", "--at", "2026-11-28 10:00").exit_code == 0
    chat = grand("call", "log", "гранд", "--channel", "messenger", "--at", "2026-11-29 10:00")
    assert chat.exit_code == 0
    assert grand("meet", "гранд", "--at", "2026-11-30 10:00").exit_code == 0
    kinds = [(t["kind"], t["channel"]) for t in _history(grand)]
    assert kinds == [("meeting", "meeting"), ("message", "messenger"), ("call", "phone")]
    table = grand("call", "history").stdout
    header = table.splitlines()[0].split()
    assert header[:5] == ["#", "When", "Client", "Kind", "Contact"]
    rows = table.splitlines()[1:]
    assert "meeting" in rows[0] and "messenger" in rows[1] and "call" in rows[2]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["meet", "никто"], "no client named"),
        (["meet", "гранд", "--at", "когда-нибудь"], "--at"),
        (["meet", "гранд", "--where", "x" * 201], "--where: at most 200 characters"),
        (["meet", "гранд", *["--with", "a"] * 21], "--with: at most 20 names"),
        (["meet", "гранд", "--due", "пт"], "give --follow TEXT too"),
        (["meet", "гранд", "--follow", "x", "--due", "someday"], "bad --due date"),
        (["client", "add", "X", "--last-contact", "2099-01-01"], "is in the future"),
        (["client", "add", "X", "--since", "2026-01-01", "--last-contact", "2025-12-31"],
         "before the client's start"),
        (["client", "add", "X", "--last-contact", "позавчера-ish"], "--last-contact date"),
    ],
)  # fmt: skip
def test_bad_meetings_and_last_contacts_are_one_error_line(
    grand: Run, home: Path, args: list[str], fragment: str
) -> None:
    before = store_dump(home)
    assert_user_error(grand(*args), fragment)
    assert store_dump(home) == before


def test_a_last_contact_before_today_without_since_says_to_give_the_start(
    acct: Run, home: Path
) -> None:
    assert acct("client", "add", "Другой").exit_code == 0
    before = store_dump(home)
    result = acct("client", "add", "Прежний", "--last-contact", "вчера")
    assert_user_error(result, "before the client's start")
    assert result.stderr.splitlines()[1] == (
        "Hint: a client from before acct: give the day the work began, --since DATE"
    )
    assert store_dump(home) == before
    made = acct("client", "add", "Прежний", "--since", "2020-01-01", "--last-contact", "вчера")
    assert made.exit_code == 0, made.stderr


def test_a_client_never_contacted_is_due_now_and_one_from_before_counts_from_its_last_contact(
    acct: Run,
) -> None:
    acct("client", "add", "Старый", "--since", "2014-03-01", "--cadence", "weekly")
    acct("client", "add", "Прежний", "--since", "2014-03-01", "--cadence", "weekly",
         "--last-contact", "20.11.2026")  # fmt: skip
    calls = {c["client"]: c for c in acct("calls", "--json", "--date", DAY).json()["calls"]}
    never = calls["Старый"]
    assert never["due"] == DAY and never["days_overdue"] == 0 and never["last_contact"] is None
    assert not never["at_risk"]
    assert calls["Прежний"]["last_contact"] == "2026-11-20"
    assert calls["Прежний"]["days_overdue"] == 4  # weekly from Fri 20 Nov: Fri 27 Nov
    (touch,) = acct("call", "history", "прежний", "--json").json()["touches"]
    assert touch["kind"] == "contact" and touch["source"] == "earlier"
    today = acct("today", "--json", "--date", DAY).json()["calls"]
    why = {i["client"]: i["why"] for i in today}
    assert why["Старый"] == "due today · never contacted"
    # on a Sunday, due on the Friday before: two days, not eleven years
    sunday = acct("calls", "--json", "--date", "2026-12-06").json()["calls"]
    assert {c["client"]: c["days_overdue"] for c in sunday}["Старый"] == 2


def test_ticking_an_onboarding_conversation_logs_a_touch_and_reopening_takes_it_back(
    acct: Run,
) -> None:
    acct("client", "add", "Улыбка", "--since", "2026-11-02", "-s", "seo", "--cadence", "weekly")
    assert acct("onboard", "улыбка", "--date", "2026-11-02").exit_code == 0
    ticked = acct("onboard", "улыбка", "--done", "handover", "--done", "kickoff", "--date",
                  "2026-11-04")  # fmt: skip
    assert ticked.exit_code == 0, ticked.stderr
    assert "Logged a call with Улыбка: kickoff." in ticked.stdout
    (touch,) = _history(acct)
    assert touch["kind"] == "call" and touch["source"] == "onboarding"
    assert touch["at"].startswith("2026-11-04") and touch["note"].startswith("Стартовый созвон")
    calls = acct("calls", "--json", "--date", "2026-11-05").json()
    assert calls["calls"] == []  # contacted yesterday: not "never contacted" today
    assert acct("onboard", "улыбка", "--done", "intro-seo", "--date", "2026-11-06").exit_code == 0
    assert [t["kind"] for t in _history(acct)] == ["meeting", "call"]
    undone = acct("onboard", "улыбка", "--undo", "intro-seo", "--date", "2026-11-06")
    assert undone.exit_code == 0, undone.stderr
    assert [t["kind"] for t in _history(acct)] == ["call"]


def test_a_template_step_with_a_bad_touch_is_refused_with_its_line(
    acct: Run, home: Path, tmp_path: Path
) -> None:
    template = tmp_path / "mine.toml"
    template.write_text(
        '[[step]]\nkey = "kickoff"\ntitle = "Созвон"\nday = 1\nrole = "account"\ntouch = "lunch"\n',
        encoding="utf-8",
    )
    acct("client", "add", "Улыбка", "--since", "2026-11-02")
    before = store_dump(home)
    assert_user_error(
        acct("onboard", "улыбка", "--template", str(template)), "line 6", "'touch' must be one of"
    )
    assert store_dump(home) == before


# --- a reply owed, and triage ------------------------------------------------------------


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", DAY).exit_code == 0
    return acct


def _message(acct: Run, subject: str) -> int:
    rows = acct("mail", "list", "--all", "--json", "--date", DAY).json()["messages"]
    return next(m["id"] for m in rows if m["subject"] == subject)


def _follow_ups(acct: Run, **wanted: object) -> list[dict]:
    rows = acct("follow", "list", "--all", "--json", "--date", DAY).json()["followups"]
    return [r for r in rows if all(r[k] == v for k, v in wanted.items())]


def test_mail_reply_owes_a_reply_by_the_next_working_day_until_it_is_answered(
    demo: Run, home: Path
) -> None:
    media = _message(demo, "Re: Медиаплан на декабрь")
    stranger = _message(demo, "Proposal: a joint video pilot")
    result = demo("mail", "reply", str(media), str(stranger), "--date", "2026-12-04")  # a Friday
    assert result.exit_code == 0, result.stderr
    assert "due Mon 2026-12-07: I owe — reply to: Re: Медиаплан на декабрь" in result.stdout
    assert f"M{stranger} has no client, so no follow-up" in result.stdout
    (owed,) = _follow_ups(demo, source="reply")
    assert owed["mail"] == media and owed["due"] == "2026-12-07" and owed["who"] == "me"
    again = demo("mail", "reply", str(media), "--date", "2026-12-04")
    assert again.exit_code == 0 and "Follow-up" not in again.stdout  # one per message
    answered = demo("mail", "wait", str(media), "--date", "2026-12-07")
    assert f"Follow-up #{owed['id']} done" in answered.stdout
    assert _follow_ups(demo, source="reply")[0]["state"] == "done"


@pytest.mark.parametrize(("within", "due"), [(0, "2026-12-01"), (3, "2026-12-04")])
def test_reply_within_sets_the_working_days(demo: Run, home: Path, within: int, due: str) -> None:
    (home / "config.toml").write_text(f"[mail]\nreply_within = {within}\n", encoding="utf-8")
    media = _message(demo, "Re: Медиаплан на декабрь")
    assert demo("mail", "reply", str(media), "--date", DAY).exit_code == 0
    assert _follow_ups(demo, source="reply")[0]["due"] == due


def test_a_bad_reply_within_is_one_error_line(demo: Run, home: Path) -> None:
    (home / "config.toml").write_text('[mail]\nreply_within = "soon"\n', encoding="utf-8")
    assert_user_error(demo("mail", "list"), "reply_within")


def _triage(acct: Run, monkeypatch: pytest.MonkeyPatch, keys: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(keys))
    result = acct("mail", "triage", "--client", "Гранд", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_triage_f_adds_a_follow_up_with_the_subject_as_its_text(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first of Гранд's: Enter takes the subject, a bad day is asked again, then Friday;
    # the second: a text typed, in 3 days; `а` is `f` on ЙЦУКЕН; then r owes a reply; q
    out = _triage(demo, monkeypatch, "f\n\nкогда-то\nпт\nn а\nсвой текст\n+3d\nr q")
    assert "[o]pen  [a]ssign  [i]ncident  [f]ollow-up  [n]ext  [q]uit" in out
    assert "Error: bad date 'когда-то'" in out
    assert "Triaged: 2 follow-ups added, 1 needs-reply, 1 skipped;" in " ".join(out.split())
    made = _follow_ups(demo, source="triage")
    first, second = made
    assert first["due"] == "2026-12-04" and first["client"] == "Гранд Холдинг"
    assert first["text"] == "Отчёт по performance за ноябрь — к пятнице"
    assert second["text"] == "свой текст" and second["due"] == "2026-12-04"
    assert first["mail"] != second["mail"]
    (reply,) = _follow_ups(demo, source="reply")
    assert reply["mail"] == second["mail"] and reply["due"] == "2026-12-02"


def test_triage_f_on_mail_without_a_client_asks_to_assign_it(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ideas = demo("mail", "list", "--category", "idea", "--json", "--date", DAY).json()
    first = next(n for n, m in enumerate(ideas["messages"]) if m["client"] is None)
    monkeypatch.setattr("sys.stdin", io.StringIO("n " * first + "f q"))
    out = demo("mail", "triage", "--category", "idea", "--date", DAY).stdout
    assert "has no client yet: assign it first (a)." in out
    assert _follow_ups(demo, source="triage") == []


# --- hostile --where / --with / --at -----------------------------------------------------


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.text(max_size=30), who=st.text(max_size=30), at=st.text(max_size=16))
def test_any_typed_meeting_is_stored_as_text_or_refused_in_one_line(
    grand: Run, home: Path, where: str, who: str, at: str
) -> None:
    where, who, at = (v.lstrip("-") for v in (where, who, at))  # not options, for the parser
    before = store_dump(home)
    args = ["--where", where, "--with", who] + (["--at", at] if at else [])
    result = grand("meet", "гранд", *args)
    if result.exit_code == 0:
        touch = _history(grand)[0]
        assert touch["kind"] == "meeting"
        assert touch["where"] == (" ".join(where.split()) or None)
    else:
        assert_user_error(result)
        assert store_dump(home) == before


def test_a_weekday_in_at_is_the_latest_one_and_a_paused_client_is_named_so(acct: Run) -> None:
    from datetime import date, timedelta

    add = acct("client", "add", "Пицца Мама", "--since", "2025-01-01", "--cadence", "weekly")
    assert add.exit_code == 0, add.stderr
    yesterday = date.today() - timedelta(days=1)
    name = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[yesterday.weekday()]
    logged = acct("call", "log", "пицца", "--at", f"{name} 9:30")  # the day just gone
    assert logged.exit_code == 0, logged.stderr
    assert f"at {yesterday.isoformat()} 09:30." in logged.stdout
    today = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[date.today().weekday()]
    met = acct("meet", "пицца", "--at", f"{today} 00:01")  # today's own weekday: today
    assert met.exit_code == 0 and f"at {date.today().isoformat()} 00:01." in met.stdout
    assert "Next contact due" in met.stdout
    assert acct("client", "pause", "пицца").exit_code == 0
    paused = acct("call", "log", "пицца", "--note", "на паузе, но позвонили")
    assert paused.exit_code == 0, paused.stderr
    assert "No next contact scheduled (the client is paused)." in paused.stdout
