"""The demo agency's money (examples/ledger.toml): a year of monthly invoices, their payments
(some late, some partial, some still open) and a few upsells.

Called by `acct demo` through DEMO_PARTS (services/demo/__init__.py), inside the demo's transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from acctcli.domain.clients import Client
from acctcli.domain.money import CENT, parse_amount
from acctcli.errors import Invalid
from acctcli.i18n import _, ngettext
from acctcli.services.demo.dates import demo_date
from acctcli.services.money import add_invoice, add_upsell, close_upsell, pay_invoice
from acctcli.store.db import Database
from acctcli.store.repo import load_clients, status_on


def _payments(entry: Any, issued: date, amount: Decimal) -> list[tuple[date, Decimal]]:
    """One `paid` entry → the payments it stands for: 8, "5+40", "12+open" or "open"."""
    text = str(entry).strip()
    if text == "open":
        return []
    first, plus, rest = text.partition("+")
    try:
        if not plus:
            return [(issued + timedelta(days=int(first)), amount)]
        half = (amount / 2).quantize(CENT)
        out = [(issued + timedelta(days=int(first)), half)]
        if rest.strip() != "open":
            out.append((issued + timedelta(days=int(rest)), amount - half))
        return out
    except ValueError:
        raise Invalid(
            _("ledger.toml: bad paid entry {entry}: 8, '5+40', '5+open' or 'open'").format(
                entry=repr(entry)
            )
        ) from None


def _bills(client: Client, first: date) -> bool:
    """Invoiced for the month starting `first`: a customer then, neither paused nor churned."""
    return client.since <= first and status_on(client.history, first) not in ("paused", "churned")


def load_demo_ledger(
    db: Database, data: dict[str, Any], *, day: date, now: datetime, owner: str
) -> None:
    months = int(data.get("months", 12))
    this_month = day.replace(day=1)
    clients = {c.name: c for c in load_clients(db, day)}
    invoices: list[tuple[date, int, Client, Decimal, int, Any]] = []
    services: dict[tuple[date, str], str | None] = {}
    for order, spec in enumerate(data.get("billing", [])):
        client = clients[spec["client"]]
        amount = parse_amount(str(spec["amount"])) if "amount" in spec else client.monthly_fee
        paid = list(spec.get("paid", []))
        if len(paid) != months:
            raise Invalid(
                ngettext(
                    "ledger.toml: {client} needs {n} paid entry",
                    "ledger.toml: {client} needs {n} paid entries",
                    months,
                ).format(client=client.name, n=months)
            )
        for back in range(months - 1, -1, -1):
            first = this_month - relativedelta(months=back)
            entry = paid[months - 1 - back]
            if str(entry).strip() != "-" and _bills(client, first):
                invoices.append((first, order, client, amount, int(spec["terms"]), entry))
    for spec in data.get("invoice", []):  # one-off invoices: an audit, a launch…
        client = clients[spec["client"]]
        issued = demo_date(spec["issued"], day)
        amount = parse_amount(str(spec["amount"]))
        invoices.append((issued, -1, client, amount, int(spec["terms"]), spec.get("paid", "open")))
        services[(issued, client.name)] = spec.get("service")
    invoices.sort(key=lambda item: (item[0], item[1]))
    for issued, order, client, amount, terms, entry in invoices:
        if order < 0:
            service = services[(issued, client.name)]
        else:
            service = client.services[0] if len(client.services) == 1 else None
        line = add_invoice(
            db,
            client.name,
            amount,
            issued=issued,
            due=issued + timedelta(days=terms),
            now=now,
            service=service,
        )
        for paid_on, part in _payments(entry, issued, amount):
            if paid_on <= day:  # later payments have not happened yet
                pay_invoice(db, line.number, on=paid_on, now=now, amount=part, today=day)
    for spec in data.get("upsell", []):
        value = parse_amount(str(spec["value"])) if "value" in spec else None
        upsell = add_upsell(
            db,
            spec["client"],
            spec["service"],
            on=demo_date(spec["opened"], day),
            value=value,
            note=spec.get("note"),
        )
        for outcome in ("won", "lost"):
            if outcome in spec:
                close_upsell(db, upsell.id, outcome, on=demo_date(spec[outcome], day))
