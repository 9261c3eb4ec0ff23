"""Follow-ups on the terminal and as JSON (issue 16)."""

from __future__ import annotations

from datetime import date
from typing import Any

from acctcli.domain.followups import FollowUp, owes_text
from acctcli.domain.labels import label
from acctcli.i18n import _
from acctcli.render.calls import day_label
from acctcli.render.safe import clean_text, inert


def follow_up_json(f: FollowUp, today: date) -> dict[str, Any]:
    return {
        "id": f.id,
        "client": f.client,
        "text": f.text,
        "who": f.who,
        "kind": f.kind,
        "due": f.due.isoformat() if f.due else None,
        "days_overdue": f.days_overdue(today),
        "source": f.source,
        "mail": f.mail_id,
        "touch": f.touch_id,
        "invoice": f.invoice,
        "amount": None if f.amount is None else f"{f.amount:.2f}",
        "state": f.state,
        "created_at": f.created_at.isoformat(timespec="minutes"),
        "closed_on": f.closed_on.isoformat() if f.closed_on else None,
        "why": f.why,
        "incident": f.incident_id,
        "step": f.step_id,
        "promise": None if f.promise is None else f.promise.state,
        "paid": None if f.promise is None else f"{f.promise.paid:.2f}",
    }


def follow_ups_json(rows: list[FollowUp], today: date) -> dict[str, Any]:
    return {"as_of": today.isoformat(), "followups": [follow_up_json(f, today) for f in rows]}


def who_text(f: FollowUp) -> str:
    return owes_text(f)


def due_text(f: FollowUp, today: date) -> str:
    if f.due is None:
        return _("no date")
    late = f.days_overdue(today)
    if f.state == "open" and late:
        return _("{day}, {days} d late").format(day=day_label(f.due), days=late)
    return day_label(f.due)


def confirmation(f: FollowUp) -> str:
    """ "Follow-up #4 for Пицца Мама due Fri 2026-12-04: I owe — send the media plan"."""
    if f.due is None:
        line = _("Follow-up #{id} for {client}, no date: {who} — {text}")
    else:
        line = _("Follow-up #{id} for {client} due {day}: {who} — {text}")
    return line.format(
        id=f.id,
        client=clean_text(f.client),
        day=day_label(f.due) if f.due else "",
        who=clean_text(who_text(f)),
        text=clean_text(f.text),
    )


def closed_line(f: FollowUp) -> str:
    if f.state == "done":
        line = _("Follow-up #{id} done ({client}: {text})")
    else:
        line = _("Follow-up #{id} dropped ({client}: {text})")
    return line.format(id=f.id, client=clean_text(f.client), text=clean_text(f.text))


def follow_ups_table(rows: list[FollowUp], today: date) -> Any:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    client, who = _("Client"), _("Who")
    # never narrower than their headers ("Клиен/т" at 80 columns): the text column gives way
    table.add_column(client, overflow="fold", min_width=len(client))
    table.add_column(who, overflow="fold", min_width=len(who))
    table.add_column(_("What"), overflow="fold", ratio=1)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("State"), no_wrap=True)
    for f in rows:
        late = f.is_overdue(today)
        table.add_row(
            str(f.id),
            inert(f.client),
            inert(who_text(f)),
            inert(f.text),
            inert(due_text(f, today), "bold red" if late else ""),
            inert(state_text(f), "bold red" if f.broken else ""),
        )
    return table


def state_text(f: FollowUp) -> str:
    """open / done / dropped, or how a promise to pay stands: pending, kept, broken."""
    if f.promise is not None and (f.state == "open" or f.promise.state == "kept"):
        # TRANSLATORS: a promise to pay and how it stands: "promise broken", "promise kept"
        return _("promise {state}").format(state=label("promise", f.promise.state))
    return label("follow", f.state)


