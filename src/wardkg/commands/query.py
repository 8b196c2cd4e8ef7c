"""``wardkg query`` — run a stored query (or ad-hoc SPARQL) on the embedded store or a remote endpoint.

Usage::

    wardkg query --list
    wardkg query sdg-initiatives --param sdg=13.2 [--format table|csv|tsv|json] [--endpoint URL]
    wardkg query --file my.rq        wardkg query --sparql 'SELECT …'

Parameters are bound as RDF terms by the query layer (wardkg.query), never pasted into the text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wardkg.errors import InputError
from wardkg.query import (
    ANY,
    FORMATS,
    QUERIES_DIR,
    REQUIRED,
    Engine,
    StoredQuery,
    format_result,
    get_query,
    load_catalogue,
    parse_param_args,
    run_query,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "query",
        help="run a stored SPARQL query (see --list) or ad-hoc SPARQL",
        description="Run a stored query from queries/ (or ad-hoc SPARQL) on the embedded store "
        "(built from ontology/ and data/, cached in .wardkg-cache/) or on a SPARQL 1.1 endpoint.",
        epilog="Remote credentials come from WARDKG_ENDPOINT_USER / WARDKG_ENDPOINT_PASSWORD.",
    )
    p.add_argument("name", nargs="?", help="stored query name (file stem in queries/)")
    p.add_argument("--list", action="store_true", help="list the stored queries with titles and parameters")
    p.add_argument(
        "--param", "-p", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter"
    )
    p.add_argument("--format", "-f", choices=sorted(FORMATS), default="table", help="output format")
    p.add_argument(
        "--endpoint", metavar="URL", help="query this SPARQL endpoint instead of the embedded store"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="remote timeout in seconds (default 60)")
    p.add_argument("--file", type=Path, help="run the SPARQL SELECT query in this file")
    p.add_argument("--sparql", help="run this SPARQL SELECT query text")
    p.add_argument("--queries-dir", type=Path, default=QUERIES_DIR, help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def list_text(catalogue: dict[str, StoredQuery]) -> str:
    """The ``--list`` output: name, title (ja / en), then one line per parameter."""
    lines = []
    for name, q in catalogue.items():
        lines.append(f"{name}\n    {q.title}\n    {q.title_en}")
        for prm in q.params:
            if prm.default == REQUIRED:
                default = "required"
            elif prm.default == ANY:
                default = "optional"
            else:
                default = f"default {prm.default}"
            lines.append(f"    --param {prm.name}=<{prm.type}>  ({default}) {prm.description}")
    return "\n".join(lines) + "\n"


def make_engine(endpoint: str | None, timeout: float) -> Engine:
    if endpoint:
        from wardkg.remote import RemoteEndpoint

        return RemoteEndpoint(endpoint, timeout=timeout)
    from wardkg.store import embedded_engine

    return embedded_engine()


def run(args: argparse.Namespace) -> int:
    if args.list:
        sys.stdout.write(list_text(load_catalogue(args.queries_dir)))
        return 0
    chosen = [x for x in (args.name, args.file, args.sparql) if x]
    if len(chosen) != 1:
        raise InputError("give exactly one of: a stored query NAME, --file Q.rq, --sparql '…' (or --list)")
    params = parse_param_args(args.param)
    query: StoredQuery | str
    if args.name:
        query = get_query(args.name, args.queries_dir)
    elif args.file:
        if not args.file.is_file():
            raise InputError(f"{args.file}: no such file")
        query = args.file.read_text(encoding="utf-8")
    else:
        query = args.sparql
    engine = make_engine(args.endpoint, args.timeout)
    table = run_query(engine, query, params)
    out = format_result(table, args.format)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return 0
