"""The root Typer app and the one error handler of Typer-run commands.

Typer and the command modules are imported only here (acctcli.entry routes the morning's
commands before this module loads); SQLAlchemy, Alembic, Rich tables and mail code are
imported only inside the commands that need them.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from acctcli import __version__
from acctcli.entry import main, report_error  # noqa: F401  (main: the old entry point)

_CLICK_EXCEPTION = [k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException"]
_CLICK_FLOW: tuple[type[BaseException], ...] = (*_CLICK_EXCEPTION, typer.Exit, typer.Abort)


class AcctGroup(TyperGroup):
    """The root group: every command's exceptions end here as one line, never a traceback."""

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
    from acctcli.cli import (
        calls,
        clients,
        contacts,
        db,
        demo,
        incidents,
        invoices,
        kpi,
        mail,
        onboard,
        today,
        upsells,
    )

    app = typer.Typer(
        cls=AcctGroup,
        name="acct",
        help="The account manager's working day: clients, calls, mail, onboarding, money, KPIs.",
        epilog="Start with: acct demo && acct client list",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ) -> None:
        from acctcli.context import AppContext

        if ctx.obj is None:
            ctx.obj = AppContext()

    # In the order of the day; `acct --help` lists them so.
    app.command("today")(today.today)
    app.add_typer(clients.app, name="client")
    app.add_typer(contacts.app, name="contact")
    app.add_typer(mail.app, name="mail")
    app.add_typer(calls.app, name="call")
    app.command("calls")(calls.calls)
    app.command("onboard")(onboard.onboard)
    app.add_typer(incidents.app, name="incident")
    app.add_typer(invoices.app, name="invoice")
    app.add_typer(upsells.app, name="upsell")
    app.command("kpi", cls=kpi.KpiCommand)(kpi.kpi)
    app.command("demo")(demo.demo)
    app.add_typer(db.app, name="db")
    return app


def run_typer(args: list[str]) -> int:
    app = build_app()
    try:
        app(args=args, prog_name="acct")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
