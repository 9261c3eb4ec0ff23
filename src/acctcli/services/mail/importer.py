"""`acct mail import PATH…`: Maildir, mbox, .eml files, detected and imported resumably.

A re-import opens no file it has seen: a Maildir's cur/ and new/ whose mtime has not moved
since the last complete import are skipped without listing them; otherwise files are skipped
by their unique names.  An mbox resumes at the byte offset reached; .eml files are skipped by
mtime and size.  Typer-free, so a fast entry point can call it before Typer is imported.
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from acctcli.config.mail import MailSettings
from acctcli.errors import Invalid
from acctcli.i18n import _, ngettext
from acctcli.mail.detect import (
    NotMail,
    check_file,
    content_kind,
    detect_format,
    eml_files,
    foreign_format,
    read_file,
    read_head,
    shown_name,
    stored_name,
    too_large,
)
from acctcli.mail.maildir import (
    SUBDIRS,
    base_name,
    delivery_time,
    list_message_names,
    maildir_folders,
)
from acctcli.records import NamedTuple
from acctcli.services.mail.parallel import ordered_map
from acctcli.services.mail.writer import ImportReport, MailWriter, Prepared, prepare
from acctcli.store.db import Database
from acctcli.store.mail import seen_marks, seen_names

RACY_NS = 2_000_000_000  # a folder changed this recently may still be changing: look again
CHUNK = 500
KNOWN_AT_ONCE = 2000  # a folder with more files: its known names loaded in one query


TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    class Progress(Protocol):
        """What an import reports as it goes (the CLI draws it; by default nothing is drawn)."""

        def add_total(self, count: int) -> None: ...

        def advance(self, count: int) -> None: ...

else:
    Progress = object  # (for the type checker, the protocol above: `typing` costs ~5 ms)


class NoProgress:
    def add_total(self, count: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


class Failure(NamedTuple):
    file: str  # the file, shown (undecodable bytes and line breaks escaped)
    reason: str
    offset: int | None = None  # where the message starts in an mbox


class PathReport:
    """One PATH's accounting: seen = imported + known + failed."""

    __slots__ = ("path", "format", "imported", "known", "failures")

    def __init__(self, path: str, format: str) -> None:
        self.path = path  # shown
        self.format = format  # maildir, mbox, eml, emldir; "" when it could not be read
        self.imported = 0
        self.known = 0
        self.failures: list[Failure] = []

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def seen(self) -> int:
        return self.imported + self.known + self.failed


