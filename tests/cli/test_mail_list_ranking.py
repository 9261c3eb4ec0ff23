"""`acct mail list` one screen at a time, most urgent first, and the morning's mail counted and
chosen in the database — with the same answers as one message at a time would give."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import DAY, Run, assert_user_error
from tests.mail.agency import listed, make_agency
from tests.mail.builders import message, write_maildir


def _many(n: int) -> dict[str, bytes]:
    """n ordinary messages from a client's (not urgent) contact, then one incident, oldest."""
    files = {
        f"{k}.M{k}.h:2,S": message(
            subject=f"Вопрос {k:02d}",
            sender="Алексей Петров <a.petrov@stroymarket.ru>",
            date=f"Wed, 25 Nov 2026 {10 + k // 60:02d}:{k % 60:02d}:00 +0300",
            message_id=f"<q{k}@stroymarket.ru>",
            body="Уточните, пожалуйста.",
        )
        for k in range(n)
    }
    files["999.M999.h:2,S"] = message(
        subject="Сайт не работает",
        sender="Алексей Петров <a.petrov@stroymarket.ru>",
        date="Mon, 23 Nov 2026 09:00:00 +0300",
        message_id="<down@stroymarket.ru>",
        body="Срочно.",
    )
    return files


@pytest.fixture
def busy(acct: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINES", raising=False)
    make_agency(acct, home)
    root = write_maildir(tmp_path / "Maildir", _many(40))
    assert acct("mail", "import", root, "--date", DAY).exit_code == 0


def _rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("M")]


def test_one_screen_most_urgent_first_and_how_many_more(acct: Run, busy: None) -> None:
    out = acct("mail", "list", "--date", DAY).stdout
    rows = _rows(out)
    assert len(rows) == 30  # not a terminal: 30 rows
    assert "Сайт не работает" in rows[0]  # the oldest, but an incident
    assert out.rstrip().endswith("… and 11 more (see them: --limit N, --all or --json)")
    five = acct("mail", "list", "--limit", "5", "--date", DAY).stdout
    assert len(_rows(five)) == 5 and "… and 36 more" in five
    assert len(_rows(acct("mail", "list", "-n", "100", "--date", DAY).stdout)) == 41
    everything = acct("mail", "list", "--all", "--date", DAY).stdout
    assert len(_rows(everything)) == 41 and "more" not in everything
    assert len(listed(acct, "--date", DAY)) == 41  # --json is never paged
    assert_user_error(acct("mail", "list", "--limit", "0"), "--limit must be 1 or more")


def test_the_terminal_height_sets_the_screen(
    acct: Run, busy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINES", "14")
    out = acct("mail", "list", "--date", DAY).stdout
    assert len(_rows(out)) == 10 and "… and 31 more" in out


def test_a_client_with_nothing_open_says_so(acct: Run, busy: None) -> None:
    out = acct("mail", "list", "--client", "гранд", "--date", DAY)
    assert out.exit_code == 0, out.stderr
    assert out.stdout.splitlines() == [
        "No open mail for Гранд Холдинг.",
        'See all of it, done too: acct mail list --client "Гранд Холдинг" --all',
    ]
    assert "Import some" not in out.stdout


def test_morning_counts_in_sql_agree_with_each_message_as_shown(
    acct: Run, home: Path, busy: None
) -> None:
    """Snoozes come back, sent mail waits quietly inside its window: the SQL counts say what
    shown_state says of each message."""
    ids = {m["subject"]: m["id"] for m in listed(acct, "--all", "--date", DAY)}
    for args in (
        ("snooze", ids["Вопрос 01"], "--until", "2026-11-25", "--date", "2026-11-24"),
        ("snooze", ids["Вопрос 02"], "--until", "2026-12-10", "--date", DAY),
        ("reply", ids["Вопрос 03"], "--date", DAY),
        ("wait", ids["Вопрос 04"], "--date", DAY),
        ("done", ids["Вопрос 05"], "--date", DAY),
    ):
        assert acct("mail", *map(str, args)).exit_code == 0, args

    from acctcli.domain.triage import STATES
    from acctcli.services.mail.listing import MailFilter, list_messages, mail_overview
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    day = date.fromisoformat(DAY)
    db = open_store(load_settings().database_url)
    try:
        overview = mail_overview(db, day=day, owner="anna", top=5, few=2)
        every = list_messages(db, MailFilter(include_all=True), day=day, owner="anna")
        assert len(every) == 41
        # each view's state is domain.triage.shown_state's, computed in Python for the row
        for state in STATES:
            by_state = list_messages(db, MailFilter(state=state), day=day, owner="anna")
            assert sorted(v.id for v in by_state) == sorted(
                v.id for v in every if v.state == state
            ), state
        shown = list_messages(db, MailFilter(), day=day, owner="anna")
        assert sorted(v.id for v in shown) == sorted(
            v.id for v in every if v.state in ("new", "needs-reply", "waiting")
        )
    finally:
        db.close()
    assert overview.to_triage == 41 - 4  # a snooze come back is new; the later one is not
    assert overview.needs_reply == 1 and overview.waiting == 1
    assert overview.by_client == [("СтройМаркет", "incident", 1), ("СтройМаркет", "other", 36)]
    assert [v.subject for v in overview.fires] == ["Сайт не работает"]
    assert overview.fires_total == 1
    assert overview.top[0].subject == "Вопрос 39"  # the newest first, after the incident
