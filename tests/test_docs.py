"""The README documents every command and every option, and every command's help ends with
an example (in the spirit of sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.core import TyperGroup

from acctcli.cli.tablegen import root_group, walk

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def documentation() -> str:
    """README.md and every docs/ page it links to."""
    text = README.read_text(encoding="utf-8")
    pages = re.findall(r"\]\((docs/[\w./-]+\.md)\)", text)
    return "\n\n".join([text, *((ROOT / page).read_text(encoding="utf-8") for page in pages)])


DOCS = documentation()
SECTIONS = re.split(r"\n(?=#{1,3} )", DOCS)  # a command's options are documented in its section
# Options every command shares are documented once, at the top of "Usage".
COMMON = DOCS.split("## Usage", 1)[1].split("\n###", 1)[0]
COMMANDS = [(path, cmd) for path, cmd in walk(root_group()) if not isinstance(cmd, TyperGroup)]


def _mentions(text: str, word: str) -> bool:
    return re.search(re.escape(word) + r"(?![\w-])", text) is not None


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_and_option_is_documented(path: tuple[str, ...], command) -> None:  # type: ignore[no-untyped-def]
    name = "acct " + " ".join(path)
    blocks = [b for b in SECTIONS if _mentions(b, name)]
    assert blocks, f"{name} is not in README.md (or a docs/ page it links)"
    missing = [
        param.opts[0]
        for param in command.params
        if param.param_type_name == "option"
        and not any(_mentions(b, o) for b in blocks for o in param.opts)
        and not any(_mentions(COMMON, o) for o in param.opts)
    ]
    assert not missing, f"{name}: {', '.join(missing)} not documented near the command"


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_help_ends_with_an_example(path: tuple[str, ...], command) -> None:  # type: ignore[no-untyped-def]
    help_text = (command.help or "").strip()
    last = help_text.splitlines()[-1] if help_text else ""
    assert last.startswith("Example:") and _mentions(last, "acct " + " ".join(path)), last


def test_the_common_options_are_the_ones_many_commands_share() -> None:
    for option in ("--json", "--date", "--team"):
        assert _mentions(COMMON, option)
