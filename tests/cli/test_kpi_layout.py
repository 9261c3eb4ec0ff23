"""`acct kpi` draws its report without Rich (render/layout.py) and prints what Rich printed:
here against Rich itself at every width from 8 to 130 columns, into a pipe and on terminals,
for names drawn from every script the layout measures, and the characters it measures
compared with Rich's own width tables one by one."""

from __future__ import annotations

import random

import pytest
from tests.cli.test_kpi_golden import HOSTILE_DAY, HOSTILE_STEPS, SCREENS, render
from tests.conftest import Run

from acctcli.render import layout
from acctcli.render.kpi import rich_kit as kpi_rich_kit
from acctcli.render.plain import cells


def test_every_character_the_layout_accepts_is_as_wide_as_rich_counts_it() -> None:
    from rich.cells import cell_len

    accepted = [chr(cp) for cp in range(0x110000) if layout.safe_char(chr(cp))]
    assert len(accepted) > 35_000
    differ = [ch for ch in accepted if cells(ch) != cell_len(ch)]
    assert not differ, [hex(ord(ch)) for ch in differ[:20]]


def _fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> str:
        raise layout.Unsupported(text)

    monkeypatch.setattr(layout, "_check", refuse)


def _same_as_rich(args: list[str], monkeypatch: pytest.MonkeyPatch, widths: range) -> None:
    for width in widths:
        for screen in SCREENS:
            ours = render(args, screen, str(width), monkeypatch)
            with monkeypatch.context() as m:
                _fall_back(m)
                theirs = render(args, screen, str(width), monkeypatch)
            assert ours == theirs, (args, screen, width)


POOL = (
    "abcxyz ABC Ünïcødé ßø Ελλάδα Кириллица ёЁ 株式会社漢字 かなカナ 한국어 Ｆｕｌｌ　"
    "🍕🚀😀🤖 —–…·•№€₽$%&()[]{}/\\ \u00a0“”«»"
)


@pytest.mark.parametrize("seed", range(3))
def test_random_names_print_as_rich_printed_them_at_every_width(
    acct: Run, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rnd = random.Random(seed)
    for i in range(6):
        size = rnd.choice((1, 3, 8, 20, 45))
        name = "".join(rnd.choice(POOL) for _ in range(size)).strip() or "x"
        name = f"{name} {i}"
        since = "2026-11-12" if i % 3 == 0 else "2025-01-01"
        owner = ["anna", "boris", "ёжик"][i % 3]
        assert acct("client", "add", name, "--since", since, "--owner", owner).exit_code == 0
        amount = str(rnd.choice((1, 999, 123456.78, 9876543.21)))
        number = f"N{i}"
        assert (
            acct(
                "invoice",
                "add",
                name,
                amount,
                "--number",
                number,
                "--issued",
                "2026-11-02",
                "--due",
                "2026-11-12",
            ).exit_code
            == 0
        )
        if i % 2:
            assert acct("client", "edit", name, "--cost", f"x={i * 100}").exit_code == 0
    reason = "".join(rnd.choice(POOL) for _ in range(60))
    churned = acct("client", "list", "--json").json()
    assert (
        acct("client", "churn", f"{name}", "--on", "2026-11-20", "--reason", reason).exit_code == 0
    ), churned
    for args in (
        ["kpi", "--month", "2026-11", "--team", "--explain", "--date", "2026-11-26"],
        ["kpi", "--month", "2026-11", "--by", "profit", "--date", "2026-11-26"],
    ):
        _same_as_rich(args, monkeypatch, range(8 + seed, 131, 9))


def test_untrusted_names_print_as_rich_printed_them_at_every_width(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in HOSTILE_STEPS:
        assert acct(*args).exit_code == 0, args
    monkeypatch.setenv("ACCT_LANG", "ru")
    args = ["kpi", "--month", "2026-11", "--team", "--explain", "--date", HOSTILE_DAY]
    _same_as_rich(args, monkeypatch, range(1, 131, 3))


def test_a_name_the_layout_cannot_measure_is_printed_by_rich(
    acct: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A joined emoji (family: man, woman, girl) is two cells for Rich, five for plain.cells:
    such a report is left to Rich, whatever it costs."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467 Family"
    assert acct("client", "add", family, "--since", "2025-01-01").exit_code == 0
    assert (
        acct("invoice", "add", family, "100", "--number", "F1", "--issued", "2026-11-02").exit_code
        == 0
    )
    from acctcli.render import kpi

    kits = []
    monkeypatch.setattr(kpi, "rich_kit", lambda: kits.append("rich") or kpi_rich_kit())
    result = acct("kpi", "--month", "2026-11", "--date", HOSTILE_DAY)
    assert result.exit_code == 0 and family in result.stdout
    assert kits == ["rich"]
