"""Maildir folders (cur/ and new/; Maildir++ subfolders such as .Sent) listed without opening
a single message file: a message is known by its unique base name, which stays the same when
a mail client moves it from new/ to cur/ or changes its flags."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from acctcli.domain.matching import is_sent_folder
from acctcli.records import NamedTuple

SUBDIRS = ("new", "cur")


class MaildirFolder(NamedTuple):
    path: Path
    name: str  # "" for the top folder, "Sent" for .Sent

    @property
    def sent(self) -> bool:
        return bool(self.name) and is_sent_folder(self.name)


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() or (path / "new").is_dir()


def maildir_folders(root: Path) -> list[MaildirFolder]:
    """The folder itself and its Maildir++ subfolders (.Sent, .Archive, .INBOX.Отчёты…)."""
    folders = []
    if is_maildir(root):
        own = root.name if is_sent_folder(root.name) else ""
        folders.append(MaildirFolder(root, own))
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if entry.name.startswith(".") and entry.name not in (".", "..") and entry.is_dir():
            sub = Path(entry.path)
            if is_maildir(sub):
                folders.append(MaildirFolder(sub, entry.name[1:]))
    return folders


def base_name(filename: str) -> str:
    """'1700000000.M1P2.host:2,S' → '1700000000.M1P2.host' (also the '!2,' variant)."""
    for sep in (":2,", "!2,", ":"):
        if sep in filename:
            return filename.split(sep, 1)[0]
    return filename


def message_names(directory: Path) -> Iterator[str]:
    """File names in a cur/ or new/ folder, streamed (dot files are a mail client's own).
    Every other entry is named, whatever its type: the importer reads regular files and
    reports the rest (a FIFO, a link leading out) as failed, so that nothing goes unseen."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                yield entry.name


def list_message_names(directory: Path) -> list[str]:
    """`message_names` as a list, listed in C (a folder of 50,000 is listed again whenever a
    mail client marks mail read)."""
    return [name for name in os.listdir(directory) if name[:1] != "."]


def delivery_time(filename: str) -> datetime | None:
    """The delivery time a Maildir name starts with: a fallback for a missing Date."""
    head = filename.split(".", 1)[0]
    if head.isdigit() and 9 <= len(head) <= 10:
        return datetime.fromtimestamp(int(head), tz=UTC)
    return None


def find_moved(folder: Path, base: str) -> Path | None:
    """Where a message is now, after a mail client renamed or moved it."""
    for sub in SUBDIRS:
        try:
            for name in os.listdir(folder / sub):
                if base_name(name) == base:
                    return folder / sub / name
        except OSError:
            continue
    return None
