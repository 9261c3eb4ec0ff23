"""Clients and contacts on the terminal and as JSON."""

from __future__ import annotations

from typing import Any

from acctcli.domain.clients import Client, Contact
from acctcli.domain.labels import label
from acctcli.domain.money import money_display, money_str
from acctcli.i18n import _
from acctcli.render.safe import clean_text, inert

TYPE_CHECKING = False
if TYPE_CHECKING:
    from acctcli.render.plain import Cell

STATUS_STYLE = {"active": "green", "onboarding": "cyan", "paused": "yellow", "churned": "red"}


def client_json(client: Client) -> dict[str, Any]:
    return {
        "name": client.name,
        "status": client.status,
        "services": client.services,
        "since": client.since.isoformat(),
        "cadence": client.cadence,
        "channel": client.channel,
        "owner": client.owner,
        "domains": list(client.domains),
        "fees": {s: None if f is None else money_str(f) for s, f in client.fees.items()},
        "monthly_fee": money_str(client.monthly_fee),
    }


def contact_json(contact: Contact) -> dict[str, Any]:
    return {
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "messenger": contact.messenger,
        "role": contact.role,
        "urgent": contact.urgent,
    }


def client_detail_json(client: Client) -> dict[str, Any]:
    return {
        **client_json(client),
        "max_gap": client.max_gap,
        "hours": client.hours,
        "contacts": [contact_json(c) for c in client.contacts],
        "history": [
            {"status": h.status, "on": h.on.isoformat(), "reason": h.reason} for h in client.history
        ],
    }


def clients_text(
    clients: list[Client],
    currency: str,
    *,
    page: int | None = None,
    width: int | None = None,
    colour: bool | None = None,
) -> str:
    """The client list as plain text, one line a client (issue 17: 1,000 clients through a
    Rich table took a second).  With `page`, that many and a line saying how many more."""
    from acctcli.render.plain import Painter, colour_wanted, cut, table_lines, terminal_width

    paint = Painter(colour_wanted() if colour is None else colour)
    shown, hidden = cut(clients, page)
    rows: list[list[Cell]] = [
        [
            clean_text(c.name),
            (
                label("status", c.status),
                (STATUS_STYLE[c.status],) if c.status in STATUS_STYLE else (),
            ),
            clean_text(", ".join(c.services) or "—"),
            money_display(c.monthly_fee, currency) if c.fees else "—",
            c.since.isoformat(),
            clean_text(c.cadence or "—"),
            clean_text(label("channel", c.channel) or "—"),
        ]
        for c in shown
    ]
    headers = [
        _("Client"),
        _("Status"),
        _("Services"),
        _("Fee/month"),
        # TRANSLATORS: the column of the date a client has been with the agency since
        _("Since"),
        _("Cadence"),
        _("Channel"),
    ]
    width = width or terminal_width()
    text = table_lines(headers, rows, width, paint, flexible=(0, 2, 5), right=(3,), gap=1)
    if hidden:
        from acctcli.render.money import more_line

        text.append(more_line(hidden, with_all=False))
    return "\n".join(text) + "\n"


def client_panel(client: Client, currency: str) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row(
        _("Status"), inert(label("status", client.status), STATUS_STYLE.get(client.status, ""))
    )
    facts.add_row(_("Since"), client.since.isoformat())
    facts.add_row(_("Owner"), inert(client.owner))
    facts.add_row(_("Cadence"), inert(client.cadence or "—"))
    facts.add_row(_("Channel"), inert(label("channel", client.channel) or "—"))
    facts.add_row(_("Domains"), inert(", ".join(client.domains) or "—"))
    for service, fee in client.fees.items():
        facts.add_row(
            inert(_("Service {service}").format(service=service)),
            money_display(fee, currency) if fee is not None else "—",
        )
    parts: list[Any] = [Text(client.name, style="bold underline"), facts]
    if client.contacts:
        parts += [Text(""), contacts_table(client.contacts)]
    if len(client.history) > 1:
        parts.append(Text(""))
        for h in client.history:
            line = Text(f"{h.on.isoformat()}  ")
            line.append_text(inert(label("status", h.status), STATUS_STYLE.get(h.status, "")))
            if h.reason:
                line.append("  ")
                line.append_text(inert(h.reason))
            parts.append(line)
    return Group(*parts)


def contacts_table(contacts: tuple[Contact, ...] | list[Contact]) -> Any:
    from rich.table import Table

    people = Table(box=None, header_style="bold", pad_edge=False)
    for col in (_("Contact"), _("Role"), _("E-mail"), _("Phone"), _("Messenger")):
        people.add_column(col, overflow="fold")
    for p in contacts:
        name = inert(p.name)
        if p.urgent:
            name.append(" " + _("(urgent)"), style="bold red")
        people.add_row(
            name,
            inert(label("role", p.role)),
            inert(p.email or ""),
            inert(p.phone or ""),
            inert(p.messenger or ""),
        )
    return people
