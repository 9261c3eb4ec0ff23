"""The bodies of `acct mail list` and `acct mail import`, Typer-free so the entry point can
route them before Typer loads.

Fast routes (acctcli.entry):
- path ("mail", "list"), options --state VALUE, --client VALUE, --category VALUE, --all/-a,
  --json, --team, --date VALUE; target "acctcli.cli.mail_show:list_mail".
- path ("mail", "import"), positional PATH…, options --json, --date VALUE;
  target "acctcli.cli.mail_show:import_mail" (called with paths=[…]).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def mail_settings(obj: Any) -> Any:
    from acctcli.services.mail_config import read_mail_settings

    return read_mail_settings(obj.settings.section("mail"), str(obj.settings.config_path))


def client_id(obj: Any, client: str | None) -> int | None:
    if client is None:
        return None
    from acctcli.store.repo import find_client_id

    return find_client_id(obj.db, client)[0]


def list_mail(
    obj: Any,
    *,
    state: str | None = None,
    client: str | None = None,
    category: str | None = None,
    all_: bool = False,
    json: bool = False,
    team: bool = False,
    date: str | None = None,
) -> None:
    """Print the mail list as of `date` (default today): tables, or one JSON document."""
    from acctcli.services.mail import MailFilter, list_messages, wait_days

    filters = MailFilter(state, client_id(obj, client), category, all_)
    settings = obj.settings
    views = list_messages(
        obj.db,
        filters,
        day=obj.today(date),
        owner=obj.owner_filter(team),
        wait_days=wait_days(settings.section("mail"), str(settings.config_path)),
    )
    if json:
        from acctcli.render.console import print_json
        from acctcli.render.mail import message_json

        print_json({"messages": [message_json(v) for v in views]})
        return
    from acctcli.render.mail_table import print_messages

    print_messages(views)


def run_mail_job(
    obj: Any, service: Any, target: Any, *, date: str | None, json: bool, label: str, what: str
) -> None:
    """Run an import (`import_paths`) or a sync (`sync_accounts`) of `target` for the user,
    with a progress bar on a terminal, then print the summary (or the JSON report) and each
    failure on stderr."""
    from acctcli.render.mail import import_report_json, import_summary, print_failures

    progress = None
    if sys.stderr.isatty() and not json:
        from acctcli.render.mail import DelayedProgress

        progress = DelayedProgress(label=label)
    try:
        report = service(
            obj.db,
            target,
            owner=obj.settings.user,
            today=obj.today(date),
            now=obj.now(),
            settings=mail_settings(obj),
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    if json:
        from acctcli.render.console import print_json

        print_json(import_report_json(report))
    else:
        sys.stdout.write(import_summary(report, what=what) + "\n")
    print_failures(report)


def import_mail(
    obj: Any, *, paths: Sequence[str], json: bool = False, date: str | None = None
) -> None:
    """Import PATHs and print the summary (failures on stderr); a bar on a terminal."""
    from acctcli.services.mail_import import import_paths

    run_mail_job(
        obj, import_paths, paths, date=date, json=json, label="Importing mail", what="Imported"
    )
