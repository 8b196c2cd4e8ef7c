"""``wardkg evaluate``: the SDG linker's measured quality on data/sdg/devset.csv (see wardkg.sdg.evaluate)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wardkg.errors import EXIT_OK
from wardkg.sdg.evaluate import DEVSET_CSV, errors, load_devset, predict, report
from wardkg.sources import DATA_DIR


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evaluate", help="goal micro/macro P/R/F1 and target P@1 of the SDG linker, per ward")
    p.add_argument("--devset", type=Path, default=DEVSET_CSV)
    p.add_argument("--data-dir", type=Path, default=DATA_DIR)
    p.add_argument(
        "--errors", choices=("dev", "test", "all"), help="also list the rows the linker gets wrong"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rows = load_devset(args.devset)
    preds = predict(rows, data_dir=args.data_dir)
    print(report(rows, preds))
    if args.errors:
        for line in errors(rows, preds):
            if args.errors == "all" or line.startswith(args.errors + " "):
                print(line)
    return EXIT_OK
