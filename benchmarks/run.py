"""The benchmark suite: `make bench`.

Generates its data deterministically into .bench/ (a busy manager's five-year store, a
10-year agency ledger, 1,000 clients with 100,000 touches, a 20,000-message Maildir, and the
mail shapes of mailbench.py: attachments, an 80 MB message, 50,000 messages re-imported), then
times whole processes — the `acct` console script as users run it — beside `python -c pass`
measured in the same run, and prints each figure as a ratio with its budget, pass or fail.
Medians over repeated runs; hyperfine when installed, a small timing loop otherwise.  Each
command of the start-up table runs in turns with `python -c pass` (one of each at a time) and
its ratio is that of the two medians: a host that slows down for a minute slows both.

    .venv/bin/python benchmarks/run.py [--quick] [--markdown FILE]

Not a test: timings depend on the machine.  The sources are byte-compiled first and
PYTHONDONTWRITEBYTECODE is cleared for the measured processes, as for an installed acct.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import busy  # noqa: E402
import calls as calls_bench  # noqa: E402
import healthbook  # noqa: E402
import kpi as kpi_bench  # noqa: E402
import mailbench  # noqa: E402
import search as search_bench  # noqa: E402
from mailgen import make_maildir  # noqa: E402
from timing import measure, measure_beside, once  # noqa: E402

ROOT = HERE.parent
WORK = ROOT / ".bench"
DAY = "2026-11-26"


@dataclass
class Row:
    name: str
    value: str
    ratio: float | None
    budget: str
    ok: bool | None


def _acct() -> str:
    script = Path(sys.executable).with_name("acct")
    return str(script) if script.exists() else shutil.which("acct") or "acct"


LANGUAGE_VARIABLES = ("ACCT_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def _env(home: Path, lang: str = "C.UTF-8") -> dict[str, str]:
    """The environment of a measured command: English unless `lang` names another locale."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ACCT_DATABASE_URL", "PYTHONDONTWRITEBYTECODE", *LANGUAGE_VARIABLES)
    }
    env.update({"ACCT_HOME": str(home), "ACCT_USER": "anna", "NO_COLOR": "1", "COLUMNS": "80"})
    env["LANG"] = lang
    return env


def _default_home_env(env: dict[str, str], home: Path) -> dict[str, str]:
    """`env` without ACCT_HOME, for a user whose ~/.local/share/acct is `home`."""
    user = WORK / "default-user"
    data = user / ".local" / "share"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "acct").exists():
        (data / "acct").symlink_to(home.resolve(), target_is_directory=True)
    env = {k: v for k, v in env.items() if k not in ("ACCT_HOME", "XDG_DATA_HOME")}
    env["HOME"] = str(user)
    return env


def _prepare(quick: bool) -> dict[str, Path]:
    """Build every data set once (kept in .bench/ between runs, rebuilt when missing)."""
    WORK.mkdir(exist_ok=True)
    homes = {
        "busy": WORK / "busy",
        "ledger": WORK / "ledger",
        "calls": WORK / "calls",
        "book": WORK / "book",
        "scratch": WORK / "scratch",
        "untriaged": WORK / "untriaged-20k",
        "untriaged100": WORK / "untriaged-100k",
    }
    if not (homes["busy"] / "acct.db").exists():
        print(
            "generating the busy store (50 clients, 50,000 messages, 20,000 touches, 6,000 invoices)…"
        )
        busy.build(homes["busy"])
    if not (homes["untriaged"] / "acct.db").exists():
        print("generating the busy store with 20,000 untriaged messages across 50 clients…")
        busy.add_untriaged(busy.build(homes["untriaged"]), 20_000)
    if quick:
        del homes["untriaged100"]
    elif not (homes["untriaged100"] / "acct.db").exists():
        print("generating the busy store with 100,000 untriaged messages across 50 clients…")
        busy.add_untriaged(busy.build(homes["untriaged100"]), 100_000)
    if not (homes["ledger"] / "acct.db").exists():
        print("generating the 10-year ledger (6,000 invoices, 10,000 payments)…")
        homes["ledger"].mkdir(parents=True, exist_ok=True)
        kpi_bench.build(homes["ledger"])
    if not (homes["calls"] / "acct.db").exists():
        print("generating 1,000 clients with 100,000 touches…")
        homes["calls"].mkdir(parents=True, exist_ok=True)
        calls_bench.build(homes["calls"])
    if not (homes["book"] / "acct.db").exists():
        # issue 17: the book as it grows — 1,000 clients, five years of monthly invoices
        print("generating 1,000 clients with 100,000 touches and 60,000 invoices…")
        homes["book"].mkdir(parents=True, exist_ok=True)
        calls_bench.build(homes["book"])
        kpi_bench.add_ledger(
            homes["book"], range(1, 1_001), 5, None, random.Random(17), never_paid=0.02
        )
    maildir = WORK / ("maildir-2k" if quick else "maildir-20k")
    if not maildir.exists():
        count = 2_000 if quick else 20_000
        print(f"generating a {count:,}-message Maildir…")
        make_maildir(maildir, count, seed=1)
    homes["maildir"] = maildir
    for name in ("busy", "ledger", "calls", "book", "untriaged", "untriaged100"):
        _with_statistics(homes[name] / "acct.db")
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "acctcli")], check=False
    )
    return homes


