"""acct demo: load the demo agency."""

from __future__ import annotations

import typer

from acctcli.cli.options import AsOf
from acctcli.i18n import _, ngettext


def demo(ctx: typer.Context, date: AsOf = None) -> None:
    """Load the demo agency into an empty store, dated so that --date (default: today) is a
    lively morning.

    Example: ACCT_HOME=/tmp/acct-demo acct demo --date 2026-11-26
    """
    from acctcli.services.demo import load_demo

    obj = ctx.obj
    names = load_demo(obj.db, day=obj.today(date), now=obj.now(), owner=obj.settings.user)
    loaded = ngettext(
        "Loaded the demo agency: {n} client ({names}).",
        "Loaded the demo agency: {n} clients ({names}).",
        len(names),
    )
    obj.console.print(loaded.format(n=len(names), names=", ".join(names)), markup=False)
    obj.console.print(_("Next: acct client list --all"), markup=False)
