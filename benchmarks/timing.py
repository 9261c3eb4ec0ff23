"""Whole-process timing: hyperfine when installed, a small loop otherwise."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    median_s: float
    runs: int
    tool: str


def _hyperfine(name: str, argv: Sequence[str], env: dict[str, str], runs: int, warmup: int) -> Timing:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    try:
        cmd = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
               "--export-json", out, " ".join(_quote(a) for a in argv)]
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as fh:
            result = json.load(fh)["results"][0]
        return Timing(name, float(result["median"]), runs, "hyperfine")
    finally:
        os.unlink(out)


def _quote(arg: str) -> str:
    if arg and all(c.isalnum() or c in "-_./=:+@,%" for c in arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def _loop(name: str, argv: Sequence[str], env: dict[str, str], runs: int, warmup: int) -> Timing:
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        subprocess.run(list(argv), env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return Timing(name, statistics.median(times), runs, "loop")


def measure(name: str, argv: Sequence[str], env: dict[str, str], runs: int = 15, warmup: int = 3) -> Timing:
    """Median wall time of a whole process, over `runs` runs after `warmup` ones."""
    if shutil.which("hyperfine") and not os.environ.get("ACCT_BENCH_NO_HYPERFINE"):
        return _hyperfine(name, argv, env, runs, warmup)
    return _loop(name, argv, env, runs, warmup)


def measure_beside(
    name: str,
    argv: Sequence[str],
    base: Sequence[str],
    env: dict[str, str],
    runs: int = 15,
    warmup: int = 3,
) -> tuple[Timing, Timing]:
    """Medians of `argv` and of `base` (python -c pass) run in turns, one of each at a time:
    a machine that slows down for a while (another VM on the host, a cron job) slows both,
    and the ratio of the two medians stays what it is on a quiet machine."""
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(warmup + runs):
        for command, times in ((base, theirs), (argv, ours)):
            start = time.perf_counter()
            subprocess.run(
                list(command), env=env, check=True, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            if i >= warmup:
                times.append(time.perf_counter() - start)
    return (
        Timing(name, statistics.median(ours), runs, "loop"),
        Timing("python -c pass", statistics.median(theirs), runs, "loop"),
    )


def once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (KiB) of one run of one process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-500:]
            raise RuntimeError(f"{' '.join(argv[:3])} failed ({proc.returncode}): {tail}")
    return elapsed, int(usage.ru_maxrss)
