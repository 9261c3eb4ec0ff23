"""Where the data lives and what config.toml says: ACCT_HOME, ACCT_DATABASE_URL, ACCT_USER, and
the file's sections, read once against the schema in acctcli.config."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from acctcli.config import (
    CalendarSettings,
    CallsSettings,
    Config,
    MoneySettings,
    WorkSettings,
    read_config,
)

if TYPE_CHECKING:
    from acctcli.config.mail import MailSettings

APP_NAME = "acct"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class Settings(NamedTuple):
    """What every command reads: the environment and config.toml, checked, as typed values."""

    home: Path
    database_url: str
    user: str
    config: Config

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def config_path(self) -> Path:
        return self.home / "config.toml"

    def check(self) -> None:
        """Raise the first wrong type or bad value of config.toml (every command calls this)."""
        self.config.check()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Unknown keys and sections of config.toml, one line each (without `Warning: `)."""
        return self.config.warnings

    @property
    def currency(self) -> str:
        return self.config.currency

    @property
    def mail(self) -> MailSettings:
        return self.config.mail

    @property
    def calendar(self) -> CalendarSettings:
        return self.config.calendar

    @property
    def urgency(self) -> Mapping[str, float]:
        return self.config.urgency

    @property
    def calls(self) -> CallsSettings:
        return self.config.calls

    @property
    def work(self) -> WorkSettings:
        return self.config.work

    @property
    def money(self) -> MoneySettings:
        return self.config.money


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home = Path(env["ACCT_HOME"]).expanduser() if env.get("ACCT_HOME") else default_home()
    config = read_config(home / "config.toml")
    url = env.get("ACCT_DATABASE_URL") or config.database_url or f"sqlite:///{home / 'acct.db'}"
    user = env.get("ACCT_USER") or config.user or _login_name(env)
    return Settings(home=home, database_url=url, user=user, config=config)


def _login_name(env: Mapping[str, str]) -> str:
    for key in ("LOGNAME", "USER", "USERNAME"):
        if env.get(key):
            return env[key]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container: still a usable default
        return "me"
