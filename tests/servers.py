"""Real SPARQL servers on 127.0.0.1 for the tests: ``oxigraph serve`` and Virtuoso Open Source.

Each starts in its own throwaway directory on a free port and is stopped by its own pid afterwards
(never by name). Readiness is polled with ``ASK {}`` (FINDINGS.md: Virtuoso is ready in about 3 s).
A missing binary skips the test outside CI and fails it in CI (tests/conftest.py ``require_binary``).
"""

from __future__ import annotations

import configparser
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Server:
    name: str
    query_url: str
    user: str | None = None
    password: str | None = None
    auth: str | None = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "?query=" + urllib.parse.quote("ASK {}")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}"
            )
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"server at {url} not ready after {timeout} s: {log.read_text(errors='replace')[-2000:]}"
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process we started (by its pid), then SIGKILL if it does not exit."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextmanager
def oxigraph_server(binary: str, workdir: Path) -> Iterator[Server]:
    port = free_port()
    log = workdir / "oxigraph.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(workdir / "db"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/query"
        wait_ready(url, proc, log)
        yield Server("oxigraph", url)
    finally:
        stop(proc)


def virtuoso_ini(workdir: Path, sql_port: int, http_port: int) -> Path:
    """A copy of the packaged virtuoso.ini pointing at *workdir*, bound to 127.0.0.1 only."""
    cp = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    cp.optionxform = str  # type: ignore[assignment,method-assign]
    cp.read(VIRTUOSO_INI, encoding="utf-8")
    db = workdir / "db"
    db.mkdir(parents=True, exist_ok=True)
    for key, name in (
        ("DatabaseFile", "virtuoso.db"),
        ("ErrorLogFile", "virtuoso.log"),
        ("LockFile", "virtuoso.lck"),
        ("TransactionFile", "virtuoso.trx"),
        ("xa_persistent_file", "virtuoso.pxa"),
    ):
        cp["Database"][key] = str(db / name)
    cp["TempDatabase"]["DatabaseFile"] = str(db / "virtuoso-temp.db")
    cp["TempDatabase"]["TransactionFile"] = str(db / "virtuoso-temp.trx")
    cp["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    cp["Parameters"]["DirsAllowed"] = f"., {db}, /usr/share/virtuoso-opensource-7/vad"
    cp["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    cp["SPARQL"]["ResultSetMaxRows"] = "1000000"
    cp["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    if cp.has_section("Plugins"):
        cp.remove_section("Plugins")
    ini = workdir / "virtuoso.ini"
    with ini.open("w", encoding="utf-8") as fh:
        cp.write(fh)
    return ini


@contextmanager
def virtuoso_server(binary: str, workdir: Path) -> Iterator[Server]:
    sql_port, http_port = free_port(), free_port()
    ini = virtuoso_ini(workdir, sql_port, http_port)
    log = workdir / "virtuoso.out"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"], cwd=workdir, stdout=fh, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        wait_ready(url, proc, log, timeout=90)
        # a fresh database has dba/dba (FINDINGS.md); the digest-protected endpoints need them
        yield Server("virtuoso", url, "dba", "dba", "digest")
    finally:
        stop(proc)
        shutil.rmtree(workdir / "db", ignore_errors=True)


@contextmanager
def wardkg_serve(store: Path, **kw: Any) -> Iterator[str]:
    """``wardkg serve`` (the project's own endpoint) on a snapshot *store*, in a thread on a free port;
    yields its base URL (``/sparql`` is the endpoint)."""
    from wardkg.query import QUERIES_DIR
    from wardkg.server.app import ServerConfig, make_server

    server = make_server(ServerConfig(store_path=store, queries_dir=QUERIES_DIR, port=0, **kw))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
