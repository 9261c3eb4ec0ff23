"""`NamedTuple` for acct's small record types, made four times faster at import.

`typing.NamedTuple` type-checks every annotation when a class is created: with postponed
annotations each one is compiled as a ForwardRef, about 0.3 ms a class.  `acct today` creates
some fifty record classes on its way, which costs more than half of `python -c pass`.  The
classes here are the same `collections.namedtuple` types, made from the annotations without
checking them (mypy checks them, and it sees `typing.NamedTuple` itself).

    from acctcli.records import NamedTuple

    class Point(NamedTuple):
        x: int
        y: int = 0
"""

from __future__ import annotations

from collections import namedtuple

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
    _SKIP = frozenset(("__annotations__", "__module__", "__qualname__", "__orig_bases__"))

    class _RecordMeta(type):
        def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(mcls, name, bases, ns)
            fields = list(ns.get("__annotations__", {}))
            defaults = []
            for field in fields:
                if field in ns:
                    defaults.append(ns[field])
                elif defaults:
                    raise TypeError(f"non-default field {field} follows a default field in {name}")
            record = namedtuple(name, fields, defaults=defaults, module=ns.get("__module__"))
            record.__annotations__ = ns.get("__annotations__", {})
            record.__qualname__ = ns.get("__qualname__", name)
            for key, value in ns.items():
                if key in _SKIP or key in fields:
                    continue
                if key in ("_fields", "_make", "_replace", "_asdict"):
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_RecordMeta):
        """Base of a record type: `class X(NamedTuple): field: type = default`."""
