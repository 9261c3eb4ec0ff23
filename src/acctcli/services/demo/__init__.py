"""The demo agency: examples/*.toml loaded into an empty store, dated around a chosen day."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from acctcli.domain.cadence import span_of
from acctcli.domain.money import parse_amount
from acctcli.errors import Conflict, Invalid
from acctcli.services.clients import (
    ClientFields,
    ContactFields,
    add_client,
    add_contact,
    change_status,
)
from acctcli.store.db import Database

# Each feature adds its part of the demo agency: (file in examples/, "module:function").
# The function is called as fn(db, data, day=…, now=…, owner=…) in the demo's one transaction,
# after the clients exist; `data` is the parsed TOML file.
DEMO_PARTS: tuple[tuple[str, str], ...] = (
    ("calls.toml", "acctcli.services.calls:load_demo_calls"),
    ("onboarding.toml", "acctcli.services.demo.onboarding:load_demo_onboarding"),
    ("incidents.toml", "acctcli.services.incidents:load_demo_incidents"),
    ("ledger.toml", "acctcli.services.demo.money:load_demo_ledger"),
    ("mail.toml", "acctcli.services.demo.mail:load_demo_mail"),
)

_RELATIVE = re.compile(r"^D(?:([+-])((?:\d+[ymwd])+))?$")
_PART = re.compile(r"(\d+)([ymwd])")


def examples_dir() -> Path:
    """The demo data: shipped inside the wheel, or the repository's examples/ folder."""
    here = Path(__file__).resolve().parents[2]  # src/acctcli (or site-packages/acctcli)
    for candidate in (here / "examples", here.parent.parent / "examples"):
        if (candidate / "agency.toml").is_file():
            return candidate
    raise Invalid("the demo data (examples/agency.toml) is missing from this installation")


def demo_date(text: str, day: date) -> date:
    """'D-4y2m' → four years and two months before `day`; ISO dates pass through."""
    m = _RELATIVE.match(text.strip())
    if not m:
        return date.fromisoformat(text)
    if not m.group(1):
        return day
    units = {"y": "years", "m": "months", "w": "weeks", "d": "days"}
    delta = relativedelta()
    for n, u in _PART.findall(m.group(2)):
        delta += span_of(units[u], int(n))
    return day + delta if m.group(1) == "+" else day - delta


def load_agency(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise Invalid(f"{path}: {exc}") from None


def load_demo(db: Database, *, day: date, now: datetime, owner: str) -> list[str]:
    """Load the demo agency into an empty store; give the clients' names."""
    data = load_agency(examples_dir() / "agency.toml")
    with db.transaction():
        if db.scalar("SELECT count(*) FROM client"):
            raise Conflict(
                "the store already has clients; the demo loads only into an empty one",
                "try it in a throwaway folder: ACCT_HOME=$(mktemp -d) acct demo",
            )
        names = []
        for spec in data.get("client", []):
            fees = {s: parse_amount(str(v)) for s, v in spec.get("services", {}).items()}
            client = add_client(
                db,
                ClientFields(
                    name=spec["name"],
                    fees=fees,
                    since=demo_date(spec["since"], day),
                    cadence=spec.get("cadence"),
                    channel=spec.get("channel"),
                    domains=spec.get("domains", []),
                    owner=owner,
                    max_gap=spec.get("max_gap"),
                    hours=spec.get("hours"),
                ),
                today=day,
                now=now,
            )
            if spec.get("notes"):
                db.execute(
                    "UPDATE client SET notes = :n WHERE id = :i",
                    {"n": spec["notes"], "i": client.id},
                )
            for person in spec.get("contact", []):
                add_contact(db, client.name, ContactFields(**person), now=now)
            for change in spec.get("status", []):
                change_status(
                    db,
                    client.name,
                    change["status"],
                    on=demo_date(change["on"], day),
                    today=day,
                    now=now,
                    reason=change.get("reason"),
                )
            names.append(client.name)
        for filename, target in DEMO_PARTS:
            module_name, _, function = target.partition(":")
            loader = getattr(import_module(module_name), function)
            loader(db, load_agency(examples_dir() / filename), day=day, now=now, owner=owner)
    return names
