"""`acct kpi` on the terminal and as JSON.

JSON: money as decimal strings with 2 places ("125000.00"); percentages and days as decimal
strings with 1 place ("87.5"), rounded half up; null where a figure is undefined (nothing
invoiced, nobody at the month's start, a zero previous month).  Never a float.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from acctcli.domain.kpi import BUCKETS, KpiOverview, KpiReport, direction, rounded
from acctcli.domain.money import money_display, money_str
from acctcli.i18n import _, month_heading, ngettext, pgettext
from acctcli.render.safe import clean_text

BAR_WIDTH = 32


def shown_place(value: Decimal | None) -> str | None:
    """A figure with one decimal as the language writes it: 95.0 / 95,0 (JSON: one_place)."""
    text = one_place(value)
    # TRANSLATORS: the decimal separator of figures such as "95.0 %" (Russian: a comma)
    return None if text is None else text.replace(".", pgettext("decimal separator", "."))


def one_place(value: Decimal | None) -> str | None:
    """'87.5' (half up); None stays None; never '-0.0'."""
    r = rounded(value, 1)
    if r is None:
        return None
    return str(abs(r) if r == 0 else r)


def month_label(report: KpiReport) -> str:
    return report.month.strftime("%Y-%m")


# --- JSON ----------------------------------------------------------------------------------


def report_json(report: KpiReport) -> dict[str, Any]:
    rec, ch, tu, up = report.receivables, report.churn, report.turnover, report.upsells
    return {
        "month": month_label(report),
        "as_of": report.as_of.isoformat(),
        "month_to_date": report.month_to_date,
        "receivables": {
            "opening": money_str(rec.opening),
            "invoiced": money_str(rec.invoiced),
            "collected": money_str(rec.collected),
            "closing": money_str(rec.closing),
            "overdue": money_str(rec.overdue),
            "aging": {b: money_str(rec.aging[b]) for b in BUCKETS},
            "dso_days": one_place(rec.dso_days),
            "cei_pct": one_place(rec.cei_pct),
        },
        "churn": {
            "active_at_start": ch.active_at_start,
            "new": ch.new,
            "churned": ch.churned,
            "rate_pct": one_place(ch.rate_pct),
            "churned_clients": [
                {
                    "name": c.name,
                    "reason": c.reason,
                    "on": c.on.isoformat(),
                    "counted_in_rate": c.counted,
                }
                for c in ch.churned_clients
            ],
            "churned_from_start": ch.churned_from_start,
            "won_back": ch.won_back,
            "last_churn": None
            if ch.last_churn is None
            else {
                "name": ch.last_churn.name,
                "reason": ch.last_churn.reason,
                "on": ch.last_churn.on.isoformat(),
            },
        },
        "turnover": {
            "revenue": money_str(tu.revenue),
            "previous": money_str(tu.previous),
            "growth_pct": one_place(tu.growth_pct),
            "previous_until": None if tu.previous_until is None else tu.previous_until.isoformat(),
            "by_client": [{"name": n, "revenue": money_str(v)} for n, v in tu.by_client],
        },
        "upsells": {"opened": up.opened, "won": up.won, "won_value": money_str(up.won_value)},
        **_mrr_json(report),
        **_profit_json(report),
    }


def _money_or_none(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _profit_json(report: KpiReport, by: str = "revenue") -> dict[str, Any]:
    p = report.profit
    if p is None:
        return {}
    return {
        "profit": {
            "profit": _money_or_none(p.profit),
            "margin_pct": one_place(p.margin_pct),
            "revenue": money_str(p.revenue),
            "cost": _money_or_none(p.cost),
            "clients_without_costs": p.without_costs,
            "by_client": [
                {
                    "name": c.name,
                    "owner": c.owner,
                    "revenue": money_str(c.revenue),
                    "cost": _money_or_none(c.cost),
                    "profit": _money_or_none(c.profit),
                    "margin_pct": one_place(c.margin_pct),
                }
                for c in p.ranked(by)
            ],
        }
    }


def _mrr_json(report: KpiReport) -> dict[str, Any]:
    mrr = report.mrr
    if mrr is None:
        return {}
    return {
        "mrr": {
            "start": money_str(mrr.start),
            "end": money_str(mrr.end),
            "new": money_str(mrr.new),
            "expansion": money_str(mrr.expansion),
            "contraction": money_str(mrr.contraction),
            "churned": money_str(mrr.churned),
            "reactivated": money_str(mrr.reactivated),
        },
        "nrr_pct": one_place(mrr.nrr_pct),
        "grr_pct": one_place(mrr.grr_pct),
    }


def kpi_json(
    overview: KpiOverview, *, explain: bool, currency: str, by: str = "revenue"
) -> dict[str, Any]:
    doc = report_json(overview.report)
    doc.update(_profit_json(overview.report, by))
    doc["owner"] = overview.owner
    doc["previous_month"] = report_json(overview.previous)
    if overview.owner is None:
        doc["team"] = [{"owner": who, **report_json(r)} for who, r in overview.team]
    if explain:
        doc["explain"] = explain_lines(overview.report, currency, overview.broken_promises)
    return doc


# --- --explain -----------------------------------------------------------------------------


def explain_lines(
    report: KpiReport, currency: str, broken_promises: tuple[Any, ...] = ()
) -> list[str]:
    """Each formula of shared/design/kpi.md with this month's numbers filled in (in the
    language in use: `--json` runs in English), and the promises to pay broken in the month
    with the receivables."""

    def m(value: Decimal) -> str:
        return money_display(value, currency)

    rec, ch, tu, up = report.receivables, report.churn, report.turnover, report.upsells
    cur = rec.current
    eve = report.month - timedelta(days=1)
    # TRANSLATORS: the formulas of `acct kpi --explain`, numbers filled in. AR: accounts
    # receivable; {eve} is an ISO date; "none": the figure is undefined.
    lines = [
        _("opening = AR(end of the month before, {eve}) = {opening}").format(
            eve=eve.isoformat(), opening=m(rec.opening)
        ),
        _(
            "closing = opening + invoiced − collected = {opening} + {invoiced} − {collected}"
            " = {closing}"
        ).format(
            opening=m(rec.opening),
            invoiced=m(rec.invoiced),
            collected=m(rec.collected),
            closing=m(rec.closing),
        ),
        _("overdue = closing − current = {closing} − {current} = {overdue}").format(
            closing=m(rec.closing), current=m(cur), overdue=m(rec.overdue)
        ),
    ]
    if rec.dso_days is None:
        lines.append(_("DSO = closing / invoiced × days in month: nothing invoiced → none"))
    else:
        lines.append(
            (
                _(
                    "DSO = closing / invoiced × days in month = {closing} / {invoiced} × {days}"
                    " = {dso} days"
                )
                if not report.month_to_date
                else _(
                    "DSO = closing / invoiced × days of the month so far = {closing} / {invoiced}"
                    " × {days} = {dso} days"
                )
            ).format(
                closing=m(rec.closing),
                invoiced=m(rec.invoiced),
                days=rec.days,
                dso=shown_place(rec.dso_days),
            )
        )
    cei = {
        "opening": m(rec.opening),
        "invoiced": m(rec.invoiced),
        "closing": m(rec.closing),
        "current": m(cur),
    }
    if rec.cei_pct is None:
        lines.append(
            _(
                "CEI = (opening + invoiced − closing) / (opening + invoiced − current) × 100"
                " = ({opening} + {invoiced} − {closing}) / ({opening} + {invoiced} − {current})"
                " × 100: the denominator is 0 → none"
            ).format(**cei)
        )
    else:
        lines.append(
            _(
                "CEI = (opening + invoiced − closing) / (opening + invoiced − current) × 100"
                " = ({opening} + {invoiced} − {closing}) / ({opening} + {invoiced} − {current})"
                " × 100 = {cei} %"
            ).format(**cei, cei=shown_place(rec.cei_pct))
        )
    lines += _broken_promises(broken_promises, report, m)
    churned = {"churned": ch.churned_from_start, "start": ch.active_at_start}
    if ch.rate_pct is None:
        lines.append(
            _(
                "churn rate = churned of the customers at the start / customers at the start"
                " × 100 = {churned} / {start} × 100: nobody at the start → none"
            ).format(**churned)
        )
    else:
        lines.append(
            _(
                "churn rate = churned of the customers at the start / customers at the start"
                " × 100 = {churned} / {start} × 100 = {rate} %"
            ).format(**churned, rate=shown_place(ch.rate_pct))
        )
    growth = {"revenue": m(tu.revenue), "previous": m(tu.previous)}
    if tu.previous_until is not None:
        lines.append(
            _(
                "month to date: revenue counts {start}…{as_of}, previous counts the same days"
                " of the month before, {prev}…{until}"
            ).format(
                start=report.month.isoformat(),
                as_of=report.as_of.isoformat(),
                prev=tu.previous_until.replace(day=1).isoformat(),
                until=tu.previous_until.isoformat(),
            )
        )
    if tu.growth_pct is None:
        lines.append(
            _(
                "growth = (revenue − previous) / previous × 100 = ({revenue} − {previous})"
                " / {previous} × 100: nothing invoiced the month before → none"
            ).format(**growth)
        )
    else:
        lines.append(
            _(
                "growth = (revenue − previous) / previous × 100 = ({revenue} − {previous})"
                " / {previous} × 100 = {growth} %"
            ).format(**growth, growth=shown_place(tu.growth_pct))
        )
    lines.append(
        _("upsells won = {won}, won value = {value}; opened = {opened}").format(
            won=up.won, value=m(up.won_value), opened=up.opened
        )
    )
    if report.mrr is not None:
        lines += _mrr_explain(report, m)
    if report.profit is not None:
        lines += _profit_explain(report, m)
    return lines


def _profit_explain(report: KpiReport, m: Any) -> list[str]:
    p = report.profit
    assert p is not None
    days = (report.as_of - report.month).days + 1
    # TRANSLATORS: profit per project; {days} days of the month counted, {month_days} in it.
    lines = [
        _(
            "cost of a client = Σ over its days as a customer not paused ({days} of {month_days}"
            " days counted) of its monthly costs ÷ {month_days}; profit = revenue − cost;"
            " margin = profit / revenue × 100"
        ).format(days=days, month_days=_month_days(report)),
    ]
    if p.profit is None:
        lines.append(_("profit: no cost data (acct client edit NAME --cost SERVICE=AMOUNT)"))
        return lines
    margin = shown_place(p.margin_pct)
    lines.append(
        _(
            "profit = revenue − cost = {revenue} − {cost} = {profit} (clients with cost data: {n});"
            " margin = {margin}"
        ).format(
            revenue=m(p.revenue),
            cost=m(p.cost),
            profit=m(p.profit),
            n=len(p.costed),
            margin="—" if margin is None else f"{margin} %",
        )
    )
    return lines


def _month_days(report: KpiReport) -> int:
    from acctcli.domain.kpi import days_in_month

    return days_in_month(report.month)


def _broken_promises(promises: tuple[Any, ...], report: KpiReport, m: Any) -> list[str]:
    """Receivables: the clients' promises to pay due in the month and broken (issue 16)."""
    if not promises:
        return [
            _("broken promises to pay (due {start}…{as_of}): none").format(
                start=report.month.isoformat(), as_of=report.as_of.isoformat()
            )
        ]
    total = sum((f.promise.amount - f.promise.paid for f in promises), Decimal(0))
    lines = [
        ngettext(
            "broken promises to pay (due {start}…{as_of}): {n}, short by {short}",
            "broken promises to pay (due {start}…{as_of}): {n}, short by {short}",
            len(promises),
        ).format(
            start=report.month.isoformat(),
            as_of=report.as_of.isoformat(),
            n=len(promises),
            short=m(total),
        )
    ]
    for f in promises:
        lines.append(
            # TRANSLATORS: one broken promise: "  2026-0051 Шаурма Экспресс: 20 000 ₽ by
            # 2026-11-29, paid 0 ₽ (#1)"
            _("  {number} {client}: {amount} by {day}, paid {paid} (#{id})").format(
                number=f.invoice,
                client=f.client,
                amount=m(f.promise.amount),
                day=f.due.isoformat(),
                paid=m(f.promise.paid),
                id=f.id,
            )
        )
    return lines


