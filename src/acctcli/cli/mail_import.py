"""The bodies of `acct mail import` and `acct mail sync`: a run with progress and a summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from acctcli.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from acctcli.context import AppContext


def run_mail_job(
    obj: AppContext,
    service: Any,
    target: Any,
    *,
    date: str | None,
    json: bool,
    fetch: bool = False,
) -> None:
    """Run an import (`import_paths`) or, with `fetch`, a sync (`sync_accounts`) of `target`
    for the user, with a progress bar on a terminal, then print the summary (or the JSON
    report) and each failure on stderr."""
    from acctcli.render.mail import import_report_json, import_summary, print_failures

    progress = None
    if sys.stderr.isatty() and not json:
        from acctcli.render.mail import DelayedProgress

        label = _("Fetching mail") if fetch else _("Importing mail")
        progress = DelayedProgress(label=label)
    try:
        report = service(
            obj.db,
            target,
            owner=obj.settings.user,
            today=obj.today(date),
            now=obj.now(),
            settings=obj.settings.mail,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    from acctcli.services.mail.matching import rematch_if_rules_changed

    moved = rematch_if_rules_changed(obj.db, obj.settings.mail, obj.settings.user)
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.matching import moved_json

        print_json({**import_report_json(report), "rematched": moved_json(moved)})
    else:
        from acctcli.render.matching import moved_lines

        what = "Fetched" if fetch else "Imported"  # render.mail.import_summary words it
        sys.stdout.write(import_summary(report, what=what) + "\n")
        for line in moved_lines(moved):
            sys.stdout.write(line + "\n")
    print_failures(report)


def import_mail(obj: AppContext, *, paths: Sequence[str], json: bool, date: str | None) -> None:
    """Import PATHs and print the summary (failures on stderr); a bar on a terminal."""
    from acctcli.services.mail.importer import import_paths

    run_mail_job(obj, import_paths, paths, date=date, json=json)
