"""List user-facing English literals that bypass gettext: `python tools/untranslated.py [PATH…]`.

A literal (a string with a letter in it, or an f-string with one) is user-facing when it is
passed straight to an output function — print, typer.echo, a console's print, sys.stdout /
sys.stderr .write, Rich's Table/Text/Panel and add_column/add_row, a prompt — or to an acct
error (any exception class but Python's own: those are for programmers).  Wrapped in
`_()`, `ngettext()`, `pgettext()` or `N_()` it is translated and fine.  Exit 1 when any is
found; tests/test_i18n.py runs this over src/acctcli.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "acctcli"
OUTPUT_FUNCTIONS = {"print", "echo", "secho", "prompt", "confirm"}
OUTPUT_METHODS = {"print", "write", "add_column", "add_row", "log", "rule", "status"}
RICH_TYPES = {"Table", "Text", "Panel", "Column", "Rule", "Progress", "Confirm", "Prompt"}
PYTHON_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
LETTER = re.compile(r"[A-Za-z]{2,}")
# Exempt: what is not prose — JSON keys, format specs, styles, ids, separators.
NOT_PROSE = re.compile(r"^[\s\W\d]*$|^\[/?[a-z ]+\]$|^[a-z_]+$|^#[0-9a-f]{3,6}$")


def _prose(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
        return bool(LETTER.search(text)) and not NOT_PROSE.match(text) and " " in text.strip()
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return any(LETTER.search(str(p)) and " " in str(p).strip(" ") for p in parts)
    if isinstance(node, ast.BinOp):
        return _prose(node.left) or _prose(node.right)
    if isinstance(node, ast.IfExp):
        return _prose(node.body) or _prose(node.orelse)
    return False


def _name(func: ast.AST) -> tuple[str, str]:
    """(owner, name) of a call: ("", "print"), ("console", "print"), ("sys.stderr", "write")."""
    if isinstance(func, ast.Name):
        return "", func.id
    if isinstance(func, ast.Attribute):
        owner = ast.unparse(func.value)
        return owner, func.attr
    return "", ""


def _is_output(call: ast.Call) -> bool:
    owner, name = _name(call.func)
    if not owner:
        return name in OUTPUT_FUNCTIONS or name in RICH_TYPES
    if name == "write":
        return owner in ("sys.stdout", "sys.stderr", "out", "err", "stream")
    return name in OUTPUT_METHODS or name in RICH_TYPES or name in OUTPUT_FUNCTIONS


GETTEXT = {"_", "ngettext", "pgettext", "npgettext", "N_", "NP_"}


def _hidden_messages(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Messages the extractor cannot see: a gettext call inside an f-string, or one whose
    message is an f-string or a concatenation (the catalog would never hold them)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _name(inner.func)[1] in GETTEXT:
                    yield node.lineno, "gettext call inside an f-string: " + ast.unparse(inner)
        elif isinstance(node, ast.Call) and _name(node.func) in {("", g) for g in GETTEXT}:
            for arg in node.args:
                if isinstance(arg, ast.JoinedStr | ast.BinOp):
                    yield node.lineno, "message built at run time: " + ast.unparse(arg)[:70]


def findings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    yield from _hidden_messages(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            _owner, name = _name(node.exc.func)
            if name in PYTHON_ERRORS:
                continue
            args = [*node.exc.args, *(k.value for k in node.exc.keywords)]
        elif isinstance(node, ast.Call) and _is_output(node):
            args = [*node.args, *(k.value for k in node.keywords if k.arg != "style")]
        else:
            continue
        for arg in args:
            if _prose(arg):
                yield getattr(arg, "lineno", node.lineno), ast.unparse(arg)[:90]


def scan(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if "migrations" in file.parts:
                continue
            for line, text in findings(file):
                found.append(f"{file.relative_to(PACKAGE.parent)}:{line}: {text}")
    return found


def main(argv: list[str]) -> int:
    found = scan([Path(a).resolve() for a in argv] or [PACKAGE])
    print("\n".join(found))
    print(f"{len(found)} untranslated", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
