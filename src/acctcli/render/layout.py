"""Text with styles, borderless tables and groups laid out as Rich lays them out, without
Rich (whose import alone costs ~30 ms, 2x `python -c pass`): `acct kpi` drew its report with
Rich and prints it byte for byte as before with this (tests/golden/kpi).

The same small API as Rich's (`Text`, `Table`, `Group`), so one builder serves both; it covers
what `acct kpi` uses: spans of style, word wrapping and folding, ellipsis, left and right
justification, column widths measured, collapsed and reduced like Rich's, padding, styled
segments written as Rich writes them.  Widths count terminal cells with plain.cells; where
that may differ from Rich's own tables (scripts with combining marks, joined emoji, characters
newer than Python's Unicode data), `Unsupported` is raised and the caller renders with Rich.
"""

from __future__ import annotations

import os
import re
import sys

from acctcli.render.plain import cells

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any, TextIO

    Segment = tuple[str, tuple[str, ...]]  # text and its style (names, in order)

# Characters measured alike by plain.cells and by Rich 15 (checked code point by code point
# in tests/cli/test_kpi_layout.py): Latin, Greek, Cyrillic, punctuation, signs, arrows,
# blocks, CJK, kana, Hangul syllables, full-width forms and the common emoji.  First and last
# of each range; a character once found in them is remembered (a regular expression of these
# ranges takes ~8 ms to compile).
_SAFE_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x377), (0x37A, 0x37F),
    (0x384, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1), (0x3A3, 0x482), (0x48A, 0x52F),
    (0x2010, 0x2027), (0x2030, 0x205E), (0x20A0, 0x20C0), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2500, 0x25FF), (0x2700, 0x2767),
    (0x3001, 0x303E), (0x3041, 0x3096), (0x30A0, 0x30FF), (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3), (0xFF01, 0xFF60), (0x1F300, 0x1F3FA), (0x1F400, 0x1F64F),
    (0x1F680, 0x1F6C5), (0x1F90C, 0x1F9FF),
)  # fmt: skip
_STARTS = tuple(start for start, _ in _SAFE_RANGES)
_measured: set[str] = set()


def safe_char(ch: str) -> bool:
    """Is `ch` among the characters plain.cells measures as Rich does?"""
    from bisect import bisect_right

    index = bisect_right(_STARTS, ord(ch)) - 1
    return index >= 0 and ord(ch) <= _SAFE_RANGES[index][1]


_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")
_ATTRIBUTES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4"}
_COLOURS = {"red": "31", "green": "32", "yellow": "33", "dark_orange": "38;5;208"}


class Unsupported(Exception):
    """Text this layout cannot promise to measure as Rich does."""


def _check(text: str) -> str:
    if text.isascii() and text.isprintable() or _measured.issuperset(text):
        return text
    for ch in set(text) - _measured:
        if not safe_char(ch):
            raise Unsupported(text)
        _measured.add(ch)
    return text


def _cut(text: str, total: int) -> str:
    """Rich's set_cell_size: cut or pad to `total` cells; a wide character cut in two becomes
    a space."""
    if total <= 0:
        return ""
    size = cells(text)
    if size <= total:
        return text + " " * (total - size)
    out, used = [], 0
    for ch in text:
        w = cells(ch)
        if used + w > total:
            if used < total:
                out.append(" ")
            break
        out.append(ch)
        used += w
    return "".join(out)


def _chop(text: str, width: int) -> list[str]:
    """Rich's chop_cells: fold a word into pieces of at most `width` cells."""
    lines: list[str] = []
    start, size = 0, 0
    for index, ch in enumerate(text):
        w = cells(ch)
        if size + w > width:
            lines.append(text[start:index])
            start, size = index, 0
        size += w
    if size:
        lines.append(text[start:])
    return lines