def _mrr_explain(report: KpiReport, m: Any) -> list[str]:
    mrr = report.mrr
    assert mrr is not None
    eve = report.month - timedelta(days=1)
    fig = {
        "start": m(mrr.start),
        "end": m(mrr.end),
        "new": m(mrr.new),
        "expansion": m(mrr.expansion),
        "contraction": m(mrr.contraction),
        "churned": m(mrr.churned),
        "reactivated": m(mrr.reactivated),
    }
    # TRANSLATORS: recurring revenue; MRR(d) is the sum of the fees on day d of the customers
    # not paused on d; {eve} and {as_of} are ISO dates.
    lines = [
        _(
            "MRR start = MRR({eve}) = {start}; end = MRR({as_of}) = {end} = start + new"
            " + reactivated + expansion − contraction − churned = {start} + {new}"
            " + {reactivated} + {expansion} − {contraction} − {churned}"
        ).format(eve=eve.isoformat(), as_of=report.as_of.isoformat(), **fig)
    ]
    nrr, grr = shown_place(mrr.nrr_pct), shown_place(mrr.grr_pct)
    if nrr is None or grr is None:
        lines.append(_("NRR, GRR: no recurring revenue at the start → none"))
    else:
        lines.append(
            _(
                "NRR = (start + expansion − contraction − churned) / start × 100 = ({start}"
                " + {expansion} − {contraction} − {churned}) / {start} × 100 = {nrr} %"
            ).format(**fig, nrr=nrr)
        )
        lines.append(
            _(
                "GRR = (start − contraction − churned) / start × 100 = ({start} − {contraction}"
                " − {churned}) / {start} × 100 = {grr} %"
            ).format(**fig, grr=grr)
        )
    return lines


