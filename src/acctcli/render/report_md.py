"""A client's monthly report as Markdown (the default of `acct report`), and the report's
facts as plain sections that the HTML templates reuse.

Every value from the store goes through `md()`: control characters shown as escapes, line
breaks flattened, and Markdown's own characters backslash-escaped, so a client called
`*Акме* | <b>` prints as its name, never as markup or a broken table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from acctcli.domain.client_report import ClientReport
from acctcli.domain.labels import label
from acctcli.domain.money import money_display
from acctcli.i18n import _, month_heading, ngettext
from acctcli.render.safe import clean_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")


def md(value: object) -> str:
    """Untrusted text, inert in Markdown (and in the HTML a Markdown tool makes of it)."""
    return _MD_SPECIAL.sub(r"\\\1", clean_text(value))


def hours_text(hours: float) -> str:
    """ "45 min", "4 h", "2 d 3 h": how long something burned."""
    minutes = int(round(hours * 60))
    if minutes < 60:
        # TRANSLATORS: a duration in minutes, e.g. "45 min".
        return _("{n} min").format(n=minutes)
    whole = minutes // 60
    if whole < 48:
        # TRANSLATORS: a duration in hours, e.g. "4 h".
        return _("{n} h").format(n=whole)
    # TRANSLATORS: a duration in days and hours, e.g. "2 d 3 h".
    return _("{d} d {h} h").format(d=whole // 24, h=whole % 24)


def moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def title_line(report: ClientReport) -> str:
    # TRANSLATORS: the report's title: a client name and a month ("ноябрь 2026").
    return _("{client}: report for {month}").format(
        client=clean_text(report.client), month=month_heading(report.period.start)
    )


def period_line(report: ClientReport) -> str:
    if report.running:
        # TRANSLATORS: a report of a month not over yet, as of a day.
        text = _("{start} to {end}, month to date").format(
            start=report.period.start.isoformat(), end=report.as_of.isoformat()
        )
    else:
        text = _("{start} to {end}").format(
            start=report.period.start.isoformat(), end=report.as_of.isoformat()
        )
    return text + " · " + _("account manager: {owner}").format(owner=clean_text(report.owner))


def status_line(report: ClientReport) -> str:
    if report.sent:
        day, source = report.sent
        how = _("recorded from sent mail") if source == "mail" else _("recorded by hand")
        return _("This report went out on {day} ({how}).").format(day=day.isoformat(), how=how)
    if report.schedule:
        return _("Not sent yet · schedule: {spec}").format(spec=report.schedule)
    return _("Not sent yet · no report schedule (acct client edit CLIENT --reports monthly:5)")


Escape = Callable[[object], str]


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def touches_summary(report: ClientReport, esc: Escape = _plain) -> str:
    """ "3 touches (phone 2, email 1) · 1 meeting"."""
    n = len(report.touches)
    counts = ", ".join(f"{esc(label('channel', c))} {k}" for c, k in report.touches_by_channel)
    summary = ngettext("{n} touch", "{n} touches", n).format(n=n)
    if counts:
        summary += f" ({counts})"
    meetings = ngettext("{n} meeting", "{n} meetings", report.meetings)
    return summary + " · " + meetings.format(n=report.meetings)


def incident_lines(report: ClientReport, esc: Escape = _plain) -> list[str]:
    """One line an incident of the month: when it opened, was resolved, how long it took."""
    lines, seen = [], set()
    for i in report.incidents_opened + report.incidents_resolved + report.incidents_open:
        if i.id in seen:
            continue
        seen.add(i.id)
        took = hours_text(report.resolved_hours(i))
        if i.resolved_at is not None and i not in report.incidents_open:
            what = _("opened {opened}, resolved {resolved} (took {took})").format(
                opened=moment(i.opened_at), resolved=moment(i.resolved_at), took=took
            )
            if i.resolution:
                what += ": " + esc(" ".join(i.resolution.split()))
        else:
            what = _("opened {opened}, still open ({took} so far)").format(
                opened=moment(i.opened_at), took=took
            )
        severity = f" · {esc(label('severity', i.severity))}" if i.severity == "high" else ""
        done = f": {esc(i.resolution)}" if i.resolution and i not in report.incidents_open else ""
        lines.append(f"I{i.id} {esc(i.title)}{severity} — {what}{done}")
    return lines


def upsell_lines(report: ClientReport, money: Escape, esc: Escape = _plain) -> list[str]:
    rows = [(u, _("proposed {day}").format(day=u.opened_on)) for u in report.upsells_proposed]
    rows += [(u, _("won {day}").format(day=u.closed_on)) for u in report.upsells_won]
    rows += [(u, _("lost {day}").format(day=u.closed_on)) for u in report.upsells_lost]
    lines = []
    for u, what in rows:
        value = f" · {money(u.value)}" if u.value is not None else ""
        note = f" — {esc(u.note)}" if u.note else ""
        lines.append(f"{esc(u.service)}{value}: {what}{note}")
    return lines


def next_lines(report: ClientReport, esc: Escape = _plain) -> list[str]:
    """What is planned next: the next report, open follow-ups, steps, upsells to chase."""
    lines: list[str] = []
    if report.next_report:
        month, due_day = report.next_report
        lines.append(_("report for {month}, due {day}").format(month=month, day=due_day))
    for f in report.next_follow_ups:
        due = _("due {day}").format(day=f.due) if f.due else _("no day set")
        lines.append(f"{esc(f.text)} ({due})")
    for s in report.next_steps:
        lines.append(_("onboarding: {title} (due {day})").format(title=esc(s.title), day=s.due))
    for u in report.upsells_open:
        lines.append(_("upsell {service}: waiting for an answer").format(service=esc(u.service)))
    return lines


def money_summary(report: ClientReport, money: Escape) -> str:
    return _("Invoiced {invoiced} · paid {paid} · still open {open} (overdue {overdue})").format(
        invoiced=money(report.invoiced_total),
        paid=money(report.paid_total),
        open=money(report.open_total),
        overdue=money(report.overdue_total),
    )


def follow_summary(report: ClientReport) -> str:
    return _("{kept} kept · {late} done late · {open} open").format(
        kept=len(report.kept), late=len(report.done_late), open=len(report.open_follow_ups)
    )


def onboarding_line(report: ClientReport) -> str:
    if report.onboarding is None:
        return _("No onboarding checklist.")
    done, total = report.onboarding
    return _("{done} of {total} steps done").format(done=done, total=total)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_report(report: ClientReport, currency: str) -> str:
    def money(value: object) -> str:
        return money_display(value, currency)  # type: ignore[arg-type]

    out: list[str] = [f"# {md(title_line(report))}", "", f"_{md(period_line(report))}_", ""]
    out += [md(status_line(report)), ""]

    out += ["## " + _("Services and fees"), ""]
    if report.services:
        out += [_row(_("Service"), _("Fee/month")), "|---|---:|"]
        for service, fee in report.services:
            out.append(f"| {md(service)} | {money(fee) if fee is not None else '—'} |")
        out.append(_row("**" + _("Total") + "**", f"**{money(report.monthly_fee)}**"))
    else:
        out.append(_("No services recorded."))
    out.append("")

    out += ["## " + _("Touches and meetings"), ""]
    out.append(touches_summary(report, md))
    out.append("")
    for t in report.touches:
        who = f" — {md(t.contact)}" if t.contact else ""
        note = f": {md(t.note)}" if t.note else ""
        out.append(f"- {moment(t.at)} · {md(label('channel', t.channel))}{who}{note}")
    if report.touches:
        out.append("")

    out += ["## " + _("Incidents"), ""]
    if not (report.incidents_opened or report.incidents_resolved or report.incidents_open):
        out += [_("No incidents."), ""]
    else:
        out += [f"- {line}" for line in incident_lines(report, md)]
        out.append("")

    out += ["## " + _("Mail"), ""]
    out.append(
        " · ".join(f"{md(label('category', c))} {k}" for c, k in report.mail)
        + " · "
        + _("total {n}").format(n=sum(k for _c, k in report.mail))
    )
    out.append("")

    out += ["## " + _("Invoices and payments"), ""]
    out.append(money_summary(report, money))
    out.append("")
    rows = {i.number: i for i in report.invoiced + report.open_invoices}
    if rows:
        out += [
            _row(_("Invoice"), _("Issued"), _("Due"), _("Amount"), _("Paid"), _("Balance")),
            "|---|---|---|---:|---:|---:|",
        ]
        for line in sorted(rows.values(), key=lambda r: (r.issued, r.number)):
            out.append(
                f"| {md(line.number)} | {line.issued} | {line.due} | {money(line.amount)}"
                f" | {money(line.paid)} | {money(line.balance)} |"
            )
        out.append("")
    for p in report.paid:
        out.append(
            "- "
            + _("{day}: {amount} paid on {number}").format(
                day=p.on.isoformat(), amount=money(p.amount), number=md(p.number)
            )
        )
    if report.paid:
        out.append("")

    out += ["## " + _("Follow-ups"), ""]
    out.append(follow_summary(report))
    out.append("")
    for f in report.kept + report.done_late:
        out.append(f"- [x] {md(f.text)} ({f.closed_on})")
    for f in report.open_follow_ups:
        due = " — " + _("due {day}").format(day=f.due) if f.due else ""
        out.append(f"- [ ] {md(f.text)}{due}")
    if report.kept or report.done_late or report.open_follow_ups:
        out.append("")

    out += ["## " + _("Onboarding"), ""]
    out.append(onboarding_line(report))
    out += [f"- [x] {md(step.title)} ({step.done_on})" for step in report.steps_done]
    out.append("")

    out += ["## " + _("Upsells"), ""]
    upsells = upsell_lines(report, money, md)
    out += [f"- {line}" for line in upsells] or [_("No upsells proposed or decided this month.")]
    out.append("")

    out += ["## " + _("Next"), ""]
    nexts = next_lines(report, md)
    out += [f"- {line}" for line in nexts] or [_("Nothing planned yet.")]
    out.append("")

    out += ["## " + _("Invoiced per month"), ""]
    out += [_row(_("Month"), _("Invoiced")), "|---|---:|"]
    out += [f"| {p.month} | {money(p.amount)} |" for p in report.chart]
    return "\n".join(out) + "\n"