def follow_up_card(f: FollowUp, today: date) -> str:
    lines = [
        _("Follow-up #{id}: {text}").format(id=f.id, text=clean_text(f.text)),
        _("Client: {client}").format(client=clean_text(f.client)),
        _("Who: {who}").format(who=clean_text(who_text(f))),
        _("Due: {due}").format(due=due_text(f, today)),
        _("State: {state}").format(state=label("follow", f.state)),
        _("Created: {at} ({source})").format(
            at=f.created_at.isoformat(sep=" ", timespec="minutes"),
            source=label("source", f.source),
        ),
    ]
    if f.invoice:
        amount = "" if f.amount is None else f" {f.amount:.2f}"
        lines.append(
            _("Promise to pay: invoice {number}{amount}").format(
                number=clean_text(f.invoice), amount=amount
            )
        )
    if f.promise is not None:
        lines.append(
            # TRANSLATORS: "Promise: broken (paid 0.00 of 30000.00 since it was made)"
            _("Promise: {state} (paid {paid} of {amount} since it was made)").format(
                state=label("promise", f.promise.state),
                paid=f"{f.promise.paid:.2f}",
                amount=f"{f.promise.amount:.2f}",
            )
        )
    if f.incident_id:
        lines.append(_("Incident: I{id}").format(id=f.incident_id))
    if f.step_id:
        lines.append(_("Onboarding step: {id}").format(id=f.step_id))
    if f.mail_id:
        lines.append(_("Message: M{id}").format(id=f.mail_id))
    if f.touch_id:
        lines.append(_("Touch: {id}").format(id=f.touch_id))
    if f.closed_on:
        lines.append(_("Closed: {day}").format(day=f.closed_on.isoformat()))
    if f.why:
        lines.append(_("Why: {why}").format(why=clean_text(f.why)))
    return "\n".join(lines)


def mail_follow_up_lines(result: Any) -> list[str]:
    """What marking mail did to follow-ups (services.followups.MailFollowUps)."""
    lines = [confirmation(f) for f in result.added]
    lines += [closed_line(f) for f in result.closed]
    lines += [
        _("M{id} has no client, so no follow-up: acct mail assign {id} CLIENT").format(id=i)
        for i in result.unmatched
    ]
    return lines


def promise_json(f: FollowUp | None) -> dict[str, Any] | None:
    """An invoice's open promise to pay, in `invoice list --json`."""
    if f is None or f.promise is None:
        return None
    return {
        "id": f.id,
        "amount": f"{f.promise.amount:.2f}",
        "due": f.due.isoformat() if f.due else None,
        "paid": f"{f.promise.paid:.2f}",
        "state": f.promise.state,
    }


def promise_text(f: FollowUp, currency: str) -> str:
    """ "promise broken: 30 000 ₽ by Fri 2026-11-20, 20 000 ₽ paid (#4)"."""
    from acctcli.domain.money import money_display

    assert f.promise is not None
    if f.due is None:
        line = _("promise {state}: {amount}, {paid} paid (#{id})")
    else:
        line = _("promise {state}: {amount} by {day}, {paid} paid (#{id})")
    return line.format(
        state=label("promise", f.promise.state),
        amount=money_display(f.promise.amount, currency),
        day=day_label(f.due) if f.due else "",
        paid=money_display(f.promise.paid, currency),
        id=f.id,
    )


def promise_lines(promises: dict[str, FollowUp], currency: str) -> list[str]:
    """Under `acct invoice list`: each listed invoice's broken promise to pay (two lines
    each, to fit a narrow terminal)."""
    lines = []
    for number, f in promises.items():
        if f.broken:
            head = _("Invoice {number} ({client}):").format(
                number=clean_text(number), client=clean_text(f.client)
            )
            lines += [head, "  " + promise_text(f, currency)]
    return lines


def kept_line(f: FollowUp) -> str:
    """ "Promise #4 kept (Пицца Мама: оплата остатка)": a payment kept a promise to pay."""
    return _("Promise #{id} kept ({client}: {text})").format(
        id=f.id, client=clean_text(f.client), text=clean_text(f.text)
    )