# --- the terminal report -------------------------------------------------------------------

# For each figure: is a rise good news?  (None: neutral.)
_GOOD_WHEN_UP = {
    "collected": True,
    "closing": None,
    "overdue": False,
    "dso": False,
    "cei": True,
    "rate": False,
    "revenue": True,
    "won": True,
    "mrr": True,
    "nrr": True,
}


def _arrow(kit: Any, key: str, now: Any, before: Any) -> Any:
    Text = kit.Text
    step = direction(now, before)
    if step == 0:
        return Text("→" if now is not None and before is not None else "", style="dim")
    good = _GOOD_WHEN_UP.get(key)
    style = "" if good is None else ("green" if (step > 0) == good else "red")
    return Text("↑" if step > 0 else "↓", style=style)


def _pct(value: Decimal | None) -> str:
    """ "95.0 %", or "—" when undefined."""
    text = shown_place(value)
    return "—" if text is None else f"{text} %"


def _days(value: Decimal | None) -> str:
    """ "22.1 d", or "—" when undefined."""
    text = shown_place(value)
    # TRANSLATORS: days, abbreviated: DSO "22.1 d", aging buckets "1-30 d".
    return "—" if text is None else _("{days} d").format(days=text)


def _figures(
    kit: Any, title: str, rows: list[tuple[str, str, str, Any]], now: str, before: str
) -> Any:
    table = kit.Table(
        title=title, title_justify="left", title_style="bold", box=None, pad_edge=False
    )
    table.add_column("", min_width=22)
    table.add_column(now, justify="right", no_wrap=True)
    table.add_column(before, justify="right", no_wrap=True, style="dim")
    table.add_column("", no_wrap=True)
    for label, a, b, arrow in rows:
        table.add_row(label, a, b, arrow)
    return table


