"""Invoices and upsells on the terminal and as JSON (money as decimal strings)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from acctcli.domain.labels import label
from acctcli.domain.ledger import InvoiceLine, UpsellLine
from acctcli.domain.money import money_display, money_str
from acctcli.i18n import _, ngettext, pgettext
from acctcli.render.safe import clean_text, inert

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

    from acctcli.render.plain import Cell

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
        "status": "void" if line.void else "open" if line.is_open else "paid",
        "voided_on": line.voided_on.isoformat() if line.void and line.voided_on else None,
        "owner": line.owner,
    }


def invoices_text(
    lines: Sequence[InvoiceLine],
    currency: str,
    *,
    page: int | None = None,
    width: int | None = None,
    colour: bool | None = None,
) -> str:
    """The invoice list as plain text, totals last: one pass over the rows, whatever their
    number (Rich measured every cell four times: 2 s for 1,400 rows, issue 17).  With `page`,
    only that many rows and a line saying how many more there are (the totals stay whole)."""
    from acctcli.render.plain import Painter, colour_wanted, cut, table_lines, terminal_width

    paint = Painter(colour_wanted() if colour is None else colour)
    shown, hidden = cut(lines, page)
    rows: list[list[Cell]] = []
    for x in shown:
        late = x.days_overdue
        rows.append(
            [
                clean_text(x.number),
                clean_text(x.client),
                money_display(x.amount, currency),
                (money_display(x.balance, currency), ("bold",) if x.is_open else ("dim",)),
                x.issued.isoformat(),
                x.due.isoformat(),
                (_("void"), ("dim",))
                if x.void
                else (
                    ngettext("{n} d", "{n} d", late).format(n=late) if late else "—",
                    ("red",) if late > 30 else ("yellow",) if late else (),
                ),
                clean_text(x.service or "—"),
            ]
        )
    footer = None
    if len(lines) > 1:
        amount = money_display(sum((x.amount for x in lines), Decimal(0)), currency)
        balance = money_display(sum((x.balance for x in lines), Decimal(0)), currency)
        footer = [_("Total"), "", amount, balance, "", "", "", ""]
    headers = [
        # TRANSLATORS: the invoice number column
        _("Number"),
        _("Client"),
        _("Amount"),
        _("Balance"),
        _("Issued"),
        _("Due"),
        # TRANSLATORS: the column of how many days an invoice is overdue ("12 d")
        _("Late"),
        _("Service"),
    ]
    text = table_lines(
        headers,
        rows,
        width or terminal_width(),
        paint,
        flexible=(7, 1),
        right=(2, 3, 6),
        footer=footer,
        gap=1,
    )
    if hidden:
        text.append(more_line(hidden))
    return "\n".join(text) + "\n"


def more_line(hidden: int, *, with_all: bool = True) -> str:
    """Under a list cut to one screen: how many rows are left out and how to see them
    (`with_all`: the command's --all shows every row, not something else)."""
    if not with_all:
        return ngettext(
            "… and {n} more (see them: --limit N or --json)",
            "… and {n} more (see them: --limit N or --json)",
            hidden,
        ).format(n=hidden)
    return ngettext(
        "… and {n} more (see them: --limit N, --all or --json)",
        "… and {n} more (see them: --limit N, --all or --json)",
        hidden,
    ).format(n=hidden)


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
