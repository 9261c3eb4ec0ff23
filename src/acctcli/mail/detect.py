"""What a PATH given to `acct mail import` is: a Maildir, an mbox, an .eml file or a folder of
.eml files.  Detected from the folder layout and the first bytes, never asked."""

from __future__ import annotations

import os
from pathlib import Path

from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.mail.maildir import maildir_folders
from acctcli.mail.mbox import looks_like_header


def detect_format(path: Path) -> str:
    """'maildir', 'mbox', 'eml' or 'emldir'; Invalid when PATH cannot be read or is not mail."""
    try:
        if path.is_dir():
            if maildir_folders(path):
                return "maildir"
            if any(True for _eml in eml_files(path)):
                return "emldir"
            raise Invalid(
                _(
                    "{path}: no mail here (neither a Maildir with cur/ and new/ nor .eml files)"
                ).format(path=path)
            )
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise Invalid(_("{path}: no such file or folder").format(path=path)) from None
    except PermissionError:
        raise Invalid(_("{path}: permission denied").format(path=path)) from None
    except OSError as exc:
        raise Invalid(
            # TRANSLATORS: {error} is the system's own description (English).
            _("{path}: cannot read it ({error})").format(path=path, error=exc.strerror)
        ) from None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.strip() and path.suffix.lower() == ".eml":
        return "eml"  # an empty message: reported as failed, with its reason
    if not head.strip() or head.startswith(b"From "):
        return "mbox"  # an empty file is an empty mailbox
    first = head.lstrip(b"\r\n").split(b"\n", 1)[0]
    if looks_like_header(first):
        return "eml"
    raise Invalid(
        _("{path}: not a mail file (neither an mbox nor an .eml message)").format(path=path)
    )


def eml_files(folder: Path):  # type: ignore[no-untyped-def]
    """*.eml files under a folder, in a stable order."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(".eml") and not name.startswith("."):
                yield Path(dirpath) / name
