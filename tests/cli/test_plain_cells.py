"""Terminal widths: the quick path for Latin and Cyrillic text agrees with measuring each
character, for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from acctcli.render.plain import cells, char_cells


@given(st.text())
def test_cells_equal_the_sum_of_each_characters_cells(text: str) -> None:
    assert cells(text) == sum(char_cells(ch) for ch in text)


@given(st.text(alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x52F)))
def test_cyrillic_with_its_combining_marks(text: str) -> None:
    assert cells(text) == sum(char_cells(ch) for ch in text)


def test_wide_and_combining() -> None:
    assert cells("Клиент — 45 000 ₽") == 17
    assert cells("日本") == 4
    assert cells("е\u0301") == 1
