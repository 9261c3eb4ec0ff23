"""Working days from config.toml's [calendar] and the country's public holidays.

```toml
[calendar]
country = "RU"                  # public holidays of this country ("none": weekends only)
subdiv = "MOW"                  # optional region, as the `holidays` package names it
holidays = ["2026-12-31"]       # extra days off (dates or ISO strings)
workdays = ["2026-12-26"]       # weekend days you work anyway
weekend = ["sat", "sun"]        # the default
```

Public holidays come from the `holidays` package.  Importing it and building one year costs
more than a whole `acct calls` may take, so each year's dates (days off and transferred
working Saturdays) are computed once and kept in `ACCT_HOME/cache/holidays.tsv`, keyed by
country and by the installed package (a `pip install -U holidays` refreshes them).  The file
is lines of tab-separated text, read with str.split: parsing JSON would mean importing `json`
on every morning (~2 ms), for a few hundred dates.

    # acct public holidays 1
    RU/<TAB>package<TAB>2026<TAB>2026-01-01,2026-01-02,…<TAB>2026-11-01
"""

from __future__ import annotations

import os
import sys
from datetime import date

from acctcli.config import DEFAULT_COUNTRY as DEFAULT_COUNTRY  # onboarding's default calendar
from acctcli.domain.cadence import WorkCalendar
from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.records import NamedTuple
from acctcli.settings import Settings

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from os import PathLike

    StrPath = str | PathLike[str]


class CalendarConfig(NamedTuple):
    country: str | None
    subdiv: str | None
    holidays: frozenset[date]
    workdays: frozenset[date]
    weekend: frozenset[int]
    cache_file: str | None


def calendar_config(settings: Settings) -> CalendarConfig:
    """[calendar] as checked when the settings loaded, with the holiday cache in ACCT_HOME."""
    calendar = settings.calendar
    return CalendarConfig(
        country=calendar.country,
        subdiv=calendar.subdiv,
        holidays=calendar.holidays,
        workdays=calendar.workdays,
        weekend=calendar.weekend,
        cache_file=os.path.join(settings.home_dir, "cache", "holidays.tsv"),
    )


def _package_fingerprint() -> str:
    """Which `holidays` is installed, found with a few stat calls (no import)."""
    for entry in sys.path:
        init = os.path.join(entry or ".", "holidays", "__init__.py")
        try:
            st = os.stat(init)
        except OSError:
            continue
        return _field(f"{init}:{st.st_mtime_ns}:{st.st_size}")
    return "not-found"


CACHE_HEADER = "# acct public holidays 1"
Years = dict[str, list[list[str]]]  # "2026" → [days off, working weekend days], ISO dates


def _field(text: str) -> str:
    """`text` fit for one field of a line (a folder name may hold a tab or a newline)."""
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def read_cache(text: str) -> dict[str, tuple[str, Years]]:
    """The cache file's entries: key → (package fingerprint, years).  A line that is not
    one of ours (a damaged or older file) is passed over, and its year computed again."""
    entries: dict[str, tuple[str, Years]] = {}
    lines = text.split("\n")
    if lines[0] != CACHE_HEADER:
        return entries
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != 5 or not fields[2].isdigit():
            continue
        key, package, year, off, on = fields
        known = entries.setdefault(key, (package, {}))
        if known[0] == package:
            known[1][year] = [off.split(",") if off else [], on.split(",") if on else []]
    return entries


def write_cache(entries: dict[str, tuple[str, Years]]) -> str:
    lines = [CACHE_HEADER]
    for key, (package, years) in sorted(entries.items()):
        for year, (off, on) in sorted(years.items()):
            fields = (_field(key), _field(package), year, ",".join(off), ",".join(on))
            lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


class PublicHolidays:
    """`public(year)` for a WorkCalendar: one year's (days off, working weekend days)."""

    def __init__(self, country: str, subdiv: str | None, cache_file: StrPath | None) -> None:
        self.country = country
        self.subdiv = subdiv
        self.cache_file = cache_file
        self._key = _field(f"{country}/{subdiv or ''}")
        self._years: dict[str, list[list[str]]] | None = None
        self._fingerprint = ""

    def _load(self) -> dict[str, list[list[str]]]:
        if self._years is None:
            self._fingerprint = _package_fingerprint()
            self._years = {}
            entry = self._read().get(self._key)
            if entry is not None and entry[0] == self._fingerprint:
                self._years = entry[1]
        return self._years

    def _read(self) -> dict[str, tuple[str, Years]]:
        if self.cache_file is None:
            return {}
        try:
            with open(self.cache_file, encoding="utf-8") as file:
                return read_cache(file.read())
        except (OSError, ValueError):  # no file yet, or not text: computed again
            return {}

    def __call__(self, year: int) -> tuple[list[date], list[date]]:
        years = self._load()
        cached = years.get(str(year))
        if cached is None:
            cached = self._compute(year)
            years[str(year)] = cached
            self._save()
        return [date.fromisoformat(d) for d in cached[0]], [
            date.fromisoformat(d) for d in cached[1]
        ]

    def _compute(self, year: int) -> list[list[str]]:
        import holidays

        try:
            table = holidays.country_holidays(self.country, subdiv=self.subdiv, years=year)
        except NotImplementedError as exc:
            raise Invalid(
                _("[calendar] in config.toml: {error}").format(error=exc),
                _('use an ISO country code such as RU, BY, KZ, DE, or country = "none"'),
            ) from None
        off = sorted(d.isoformat() for d in table if d.year == year)
        worked = getattr(table, "weekend_workdays", ()) or ()
        on = sorted(d.isoformat() for d in worked if d.year == year)
        return [off, on]

    def _save(self) -> None:
        """Best effort: a read-only ACCT_HOME only makes the next run slower."""
        if self.cache_file is None:
            return
        try:
            entries = self._read()
            entries[self._key] = (self._fingerprint, self._years or {})
            folder, name = os.path.split(self.cache_file)
            os.makedirs(folder or ".", mode=0o700, exist_ok=True)
            temporary = os.path.join(folder, f".{name}.{os.getpid()}")
            data = write_cache(entries).encode("utf-8")
            try:  # private like the store: 0600, whole or not at all
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.chmod(temporary, 0o600)
                os.replace(temporary, self.cache_file)
            except OSError:
                try:
                    os.unlink(temporary)
                except FileNotFoundError:
                    pass
                raise
        except OSError:
            pass  # a cache: a full disk or a read-only home only means computing it again


def work_calendar(config: CalendarConfig) -> WorkCalendar:
    public = (
        PublicHolidays(config.country, config.subdiv, config.cache_file) if config.country else None
    )
    return WorkCalendar(
        holidays=config.holidays, workdays=config.workdays, public=public, weekend=config.weekend
    )
