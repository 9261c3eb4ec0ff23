"""The call list and the touch history, on the terminal and as JSON (Typer-free)."""

from __future__ import annotations

from datetime import date

from acctcli.domain.calls import CallDue
from acctcli.domain.labels import label
from acctcli.i18n import NP_, _, ngettext, npgettext, pgettext
from acctcli.render.plain import Cell, Painter, colour_wanted, fit, table_lines, terminal_width
from acctcli.render.safe import clean_text, inert

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

SHORT_WEEKDAYS = (
    NP_("short weekday", "Mon"),
    NP_("short weekday", "Tue"),
    NP_("short weekday", "Wed"),
    NP_("short weekday", "Thu"),
    NP_("short weekday", "Fri"),
    NP_("short weekday", "Sat"),
    NP_("short weekday", "Sun"),
)


def short_weekday(day: date) -> str:
    """ "Tue" / "вт"."""
    return pgettext("short weekday", SHORT_WEEKDAYS[day.weekday()])


def day_label(day: date) -> str:
    """ "Tue 2026-12-01" / "вт 2026-12-01"."""
    # TRANSLATORS: a short weekday and an ISO date: "Tue 2026-12-01"
    return _("{weekday} {date}").format(weekday=short_weekday(day), date=day.isoformat())


def call_json(call: CallDue) -> dict[str, Any]:
    contact = call.contact
    return {
        "client": call.client,
        "due": call.due.isoformat(),
        "days_overdue": call.days_overdue,
        "channel": call.channel,
        "contact": contact.name if contact else None,
        "phone": contact.phone if contact else None,
        "last_contact": call.last_contact.isoformat() if call.last_contact else None,
        "reason": call.reason,
        "days_silent": call.days_silent,
        "state": call.state,
        "at_risk": call.at_risk,
        "max_gap": call.max_gap,
        "max_gap_exceeded_by": call.max_gap_exceeded_by,
        "reach": call.reach,
        "messenger": contact.messenger if contact else None,
        "email": contact.email if contact else None,
        "urgent": bool(contact and contact.urgent),
        "outside_hours": call.outside_hours,
        "hours": call.hours,
        "window": call.window,
        "cadence": call.cadence,
        "next_override": call.next_override,
        "last_channel": call.last_channel,
        "status": call.status,
        "owner": call.owner,
    }


def calls_json(day: date, calls: list[CallDue], upcoming: list[CallDue] | None = None) -> dict:
    document: dict[str, Any] = {"date": day.isoformat(), "calls": [call_json(c) for c in calls]}
    if upcoming is not None:
        document["upcoming"] = [call_json(c) for c in upcoming]
    return document


def calls_summary(day: date, calls: list[CallDue]) -> str:
    overdue = sum(1 for c in calls if c.days_overdue > 0)
    risk = sum(1 for c in calls if c.at_risk)
    parts = [
        npgettext("calls", "{n} to contact", "{n} to contact", len(calls)).format(n=len(calls))
    ]
    if overdue:
        parts.append(npgettext("calls", "{n} overdue", "{n} overdue", overdue).format(n=overdue))
    if risk:
        parts.append(npgettext("calls", "{n} at risk", "{n} at risk", risk).format(n=risk))
    # TRANSLATORS: "Calls for Tue 2026-12-01: 4 to contact · 3 overdue · 1 at risk"
    return _("Calls for {day}: {counts}").format(day=day_label(day), counts=" · ".join(parts))


def _when(call: CallDue) -> Cell:
    late = call.days_overdue
    if late > 0:
        # TRANSLATORS: in the Due column of acct calls, short: "26d late"
        text = ngettext("{n}d late", "{n}d late", late).format(n=late)
    else:
        text = _("today")
    if call.at_risk:
        # TRANSLATORS: the client has been silent longer than allowed: "8d late AT RISK"
        return (_("{due} AT RISK").format(due=text), ("bold", "red"))
    return (text, ("red",) if late > 0 else ("yellow",))


def _who(call: CallDue) -> str:
    contact = call.contact
    name = clean_text(contact.name if contact else "—")
    return name + (" !" if contact and contact.urgent else "")


def _reach(call: CallDue) -> str:
    if not call.reach:
        return label("channel", call.channel)
    return label("reach", call.channel) + f" {clean_text(call.reach)}"


