"""The interactive loop of `acct mail triage`: one message at a time, one key per decision.

On a terminal a key acts at once (no Enter); from a pipe, keys are read one by one, blanks
skipped, so a session can be scripted: `printf 'd r s +3d\\n q' | acct mail triage`.
A key on the Russian ЙЦУКЕН layout does what the QWERTY letter in its place does (в = d).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from acctcli.errors import AcctError
from acctcli.i18n import _, ngettext

ACTIONS = {"d": "done", "r": "needs-reply", "w": "waiting", "s": "snoozed"}


class Keys:
    """Single keys from stdin: raw mode on a terminal, character by character from a pipe."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.tty = stream.isatty()

    def key(self) -> str:
        if self.tty:
            return self._tty_key()
        while True:
            ch = self.stream.read(1)
            if not ch:
                return "q"  # end of input: stop, keeping what was decided
            if not ch.isspace():
                return ch.lower()

    def _tty_key(self) -> str:
        import termios
        import tty

        fd = self.stream.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            ch = self.stream.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if ch in ("\x03", "\x04"):  # Ctrl-C, Ctrl-D
            return "q"
        return ch.lower()

    def line(self, prompt: Callable[[], None]) -> str:
        prompt()
        text = self.stream.readline()
        if not self.tty and not text.strip():
            text = self.stream.readline()
        return text.strip()


def run_triage(obj: Any, filters: Any, *, day: date, owner: str | None, settings: Any) -> None:
    from acctcli.domain.labels import label
    from acctcli.domain.triage import latin_key, parse_until
    from acctcli.render.followups import mail_follow_up_lines
    from acctcli.render.mail import full_text_view, triage_card, triage_keys
    from acctcli.render.safe import clean_text
    from acctcli.services.followups import follow_mail_state
    from acctcli.services.mail.listing import list_messages, message_text, set_state

    console = obj.console
    views = list_messages(obj.db, filters, day=day, owner=owner, wait_days=settings.wait_days)
    if not views:
        console.print(_("Nothing new to triage: inbox zero."), markup=False)
        return
    keys = Keys(sys.stdin)
    decided: Counter[str] = Counter()
    for position, view in enumerate(views, start=1):
        console.print()
        console.print(triage_card(view, position, len(views)))
        while True:
            console.print(triage_keys(), markup=False, style="dim")
            try:
                typed = keys.key()
            except KeyboardInterrupt:
                typed = "q"
            key = latin_key(typed)
            if key == "q":
                _summary(console, decided, len(views))
                return
            if key in ("n", "k"):
                decided["skipped"] += 1
                break
            if key == "o":
                full = message_text(obj.db, view.id, day=day, settings=settings)
                console.print(full_text_view(full))
                continue
            if key == "a":
                if _assign(obj, keys, view.id, settings):
                    decided["assigned"] += 1
                continue  # still to triage: it has a client now
            if key == "f":  # а on ЙЦУКЕН
                if _follow_up(obj, keys, view, day):
                    decided["follow-up"] += 1
                continue  # a follow-up decides nothing about the message itself
            if key == "i":  # ш on ЙЦУКЕН
                if _incident(obj, view.id):
                    decided["incident"] += 1
                    break  # shown under its incident from now on: the next message
                continue
            if key not in ACTIONS:
                console.print(_("Unknown key {key!r}.").format(key=clean_text(typed)), markup=False)
                continue
            until = None
            if key == "s":
                text = keys.line(
                    lambda: console.print(
                        # TRANSLATORS: what the user may type; the Russian weekdays (пн…вс),
                        # "завтра" and +3д are accepted too
                        _("Snooze until (YYYY-MM-DD, +3d, mon…): "),
                        end="",
                        markup=False,
                    )
                )
                try:
                    until = parse_until(text, day)
                except AcctError as exc:
                    console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
                    continue
            state = ACTIONS[key]
            with obj.db.transaction():
                (changed,) = set_state(obj.db, [view.id], state, day=day, until=until)
                follow = follow_mail_state(
                    obj.db, [changed], state, day=day, now=obj.now(), settings=obj.settings
                )
            if until:
                done = _("→ {state} until {until}").format(
                    state=label("state", state), until=until.isoformat()
                )
            else:
                done = _("→ {state}").format(state=label("state", state))
            console.print(done, markup=False)
            for line in mail_follow_up_lines(follow):
                console.print(line, markup=False)
            decided[state] += 1
            break
    _summary(console, decided, len(views))


def _decided(state: str, n: int) -> str:
    """ "2 done" / "готово — 2": how many messages a triage put in `state` (or skipped)."""
    if state == "done":
        text = ngettext("{n} done", "{n} done", n)
    elif state == "needs-reply":
        text = ngettext("{n} needs-reply", "{n} needs-reply", n)
    elif state == "waiting":
        text = ngettext("{n} waiting", "{n} waiting", n)
    elif state == "snoozed":
        text = ngettext("{n} snoozed", "{n} snoozed", n)
    elif state == "assigned":
        # TRANSLATORS: messages given a client in triage (the `a` key)
        text = ngettext("{n} assigned", "{n} assigned", n)
    elif state == "follow-up":
        # TRANSLATORS: follow-ups added in triage (the `f` key)
        text = ngettext("{n} follow-up added", "{n} follow-ups added", n)
    elif state == "incident":
        # TRANSLATORS: messages an incident was opened from in triage (the `i` key)
        text = ngettext("{n} opened as an incident", "{n} opened as incidents", n)
    else:
        text = ngettext("{n} skipped", "{n} skipped", n)
    return text.format(n=n)


