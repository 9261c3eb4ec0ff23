"""acct kpi: the month's receivables, churn and turnover growth, as kpi.md defines them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from acctcli.cli.options import AsOf, Json, Team, routed

THIS_MONTH = ""  # what a bare `--month` becomes
OPTIONAL_VALUE = ("--month", "-m")  # options whose value may be left out


def normalise_month(args: Sequence[str]) -> list[str]:
    """Let `--month` (`-m`) take an optional value, as users type it: a bare `--month` (last, or
    followed by another option) means this month.  Click options always need a value, so the
    bare form is rewritten to `--month=` before parsing."""
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            out.extend(args[index:])
            break
        following = args[index + 1] if index + 1 < len(args) else None
        bare = following is None or (following.startswith("-") and following != "-")
        out.append(f"--month={THIS_MONTH}" if arg in OPTIONAL_VALUE and bare else arg)
    return out


class KpiCommand(TyperCommand):
    """`acct kpi` with an optional-value `--month`."""

    optional_value_options = OPTIONAL_VALUE

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, normalise_month(args))


@routed("acctcli.cli.kpi_report:show_kpi")
def kpi(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            "-m",
            metavar="[YYYY-MM]",
            help="The month to report; bare --month (the default) is this month.",
        ),
    ] = None,
    team: Team = False,
    json: Json = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each formula with its numbers filled in.")
    ] = False,
    date: AsOf = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="revenue|profit",
            help="Rank the clients' profit table by revenue (the default) or by profit.",
        ),
    ] = None,
) -> None:
    """The account manager's KPIs for a month: receivables collected (aging, overdue, DSO,
    CEI), churn, turnover growth and upsells, recurring revenue and profit per project, against
    the month before.

    Example: acct kpi --month 2026-10 --explain
    """
