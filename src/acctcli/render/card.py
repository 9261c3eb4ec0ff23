"""The client card (`acct client show`) as plain text that fits 80 columns, and as JSON.

Untrusted text (names, subjects, notes, titles) goes through clean_text and is cut to the line
with `fit`; every line is at most the width given.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from acctcli.domain.kpi import BUCKETS, bucket_index, percent, rounded
from acctcli.domain.labels import label
from acctcli.domain.money import money_display, money_str
from acctcli.i18n import _, ngettext
from acctcli.render.plain import fit, wrap_parts
from acctcli.render.safe import clean_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    # The card (services/card.py: Card) and its events (store/card.py: Event) are read by
    # their fields; render imports nothing from the layers below it.
    Card = Any
    Event = Any


def _pct(value: Decimal | None) -> str | None:
    """JSON's one decimal place ("46.7")."""
    r = rounded(value, 1)
    return None if r is None else str(r)


def _shown_pct(value: Decimal | None) -> str | None:
    """The same as the language writes it (46,7 in Russian)."""
    from acctcli.render.kpi import shown_place

    return shown_place(value)


def _margin(fee: Decimal | None, cost: Decimal | None) -> Decimal | None:
    if fee is None or cost is None:
        return None
    return percent(fee - cost, fee)


def _hours(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() / 3600))


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _money(value: Any, currency: str) -> str:
    return money_display(Decimal(value) / 100 if isinstance(value, int) else value, currency)


def event_text(e: Event, currency: str) -> str:
    """One line of the timeline, in words."""
    f = e.facts
    text: str
    if e.kind == "status":
        text = _("status: {status}").format(status=label("status", f["status"]))
        if f.get("reason"):
            text += f" — {f['reason']}"
    elif e.kind == "touch":
        text = _("touch by {channel}").format(channel=label("channel", f["channel"]))
        if f.get("note"):
            text += f": {f['note']}"
    elif e.kind == "mail-in":
        who = f.get("from_name") or f.get("from_addr") or ""
        text = _("mail from {who}: {subject}").format(who=who, subject=f.get("subject") or "")
    elif e.kind == "mail-out":
        text = _("mail sent: {subject}").format(subject=f.get("subject") or "")
    elif e.kind == "incident":
        text = _("incident I{id} opened: {title}").format(id=f["id"], title=f["title"])
    elif e.kind == "resolved":
        text = _("incident I{id} resolved: {title}").format(id=f["id"], title=f["title"])
    elif e.kind == "invoice":
        text = _("invoice {number} issued: {amount}").format(
            number=f["number"], amount=_money(int(f["amount_minor"]), currency)
        )
    elif e.kind == "payment":
        text = _("payment on {number}: {amount}").format(
            number=f["number"], amount=_money(int(f["amount_minor"]), currency)
        )
    elif e.kind == "upsell":
        text = _("upsell #{id} offered: {service}").format(id=f["id"], service=f["service"])
    elif e.kind == "upsell-closed":
        text = _("upsell #{id} {outcome}: {service}").format(
            id=f["id"], outcome=label("upsell", f["status"]), service=f["service"]
        )
    elif e.kind == "follow-up":
        text = _("follow-up #{id}: {text}").format(id=f["id"], text=f["text"])
    elif e.kind == "follow-up-closed":
        text = _("follow-up #{id} closed: {text}").format(id=f["id"], text=f["text"])
    elif e.kind == "fee":
        fee = f["fee_minor"]
        text = _("fee {service}: {amount}").format(
            service=f["service"], amount="—" if fee is None else _money(int(fee), currency)
        )
    elif e.kind == "cost":
        cost = f["cost_minor"]
        text = _("cost {service}: {amount}").format(
            service=f["service"], amount="—" if cost is None else _money(int(cost), currency)
        )
    else:  # onboarding-step
        text = _("onboarding step done: {title}").format(title=f["title"])
    return clean_text(text)


def _when(e: Event) -> str:
    if e.at.time() == datetime.min.time() and e.kind not in ("touch", "mail-in", "mail-out"):
        return e.at.date().isoformat() + "      "
    return e.at.strftime("%Y-%m-%d %H:%M")