def _with_statistics(store: Path) -> None:
    """The planner statistics acct keeps in a real store: the generators write in bulk, as
    `acct import` would (which analyzes as it closes); a store grown by small writes has them
    from its day's first write (acctcli.store.db.Database.close)."""
    if not store.exists():
        return
    import sqlite3

    from acctcli.store.db import ANALYSIS_LIMIT

    con = sqlite3.connect(store)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            con.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            con.execute("ANALYZE")
    finally:
        con.close()


def _time_commands(homes: dict[str, Path], runs: int) -> tuple[float, list[Row]]:
    acct = _acct()
    base_env = _env(homes["busy"])
    base = measure(
        "python -c pass", [sys.executable, "-c", "pass"], base_env, runs=runs * 2
    ).median_s
    rows = [Row("python -c pass", f"{base * 1000:.1f} ms", 1.0, "", None)]
    cases = [
        ("acct today (busy store)", "busy", ["today", "--date", DAY], 8.0),
        ("acct today --json (busy store)", "busy", ["today", "--date", DAY, "--json"], 8.0),
        # the Russian interface costs no start-up: its catalog is one small .mo file
        ("acct today, LANG=ru_RU.UTF-8 (busy store)", "busy:ru", ["today", "--date", DAY], 8.0),
        ("acct calls (busy store)", "busy", ["calls", "--date", DAY], 8.0),
        # as most users run it: no ACCT_HOME, the store in the default place (~/.local/share)
        ("acct today (busy store, default home)", "busy:default", ["today", "--date", DAY], 8.0),
        ("acct mail list (busy store)", "busy", ["mail", "list", "--date", DAY], 8.0),
        # issue 14: the morning does not grow with the mailbox (counted and cut in SQL)
        (
            "acct today (20,000 untriaged)",
            "untriaged",
            ["today", "--date", DAY],
            8.0,
        ),
        (
            "acct today --json (20,000 untriaged)",
            "untriaged",
            ["today", "--date", DAY, "--json"],
            8.0,
        ),
        (
            "acct mail list (20,000 untriaged)",
            "untriaged",
            ["mail", "list", "--date", DAY],
            8.0,
        ),
        ("acct today (100,000 untriaged)", "untriaged100", ["today", "--date", DAY], 8.0),
        (
            "acct today --json (100,000 untriaged)",
            "untriaged100",
            ["today", "--date", DAY, "--json"],
            8.0,
        ),
        (
            "acct mail list (100,000 untriaged)",
            "untriaged100",
            ["mail", "list", "--date", DAY],
            8.0,
        ),
        ("acct --help", "busy", ["--help"], 10.0),
        # issue 20: client health of a whole book (a Typer command, like `client list`)
        ("acct health --team (busy store)", "busy", ["health", "--team", "--date", DAY], 12.0),
        ("acct client list (busy store)", "busy", ["client", "list"], 12.0),
        ("acct kpi --month (10-year ledger)", "ledger", ["kpi", "--month", "--date", DAY], 15.0),
        (
            "acct kpi --json --team (10-year ledger)",
            "ledger",
            ["kpi", "--json", "--team", "--date", DAY],
            15.0,
        ),
        (
            "acct calls --json --team (1,000 clients)",
            "calls",
            ["calls", "--json", "--team", "--date", DAY],
            None,
        ),
        # issue 17: 1,000 clients with 60,000 invoices (five years, 2% never paid)
        ("acct today (1,000 clients, 60,000 invoices)", "book", ["today", "--date", DAY], 8.0),
        ("acct calls (1,000 clients, 60,000 invoices)", "book", ["calls", "--date", DAY], 8.0),
        (
            "acct calls --json --team (1,000 clients, 60,000 invoices)",
            "book",
            ["calls", "--json", "--team", "--date", DAY],
            8.0,
        ),
        ("acct client list (1,000 clients)", "book", ["client", "list"], 12.0),
        (
            "acct invoice list --open (60,000 invoices)",
            "book",
            ["invoice", "list", "--open", "--date", DAY],
            12.0,
        ),
        ("acct kpi --month (60,000 invoices)", "book", ["kpi", "--month", "--date", DAY], 12.0),
    ]
    for name, where, args, budget in cases:
        home, _colon, language = str(where).partition(":")
        if home not in homes:  # --quick leaves the largest stores out
            continue
        env = _env(homes[home], "ru_RU.UTF-8" if language == "ru" else "C.UTF-8")
        if language == "default":
            env = _default_home_env(env, homes[home])
        subprocess.run([acct, *args], env=env, capture_output=True, check=True)  # warm caches
        timed, beside = measure_beside(
            name, [acct, *args], [sys.executable, "-c", "pass"], env, runs=runs
        )
        t = timed.median_s
        ratio = t / beside.median_s  # python -c pass timed in turns with the command
        rows.append(
            Row(
                name,
                f"{t * 1000:.1f} ms",
                ratio,
                f"≤ {budget:g}×" if budget else "< 1 s",
                ratio <= budget if budget else t < 1.0,
            )
        )
    if "untriaged100" in homes:
        argv = [acct, "today", "--json", "--date", DAY]
        _t, peak = once(argv, _env(homes["untriaged100"]))
        rows.append(
            Row(
                "acct today --json (100,000 untriaged), peak memory",
                f"{peak / 1024:.0f} MiB",
                None,
                "≤ 100 MiB",
                peak <= 100 * 1024,
            )
        )
    # a write command, on a scratch copy of the busy store
    scratch = homes["scratch"]
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(homes["busy"], scratch)
    env = _env(scratch)
    args = ["call", "log", "Клиент 07", "--note", "bench", "--at", f"{DAY}T10:00"]
    timed, beside = measure_beside(
        "acct call log", [acct, *args], [sys.executable, "-c", "pass"], env, runs=runs
    )
    t, ratio = timed.median_s, timed.median_s / beside.median_s
    rows.append(
        Row("acct call log (write, busy store)", f"{t * 1000:.1f} ms", ratio, "≤ 12×", ratio <= 12)
    )
    return base, rows


