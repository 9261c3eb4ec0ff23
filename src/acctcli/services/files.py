"""Files acct writes for the user (a calendar feed, an export): whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from acctcli.errors import Invalid
from acctcli.i18n import _


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so that a reader (or a
    calendar that polls the file) never sees half of it; an unwritable place is an error."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise Invalid(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from None
