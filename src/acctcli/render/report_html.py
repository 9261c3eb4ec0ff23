"""A client's monthly report as one self-contained HTML page, from Jinja2 templates.

The templates ship in acctcli/report_templates (report.html.j2, report.css, chart.svg.j2);
an agency overrides any of them by putting a file of the same name in
`$ACCT_HOME/templates/`.  Autoescaping is on for every template, so every value from the
store is text; the page has inline CSS and an inline SVG chart, and loads nothing from
outside (no fonts, scripts or images).  jinja2 is imported here only: `acct report` alone
pays for it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from acctcli.domain.client_report import ClientReport
from acctcli.domain.labels import label
from acctcli.domain.money import money_display
from acctcli.i18n import _, current, short_month
from acctcli.render.report_md import (
    follow_summary,
    incident_lines,
    moment,
    money_summary,
    next_lines,
    onboarding_line,
    period_line,
    status_line,
    title_line,
    touches_summary,
    upsell_lines,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "report_templates"
WIDTH, HEIGHT, LEFT, TOP, BASE = 720, 220, 70, 14, 190


def _environment(home: Path | None) -> Any:
    import jinja2

    folders = [str(home / "templates")] if home is not None else []
    folders.append(str(PACKAGE_TEMPLATES))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _chart(report: ClientReport, currency: str) -> dict[str, Any]:
    top_value = max((p.amount for p in report.chart), default=Decimal(0))
    scale = Decimal(BASE - TOP) / top_value if top_value > 0 else Decimal(0)
    step = (WIDTH - LEFT - 8) / max(1, len(report.chart))
    bars = []
    for n, point in enumerate(report.chart):
        h = float(point.amount * scale)
        bars.append(
            {
                "x": round(LEFT + n * step + step * 0.15, 1),
                "w": round(step * 0.7, 1),
                "y": round(BASE - h, 1),
                "h": round(h, 1),
                "month": point.month,
                "short": short_month(int(point.month[5:7])),
                "text": money_display(point.amount, currency),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "top": TOP,
        "base": BASE,
        "bars": bars,
        "max_text": money_display(top_value, currency),
        # TRANSLATORS: the chart's caption (its title for screen readers).
        "label": _("Invoiced per month, the last 12 months"),
    }


def html_report(report: ClientReport, currency: str, home: Path | None = None) -> str:
    def money(value: object) -> str:
        return money_display(value, currency)  # type: ignore[arg-type]

    rows = {i.number: i for i in report.invoiced + report.open_invoices}
    context = {
        "lang": current(),
        "r": report,
        "title": title_line(report),
        "period": period_line(report),
        "status": status_line(report),
        "money": money,
        "moment": moment,
        "channel": lambda c: label("channel", c),
        "due_text": lambda day: _("due {day}").format(day=day),
        "chart": _chart(report, currency),
        "touches_summary": touches_summary(report),
        "incidents": incident_lines(report),
        "mail": [(label("category", c), k) for c, k in report.mail],
        "money_summary": money_summary(report, money),
        "invoices": sorted(rows.values(), key=lambda r: (r.issued, r.number)),
        "follow_summary": follow_summary(report),
        "onboarding": onboarding_line(report),
        "upsells": upsell_lines(report, money),
        "next": next_lines(report),
        "t": {
            "services": _("Services and fees"),
            "service": _("Service"),
            "fee": _("Fee/month"),
            "total": _("Total"),
            "no_services": _("No services recorded."),
            "chart": _("Invoiced per month"),
            "touches": _("Touches and meetings"),
            "incidents": _("Incidents"),
            "no_incidents": _("No incidents."),
            "mail": _("Mail"),
            "money": _("Invoices and payments"),
            "invoice": _("Invoice"),
            "issued": _("Issued"),
            "due": _("Due"),
            "amount": _("Amount"),
            "paid": _("Paid"),
            "balance": _("Balance"),
            "follow_ups": _("Follow-ups"),
            "onboarding": _("Onboarding"),
            "upsells": _("Upsells"),
            "no_upsells": _("No upsells proposed or decided this month."),
            "next": _("Next"),
            "nothing_next": _("Nothing planned yet."),
        },
    }
    return _environment(home).get_template("report.html.j2").render(**context)
