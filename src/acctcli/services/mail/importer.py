"""`acct mail import PATH…`: Maildir, mbox, .eml files, detected and imported resumably.

A re-import opens no file it has seen: a Maildir's cur/ and new/ whose mtime has not moved
since the last complete import are skipped without listing them; otherwise files are skipped
by their unique names.  An mbox resumes at the byte offset reached; .eml files are skipped by
mtime and size.  Typer-free, so a fast entry point can call it before Typer is imported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from acctcli.config.mail import MailSettings
from acctcli.i18n import _
from acctcli.mail.detect import detect_format, eml_files
from acctcli.mail.maildir import (
    SUBDIRS,
    base_name,
    delivery_time,
    maildir_folders,
    message_names,
)
from acctcli.services.mail.writer import ImportReport, MailWriter
from acctcli.store.db import Database
from acctcli.store.mail import seen_marks

RACY_NS = 2_000_000_000  # a folder changed this recently may still be changing: look again
CHUNK = 500


class Progress(Protocol):
    """What an import reports as it goes (the CLI draws it; by default nothing is drawn)."""

    def add_total(self, count: int) -> None: ...

    def advance(self, count: int) -> None: ...


class NoProgress:
    def add_total(self, count: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


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
    """Import every PATH; all are checked (and their formats detected) before anything is
    written, so an unreadable PATH changes nothing."""
    plan = []
    for raw in paths:
        path = Path(raw).expanduser()
        plan.append((path.absolute(), detect_format(path)))
    tracker = progress or NoProgress()
    writer = MailWriter(db, owner=owner, today=today, now=now, settings=settings)
    writer.progress = tracker.advance
    for path, kind in plan:
        if kind == "maildir":
            _import_maildir(writer, path, tracker)
        elif kind == "mbox":
            _import_mbox(writer, path, tracker)
        elif kind == "eml":
            _import_eml_files(writer, path.parent, [path], tracker)
        else:
            _import_eml_files(writer, path, eml_files(path), tracker)
    writer.flush()
    return writer.report


def _parse(raw: bytes, fallback: datetime | None) -> Any:
    from acctcli.mail.parse import parse_message

    return parse_message(raw, fallback_date=fallback)


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    with path.open("rb") as handle:
        return handle.read(), os.fstat(handle.fileno())


def _failure_reason(exc: BaseException) -> str:
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


def _count(directory: Path) -> int:
    return sum(1 for _ in message_names(directory))


def _import_maildir(writer: MailWriter, root: Path, progress: Progress) -> None:
    """Every folder's cur/ and new/ whose mtime moved since the last complete import."""
    db, owner = writer.db, writer.owner
    changed = []
    for folder in maildir_folders(root):
        dirs = seen_marks(db, owner, str(folder.path), [f"{sub}/" for sub in SUBDIRS])
        for sub in SUBDIRS:
            try:
                stat = (folder.path / sub).stat()
            except OSError:
                continue
            row = dirs.get(f"{sub}/")
            if row is not None and row.mtime_ns == stat.st_mtime_ns:
                writer.report.known += row.messages
            else:
                changed.append((folder, sub, stat))
    for folder, sub, _stat in changed:
        progress.add_total(_count(folder.path / sub))
    for folder, sub, stat in changed:
        _import_maildir_dir(writer, folder, sub, stat, progress)


def _import_maildir_dir(
    writer: MailWriter, folder: Any, sub: str, stat: os.stat_result, progress: Progress
) -> None:
    """New files of one cur/ or new/, known ones skipped by name in chunks (bounded memory);
    the folder's mtime is recorded only when all of it is in and it has settled."""
    source, directory = str(folder.path), folder.path / sub
    settled = time.time_ns() - stat.st_mtime_ns > RACY_NS
    failures_before = writer.report.failed
    files = 0
    for chunk in _chunked(message_names(directory)):
        files += len(chunk)
        bases = {name: base_name(name) for name in chunk}
        known = set(seen_marks(writer.db, writer.owner, source, list(set(bases.values()))))
        skipped = 0
        for name in chunk:
            base = bases[name]
            if base in known:
                skipped += 1
                continue
            known.add(base)
            _import_maildir_file(writer, folder, directory / name, base)
        writer.report.known += skipped
        progress.advance(skipped)
    writer.flush()
    if settled and writer.report.failed == failures_before:
        writer.mark_seen(
            {
                "source": source,
                "name": f"{sub}/",
                "mtime_ns": stat.st_mtime_ns,
                "size": 0,
                "messages": files,
            }
        )
        writer.flush()


