"""The import rules of style.md, read from the source of every module: dependencies point one
way (cli → services → domain), store/ and mail/ are adapters, only cli/ renders, and the
domain is pure.  No exceptions list: a module that needs one is in the wrong place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "acctcli"

# The layer of each top-level module or package; a layer may import the layers listed for it.
LAYER = {
    "entry": "cli",
    "app": "cli",
    "context": "cli",
    "__main__": "cli",
    "cli": "cli",
    "services": "services",
    "settings": "settings",
    "config": "settings",
    "store": "store",
    "mail": "mail",
    "render": "render",
    "domain": "domain",
    "errors": "errors",
    "i18n": "errors",  # the interface language: below everything, imports nothing of acct
    "__init__": "errors",  # the package itself: the version string
    "records": "errors",  # NamedTuple, quick to create: below everything
    "patterns": "errors",  # regular expressions compiled on first use: below everything
}
ALLOWED = {
    "cli": {"cli", "services", "settings", "store", "mail", "render", "domain", "errors"},
    "services": {"services", "settings", "store", "mail", "domain", "errors"},
    "settings": {"settings", "domain", "errors"},
    "store": {"store", "domain", "errors"},
    "mail": {"mail", "domain", "errors"},
    "render": {"render", "domain", "errors"},
    "domain": {"domain", "errors"},
    "errors": {"errors"},
}
DOMAIN_BANNED = {"typer", "rich", "sqlalchemy", "sqlmodel", "sqlite3", "psycopg2", "alembic"}
CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}
CLOCK_MODULES = {("time", "time"), ("time", "localtime"), ("time", "monotonic")}


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def layer_of(path: Path) -> str:
    top = path.relative_to(SRC).parts[0].removesuffix(".py")
    return LAYER[top]


def imported(tree: ast.AST) -> list[tuple[str, int]]:
    """Every module an import statement names (inside functions and TYPE_CHECKING too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"line {node.lineno}: use absolute imports"
            found.append((node.module or "", node.lineno))
            if node.module == "acctcli":
                found += [
                    (f"acctcli.{alias.name}", node.lineno)
                    for alias in node.names
                    if alias.name in LAYER  # a module, not a name such as __version__
                ]
    return found


def _rel(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


def test_every_top_level_module_has_a_layer() -> None:
    tops = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in modules()}
    assert tops <= set(LAYER), tops - set(LAYER)


@pytest.mark.parametrize("path", modules(), ids=_rel)
def test_imports_point_down_the_layers(path: Path) -> None:
    mine = layer_of(path)
    bad = []
    for name, line in imported(ast.parse(path.read_text(encoding="utf-8"))):
        parts = name.split(".")
        if parts[0] != "acctcli" or len(parts) < 2:
            continue
        theirs = LAYER[parts[1]]
        if theirs not in ALLOWED[mine]:
            bad.append(f"line {line}: {mine} imports {name} ({theirs})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", [p for p in modules() if layer_of(p) == "domain"], ids=_rel)
def test_the_domain_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        f"line {line}: imports {name}"
        for name, line in imported(tree)
        if name.split(".")[0] in DOMAIN_BANNED
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in CLOCK | CLOCK_MODULES:
                bad.append(f"line {node.lineno}: reads the clock ({name}.{node.func.attr}())")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", modules(), ids=_rel)
def test_rich_is_imported_only_in_render(path: Path) -> None:
    if layer_of(path) == "render":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rich = [line for name, line in imported(tree) if name.split(".")[0] == "rich"]
    assert not rich, f"Rich imported on lines {rich}"


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a domain module importing a service is reported."""
    tree = ast.parse("def f():\n    from acctcli.services.calls import call_list\n")
    names = [name for name, _ in imported(tree)]
    assert names == ["acctcli.services.calls"]
    assert LAYER[names[0].split(".")[1]] not in ALLOWED["domain"]
