"""acctcli.records.NamedTuple: the same record types as typing.NamedTuple, made without
checking annotations at run time — and the only NamedTuple acct's modules use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from acctcli.records import NamedTuple

SRC = Path(__file__).resolve().parents[1] / "src" / "acctcli"


class Point(NamedTuple):
    """A point on the plane."""

    x: int
    y: int | None = None
    label: str = ""

    def total(self) -> int:
        return self.x + (self.y or 0)

    @property
    def twice(self) -> int:
        return self.x * 2


def test_a_record_is_a_named_tuple_with_its_defaults_methods_and_docstring() -> None:
    p = Point(3)
    assert p == (3, None, "") and isinstance(p, tuple)
    assert p._fields == ("x", "y", "label")
    assert Point._field_defaults == {"y": None, "label": ""}
    assert p._replace(y=4).total() == 7 and p.twice == 6
    assert Point(x=1, label="a")._asdict() == {"x": 1, "y": None, "label": "a"}
    assert Point.__doc__ == "A point on the plane."
    assert Point.__module__ == __name__ and Point.__qualname__ == "Point"
    assert repr(p) == "Point(x=3, y=None, label='')"
    assert Point.__annotations__["x"] == "int"


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="follows a default field"):

        class Bad(NamedTuple):
            a: int = 1
            b: int


def test_no_module_makes_its_records_with_typing_namedtuple() -> None:
    slow = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "records.py"
        and re.search(r"^from typing import [^\n]*\bNamedTuple\b", path.read_text(), re.M)
    ]
    assert slow == [], "use `from acctcli.records import NamedTuple` (see records.py)"
