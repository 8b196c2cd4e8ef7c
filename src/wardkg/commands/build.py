"""``wardkg build`` — the main job: parse every registered source, link SDGs, validate, export.

Steps (each a library function; this module only chains them and maps the outcome to an exit code):
1. data/<ward>/<source>.ttl from data/sources/ (wardkg.build.build_sources);
2. data/<ward>/<source>.sdg.ttl, the SDG annotations with the human review applied (wardkg.sdg);
3. SHACL validation of the whole graph against shapes/core.ttl (exit 1 on violations, nothing exported);
4. the open-data export to dist/ (wardkg.export).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wardkg import build
from wardkg.sources import PROJECT_ROOT


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "build",
        help="build the graph from data/sources, link SDGs, validate, export (the main job)",
        description="Build data/<ward>/*.ttl from data/sources, link SDGs, validate and write the exports.",
    )
    p.add_argument("--sources", nargs="*", metavar="ID", help="only these source ids (default: all)")
    p.add_argument("--no-link", action="store_true", help="skip SDG linking")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument("--no-export", action="store_true", help="skip the export to --out")
    p.add_argument("--out", type=Path, default=Path("dist"), help="export folder (default: dist/)")
    p.add_argument("--base-url", default=None, help="download URL base for the DCAT distributions")
    p.add_argument("--lang", choices=["ja", "en"], default="ja", help="language of the validation report")
    p.add_argument(
        "--engine",
        choices=["fast", "pyshacl"],
        default="fast",
        help="validation engine: fast (default; pySHACL's results, tests/test_validate_engines.py) or pyshacl",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    only = set(args.sources) if args.sources else None
    built = build.build_sources(only=only)
    for b in built:
        print(f"built {b.path.relative_to(PROJECT_ROOT)}: {b.triples} triples", file=sys.stderr)
    if not args.no_link:
        for path, n in build.link_sources(only=only):
            print(f"linked {path.relative_to(PROJECT_ROOT)}: {n} triples", file=sys.stderr)
    if not args.no_validate:
        code = build.validate_all(lang=args.lang, engine=args.engine)
        if code != 0:
            return code
    if not args.no_export:
        build.export_all(args.out, base_url=args.base_url, validated=not args.no_validate)
        print(f"exported to {args.out}/", file=sys.stderr)
    return 0
