"""`acct health` on the terminal (plain text, 80 columns) and as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from acctcli.domain.health import BANDS, Health, band_label
from acctcli.i18n import _, ngettext
from acctcli.render.plain import cells, fit, pad
from acctcli.render.safe import clean_text


def factor_json(h: Health) -> list[dict[str, Any]]:
    return [{"key": f.key, "points": str(f.points), "reason": f.reason} for f in h.factors]


def client_health_json(h: Health) -> dict[str, Any]:
    return {
        "client": h.name,
        "owner": h.owner,
        "score": h.score,
        "band": h.band,
        "factors": factor_json(h),
    }


def health_json(
    scores: Sequence[Health], day: date, owner: str | None, coeff: Mapping[str, float]
) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "owner": owner,
        "bands": {b: sum(1 for h in scores if h.band == b) for b in BANDS},
        "clients": [client_health_json(h) for h in scores],
        "coefficients": {k: v for k, v in coeff.items()},
    }


def reasons_text(h: Health, top: int = 2) -> str:
    """The top reasons of a score, for one line ("silent 50 days · 2 broken promises")."""
    return " · ".join(clean_text(r) for r in h.reasons(top)) or _("nothing against it")


def score_text(h: Health) -> str:
    # TRANSLATORS: a client's health score and band: "32 at risk".
    return _("{score} {band}").format(score=h.score, band=band_label(h.band))


def health_report(scores: Sequence[Health], day: date, *, explain: bool, width: int = 80) -> str:
    if not scores:
        return _("No clients to score on {day}.").format(day=day.isoformat())
    counts = [
        ngettext("{n} healthy", "{n} healthy", n).format(n=n)
        if b == "healthy"
        else ngettext("{n} to watch", "{n} to watch", n).format(n=n)
        if b == "watch"
        else ngettext("{n} at risk", "{n} at risk", n).format(n=n)
        for b in BANDS
        for n in [sum(1 for h in scores if h.band == b)]
    ]
    lines = [
        _("Client health as of {day}").format(day=day.isoformat()) + "  ·  " + " · ".join(counts),
        "",
    ]
    name_w = min(22, max(cells(clean_text(h.name)) for h in scores))
    score_w = max(cells(score_text(h)) for h in scores)
    room = max(10, width - 2 - name_w - 2 - score_w - 2)
    for h in scores:
        name = pad(fit(clean_text(h.name), name_w), name_w)
        lines.append(
            f"  {name}  {pad(score_text(h), score_w)}  {fit(reasons_text(h), room)}".rstrip()
        )
        if explain:
            for f in h.factors:
                points = f"−{f.points}".rjust(6)
                lines.append(f"  {' ' * name_w}  {points}  {fit(clean_text(f.reason), room)}")
    if explain:
        from acctcli.render.plain import wrap_parts

        rule = _(
            "score = 100 − the points of every factor (0 at least); below watch_below: watch,"
            " below at_risk_below: at risk ([health] in config.toml)"
        )
        lines += ["", *wrap_parts(rule.split(" "), width, sep=" ")]
    return "\n".join(lines)
