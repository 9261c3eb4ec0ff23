"""Untrusted text (mail subjects, names, notes) made inert for the terminal.

`clean_text` is cheap and Rich-free, for plain output; `inert` wraps it in a Rich Text, which
Rich never parses for markup.  Control characters, escape sequences and bidi overrides are
shown as visible escapes instead of being sent to the terminal.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

# C0 and C1 controls (ESC, CSI, OSC…), and the marks that reorder or hide text: the bidi
# marks and overrides (U+061C, U+200E/F, U+202A-E, U+2066-9), line/paragraph separators, BOM
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean_text(value: object, *, single_line: bool = True) -> str:
    text = "" if value is None else str(value)
    if single_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    else:
        text = text.replace("\t", "    ")
    return _UNSAFE.sub(_escape, text)


def inert(value: object, style: str = "", *, single_line: bool = True) -> Any:
    from rich.text import Text

    return Text(clean_text(value, single_line=single_line), style=style)


def shell_quoted(value: object) -> str:
    """An argument as a shell would need it in a command shown to be pasted, made inert."""
    import shlex

    return clean_text(shlex.quote(str(value)))