def _time_postgres(homes: dict[str, Path], base: float, runs: int) -> list[Row]:
    """Issue 17: `today` and `calls` on PostgreSQL (a throwaway cluster on loopback, started
    here as tests/pgserver.py does) beside SQLite, on a copy of the busy store."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from pgserver import Cluster, ServerUnavailable, admin_execute
    except ImportError:
        return [Row("PostgreSQL", "tests/pgserver.py not found", None, "", None)]
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return [
            Row(
                "PostgreSQL",
                "psycopg2 not installed (pip install 'acct[postgres]')",
                None,
                "",
                None,
            )
        ]
    acct = _acct()
    try:
        cluster = Cluster()
        server = cluster.start()
    except ServerUnavailable as exc:
        return [Row("PostgreSQL", f"no server: {exc}", None, "", None)]
    rows: list[Row] = []
    try:
        admin_execute(server, "CREATE DATABASE bench")
        url = f"{server}/bench"
        home = homes["busy"]
        pg_env = {**_env(home), "ACCT_DATABASE_URL": url}
        # the SQLite store upgrades itself on first use; the copy makes the target current
        subprocess.run([acct, "today", "--date", DAY], env=_env(home), capture_output=True)
        copied = subprocess.run(
            [acct, "db", "copy", "--to", url], env=_env(home), capture_output=True, text=True
        )
        if copied.returncode:
            return [
                Row("PostgreSQL", f"acct db copy failed: {copied.stderr.strip()}", None, "", None)
            ]
        for name, args in (
            ("acct today", ["today", "--date", DAY]),
            ("acct calls", ["calls", "--date", DAY]),
        ):
            lite_env = _env(home)
            subprocess.run([acct, *args], env=lite_env, capture_output=True, check=True)
            subprocess.run([acct, *args], env=pg_env, capture_output=True, check=True)
            lite = measure(name, [acct, *args], lite_env, runs=runs).median_s
            pg = measure(name, [acct, *args], pg_env, runs=runs).median_s
            rows.append(
                Row(
                    f"{name} (busy store, PostgreSQL on loopback)",
                    f"{pg * 1000:.1f} ms",
                    pg / base,
                    "≤ 2× SQLite",
                    pg <= 2 * lite,
                )
            )
            rows.append(
                Row(
                    f"{name} (busy store, SQLite, same data)",
                    f"{lite * 1000:.1f} ms",
                    lite / base,
                    "",
                    None,
                )
            )
        bare = measure(
            "import psycopg2", [sys.executable, "-c", "import psycopg2"], _env(home), runs=runs
        ).median_s
        rows.append(
            Row("python -c 'import psycopg2'", f"{bare * 1000:.1f} ms", bare / base, "", None)
        )
    finally:
        cluster.stop()
    return rows


def _time_mail(homes: dict[str, Path], base: float) -> list[Row]:
    acct = _acct()
    maildir = homes["maildir"]
    count = sum(1 for d in ("cur", "new") for _ in (maildir / d).iterdir()) + sum(
        1
        for d in ("cur", "new")
        if (maildir / ".Sent" / d).exists()
        for _ in (maildir / ".Sent" / d).iterdir()
    )
    home = WORK / "mailhome"
    shutil.rmtree(home, ignore_errors=True)
    env = _env(home)
    subprocess.run([acct, "demo", "--date", DAY], env=env, capture_output=True, check=True)
    first, peak = once([acct, "mail", "import", str(maildir)], env)
    again, peak2 = once([acct, "mail", "import", str(maildir)], env)
    rate = count / first
    rows = [
        Row(
            f"acct mail import, first ({count:,} messages)",
            f"{first:.2f} s, {rate:,.0f} msg/s",
            None,
            "≥ 2,000 msg/s",
            rate >= 2000,
        ),
        Row(
            "acct mail import, peak memory",
            f"{max(peak, peak2) / 1024:.0f} MiB",
            None,
            "≤ 150 MiB",
            max(peak, peak2) <= 150 * 1024,
        ),
        Row(
            "acct mail import, unchanged re-import",
            f"{again * 1000:.0f} ms",
            again / base,
            "≤ 10×",
            again / base <= 10,
        ),
    ]
    if shutil.which("notmuch"):
        nm_dir = WORK / "notmuch"
        shutil.rmtree(nm_dir, ignore_errors=True)
        nm_dir.mkdir()
        mail_copy = nm_dir / "mail"
        shutil.copytree(maildir, mail_copy)
        config = nm_dir / "config"
        config.write_text(
            f"[database]\npath={mail_copy}\n[new]\ntags=unread;inbox;\n[search]\nexclude_tags=\n"
        )
        nm_env = {**os.environ, "NOTMUCH_CONFIG": str(config)}
        nm, _ = once(["notmuch", "new", "--quiet"], nm_env)
        rows.append(
            Row("notmuch new, same Maildir", f"{nm:.2f} s, {count / nm:,.0f} msg/s", None, "", None)
        )
        rows.append(
            Row(
                "acct first import vs notmuch new",
                f"{first / nm:.2f} of its time",
                None,
                "≤ 0.5",
                first / nm <= 0.5,
            )
        )
        # issue 18: the same words looked up by both, over the same mail (report both)
        for word in ("отчёт", "invoice"):
            found = measure(
                "notmuch search", ["notmuch", "search", "--output=threads", word], nm_env, runs=5
            ).median_s
            ours = measure("acct search", [acct, "search", word], env, runs=5).median_s
            rows.append(
                Row(
                    f"notmuch search {word}, same Maildir",
                    f"{found * 1000:.0f} ms",
                    found / base,
                    "",
                    None,
                )
            )
            rows.append(
                Row(
                    f"acct search {word}, same Maildir",
                    f"{ours * 1000:.0f} ms",
                    ours / base,
                    "",
                    None,
                )
            )
    else:
        rows.append(Row("notmuch new", "not installed (apt-get install notmuch)", None, "", None))
    return rows


def _health_auc() -> list[Row]:
    """Issue 20: how well the health score 30 days before a churn ranks the churned clients
    below those that stayed (AUC), on the generated four-year book and on the demo agency."""
    from acctcli.settings import load_settings
    from acctcli.store.db import open_store

    rows = []
    book_home = WORK / "healthbook"
    shutil.rmtree(book_home, ignore_errors=True)
    book_home.mkdir(parents=True)
    db = open_store(f"sqlite:///{book_home / 'acct.db'}")
    book = healthbook.build(db)
    result = healthbook.churn_auc(db, load_settings({"ACCT_HOME": str(book_home)}), book)
    db.close()
    rows.append(
        Row(
            f"health AUC, generated book ({result['churned']} churns, 150 clients)",
            f"{result['auc']:.3f}",
            None,
            "≥ 0.8",
            result["auc"] >= 0.8,
        )
    )
    demo_home = WORK / "demo-health"
    shutil.rmtree(demo_home, ignore_errors=True)
    subprocess.run(
        [_acct(), "demo", "--date", DAY], env=_env(demo_home), check=True, capture_output=True
    )
    db = open_store(f"sqlite:///{demo_home / 'acct.db'}")
    book = healthbook.book_of_store(db)
    result = healthbook.churn_auc(db, load_settings({"ACCT_HOME": str(demo_home)}), book)
    db.close()
    auc = result["auc"]
    rows.append(
        Row(
            f"health AUC, demo agency ({result['churned']} churn)",
            "n/a" if auc is None else f"{auc:.3f}",
            None,
            "",
            None,
        )
    )
    return rows


def _table(rows: list[Row]) -> str:
    lines = ["| what | median | × `python -c pass` | budget | |", "|---|---:|---:|---|---|"]
    for r in rows:
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else ""
        verdict = "" if r.ok is None else ("pass" if r.ok else "**FAIL**")
        lines.append(f"| {r.name} | {r.value} | {ratio} | {r.budget} | {verdict} |")
    return "\n".join(lines)


def _prepare_everything(quick: bool) -> None:
    _prepare(quick)
    mailbench.prepare(quick)
    home = WORK / ("search-20k" if quick else "search-200k")
    if not (home / "acct.db").exists():
        print(f"building {home} …", flush=True)
        search_bench.build(home, 20_000 if quick else search_bench.MESSAGES,
                           10_000 if quick else search_bench.TOUCHES)  # fmt: skip
    maildir = WORK / "maildir-search"
    if not maildir.exists():
        from mailgen import make_maildir

        make_maildir(maildir, 2_000 if quick else 20_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs and a 2,000-message Maildir"
    )
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--prepare-only", action="store_true", help="generate the missing data, time nothing"
    )
    parser.add_argument(
        "--commands-only",
        action="store_true",
        help="time the commands' start-up rows only (no PostgreSQL, mail import or search)",
    )
    opts = parser.parse_args()
    if opts.prepare_only:
        _prepare_everything(opts.quick)
        return 0
    # The data is generated by a process of its own: a child's peak memory (ru_maxrss) counts
    # what its parent held when it forked, so a bench that had built a store in-process would
    # report every command at the bench's own size.
    subprocess.run(
        [sys.executable, __file__, "--prepare-only", *(["--quick"] if opts.quick else [])],
        check=True,
    )
    homes = _prepare(opts.quick)
    base, rows = _time_commands(homes, runs=5 if opts.quick else 15)
    if not opts.commands_only:
        rows += _time_postgres(homes, base, runs=5 if opts.quick else 15)
        rows += _time_mail(homes, base)
        # issue 17's mail shapes (attachments, an 80 MB message, re-imports at 50,000 messages)
        rows += mailbench.rows(opts.quick, base, Row)
        rows += search_bench.rows(opts.quick, base, runs=5 if opts.quick else 15)
        rows += _health_auc()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform(terse=True)}"
    tool = "hyperfine" if shutil.which("hyperfine") else "a timing loop"
    report = f"Measured with {tool} on {machine}.\n\n{_table(rows)}\n"
    print()
    print(report)
    if opts.markdown:
        opts.markdown.write_text(report, encoding="utf-8")
    failed = [r.name for r in rows if r.ok is False]
    print("all budgets met" if not failed else f"over budget: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
