"""AppContext: settings, the console, "today", and a lazily-opened store — one per command."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from acctcli.i18n import _
from acctcli.settings import Settings, load_settings

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:
    from acctcli.store.db import Database

# The command line being run (set by acctcli.entry.main): the undo journal records it.
COMMAND_LINE: list[str] = []


class AppContext:
    """What a command needs besides its arguments; the store is opened on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.settings.check()
        if self.settings.warnings:
            import sys

            from acctcli.render.safe import clean_text

            for warning in self.settings.warnings:
                sys.stderr.write(_("Warning:") + f" {clean_text(warning)}\n")

    def today(self, override: str | None = None) -> date:
        """`--date` when given, else the real date (read here, never at import)."""
        if override:
            from acctcli.domain.dates import parse_date

            return parse_date(override)
        return date.today()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    @cached_property
    def db(self) -> Database:
        from acctcli.store.db import Journal, open_store

        db = open_store(self.settings.database_url)
        db.journal = Journal(_command_line, self.settings.user, self.now())
        if db.is_sqlite and not db.read_only and self.settings.backup.keep:
            db.before_first_write = self._daily_backup
        return db

    def _daily_backup(self, db: Database) -> None:
        """Before the day's first write: yesterday's store kept (a failure only warns)."""
        from acctcli.errors import AcctError
        from acctcli.store.backup import daily_backup

        try:
            daily_backup(db, date.today(), self.settings.backup.keep)
        except AcctError as exc:
            import sys

            from acctcli.render.safe import clean_text

            sys.stderr.write(
                _("Warning:")
                + " "
                + clean_text(_("no daily backup was made: {error}").format(error=exc.message))
                + "\n"
            )

    @cached_property
    def console(self) -> Any:
        from acctcli.render.console import make_console

        return make_console()

    def owner_filter(self, team: bool) -> str | None:
        """Lists show the current user's clients unless --team."""
        return None if team else self.settings.user

    def close(self) -> None:
        if "db" in self.__dict__:
            self.__dict__["db"].close()


def _command_line() -> str:
    """This command as the undo journal shows it; a file name that is not UTF-8 reaches argv
    as surrogates and is kept visible, as \\udcff."""
    import shlex

    return shlex.join(["acct", *COMMAND_LINE]).encode("utf-8", "backslashreplace").decode()