def _why(call: CallDue) -> str:
    if call.next_override:
        # TRANSLATORS: due because a next contact date was set when the last touch was logged
        parts = [_("follow-up")]
    else:
        parts = [call.cadence or _("no cadence")]
    if call.last_contact:
        parts.append(_("last {date}").format(date=call.last_contact.isoformat()))
    else:
        parts.append(_("never contacted"))
    if call.at_risk:
        silent = call.days_silent
        # TRANSLATORS: "silent 9d > 1w": days without contact, more than the allowed gap
        parts.append(
            ngettext("silent {n}d > {gap}", "silent {n}d > {gap}", silent).format(
                n=silent, gap=call.max_gap
            )
        )
    if call.outside_hours:
        parts.append(_("outside hours ({hours})").format(hours=call.hours))
    return " · ".join(parts)


def calls_text(
    day: date,
    calls: list[CallDue],
    upcoming: list[CallDue],
    *,
    team: bool = False,
    width: int | None = None,
    colour: bool | None = None,
) -> str:
    """The call list as plain text (no Rich: `acct calls` must start instantly)."""
    width = width or terminal_width()
    paint = Painter(colour_wanted() if colour is None else colour)
    lines = []
    if calls:
        lines.append(paint(calls_summary(day, calls), "bold"))
        headers = [
            _("Client"),
            _("Due"),
            *([_("Owner")] if team else []),
            _("Contact"),
            # TRANSLATORS: the column of how to reach the contact: channel and number/handle
            _("Reach"),
        ]
        rows = [
            [
                clean_text(c.client),
                _when(c),
                *([clean_text(c.owner)] if team else []),
                _who(c),
                _reach(c),
            ]
            for c in calls
        ]
        n = len(headers)
        table = table_lines(headers, rows, width, paint, flexible=(n - 1, n - 2, 0))
        lines.append(table[0])
        for row_line, call in zip(table[1:], calls, strict=True):
            # why it is due goes under its row, never squeezed into a column
            lines += [row_line, paint(fit("    " + _why(call), width), "dim")]
    else:
        lines.append(_("No calls due on {date}.").format(date=day.isoformat()))
    if upcoming:
        rows = [
            [
                clean_text(c.client),
                day_label(c.due),
                # TRANSLATORS: in how many days a call is due: "6d"
                ngettext("{n}d", "{n}d", -c.days_overdue).format(n=-c.days_overdue),
                label("channel", c.channel),
                _who(c),
            ]
            for c in upcoming
        ]
        # TRANSLATORS: the header of the list of calls due in the next days
        headers = [_("Coming up"), _("Due"), pgettext("due in", "In"), _("Channel"), _("Contact")]
        lines += ["", *table_lines(headers, rows, width, paint, flexible=(4, 0))]
    return "\n".join(lines) + "\n"


def touch_json(touch: Any) -> dict[str, Any]:
    return {
        "client": touch.client,
        "at": touch.at.isoformat(timespec="minutes"),
        "channel": touch.channel,
        "contact": touch.contact,
        "note": touch.note,
        "id": touch.id,
        "next": touch.next_date.isoformat() if touch.next_date else None,
        "source": touch.source,
        "by": touch.logged_by,
        "kind": touch.kind,
        "where": touch.place,
        "with": list(touch.attendees),
    }


_SOURCES = {
    "mail": NP_("touch source", "mail"),
    # TRANSLATORS: a touch logged by ticking an onboarding step (the kickoff call…)
    "onboarding": NP_("touch source", "onboarding"),
    # TRANSLATORS: the last contact before acct, given with client add --last-contact
    "earlier": NP_("touch source", "before acct"),
}


def _source(source: str) -> str:
    """Where a touch came from ("mail": logged by a mail import), shown in the note."""
    message = _SOURCES.get(source)
    return pgettext("touch source", message) if message else source


def kind_text(t: Any) -> str:
    """What a touch was: call, e-mail, meeting, contact — a message by its channel
    (messenger, tasks)."""
    if t.kind == "message":
        return label("channel", t.channel)
    return label("touch", t.kind)


def _touch_details(t: Any) -> list[str]:
    """A touch's note, with a meeting's place and who was there."""
    parts = [t.note] if t.note else []
    if t.place:
        # TRANSLATORS: where a meeting took place: "at Крокус Экспо"
        parts.append(_("at {place}").format(place=t.place))
    if t.attendees:
        # TRANSLATORS: who was at a meeting: "with Елена Кравец, Олег"
        parts.append(_("with {names}").format(names=", ".join(t.attendees)))
    return parts


