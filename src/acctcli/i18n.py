"""The interface language: the standard library's gettext over the catalogs in acctcli/locale.

English is the source language; a catalog per other language (`locale/ru/LC_MESSAGES/acct.po`,
compiled to `acct.mo` by `make i18n`).  The language is chosen once per command, before any
command module is imported (help texts are translated when they are declared): ACCT_LANG,
else `language` in config.toml, else the locale variables (LC_ALL, LC_MESSAGES, LANG) —
read as names only, never through `locale.setlocale`, so a locale the system has not
installed works the same.  `C`, `POSIX`, unset or a language without a catalog: English.

Only prose is translated; `--json` keys and values never go through here.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "acct"
LOCALEDIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "ru")  # English first: the source language

_catalog: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def language_of(value: str | None) -> str | None:
    """The language a setting such as "ru_RU.UTF-8" names; None when it names none."""
    if not value or not value.strip():
        return None
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    code = code.lower()
    if code in ("c", "posix"):
        return "en"
    return code if code in LANGUAGES else "en"


def choose_language(env: Mapping[str, str], configured: str | None = None) -> str:
    """ACCT_LANG, else config.toml's language, else the first locale variable that is set."""
    for value in (env.get("ACCT_LANG"), configured):
        chosen = language_of(value)
        if chosen:
            return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return language_of(env[name]) or "en"
    return "en"


def use(language: str) -> None:
    """Speak `language` from now on (its catalog is read here; English needs none)."""
    global _catalog, _language
    if language == _language:
        return
    if language == "en":
        _catalog = _gettext.NullTranslations()
    else:
        path = LOCALEDIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with path.open("rb") as handle:
            _catalog = _gettext.GNUTranslations(handle)
    _language = language


def current() -> str:
    return _language


def _(message: str) -> str:
    """The message in the language in use."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for the count `n` (Russian has three: 1 звонок, 2 звонка, 5 звонков)."""
    return _catalog.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used ("month" / "genitive")."""
    return _catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it yet (translated where shown)."""
    return message
