"""Invoices and upsells on the terminal and as JSON (money as decimal strings)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from acctcli.domain.ledger import InvoiceLine, UpsellLine
from acctcli.domain.money import money_display, money_str
from acctcli.render.safe import inert

UPSELL_STYLE = {"open": "cyan", "won": "green", "lost": "red"}


def invoice_json(line: InvoiceLine) -> dict[str, Any]:
    return {
        "number": line.number,
        "client": line.client,
        "amount": money_str(line.amount),
        "paid": money_str(line.paid),
        "balance": money_str(line.balance),
        "issued": line.issued.isoformat(),
        "due": line.due.isoformat(),
        "days_overdue": line.days_overdue,
        "service": line.service,
        "status": "open" if line.is_open else "paid",
        "owner": line.owner,
    }


def invoices_table(lines: Sequence[InvoiceLine], currency: str) -> Any:
    from rich.table import Table

    table = Table(
        box=None,
        header_style="bold",
        pad_edge=False,
        collapse_padding=True,
        show_footer=len(lines) > 1,
    )
    table.add_column("Number", no_wrap=True, footer="Total")
    table.add_column("Client", min_width=12, ratio=1, overflow="fold")
    table.add_column(
        "Amount",
        justify="right",
        no_wrap=True,
        footer=money_display(sum((x.amount for x in lines), Decimal(0)), currency),
    )
    table.add_column(
        "Balance",
        justify="right",
        no_wrap=True,
        footer=money_display(sum((x.balance for x in lines), Decimal(0)), currency),
    )
    table.add_column("Issued", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Late", justify="right", no_wrap=True)
    table.add_column("Service", overflow="fold")
    for x in lines:
        late = x.days_overdue
        table.add_row(
            inert(x.number),
            inert(x.client),
            money_display(x.amount, currency),
            inert(money_display(x.balance, currency), "bold" if x.is_open else "dim"),
            x.issued.isoformat(),
            x.due.isoformat(),
            inert(f"{late} d" if late else "—", "red" if late > 30 else "yellow" if late else ""),
            inert(x.service or "—"),
        )
    return table


def upsell_json(line: UpsellLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "client": line.client,
        "service": line.service,
        "value": None if line.value is None else money_str(line.value),
        "status": line.status,
        "opened_on": line.opened_on.isoformat(),
        "closed_on": None if line.closed_on is None else line.closed_on.isoformat(),
        "note": line.note,
        "owner": line.owner,
    }


def upsells_table(lines: Sequence[UpsellLine], currency: str) -> Any:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Client", overflow="fold")
    table.add_column("Service")
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Status")
    table.add_column("Opened", no_wrap=True)
    table.add_column("Closed", no_wrap=True)
    table.add_column("Note", overflow="fold")
    for u in lines:
        table.add_row(
            str(u.id),
            inert(u.client),
            inert(u.service),
            money_display(u.value, currency) if u.value is not None else "—",
            inert(u.status, UPSELL_STYLE.get(u.status, "")),
            u.opened_on.isoformat(),
            u.closed_on.isoformat() if u.closed_on else "—",
            inert(u.note or ""),
        )
    return table
