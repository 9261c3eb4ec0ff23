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


def known_revisions() -> set[str]:
    """The schema revisions this acct's migrations know."""
    return {p.stem.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("*.py")}


def backup_sqlite(path: Path, revision: str) -> Path:
    """A consistent copy of the store next to it, made before an upgrade touches it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-backup-{revision}-{stamp}{path.suffix}")
    from acctcli.store.backup import copy_into
    from acctcli.store.db import open_sqlite

    src = open_sqlite(path)
    try:
        copy_into(src, target)
    finally:
        src.close()
    return target


def upgrade_sqlite(url: str, revision: str | None) -> None:
    """Bring a personal store to the head, keeping a backup of an existing one; an upgrade
    that fails puts the file back as it was before."""
    from acctcli.store.db import SCHEMA_HEAD, sqlite_path

    path = sqlite_path(url)
    if revision is not None and revision not in known_revisions():
        raise StoreError(
            _(
                "the store {path} was made by a newer acct (schema {revision}, this one knows "
                "up to {head})"
            ).format(path=path, revision=revision, head=SCHEMA_HEAD),
            _("upgrade acct: pip install --upgrade acct"),
        )
    backup = backup_sqlite(path, revision) if revision is not None else None
    try:
        upgrade(url)
    except Exception as exc:  # an upgrade that fails must say so in one line, not a traceback
        from acctcli.store.backup import put_back

        put_back(backup, path)  # None: the file was empty, and is again
        raise StoreError(
            _("upgrading the store {path} failed, and it was put back as it was: {error}").format(
                path=path, error=str(exc).strip().splitlines()[0] if str(exc).strip() else exc
            ),
            _("report it; the copy made before the upgrade is {backup}").format(backup=backup)
            if backup
            else None,
        ) from exc
    path.chmod(0o600)
