"""config.toml, read once against its schema (every key is described in docs/config.md).

`read_config(path)` checks every section the file holds and gives typed values: `currency`,
`database_url`, `user`, and `mail`, `calendar`, `urgency`, `calls`, `work`, `money`.  A wrong
type or a bad value is an `Invalid` naming the file and the key: at once for the file itself
and its top-level keys (without them nothing can start), and from `check()` (which every
command's context calls) or any section for a bad section.  An unknown key or section is only
a warning (`Config.warnings`), so that a typo never stops the morning.

Cheap on purpose (`acct today` reads it before anything else): a section's parsers (and the
domain modules they need) are imported only when the file holds that section; a section the
file leaves out gets its defaults the first time someone asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from acctcli.config.table import Note, Table
from acctcli.errors import Invalid
from acctcli.i18n import LANGUAGES, N_, _
from acctcli.patterns import pattern
from acctcli.records import NamedTuple

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from os import PathLike
    from typing import Any

    StrPath = str | PathLike[str]  # pathlib stays off the start-up path (see acctcli.settings)

if TYPE_CHECKING:
    from acctcli.config.mail import MailSettings
    from acctcli.domain.calls import Hours, MaxGap

TOP_LEVEL_KEYS = ("currency", "database_url", "user", "language")
CALENDAR_KEYS = ("country", "subdiv", "holidays", "workdays", "weekend", "timezone")
DEFAULT_COUNTRY = "RU"
DEFAULT_TIMEZONE = "Europe/Moscow"  # acct calendar: the zone of events that have a time
DEFAULT_MAX_GAP = "6w"
DEFAULT_HOURS = "09:00-18:00"
DEFAULT_TERMS = 14  # days from issue to due when an invoice gives neither --due nor --terms
MAX_TERMS = 3650
DEFAULT_KEEP = 7  # daily backups kept
MAX_KEEP = 366
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CalendarSettings(NamedTuple):
    """[calendar]: whose public holidays, and your own days off and days on."""

    country: str | None = DEFAULT_COUNTRY  # None: weekends only
    subdiv: str | None = None
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})  # Monday is 0
    timezone: str = DEFAULT_TIMEZONE  # an IANA name, checked when read


class CallsSettings(NamedTuple):
    """[calls]: the default longest silence before a client is at risk (None: no limit)."""

    max_gap: MaxGap | None


class WorkSettings(NamedTuple):
    """[work]: your own working hours (None: any time)."""

    hours: Hours | None


class MoneySettings(NamedTuple):
    """[money]: default payment terms in days."""

    terms: int = DEFAULT_TERMS


def _read_mail(section: Table) -> MailSettings:
    from acctcli.config.mail import read_mail

    return read_mail(section)


def _read_calendar(section: Table) -> CalendarSettings:
    section.check_keys(CALENDAR_KEYS)
    country = (
        section.string("country", DEFAULT_COUNTRY, N_('a string, e.g. "RU" or "none"'))
        .strip()
        .upper()
    )
    if country not in ("", "NONE", "OFF") and not (country.isascii() and country.isalpha()):
        section.fail("country", N_('a country code such as "RU", or "none"'))
    subdiv = section.optional_string("subdiv")
    names = section.get("weekend", ["sat", "sun"])
    if not isinstance(names, list) or not all(
        isinstance(d, str) and d.strip().lower()[:3] in _WEEKDAYS for d in names
    ):
        section.fail("weekend", N_('a list of day names, e.g. ["sat", "sun"]'))
    return CalendarSettings(
        country=None if country in ("", "NONE", "OFF") else country,
        subdiv=subdiv.strip().upper() if subdiv else None,
        holidays=_dates(section, "holidays"),
        workdays=_dates(section, "workdays"),
        weekend=frozenset(_WEEKDAYS.index(d.strip().lower()[:3]) for d in names),
        timezone=str(section.zone("timezone") or DEFAULT_TIMEZONE),
    )


def _dates(section: Table, key: str) -> frozenset[date]:
    values = section.get(key, [])
    if not isinstance(values, list):
        section.fail(key, N_('a list of dates, e.g. ["2026-12-31"]'))
    found = set()
    for value in values:
        if isinstance(value, date):  # TOML's own dates (a datetime is a date too)
            found.add(date(value.year, value.month, value.day))
            continue
        try:
            found.add(date.fromisoformat(value.strip()))
        except (AttributeError, ValueError):
            raise Invalid(
                _("{setting}: bad date {value}: expected YYYY-MM-DD").format(
                    setting=section.label(key), value=repr(value)
                )
            ) from None
    return frozenset(found)


def _read_urgency(section: Table) -> Mapping[str, float]:
    from acctcli.domain.urgency import DEFAULT_COEFFICIENTS, coefficients

    section.check_keys(DEFAULT_COEFFICIENTS)
    given = {key: section.number(key, 0.0) for key in section.values if key in DEFAULT_COEFFICIENTS}
    return coefficients(given)


def _read_health(section: Table) -> Mapping[str, float]:
    from acctcli.domain.health import DEFAULT_HEALTH, health_coefficients

    section.check_keys(DEFAULT_HEALTH)
    given = {key: section.number(key, 0.0) for key in section.values if key in DEFAULT_HEALTH}
    for key, value in given.items():
        if value < 0:
            section.fail(key, N_("a number, 0 or more"))
    merged = health_coefficients(given)
    if not 0 <= merged["at_risk_below"] <= merged["watch_below"] <= 100:
        key = "watch_below" if "watch_below" in section.values else "at_risk_below"
        section.fail(key, N_("a score from 0 to 100, at_risk_below ≤ watch_below"))
    return merged


def _read_calls(section: Table) -> CallsSettings:
    from acctcli.domain.calls import parse_max_gap

    section.check_keys(("max_gap",))
    gap = section.string("max_gap", DEFAULT_MAX_GAP, N_('a string, e.g. "6w" or "none"'))
    return CallsSettings(section.parsed(lambda: parse_max_gap(gap, "max_gap")))


def _read_work(section: Table) -> WorkSettings:
    from acctcli.domain.calls import parse_hours

    section.check_keys(("hours",))
    hours = section.string(
        "hours", DEFAULT_HOURS, N_('a string, e.g. "09:00-18:00" or "any"')
    ).strip()
    if hours.lower() in ("", "none", "any"):
        return WorkSettings(None)
    return WorkSettings(section.parsed(lambda: parse_hours(hours, "hours")))


def _read_money(section: Table) -> MoneySettings:
    section.check_keys(("terms",))
    return MoneySettings(section.whole("terms", DEFAULT_TERMS, 0, MAX_TERMS, days=True))


class BackupSettings(NamedTuple):
    """[backup]: how many daily backups of a SQLite store to keep (0: none are made)."""

    keep: int = DEFAULT_KEEP


def _read_backup(section: Table) -> BackupSettings:
    section.check_keys(("keep",))
    return BackupSettings(section.whole("keep", DEFAULT_KEEP, 0, MAX_KEEP))


SECTIONS: dict[str, Callable[[Table], Any]] = {
    "mail": _read_mail,
    "calendar": _read_calendar,
    "urgency": _read_urgency,
    "health": _read_health,
    "calls": _read_calls,
    "work": _read_work,
    "money": _read_money,
    "backup": _read_backup,
}


def _printable_word(value: str, longest: int) -> bool:
    """One word of printable characters: no controls, no marks that reorder text, no markup
    brackets (a value shown on every screen, e.g. the currency)."""
    import unicodedata

    return (
        0 < len(value) <= longest
        and not any(unicodedata.category(ch)[0] in "CZ" for ch in value)
        and not any(ch in "[]\\" for ch in value)
    )


def _ignore(_warning: Note) -> None:
    pass


def _read_sections(top: Table) -> tuple[dict[str, Any], Invalid | None]:
    """The sections the file holds, read; and the first error in them, if any."""
    sections: dict[str, Any] = {}
    try:
        for name, read in SECTIONS.items():
            if name in top.values:
                sections[name] = read(top.table(name))
    except Invalid as exc:
        return sections, exc
    return sections, None


class Config:
    """config.toml checked against the schema; a section the file leaves out: its defaults."""

    def __init__(self, path: StrPath, document: Mapping[str, Any]) -> None:
        self._notes: list[Note] = []
        top = Table(path, "", document, self._notes.append)
        top.check_keys((*TOP_LEVEL_KEYS, *SECTIONS))
        self.path = path
        self.currency = top.string("currency", "RUB", N_('a string, e.g. currency = "RUB"'))
        if not _printable_word(self.currency, 10):
            top.fail("currency", N_('a currency code or sign, e.g. "RUB" or "₽"'))
        self.database_url = top.string(
            "database_url", "", N_('a string, e.g. "sqlite:////path/acct.db"')
        )
        self.user = top.string("user", "", N_('a string, e.g. user = "anna"'))
        self.language = top.string("language", "", N_('a string, e.g. language = "ru"'))
        if self.language and self.language not in LANGUAGES:
            raise Invalid(
                _("{path}: language must be one of {languages}, not {value}").format(
                    path=path, languages=", ".join(LANGUAGES), value=repr(self.language)
                )
            )
        self._document = document
        self._sections, self.error = _read_sections(top)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Unknown keys and sections, in the language in use now."""
        return tuple(str(note) for note in self._notes)

    def check(self) -> None:
        """The first wrong type or bad value in the file, if there is one."""
        if self.error is not None:
            # read again: the file was read before the interface language was chosen
            again = _read_sections(Table(self.path, "", self._document, _ignore))[1]
            raise again or self.error

    def _section(self, name: str) -> Any:
        self.check()
        if name not in self._sections:
            self._sections[name] = SECTIONS[name](Table(self.path, name, {}, _ignore))
        return self._sections[name]

    @property
    def mail(self) -> MailSettings:
        return self._section("mail")  # type: ignore[no-any-return]

    @property
    def calendar(self) -> CalendarSettings:
        return self._section("calendar")  # type: ignore[no-any-return]

    @property
    def urgency(self) -> Mapping[str, float]:
        """Every urgency coefficient: the domain's defaults, overridden by [urgency]."""
        return self._section("urgency")  # type: ignore[no-any-return]

    @property
    def health(self) -> Mapping[str, float]:
        """Client health's coefficients and band limits: the defaults, overridden by [health]."""
        return self._section("health")  # type: ignore[no-any-return]

    @property
    def calls(self) -> CallsSettings:
        return self._section("calls")  # type: ignore[no-any-return]

    @property
    def work(self) -> WorkSettings:
        return self._section("work")  # type: ignore[no-any-return]

    @property
    def money(self) -> MoneySettings:
        return self._section("money")  # type: ignore[no-any-return]

    @property
    def backup(self) -> BackupSettings:
        return self._section("backup")  # type: ignore[no-any-return]