def card_text(card: Card, currency: str, width: int = 80) -> str:
    width = max(40, min(width, 100))
    c = card.client
    lines: list[str] = []

    def section(title: str, body: list[str]) -> None:
        if body:
            lines.extend(["", title, *(fit(b, width) for b in body)])

    status = _("{status} since {day}").format(
        status=label("status", c.status), day=card.status_since.isoformat()
    )
    head = [clean_text(c.name), status, _("owner {owner}").format(owner=clean_text(c.owner))]
    h = card.health
    if h is not None:
        from acctcli.domain.health import band_label

        head.append(_("health {score} {band}").format(score=h.score, band=band_label(h.band)))
    lines += wrap_parts(head, width, indent="")
    if h is not None and h.factors:
        lines.append(fit("  " + " · ".join(clean_text(r) for r in h.reasons(3)), width))
    # services
    services = []
    total = Decimal(0)
    for service in list(dict.fromkeys([*c.fees, *card.fees])):
        fee = card.fees.get(service)
        total += fee or 0
        cost = card.costs.get(service)
        text = f"  {clean_text(service)}  " + (
            _("{amount}/month").format(amount=money_display(fee, currency)) if fee else "—"
        )
        if cost is not None:
            margin = _shown_pct(_margin(fee, cost))
            text += "  " + _("cost {amount}").format(amount=money_display(cost, currency))
            if margin is not None:
                text += "  " + _("margin {pct} %").format(pct=margin)
        services.append(text)
    for service, cost in card.costs.items():
        if service not in c.fees and service not in card.fees:
            services.append(
                f"  {clean_text(service)}  "
                + _("cost {amount}").format(amount=money_display(cost, currency))
            )
    if len(services) > 1:
        services.append(
            "  " + _("total {amount}/month").format(amount=money_display(total, currency))
        )
    section(_("Services"), services)
    # contacts
    people = []
    for p in c.contacts:
        reach = " · ".join(x for x in (p.phone, p.messenger, p.email) if x)
        role = f" ({p.role})" if p.role else ""
        mark = "★ " if p.urgent else "  "
        people.append(clean_text(f"  {mark}{p.name}{role}  {reach}"))
    section(_("Contacts (★ urgent)"), people)
    # rhythm
    rhythm = []
    rule = [c.cadence or _("no cadence")]
    if c.channel:
        rule.append(label("channel", c.channel))
    if c.max_gap:
        rule.append(_("max gap {gap}").format(gap=c.max_gap))
    if c.hours:
        rule.append(_("hours {hours}").format(hours=c.hours))
    rhythm.append(clean_text("  " + " · ".join(rule)))
    t = card.last_touch
    if t is None:
        rhythm.append("  " + _("never contacted"))
    else:
        touched = _("last touch {when} by {channel}").format(
            when=t.at.strftime("%Y-%m-%d %H:%M"), channel=label("channel", t.channel)
        )
        rhythm.append(clean_text(f"  {touched}" + (f": {t.note}" if t.note else "")))
    call = card.call
    if call is not None:
        nxt = _("next call {day}").format(day=call.due.isoformat())
        if call.days_overdue > 0:
            nxt += " · " + _("overdue {days}").format(days=_days(call.days_overdue))
        if call.reach:
            nxt += f" · {label('channel', call.channel)} {call.reach}"
        rhythm.append(clean_text("  " + nxt))
    section(_("Rhythm"), rhythm)
    if card.report is not None:
        r = card.report
        text = _("report for {month} due {day}").format(month=r.month, day=r.due.isoformat())
        late = (card.day - r.due).days
        if late > 0:
            text += " · " + _("overdue {days}").format(days=_days(late))
        section(_("Reports"), ["  " + text])
    if card.mail:
        counts = [f"{label('state', s)} {n}" for s, n in sorted(card.mail.items())]
        section(_("Open mail"), ["  " + " · ".join(counts)])
    from acctcli.domain.followups import owes_text

    follow = []
    for f in card.followups:
        due = _("due {day}").format(day=f.due.isoformat()) if f.due else _("no day")
        late = f.days_overdue(card.day)
        if late > 0:
            due += " · " + _("overdue {days}").format(days=_days(late))
        follow.append(clean_text(f"  #{f.id} {f.text} — {owes_text(f)} · {due}"))
    section(_("Follow-ups"), follow)
    fires = []
    end = datetime.combine(card.day, datetime.max.time())
    for i in card.incidents:
        if i.resolved_at is None or i.resolved_at > end:
            state = _("open {hours} h").format(hours=_hours(i.opened_at, end))
        else:
            state = _("resolved {day} after {hours} h").format(
                day=i.resolved_at.date().isoformat(), hours=_hours(i.opened_at, i.resolved_at)
            )
        severity = f" ({label('severity', i.severity)})" if i.severity == "high" else ""
        fires.append(clean_text(f"  I{i.id} {i.title}{severity} · {state}"))
    section(_("Incidents"), fires)
    o = card.onboarding
    if o is not None:
        text = _("{done} of {total} steps done").format(done=o.done, total=o.total)
        if o.next_title:
            text += " · " + _("next: {title}, due {day}").format(
                title=o.next_title, day=o.next_due.isoformat() if o.next_due else "—"
            )
        section(_("Onboarding ({template})").format(template=o.template), [clean_text("  " + text)])
    money = []
    for line in card.invoices:
        late = (card.day - line.due).days
        bucket = BUCKETS[bucket_index(late)]
        when = (
            _("overdue {days} ({bucket})").format(days=_days(late), bucket=bucket)
            if late > 0
            else _("due {day}").format(day=line.due.isoformat())
        )
        money.append(
            f"  {clean_text(line.number)}  {money_display(line.balance, currency)} · {when}"
        )
    section(_("Open invoices"), money)
    offers = []
    for u in card.upsells:
        worth = money_display(u.value, currency) if u.value is not None else "—"
        state = label("upsell", u.status)
        text = f"  #{u.id} {u.service} {worth} · {state} · {u.opened_on.isoformat()}"
        if u.note:
            text += f" — {u.note}"
        offers.append(clean_text(text))
    section(_("Upsells"), offers)
    if card.notes:
        section(_("Notes"), [clean_text("  " + n) for n in card.notes.splitlines() if n.strip()])
    section(
        _("Latest events"),
        [f"  {_when(e)}  {event_text(e, currency)}" for e in card.timeline],
    )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def card_json(card: Card) -> dict[str, Any]:
    from acctcli.render.clients import client_detail_json, contact_json

    c = card.client
    h = card.health
    t = card.last_touch
    call = card.call
    services = []
    for service in list(dict.fromkeys([*c.fees, *card.fees, *card.costs])):
        fee, cost = card.fees.get(service), card.costs.get(service)
        services.append(
            {
                "service": service,
                "fee": None if fee is None else money_str(fee),
                "cost": None if cost is None else money_str(cost),
                "margin_pct": _pct(_margin(fee, cost)),
            }
        )
    return {
        **client_detail_json(c),
        "date": card.day.isoformat(),
        "status_since": card.status_since.isoformat(),
        "notes": card.notes,
        "health": None
        if h is None
        else {
            "score": h.score,
            "band": h.band,
            "factors": [
                {"key": f.key, "points": str(f.points), "reason": f.reason} for f in h.factors
            ],
        },
        "services_detail": services,
        "contacts": [contact_json(p) for p in c.contacts],
        "last_touch": None
        if t is None
        else {"at": t.at.isoformat(timespec="minutes"), "channel": t.channel, "note": t.note},
        "next_call": None
        if call is None
        else {
            "due": call.due.isoformat(),
            "days_overdue": call.days_overdue,
            "channel": call.channel,
            "reach": call.reach,
        },
        "report": None
        if card.report is None
        else {"month": card.report.month, "due": card.report.due.isoformat()},
        "open_mail": dict(card.mail),
        "followups": [
            {
                "id": f.id,
                "text": f.text,
                "who": f.who,
                "due": f.due.isoformat() if f.due else None,
                "days_overdue": f.days_overdue(card.day),
            }
            for f in card.followups
        ],
        "incidents": [
            {
                "id": i.id,
                "title": i.title,
                "severity": i.severity,
                "opened_at": i.opened_at.isoformat(timespec="minutes"),
                "resolved_at": None
                if i.resolved_at is None
                else i.resolved_at.isoformat(timespec="minutes"),
            }
            for i in card.incidents
        ],
        "onboarding": None
        if card.onboarding is None
        else {
            "template": card.onboarding.template,
            "done": card.onboarding.done,
            "total": card.onboarding.total,
            "next": card.onboarding.next_title,
            "next_due": None
            if card.onboarding.next_due is None
            else card.onboarding.next_due.isoformat(),
        },
        "open_invoices": [
            {
                "number": line.number,
                "balance": money_str(line.balance),
                "due": line.due.isoformat(),
                "days_overdue": max(0, (card.day - line.due).days),
            }
            for line in card.invoices
        ],
        "upsells": [
            {
                "id": u.id,
                "service": u.service,
                "value": None if u.value is None else money_str(u.value),
                "status": u.status,
                "opened_on": u.opened_on.isoformat(),
                "closed_on": None if u.closed_on is None else u.closed_on.isoformat(),
            }
            for u in card.upsells
        ],
        "timeline": [
            {
                "at": e.at.isoformat(timespec="minutes"),
                "kind": e.kind,
                "text": event_text(e, "RUB"),
            }
            for e in card.timeline
        ],
    }
