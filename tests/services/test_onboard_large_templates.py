"""Templates are checked and planned iteratively, in time linear in their size (issue 15): a
template of thousands of steps, its waits in any order, never hits Python's recursion limit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import Run

from acctcli.domain.onboarding import plan_steps, topological
from acctcli.domain.onboarding_template import find_cycle, parse_template


def chain(n: int, *, reverse: bool) -> str:
    """n steps each waiting for the next one (reverse) or the one before it."""
    parts = []
    for i in range(n):
        parts.append(
            f'[[step]]\nkey = "s{i}"\ntitle = "Step {i}"\nday = {i % 300}\nrole = "account"\n'
        )
        if reverse and i < n - 1:
            parts.append(f'after = ["s{i + 1}"]\n')
        if not reverse and i > 0:
            parts.append(f'after = ["s{i - 1}"]\n')
    return "".join(parts)


def test_five_thousand_steps_either_way_are_checked_and_planned() -> None:
    for reverse in (False, True):
        template = parse_template(chain(5000, reverse=reverse), source="big.toml", name="big")
        steps = plan_steps(template, [], date(2026, 11, 2))
        order = topological(steps)
        position = {key: n for n, key in enumerate(order)}
        assert len(order) == 5000
        assert all(position[k] < position[s.key] for s in steps for k in s.after)


def test_a_cycle_through_thousands_of_steps_is_found() -> None:
    graph = {f"s{i}": (f"s{(i + 1) % 4000}",) for i in range(4000)}
    cycle = find_cycle(graph)
    assert cycle[0] == cycle[-1] and len(cycle) == 4001


def test_a_template_of_1500_steps_in_reverse_order_makes_a_checklist(
    acct: Run, tmp_path: Path
) -> None:
    path = tmp_path / "long.toml"
    path.write_text(chain(1500, reverse=True), encoding="utf-8")
    assert acct("client", "add", "Суши Дом", "--since", "2026-11-02").exit_code == 0
    made = acct("onboard", "суши", "--template", str(path), "--date", "2026-11-03", "--json")
    assert made.exit_code == 0, made.stderr
    steps = made.json()["steps"]
    assert len(steps) == 1500
    ready = [s["key"] for s in steps if not s["blocked_by"]]
    assert ready == ["s1499"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_waits_are_ordered_or_their_cycle_found(data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=1, max_value=40))
    keys = [f"k{i}" for i in range(n)]
    graph = {
        k: tuple(data.draw(st.lists(st.sampled_from(keys), max_size=3, unique=True))) for k in keys
    }
    cycle = find_cycle(graph)
    if cycle:
        assert cycle[0] == cycle[-1]
        assert all(b in graph[a] for a, b in zip(cycle, cycle[1:], strict=False))
        return
    text = "".join(
        f'[[step]]\nkey = "{k}"\ntitle = "{k}"\nday = 1\nrole = "account"\n'
        + (f"after = {list(graph[k])!r}\n".replace("'", '"') if graph[k] else "")
        for k in keys
    )
    steps = plan_steps(parse_template(text, source="t.toml", name="t"), [], date(2026, 1, 5))
    position = {key: i for i, key in enumerate(topological(steps))}
    assert all(position[k] < position[s.key] for s in steps for k in s.after)
