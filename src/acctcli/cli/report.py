"""acct report CLIENT: the client's monthly report (Markdown or HTML), or --sent to record
that it went out."""

from __future__ import annotations

from typing import Annotated

import typer

from acctcli.cli.options import AsOf
from acctcli.i18n import _


def report(
    ctx: typer.Context,
    client: Annotated[
        str, typer.Argument(metavar="CLIENT", help="Client name: exact (any case) or a prefix.")
    ],
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            metavar="YYYY-MM",
            help="The month reported on (default: the month before today's).",
        ),
    ] = None,
    format_: Annotated[
        str,
        typer.Option("--format", metavar="md|html", help="Markdown (default) or HTML."),
    ] = "md",
    out: Annotated[
        str | None,
        typer.Option("--out", metavar="FILE", help="Write the report to FILE, not stdout."),
    ] = None,
    sent: Annotated[
        bool,
        typer.Option(
            "--sent", help="Record that the month's report went out (no report is written)."
        ),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="With --sent: the day it went out (today)."),
    ] = None,
    date: AsOf = None,
) -> None:
    """A client's monthly report, in Markdown or as one HTML page; --sent records it went out.

    The month's services and fees, touches, incidents, mail, invoices and payments,
    follow-ups, onboarding, upsells and what is planned next; --format html makes a
    self-contained page with the monthly invoiced amount as a chart.

    --sent records that the month's report went out (by default the one due: the oldest
    outstanding, else the next).

    Example: acct report "Пицца Мама" --month 2026-11 --format html --out pizza-2026-11.html
    """
    from acctcli.domain.dates import parse_date, parse_month
    from acctcli.domain.reports import previous_month_key
    from acctcli.errors import Invalid

    obj = ctx.obj
    today = obj.today(date)
    if format_ not in ("md", "html"):
        raise Invalid(_("bad format {value!r}: use md or html").format(value=format_))
    first = parse_month(month) if month else None
    if sent:
        from acctcli.render.safe import clean_text
        from acctcli.services.reports import mark_sent

        day = parse_date(on, _("--on date"), today) if on else today
        done = mark_sent(
            obj.db,
            obj.settings,
            client,
            month=None if first is None else f"{first:%Y-%m}",
            on=day,
            now=obj.now(),
            today=today,
        )
        if done.recorded:
            said = _("{client}: the report for {month} went out on {day}")
        else:
            said = _("{client}: the report for {month} was already recorded as sent on {day}")
        text = said.format(
            client=clean_text(done.client), month=done.month, day=done.sent_on.isoformat()
        )
        obj.console.print(text, markup=False)
        return
    if on:
        raise Invalid(_("--on dates --sent: give --sent too"))
    from acctcli.services.client_report import month_report

    if first is None:
        first = parse_month(previous_month_key(today))
    data = month_report(obj.db, obj.settings, client, month_first=first, today=today)
    currency = obj.settings.currency
    if format_ == "html":
        from acctcli.render.report_html import html_report

        text = html_report(data, currency, obj.settings.home)
    else:
        from acctcli.render.report_md import markdown_report

        text = markdown_report(data, currency)
    if out:
        from pathlib import Path

        target = Path(out).expanduser()
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise Invalid(
                _("cannot write {path}: {error}").format(path=target, error=exc.strerror)
            ) from None
        obj.console.print(_("Wrote {path}").format(path=target), markup=False)
    else:
        import sys

        sys.stdout.write(text)
