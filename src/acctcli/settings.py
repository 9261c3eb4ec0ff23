"""Where the data lives and what config.toml says: ACCT_HOME, ACCT_DATABASE_URL, ACCT_USER."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from acctcli.errors import Invalid

APP_NAME = "acct"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class Settings(NamedTuple):
    home: Path
    database_url: str
    user: str
    config: Mapping[str, Any] = MappingProxyType({})

    @property
    def currency(self) -> str:
        return str(self.config.get("currency", "RUB"))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def config_path(self) -> Path:
        return self.home / "config.toml"

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.config.get(name, {})
        if not isinstance(value, Mapping):
            raise Invalid(f"{self.config_path}: [{name}] must be a table")
        return value


def load_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise Invalid(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise Invalid(f"cannot read {path}: {exc.strerror}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"{path}: {exc}") from None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home = Path(env["ACCT_HOME"]).expanduser() if env.get("ACCT_HOME") else default_home()
    config = load_config(home / "config.toml")
    url = env.get("ACCT_DATABASE_URL") or str(config.get("database_url", ""))
    if not url:
        url = f"sqlite:///{home / 'acct.db'}"
    configured = config.get("user", "")
    if not isinstance(configured, str):
        raise Invalid(f'{home / "config.toml"}: user must be a string, e.g. user = "anna"')
    user = env.get("ACCT_USER") or configured or _login_name(env)
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
