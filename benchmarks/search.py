"""The search benchmark (issue 18): a store of 200,000 messages with bodies of realistic length,
Russian and English, and 100,000 touches with notes; `acct search` for a common and a rare
word; and `acct mail import` with its search indexing against the same import without it.

    .venv/bin/python benchmarks/search.py [--quick]      # alone; run.py includes it too

The store is written with plain SQL (as busy.py does) and its documents are then built by
acct's own code (store/search.py `reindex`, with the bodies), as an import would have.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import busy  # noqa: E402

MESSAGES, TOUCHES = 200_000, 100_000
RARE = "ксилофон"  # in 7 messages
RU = (
    "добрый день спасибо пожалуйста счёт счета счетов оплата оплатили акт сверки договор"
    " отчёт отчёты отчётность реклама рекламы кампания бюджет бюджета сайт сайта ссылки"
    " заявки заявок конверсия клиенты клиентов неделю месяц ноябрь декабрь октябрь вопрос"
    " вопросы встреча встречу созвон звонок менеджер директор бухгалтерия платёжка макет"
    " баннеры тексты статьи продвижение позиции трафик аналитика метрика директ срочно"
    " посмотрите пришлите согласуйте подтвердите получили отправили обсудили приложили"
    " по итогам в рамках на этой неделе как договаривались к сожалению заранее"
).split()
EN = (
    "hello thanks please invoice invoices payment paid report reports reporting campaign"
    " budget website traffic leads conversion meeting call manager director accounting"
    " banner copy article ranking analytics urgent attached find review confirm approve"
    " received sent discussed next week month november december october schedule"
).split()


def _text(rng: random.Random, words: int) -> str:
    vocab = RU if rng.random() < 0.75 else EN
    out = [rng.choice(vocab) for _ in range(words)]
    for n in range(12, len(out), 13):
        out[n] += "."
    return " ".join(out).capitalize()


def build(home: Path, messages: int = MESSAGES, touches: int = TOUCHES) -> Path:
    """The busy store (50 clients, its own mail and touches) plus `messages` messages and
    `touches` touches with notes, all indexed."""
    path = busy.build(home)
    rng = random.Random(18)
    con = sqlite3.connect(path)
    first = con.execute("SELECT COALESCE(MAX(id), 0) FROM message").fetchone()[0] + 1
    con.close()
    from acctcli.store import search
    from acctcli.store.db import connect

    db = connect(f"sqlite:///{path}")
    end = datetime(2026, 11, 26)
    rare = set(rng.sample(range(messages), 7))
    for start in range(0, messages, 2000):
        rows, bodies = [], {}
        for i in range(start, min(messages, start + 2000)):
            mid = first + i
            n = rng.randrange(1, busy.CLIENTS + 1)
            when = end - timedelta(seconds=rng.randrange(1, 5 * 365 * 86400))
            # bodies of 20…600 words, most short (a reply), some long (a report)
            body = _text(rng, min(600, int(rng.lognormvariate(4.3, 0.8)) + 20))
            if i in rare:
                body += f" {RARE.capitalize()} в офисе."
            bodies[mid] = body[:4096]
            rows.append(
                {
                    "id": mid,
                    "owner": busy.USER,
                    "k": f"<s{mid}@client{n:02d}.ru>",
                    "date": when.strftime("%Y-%m-%d %H:%M:%S"),
                    "fa": f"c{n}@client{n:02d}.ru",
                    "fn": f"Контакт {n}",
                    "subject": _text(rng, rng.randrange(2, 8)),
                    "snippet": body[:200],
                    "client": n,
                }
            )
        with db.transaction():
            db.executemany(
                "INSERT INTO message (id, owner, message_key, date, from_addr, from_name,"
                " to_addrs, counterpart, subject, snippet, client_id, category, priority, state,"
                " after_hours, outgoing, source, location, imported_at) VALUES (:id, :owner,"
                " :k, :date, :fa, :fn, 'anna@agency.ru', :fa, :subject, :snippet, :client,"
                " 'other', 0, 'done', 0, 0, 'maildir', '', '2026-11-26 09:00:00')",
                rows,
            )
            search.reindex(db, "mail", [r["id"] for r in rows], bodies)
    tfirst = int(db.scalar("SELECT COALESCE(MAX(id), 0) FROM touch")) + 1
    for start in range(0, touches, 5000):
        rows = []
        for i in range(start, min(touches, start + 5000)):
            when = end - timedelta(seconds=rng.randrange(1, 5 * 365 * 86400))
            rows.append(
                {
                    "id": tfirst + i,
                    "client": rng.randrange(1, busy.CLIENTS + 1),
                    "at": when.strftime("%Y-%m-%d %H:%M:%S"),
                    "note": _text(rng, rng.randrange(3, 30)),
                }
            )
        with db.transaction():
            db.executemany(
                "INSERT INTO touch (id, client_id, channel, at, note, source)"
                " VALUES (:id, :client, 'phone', :at, :note, 'manual')",
                rows,
            )
    with db.transaction():
        search.refresh(db)  # the touches (and busy.py's own rows), queued by the triggers
    db.execute("ANALYZE")
    db.close()
    return path


NO_INDEX = (
    "import sys, sqlite3\n"
    "from acctcli.services.mail import writer\n"
    "writer.refresh_search = lambda db, bodies=None: 0\n"
    "from acctcli.entry import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
WITH_INDEX = "import sys\nfrom acctcli.entry import main\nsys.exit(main(sys.argv[1:]))\n"


def import_rows(work: Path, maildir: Path, env_of, once, row_type, pairs: int = 3) -> list:  # type: ignore[no-untyped-def]
    """`acct mail import` of the same Maildir into fresh demo stores: as it is, and with the
    search index left out (no triggers, no refresh); `pairs` of runs in turns, the cost being
    the median of the pairs' ratios (a single pair moved by ±30% with the host's drift)."""
    prepared = {}
    for name in ("with", "without"):
        home = work / f"search-import-{name}"
        shutil.rmtree(home, ignore_errors=True)
        subprocess.run(
            [sys.executable, "-c", WITH_INDEX, "demo", "--date", "2026-11-26"],
            env=env_of(home),
            capture_output=True,
            check=True,
        )
        if name == "without":
            con = sqlite3.connect(home / "acct.db")
            names = [
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master"
                    " WHERE type = 'trigger' AND name LIKE 'search_q_%'"
                )
            ]
            for trigger in names:
                con.execute(f"DROP TRIGGER {trigger}")
            con.commit()
            con.close()
        prepared[name] = home
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _pair in range(pairs):
        for name, script in (("with", WITH_INDEX), ("without", NO_INDEX)):
            home = work / f"search-import-{name}-run"
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(prepared[name], home)
            wall, _peak = once(
                [sys.executable, "-c", script, "mail", "import", str(maildir)], env_of(home)
            )
            times[name].append(wall)
    ratios = [a / b for a, b in zip(times["with"], times["without"], strict=True)]
    extra = statistics.median(ratios) - 1
    with_, without = statistics.median(times["with"]), statistics.median(times["without"])
    return [
        row_type(
            "acct mail import: with search index vs without",
            f"{with_:.2f} s vs {without:.2f} s (+{extra * 100:.0f}%, median of {pairs} pairs)",
            None,
            "≤ +50%",
            extra <= 0.5,
        )
    ]


def search_rows(home: Path, acct: str, env: dict, measure_beside, row_type, runs: int) -> list:  # type: ignore[no-untyped-def]
    """Each search timed in turns with `python -c pass` (timing.measure_beside), its ratio
    that of the two medians: the host's speed drifts by a fifth within minutes."""
    rows = []
    for label, word in (("common word", "счёт"), ("rare word", RARE)):
        ours, bare = measure_beside(
            f"acct search {word}", [acct, "search", word], [sys.executable, "-c", "pass"], env,
            runs=runs,
        )  # fmt: skip
        ratio = ours.median_s / bare.median_s
        rows.append(
            row_type(
                f"acct search, {label} (200k messages, 100k touches)",
                f"{ours.median_s * 1000:.0f} ms",
                ratio,
                "≤ 8×",
                ratio <= 8,
            )
        )
    return rows


