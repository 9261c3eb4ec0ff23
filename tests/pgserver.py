"""A throwaway PostgreSQL cluster for the test suite, started on a loopback port.

Used when ACCT_TEST_ENGINE=postgres.  ACCT_TEST_PG_URL points at an existing server instead
(a URL whose user may create databases, without a database name at the end).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class ServerUnavailable(Exception):
    pass


def _pg_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        bindir = _pg_bin()
        if bindir is None:
            raise ServerUnavailable("PostgreSQL is not installed (Debian package: postgresql)")
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="acct-pg-"))
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:  # initdb refuses root: run the cluster as the package's account
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in cmd)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise ServerUnavailable(
                f"{args[0]} failed: {proc.stderr.strip() or proc.stdout.strip()}"
            )

    def start(self) -> str:
        data = self.folder / "data"
        self._run(
            "initdb", "-A", "trust", "-U", "acct", "-E", "UTF8", "--locale=C.UTF-8", "-D", str(data)
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            # no statistics taken behind a test's back: what acct takes itself is what counts
            " -c autovacuum=off"
        )
        self._run(
            "pg_ctl", "-w", "-D", str(data), "-l", str(self.folder / "log"), "-o", options, "start"
        )
        return f"postgresql://acct@127.0.0.1:{self.port}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def admin_execute(base_url: str, sql: str) -> None:
    import psycopg2

    dsn = "postgresql://" + base_url.split("://", 1)[1] + "/postgres"
    conn = psycopg2.connect(dsn)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()
