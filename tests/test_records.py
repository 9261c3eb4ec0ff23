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


class Single(NamedTuple):
    only: str


class Empty(NamedTuple):
    pass


def test_records_behave_as_collections_namedtuple_does() -> None:
    import pickle
    from collections import namedtuple

    Same = namedtuple("Same", ["x", "y", "label"], defaults=[None, ""])
    for make in (Point, Same):
        p = make(1, label="b")
        assert tuple(p) == (1, None, "b") and p.x == 1 and p[2] == "b" and hash(p) == hash(tuple(p))
        assert make._make([5, 6, "c"]) == (5, 6, "c")
        with pytest.raises(TypeError, match="Expected 3 arguments, got 2"):
            make._make([1, 2])
        with pytest.raises(ValueError, match="unexpected field names"):
            p._replace(z=1)
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'x'"):
            make()
        with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
            make(1, z=2)
        with pytest.raises(TypeError, match="multiple values for argument 'x'"):
            make(1, x=2)
        with pytest.raises(AttributeError):
            p.x = 2  # type: ignore[misc]
        with pytest.raises(AttributeError):
            p.anything = 2  # type: ignore[attr-defined]
        assert p.__match_args__ == ("x", "y", "label")
        match p:
            case make(x, y, label):  # type: ignore[misc]
                assert (x, y, label) == (1, None, "b")
    assert repr(Point(1, label="b")) == repr(Same(1, label="b")).replace("Same", "Point")
    assert pickle.loads(pickle.dumps(Point(2, 3, "z"))) == Point(2, 3, "z")
    assert type(pickle.loads(pickle.dumps(Point(2)))) is Point
    assert (
        Single("a") == ("a",)
        and Single(only="a").only == "a"
        and repr(Single("a")) == "Single(only='a')"
    )
    assert Empty() == () and Empty._fields == () and repr(Empty()) == "Empty()"


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="follows a default field"):

        class Bad(NamedTuple):
            a: int = 1
            b: int


def test_a_record_keeps_namedtuple_s_own_names() -> None:
    with pytest.raises(AttributeError, match="_replace"):

        class Bad(NamedTuple):
            a: int

            def _replace(self) -> None: ...

    with pytest.raises(ValueError, match="underscore"):

        class Hidden(NamedTuple):
            _a: int


def test_no_module_makes_its_records_with_typing_namedtuple() -> None:
    slow = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "records.py"
        and re.search(r"^from typing import [^\n]*\bNamedTuple\b", path.read_text(), re.M)
    ]
    assert slow == [], "use `from acctcli.records import NamedTuple` (see records.py)"