def _import_maildir_file(writer: MailWriter, folder: Any, path: Path, base: str) -> None:
    try:
        raw, stat = _read(path)
        fallback = delivery_time(path.name) or datetime.fromtimestamp(stat.st_mtime, UTC)
        msg = _parse(raw, fallback)
    except Exception as exc:
        writer.fail(str(path), _failure_reason(exc))
        return
    writer.add(
        msg,
        source="maildir",
        location=str(path),
        sent_folder=folder.sent or _custom_sent(writer.settings, folder.name),
        seen={
            "source": str(folder.path),
            "name": base,
            "mtime_ns": stat.st_mtime_ns,
            "size": stat.st_size,
            "messages": 1,
        },
    )


def _custom_sent(settings: MailSettings, name: str) -> bool:
    return bool(name) and name.casefold() in settings.sent_folders


def _import_mbox(writer: MailWriter, path: Path, progress: Progress) -> None:
    from acctcli.mail.mbox import iter_mbox, separator_at

    source = str(path)
    stat = path.stat()
    settled = time.time_ns() - stat.st_mtime_ns > RACY_NS
    row = seen_marks(writer.db, writer.owner, source, [""]).get("")
    if row is not None and row.size == stat.st_size and row.mtime_ns == stat.st_mtime_ns:
        writer.report.known += row.messages
        return
    start, count = 0, 0
    if row is not None and 0 < row.size <= stat.st_size and separator_at(path, row.size):
        start, count = row.size, row.messages
        writer.report.known += count
    sent = _custom_sent(writer.settings, path.stem) or _is_sent_name(path.stem)
    fallback = datetime.fromtimestamp(stat.st_mtime, UTC)
    reached = start
    for entry in iter_mbox(path, start):
        count += 1
        reached = entry.end
        seen = {"source": source, "name": "", "mtime_ns": 0, "size": entry.end, "messages": count}
        try:
            msg = _parse(entry.raw, fallback)
        except Exception as exc:
            # TRANSLATORS: names a message that could not be read inside an mbox file
            where = _("{path} (message at byte {offset})").format(path=path, offset=entry.start)
            writer.fail(where, _failure_reason(exc))
            writer.mark_seen(seen)
            continue
        writer.add(
            msg, source="mbox", location=f"{path}#{entry.start}", sent_folder=sent, seen=seen
        )
    writer.flush()
    if settled and reached == stat.st_size:
        writer.mark_seen(
            {
                "source": source,
                "name": "",
                "mtime_ns": stat.st_mtime_ns,
                "size": reached,
                "messages": count,
            }
        )
        writer.flush()


def _is_sent_name(name: str) -> bool:
    from acctcli.domain.matching import is_sent_folder

    return is_sent_folder(name)


def _import_eml_files(writer: MailWriter, folder: Path, files: Any, progress: Progress) -> None:
    source = str(folder)
    sent = _is_sent_name(folder.name) or _custom_sent(writer.settings, folder.name)
    for chunk in _chunked(iter(files)):
        names = {str(Path(f).relative_to(folder)): Path(f) for f in chunk}
        known = seen_marks(writer.db, writer.owner, source, list(names))
        progress.add_total(len(chunk))
        for name, path in names.items():
            try:
                stat = path.stat()
            except OSError as exc:
                writer.fail(str(path), _failure_reason(exc))
                continue
            row = known.get(name)
            if row is not None and row.mtime_ns == stat.st_mtime_ns and row.size == stat.st_size:
                writer.report.known += 1
                progress.advance(1)
                continue
            try:
                raw, stat = _read(path)
                msg = _parse(raw, datetime.fromtimestamp(stat.st_mtime, UTC))
            except Exception as exc:
                writer.fail(str(path), _failure_reason(exc))
                continue
            writer.add(
                msg,
                source="eml",
                location=str(path),
                sent_folder=sent,
                seen={
                    "source": source,
                    "name": name,
                    "mtime_ns": stat.st_mtime_ns,
                    "size": stat.st_size,
                    "messages": 1,
                },
            )
