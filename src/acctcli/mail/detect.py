"""What a PATH given to `acct mail import` is: a Maildir, an mbox, a message file or a folder of
.eml files.  Detected from the folder layout and the first bytes (never the name), never asked.

Also the safe way to open a file found there: file names are bytes (any name the file system
allows is kept, stored reversibly and shown escaped); only regular files are read (a FIFO is
never opened, so it cannot hang the import); a symlink inside a folder is followed only when
its target stays inside that folder; every read is bounded by `[mail] max_message_mb`.
"""

from __future__ import annotations

import os
import stat as st
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes

from acctcli.i18n import _
from acctcli.mail.maildir import maildir_folders
from acctcli.mail.mbox import looks_like_header

HEAD = 65536  # bytes read to tell a format: blank lines and spaces before the headers included
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Outlook .msg (and any other OLE2 document)
_BLANK = b" \t\r\n\x0b\x0c"
_BOM = b"\xef\xbb\xbf"
_BYTES = "bytes:"  # a stored name that is not UTF-8 text: this prefix, then %-escaped bytes


class NotMail(Exception):
    """A path or file that cannot be imported, with the reason (translated, one line)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- names are bytes --------------------------------------------------------------------------
def stored_name(name: str | Path) -> str:
    """A file name (or path) as text the store can hold and give back exactly: UTF-8 names as
    they are; anything else (undecodable bytes) as "bytes:" and %-escaped bytes."""
    text = os.fspath(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _BYTES + quote_from_bytes(os.fsencode(text), safe="/")
    if text.startswith(_BYTES):
        return _BYTES + quote_from_bytes(os.fsencode(text), safe="/")
    return text


def name_path(stored: str) -> Path:
    """The path a `stored_name` names."""
    if stored.startswith(_BYTES):
        return Path(os.fsdecode(unquote_to_bytes(stored[len(_BYTES) :])))
    return Path(stored)


def shown_name(name: str | Path) -> str:
    """A file name for people: undecodable bytes as \\xNN, line breaks as \\n and \\r (the
    rest of what a terminal must not see is escaped by render.safe.clean_text)."""
    text = os.fsencode(os.fspath(name)).decode("utf-8", "backslashreplace")
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


# -- reading a file safely --------------------------------------------------------------------
def not_regular(mode: int) -> str | None:
    """Why a file of this type is not read, or None for a regular file."""
    if st.S_ISREG(mode):
        return None
    if st.S_ISFIFO(mode):
        return _("not a regular file (a FIFO)")
    if st.S_ISSOCK(mode):
        return _("not a regular file (a socket)")
    if st.S_ISCHR(mode) or st.S_ISBLK(mode):
        return _("not a regular file (a device)")
    if st.S_ISDIR(mode):
        return _("a folder, not a message file")
    return _("not a regular file")


def os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("no such file or folder")
    if isinstance(exc, PermissionError):
        return _("permission denied")
    # TRANSLATORS: {error} is the system's own description (English).
    return _("cannot read it ({error})").format(error=exc.strerror or type(exc).__name__)


def too_large(size: int, limit: int) -> str:
    mb = limit // (1 << 20)
    return _("larger than [mail] max_message_mb = {limit} ({size} MB)").format(
        limit=mb, size=-(-size // (1 << 20))
    )


def check_file(path: Path, root: Path | None = None) -> os.stat_result:
    """The file's status when it may be read: a regular file and, under a `root` folder, not a
    symlink leading out of it.  Raises NotMail otherwise (nothing is opened)."""
    try:
        link = os.lstat(path)
        if st.S_ISLNK(link.st_mode) and root is not None:
            target = os.path.realpath(path)
            inside = os.path.realpath(root)
            if os.path.commonpath([target, inside]) != inside:
                raise NotMail(_("a symbolic link to outside the folder being imported"))
        status = os.stat(path) if st.S_ISLNK(link.st_mode) else link
    except OSError as exc:
        raise NotMail(os_reason(exc)) from None
    reason = not_regular(status.st_mode)
    if reason is not None:
        raise NotMail(reason)
    return status


def read_file(path: Path, limit: int, root: Path | None = None) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (at most `limit`) and its status; NotMail when it may not be read
    (see `check_file`), is larger than `limit`, or cannot be read."""
    check_file(path, root)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NotMail(os_reason(exc)) from None
    try:
        status = os.fstat(fd)
        reason = not_regular(status.st_mode)  # replaced since it was checked
        if reason is not None:
            raise NotMail(reason)
        if status.st_size > limit:
            raise NotMail(too_large(status.st_size, limit))
        # the size the file has (one byte more, to see it grow), not the limit: a read of
        # `limit` bytes allocates that much and then shrinks it, ~3x the CPU of the read
        data = os.read(fd, min(limit, status.st_size) + 1)
        more = os.read(fd, min(1 << 20, limit + 1 - len(data))) if len(data) <= limit else b""
        if more:  # a short read, or it grew since fstat: the rest, up to the limit
            pieces = [data, more]
            got = len(data) + len(more)
            while got <= limit:
                more = os.read(fd, min(1 << 20, limit + 1 - got))
                if not more:
                    break
                pieces.append(more)
                got += len(more)
            data = b"".join(pieces)
        if len(data) > limit:
            raise NotMail(too_large(len(data), limit))
        return data, status
    except OSError as exc:
        raise NotMail(os_reason(exc)) from None
    finally:
        os.close(fd)


