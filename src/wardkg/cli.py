"""The ``wardkg`` command line: argument parsing and exit codes only; the work is in the library.

Exit codes (documented in README.md): 0 ok, 1 validation failed (SHACL violations), 2 usage or input
error (a file that does not parse, a source that does not fit its family — named with file and line).
Each subcommand lives in ``wardkg.commands.<name>`` and defines ``register(subparsers)``; the handler it
sets returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from wardkg import __version__
from wardkg.errors import EXIT_INPUT, WardkgError

COMMAND_MODULES: tuple[str, ...] = (
    "build",
    "ingest",
    "validate",
    "info",
    "link",
    "query",
    "publish",
    "export",
    "serve",
    "evaluate",
)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wardkg",
        description="Tokyo special wards' plans as linked data: build, validate, query and export the graph.",
        epilog="Exit codes: 0 ok, 1 validation failed, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"wardkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(f"wardkg.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"wardkg.commands.{name}":
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        code: int = args.handler(args)
    except WardkgError as exc:
        print(f"wardkg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