def _breaks(text: str, width: int, fold: bool) -> list[int]:
    """Rich's divide_line: where to break `text` to fit `width` cells."""
    out: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            if fold:
                pieces = _chop(word, width)
                for index, piece in enumerate(pieces):
                    if start:
                        out.append(start)
                    if index == len(pieces) - 1:
                        offset = cells(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    out.append(start)
                offset = cells(word)
        elif offset and start:
            out.append(start)
            offset = cells(word)
    return out


class Text:
    """A line of text, a base style and spans of style over it (Rich's Text, in small)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = _check(text)
        self.style = style
        self.spans: list[tuple[int, int, str]] = []

    @classmethod
    def assemble(cls, *parts: str | tuple[str, str]) -> Text:
        text = cls()
        for part in parts:
            text.append(*part) if isinstance(part, tuple) else text.append(part)
        return text

    def append(self, text: str, style: str = "") -> Text:
        if text:
            start = len(self.plain)
            self.plain += _check(text)
            if style:
                self.spans.append((start, len(self.plain), style))
        return self

    def append_text(self, text: Text) -> Text:
        if text.plain:
            start = len(self.plain)
            if text.style:
                self.spans.append((start, start + len(text.plain), text.style))
            self.spans += [(start + a, start + b, s) for a, b, s in text.spans]
            self.plain += text.plain
        return self

    def copy(self, plain: str) -> Text:
        new = Text(style=self.style)
        new.plain = plain
        return new

    def measure(self) -> tuple[int, int]:
        widest = max((cells(line) for line in self.plain.splitlines()), default=0)
        words = self.plain.split()
        return (max(cells(w) for w in words) if words else widest), widest

    def _crop(self, length: int) -> None:
        """Rich's right_crop and _trim_spans: the text shortened, its spans cut to it."""
        self.spans = [(a, min(b, length), s) for a, b, s in self.spans if a < length]

    def _set(self, plain: str) -> None:
        if plain != self.plain:
            shorter = len(plain) < len(self.plain)
            self.plain = plain
            if shorter:
                self._crop(len(plain))

    def truncate(self, width: int, overflow: str, pad: bool = False) -> None:
        length = cells(self.plain)
        if length > width:
            if overflow == "ellipsis":
                self._set(_cut(self.plain, width - 1) + "…")
            else:
                self._set(_cut(self.plain, width))
        if pad and length < width:
            self.plain += " " * (width - length)

    def divide(self, offsets: list[int]) -> list[Text]:
        bounds = [0, *offsets, len(self.plain)]
        lines = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            line = self.copy(self.plain[start:end])
            for a, b, s in self.spans:
                new_start, new_end = max(0, a - start), min(b - start, end - start)
                if new_end > new_start:
                    line.spans.append((new_start, new_end, s))
            lines.append(line)
        return lines

    def wrap(self, width: int, justify: str, overflow: str, no_wrap: bool) -> list[Text]:
        """Rich's Text.wrap (one paragraph: acct's lines hold no newline)."""
        if no_wrap:
            lines = [self.copy(self.plain)]
            lines[0].spans = list(self.spans)
        else:
            lines = self.divide(_breaks(self.plain, width, overflow == "fold"))
        for line in lines:
            if len(line.plain) > width:
                space = _TRAILING_SPACE.search(line.plain)
                if space is not None:
                    cut = min(len(space.group(0)), len(line.plain) - width)
                    line.plain = line.plain[:-cut]
                    line._crop(len(line.plain))
            if justify == "left":
                line.truncate(width, overflow, pad=True)
            elif justify == "right":
                line._set(line.plain.rstrip())
                line.truncate(width, overflow)
                room = width - cells(line.plain)
                if room > 0:
                    line.plain = " " * room + line.plain
                    line.spans = [(a + room, b + room, s) for a, b, s in line.spans]
        for line in lines:
            line.truncate(width, overflow)
        return lines

    def segments(self) -> list[Segment]:
        """Rich's Text.render of a line joined into a paragraph: the base style is the first
        span; a segment at every boundary of a span."""
        spans = ([(0, len(self.plain), self.style)] if self.style else []) + self.spans
        if not spans:
            return [(self.plain, ())] if self.plain else []
        edges = sorted({0, len(self.plain), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
        out = []
        for start, end in zip(edges, edges[1:], strict=False):
            names = tuple(n for a, b, s in spans if a <= start and end <= b for n in s.split())
            out.append((self.plain[start:end], names))
        return out

    def lines(self, width: int, **how: Any) -> list[list[Segment]]:
        if width < 1:
            return []
        justify = how.get("justify") or "default"
        overflow = how.get("overflow") or "fold"
        wrapped = self.wrap(width, justify, overflow, how.get("no_wrap", False))
        return [line.segments() for line in wrapped]


def _text(cell: str | Text, style: str = "") -> Text:
    """A cell or a title as Rich's render_str makes it (acct's own strings: no markup)."""
    if isinstance(cell, Text):
        return cell
    if "[" in cell:  # Rich would read it as markup
        raise Unsupported(cell)
    return Text(cell, style)


def _normal(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


def _measure(cell: Text, max_width: int, pad: int) -> tuple[int, int]:
    """Rich's Measurement.get of a cell in its Padding."""
    if max_width < 1:
        return 0, 0
    if max_width - pad < 1:
        low, high = max_width, max_width
    else:
        low, high = _normal(*cell.measure())
        low, high = min(low, max_width), min(high, max_width)
        low, high = (0, 0) if high < 1 else _normal(low, high)
        low, high = min(low + pad, max_width), min(high + pad, max_width)
    low, high = _normal(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else _normal(low, high)


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining, out = total, []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            given = min(maximum, round(ratio * remaining / total_ratio))
            out.append(value - given)
            remaining -= given
            total_ratio -= ratio
        else:
            out.append(value)
    return out


class Column:
    def __init__(self, header: str | Text, **how: Any) -> None:
        self.header = _text(header)
        self.min_width: int | None = how.get("min_width")
        self.max_width: int | None = how.get("max_width")
        self.justify: str = how.get("justify", "left")
        self.no_wrap: bool = how.get("no_wrap", False)
        self.overflow: str = how.get("overflow", "ellipsis")
        self.style: str = how.get("style", "")
        self.cells: list[Text] = []


class Table:
    """A borderless Rich Table (box=None, pad_edge=False): a title, a header, rows."""

    def __init__(self, title: str | None = None, show_header: bool = True, **_: Any) -> None:
        self.title = None if title is None else _text(title, "bold")
        self.show_header = show_header
        self.columns: list[Column] = []

    def add_column(self, header: str = "", **how: Any) -> None:
        self.columns.append(Column(header, **how))

    def add_row(self, *row: str | Text) -> None:
        for column, cell in zip(self.columns, row, strict=True):
            column.cells.append(_text(cell))

    def _pad(self, index: int) -> tuple[int, int]:
        return (0 if index == 0 else 1), (0 if index == len(self.columns) - 1 else 1)

    def _column_range(self, index: int, max_width: int) -> tuple[int, int]:
        if max_width < 1:
            return 0, 0
        column = self.columns[index]
        pad = sum(self._pad(index))
        every = ([column.header] if self.show_header else []) + column.cells
        sizes = [_measure(cell, max_width, pad) for cell in every]
        low = max((s[0] for s in sizes), default=1)
        high = max((s[1] for s in sizes), default=max_width)
        low, high = min(low, max_width), min(high, max_width)
        if column.min_width is not None:
            least = max(0, column.min_width + pad)
            low, high = max(low, least), max(high, least)
        if column.max_width is not None:
            most = column.max_width + pad
            low, high = min(low, most), min(high, most)
        return low, high

    def widths(self, max_width: int) -> list[int]:
        """Rich's _calculate_column_widths (no expand, no ratios)."""
        n = len(self.columns)
        widths = [self._column_range(i, max_width)[1] or 1 for i in range(n)]
        if sum(widths) > max_width:
            wrapable = [not c.no_wrap for c in self.columns]
            excess = sum(widths) - max_width
            if any(wrapable):
                while sum(widths) and excess > 0:
                    top = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
                    second = max(
                        w if ok and w != top else 0 for w, ok in zip(widths, wrapable, strict=True)
                    )
                    ratios = [int(w == top and ok) for w, ok in zip(widths, wrapable, strict=True)]
                    if not any(ratios) or not top - second:
                        break
                    widths = _ratio_reduce(excess, ratios, [min(excess, top - second)] * n, widths)
                    excess = sum(widths) - max_width
            if sum(widths) > max_width:
                widths = _ratio_reduce(sum(widths) - max_width, [1] * n, widths, widths)
            widths = [self._column_range(i, w)[1] or 0 for i, w in enumerate(widths)]
        return widths

    def lines(self, width: int, **_: Any) -> list[list[Segment]]:
        widths = self.widths(width)
        out: list[list[Segment]] = []
        if self.title is not None:
            out += self.title.lines(sum(widths), justify="left")
        rows = [[c.header for c in self.columns]] if self.show_header else []
        rows += [list(r) for r in zip(*(c.cells for c in self.columns), strict=True)]
        for number, row in enumerate(rows):
            header = self.show_header and number == 0
            styles = self._styles(header)
            rendered = [
                self._cell(cell, column, w, self._pad(index), styles[index])
                for index, (cell, column, w) in enumerate(
                    zip(row, self.columns, widths, strict=True)
                )
            ]
            height = max(len(c) for c in rendered)  # Rich's row_height; the rows at least 1
            for line_no in range(max(height, 1)):
                line: list[Segment] = []
                for lines, w, style in zip(rendered, widths, styles, strict=True):
                    blank = [[(" " * w, style)]] * (height - len(lines))
                    shaped = (blank + lines) if header else (lines + blank)
                    line += _fit_line(shaped[line_no], w, ()) if shaped else [(" " * w, ())]
                out.append(line)
        return out

    def _styles(self, header: bool) -> list[tuple[str, ...]]:
        return [tuple(("bold" if header else c.style).split()) for c in self.columns]

    @staticmethod
    def _cell(
        cell: Text, column: Column, width: int, pad: tuple[int, int], style: tuple[str, ...]
    ) -> list[list[Segment]]:
        """Rich's Padding of a cell rendered in the cell's style, each line `width` wide."""
        left, right = pad
        if width < 1 or width - left - right < 1:
            return []  # Rich renders nothing where there is no room
        inner = cell.lines(
            width - left - right,
            justify=column.justify,
            overflow=column.overflow,
            no_wrap=column.no_wrap,
        )
        lines = []
        for segments in inner:
            segments = _fit_line(segments, width - left - right, ())
            line = ([(" " * left, ())] if left else []) + segments
            line += [(" " * right, ())] if right else []
            lines.append(_fit_line([(t, style + s) for t, s in line], width, style))
        return lines


def _fit_line(line: list[Segment], width: int, style: tuple[str, ...]) -> list[Segment]:
    """Rich's adjust_line_length: pad with a segment of `style`, or crop."""
    size = sum(cells(t) for t, _ in line)
    if size < width:
        return [*line, (" " * (width - size), style)]
    if size == width:
        return line[:]
    out, used = [], 0
    for text, s in line:
        w = cells(text)
        if used + w < width:
            out.append((text, s))
            used += w
        else:
            out.append((_cut(text, width - used), s))
            break
    return out


class Group:
    def __init__(self, *parts: Text | Table | Group) -> None:
        self.parts = parts

    def lines(self, width: int, **_: Any) -> list[list[Segment]]:
        return [line for part in self.parts for line in part.lines(width)]


# --- the console Rich made (render/console.py), without Rich --------------------------------


def _is_terminal(stream: TextIO) -> bool:
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def console_profile(stream: TextIO | None = None) -> tuple[int, str | None, bool]:
    """The width, colour system and no-colour flag of render.console.make_console's Rich
    console on `stream`: COLUMNS, else the terminal of stdin, stdout or stderr, else 80;
    colours by COLORTERM and TERM on a terminal; NO_COLOR or not a terminal: no colours."""
    stream = stream or sys.stdout
    env = os.environ
    terminal = _is_terminal(stream)
    dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    columns = env.get("COLUMNS", "")
    fixed = int(columns) if columns.isdigit() else None
    if fixed is not None and env.get("LINES", "").isdigit():
        width = fixed
    elif dumb:
        width = 80
    else:
        width = 0
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd).columns
                break
            except (AttributeError, ValueError, OSError):
                pass
        width = fixed if fixed is not None else (width or 80)
    system = None
    if terminal and not dumb:
        colour_term = env.get("COLORTERM", "").strip().lower()
        term = env.get("TERM", "").strip().lower().rpartition("-")[2]
        system = (
            "truecolor"
            if colour_term in ("truecolor", "24bit")
            else ("256" if term in ("kitty", "256color") else "standard")
        )
    try:
        plain = bool(env.get("NO_COLOR")) or not stream.isatty()
    except ValueError:
        plain = True
    return width, system, plain


def _ansi(names: tuple[str, ...], system: str, no_color: bool) -> str:
    attributes = [code for name, code in _ATTRIBUTES.items() if name in names]
    colour = next((n for n in reversed(names) if n in _COLOURS), None)
    if colour is not None and not no_color:
        code = _COLOURS[colour]
        attributes.append("91" if code == "38;5;208" and system == "standard" else code)
    return ";".join(attributes)


def render_text(renderable: Text | Table | Group, profile: tuple[int, str | None, bool]) -> str:
    """What Rich's console.print(renderable) wrote: each line cropped to the width, each
    styled segment in its own escape sequence."""
    width, system, no_color = profile
    out: list[str] = []
    for line in renderable.lines(width):
        size = sum(cells(t) for t, _ in line)
        if size > width:
            line = _fit_line(line, width, ())
        for text, names in line:
            codes = _ansi(names, system, no_color) if system and text else ""
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        out.append("\n")
    return "".join(out)
