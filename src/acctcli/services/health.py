"""Client health (issue 20): every customer's score as of a day, from the store's history.

`acct health`, the client card and `acct today`'s at-risk line read it.  A few aggregate
queries (store/health.py) and the pure scoring of domain/health.py; nothing per client.
"""

from __future__ import annotations

from datetime import date

from acctcli.domain.health import Health, health
from acctcli.store.db import Database

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from acctcli.domain.dashboard import Item


def _default_gap(settings: Any) -> str | None:
    gap = settings.calls.max_gap
    return None if gap is None else str(gap.spec)


def client_health(
    db: Database,
    settings: Any,
    day: date,
    owner: str | None,
    client_id: int | None = None,
    invoices: Sequence[Any] | None = None,
) -> list[Health]:
    """The health of every customer `owner` sees on `day` (None: everyone's), worst first
    (ties by name); with `client_id`, of that client only.  `invoices`: the open invoices
    (InvoiceLine) the caller listed as of `day` with every one past due among them — then
    the receivables are not read again."""
    from acctcli.store.health import health_facts

    coeff = settings.health
    overdue = None if invoices is None else _overdue_by_name(invoices, day)
    facts = health_facts(db, day, owner, _default_gap(settings), overdue)
    if client_id is not None:
        facts = [f for f in facts if f.client_id == client_id]
    scored = [health(f, day, coeff) for f in facts]
    return sorted(scored, key=lambda h: (h.score, h.name.casefold()))


def _overdue_by_name(invoices: Sequence[Any], day: date) -> dict[str, tuple[date, int]]:
    from acctcli.domain.money import to_minor

    out: dict[str, tuple[date, int]] = {}
    for line in invoices:
        if line.due < day and line.balance > 0:
            oldest, total = out.get(line.client, (line.due, 0))
            out[line.client] = (min(oldest, line.due), total + to_minor(line.balance))
    return out


def at_risk(
    db: Database,
    settings: Any,
    day: date,
    owner: str | None,
    invoices: Sequence[Any] | None = None,
) -> list[Health]:
    """The customers in the "at risk" band on `day`, worst first."""
    scores = client_health(db, settings, day, owner, invoices=invoices)
    return [h for h in scores if h.band == "at_risk"]


def health_item(h: Health, top: int = 2) -> Item:
    """A client at risk as a row of `acct today`: its score and its top reasons."""
    from acctcli.domain.dashboard import Item
    from acctcli.domain.urgency import Urgency
    from acctcli.i18n import _

    # TRANSLATORS: a client's health score on `acct today` ("health 32").
    text = _("health {score}").format(score=h.score)
    why = " · ".join(h.reasons(top))
    return Item(
        "health", h.name, text, "", why, Urgency(float(100 - h.score), tuple(h.reasons())), h
    )
