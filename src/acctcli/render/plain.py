"""Plain terminal text without Rich, for the commands that must start instantly (`acct today`,
`acct calls`, `acct mail list`): widths in terminal cells, cutting with an ellipsis, ANSI
colour only on a terminal and never with NO_COLOR, and simple column layout."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Sequence

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import TextIO, TypeVar

    T = TypeVar("T")

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}

Cell = str | tuple[str, Sequence[str]]  # text, or text with its styles


def char_cells(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


# Latin, Cyrillic and the usual punctuation, currency and letterlike signs: no wide character
# and no combining mark among them, so such text takes one cell a character
_NARROW = re.compile(
    "[\x00-\u02ff\u0400-\u0482\u048a-\u052f\u2000-\u2064\u2066-\u206f\u20a0-\u20c0\u2100-\u214f]*"
)


def cells(text: str) -> int:
    """How many terminal columns `text` takes (wide characters two, combining marks none)."""
    if text.isascii() or _NARROW.fullmatch(text):
        return len(text)
    return sum(char_cells(ch) for ch in text)


def fit(text: str, width: int) -> str:
    """Cut to `width` cells, an ellipsis marking the cut."""
    if width <= 0:
        return ""
    if cells(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_cells(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(width - cells(text), 0)


def colour_wanted(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def terminal_width(stream: TextIO | None = None) -> int:
    """COLUMNS when set, else the terminal's width, else 80; never under 20."""
    try:
        return max(20, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        pass
    try:
        return max(20, os.get_terminal_size((stream or sys.stdout).fileno()).columns)
    except (OSError, ValueError, AttributeError):
        return 80


class Painter:
    """Wraps text in ANSI styles, or leaves it alone when colour is off."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, *styles: str) -> str:
        if not self.colour or not styles or not text.strip():
            return text
        return f"\x1b[{';'.join(_CODES[s] for s in styles)}m{text}\x1b[0m"


def wrap_parts(parts: list[str], width: int, indent: str = "  ", sep: str = " · ") -> list[str]:
    """Join parts with `sep`, breaking lines between parts (never inside one)."""
    lines: list[str] = []
    current = ""
    for part in parts:
        candidate = part if not current else current + sep + part
        if current and cells(indent + candidate) > width:
            lines.append(indent + current)
            current = part
        else:
            current = candidate
    if current:
        lines.append(indent + current)
    return [fit(line, width) for line in lines]


def table_lines(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    width: int,
    paint: Painter,
    *,
    flexible: Sequence[int] = (),
    indent: str = "",
    right: Sequence[int] = (),
    footer: Sequence[Cell] | None = None,
    gap: int = 2,
) -> list[str]:
    """Columns as wide as their content; when that is too wide, the `flexible` columns give
    way (the widest first, down to 6 cells) and their text is cut with an ellipsis.  The
    `right` columns are aligned right (amounts); a `footer` row (totals) closes the table.
    One pass to measure and one to write, whatever the number of rows (issue 17)."""

    def text(cell: Cell) -> str:
        return cell if isinstance(cell, str) else cell[0]

    n = len(headers)
    every = [headers, *rows, *([footer] if footer is not None else [])]
    widths = [max(cells(text(r[i])) for r in every) for i in range(n)]
    room = width - cells(indent) - gap * (n - 1)
    while sum(widths) > room:
        candidates = [i for i in flexible if widths[i] > 6]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= max(1, min(widths[widest] - 6, sum(widths) - room))
    aligned = set(right)

    def line(row: Sequence[Cell], styles_for_all: Sequence[str] = ()) -> str:
        out = []
        for i, cell in enumerate(row):
            value = fit(text(cell), widths[i])
            fill = " " * max(widths[i] - cells(value), 0)
            value = fill + value if i in aligned else value + fill
            styles = tuple(styles_for_all) or (() if isinstance(cell, str) else tuple(cell[1]))
            out.append(paint(value, *styles))
        return (indent + (" " * gap).join(out)).rstrip()

    out = [line(headers, ("bold",)), *(line(r) for r in rows)]
    if footer is not None:
        out.append(line(footer, ("bold",)))
    return out


def page_size(limit: int | None, show_all: bool, stream: TextIO | None = None) -> int | None:
    """How many rows a long list prints: `--limit N`; everything with `--all`, into a pipe or
    a file; otherwise one screen of the terminal (issue 17: a list of 1,000 clients is not
    read on a terminal, it is searched)."""
    if limit is not None:
        return max(limit, 0)
    stream = stream or sys.stdout
    if show_all or not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    try:
        rows = os.get_terminal_size(stream.fileno()).lines
    except (OSError, ValueError, AttributeError):
        rows = 24
    return max(rows - 4, 5)  # the header, the footer, the hint and the prompt


def cut(rows: Sequence[T], size: int | None) -> tuple[Sequence[T], int]:
    """The first `size` rows (all with None) and how many are left out."""
    if size is None or len(rows) <= size:
        return rows, 0
    return rows[:size], len(rows) - size