def _summary(console: Any, decided: Counter[str], total: int) -> None:
    undecided = ("skipped", "assigned", "follow-up")
    left = total - sum(n for state, n in decided.items() if state not in undecided)
    parts = [_decided(state, n) for state, n in sorted(decided.items())]
    done = ", ".join(parts) if parts else _("nothing")
    if left:
        rest = ngettext("{n} left", "{n} left", left).format(n=left)
        # TRANSLATORS: "Triaged: 1 done, 2 skipped; 3 left."
        text = _("Triaged: {decided}; {left}.").format(decided=done, left=rest)
    else:
        text = _("Triaged: {decided}; inbox zero.").format(decided=done)
    console.print(text, markup=False)


def _ask_client(obj: Any, keys: Keys) -> str:
    """The client's name (or a prefix) typed after `a`; on a terminal, Tab completes it."""
    prompt = _("Client (name or prefix; Enter cancels): ")
    if keys.tty:
        from acctcli.services.mail.matching import all_client_names

        return _read_completed(prompt, all_client_names(obj.db))
    return keys.line(lambda: obj.console.print(prompt, end="", markup=False))


def _read_completed(prompt: str, names: list[str]) -> str:
    import readline

    def complete(text: str, state: int) -> str | None:
        folded = text.casefold()
        found = [n for n in names if n.casefold().startswith(folded)]
        return found[state] if state < len(found) else None

    saved = readline.get_completer()
    readline.set_completer(complete)
    readline.set_completer_delims("")
    readline.parse_and_bind("tab: complete")
    try:
        return input(prompt).strip()
    except EOFError:
        return ""
    finally:
        readline.set_completer(saved)


def _yes(obj: Any, keys: Keys, question: str) -> bool:
    from acctcli.domain.triage import latin_key

    obj.console.print(question + " " + _("[y/n]") + " ", end="", markup=False)
    answer = latin_key(keys.key()) == "y"
    obj.console.print(_("yes") if answer else _("no"), markup=False)
    return answer


def _follow_up(obj: Any, keys: Keys, view: Any, day: date) -> bool:
    """The `f` key: a follow-up on the message — its text typed (Enter: the subject), its day
    typed (Enter: none), owed by me; whether one was added."""
    from acctcli.domain.dates import parse_date
    from acctcli.render.followups import confirmation
    from acctcli.render.safe import clean_text
    from acctcli.services.followups import add_follow_up, subject_text

    console = obj.console
    if view.client_id is None:
        console.print(
            _("M{id} has no client yet: assign it first (a).").format(id=view.id), markup=False
        )
        return False
    default = subject_text(view.subject)
    text = keys.line(
        lambda: console.print(
            # TRANSLATORS: {subject} is the message's subject, taken when Enter is pressed
            _("Follow-up (Enter: {subject}): ").format(subject=clean_text(default)),
            end="",
            markup=False,
        )
    )
    from acctcli.domain.followups import clean_text as follow_up_text

    try:
        text = follow_up_text(text or default)
    except AcctError as exc:
        console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
        return False
    due = None
    while True:
        typed = keys.line(
            lambda: console.print(
                _("Due (2026-12-04, fri, завтра, +3d…; Enter: no date): "), end="", markup=False
            )
        )
        try:
            due = parse_date(typed, today=day) if typed else None  # (no --due option here)
            break
        except AcctError as exc:
            console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
    try:
        follow_up = add_follow_up(
            obj.db,
            str(view.client_id),
            text,
            now=obj.now(),
            due=due,
            source="triage",
            mail_id=view.id,
            client_id=view.client_id,
        )
    except AcctError as exc:
        console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
        return False
    console.print(confirmation(follow_up), markup=False)
    return True


def _incident(obj: Any, message_id: int) -> bool:
    """The `i` key: open an incident from the message (its client, its subject), linked;
    whether it was opened."""
    from acctcli.render.incidents import opened_line
    from acctcli.render.safe import clean_text
    from acctcli.services.incidents import open_incident

    try:
        incident = open_incident(obj.db, None, None, now=obj.now(), from_mail=message_id)
    except AcctError as exc:
        obj.console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
        return False
    obj.console.print(opened_line(incident, message_id), markup=False)
    return True


def _assign(obj: Any, keys: Keys, message_id: int, settings: Any) -> bool:
    """The `a` key: assign the message to a client typed by name (asked again after a name
    that is no client's, until one is or Enter cancels), offering to add the sender as the
    client's contact or the sender's domain to the client; whether it was assigned."""
    from acctcli.render.matching import assigned_lines
    from acctcli.render.safe import clean_text
    from acctcli.services.mail.matching import assign, assign_offer

    console = obj.console
    while True:
        typed = _ask_client(obj, keys)
        if not typed:
            console.print(_("Not assigned."), markup=False)
            return False
        try:
            offer = assign_offer(obj.db, message_id, typed)
            break
        except AcctError as exc:
            console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
    try:
        add_contact = offer.address is not None and _yes(
            obj,
            keys,
            _("Add {address} as a contact of {client}?").format(
                address=clean_text(offer.address), client=clean_text(offer.client)
            ),
        )
        add_domain = offer.domain is not None and _yes(
            obj,
            keys,
            _("Add the domain {domain} to {client}?").format(
                domain=clean_text(offer.domain), client=clean_text(offer.client)
            ),
        )
        result = assign(
            obj.db,
            [message_id],
            offer.client,
            now=obj.now(),
            add_contact=add_contact,
            add_domain=add_domain,
            mail=settings,
            owner=obj.settings.user,
        )
    except AcctError as exc:
        console.print(_("Error:") + " " + clean_text(exc.message), markup=False)
        return False
    for line in assigned_lines(result):
        console.print(line, markup=False)
    return True
