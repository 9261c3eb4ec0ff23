"""The root Typer app, the one error handler, and main().

`main()` keeps start-up light: Typer and the command modules are imported only here, and
SQLAlchemy, Alembic, Rich tables and mail code only inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from acctcli import __version__
from acctcli.errors import AcctError, ExitCode

_CLICK_FLOW = tuple(k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException") + (
    typer.Exit,
    typer.Abort,
)


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
    from acctcli.cli import clients, contacts, db, demo

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

    app.add_typer(clients.app, name="client")
    app.add_typer(contacts.app, name="contact")
    app.command("demo")(demo.demo)
    app.add_typer(db.app, name="db")
    return app


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    app = build_app()
    try:
        app(args=args, prog_name="acct")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
