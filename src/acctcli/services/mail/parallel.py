"""Reading and parsing message files in worker processes while the importer writes.

A first import spends about half its time turning files into `Message`s and half storing
them; the two overlap when a worker process does the first.  Results come back in the order
the files were given (the import's outcome does not depend on the workers' timing), a few
batches at a time: the importer never holds more than `AHEAD` parsed messages,
however large the folder.

Workers are forked (Linux), so they share the importer's settings and language; elsewhere,
and for a folder of few new files, everything runs in the importer's own process.  A worker
ignores Ctrl-C: the importer stops them, and an interrupted import resumes as always.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")
    R = TypeVar("R")

BATCH = 48  # files a worker reads and parses per round trip
AHEAD = 1200  # files read ahead at most: more than the writer's batch (500), so that the
# workers go on parsing while the importer commits one
AHEAD_BYTES = 64 << 20  # and bytes (an mbox's messages travel to the workers)
BATCH_BYTES = 4 << 20
NICE = 10  # workers' niceness: the importer's own process comes first
AT_LEAST = 400  # fewer new files than this: not worth starting a worker


def workers() -> int:
    """How many worker processes: `ACCT_MAIL_WORKERS` when set (0 = none), else one per core
    the importer may use, at most four (the importer's writing is the limit beyond that);
    none on a single core."""
    wanted = os.environ.get("ACCT_MAIL_WORKERS", "").strip()
    if wanted.isdigit():
        return min(int(wanted), 16)
    if not sys.platform.startswith("linux"):
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, 4) if cores > 1 else 0


def _worker_start() -> None:
    """A worker leaves Ctrl-C to the importer, and yields the processor to it: the importer's
    writing is the longer half, and the workers should only fill the gaps."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if NICE:
        os.nice(NICE)


def _run_batch(fn: Callable[[Any], Any], batch: list[Any]) -> list[Any]:
    return [fn(item) for item in batch]


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    expected: int,
    count: int | None = None,
    weight: Callable[[T], int] | None = None,
    local: Callable[[T], bool] | None = None,
) -> Iterator[tuple[T, R]]:
    """(item, fn(item)) for every item, in order.  `fn` must be a module-level function and
    never raise (it returns its failure).  `expected`: about how many items there are, to
    decide whether workers pay off.  `weight`: an item's bytes (the read-ahead holds at most
    AHEAD_BYTES of them); `local`: an item worked on in this process, at its turn (one too
    big to be worth copying to a worker)."""
    n = workers() if count is None else count
    if n <= 0 or expected < AT_LEAST:
        for item in items:
            yield item, fn(item)
        return
    import multiprocessing

    # a killed importer's workers read the end of their task pipe and exit (tests/test_kill.py)
    pool = multiprocessing.get_context("fork").Pool(n, initializer=_worker_start)
    try:
        # each: items, their workers' result (None: to work on here), their weight
        pending: deque[tuple[list[T], Any, int]] = deque()
        source = iter(items)
        done = False
        ahead = ahead_bytes = 0
        batch: list[T] = []
        batch_bytes = 0

        def send() -> None:
            nonlocal batch, batch_bytes
            if batch:
                pending.append((batch, pool.apply_async(_run_batch, (fn, batch)), batch_bytes))
                batch, batch_bytes = [], 0

        while True:
            while not done and ahead < AHEAD and ahead_bytes < AHEAD_BYTES:
                try:
                    item = next(source)
                except StopIteration:
                    done = True
                    break
                size = weight(item) if weight is not None else 0
                ahead, ahead_bytes = ahead + 1, ahead_bytes + size
                if local is not None and local(item):
                    send()
                    pending.append(([item], None, size))
                    continue
                batch.append(item)
                batch_bytes += size
                if len(batch) >= BATCH or batch_bytes >= BATCH_BYTES:
                    send()
            send()
            if not pending:
                break
            got, result, size = pending.popleft()
            ahead, ahead_bytes = ahead - len(got), ahead_bytes - size
            yield from zip(got, [fn(got[0])] if result is None else result.get(), strict=True)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
