"""Onboarding templates: which file `--template NAME|PATH` means, read and validated."""

from __future__ import annotations

from pathlib import Path

from acctcli.domain.onboarding_template import Template, parse_template
from acctcli.errors import Invalid, NotFound
from acctcli.i18n import _

DEFAULT_TEMPLATE = "default"
BUILTIN = Path(__file__).resolve().parents[2] / "onboarding_templates"


def template_source(ref: str | None, home: Path | None) -> tuple[str, Path]:
    """(the name stored with the checklist, the file) for --template NAME|PATH.

    A NAME is looked up in $ACCT_HOME/templates/NAME.toml first, so an agency can replace
    the built-in `default`; anything with a slash or ending in .toml is a path.  Without a
    home (the demo) only the built-in templates are looked at.
    """
    ref = (ref or DEFAULT_TEMPLATE).strip()
    if not ref:
        raise Invalid(_("the template name is empty"))
    if "/" in ref or "\\" in ref or ref.endswith(".toml"):
        path = Path(ref).expanduser().resolve()
        return str(path), path
    own = (home or BUILTIN) / "templates" / f"{ref}.toml"
    if home is not None and own.is_file():
        return ref, own
    builtin = BUILTIN / f"{ref}.toml"
    if builtin.is_file():
        return ref, builtin
    mine = set() if home is None else {p.stem for p in (home / "templates").glob("*.toml")}
    known = sorted(mine | {DEFAULT_TEMPLATE})
    raise NotFound(
        _("no onboarding template {ref} (looked for {path})").format(ref=repr(ref), path=own),
        _("templates: {names}; or give a path to a .toml file").format(names=", ".join(known)),
    )


def load_template(ref: str | None, home: Path | None) -> Template:
    name, path = template_source(ref, home)
    return parse_template(_read(path), source=str(path), name=name)


def template_text(ref: str | None, home: Path | None) -> str:
    """A template's TOML as written (checked first), to copy and edit."""
    load_template(ref, home)
    return _read(template_source(ref, home)[1])


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(_("template {path}: no such file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else _("not UTF-8 text")
        raise Invalid(
            _("template {path}: cannot read it ({error})").format(path=path, error=why)
        ) from None
    return text
