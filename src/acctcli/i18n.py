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

import os
from collections.abc import Mapping
from datetime import date as _date

DOMAIN = "acct"
LOCALEDIR = os.path.join(os.path.dirname(__file__), "locale")  # a str: no pathlib at start-up
LANGUAGES = ("en", "ru")  # English first: the source language

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from gettext import GNUTranslations


class _English:
    """The source language: every message as written.  gettext itself is loaded only for a
    language with a catalog (it compiles a regular expression at import: ~1.5 ms a command)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


_catalog: _English | GNUTranslations = _English()
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
        _catalog = _English()
    else:
        from gettext import GNUTranslations

        path = os.path.join(LOCALEDIR, language, "LC_MESSAGES", f"{DOMAIN}.mo")
        with open(path, "rb") as handle:
            _catalog = GNUTranslations(handle)
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


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """A counted message whose translation depends on where it is used."""
    return _catalog.npgettext(context, singular, plural, n)


def NP_(context: str, message: str) -> str:
    """Mark a message with its context for the catalog; translated where shown (pgettext)."""
    return message


# Weekday and month names come from the catalog, never from the system's locale database
# (which may not have the language installed): strftime's %A and %B are not used for prose.
# Russian needs a month in two cases: "декабрь 2026" on its own, "1 декабря" after a day.
WEEKDAYS = (
    NP_("weekday", "Monday"),
    NP_("weekday", "Tuesday"),
    NP_("weekday", "Wednesday"),
    NP_("weekday", "Thursday"),
    NP_("weekday", "Friday"),
    NP_("weekday", "Saturday"),
    NP_("weekday", "Sunday"),
)
MONTHS = (
    NP_("month", "January"),
    NP_("month", "February"),
    NP_("month", "March"),
    NP_("month", "April"),
    NP_("month", "May"),
    NP_("month", "June"),
    NP_("month", "July"),
    NP_("month", "August"),
    NP_("month", "September"),
    NP_("month", "October"),
    NP_("month", "November"),
    NP_("month", "December"),
)
MONTHS_AFTER_DAY = (
    NP_("month after a day", "January"),
    NP_("month after a day", "February"),
    NP_("month after a day", "March"),
    NP_("month after a day", "April"),
    NP_("month after a day", "May"),
    NP_("month after a day", "June"),
    NP_("month after a day", "July"),
    NP_("month after a day", "August"),
    NP_("month after a day", "September"),
    NP_("month after a day", "October"),
    NP_("month after a day", "November"),
    NP_("month after a day", "December"),
)
SHORT_MONTHS = (
    NP_("short month", "Jan"),
    NP_("short month", "Feb"),
    NP_("short month", "Mar"),
    NP_("short month", "Apr"),
    NP_("short month", "May"),
    NP_("short month", "Jun"),
    NP_("short month", "Jul"),
    NP_("short month", "Aug"),
    NP_("short month", "Sep"),
    NP_("short month", "Oct"),
    NP_("short month", "Nov"),
    NP_("short month", "Dec"),
)


def weekday_name(day: _date) -> str:
    """ "Tuesday" / "вторник"."""
    return pgettext("weekday", WEEKDAYS[day.weekday()])


def month_name(month: int) -> str:
    """The month on its own (a heading: "December 2026" / "декабрь 2026")."""
    return pgettext("month", MONTHS[month - 1])


def month_after_day(month: int) -> str:
    """The month after a day number ("1 December" / "1 декабря": Russian's genitive)."""
    return pgettext("month after a day", MONTHS_AFTER_DAY[month - 1])


def short_month(month: int) -> str:
    """ "Dec" / "дек"."""
    return pgettext("short month", SHORT_MONTHS[month - 1])


def long_date(day: _date) -> str:
    """ "Tuesday 1 December 2026" / "вторник, 1 декабря 2026"."""
    return _("{weekday} {day} {month} {year}").format(
        weekday=weekday_name(day), day=day.day, month=month_after_day(day.month), year=day.year
    )


def day_month(day: _date) -> str:
    """ "1 December" / "1 декабря"."""
    return _("{day} {month}").format(day=day.day, month=month_after_day(day.month))


def short_date(day: _date) -> str:
    """ "1 Dec" / "1 дек"."""
    return _("{day} {short_month}").format(day=day.day, short_month=short_month(day.month))


def month_heading(first: _date) -> str:
    """ "December 2026" / "декабрь 2026"."""
    return _("{month} {year}").format(month=month_name(first.month), year=first.year)
