"""The error family every layer raises and the exit codes the CLI returns."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    USER_ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class AcctError(Exception):
    """A problem the user can fix; printed as one `Error: …` line (plus an optional hint)."""

    exit_code = ExitCode.USER_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFound(AcctError):
    """An unknown client, contact, invoice, message…"""


class Ambiguous(AcctError):
    """A prefix that matches more than one thing."""


class Invalid(AcctError):
    """Malformed input: a bad date, amount, cadence spec, name…"""


class Conflict(AcctError):
    """The request contradicts what is stored (duplicate name, wrong status…)."""


class StoreError(AcctError):
    """The store cannot be opened or is at a schema version this acct cannot use."""


class ConnectionLost(StoreError):
    """The shared store's server went away mid-command (said once, never as a failed check
    or an unreadable section)."""
