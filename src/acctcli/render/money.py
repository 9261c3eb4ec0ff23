"""Invoices and upsells on the terminal and as JSON (money as decimal strings)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from acctcli.domain.labels import label
from acctcli.domain.ledger import InvoiceLine, UpsellLine
from acctcli.domain.money import money_display, money_str
from acctcli.i18n import _, ngettext, pgettext
from acctcli.render.safe import inert

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

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
    # TRANSLATORS: the invoice number column
    table.add_column(_("Number"), no_wrap=True, footer=_("Total"))
    table.add_column(_("Client"), min_width=11, ratio=1, overflow="fold")
    table.add_column(
        _("Amount"),
        justify="right",
        no_wrap=True,
        footer=money_display(sum((x.amount for x in lines), Decimal(0)), currency),
    )
    table.add_column(
        _("Balance"),
        justify="right",
        no_wrap=True,
        footer=money_display(sum((x.balance for x in lines), Decimal(0)), currency),
    )
    table.add_column(_("Issued"), no_wrap=True)
    table.add_column(_("Due"), no_wrap=True)
    # TRANSLATORS: the column of how many days an invoice is overdue ("12 d")
    table.add_column(_("Late"), justify="right", no_wrap=True)
    table.add_column(_("Service"), overflow="fold")
    for x in lines:
        late = x.days_overdue
        table.add_row(
            inert(x.number),
            inert(x.client),
            money_display(x.amount, currency),
            inert(money_display(x.balance, currency), "bold" if x.is_open else "dim"),
            x.issued.isoformat(),
            x.due.isoformat(),
            inert(
                ngettext("{n} d", "{n} d", late).format(n=late) if late else "—",
                "red" if late > 30 else "yellow" if late else "",
            ),
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
    table.add_column(_("Client"), overflow="fold")
    table.add_column(_("Service"))
    # TRANSLATORS: the column of what an upsell is worth a month
    table.add_column(_("Value"), justify="right", no_wrap=True)
    table.add_column(_("Status"))
    table.add_column(pgettext("upsell", "Opened"), no_wrap=True)
    table.add_column(pgettext("upsell", "Closed"), no_wrap=True)
    table.add_column(_("Note"), overflow="fold")
    for u in lines:
        table.add_row(
            str(u.id),
            inert(u.client),
            inert(u.service),
            money_display(u.value, currency) if u.value is not None else "—",
            inert(label("upsell", u.status), UPSELL_STYLE.get(u.status, "")),
            u.opened_on.isoformat(),
            u.closed_on.isoformat() if u.closed_on else "—",
            inert(u.note or ""),
        )
    return table
