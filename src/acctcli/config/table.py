"""One table of config.toml as it is read: typed getters whose errors name the file and the key,
and a warning for each key the schema does not know."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import tzinfo

from acctcli.errors import Invalid
from acctcli.i18n import N_, _
from acctcli.records import NamedTuple

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from os import PathLike
    from typing import Any, NoReturn

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def key_name(key: object) -> str:
    """A key as TOML writes it: bare when it can be, else quoted (never a raw control character)."""
    text = str(key)
    return text if _BARE_KEY.match(text) else repr(text)


def shown(value: object) -> str:
    """A bad value for an error message: one short line, whatever the file held."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Note(NamedTuple):
    """A warning translated when it is shown, not when the file is read: config.toml is read
    before the interface language is chosen (it may name the language)."""

    message: str  # an N_() message with {placeholders}
    values: Mapping[str, Any]

    def __str__(self) -> str:
        return _(self.message).format(**self.values)


def is_table(value: object) -> bool:
    return isinstance(value, Mapping)


def is_section(value: object) -> bool:
    """A [table] or an [[array of tables]]: what a user calls a section."""
    return is_table(value) or (
        isinstance(value, list) and bool(value) and all(is_table(v) for v in value)
    )


class Table:
    """The keys of one table (`name` "" is the top level, "mail.accounts.work" a nested one)."""

    def __init__(
        self,
        path: str | PathLike[str],
        name: str,
        values: Mapping[str, Any],
        warn: Callable[[Note], None],
    ) -> None:
        self.path = path
        self.name = name
        self.values = values
        self.warn = warn

    def label(self, key: str) -> str:
        """`…/config.toml: [mail] hours` (a top-level key: `…/config.toml: user`)."""
        return f"{self.path}: [{self.name}] {key}" if self.name else f"{self.path}: {key}"

    def fail(self, key: str, expected: str) -> NoReturn:
        """`expected` is an N_() message ("a string"), translated here."""
        raise Invalid(
            # TRANSLATORS: {setting} is "…/config.toml: [mail] hours"; {expected} is a noun
            # phrase such as "a string" or "a whole number from 0 to 3650"
            _("{setting} must be {expected}, not {value}").format(
                setting=self.label(key), expected=_(expected), value=shown(self.values[key])
            )
        )

    def reject(self, message: str, hint: str | None = None) -> NoReturn:
        """An error about the whole table: `…/config.toml: [mail.accounts.work] host is missing`."""
        raise Invalid(f"{self.path}: [{self.name}] {message}", hint)

    def check_keys(self, known: Collection[str]) -> None:
        """Warn about every key that is not in `known` (a table: an unknown section)."""
        for key, value in self.values.items():
            if key not in known:
                dotted = f"{self.name}.{key}" if self.name else str(key)
                message = (
                    N_("{path}: unknown section {name}")
                    if is_section(value)
                    else N_("{path}: unknown key {name}")
                )
                self.warn(Note(message, {"path": self.path, "name": repr(dotted)}))

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def table(self, key: str) -> Table:
        """A nested table (empty when absent), e.g. [mail.accounts] or [mail.accounts.work]."""
        value = self.values.get(key, {})
        name = f"{self.name}.{key_name(key)}" if self.name else key_name(key)
        if not is_table(value):
            raise Invalid(
                _("{path}: [{name}] must be a table, not {value}").format(
                    path=self.path, name=name, value=shown(value)
                )
            )
        return Table(self.path, name, value, self.warn)

    def string(self, key: str, default: str, expected: str = N_("a string")) -> str:
        """`expected`: an N_() message such as 'a string, e.g. "RU" or "none"'."""
        value = self.values.get(key, default)
        if not isinstance(value, str):
            self.fail(key, expected)
        return value

    def zone(self, key: str) -> tzinfo | None:
        """An IANA time zone name ("Europe/Moscow"), checked; None when left out."""
        name = self.optional_string(key)
        if name is None:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            self.fail(key, N_('a time zone such as "Europe/Moscow"'))

    def optional_string(self, key: str) -> str | None:
        """A string that may be left out (or left empty: the same)."""
        return self.string(key, "") or None

    def strings(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        """A string or a list of strings."""
        value = self.values.get(key, default)
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.fail(key, N_("a string or a list of strings"))

    def whole(self, key: str, default: int, low: int, high: int, *, days: bool = False) -> int:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            expected = (
                _("a whole number from {low} to {high} (days)")
                if days
                else _("a whole number from {low} to {high}")
            )
            self.fail(key, expected.format(low=low, high=high))
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, N_("true or false"))
        return value

    def number(self, key: str, default: float) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, N_("a number"))
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            self.fail(key, N_("a number of a sensible size"))
        if not math.isfinite(number):
            self.fail(key, N_("a number"))
        return number

    def parsed(self, parse: Callable[[], Any]) -> Any:
        """A value a domain parser checks; its error gets the file and the section in front."""
        try:
            return parse()
        except Invalid as exc:
            raise Invalid(f"{self.path}: [{self.name}] {exc.message}", exc.hint) from None
