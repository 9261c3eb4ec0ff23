"""Alembic, run from inside the package: creating, upgrading and inspecting the schema."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from acctcli.errors import StoreError
from acctcli.i18n import _

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["url"] = url
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def backup_sqlite(path: Path, revision: str) -> Path:
    """A consistent copy of the store next to it, made before an upgrade touches it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-backup-{revision}-{stamp}{path.suffix}")
    import sqlite3

    from acctcli.store.db import open_sqlite

    src = open_sqlite(path)
    try:
        dst = sqlite3.connect(target)  # a plain file the backup API fills page by page
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    target.chmod(0o600)
    return target


def upgrade_sqlite(url: str, revision: str | None) -> None:
    """Bring a personal store to the head, keeping a backup of an existing one."""
    from acctcli.store.db import SCHEMA_HEAD, sqlite_path

    path = sqlite_path(url)
    known = {p.stem.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("*.py")}
    if revision is not None and revision not in known:
        raise StoreError(
            _(
                "the store {path} was made by a newer acct (schema {revision}, this one knows "
                "up to {head})"
            ).format(path=path, revision=revision, head=SCHEMA_HEAD),
            _("upgrade acct: pip install --upgrade acct"),
        )
    if revision is not None:
        backup_sqlite(path, revision)
    try:
        upgrade(url)
    except Exception as exc:  # an upgrade that fails must say so in one line, not a traceback
        raise StoreError(
            _("upgrading the store {path} failed: {error}").format(path=path, error=exc)
        ) from exc
    path.chmod(0o600)
