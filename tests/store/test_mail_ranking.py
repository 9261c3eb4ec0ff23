"""The morning's top-N, walked cell by cell from the tally and the index, chooses exactly what
one plain ORDER BY over every open message would (either engine), for any mailbox, scope and
limit; and counts exactly what a COUNT(*) would."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.store.test_mail_tally import _PLAIN_COLUMNS, _PLAIN_VALUES, _setup

from acctcli.store.db import Database
from acctcli.store.mail import (
    _FIRE_MAIL,
    _URGENT_CONTACT,
    MORNING_PARTS,
    RANK,
    Scope,
    count_messages,
    mail_groups,
    morning_mail,
    ranked_messages,
)

DAY = date(2026, 11, 26)
QUIET = datetime(2026, 11, 24)
STATES = ("new", "new", "needs-reply", "snoozed", "waiting", "done")
CATEGORIES = ("incident", "billing", "report", "other")


def _store(home: Path) -> Database:
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    return open_store(load_settings().database_url)


@st.composite
def mailbox(draw: Any, ids: dict[str, list[int]]) -> list[dict[str, Any]]:
    rows = []
    for _ in range(draw(st.integers(0, 40))):
        state = draw(st.sampled_from(STATES))
        rows.append(
            {
                "owner": draw(st.sampled_from(["anna", "anna", "boris"])),
                "state": state,
                "client": draw(st.sampled_from([None, *ids["client"]])),
                "contact": draw(st.sampled_from([None, *ids["contact"]])),
                "category": draw(st.sampled_from(CATEGORIES)),
                "after": draw(st.booleans()),
                "incident": draw(st.sampled_from([None, None, None, *ids["incident"]])),
                "priority": draw(st.integers(0, 3)),
                # few distinct moments, and some with none: ties and NULLs are ranked too
                "date": draw(
                    st.sampled_from(
                        [None, *(datetime(2026, 11, 20, 9) + timedelta(days=d) for d in range(8))]
                    )
                ),
                "until": draw(
                    st.sampled_from([None, DAY - timedelta(days=1), DAY, DAY + timedelta(days=2)])
                )
                if state == "snoozed"
                else None,
                "outgoing": state == "waiting" and draw(st.booleans()),
            }
        )
    return rows


def _fill(db: Database, rows: list[dict[str, Any]], serial: Any) -> None:
    with db.transaction():
        db.execute("DELETE FROM message")
        for row in rows:
            db.execute(
                f"INSERT INTO message ({_PLAIN_COLUMNS}, owner, message_key, date, client_id,"
                " contact_id, category, state, after_hours, incident_id, imported_at)"
                f" VALUES ({_PLAIN_VALUES}, :owner, :key, :date, :client, :contact, :category,"
                " :state, :after, :incident, :imported)",
                {**row, "key": f"<m{next(serial)}@t>", "imported": datetime(2026, 11, 26)},
            )
            db.execute(
                "UPDATE message SET priority = :priority, snooze_until = :until,"
                " outgoing = :outgoing WHERE id = (SELECT MAX(id) FROM message)",
                row,
            )


def _reference(db: Database, scope: Scope, extra: str, first: str | None, limit: int) -> list[int]:
    where, params = scope.where()
    order = RANK
    if first is not None:
        order = f"({first}) DESC, {order}"
    return [
        int(r[0])
        for r in db.all(
            f"SELECT m.id FROM message m WHERE {' AND '.join([*where, f'({extra})'])}"
            f" ORDER BY {order} LIMIT :limit",
            {**params, "limit": limit},
        )
    ]


SCOPES = st.builds(
    lambda shown, owner, client, category: (shown, owner, client, category),
    st.sampled_from([None, "new", "needs-reply", "snoozed", "waiting"]),
    st.sampled_from([None, "anna", "boris"]),
    st.booleans(),
    st.sampled_from([None, "incident", "other"]),
)


def test_top_n_and_counts_equal_a_plain_order_by(home: Path) -> None:
    db = _store(home)
    ids = _setup(db)
    serial = iter(range(10**7))

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        _fill(db, data.draw(mailbox(ids)), serial)
        shown, owner, by_client, category = data.draw(SCOPES)
        client = ids["client"][0] if by_client else None
        scope = Scope(DAY, QUIET, shown, False, owner, client, category)
        limit = data.draw(st.integers(1, 8))
        where, params = scope.where()
        everything = int(
            db.scalar(f"SELECT COUNT(*) FROM message m WHERE {' AND '.join(where)}", params)
        )
        assert count_messages(db, scope) == everything
        for day_first in (False, True):
            night = f"NOT (m.after_hours AND NOT ({_FIRE_MAIL} OR {_URGENT_CONTACT}))"
            got = [
                int(r["id"]) for r in ranked_messages(db, scope, limit=limit, day_first=day_first)
            ]
            assert got == _reference(db, scope, "1 = 1", night if day_first else None, limit)
        groups = mail_groups(db, scope)
        assert groups is not None
        for name, part in MORNING_PARTS.items():
            first = _URGENT_CONTACT if name == "top" else None
            rows, total = morning_mail(db, scope, groups, name, limit)
            assert [int(r["id"]) for r in rows] == _reference(db, scope, part.sql, first, limit)
            counted = db.scalar(
                f"SELECT COUNT(*) FROM message m WHERE {' AND '.join([*where, part.sql])}",
                params,
            )
            assert total == int(counted)

    try:
        run()
    finally:
        db.close()
