"""Where the data lives and what config.toml says: ACCT_HOME, ACCT_DATABASE_URL, ACCT_USER, and
the file's sections, read once against the schema in acctcli.config."""

from __future__ import annotations

import os
import posixpath
import sys
from collections.abc import Mapping

from acctcli.config import Config, read_toml

TYPE_CHECKING = False  # typing stays out of the start-up path (see acctcli.records)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

APP_NAME = "acct"


def default_home() -> Path:
    from pathlib import Path

    return Path(default_home_dir())


def default_home_dir() -> str:
    """platformdirs' user data folder for acct.  On Linux with an absolute $XDG_DATA_HOME or
    $HOME (nearly every session) it is found here without importing platformdirs, which loads
    pathlib, tempfile, shutil, bz2 and lzma: about as long as the rest of `acct today`'s
    imports.  The answer is tested equal to platformdirs' own."""
    environ = os.environ
    if (
        sys.platform == "linux"
        and not hasattr(sys, "getandroidapilevel")
        and (environ.get("ANDROID_DATA"), environ.get("ANDROID_ROOT")) != ("/data", "/system")
    ):
        data = environ.get("XDG_DATA_HOME", "")
        if posixpath.isabs(data):
            return os.path.join(data, APP_NAME)
        if posixpath.isabs(environ.get("HOME", "")):
            return os.path.join(os.path.expanduser("~/.local/share"), APP_NAME)
    from platformdirs import user_data_dir

    return user_data_dir(APP_NAME, appauthor=False)


class Settings(Config):
    """What every command reads: config.toml checked against the schema (typed sections:
    `mail`, `calendar`, `urgency`, `calls`, `work`, `money`), with ACCT_HOME and the
    environment applied, so that `database_url` and `user` are the ones to use."""

    def __init__(self, home: str, document: Mapping[str, Any], env: Mapping[str, str]) -> None:
        super().__init__(os.path.join(home, "config.toml"), document)
        self.home_dir = home  # a str: pathlib stays off the morning's path (~5 ms)
        self.database_url = (
            env.get("ACCT_DATABASE_URL")
            or self.database_url
            or f"sqlite:///{os.path.join(home, 'acct.db')}"
        )
        self.user = env.get("ACCT_USER") or self.user or _login_name(env)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def home(self) -> Path:
        from pathlib import Path

        return Path(self.home_dir)

    @property
    def config_path(self) -> Path:
        from pathlib import Path

        return Path(self.path)


def home_of(env: Mapping[str, str]) -> str:
    home = env.get("ACCT_HOME")
    return os.path.expanduser(home) if home else default_home_dir()


def config_path(env: Mapping[str, str]) -> str:
    return os.path.join(home_of(env), "config.toml")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home = home_of(env)
    return Settings(home, read_toml(os.path.join(home, "config.toml")), env)


def _login_name(env: Mapping[str, str]) -> str:
    for key in ("LOGNAME", "USER", "USERNAME"):
        if env.get(key):
            return env[key]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container: still a usable default
        return "me"
