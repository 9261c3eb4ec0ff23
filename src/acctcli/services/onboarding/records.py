"""Steps that record something on the client: the agreed channel, the urgent contact.

The client row and its contacts stay the one source of truth; ticking such a step only
says when it was agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from acctcli.domain.clients import Client, clean_channel, match_names
from acctcli.domain.labels import label
from acctcli.domain.onboarding import Step
from acctcli.errors import Invalid, NotFound
from acctcli.i18n import _
from acctcli.store.db import Database
from acctcli.store.onboarding import set_channel, set_urgent_contact


def record_on_client(
    db: Database,
    client: Client,
    steps: list[Step],
    channel: str | None,
    urgent_contact: str | None,
    reports: str | None = None,
    *,
    day: date | None = None,
    now: datetime | None = None,
) -> tuple[list[str], list[str]]:
    """Write --channel / --urgent-contact / --reports on the client; give implied --done keys
    and notes."""
    implied, notes = [], []
    by_records = {s.records: s for s in steps if s.records}
    if channel is not None:
        channel = clean_channel(channel)
        set_channel(db, client.id, channel)
        notes.append(_("channel: {channel}").format(channel=label("channel", channel)))
        if "channel" in by_records:
            implied.append(by_records["channel"].key)
    if urgent_contact is not None:
        person = _find_contact(client, urgent_contact)
        set_urgent_contact(db, client.id, person[0])
        notes.append(_("urgent contact: {name}").format(name=person[1]))
        if "urgent-contact" in by_records:
            implied.append(by_records["urgent-contact"].key)
    if reports is not None:
        from acctcli.services.reports import set_report_schedule

        agreed = day or date.today()
        stored = set_report_schedule(
            db, client.id, reports, agreed_on=agreed, now=now or datetime.now()
        )
        # TRANSLATORS: the agreed report schedule, a cadence spec kept as typed (monthly:5).
        notes.append(_("reports: {spec}").format(spec=stored or "none"))
        if "reports" in by_records and stored is not None:
            implied.append(by_records["reports"].key)
    return implied, notes


def _find_contact(client: Client, ref: str) -> tuple[int, str]:
    people = [(c.id, c.name) for c in client.contacts]
    found = [people[n] for n in match_names([p[1] for p in people], ref)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            _("{client} has no contact named {ref}").format(client=client.name, ref=repr(ref)),
            _('add one first: acct contact add "{client}" "{ref}" --phone …').format(
                client=client.name, ref=ref
            ),
        )
    raise Invalid(
        _("{ref} matches several contacts: {names}").format(
            ref=repr(ref), names=", ".join(p[1] for p in found)
        )
    )


def check_recorded(
    client: Client, steps: list[Step], keys: Sequence[str], *, has_reports: bool = True
) -> None:
    by_key = {s.key: s for s in steps}
    for key in keys:
        step = by_key[key]
        if step.records == "reports" and not has_reports:
            raise Invalid(
                _(
                    "ticking {key} records how often {client} wants reports,"
                    " and no schedule is set yet"
                ).format(key=repr(key), client=client.name),
                _('say how often: acct onboard "{client}" --reports monthly:5').format(
                    client=client.name
                ),
            )
        if step.records == "channel" and not client.channel:
            raise Invalid(
                _("ticking {key} records the agreed channel, and {client} has none yet").format(
                    key=repr(key), client=client.name
                ),
                _(
                    'say which: acct onboard "{client}" --channel phone|messenger|email|tasks'
                ).format(client=client.name),
            )
        if step.records == "urgent-contact" and not any(c.urgent for c in client.contacts):
            raise Invalid(
                _(
                    "ticking {key} records who to call when something breaks,"
                    " and {client} has no urgent contact yet"
                ).format(key=repr(key), client=client.name),
                _(
                    'say who: acct onboard "{client}" --urgent-contact NAME'
                    " (add them with acct contact add first)"
                ).format(client=client.name),
            )
