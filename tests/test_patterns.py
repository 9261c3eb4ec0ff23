"""acctcli.patterns: a pattern answers exactly as re.compile's, and is compiled on first use."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from acctcli.patterns import pattern

DOTTED = r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?"


@given(st.text(alphabet="0123456789./ -абв", max_size=20))
def test_a_lazy_pattern_answers_like_a_compiled_one(text: str) -> None:
    lazy, eager = pattern(DOTTED), re.compile(DOTTED)
    assert bool(lazy.fullmatch(text)) == bool(eager.fullmatch(text))
    assert [m.groups() for m in lazy.finditer(text)] == [m.groups() for m in eager.finditer(text)]
    assert lazy.sub("#", text) == eager.sub("#", text)


def test_importing_the_morning_modules_compiles_none_of_their_patterns() -> None:
    script = (
        "import acctcli.domain.dates as d, acctcli.domain.money as m\n"
        "print(d._DOTTED._compiled is None, m._PLAIN._compiled is None)\n"
        "assert str(d.parse_date('03.12.2026')) == '2026-12-03'\n"
        "print(d._DOTTED._compiled is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.split() == ["True", "True", "True"], out.stderr