def rows(quick: bool, base: float, runs: int) -> list:  # type: ignore[type-arg]
    """The search rows of `make bench` (run.py), `base` its `python -c pass`."""
    import run
    from timing import measure_beside, once

    home = run.WORK / ("search-20k" if quick else "search-200k")
    if not (home / "acct.db").exists():
        print(f"building {home} …", flush=True)
        build(home, 20_000 if quick else MESSAGES, 10_000 if quick else TOUCHES)
    out = search_rows(home, run._acct(), run._env(home), measure_beside, run.Row, runs=runs)
    maildir = run.WORK / "maildir-search"
    if not maildir.exists():
        from mailgen import make_maildir

        make_maildir(maildir, 2_000 if quick else 20_000)
    return out + import_rows(run.WORK, maildir, run._env, once, run.Row)


def main() -> int:
    import run
    from timing import measure, measure_beside, once

    quick = "--quick" in sys.argv
    home = run.WORK / ("search-20k" if quick else "search-200k")
    if not (home / "acct.db").exists():
        print(f"building {home} …", flush=True)
        build(home, 20_000 if quick else MESSAGES, 10_000 if quick else TOUCHES)
    env = run._env(home)
    base = measure("python -c pass", [sys.executable, "-c", "pass"], env, runs=10).median_s
    rows = [run.Row("python -c pass", f"{base * 1000:.1f} ms", 1.0, "", None)]
    rows += search_rows(home, run._acct(), env, measure_beside, run.Row, runs=5 if quick else 15)
    maildir = run.WORK / "maildir-search"
    if not maildir.exists():
        from mailgen import make_maildir

        make_maildir(maildir, 2_000 if quick else 20_000)
    rows += import_rows(run.WORK, maildir, run._env, once, run.Row)
    print(run._table(rows))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
