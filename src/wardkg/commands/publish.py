"""``wardkg publish --endpoint URL`` — load the graph into a SPARQL endpoint, one named graph per dataset.

The named graphs are those of the embedded store (wardkg.store): one per ontology/vocabulary file, one
per data file (``graph/data/<ward>/<source>``) and the materialised entailments, one graph per ward
(``graph/entailed/<ward>``) plus ``graph/entailed`` for those of no ward, so stored queries give the same
rows remotely and a ward-scoped query can name its ward's graphs (wardkg.scope). Each graph is replaced in one request (or, on Virtuoso,
staged and switched in one update; see wardkg.remote). Credentials: WARDKG_ENDPOINT_USER /
WARDKG_ENDPOINT_PASSWORD (WARDKG_ENDPOINT_AUTH=digest for Virtuoso's /sparql-graph-crud-auth).
"""

from __future__ import annotations

import argparse
import sys

from wardkg.remote import publish, redact
from wardkg.store import load_dataset


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "publish",
        help="upload the graph to a SPARQL endpoint (Graph Store Protocol, one named graph per dataset)",
        description="Upload ontology, vocabularies, ward data and the materialised entailments to a SPARQL "
        "1.1 endpoint, replacing one named graph per dataset.",
        epilog="Credentials come from WARDKG_ENDPOINT_USER / WARDKG_ENDPOINT_PASSWORD "
        "(WARDKG_ENDPOINT_AUTH=basic|digest).",
    )
    p.add_argument(
        "--endpoint", required=True, metavar="URL", help="the SPARQL query endpoint (…/query, …/sparql)"
    )
    p.add_argument("--graph-store", metavar="URL", help="Graph Store Protocol endpoint (default: derived)")
    p.add_argument("--update", metavar="URL", help="SPARQL Update endpoint (default: derived)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    ds = load_dataset()
    sizes = publish(ds.graphs, args.endpoint, args.graph_store, args.update, args.timeout)
    for name, n in sizes.items():
        print(f"{name}\t{n}", file=sys.stderr)
    print(
        f"published {len(sizes)} graphs, {sum(sizes.values())} triples to {redact(args.endpoint)}",
        file=sys.stderr,
    )
    return 0
