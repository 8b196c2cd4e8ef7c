"""``wardkg serve`` — the read-only SPARQL endpoint and the web page, on the embedded store.

Usage::

    wardkg serve [--host 127.0.0.1] [--port 8000] [--timeout S] [--max-rows N] [--cors ORIGIN]

Why a snapshot of the store: the cache in .wardkg-cache/ is replaced (and the old store deleted) whenever
an input changes and someone runs ``wardkg query``; a long-running server must not lose its files
underneath, so it copies the current store into a temporary directory it owns and removes on exit.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from wardkg.errors import EXIT_OK, InputError
from wardkg.query import QUERIES_DIR
from wardkg.sources import PROJECT_ROOT


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve a read-only SPARQL endpoint (/sparql) and a web page for exploring the graph",
        description="Serve the embedded store: SPARQL 1.1 Protocol at /sparql (read-only: updates, LOAD and "
        "SERVICE are refused), the search / SDG / budget / stored-query pages, and element IRIs under /id/.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default %(default)s; 0 = any free port)")
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="time limit per request's queries, seconds (default %(default)s)",
    )
    p.add_argument(
        "--max-rows", type=int, default=10000, help="largest answer in rows or triples (default %(default)s)"
    )
    p.add_argument(
        "--cors",
        metavar="ORIGIN",
        help="send Access-Control-Allow-Origin: ORIGIN (e.g. * or https://example.org)",
    )
    p.add_argument(
        "--workers", type=int, default=4, help="queries running at the same time (default %(default)s)"
    )
    p.add_argument("--root", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)
    p.add_argument("--queries-dir", type=Path, default=QUERIES_DIR, help=argparse.SUPPRESS)
    p.add_argument("--verbose", "-v", action="store_true", help="log every request")
    p.set_defaults(handler=run)


def snapshot_store(root: Path, into: Path) -> Path:
    """Copy the current store (built first if needed) to *into*/db; returns the copy's path."""
    from wardkg.store import ensure_store

    for _ in range(3):  # another process may replace the cached store while we copy it
        info = ensure_store(root)
        try:
            shutil.copytree(info.path / "db", into / "db")
            return into / "db"
        except (FileNotFoundError, shutil.Error):
            shutil.rmtree(into / "db", ignore_errors=True)
    raise InputError(f"could not copy the store from {root / '.wardkg-cache'} (it kept changing)")


def run(args: argparse.Namespace) -> int:
    if args.timeout <= 0 or args.max_rows <= 0 or args.workers <= 0:
        raise InputError("--timeout, --max-rows and --workers must be positive")
    from wardkg.server.app import ServerConfig, make_server

    tmp = Path(tempfile.mkdtemp(prefix="wardkg-serve-"))
    try:
        print(
            "wardkg: preparing the store (built on first use; takes a few seconds)…",
            file=sys.stderr,
            flush=True,
        )
        store_path = snapshot_store(args.root, tmp)
        config = ServerConfig(
            store_path=store_path,
            queries_dir=args.queries_dir,
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            max_rows=args.max_rows,
            cors=args.cors,
            workers=args.workers,
        )
        try:
            server = make_server(config, verbose=args.verbose)
        except OSError as exc:
            raise InputError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from exc
        host, port = str(server.server_address[0]), int(server.server_address[1])
        print(
            f"wardkg: serving http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql; Ctrl-C stops)",
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return EXIT_OK
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
