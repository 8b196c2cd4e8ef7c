"""``wardkg export [--out dist/] [--base-url URL] [--force]`` — the open-data release (see wardkg.export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wardkg.export import DEFAULT_BASE_URL, export


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="write Turtle, JSON-LD, N-Triples, CSV, coverage and a DCAT catalog to dist/",
        description="Write the open-data release: per source, per ward and whole-graph RDF files, a CSV per ward, "
        "a coverage report and a DCAT-AP 3 catalog. Refuses a graph with SHACL violations (exit 1).",
    )
    p.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist/)")
    p.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help=f"download URL base (default: {DEFAULT_BASE_URL})"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="export even if the graph violates the core shapes (the catalog is marked accordingly)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    result = export(args.out, base_url=args.base_url, force=args.force)
    for cov in result.coverage:
        print(f"{cov.ward_name} {cov.source}: {cov.elements} elements", file=sys.stderr)
    total = sum(f.size for f in result.files)
    print(
        f"{args.out}/: {len(result.files)} files, {total} bytes, conforms={result.conforms}", file=sys.stderr
    )
    return 0