def _aging_chart(kit: Any, report: KpiReport, currency: str) -> Any:
    aging = report.receivables.aging
    top = max(aging.values(), default=Decimal(0))
    table = kit.Table(
        title=_("Aging as of {date}").format(date=report.as_of.isoformat()),
        title_justify="left",
        title_style="bold",
        box=None,
        pad_edge=False,
        show_header=False,
    )
    table.add_column("", min_width=8)
    table.add_column("", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    styles = ("green", "yellow", "dark_orange", "red", "bold red")
    for bucket, style in zip(BUCKETS, styles, strict=True):
        amount = aging[bucket]
        width = 0 if top <= 0 or amount <= 0 else max(1, round(amount / top * BAR_WIDTH))
        # TRANSLATORS: the part of the receivables not yet past due (an aging bucket).
        label = (
            pgettext("kpi", "current") if bucket == "current" else _("{days} d").format(days=bucket)
        )
        table.add_row(label, kit.inert("█" * width, style), money_display(amount, currency))
    return table


def kpi_report(
    overview: KpiOverview, *, currency: str, explain: bool, by: str = "revenue", kit: Any = None
) -> Any:
    """The report as renderables of `kit`: acct's layout (the default) or Rich's."""
    kit = kit or PLAIN
    Text, inert = kit.Text, kit.inert
    r, p = overview.report, overview.previous
    rec, prec = r.receivables, p.receivables
    now, before = month_label(r), month_label(p)

    def m(value: Decimal) -> str:
        return money_display(value, currency)

    whose = (
        _("the whole team")
        if overview.owner is None
        else _("{owner}'s clients").format(owner=overview.owner)
    )
    as_of = (_("month to date, as of {date}") if r.month_to_date else _("as of {date}")).format(
        date=r.as_of.isoformat()
    )
    parts: list[Any] = [
        Text.assemble(
            (_("KPI {month}").format(month=month_heading(r.month)), "bold underline"),
            f"  ·  {clean_text(whose)}  ·  {as_of}",
        ),
        Text(""),
        _figures(
            kit,
            _("1. Receivables collected"),
            [
                (_("Opening balance"), m(rec.opening), m(prec.opening), ""),
                (pgettext("kpi", "Invoiced"), m(rec.invoiced), m(prec.invoiced), ""),
                (
                    pgettext("kpi", "Collected"),
                    m(rec.collected),
                    m(prec.collected),
                    _arrow(kit, "collected", rec.collected, prec.collected),
                ),
                (
                    _("Closing balance"),
                    m(rec.closing),
                    m(prec.closing),
                    _arrow(kit, "closing", rec.closing, prec.closing),
                ),
                (
                    pgettext("kpi", "Overdue"),
                    m(rec.overdue),
                    m(prec.overdue),
                    _arrow(kit, "overdue", rec.overdue, prec.overdue),
                ),
                (
                    pgettext("kpi", "DSO"),
                    _days(rec.dso_days),
                    _days(prec.dso_days),
                    _arrow(kit, "dso", rec.dso_days, prec.dso_days),
                ),
                (
                    pgettext("kpi", "CEI"),
                    _pct(rec.cei_pct),
                    _pct(prec.cei_pct),
                    _arrow(kit, "cei", rec.cei_pct, prec.cei_pct),
                ),
            ],
            now,
            before,
        ),
        Text(""),
        _aging_chart(kit, r, currency),
        Text(""),
    ]
    ch, pch = r.churn, p.churn
    parts.append(
        _figures(
            kit,
            _("2. Churn"),
            [
                (
                    _("Customers at the start"),
                    str(ch.active_at_start),
                    str(pch.active_at_start),
                    "",
                ),
                # TRANSLATORS: clients new this month (a row of the churn table).
                (pgettext("kpi", "New"), str(ch.new), str(pch.new), ""),
                # TRANSLATORS: clients who left this month (a row of the churn table).
                (pgettext("kpi", "Churned"), str(ch.churned), str(pch.churned), ""),
                (pgettext("kpi", "Won back"), str(ch.won_back), str(pch.won_back), ""),
                (
                    _("Churn rate"),
                    _pct(ch.rate_pct),
                    _pct(pch.rate_pct),
                    _arrow(kit, "rate", ch.rate_pct, pch.rate_pct),
                ),
            ],
            now,
            before,
        )
    )
    if ch.churned_clients:
        for c in ch.churned_clients:
            line = Text("  ✗ ", style="red")
            line.append_text(inert(c.name, "bold"))
            line.append(f"  {c.on.isoformat()}  ")
            line.append_text(inert(c.reason or _("no reason given"), "italic"))
            if not c.counted:
                line.append("  " + _("(started this month: not in the rate)"), style="dim")
            parts.append(line)
    else:
        line = Text("  " + _("No client left this month."), style="green")
        if ch.last_churn is not None:
            last = ch.last_churn
            # TRANSLATORS: followed by the client's name and the reason they left.
            latest = _("Last churn: {date}").format(date=last.on.isoformat())
            line.append(f"  {latest} ", style="dim")
            line.append_text(inert(last.name, "dim"))
            line.append(" — ", style="dim")
            line.append_text(inert(last.reason or _("no reason given"), "dim italic"))
        parts.append(line)
    tu, ptu = r.turnover, p.turnover
    parts += [
        Text(""),
        _figures(
            kit,
            _("3. Turnover growth"),
            [
                (
                    _("Revenue (invoiced)"),
                    m(tu.revenue),
                    m(ptu.revenue),
                    _arrow(kit, "revenue", tu.revenue, ptu.revenue),
                ),
                (
                    _("Growth vs same days before")
                    if tu.previous_until is not None
                    else _("Growth vs month before"),
                    _pct(tu.growth_pct),
                    _pct(ptu.growth_pct),
                    "",
                ),
                (_("Upsells opened"), str(r.upsells.opened), str(p.upsells.opened), ""),
                (
                    _("Upsells won"),
                    str(r.upsells.won),
                    str(p.upsells.won),
                    _arrow(kit, "won", r.upsells.won, p.upsells.won),
                ),
                (_("Won value"), m(r.upsells.won_value), m(p.upsells.won_value), ""),
            ],
            now,
            before,
        ),
    ]
    if tu.by_client:
        parts.append(_by_client(kit, r, currency))
    if r.mrr is not None and p.mrr is not None and (r.mrr.start or r.mrr.end or p.mrr.end):
        parts += [Text(""), _mrr_figures(kit, r, p, m, now, before)]
    if r.profit is not None and (r.profit.by_client or by == "profit"):
        parts += [Text(""), _profit_table(kit, r, currency, by)]
    if overview.team:
        parts += [Text(""), _team_table(kit, overview, currency)]
    if explain:
        parts += [Text(""), Text(_("How these figures are computed"), style="bold")]
        lines = explain_lines(r, currency, overview.broken_promises)
        parts += [inert(f"  {line}") for line in lines]
    return kit.Group(*parts)


def _mrr_figures(kit: Any, r: KpiReport, p: KpiReport, m: Any, now: str, before: str) -> Any:
    a, b = r.mrr, p.mrr
    assert a is not None and b is not None
    return _figures(
        kit,
        _("4. Recurring revenue"),
        [
            (_("MRR at the start"), m(a.start), m(b.start), ""),
            (pgettext("mrr", "New"), m(a.new), m(b.new), ""),
            (pgettext("mrr", "Expansion"), m(a.expansion), m(b.expansion), ""),
            (pgettext("mrr", "Contraction"), m(a.contraction), m(b.contraction), ""),
            (pgettext("mrr", "Churned"), m(a.churned), m(b.churned), ""),
            (pgettext("mrr", "Reactivated"), m(a.reactivated), m(b.reactivated), ""),
            (_("MRR at the end"), m(a.end), m(b.end), _arrow(kit, "mrr", a.end, b.end)),
            ("NRR", _pct(a.nrr_pct), _pct(b.nrr_pct), _arrow(kit, "nrr", a.nrr_pct, b.nrr_pct)),
            ("GRR", _pct(a.grr_pct), _pct(b.grr_pct), _arrow(kit, "nrr", a.grr_pct, b.grr_pct)),
        ],
        now,
        before,
    )


def _profit_table(kit: Any, report: KpiReport, currency: str, by: str) -> Any:
    Text, inert = kit.Text, kit.inert

    p = report.profit
    assert p is not None
    title = _("5. Profit per project")
    if p.profit is None:
        return kit.Group(
            Text(title, style="bold"),
            Text("  " + _("No cost data (acct client edit NAME --cost SERVICE=AMOUNT).")),
        )
    table = kit.Table(
        title=title, title_justify="left", title_style="bold", box=None, pad_edge=False
    )
    # TRANSLATORS: the columns of `acct kpi`'s profit table.
    table.add_column(_("Client"), min_width=16, max_width=24, overflow="ellipsis", no_wrap=True)
    table.add_column(pgettext("kpi", "Revenue"), justify="right", no_wrap=True)
    table.add_column(pgettext("kpi", "Cost"), justify="right", no_wrap=True)
    table.add_column(pgettext("kpi", "Profit"), justify="right", no_wrap=True)
    table.add_column(pgettext("kpi", "Margin"), justify="right", no_wrap=True)
    no_data = _("no cost data")
    for c in p.ranked(by):
        if c.cost is None or c.profit is None:
            cells: list[Any] = [Text(no_data, style="dim"), "", ""]
        else:
            cells = [
                money_display(c.cost, currency),
                money_display(c.profit, currency),
                _pct(c.margin_pct),
            ]
        table.add_row(inert(c.name), money_display(c.revenue, currency), *cells)
    total = _("Total, {n} with costs").format(n=len(p.costed))
    table.add_row(
        Text(total, style="bold"),
        money_display(p.revenue, currency),
        money_display(p.cost or Decimal(0), currency),
        Text(money_display(p.profit, currency), style="bold"),
        _pct(p.margin_pct),
    )
    return table


def _by_client(kit: Any, report: KpiReport, currency: str) -> Any:
    tu = report.turnover
    table = kit.Table(box=None, pad_edge=False, show_header=False, title_justify="left")
    table.add_column("", min_width=22, overflow="fold")
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True, style="dim")
    for name, amount in tu.by_client:
        share = shown_place(amount * 100 / tu.revenue) if tu.revenue else None
        table.add_row(kit.inert(f"  {name}"), money_display(amount, currency), f"{share} %")
    return table