_TOML_WHERE = pattern(r" \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def configured_language(path: StrPath) -> str | None:
    """`language` of a config.toml that cannot be checked as a whole (a wrong value elsewhere),
    so that its error is reported in the language the file asks for; None when unreadable."""
    try:
        value = read_toml(path).get("language")
    except Invalid:
        return None
    return value if isinstance(value, str) and value in LANGUAGES else None


def read_toml(path: StrPath) -> dict[str, Any]:
    """The file as TOML (nothing when there is no file); an unreadable one is an error."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise Invalid(_("{path}: not UTF-8 text").format(path=path)) from None
    except OSError as exc:
        raise Invalid(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror)
        ) from None
    import tomllib  # only where there is a file: most mornings have none (~4 ms)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_WHERE.search(str(exc))
        if where is None:
            raise Invalid(f"{path}: {exc}") from None
        # TRANSLATORS: a config.toml that is not valid TOML; {reason} is the parser's (English)
        message = _("{path}: {reason} (at line {line}, column {column})")
        raise Invalid(
            message.format(path=path, reason=str(exc)[: where.start()], **where.groupdict())
        ) from None
    except RecursionError:
        raise Invalid(
            _("{path}: nested too deeply to be a config file").format(path=path)
        ) from None


def read_config(path: StrPath) -> Config:
    return Config(path, read_toml(path))
