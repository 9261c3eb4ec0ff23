"""The bodies of `acct call log` and `acct meet`: run by the entry point before Typer loads
(logging a call is the write a manager does most often in a day), or by Typer for help and
for a command line the fast parser leaves to it.  Their options are declared in
acctcli.cli.calls."""

from __future__ import annotations

import sys

from acctcli.i18n import _

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from acctcli.context import AppContext
    from acctcli.domain.calls import TouchFields


def log_call(
    obj: AppContext,
    *,
    client: str,
    contact: str | None,
    channel: str | None,
    at: str | None,
    note: str | None,
    next_: str | None,
    follow: list[str] | None,
    due: str | None,
    who: str | None,
) -> None:
    from acctcli.domain.calls import TouchFields
    from acctcli.domain.dates import parse_date, parse_datetime

    fields = TouchFields(
        client=client,
        contact=contact,
        channel=channel or "phone",
        at=parse_datetime(at, "--at", obj.today(), past=True, now=obj.now()) if at else None,
        note=note,
        next_date=parse_date(next_, _("--next date"), obj.today()) if next_ else None,
        logged_by=obj.settings.user,
    )
    log_touch_and_follow_ups(obj, fields, follow, due, who)


def log_meeting(
    obj: AppContext,
    *,
    client: str,
    at: str | None,
    where: str | None,
    note: str | None,
    with_: list[str] | None,
    follow: list[str] | None,
    due: str | None,
    who: str | None,
) -> None:
    from acctcli.domain.calls import TouchFields
    from acctcli.domain.dates import parse_datetime

    fields = TouchFields(
        client=client,
        channel="meeting",
        kind="meeting",
        at=parse_datetime(at, "--at", obj.today(), past=True, now=obj.now()) if at else None,
        note=note,
        place=where,
        attendees=tuple(with_ or ()),
        logged_by=obj.settings.user,
    )
    log_touch_and_follow_ups(obj, fields, follow, due, who)


def log_touch_and_follow_ups(
    obj: AppContext,
    fields: TouchFields,
    follow: list[str] | None,
    due: str | None,
    who: str | None,
) -> None:
    """Store a touch and the follow-ups agreed in it (one transaction), then say so."""
    from acctcli.domain.dates import parse_date
    from acctcli.render.calls import logged_lines
    from acctcli.services.calls import calls_config, log_touch

    config = calls_config(obj.settings)
    if (due or who) and not follow:
        from acctcli.errors import Invalid

        raise Invalid(_("--due and --who are for the follow-ups: give --follow TEXT too"))
    follow_due = parse_date(due, _("--due date"), obj.today()) if due else None
    with obj.db.transaction():
        touch = log_touch(obj.db, fields, now=obj.now(), config=config)
        follow_ups = []
        if follow:
            from acctcli.services.followups import add_follow_up

            for text in follow:
                follow_ups.append(
                    add_follow_up(
                        obj.db,
                        touch.client,
                        text,
                        now=obj.now(),
                        due=follow_due,
                        who=who,
                        source="meeting" if touch.kind == "meeting" else "call",
                        touch_id=touch.id,
                    )
                )
    lines = logged_lines(touch)  # each piece of stored text already made inert (clean_text)
    if follow_ups:
        from acctcli.render.followups import confirmation

        lines += [confirmation(follow_up) for follow_up in follow_ups]
    sys.stdout.write("".join(line + "\n" for line in lines))