def import_paths(
    db: Database,
    paths: Sequence[str | Path],
    *,
    owner: str,
    today: date,
    now: datetime,
    settings: MailSettings,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every PATH.  A PATH that is no mail (or cannot be read) is one failed entry and
    the others import; when no PATH can be read at all, nothing is written (Invalid)."""
    plan: list[tuple[Path, str, str | None]] = []
    limit = settings.max_message_mb << 20
    for raw in paths:
        path = Path(raw).expanduser().absolute()
        try:
            plan.append((path, detect_format(path, limit), None))
        except NotMail as exc:
            plan.append((path, "", exc.reason))
    unreadable = [(path, reason) for path, kind, reason in plan if not kind]
    if len(unreadable) == len(plan) and plan:
        path, reason = unreadable[0]
        # TRANSLATORS: a PATH given to acct mail import, and why it cannot be imported
        text = _("{path}: {reason}").format(path=shown_name(path), reason=reason)
        if len(unreadable) > 1:
            more = len(unreadable) - 1
            text += " " + ngettext(
                "(and {n} more path that cannot be read)",
                "(and {n} more paths that cannot be read)",
                more,
            ).format(n=more)
        raise Invalid(text)
    tracker = progress or NoProgress()
    writer = MailWriter(db, owner=owner, today=today, now=now, settings=settings)
    writer.progress = tracker.advance
    report = writer.report
    for path, kind, reason in plan:
        acc = PathReport(shown_name(path), kind)
        report.paths.append(acc)
        if reason is not None:
            _fail(writer, acc, path, reason)
            continue
        imported, known = report.imported, report.known
        if kind == "maildir":
            _import_maildir(writer, acc, path, tracker)
        elif kind == "mbox":
            _import_mbox(writer, acc, path, tracker)
        elif kind == "eml":
            _import_eml_files(writer, acc, path.parent, [path], tracker, root=None)
        else:
            _import_eml_files(writer, acc, path, eml_files(path), tracker, root=path)
        writer.flush()
        acc.imported = report.imported - imported
        acc.known = report.known - known
    return report


def _fail(
    writer: MailWriter, acc: PathReport, path: Path, reason: str, offset: int | None = None
) -> None:
    """One failed entry: in the path's accounting and the report (shown on stderr)."""
    shown = shown_name(path)
    acc.failures.append(Failure(shown, reason, offset))
    if offset is None:
        writer.fail(shown, reason)
    else:
        # TRANSLATORS: names a message that could not be read inside an mbox file
        writer.fail(
            _("{path} (message at byte {offset})").format(path=shown, offset=offset), reason
        )


def _parse(raw: bytes, fallback: datetime | None) -> Any:
    from acctcli.mail.parse import parse_message

    return parse_message(raw, fallback_date=fallback)


def _read(path: Path, limit: int, root: Path | None) -> tuple[bytes, os.stat_result]:
    """A message file's bytes, bounded; NotMail for what is no message (an Outlook .msg…)."""
    raw, status = read_file(path, limit, root)
    foreign = foreign_format(raw[:16])
    if foreign is not None:
        raise NotMail(foreign)
    return raw, status


def _failure_reason(exc: BaseException) -> str:
    if isinstance(exc, NotMail):
        return exc.reason
    if isinstance(exc, OSError):
        return _("cannot read it ({error})").format(error=exc.strerror or type(exc).__name__)
    from acctcli.mail.parse import UnreadableMessage

    if isinstance(exc, UnreadableMessage):
        return str(exc)
    return _("cannot parse it ({error})").format(error=type(exc).__name__)


def _chunked(names: Iterator[str], size: int = CHUNK) -> Iterator[list[str]]:
    chunk: list[str] = []
    for name in names:
        chunk.append(name)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _import_maildir(writer: MailWriter, acc: PathReport, root: Path, progress: Progress) -> None:
    """Every folder's cur/ and new/ whose mtime moved since the last complete import."""
    db, owner = writer.db, writer.owner
    changed = []
    for folder in maildir_folders(root):
        dirs = seen_marks(db, owner, stored_name(folder.path), [f"{sub}/" for sub in SUBDIRS])
        for sub in SUBDIRS:
            try:
                stat = (folder.path / sub).stat()
            except OSError:
                continue
            row = dirs.get(f"{sub}/")
            if row is not None and row.mtime_ns == stat.st_mtime_ns:
                writer.report.known += row.messages
            else:
                changed.append((folder, sub, stat, row))
    listed = []
    for folder, sub, stat, row in changed:  # each folder listed once: the total, the import
        names = _listing(folder.path / sub)
        progress.add_total(len(names))
        listed.append((folder, sub, stat, row, names))
    for folder, sub, stat, row, names in listed:
        _import_maildir_dir(writer, acc, root, folder, sub, stat, row, names, progress)


def _listing(directory: Path) -> list[str]:
    try:
        return list_message_names(directory)
    except OSError:
        return []


def _import_maildir_dir(
    writer: MailWriter,
    acc: PathReport,
    root: Path,
    folder: Any,
    sub: str,
    stat: os.stat_result,
    mark: Any,
    names: list[str],
    progress: Progress,
) -> None:
    """New files of one cur/ or new/ (listed once, by the caller), known ones skipped by their
    unique names; the folder's mtime is recorded only when all of it is in and it has settled.

    The folder's mark (`mark`, its row of the last complete import) keeps a fingerprint of
    the base names it held then: the same names now (a mail client marked mail read, and
    renamed every file it touched) are all known, and the folder's 50,000 stored names are
    not even loaded.  Otherwise the names already seen are loaded in one query when the
    folder holds many files, and a chunk at a time when few are new among a folder we know
    little of."""
    source, directory = stored_name(folder.path), folder.path / sub
    listed = names
    settled = time.time_ns() - stat.st_mtime_ns > RACY_NS
    failures_before = writer.report.failed
    bases = _stored_bases(names)
    digest = names_digest(bases)
    same = mark is not None and mark.size == digest and mark.messages == len(names)
    known_all = (
        seen_names(writer.db, writer.owner, source)
        if len(names) > KNOWN_AT_ONCE and not same
        else None
    )
    if same:
        names = []
        writer.report.known += len(listed)
        progress.advance(len(listed))
    elif known_all is not None:  # the names not seen yet, found without a Python loop a name
        # most often nothing is new (a mail client renamed the files): one pass in C, with no
        # set of 50,000 names built for it
        if known_all.issuperset(bases):
            names = []
        else:
            unseen = set(bases).difference(known_all)
            names = [n for n, base in zip(names, bases, strict=True) if base in unseen]
        writer.report.known += len(listed) - len(names)
        progress.advance(len(listed) - len(names))
    limit = writer.settings.max_message_mb << 20

    def new_files() -> Iterator[tuple[Path, int, Path, str]]:
        for chunk in _chunked(iter(names)):
            bases = dict(zip(chunk, _stored_bases(chunk), strict=True))
            if known_all is None:
                known = set(seen_marks(writer.db, writer.owner, source, list(set(bases.values()))))
            else:
                known = known_all
            skipped = 0
            for name in chunk:
                base = bases[name]
                if base in known:
                    skipped += 1
                    continue
                known.add(base)
                yield directory / name, limit, root, base
            writer.report.known += skipped
            progress.advance(skipped)

    sent = folder.sent or _custom_sent(writer.settings, folder.name)
    for (path, _limit, _root, base), loaded in ordered_map(
        load_maildir_file, new_files(), expected=len(names)
    ):
        if isinstance(loaded, str):
            _fail(writer, acc, path, loaded)
            continue
        msg, prepared, mtime_ns, size = loaded
        writer.add(
            msg,
            source="maildir",
            location=stored_name(path),
            sent_folder=sent,
            seen={
                "source": source,
                "name": base,
                "mtime_ns": mtime_ns,
                "size": size,
                "messages": 1,
            },
            prepared=prepared,
        )
    writer.flush()
    if settled and writer.report.failed == failures_before:
        writer.mark_seen(
            {
                "source": source,
                "name": f"{sub}/",
                "mtime_ns": stat.st_mtime_ns,
                "size": digest,  # a folder mark's size: the fingerprint of its names
                "messages": len(listed),
            }
        )
        writer.flush()


def names_digest(bases: list[str]) -> int:
    """A fingerprint of a folder's set of base names, whatever their order: the sums of
    their CRC-32 and of their Adler-32 (two unrelated checksums), 63 bits together.  Two
    different sets of as many names share one by chance once in ~2^63; only who can name
    files in the Maildir chooses the names.  Never 0, the size of a mark made without one."""
    import zlib

    encoded = [base.encode("utf-8", "surrogateescape") for base in bases]
    crc = sum(map(zlib.crc32, encoded)) & 0x7FFFFFFF
    adler = sum(map(zlib.adler32, encoded)) & 0xFFFFFFFF
    return (crc << 32 | adler) or 1


def _stored_bases(names: list[str]) -> list[str]:
    """`stored_name(base_name(name))` of each name.  When every name is plain ASCII with a
    ":2," info part (all of a cur/ folder, as mail clients write it), by one comprehension
    and checks made in C (a regular expression over the joined names is twice as slow);
    else name by name."""
    if len(names) > 1:
        heads = [name.partition(":2,")[0] for name in names]
        # a name without ":2," is its own head: the same length
        if not any(map(operator.eq, map(len, heads), map(len, names))):
            joined = "\0".join(heads)
            if joined.isascii() and "\0bytes:" not in "\0" + joined:
                return heads
    return [_stored_base(name) for name in names]


def _stored_base(name: str) -> str:
    head, sep, _flags = name.partition(":2,")
    if not sep:
        head = base_name(name)
    return head if head.isascii() and not head.startswith("bytes:") else stored_name(head)


def load_maildir_file(job: tuple[Path, int, Path, str]) -> tuple[Any, Prepared, int, int] | str:
    """A Maildir file read and parsed (in a worker process, or not): the message with the
    file's mtime and size, or why it cannot be imported."""
    path, limit, root, _base = job
    try:
        raw, stat = _read(path, limit, root)
        fallback = delivery_time(path.name) or datetime.fromtimestamp(stat.st_mtime, UTC)
        msg = _parse(raw, fallback)
        return msg, prepare(msg), stat.st_mtime_ns, stat.st_size
    except Exception as exc:
        return _failure_reason(exc)


def _custom_sent(settings: MailSettings, name: str) -> bool:
    return bool(name) and name.casefold() in settings.sent_folders


RESUME = "#sha256"  # an mbox's seen row: where to resume, and a fingerprint of what is before
ENDS = "#ends"  # an mbox's seen row: a fingerprint of its first and last bytes, and its size


def _import_mbox(writer: MailWriter, acc: PathReport, path: Path, progress: Progress) -> None:
    """An mbox, resumed where the last run stopped only when everything before that point is
    byte for byte what it was (a rewritten or shortened mbox is read again, by content)."""
    import hashlib

    from acctcli.mail.mbox import (
        ends_print,
        fingerprint,
        iter_mbox,
        prefix_digest,
        separator_at,
    )

    source = stored_name(path)
    stat = path.stat()
    settled = time.time_ns() - stat.st_mtime_ns > RACY_NS
    marks = seen_marks(writer.db, writer.owner, source, ["", RESUME, ENDS])
    row = marks.get("")
    if row is not None and row.size == stat.st_size and row.mtime_ns == stat.st_mtime_ns:
        writer.report.known += row.messages
        return
    ends = marks.get(ENDS)
    if (
        row is not None
        and ends is not None
        and row.size == ends.size == stat.st_size
        and ends.mtime_ns == ends_print(path, stat.st_size)
    ):
        # touched (a mail client rewrote it, or only its mtime moved) but the same size, and
        # its first and last bytes are as they were: nothing new, and nothing is parsed
        writer.report.known += row.messages
        if settled:
            writer.mark_seen(
                {
                    "source": source,
                    "name": "",
                    "mtime_ns": stat.st_mtime_ns,
                    "size": row.size,
                    "messages": row.messages,
                }
            )
            writer.flush()
        return
    start, count, digest = 0, 0, None
    mark = marks.get(RESUME)
    if mark is not None and 0 < mark.size <= stat.st_size and separator_at(path, mark.size):
        digest = prefix_digest(path, mark.size)
        if digest is not None and fingerprint(digest) == mark.mtime_ns:
            start, count = mark.size, mark.messages
            writer.report.known += count
        else:
            digest = None
    if digest is None:
        digest = hashlib.sha256()
    sent = _custom_sent(writer.settings, path.stem) or _is_sent_name(path.stem)
    fallback = datetime.fromtimestamp(stat.st_mtime, UTC)
    limit = writer.settings.max_message_mb << 20
    reached, clean = start, True

    def entries() -> Iterator[tuple[Any, int, datetime, int]]:
        # the fingerprint of what comes before each message's end, taken as it is read (the
        # reader may be further on by the time the message is stored)
        for entry in iter_mbox(path, start, limit=limit, hasher=digest):
            yield entry, fingerprint(digest), fallback, limit

    for (entry, printed, _fallback, _limit), loaded in ordered_map(
        load_mbox_entry,
        entries(),
        expected=(stat.st_size - start) >> 12,  # about a message in 4 KB
        weight=_entry_bytes,
        local=_too_big_to_copy,
    ):
        reached = entry.end
        if isinstance(loaded, str):
            _fail(writer, acc, path, loaded, entry.start)
            clean = False  # read again next time, to report it again
            continue
        msg, prepared = loaded
        count += 1
        seen = None
        if clean:
            seen = {
                "source": source,
                "name": RESUME,
                "mtime_ns": printed,
                "size": entry.end,
                "messages": count,
            }
        writer.add(
            msg,
            source="mbox",
            location=f"{source}#{entry.start}",
            sent_folder=sent,
            seen=seen,
            prepared=prepared,
        )
    writer.flush()
    if settled and clean and reached == stat.st_size:
        writer.mark_seen(
            {
                "source": source,
                "name": "",
                "mtime_ns": stat.st_mtime_ns,
                "size": reached,
                "messages": count,
            }
        )
        writer.mark_seen(
            {
                "source": source,
                "name": ENDS,
                "mtime_ns": ends_print(path, reached),
                "size": reached,
                "messages": 0,
            }
        )
        writer.flush()


def load_mbox_entry(job: tuple[Any, int, datetime, int]) -> tuple[Any, Prepared] | str:
    """An mbox's message parsed (in a worker process, or not), or why it cannot be."""
    entry, _printed, fallback, limit = job
    try:
        if entry.raw is None:
            raise NotMail(too_large(entry.size, limit))
        if not entry.raw or entry.raw.isspace():  # (strip() would copy a big one)
            raise NotMail(_("an empty message (a From_ line and nothing after it)"))
        msg = _parse(entry.raw, fallback)
        return msg, prepare(msg)
    except Exception as exc:
        return _failure_reason(exc)


COPY_AT_MOST = 4 << 20  # a longer message is parsed where it was read, not sent to a worker


def _entry_bytes(job: tuple[Any, int, datetime, int]) -> int:
    raw = job[0].raw
    return 0 if raw is None else len(raw)


def _too_big_to_copy(job: tuple[Any, int, datetime, int]) -> bool:
    raw = job[0].raw
    return raw is None or len(raw) > COPY_AT_MOST


def _folder_kind(path: Path) -> str:
    """What a file in a folder of files is, by its content: 'eml' or 'mbox'; NotMail for a
    file that is no mail (a PDF, a body without headers, an empty file not named .eml)."""
    kind = content_kind(read_head(path))
    if kind == "empty":
        if path.suffix.lower() != ".eml":
            raise NotMail(_("an empty file"))
        return "eml"
    return kind


def _is_sent_name(name: str) -> bool:
    from acctcli.domain.matching import is_sent_folder

    return is_sent_folder(name)


def _import_eml_files(
    writer: MailWriter,
    acc: PathReport,
    folder: Path,
    files: Any,
    progress: Progress,
    *,
    root: Path | None,
) -> None:
    """Message files, each skipped when its mtime and size are as last time; under a folder
    (`root`) a symlink is followed only when it stays inside."""
    source = stored_name(folder)
    sent = _is_sent_name(folder.name) or _custom_sent(writer.settings, folder.name)
    limit = writer.settings.max_message_mb << 20
    for chunk in _chunked(iter(files)):
        names = {stored_name(Path(f).relative_to(folder)): Path(f) for f in chunk}
        known = seen_marks(writer.db, writer.owner, source, list(names))
        progress.add_total(len(chunk))
        for name, path in names.items():
            try:
                stat = check_file(path, root)
            except NotMail as exc:
                _fail(writer, acc, path, exc.reason)
                continue
            row = known.get(name)
            if row is not None and row.mtime_ns == stat.st_mtime_ns and row.size == stat.st_size:
                writer.report.known += 1
                progress.advance(1)
                continue
            try:
                if root is not None and _folder_kind(path) == "mbox":
                    _import_mbox(writer, acc, path, progress)  # an mbox among the files
                    progress.advance(1)
                    continue
                raw, stat = _read(path, limit, root)
                msg = _parse(raw, datetime.fromtimestamp(stat.st_mtime, UTC))
            except Exception as exc:
                _fail(writer, acc, path, _failure_reason(exc))
                continue
            writer.add(
                msg,
                source="eml",
                location=stored_name(path),
                sent_folder=sent,
                seen={
                    "source": source,
                    "name": name,
                    "mtime_ns": stat.st_mtime_ns,
                    "size": stat.st_size,
                    "messages": 1,
                },
            )
