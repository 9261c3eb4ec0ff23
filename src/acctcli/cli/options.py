"""Options shared by several commands, and parsing helpers that give `Error:` not usage errors."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

import typer

from acctcli.errors import Invalid
from acctcli.i18n import _

Json = Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")]
Team = Annotated[bool, typer.Option("--team", help="Everyone's clients, not only yours.")]
Limit = Annotated[
    int | None,
    typer.Option("--limit", "-n", metavar="N", help="At most N rows (default: one screen)."),
]
AllRows = Annotated[bool, typer.Option("--all", "-a", help="Every row, not one screen.")]
AsOf = Annotated[
    str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Act as if today were this day.")
]


def rows_wanted(limit: int | None, every: bool) -> int | None:
    """The page of a long list: --limit N, everything (--all, or output into a pipe or a
    file), or one screen of the terminal."""
    if limit is not None and limit < 1:
        raise Invalid(_("--limit must be 1 or more, not {n}").format(n=limit))
    from acctcli.render.plain import page_size

    return page_size(limit, every)


def parse_fees(values: list[str] | None, option: str = "--fee") -> dict[str, Decimal] | None:
    """--fee seo=50000 --fee smm=30 000 (and --cost, the same way)"""
    if not values:
        return None
    from acctcli.domain.money import parse_amount

    fees: dict[str, Decimal] = {}
    for item in values:
        service, sep, amount = item.partition("=")
        if not sep or not service.strip():
            bad = _("bad {option} {value}: expected SERVICE=AMOUNT, e.g. seo=50000")
            raise Invalid(bad.format(option=option, value=repr(item)))
        fees[service.strip()] = parse_amount(amount)
    return fees


def routed(target: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare a command that the entry point may run before Typer loads.

    The decorated function only declares the options (and the help); its body is `target`
    ("module:function"), called as function(app_context, **options).  `make routes`
    copies the options into acctcli/cli/routes.py, which tests/cli/test_routes.py keeps
    in step with the declaration.
    """
    from functools import wraps
    from importlib import import_module

    def declare(declaration: Callable[..., None]) -> Callable[..., None]:
        @wraps(declaration)
        def command(ctx: typer.Context, **options: Any) -> None:
            module, _, function = target.partition(":")
            getattr(import_module(module), function)(ctx.obj, **options)

        command.fast_target = target  # type: ignore[attr-defined]
        return command

    return declare
