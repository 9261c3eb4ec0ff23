"""`NamedTuple` for acct's small record types, made ten times faster at import.

`typing.NamedTuple` type-checks every annotation when a class is created: with postponed
annotations each one is compiled as a ForwardRef, about 0.3 ms a class, and
`collections.namedtuple` under it compiles a `__new__` from source for each class (~50 µs).
`acct today` creates some sixty record classes on its way.  The classes here behave as
namedtuple's do (fields, defaults, keywords, `_make`, `_replace`, `_asdict`, repr, pickling,
pattern matching; tests/test_records.py compares them), made from the annotations without
checking them (mypy checks them, and it sees `typing.NamedTuple` itself), with one
`__new__` compiled per number of fields.

    from acctcli.records import NamedTuple

    class Point(NamedTuple):
        x: int
        y: int = 0
"""

from __future__ import annotations

# `typing` itself costs ~4 ms at start-up, so modules on the morning's path import it only for
# the type checker, which treats any name TYPE_CHECKING as true:
#     TYPE_CHECKING = False
#     if TYPE_CHECKING:
#         from typing import Any
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from typing import NamedTuple as NamedTuple
else:
    from _collections import _tuplegetter
    from types import FunctionType

    _SKIP = frozenset(("__annotations__", "__module__", "__qualname__", "__orig_bases__"))
    _RESERVED = frozenset(("_fields", "_make", "_replace", "_asdict", "_field_defaults"))
    _tuple_new = tuple.__new__
    _NEW_CODE: dict[int, Any] = {}  # the code of `__new__` for n fields, compiled once per n

    def _new(name: str, fields: tuple[str, ...], defaults: tuple[Any, ...]) -> Any:
        """`__new__(cls, field, …)` with the fields as its parameter names, so that records
        take keywords and say which argument is missing.  `collections.namedtuple` compiles one
        from source for every class (~50 µs); the code for n fields is compiled once and
        renamed."""
        code = _NEW_CODE.get(len(fields))
        if code is None:
            names = ", ".join(f"_{i}" for i in range(len(fields)))
            tupled = f"({names},)" if len(fields) == 1 else f"({names})"
            source = f"lambda _cls{', ' if fields else ''}{names}: _tuple_new(_cls, {tupled})"
            code = _NEW_CODE[len(fields)] = eval(source, {}).__code__
        code = code.replace(
            co_varnames=("_cls", *fields), co_name="__new__", co_qualname=f"{name}.__new__"
        )
        return FunctionType(code, {"_tuple_new": _tuple_new}, "__new__", defaults or None)

    class _Record(tuple):  # type: ignore[type-arg]
        """What every record type shares (namedtuple's methods, written once)."""

        __slots__ = ()
        _fields: tuple[str, ...] = ()

        @classmethod
        def _make(cls, iterable: Any) -> Any:
            result = _tuple_new(cls, iterable)
            if len(result) != len(cls._fields):
                raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
            return result

        def _replace(self, /, **changes: Any) -> Any:
            result = self._make(map(changes.pop, self._fields, self))
            if changes:
                raise ValueError(f"Got unexpected field names: {list(changes)!r}")
            return result

        def _asdict(self) -> dict[str, Any]:
            return dict(zip(self._fields, self, strict=False))

        def __repr__(self) -> str:
            inner = ", ".join(
                f"{name}={value!r}" for name, value in zip(self._fields, self, strict=False)
            )
            return f"{type(self).__name__}({inner})"

        def __getnewargs__(self) -> tuple[Any, ...]:
            return tuple(self)

    class _RecordMeta(type):
        def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(mcls, name, bases, ns)
            fields = tuple(ns.get("__annotations__", {}))
            defaults = []
            for field in fields:
                if field.startswith("_"):
                    raise ValueError(f"field names cannot start with an underscore: {field!r}")
                if field in ns:
                    defaults.append(ns[field])
                elif defaults:
                    raise TypeError(f"non-default field {field} follows a default field in {name}")
            body: dict[str, Any] = {
                "__slots__": (),
                "__module__": ns.get("__module__"),
                "__qualname__": ns.get("__qualname__", name),
                "__doc__": f"{name}({', '.join(fields)})",
                "__annotations__": ns.get("__annotations__", {}),
                "__match_args__": fields,
                "_fields": fields,
                "_field_defaults": dict(
                    zip(fields[len(fields) - len(defaults) :], defaults, strict=True)
                ),
                "__new__": _new(name, fields, tuple(defaults)),
            }
            for index, field in enumerate(fields):
                body[field] = _tuplegetter(index, f"Alias for field number {index}")
            for key, value in ns.items():
                if key in _SKIP or key in fields:
                    continue
                if key in _RESERVED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                body[key] = value
            return type(name, (_Record,), body)

    class NamedTuple(metaclass=_RecordMeta):
        """Base of a record type: `class X(NamedTuple): field: type = default`."""