def read_head(path: Path) -> bytes:
    """The first bytes of a file checked with `check_file`, enough to tell its format."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            return os.read(fd, HEAD)
        finally:
            os.close(fd)
    except OSError as exc:
        raise NotMail(os_reason(exc)) from None


def skip_blank(data: bytes) -> int:
    """Where the content starts: after a BOM, blank lines and spaces."""
    start = 3 if data.startswith(_BOM) else 0
    while start < len(data) and data[start] in _BLANK:
        start += 1
    return start


def foreign_format(head: bytes) -> str | None:
    """Why a file in a known non-mail format is no message, or None."""
    if head.startswith(_OLE2):
        return _("Outlook .msg, not a MIME message: export it as .eml")
    if head.startswith(b"%PDF-"):
        return _("a PDF document, not a mail message")
    return None


def content_kind(head: bytes) -> str:
    """'mbox', 'eml' or 'empty' from a file's first bytes; NotMail when it is no mail."""
    body = head[skip_blank(head) :]
    if not body:
        return "empty"
    foreign = foreign_format(body)
    if foreign is not None:
        raise NotMail(foreign)
    first, _nl, rest = body.partition(b"\n")
    if first.startswith(b"From "):
        if looks_like_header(rest.split(b"\n", 1)[0]):
            return "mbox"
    elif looks_like_header(first):
        return "eml"
    raise NotMail(_("not a mail file (neither an mbox nor an .eml message)"))


def detect_format(path: Path, limit: int = 100 << 20) -> str:
    """'maildir', 'mbox', 'eml' or 'emldir'; NotMail when PATH cannot be read or is no mail.
    An empty file is an empty mbox, unless its name ends in .eml (then an empty message)."""
    try:
        if path.is_dir():
            if maildir_folders(path):
                return "maildir"
            if any(True for _eml in eml_files(path)):
                return "emldir"
            raise NotMail(_("no mail here (neither a Maildir with cur/ and new/ nor .eml files)"))
    except OSError as exc:
        raise NotMail(os_reason(exc)) from None
    check_file(path)
    kind = content_kind(read_head(path))
    if kind == "empty":
        return "eml" if path.suffix.lower() == ".eml" else "mbox"
    return kind


def eml_files(folder: Path):  # type: ignore[no-untyped-def]
    """Every file under a folder, whatever its name (each is read by its content), in a
    stable order — and each symbolic link to a folder outside it, so that it is accounted for
    as a failed entry; dot files and folders are a mail client's own."""
    inside = os.path.realpath(folder)
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        outside = []
        for name in dirnames:
            path = Path(dirpath) / name
            if os.path.islink(path):
                target = os.path.realpath(path)
                if os.path.commonpath([target, inside]) != inside:
                    outside.append(path)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
        yield from outside
