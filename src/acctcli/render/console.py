"""The Rich consoles: colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any


def make_console(*, stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    no_color = bool(os.environ.get("NO_COLOR")) or not stream.isatty()
    return Console(
        file=stream,
        no_color=no_color,
        highlight=False,
        emoji=False,
        markup=True,
        soft_wrap=False,
    )


def print_json(document: object) -> None:
    """One JSON document on stdout: no colour, no markup, non-ASCII kept readable; indented
    for a person on a terminal, on one line for a program reading a pipe or a file (Python's
    C encoder only writes unindented JSON: `acct today --json` of a busy morning is several
    times faster, issue 14)."""
    import json

    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent, default=str) + "\n")
