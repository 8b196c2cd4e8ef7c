"""``wardkg validate [FILE…] [--lang ja|en] [--shapes recommended|core|all] [--engine fast|pyshacl]``.

Loads the ontology's vocabularies and class hierarchy, the shapes and the given data files (default: every
``data/<ward>/*.ttl``) and prints a report grouped by shape. Exit codes (cli.py): 0 conforms (warnings are
printed but do not fail), 1 core violations, 2 bad input — a file that does not parse is named with its line.
``--engine pyshacl`` uses plain pySHACL instead of the default fast engine (wardkg.validation_fast), which
gives the same results (tests/test_validate_engines.py) in a fraction of the time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wardkg.errors import EXIT_OK, EXIT_VALIDATION
from wardkg.graphs import SHAPE_TIERS, data_files
from wardkg.validate import format_report, load_shapes, validate_files


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="validate data against the SHACL shapes (exit 1 on violations)",
        description=(
            "Validate RDF data with the ontology and vocabularies against shapes/core.ttl (violations) "
            "and shapes/recommended.ttl (warnings). Exit 0 conforms, 1 violations, 2 bad input."
        ),
    )
    p.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="Turtle files (default: data/<ward>/*.ttl)"
    )
    p.add_argument("--lang", choices=["ja", "en"], default="ja", help="report language (default: ja)")
    p.add_argument(
        "--shapes", choices=sorted(SHAPE_TIERS), default="all", help="which shapes to apply (default: all)"
    )
    p.add_argument("--limit", type=int, default=20, help="results shown per shape (default: 20)")
    p.add_argument(
        "--engine",
        choices=["fast", "pyshacl"],
        default="fast",
        help="fast: wardkg's own engine, pySHACL's results in a fraction of the time (default); "
        "pyshacl: plain pySHACL, one run per source graph",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    files: list[Path] = list(args.files) or data_files()
    report = validate_files(files, tier=args.shapes, engine=args.engine)
    sys.stdout.write(
        format_report(report, lang=args.lang, shapes=load_shapes(tier=args.shapes), limit=args.limit)
    )
    return EXIT_OK if report.conforms else EXIT_VALIDATION
