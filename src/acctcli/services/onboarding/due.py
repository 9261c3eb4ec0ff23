"""Onboarding steps due, for the morning dashboard — kept apart from `checklist` so that
`acct today` does not import the template machinery it does not use."""

from __future__ import annotations

from datetime import date, timedelta

from acctcli.domain.clients import name_key
from acctcli.domain.dates import as_date
from acctcli.records import NamedTuple
from acctcli.store.db import Database
from acctcli.store.onboarding import due_steps, open_step_keys
from acctcli.store.repo import load_clients


class OnboardingDue(NamedTuple):
    """An open onboarding step due on or before a day (`acct today`)."""

    client: str
    client_id: int
    key: str
    title: str
    role: str
    due: date
    days_overdue: int  # 0: due that day (or later, with `within_days`)
    blocked_by: tuple[str, ...]  # open steps it waits for: do those first


def onboarding_due(
    db: Database, day: date, owner: str | None = None, *, within_days: int = 0
) -> list[OnboardingDue]:
    """Open steps of current checklists due on or before `day` (+ `within_days`), for the
    clients `owner` sees (None: everyone's), skipping paused and churned clients.
    Most overdue first, then by client and checklist order."""
    rows = due_steps(db, day + timedelta(days=within_days), owner, day)
    if not rows:
        return []
    ids = sorted({int(r["client_id"]) for r in rows})
    open_keys = open_step_keys(db, sorted({int(r["onboarding_id"]) for r in rows}))
    statuses = {c.id: c.status for c in load_clients(db, day, ids)}
    found = []
    for r in rows:
        if statuses.get(int(r["client_id"])) in ("paused", "churned"):
            continue
        due = as_date(r["due"])
        waiting = open_keys.get(int(r["onboarding_id"]), set())
        found.append(
            (
                int(r["position"]),
                OnboardingDue(
                    client=r["name"],
                    client_id=int(r["client_id"]),
                    key=r["key"],
                    title=r["title"],
                    role=r["role"],
                    due=due,
                    days_overdue=max((day - due).days, 0),
                    blocked_by=tuple(k for k in r["after"].split() if k in waiting),
                ),
            )
        )
    found.sort(key=lambda p: (p[1].due, name_key(p[1].client), p[0]))
    return [item for _, item in found]
