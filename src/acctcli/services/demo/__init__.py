"""The demo agency: examples/*.toml loaded into an empty store, dated around a chosen day.

- `dates`: the one reading of demo-relative dates and moments ("D-4y2m", "D-1d 18:05")
- `clients`: agency.toml's clients, contacts and status history
- `calls`, `incidents`, `onboarding`, `money`, `mail`: each feature's part of the agency
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from acctcli.errors import Conflict, Invalid
from acctcli.i18n import _
from acctcli.store.db import Database

# Each feature adds its part of the demo agency: (file in examples/, "module:function").
# The function is called as fn(db, data, day=…, now=…, owner=…) in the demo's one transaction,
# after the clients exist; `data` is the parsed TOML file.
DEMO_PARTS: tuple[tuple[str, str], ...] = (
    ("calls.toml", "acctcli.services.demo.calls:load_demo_calls"),
    ("onboarding.toml", "acctcli.services.demo.onboarding:load_demo_onboarding"),
    ("incidents.toml", "acctcli.services.demo.incidents:load_demo_incidents"),
    ("ledger.toml", "acctcli.services.demo.money:load_demo_ledger"),
    ("mail.toml", "acctcli.services.demo.mail:load_demo_mail"),
    ("followups.toml", "acctcli.services.demo.followups:load_demo_followups"),
    ("reports.toml", "acctcli.services.demo.reports:load_demo_reports"),
)


def examples_dir() -> Path:
    """The demo data: shipped inside the wheel, or the repository's examples/ folder."""
    here = Path(__file__).resolve().parents[2]  # src/acctcli (or site-packages/acctcli)
    for candidate in (here / "examples", here.parent.parent / "examples"):
        if (candidate / "agency.toml").is_file():
            return candidate
    raise Invalid(_("the demo data (examples/agency.toml) is missing from this installation"))


def load_agency(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise Invalid(f"{path}: {exc}") from None


def load_demo(db: Database, *, day: date, now: datetime, owner: str) -> list[str]:
    """Load the demo agency into an empty store; give the clients' names."""
    from acctcli.services.demo.clients import load_demo_clients
    from acctcli.store.repo import any_clients

    data = load_agency(examples_dir() / "agency.toml")
    with db.transaction():
        if any_clients(db):
            raise Conflict(
                _("the store already has clients; the demo loads only into an empty one"),
                _("try it in a throwaway folder: ACCT_HOME=$(mktemp -d) acct demo"),
            )
        names = load_demo_clients(db, data, day=day, now=now, owner=owner)
        for filename, target in DEMO_PARTS:
            module_name, _colon, function = target.partition(":")
            loader = getattr(import_module(module_name), function)
            loader(db, load_agency(examples_dir() / filename), day=day, now=now, owner=owner)
    return names
