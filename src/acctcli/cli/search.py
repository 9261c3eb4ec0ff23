"""acct search: find any message, touch, incident, client note or onboarding step."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from acctcli.cli.options import Json, routed


class SearchCommand(TyperCommand):
    """`acct search` where `-word` (exclude it) is a word of the query, not an option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ignore_unknown_options = True

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """`-word`s go after a `--`, where Click reads them as words: left among the options,
        Click took `-nothing` for -n -o -t -h… and its `h` printed the help."""
        takes_value = {
            name
            for param in self.params
            if not getattr(param, "is_flag", True) and getattr(param, "opts", None)
            for name in param.opts
        }
        head, sep, tail = list(args), [], []  # type: ignore[var-annotated]
        if "--" in head:
            at = head.index("--")
            head, sep, tail = head[:at], ["--"], head[at + 1 :]
        known = {name for param in self.get_params(ctx) for name in getattr(param, "opts", ())}
        kept, words = [], []
        for n, arg in enumerate(head):
            value = n > 0 and head[n - 1] in takes_value
            if not value and arg.startswith("--") and arg.split("=", 1)[0] not in known:
                # a mistyped option (--sinse) is said, not searched for as a word
                from difflib import get_close_matches

                from typer import _click

                name = arg.split("=", 1)[0]
                close = get_close_matches(name, sorted(known), n=3)
                raise _click.exceptions.NoSuchOption(name, possibilities=close, ctx=ctx)
            if not value and len(arg) > 1 and arg[0] == "-" and arg[1] != "-" and arg != "-h":
                words.append(arg)
            else:
                kept.append(arg)
        if words:
            return super().parse_args(ctx, [*kept, "--", *words, *tail])
        return super().parse_args(ctx, [*kept, *sep, *tail])


@routed("acctcli.cli.search_run:run")
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY…",
            help='Words (all must match), "a phrase", prefix*, -word, OR, and from: to: '
            "client: subject: after: before:.",
        ),
    ],
    client: Annotated[
        str | None,
        typer.Option("--client", metavar="CLIENT", help="One client's (exact name or a prefix)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", metavar="KIND", help="Only this kind: mail, touch, incident, note or step."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Dated on or after: 2026-10-01, 3 ноя, вчера…"
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Dated on or before: 01.11.2026, fri…"),
    ] = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            metavar="STATE",
            help="Mail in this state: new, needs-reply, waiting, snoozed, done.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="At most N hits.")] = 20,
    json: Json = False,
) -> None:
    """Search mail (subject, sender, text, attachments' names), touches' notes, incidents,
    client notes and onboarding steps, best match first (then the newest).  Russian and
    English words match their other forms: счёт finds счета, invoices finds invoice.

    Example: acct search счёт from:ivan after:2026-10-01

    Example: acct search "акт сверки" OR отчёт* -черновик --client СтройМаркет
    """
