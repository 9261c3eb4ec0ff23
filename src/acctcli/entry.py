"""The `acct` entry point: the morning's read-only commands are routed before Typer loads.

`acct today`, `acct calls` and `acct mail list` run every morning and must start about as fast
as the interpreter itself, so their well-formed invocations are parsed here with a tiny
table-driven parser and run the same command body that Typer would.  Anything else — help,
completion, an unknown option, any other command — goes to the Typer app in acctcli.app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any, NamedTuple

from acctcli.errors import AcctError, ExitCode


def report_error(exc: BaseException) -> int:
    """Print one `Error: …` line (and an optional hint) on stderr; give the exit code."""
    from acctcli.render.safe import clean_text

    if isinstance(exc, AcctError):
        sys.stderr.write(f"Error: {clean_text(exc.message)}\n")
        if exc.hint:
            sys.stderr.write(f"Hint: {clean_text(exc.hint)}\n")
        return int(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("Error: interrupted; nothing half-written was kept\n")
        return int(ExitCode.INTERRUPTED)
    if isinstance(exc, BrokenPipeError):
        return int(ExitCode.OK)
    if os.environ.get("ACCT_DEBUG"):
        raise exc
    name = type(exc).__name__
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    sys.stderr.write(
        f"Error: internal error ({clean_text(name)}: {clean_text(first)}); "
        "rerun with ACCT_DEBUG=1 for details and report it\n"
    )
    return int(ExitCode.USER_ERROR)


FLAG, VALUE, OPTIONAL = "flag", "value", "optional"  # OPTIONAL: the value may be left out


class FastRoute(NamedTuple):
    """A command path, its options (flag → (parameter, FLAG | VALUE | OPTIONAL); a parameter
    ending in [] collects repeats), and its body given as "module:function", called as
    function(app_context, **parameters)."""

    path: tuple[str, ...]
    options: dict[str, tuple[str, str]]
    target: str
    positional: str | None = None  # parameter collecting the arguments (one or more)


_DATE = {"--date": ("date", VALUE)}
_JSON_TEAM = {"--json": ("json", FLAG), "--team": ("team", FLAG)}

ROUTES: tuple[FastRoute, ...] = (
    FastRoute(("today",), {**_DATE, **_JSON_TEAM}, "acctcli.cli.dashboard:show_today"),
    FastRoute(
        ("calls",),
        {"--ahead": ("ahead", VALUE), **_DATE, **_JSON_TEAM},
        "acctcli.cli.call_list:show_calls",
    ),
    FastRoute(
        ("mail", "list"),
        {
            "--state": ("state", VALUE),
            "--client": ("client", VALUE),
            "--category": ("category", VALUE),
            "--all": ("all_", FLAG),
            "-a": ("all_", FLAG),
            **_DATE,
            **_JSON_TEAM,
        },
        "acctcli.cli.mail_list:list_mail",
    ),
    FastRoute(
        ("mail", "import"),
        {"--json": ("json", FLAG), **_DATE},
        "acctcli.cli.mail_import:import_mail",
        positional="paths",
    ),
    FastRoute(
        ("kpi",),
        {
            "--month": ("month", OPTIONAL),
            "-m": ("month", OPTIONAL),
            "--explain": ("explain", FLAG),
            **_DATE,
            **_JSON_TEAM,
        },
        "acctcli.cli.kpi_report:show_kpi",
    ),
)


def parse_fast(args: list[str]) -> tuple[FastRoute, dict[str, Any]] | None:
    """The route and its parameters, or None when Typer must handle the command line."""
    for route in ROUTES:
        n = len(route.path)
        if tuple(args[:n]) != route.path:
            continue
        params: dict[str, Any] = {}
        rest = args[n:]
        i = 0
        while i < len(rest):
            arg = rest[i]
            if route.positional and arg and not arg.startswith("-"):
                params.setdefault(route.positional, []).append(arg)
                i += 1
                continue
            flag, eq, inline = arg.partition("=")
            if flag not in route.options:
                return None
            name, kind = route.options[flag]
            if kind != FLAG:
                if eq:
                    value = inline
                elif i + 1 < len(rest) and not rest[i + 1].startswith("-"):
                    i += 1
                    value = rest[i]
                elif kind == OPTIONAL:
                    value = ""
                else:
                    return None
                if name.endswith("[]"):
                    params.setdefault(name[:-2], []).append(value)
                else:
                    params[name] = value
            elif eq:
                return None
            else:
                params[name] = True
            i += 1
        if route.positional and route.positional not in params:
            return None
        return route, params
    return None


def run_fast(route: FastRoute, params: dict[str, Any]) -> int:
    from acctcli.context import AppContext

    obj = None
    try:
        obj = AppContext()
        module_name, _, function = route.target.partition(":")
        body: Callable[..., None] = getattr(import_module(module_name), function)
        body(obj, **params)
        return 0
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the fast path's one handler
        return report_error(exc)
    finally:
        if obj is not None:
            obj.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    fast = parse_fast(args)
    if fast is not None:
        return run_fast(*fast)
    # Plain click help: as readable, and without Typer's Rich help machinery (markdown,
    # pygments…), which alone costs several times the interpreter's start-up.
    os.environ.setdefault("TYPER_USE_RICH", "0")
    from acctcli.app import run_typer

    return run_typer(args)
