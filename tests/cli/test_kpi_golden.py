"""`acct kpi` on the terminal, byte for byte: golden texts of every variant (this month,
`--month`, `--team --explain`, `--by profit`) in English and Russian, into a pipe and on a
terminal (colour with 256 and 8 colours, NO_COLOR), 60 and 120 columns wide, for the demo
agency and for a store of untrusted names (Rich markup, escape sequences, very long names,
CJK and emoji).  The texts were written by the Rich renderer `acct kpi` had before it drew
its report as plain text (issue 18's start-up budget), so they prove the two print the same.

ACCT_UPDATE_GOLDEN=1 rewrites them (then read the diff)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli.entry import main

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "kpi"
UPDATE = os.environ.get("ACCT_UPDATE_GOLDEN") == "1"
DEMO_DAY = "2026-12-01"
HOSTILE_DAY = "2026-11-26"


class Terminal(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


# how the output is seen: (on a terminal?, environment variables set, unset)
SCREENS: dict[str, tuple[bool, dict[str, str], tuple[str, ...]]] = {
    "pipe": (False, {"NO_COLOR": "1"}, ()),
    "tty-256": (True, {"TERM": "xterm-256color"}, ("NO_COLOR", "COLORTERM")),
    "tty-8": (True, {"TERM": "xterm"}, ("NO_COLOR", "COLORTERM")),
    "tty-no-color": (True, {"NO_COLOR": "1", "TERM": "xterm-256color"}, ("COLORTERM",)),
}
WIDTHS = ("60", "120")


def render(args: list[str], screen: str, width: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `acct ARGS` prints on SCREEN, WIDTH columns wide."""
    tty, setenv, unset = SCREENS[screen]
    style = sys.modules.get("rich.style")
    if style is not None:  # Rich keeps a style's escape codes for the first colour system it
        style.Style.parse.cache_clear()  # writes with (one process has only one)
        style.Style._add.cache_clear()
    with monkeypatch.context() as m:
        for name in ("NO_COLOR", "COLORTERM", "TERM", "FORCE_COLOR", "TTY_COMPATIBLE"):
            m.delenv(name, raising=False)
        for name, value in setenv.items():
            m.setenv(name, value)
        for name in unset:
            m.delenv(name, raising=False)
        m.setenv("COLUMNS", width)
        out = Terminal() if tty else io.StringIO()
        m.setattr(sys, "stdout", out)
        code = main(args)
    assert code == 0, (args, screen, width)
    return out.getvalue()


def every_variant(variants: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> str:
    sections = []
    for args in variants:
        for screen in SCREENS:
            for width in WIDTHS:
                header = f"### acct {' '.join(args)} | {screen} | COLUMNS={width}\n"
                sections.append(header + render(args, screen, width, monkeypatch))
    return "".join(sections)


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:  # the first section that differs, not a diff of the whole file
        for want, got in zip(expected.split("### "), actual.split("### "), strict=False):
            assert got == want, f"differs from {path}"
    assert actual == expected, f"differs from {path}"


DEMO_VARIANTS = [
    ["kpi", "--date", DEMO_DAY],
    ["kpi", "--month", "2026-11", "--date", DEMO_DAY],
    ["kpi", "--month", "2026-11", "--team", "--explain", "--date", DEMO_DAY],
    ["kpi", "-m", "2026-10", "--by", "profit", "--date", DEMO_DAY],
]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_kpi_of_the_demo_agency_prints_its_golden_text(
    acct: Run, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    assert acct("demo", "--date", DEMO_DAY).exit_code == 0
    monkeypatch.setenv("ACCT_LANG", language)
    assert_golden(f"demo_{language}.txt", every_variant(DEMO_VARIANTS, monkeypatch))


LONG = " ".join(["Long name"] * 12) + " end"
HOSTILE_STEPS = [
    ["client", "add", "[bold]x[/]", "--since", "2025-01-01"],
    ["client", "add", "[red on white]Красный[/] \\[link=x]", "--since", "2025-01-01"],
    [
        "client",
        "add",
        "株式会社テスト商事ホールディングス",
        "--since",
        "2025-01-01",
        "--owner",
        "boris",
    ],
    ["client", "add", "🍕 Pizza 🚀 Ракета", "--since", "2026-11-10", "--owner", "ёжик"],
    ["client", "add", LONG, "--since", "2025-01-01"],
    ["client", "add", "Ｆｕｌｌｗｉｄｔｈ　Ｃｏ", "--since", "2025-01-01", "--owner", "boris"],
    ["client", "edit", "[bold]x[/]", "--cost", "hosting=1000"],
    ["client", "edit", "株式会社", "--cost", "ads=25000", "--fee", "seo=90000"],
    ["client", "edit", "ｆｕｌｌ", "--fee", "smm=15000"],
    ["invoice", "add", "[bold]x[/]", "12345.67", "--number", "X1"]
    + ["--issued", "2026-11-02", "--due", "2026-11-12"],
    ["invoice", "add", "[red on white]", "5000", "--number", "R1"]
    + ["--issued", "2026-09-02", "--due", "2026-09-12"],
    ["invoice", "add", "株式会社", "1234567.89", "--number", "J1"]
    + ["--issued", "2026-11-03", "--due", "2026-11-13"],
    ["invoice", "pay", "J1", "--amount", "34567.89", "--on", "2026-11-20"],
    ["invoice", "add", "🍕", "70000", "--number", "P1", "--issued", "2026-11-11"]
    + ["--due", "2026-12-11"],
    ["invoice", "add", "long name", "999", "--number", "L1", "--issued", "2026-10-01"]
    + ["--due", "2026-10-05"],
    ["invoice", "add", "ｆｕｌｌ", "15000", "--number", "F1", "--issued", "2026-11-01"]
    + ["--due", "2026-11-05"],
    [
        "client",
        "churn",
        "long name",
        "--on",
        "2026-11-20",
        "--reason",
        "[red]gone[/red] \x07 to 競合他社 🚀",
    ],
    ["client", "churn", "🍕", "--on", "2026-11-24", "--reason", "\x1b]52;c;Zm9v\x07 " + "x" * 90],
]
HOSTILE_VARIANTS = [
    ["kpi", "--month", "2026-11", "--date", HOSTILE_DAY],
    ["kpi", "--month", "2026-11", "--team", "--explain", "--date", HOSTILE_DAY],
    ["kpi", "--month", "2026-11", "--team", "--by", "profit", "--date", HOSTILE_DAY],
    ["kpi", "--month", "2026-12", "--date", "2026-12-02"],
]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_kpi_of_untrusted_names_prints_them_inert_as_before(
    acct: Run, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    for args in HOSTILE_STEPS:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)
    monkeypatch.setenv("ACCT_LANG", language)
    out = every_variant(HOSTILE_VARIANTS, monkeypatch)
    assert "\x07" not in out and "\x1b]" not in out
    assert "[bold]x[/]" in out and "\\x07" in out
    assert_golden(f"hostile_{language}.txt", out)
