"""The words shown for the store's fixed values (states, statuses, categories, channels…).

The values themselves — what `--json` prints, what options take — never change with the
language; only what a table or a sentence shows for them does.  Unknown values (a category
a rule invented, a role a template named) are shown as they are.
"""

from __future__ import annotations

from acctcli.i18n import NP_, pgettext

_LABELS = {
    "state": {
        "new": NP_("mail state", "new"),
        "needs-reply": NP_("mail state", "needs-reply"),
        "waiting": NP_("mail state", "waiting"),
        "snoozed": NP_("mail state", "snoozed"),
        "done": NP_("mail state", "done"),
    },
    "category": {
        "incident": NP_("mail category", "incident"),
        "billing": NP_("mail category", "billing"),
        "report": NP_("mail category", "report"),
        "idea": NP_("mail category", "idea"),
        "other": NP_("mail category", "other"),
    },
    "status": {
        "onboarding": NP_("client status", "onboarding"),
        "active": NP_("client status", "active"),
        "paused": NP_("client status", "paused"),
        "churned": NP_("client status", "churned"),
    },
    "channel": {
        "phone": NP_("channel", "phone"),
        "messenger": NP_("channel", "messenger"),
        "email": NP_("channel", "email"),
        "tasks": NP_("channel", "tasks"),
        "meeting": NP_("channel", "meeting"),
    },
    # the channel before a number or handle, where the row is short of room: "тел. +7 927…"
    "reach": {
        "phone": NP_("reach channel", "phone"),
        "messenger": NP_("reach channel", "messenger"),
        "email": NP_("reach channel", "email"),
        "tasks": NP_("reach channel", "tasks"),
        "meeting": NP_("reach channel", "meeting"),
    },
    "severity": {
        "high": NP_("severity", "high"),
        "normal": NP_("severity", "normal"),
    },
    "upsell": {
        "open": NP_("upsell status", "open"),
        "won": NP_("upsell status", "won"),
        "lost": NP_("upsell status", "lost"),
    },
    "role": {
        "account": NP_("role", "account"),
        "client": NP_("role", "client"),
        "seo": NP_("role", "seo"),
        "ppc": NP_("role", "ppc"),
        "smm": NP_("role", "smm"),
        "content": NP_("role", "content"),
        "accounting": NP_("role", "accounting"),
        "sales": NP_("role", "sales"),
        "editor": NP_("role", "editor"),
    },
    "follow": {
        "open": NP_("follow-up state", "open"),
        "done": NP_("follow-up state", "done"),
        "dropped": NP_("follow-up state", "dropped"),
    },
    # what a touch was (acct call history)
    "touch": {
        "call": NP_("touch kind", "call"),
        "message": NP_("touch kind", "message"),
        "email": NP_("touch kind", "e-mail"),
        "meeting": NP_("touch kind", "meeting"),
        "contact": NP_("touch kind", "contact"),
    },
    # a promise to pay
    "promise": {
        "pending": NP_("promise state", "pending"),
        "kept": NP_("promise state", "kept"),
        "broken": NP_("promise state", "broken"),
    },
    # where a follow-up was made: "Created: 2026-12-02 10:00 (by hand)"
    "source": {
        "manual": NP_("follow-up source", "by hand"),
        "triage": NP_("follow-up source", "mail triage"),
        "reply": NP_("follow-up source", "reply owed"),
        "call": NP_("follow-up source", "call"),
        "meeting": NP_("follow-up source", "meeting"),
    },
    # who owes a follow-up, as a row says it
    "who": {
        "me": NP_("follow-up owner", "me"),
        "client": NP_("follow-up owner", "client"),
        "seo": NP_("follow-up owner", "SEO"),
        "ppc": NP_("follow-up owner", "PPC"),
        "smm": NP_("follow-up owner", "SMM"),
        "content": NP_("follow-up owner", "content"),
        "accounting": NP_("follow-up owner", "accounting"),
    },
}
_CONTEXT = {
    "state": "mail state",
    "category": "mail category",
    "status": "client status",
    "channel": "channel",
    "reach": "reach channel",
    "severity": "severity",
    "upsell": "upsell status",
    "role": "role",
    "follow": "follow-up state",
    "who": "follow-up owner",
    "source": "follow-up source",
    "touch": "touch kind",
    "promise": "promise state",
}


def label(kind: str, value: str | None) -> str:
    """What to show for `value` of `kind` ("state", "category", "status", "channel",
    "severity", "upsell", "role") in the language in use; unknown values as they are."""
    if value is None:
        return ""
    message = _LABELS[kind].get(value)
    return pgettext(_CONTEXT[kind], message) if message else value