def _team_table(kit: Any, overview: KpiOverview, currency: str) -> Any:
    table = kit.Table(
        title=_("By account manager"),
        title_justify="left",
        title_style="bold",
        box=None,
        pad_edge=False,
    )
    columns = (
        # TRANSLATORS: the account manager (a column of `acct kpi --team`).
        _("Owner"),
        pgettext("kpi", "Collected"),
        pgettext("kpi", "Overdue"),
        pgettext("kpi", "CEI"),
        # TRANSLATORS: the churn rate (a column of `acct kpi --team`).
        pgettext("kpi", "Churn"),
        pgettext("kpi", "Revenue"),
        pgettext("kpi", "Growth"),
        # TRANSLATORS: upsells won (a column of `acct kpi --team`).
        pgettext("kpi", "Won"),
    )
    for index, col in enumerate(columns):
        table.add_column(col, justify="left" if index == 0 else "right", no_wrap=True)
    for who, r in overview.team:
        rec = r.receivables
        table.add_row(
            kit.inert(who),
            money_display(rec.collected, currency),
            money_display(rec.overdue, currency),
            _pct(rec.cei_pct),
            _pct(r.churn.rate_pct),
            money_display(r.turnover.revenue, currency),
            _pct(r.turnover.growth_pct),
            str(r.upsells.won),
        )
    return table


