"""Write acctcli/cli/command_table.py from the Typer command definitions.

The fast entry (acctcli.entry) parses the morning's commands without Typer, and `acct --help`
lists the commands without importing them; both read the generated table, so each option
and each help line is written once, in the Typer declaration.  Regenerate with
`make command-table`; tests/cli/test_command_table.py fails when the file is stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main
from typer.core import TyperArgument, TyperGroup

TABLE = Path(__file__).with_name("command_table.py")

FLAG, VALUE, OPTIONAL, REPEAT = "flag", "value", "optional", "repeat"
_TYPES = {"STR": "str", "STRING": "str", "TEXT": "str", "INT": "int", "INTEGER": "int"}

HEADER = '''"""The command table, generated from the Typer commands by `make command-table`.

SUMMARIES: each root command's one-line help, so that `acct --help` imports no command.
ROUTES: the commands acctcli.entry runs before Typer loads; for each option, the parameter
it sets, its kind (flag, value, optional value, repeat), its type, and each parameter's
default.  Do not edit: tests/cli/test_command_table.py regenerates this file and fails on
any difference.
"""
'''


def root_group() -> Any:
    from acctcli.app import build_app

    return typer.main.get_command(build_app())


def walk(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under `group` with its path, groups included, in listing order."""
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        yield (*path, name), command
        if isinstance(command, TyperGroup):
            yield from walk(command, (*path, name))


def summary(command: Any) -> str:
    """The help text click shortens to one line: the first paragraph."""
    text = command.short_help or command.help or ""
    return " ".join(text.split("\n\n", 1)[0].split())


def route(path: tuple[str, ...], command: Any) -> dict[str, Any]:
    """One routed command's entry; a parameter the fast parser cannot take is an error here."""
    optional = set(getattr(command, "optional_value_options", ()))
    options: dict[str, tuple[str, str, str]] = {}
    defaults: dict[str, Any] = {}
    positional = None
    nargs = -1
    for param in command.params:
        is_flag = getattr(param, "is_flag", False)
        type_name = "bool" if is_flag else _TYPES.get(param.type.name.upper())
        if type_name is None:
            raise ValueError(f"{' '.join(path)}: {param.name} has type {param.type.name}")
        defaults[param.name] = param.default
        if isinstance(param, TyperArgument):
            if positional is not None or param.nargs not in (1, -1) or not param.required:
                raise ValueError(f"{' '.join(path)}: only one required ARG or ARGS… is supported")
            positional, nargs = str(param.name), param.nargs
            del defaults[positional]
            continue
        if param.secondary_opts or param.count:
            raise ValueError(f"{' '.join(path)}: {param.name}: --no-… and counts unsupported")
        for opt in param.opts:
            if is_flag:
                kind = FLAG
            elif param.multiple:
                kind = REPEAT
            elif opt in optional:
                kind = OPTIONAL
            else:
                kind = VALUE
            options[opt] = (param.name, kind, type_name)
    return {
        "path": path,
        "target": command.callback.fast_target,
        "positional": positional,
        "nargs": nargs,
        "options": options,
        "defaults": defaults,
    }


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if value is None or isinstance(value, bool | int):
        return repr(value)
    raise ValueError(f"no literal for {value!r}")


def render() -> str:
    group = root_group()
    lines = [HEADER, "SUMMARIES = {"]
    for name in group.list_commands(None):
        lines.append(f"    {_literal(name)}: {_literal(summary(group.get_command(None, name)))},")
    lines += ["}", "", "ROUTES = ("]
    for path, command in walk(group):
        if not hasattr(getattr(command, "callback", None), "fast_target"):
            continue
        entry = route(path, command)
        lines.append("    {")
        for key in ("path", "target", "positional", "nargs"):
            lines.append(f"        {_literal(key)}: {_literal(entry[key])},")
        lines.append('        "options": {')
        for opt, spec in entry["options"].items():
            lines.append(f"            {_literal(opt)}: {_literal(spec)},")
        lines.append("        },")
        lines.append('        "defaults": {')
        for name, default in entry["defaults"].items():
            lines.append(f"            {_literal(name)}: {_literal(default)},")
        lines.append("        },")
        lines.append("    },")
    lines.append(")")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    if TABLE.exists() and TABLE.read_text(encoding="utf-8") == text:
        print(f"unchanged: {TABLE}")  # a developer's tool: English, like "wrote …" below
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
