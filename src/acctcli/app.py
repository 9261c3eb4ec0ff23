"""The root Typer app and the one error handler of Typer-run commands.

Typer is imported only here (acctcli.entry routes the morning's commands before this module
loads), and a command's module only when that command runs; SQLAlchemy, Alembic, Rich tables
and mail code are imported only inside the commands that need them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple

import typer
import typer.core
import typer.main
from typer.core import TyperGroup

from acctcli import __version__
from acctcli.entry import main, report_error  # noqa: F401  (main: the old entry point)
from acctcli.i18n import _

# Typer's own words ("Options", "Commands", "default: …", "Missing command.") in our language:
# typer.core looks them up through this module-level gettext name.
typer.core._ = _  # type: ignore[attr-defined]

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
    "onboard": Lazy("acctcli.cli.onboard", "onboard"),
    "incident": Lazy("acctcli.cli.incidents", "app"),
    "invoice": Lazy("acctcli.cli.invoices", "app"),
    "upsell": Lazy("acctcli.cli.upsells", "app"),
    "kpi": Lazy("acctcli.cli.kpi", "kpi", cls="KpiCommand"),
    "demo": Lazy("acctcli.cli.demo", "demo"),
    "db": Lazy("acctcli.cli.db", "app"),
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
    app = build_app()
    try:
        app(args=args, prog_name="acct")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