def logged_lines(touch: Any) -> list[str]:
    """What `acct call log` and `acct meet` say: the touch, and the next contact it sets."""
    when = touch.at.isoformat(sep=" ", timespec="minutes")
    if touch.kind == "meeting":
        line = _("Meeting with {client} recorded at {when}.")
    elif touch.contact:
        line = _("Logged {channel} with {client} ({contact}) at {when}.")
    else:
        line = _("Logged {channel} with {client} at {when}.")
    lines = [
        line.format(
            channel=label("channel", touch.channel),
            client=clean_text(touch.client),
            contact=clean_text(touch.contact or ""),
            when=when,
        )
    ]
    if touch.kind == "meeting" and (touch.place or touch.attendees):
        lines.append(clean_text(" · ".join(_touch_details(touch._replace(note=None)))))
    if touch.next_due is None and touch.status == "paused":
        lines.append(_("No next contact scheduled (the client is paused)."))
    elif touch.next_due is None and touch.status == "churned":
        lines.append(_("No next contact scheduled (the client has left)."))
    elif touch.next_due is None:
        lines.append(_("No next contact scheduled (no cadence)."))
    elif touch.next_date and touch.next_date != touch.next_due:
        moved = _("Next contact due: {day} ({asked} is not a working day).")
        lines.append(moved.format(day=day_label(touch.next_due), asked=touch.next_date.isoformat()))
    else:
        lines.append(_("Next contact due: {day}.").format(day=day_label(touch.next_due)))
    return lines


def touches_table(touches: list[Any], *, with_client: bool) -> Any:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("When"), no_wrap=True)
    if with_client:
        table.add_column(_("Client"), overflow="fold")
    # TRANSLATORS: the column of what a touch was: call, e-mail, meeting, messenger…
    table.add_column(_("Kind"))
    table.add_column(_("Contact"), overflow="fold")
    table.add_column(_("Note"), overflow="fold", ratio=1)
    # TRANSLATORS: the column of the next contact date set with a touch
    table.add_column(pgettext("next contact", "Next"), no_wrap=True)
    for t in touches:
        row = [str(t.id), t.at.isoformat(sep=" ", timespec="minutes")]
        if with_client:
            row.append(inert(t.client))
        note = inert(" · ".join(_touch_details(t)))
        if t.source != "manual":
            source = _source(t.source)
            note.append(f" [{source}]" if note.plain else f"[{source}]", style="dim")
        row.append(inert(kind_text(t)))
        row += [inert(t.contact or "—"), note]
        row.append(t.next_date.isoformat() if t.next_date else "")
        table.add_row(*row)
    return table


def unreadable_warnings(unreadable: Any) -> str:
    """One `Warning:` line per client left out of a list because its data could not be read,
    naming it and how to fix it (for stderr)."""
    if not unreadable:
        return ""
    import shlex

    lines = []
    for bad in unreadable:
        text = _(
            "{client} is left out: its data could not be read ({reason}); fix it with acct"
            " client edit {quoted} (--since, --cadence, --max-gap, --hours) or see acct db check"
        ).format(client=bad.client, reason=bad.reason, quoted=shlex.quote(bad.client))
        lines.append(_("Warning:") + " " + clean_text(text) + "\n")
    return "".join(lines)


# TRANSLATORS: the sections of `acct today`, in "the {section} section is left out"
SECTIONS = {
    "calls": NP_("section", "calls"),
    "onboarding": NP_("section", "onboarding"),
    "money": NP_("section", "money"),
    "upsells": NP_("section", "upsells"),
    "follow-ups": NP_("section", "follow-ups"),
    "reports": NP_("section", "reports"),
    "health": NP_("section", "health"),
}


def section_warnings(broken: Any) -> str:
    """One `Warning:` line per section of the morning left out because a row in it could not
    be read (for stderr)."""
    return "".join(
        _("Warning:")
        + " "
        + clean_text(
            _(
                "the {section} section is left out: a row could not be read ({reason});"
                " see acct db check"
            ).format(section=_section_label(section), reason=reason)
        )
        + "\n"
        for section, reason in broken
    )


def _section_label(section: str) -> str:
    message = SECTIONS.get(section)
    return pgettext("section", message) if message else section
