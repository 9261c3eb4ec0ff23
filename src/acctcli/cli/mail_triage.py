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
    from acctcli.render.mail import full_text_view, triage_card, triage_keys
    from acctcli.render.safe import clean_text
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
            set_state(obj.db, [view.id], state, day=day, until=until)
            if until:
                done = _("→ {state} until {until}").format(
                    state=label("state", state), until=until.isoformat()
                )
            else:
                done = _("→ {state}").format(state=label("state", state))
            console.print(done, markup=False)
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
    else:
        text = ngettext("{n} skipped", "{n} skipped", n)
    return text.format(n=n)


def _summary(console: Any, decided: Counter[str], total: int) -> None:
    left = total - sum(n for state, n in decided.items() if state != "skipped")
    parts = [_decided(state, n) for state, n in sorted(decided.items())]
    done = ", ".join(parts) if parts else _("nothing")
    if left:
        rest = ngettext("{n} left", "{n} left", left).format(n=left)
        # TRANSLATORS: "Triaged: 1 done, 2 skipped; 3 left."
        text = _("Triaged: {decided}; {left}.").format(decided=done, left=rest)
    else:
        text = _("Triaged: {decided}; inbox zero.").format(decided=done)
    console.print(text, markup=False)
