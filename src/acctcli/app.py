"""The root Typer app and the one error handler of Typer-run commands.

Typer is imported only here (acctcli.entry routes the morning's commands before this module
loads), and a command's module only when that command runs; SQLAlchemy, Alembic, Rich tables
and mail code are imported only inside the commands that need them.
"""

from __future__ import annotations

import re
import sys
from importlib import import_module
from typing import Any

import typer
import typer.core
import typer.main
from typer import _click
from typer.core import TyperGroup

from acctcli import __version__
from acctcli.entry import main, report_error  # noqa: F401  (main: the old entry point)
from acctcli.i18n import N_, _, current
from acctcli.records import NamedTuple

# Typer's own words ("Options", "Commands", "default: …", "Missing command.") in our language:
# typer.core looks them up through this module-level gettext name.
typer.core._ = _  # type: ignore[attr-defined]
TYPER_WORDS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    # TRANSLATORS: after an option's help, in brackets: "[default: 7]"
    N_("default: {default}"),
    # TRANSLATORS: after an argument's or option's help, in brackets: "[required]"
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)
# The vendored click (typer._click) has no gettext: its few words that users see are
# translated here — the help option's and completion options' help, the "Usage:" prefix —
# and its usage errors are worded again by `usage_error` (English: click's own, unchanged).
HELP_HELP = N_("Show this message and exit.")
COMPLETION_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)


class Formatter(_click.formatting.HelpFormatter):
    """click's help formatter with "Usage:" in the language in use."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            # TRANSLATORS: the first line of every help and usage error: "Usage: acct client add …"
            prefix = _("Usage:") + " "
        super().write_usage(prog, args, prefix)


_click.core.Context.formatter_class = Formatter
_click_help_option = _click.core.Command.get_help_option


def _help_option(self: Any, ctx: Any) -> Any:
    option = _click_help_option(self, ctx)
    if option is not None:
        option.help = _(HELP_HELP)
    return option


_click.core.Command.get_help_option = _help_option  # type: ignore[method-assign]

_CLICK_EXCEPTION = [k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException"]
_CLICK_FLOW: tuple[type[BaseException], ...] = (*_CLICK_EXCEPTION, typer.Exit, typer.Abort)


class Lazy(NamedTuple):
    """Where a root command lives: a Typer app (a group) or a command function."""

    module: str
    attr: str
    cls: str | None = None  # a command class in the same module


# In the order of the day; `acct --help` lists them so.  A module is imported only when its
# command runs (or for a command's own --help); the one-line helps come from command_table.
COMMANDS: dict[str, Lazy] = {
    "today": Lazy("acctcli.cli.today", "today"),
    "client": Lazy("acctcli.cli.clients", "app"),
    "contact": Lazy("acctcli.cli.contacts", "app"),
    "mail": Lazy("acctcli.cli.mail", "app"),
    "call": Lazy("acctcli.cli.calls", "app"),
    "calls": Lazy("acctcli.cli.calls", "calls"),
    "meet": Lazy("acctcli.cli.calls", "meet"),
    "follow": Lazy("acctcli.cli.followups", "app"),
    "onboard": Lazy("acctcli.cli.onboard", "onboard"),
    "incident": Lazy("acctcli.cli.incidents", "app"),
    "invoice": Lazy("acctcli.cli.invoices", "app"),
    "upsell": Lazy("acctcli.cli.upsells", "app"),
    "kpi": Lazy("acctcli.cli.kpi", "kpi", cls="KpiCommand"),
    "health": Lazy("acctcli.cli.health", "health"),
    "report": Lazy("acctcli.cli.report", "report"),
    "week": Lazy("acctcli.cli.week", "week"),
    "search": Lazy("acctcli.cli.search", "search", cls="SearchCommand"),
    "calendar": Lazy("acctcli.cli.calendar", "calendar"),
    "undo": Lazy("acctcli.cli.undo", "undo"),
    "export": Lazy("acctcli.cli.transfer", "export"),
    "import": Lazy("acctcli.cli.transfer", "import_"),
    "demo": Lazy("acctcli.cli.demo", "demo"),
    "db": Lazy("acctcli.cli.db", "app"),
    "backup": Lazy("acctcli.cli.backup", "backup"),
    "restore": Lazy("acctcli.cli.backup", "restore"),
}


def load_command(name: str) -> Any:
    """The click command (or group) for a root command, its module imported now."""
    lazy = COMMANDS[name]
    module = import_module(lazy.module)
    target = getattr(module, lazy.attr)
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        cls = getattr(module, lazy.cls) if lazy.cls else None
        holder.command(name, cls=cls)(target)
    holder.callback()(_no_options)
    return translate_help(typer.main.get_group(holder).commands[name])


def translate_help(command: Any) -> Any:
    """The command's help texts (and its subcommands' and options') in the language in use;
    the English texts are the catalog's msgids (tools/catalog.py collects them)."""
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    if command.help:
        command.help = _(command.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)
    return command