# --- the kits and the printing -------------------------------------------------------------


def _layout_kit() -> Any:
    from types import SimpleNamespace

    from acctcli.render import layout

    def inert(value: object, style: str = "") -> layout.Text:
        return layout.Text(clean_text(value), style)

    return SimpleNamespace(Text=layout.Text, Table=layout.Table, Group=layout.Group, inert=inert)


def rich_kit() -> Any:
    """Rich's renderables, for text the plain layout cannot measure as Rich does."""
    from types import SimpleNamespace

    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from acctcli.render.safe import inert

    return SimpleNamespace(Text=Text, Table=Table, Group=Group, inert=inert)


PLAIN: Any = None  # the layout kit, made on first use


def print_kpi(overview: KpiOverview, *, currency: str, explain: bool, by: str = "revenue") -> None:
    """The report on standard output as Rich's console printed it, without loading Rich
    unless a name holds characters whose width only Rich's tables know."""
    import sys

    from acctcli.render.layout import Unsupported, console_profile, render_text

    global PLAIN
    PLAIN = PLAIN or _layout_kit()
    try:
        report = kpi_report(overview, currency=currency, explain=explain, by=by, kit=PLAIN)
        text = render_text(report, console_profile(sys.stdout))
    except Unsupported:
        from acctcli.render.console import make_console

        report = kpi_report(overview, currency=currency, explain=explain, by=by, kit=rich_kit())
        make_console().print(report)
        return
    sys.stdout.write(text)
