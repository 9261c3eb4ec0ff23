"""The `acct` entry point: the morning's commands are routed before Typer loads.

`acct today`, `calls`, `mail list`, `mail import` and `kpi` run every morning and must start
about as fast as the interpreter itself, so their well-formed invocations are parsed here
with the option table generated from their Typer declarations (acctcli.cli.command_table)
and run the same command body that Typer would, with the same defaults.  Anything else —
help, completion, an unknown option or a bad value, any other command — goes to Typer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module

from acctcli.errors import AcctError, ExitCode
from acctcli.i18n import _
from acctcli.records import NamedTuple

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:
    from acctcli.settings import Settings


def report_error(exc: BaseException) -> int:
    """Print one `Error: …` line (and an optional hint) on stderr; give the exit code."""
    from acctcli.render.safe import clean_text
    from acctcli.store.db import driver_failure

    exc = driver_failure(exc)
    if isinstance(exc, AcctError):
        error, hint = _("Error:"), _("Hint:")
        sys.stderr.write(f"{error} {_line(exc.message)}\n")
        if exc.hint:
            sys.stderr.write(f"{hint} {_line(exc.hint)}\n")
        return int(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        error, what = _("Error:"), _("interrupted; nothing half-written was kept")
        sys.stderr.write(f"{error} {what}\n")
        return int(ExitCode.INTERRUPTED)
    if isinstance(exc, BrokenPipeError):
        return int(ExitCode.OK)
    if isinstance(exc, OSError) and _environment(exc):
        # a full disk, a read-only file system, a permission: what happened, not "a bug"
        what = exc.strerror or str(exc)
        where = f": {exc.filename}" if exc.filename else ""
        sys.stderr.write(_("Error:") + f" {clean_text(what + where)}\n")
        return int(ExitCode.USER_ERROR)
    if type(exc).__module__.split(".")[0] in ("sqlite3", "psycopg2") and not os.environ.get(
        "ACCT_DEBUG"
    ):  # the database refused (a full disk on the server, a lost connection…): not a bug
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        said = _("the store refused: {error}").format(error=first)
        sys.stderr.write(_("Error:") + f" {clean_text(said)}\n")
        sys.stderr.write(_("Hint:") + " " + _("see `acct db check`; try the command again") + "\n")
        return int(ExitCode.USER_ERROR)
    if os.environ.get("ACCT_DEBUG"):
        raise exc
    name = type(exc).__name__
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = _("internal error ({error}); rerun with ACCT_DEBUG=1 for details and report it")
    error = f"{clean_text(name)}: {clean_text(first)}"
    sys.stderr.write(_("Error:") + f" {detail.format(error=error)}\n")
    return int(ExitCode.USER_ERROR)


LINE_LIMIT = 300  # characters of an error or hint line: a pasted 10,000-character value is cut


def _line(text: str) -> str:
    """A message made inert (render/safe.py) and cut to LINE_LIMIT characters (a value the
    user gave, echoed back, may be of any length)."""
    from acctcli.render.safe import clean_text

    cleaned = clean_text(text)
    return cleaned if len(cleaned) <= LINE_LIMIT else cleaned[: LINE_LIMIT - 1] + "…"


def _environment(exc: OSError) -> bool:
    """An OSError of the machine around acct (disk, file system, permissions)."""
    import errno

    return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)


class FastRoute(NamedTuple):
    """A routed command (see acctcli.cli.command_table): its path, its body "module:function"
    called as function(app_context, **parameters), the parameter taking its arguments (one
    when `nargs` is 1, a list of them when -1), its options (option → (parameter, kind,
    type)) and every parameter's default."""

    path: tuple[str, ...]
    target: str
    positional: str | None
    nargs: int
    options: dict[str, tuple[str, str, str]]
    defaults: dict[str, Any]


def routes() -> tuple[FastRoute, ...]:
    from acctcli.cli.command_table import ROUTES

    return tuple(FastRoute(**entry) for entry in ROUTES)


def _convert(value: str, type_name: str) -> Any:
    """An option's value as Typer would give it; ValueError where Typer would refuse it."""
    if type_name == "int":
        return int(value.strip())
    return value


def parse_fast(args: list[str]) -> tuple[FastRoute, dict[str, Any]] | None:
    """The route and its parameters, or None when Typer must handle the command line."""
    for route in routes():
        n = len(route.path)
        if tuple(args[:n]) != route.path:
            continue
        params: dict[str, Any] = {}
        rest = args[n:]
        i = 0
        while i < len(rest):
            arg = rest[i]
            if route.positional and arg and not arg.startswith("-"):
                if route.nargs == 1:
                    if route.positional in params:
                        return None  # Typer says there is one argument too many
                    params[route.positional] = arg
                else:
                    params.setdefault(route.positional, []).append(arg)
                i += 1
                continue
            flag, eq, inline = arg.partition("=")
            if flag not in route.options:
                return None
            name, kind, type_name = route.options[flag]
            if kind == "flag":
                if eq:
                    return None
                params[name] = True
                i += 1
                continue
            if eq:
                value = inline
            elif i + 1 < len(rest) and not rest[i + 1].startswith("-"):
                i += 1
                value = rest[i]
            elif kind == "optional":
                value = ""
            else:
                return None
            try:
                converted = _convert(value, type_name)
            except ValueError:
                return None  # Typer says what is wrong with it
            if kind == "repeat":
                params.setdefault(name, []).append(converted)
            else:
                params[name] = converted
            i += 1
        if route.positional and route.positional not in params:
            return None
        return route, {**route.defaults, **params}
    return None


def speak(args: list[str] | None = None) -> Settings | None:
    """Choose the interface language before anything is imported or printed (help texts are
    translated as commands load); give the settings when they load (errors in them are
    reported by the command that reads them, not here).  A `--json` command speaks English
    throughout — the document and any error line — so that scripts see one language."""
    from acctcli import i18n
    from acctcli.settings import load_settings

    settings = None
    configured = None
    try:
        settings = load_settings()
        configured = settings.language
    except AcctError:  # reported by the command, in the language the file asks for
        from acctcli.config import configured_language
        from acctcli.settings import config_path

        configured = configured_language(config_path(os.environ))
    if args is not None and "--json" in args:
        i18n.use("en")
    else:
        i18n.use(i18n.choose_language(os.environ, configured))
    return settings


def run_fast(route: FastRoute, params: dict[str, Any], settings: Settings | None = None) -> int:
    from acctcli.context import AppContext

    obj = None
    try:
        obj = AppContext(settings)
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
    from acctcli import context

    context.COMMAND_LINE[:] = args
    settings = speak(args)
    fast = parse_fast(args)
    if fast is not None:
        return run_fast(*fast, settings=settings)
    # Plain click help: as readable, and without Typer's Rich help machinery (markdown,
    # pygments…), which alone costs several times the interpreter's start-up.
    os.environ.setdefault("TYPER_USE_RICH", "0")
    from acctcli.app import run_typer

    return run_typer(args)
