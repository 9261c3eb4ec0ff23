"""Onboarding templates: TOML text → a validated Template, or one error naming file and line.

A template is a list of `[[step]]` tables (cli.md "Onboarding"):

    [[step]]
    key = "seo-audit"              # ASCII, unique
    title = "SEO-аудит сайта"
    business_day = 10              # or: day = 14 (calendar days from the start)
    role = "seo"
    services = ["seo"]             # optional: only for clients buying one of these
    after = ["access"]             # optional: steps that must be done first
    records = "channel"            # optional: ticking it records channel/urgent-contact/reports
    touch = "call"                 # optional: a conversation; ticking it logs a touch
                                   # (call, meeting or message) with the client

Pure: the caller reads the file and passes its text and a name for messages.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from acctcli.domain.clients import clean_service
from acctcli.errors import Invalid
from acctcli.i18n import _, ngettext

STEP_KEYS = (
    "key",
    "title",
    "day",
    "business_day",
    "role",
    "services",
    "after",
    "records",
    "touch",
)
TOP_KEYS = ("step", "description")
RECORDS = ("channel", "urgent-contact", "reports")
TOUCHES = ("call", "meeting", "message")  # what ticking a conversation step logs
MAX_DAYS = 3650
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_HEADER = re.compile(r"^\s*\[\[\s*step\s*\]\]\s*(#.*)?$")


@dataclass(frozen=True)
class TemplateStep:
    key: str
    title: str
    offset: int
    business: bool  # True: `offset` counts working days; False: calendar days
    role: str
    services: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    records: str | None = None
    touch: str | None = None  # call, meeting or message: ticking it logs a touch

    def applies_to(self, services: set[str]) -> bool:
        return not self.services or bool(services & set(self.services))


@dataclass(frozen=True)
class Template:
    name: str
    steps: tuple[TemplateStep, ...]
    description: str = ""


class _Lines:
    """Where things are in the template's text, for messages that name a line."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [n for n, line in enumerate(self.lines, 1) if _HEADER.match(line)]

    def step(self, index: int) -> int | None:
        return self.headers[index] if index < len(self.headers) else None

    def field(self, index: int, name: str) -> int | None:
        """The line of `name = …` inside the index-th [[step]], else the step's header."""
        start = self.step(index)
        if start is None:
            return None
        end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines) + 1
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
        for number in range(start + 1, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return start

    def top(self, name: str) -> int | None:
        pattern = re.compile(rf"^\s*(\[+\s*)?[\"']?{re.escape(name)}[\"']?\s*(=|\])")
        for number, line in enumerate(self.lines, 1):
            if number in self.headers:
                break
            if pattern.match(line):
                return number
        return None


def _fail(source: str, line: int | None, why: str) -> Invalid:
    if line:
        # TRANSLATORS: {source} is the template's file, {why} one of the reasons below.
        message = _("template {source}, line {line}: {why}")
    else:
        message = _("template {source}: {why}")
    return Invalid(
        message.format(source=source, line=line, why=why),
        _("nothing was created; fix the template and run again"),
    )


def parse_template(text: str, *, source: str, name: str) -> Template:
    """Parse and validate a template; `source` (a path) names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POSITION.search(message)
        line = int(m.group(1)) if m else None
        if m:
            # TRANSLATORS: {reason} is Python's own (English) description of the TOML error.
            why = _("not valid TOML: {reason} (column {column})").format(
                reason=_TOML_POSITION.sub("", message), column=m.group(2)
            )
        else:
            why = _("not valid TOML: {reason}").format(reason=message)
        raise _fail(source, line, why) from None
    lines = _Lines(text)
    for top in data:
        if top not in TOP_KEYS:
            raise _fail(
                source,
                lines.top(top),
                _("unknown key {key!r} (a template has [[step]] tables)").format(key=top),
            )
    description = data.get("description", "")
    if not isinstance(description, str):
        raise _fail(source, lines.top("description"), _("description must be a string"))
    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _fail(source, lines.top("step"), _("no steps: add [[step]] tables"))
    steps: list[TemplateStep] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_steps):
        step = _step(raw, index, source, lines)
        if step.key in seen:
            first = lines.step(seen[step.key])
            raise _fail(
                source,
                lines.field(index, "key"),
                _("duplicate step key {key!r} (first used at line {line})").format(
                    key=step.key, line=first
                ),
            )
        seen[step.key] = index
        steps.append(step)
    _check_records(steps, source, lines)
    _check_after(steps, source, lines)
    return Template(name=name, steps=tuple(steps), description=description)


def _step(raw: Any, index: int, source: str, lines: _Lines) -> TemplateStep:
    header = lines.step(index)
    if not isinstance(raw, dict):
        raise _fail(source, header, _("each step must be a [[step]] table"))
    if isinstance(raw.get("key"), str):
        label = _("step {key!r}").format(key=raw["key"])
    else:
        label = _("step {number}").format(number=index + 1)

    def fail(field: str, why: str) -> Invalid:
        # TRANSLATORS: {step} is "step 'key'" or "step 2"; {why} what is wrong with it.
        return _fail(
            source, lines.field(index, field), _("{step}: {why}").format(step=label, why=why)
        )

    for field in raw:
        if field not in STEP_KEYS:
            raise fail(
                field,
                _("unknown key {key!r} (allowed: {keys})").format(
                    key=field, keys=", ".join(STEP_KEYS)
                ),
            )
    for field in ("key", "title", "role"):
        if field not in raw:
            raise _fail(
                source, header, _("{step}: missing {field!r}").format(step=label, field=field)
            )
        value = raw[field]
        if not isinstance(value, str) or not value.strip():
            raise fail(field, _("{field!r} must be a non-empty string").format(field=field))
        if _CONTROL.search(value):
            raise fail(field, _("{field!r} contains control characters").format(field=field))
    key = raw["key"].strip()
    if not _KEY.match(key):
        raise fail(
            "key",
            _("bad key {key!r}: lowercase latin letters, digits, '-' and '_'").format(key=key),
        )
    if ("day" in raw) == ("business_day" in raw):
        raise _fail(
            source,
            header,
            _("{step}: give exactly one of 'day' or 'business_day'").format(step=label),
        )
    field = "day" if "day" in raw else "business_day"
    offset = raw[field]
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise fail(field, _("{field!r} must be a whole number of days").format(field=field))
    if offset < 0:
        raise fail(
            field,
            _("negative {field!r} ({offset}): days count forward from the start").format(
                field=field, offset=offset
            ),
        )
    if offset > MAX_DAYS:
        raise fail(
            field,
            ngettext(
                "{field!r} {offset} is more than {max} day away",
                "{field!r} {offset} is more than {max} days away",
                MAX_DAYS,
            ).format(field=field, offset=offset, max=MAX_DAYS),
        )
    return TemplateStep(
        key=key,
        title=" ".join(raw["title"].split()),
        offset=offset,
        business=field == "business_day",
        role=raw["role"].strip(),
        services=_services(raw, fail),
        after=_strings(raw, "after", fail),
        records=_records(raw, fail),
        touch=_touch(raw, fail),
    )


def _strings(raw: dict, field: str, fail: Any) -> tuple[str, ...]:
    if field not in raw:
        return ()
    value = raw[field]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(field, _("{field!r} must be a list of strings").format(field=field))
    if not value:
        raise fail(field, _("{field!r} is empty: leave it out instead").format(field=field))
    return tuple(dict.fromkeys(v.strip() for v in value))


def _services(raw: dict, fail: Any) -> tuple[str, ...]:
    values = _strings(raw, "services", fail)
    try:
        return tuple(clean_service(v) for v in values)
    except Invalid as exc:
        raise fail("services", exc.message) from None


def _records(raw: dict, fail: Any) -> str | None:
    if "records" not in raw:
        return None
    value = raw["records"]
    if value not in RECORDS:
        raise fail(
            "records",
            _("'records' must be one of {values}, not {value!r}").format(
                values=", ".join(RECORDS), value=value
            ),
        )
    return str(value)


def _touch(raw: dict, fail: Any) -> str | None:
    if "touch" not in raw:
        return None
    value = raw["touch"]
    if value not in TOUCHES:
        raise fail(
            "touch",
            _("'touch' must be one of {values}, not {value!r}").format(
                values=", ".join(TOUCHES), value=value
            ),
        )
    return str(value)


def _check_records(steps: list[TemplateStep], source: str, lines: _Lines) -> None:
    seen: dict[str, str] = {}
    for index, step in enumerate(steps):
        if step.records is None:
            continue
        if step.records in seen:
            raise _fail(
                source,
                lines.field(index, "records"),
                _("step {key!r}: {other!r} already records {records}").format(
                    key=step.key, other=seen[step.records], records=step.records
                ),
            )
        seen[step.records] = step.key


def _check_after(steps: list[TemplateStep], source: str, lines: _Lines) -> None:
    index = {s.key: n for n, s in enumerate(steps)}
    for n, step in enumerate(steps):
        for target in step.after:
            if target not in index:
                raise _fail(
                    source,
                    lines.field(n, "after"),
                    _("step {key!r}: 'after' names an unknown step {target!r}").format(
                        key=step.key, target=target
                    ),
                )
    cycle = find_cycle({s.key: s.after for s in steps})
    if cycle:
        first = min(cycle[:-1], key=lambda k: index[k])
        raise _fail(
            source,
            lines.field(index[first], "after"),
            _("steps wait for each other in a cycle: {cycle}").format(cycle=" → ".join(cycle)),
        )


def find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str]:
    """One dependency cycle as [a, b, …, a], or [] when there is none.

    Iterative (an explicit stack, not recursion), linear in the steps and their waits: a
    template of thousands of steps, in any order, is checked at once."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in graph:
        if root in state:
            continue
        path: list[str] = [root]
        where: dict[str, int] = {root: 0}  # a node on the path → its index there
        todo: list[Iterator[str]] = [iter(graph.get(root, ()))]
        state[root] = 1
        while todo:
            target = next(todo[-1], None)
            if target is None:
                node = path.pop()
                del where[node]
                state[node] = 2
                todo.pop()
                continue
            if state.get(target) == 1:
                return path[where[target] :] + [target]
            if target not in state:
                state[target] = 1
                where[target] = len(path)
                path.append(target)
                todo.append(iter(graph.get(target, ())))
    return []
