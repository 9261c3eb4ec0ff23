"""Regular expressions compiled when first used, not when their module is imported.

`acct today` imports the date, money, client and cadence modules for a handful of their
functions; compiling all their patterns up front cost ~3 ms of every run (issue 14), though
most are only for parsing what a user types.

    from acctcli.patterns import pattern

    _DOTTED = pattern(r"(\\d{1,2})[./](\\d{1,2})")   # a re.Pattern to mypy and to callers
"""

from __future__ import annotations

import re


class _Lazy:
    __slots__ = ("_args", "_compiled")

    def __init__(self, regex: str, flags: int) -> None:
        self._args = (regex, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"pattern({self._args[0]!r})"


def pattern(regex: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(regex, flags)`, done the first time the pattern is used."""
    return _Lazy(regex, flags)  # type: ignore[return-value]