def _no_options() -> None:
    """A holder's callback, so that Typer builds a group even for one command."""


class AcctGroup(TyperGroup):
    """The root group: subcommands load on first use, and every command's exceptions end
    here as one line, never a traceback."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from the generated table: `acct --help` imports no command."""
        from typer._click.utils import make_default_short_help

        from acctcli.cli.command_table import SUMMARIES

        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [(name, make_default_short_help(_(SUMMARIES[name]), limit)) for name in COMMANDS]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _CLICK_FLOW:
            raise
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the one handler
            raise typer.Exit(report_error(exc)) from None
        finally:
            obj = ctx.obj
            if obj is not None and hasattr(obj, "close"):
                obj.close()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"acct {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    app = typer.Typer(
        cls=AcctGroup,
        name="acct",
        help=_("The account manager's working day: clients, calls, mail, onboarding, money, KPIs."),
        epilog=_("Start with: acct demo && acct client list"),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        version: bool = typer.Option(
            False,
            "--version",
            callback=_version,
            is_eager=True,
            help=_("Show the version and exit."),
        ),
    ) -> None:
        from acctcli.context import AppContext

        if ctx.obj is None:
            ctx.obj = AppContext()

    return app


def run_typer(args: list[str]) -> int:
    """Run the command line; click's usage errors and "Aborted!" are shown here, in the
    language in use (click would show them in English)."""
    group = typer.main.get_command(build_app())
    for param in group.params:
        if getattr(param, "help", None) in COMPLETION_HELP:
            param.help = _(param.help)  # type: ignore[attr-defined]
    try:
        code = group.main(args=args, prog_name="acct", standalone_mode=False)
    except _click.exceptions.ClickException as exc:
        usage_error(exc)
        return exc.exit_code
    except typer.Abort:
        sys.stderr.write(_("Aborted!") + "\n")
        return 1
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return code if isinstance(code, int) else 0


def usage_error(exc: Any) -> None:
    """A click error as click shows it — the usage line, where to find help, `Error: …` — in
    the language in use.  English keeps click's own text; a help page shown for a group run
    without a command stays a help page."""
    if current() == "en" or isinstance(exc, _click.exceptions.NoArgsIsHelpError):
        exc.show()
        return
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        sys.stderr.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            sys.stderr.write(_("Try '{command}' for help.").format(command=command) + "\n")
        sys.stderr.write("\n")
    sys.stderr.write(_("Error:") + " " + usage_message(exc) + "\n")


_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$", re.S)
_SUGGESTED = re.compile(r"(?P<message>.*)\. Did you mean (?P<names>.*)\?$", re.S)
_NEEDS_VALUE = re.compile(r"Option (?P<option>.+) requires an argument\.$")
_NOT_A_NUMBER = re.compile(r"(?P<value>.+) is not a valid int(eger)?\.$", re.S)


def usage_message(exc: Any) -> str:
    """What went wrong, from the parts of click's exception; English where click said
    something this does not know."""
    exceptions = _click.exceptions
    param: Any = getattr(exc, "param", None)
    if isinstance(exc, exceptions.MissingParameter) and param is not None:
        name = param.get_error_hint(exc.ctx)
        if param.param_type_name == "argument":
            return _("Missing argument {name}.").format(name=name)
        return _("Missing option {name}.").format(name=name)
    if isinstance(exc, exceptions.NoSuchOption):
        message = _("No such option: {option}").format(option=exc.option_name)
        if exc.possibilities:
            names = ", ".join(sorted(exc.possibilities))
            message += " " + _("(Possible options: {options})").format(options=names)
        return message
    if isinstance(exc, exceptions.BadParameter):
        hint: Any = exc.param_hint
        if hint is None and param is not None:
            hint = param.get_error_hint(exc.ctx)
        if hint is not None and not isinstance(hint, str):
            hint = " / ".join(repr(x) for x in hint)
        problem = exc.message
        number = _NOT_A_NUMBER.match(problem)
        if number:
            problem = _("{value} is not a whole number.").format(value=number["value"])
        if hint is None:
            return _("Invalid value: {problem}").format(problem=problem)
        return _("Invalid value for {option}: {problem}").format(option=hint, problem=problem)
    message = exc.format_message()
    suggested = _SUGGESTED.match(message)
    if suggested:
        return _("{message}. Did you mean {names}?").format(**suggested.groupdict())
    extra = _EXTRA.match(message)
    if extra:
        return _("Got unexpected extra argument(s) ({arguments})").format(arguments=extra["args"])
    needs = _NEEDS_VALUE.match(message)
    if needs:
        return _("Option {option} requires an argument.").format(option=needs["option"])
    return str(message)
