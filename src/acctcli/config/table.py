"""One table of config.toml as it is read: typed getters whose errors name the file and the key,
and a warning for each key the schema does not know."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any, NoReturn

from acctcli.errors import Invalid

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def key_name(key: object) -> str:
    """A key as TOML writes it: bare when it can be, else quoted (never a raw control character)."""
    text = str(key)
    return text if _BARE_KEY.match(text) else repr(text)


def shown(value: object) -> str:
    """A bad value for an error message: one short line, whatever the file held."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
        self, path: Path, name: str, values: Mapping[str, Any], warn: Callable[[str], None]
    ) -> None:
        self.path = path
        self.name = name
        self.values = values
        self.warn = warn

    def label(self, key: str) -> str:
        """`…/config.toml: [mail] hours` (a top-level key: `…/config.toml: user`)."""
        return f"{self.path}: [{self.name}] {key}" if self.name else f"{self.path}: {key}"

    def fail(self, key: str, expected: str) -> NoReturn:
        raise Invalid(f"{self.label(key)} must be {expected}, not {shown(self.values[key])}")

    def reject(self, message: str, hint: str | None = None) -> NoReturn:
        """An error about the whole table: `…/config.toml: [mail.accounts.work] host is missing`."""
        raise Invalid(f"{self.path}: [{self.name}] {message}", hint)

    def check_keys(self, known: Collection[str]) -> None:
        """Warn about every key that is not in `known` (a table: an unknown section)."""
        for key, value in self.values.items():
            if key not in known:
                dotted = f"{self.name}.{key}" if self.name else str(key)
                kind = "section" if is_section(value) else "key"
                self.warn(f"{self.path}: unknown {kind} {dotted!r}")

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def table(self, key: str) -> Table:
        """A nested table (empty when absent), e.g. [mail.accounts] or [mail.accounts.work]."""
        value = self.values.get(key, {})
        name = f"{self.name}.{key_name(key)}" if self.name else key_name(key)
        if not is_table(value):
            raise Invalid(f"{self.path}: [{name}] must be a table, not {shown(value)}")
        return Table(self.path, name, value, self.warn)

    def string(self, key: str, default: str, example: str = "") -> str:
        value = self.values.get(key, default)
        if not isinstance(value, str):
            self.fail(key, f"a string{example}")
        return value

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
        self.fail(key, "a string or a list of strings")

    def whole(self, key: str, default: int, low: int, high: int, unit: str = "") -> int:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, f"a whole number from {low} to {high}{unit}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "true or false")
        return value

    def number(self, key: str, default: float) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, "a number")
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            self.fail(key, "a number of a sensible size")
        if not math.isfinite(number):
            self.fail(key, "a number")
        return number

    def parsed(self, parse: Callable[[], Any]) -> Any:
        """A value a domain parser checks; its error gets the file and the section in front."""
        try:
            return parse()
        except Invalid as exc:
            raise Invalid(f"{self.path}: [{self.name}] {exc.message}", exc.hint) from None
