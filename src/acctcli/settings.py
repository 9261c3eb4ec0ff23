"""Where the data lives and what config.toml says: ACCT_HOME, ACCT_DATABASE_URL, ACCT_USER, and
the file's sections, read once against the schema in acctcli.config."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from acctcli.config import Config, read_toml

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from typing import Any

APP_NAME = "acct"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class Settings(Config):
    """What every command reads: config.toml checked against the schema (typed sections:
    `mail`, `calendar`, `urgency`, `calls`, `work`, `money`), with ACCT_HOME and the
    environment applied, so that `database_url` and `user` are the ones to use."""

    def __init__(self, home: Path, document: Mapping[str, Any], env: Mapping[str, str]) -> None:
        super().__init__(home / "config.toml", document)
        self.home = home
        self.database_url = (
            env.get("ACCT_DATABASE_URL") or self.database_url or f"sqlite:///{home / 'acct.db'}"
        )
        self.user = env.get("ACCT_USER") or self.user or _login_name(env)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def config_path(self) -> Path:
        return self.path


def home_of(env: Mapping[str, str]) -> Path:
    return Path(env["ACCT_HOME"]).expanduser() if env.get("ACCT_HOME") else default_home()


def config_path(env: Mapping[str, str]) -> Path:
    return home_of(env) / "config.toml"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home = home_of(env)
    return Settings(home, read_toml(home / "config.toml"), env)


def _login_name(env: Mapping[str, str]) -> str:
    for key in ("LOGNAME", "USER", "USERNAME"):
        if env.get(key):
            return env[key]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container: still a usable default
        return "me"
