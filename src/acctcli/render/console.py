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
    times faster, issue 14).

    JSON escapes only C0 controls itself; the C1 controls (U+0080-U+009F, a CSI among them)
    and the marks that reorder text are written as \\u escapes too, so the document reads
    the same and a terminal it is printed on never sees them raw."""
    import json
    import re

    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(document, ensure_ascii=False, indent=indent, default=str)
    # inside a JSON string only (JSON's own syntax is ASCII), so the value stays the same
    unsafe = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
    sys.stdout.write(re.sub(unsafe, lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")
