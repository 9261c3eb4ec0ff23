"""What matching mail again and by hand prints: "M12 → СтройМаркет", counts, JSON."""

from __future__ import annotations

from collections.abc import Sequence

from acctcli.i18n import _, ngettext
from acctcli.render.safe import clean_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def moved_line(moved: Any) -> str:
    """ "M12 → СтройМаркет" (or "M12 Гранд Холдинг → СтройМаркет" when it had a client;
    "M12 Гранд Холдинг → unmatched" when it has none any more; "M12 СтройМаркет (already)"
    when it stays where it was)."""
    if moved.client is not None and moved.was == moved.client:
        # TRANSLATORS: a message assigned to the client it already had
        return _("M{id} {client} (already)").format(
            id=moved.message_id, client=clean_text(moved.client)
        )
    if moved.client is None:
        # TRANSLATORS: a message that no client's contact, domain or rule matches any more
        return _("M{id} {was} → unmatched").format(
            id=moved.message_id, was=clean_text(moved.was or "")
        )
    if moved.was is None:
        return _("M{id} → {client}").format(id=moved.message_id, client=clean_text(moved.client))
    return _("M{id} {was} → {client}").format(
        id=moved.message_id, was=clean_text(moved.was), client=clean_text(moved.client)
    )


def moved_lines(moved: Sequence[Any]) -> list[str]:
    """One line per message that moved, then how many (nothing when none did)."""
    if not moved:
        return []
    lines = [moved_line(m) for m in moved]
    n = len(moved)
    lines.append(ngettext("{n} message matched again", "{n} messages matched again", n).format(n=n))
    return lines


def moved_json(moved: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"id": m.message_id, "was": m.was, "client": m.client} for m in moved]


def rematch_lines(moved: Sequence[Any]) -> list[str]:
    """`acct mail rematch`: what moved, or that nothing did."""
    return moved_lines(moved) or [_("No message changed its client.")]


def assigned_lines(result: Any) -> list[str]:
    """`acct mail assign`: each message, the contacts and domains added, what else moved."""
    lines = [moved_line(m) for m in result.messages]
    for email in result.contacts:
        lines.append(
            _("Added contact {email} to {client}").format(
                email=clean_text(email), client=clean_text(result.client)
            )
        )
    for domain in result.domains:
        lines.append(
            _("Added domain {domain} to {client}").format(
                domain=clean_text(domain), client=clean_text(result.client)
            )
        )
    n = len(result.messages)
    lines.append(
        ngettext("{n} message assigned to {client}", "{n} messages assigned to {client}", n).format(
            n=n, client=clean_text(result.client)
        )
    )
    lines.extend(moved_lines(result.moved))
    return lines


def assigned_json(result: Any) -> dict[str, Any]:
    return {
        "client": result.client,
        "assigned": moved_json(result.messages),
        "contacts_added": list(result.contacts),
        "domains_added": list(result.domains),
        "moved": moved_json(result.moved),
    }
