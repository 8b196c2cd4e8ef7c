"""The floor of a large answer: how long merely receiving N rows of W columns from pyoxigraph takes.

Why this exists: the whole-country stored queries at 1,741 municipalities return up to a million rows
(cross-ward-by-target 1,030,672 rows of 7 columns, plan-outline 724,849 of 5, element-provenance 697,538
of 11). Before asking any query shape or index to answer them under the issue's 2 s, it pays to know what
the answer alone costs. This builds the answer itself, one subject per row with one literal per column,
in an in-memory store (the cheapest place it could be: no joins beyond the star that reassembles a row,
no RocksDB), and times four ways of receiving it:

* ``iterate``: walk the solutions without touching a cell (pyoxigraph's evaluation alone);
* ``cells``: read every cell as a pyoxigraph term;
* ``rdflib``: :func:`wardkg.store.solution_rows`, what the product's query runner does;
* ``tsv``: pyoxigraph's own TSV writer in Rust, no Python per row.

The best of the four is the floor: no stored query returning that many rows can be faster on this machine
with this engine, whatever its shape. Output: a Markdown table on stdout and, with ``--out``, JSON.

Usage: ``bench/floor [--shape ROWSxCOLUMNS ...] [--reps 3] [--out floor.json]``
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from wardkg.rdfio import write_text_atomic
from wardkg.store import solution_rows

GOAL_SECONDS = 2.0
# the three largest whole-country answers at 1,741 synthetic municipalities and cross-ward-by-domain's
# (bench/reports/full-run.md)
DEFAULT_SHAPES = ((1_030_672, 7), (724_849, 5), (697_538, 11), (102_706, 8))
MODES = ("iterate", "cells", "rdflib", "tsv")
EX = "https://bench.wardkg.invalid/floor/"


def answer_store(rows: int, columns: int) -> ox.Store:
    """An in-memory store holding the answer itself: row r is a subject with one literal per column.

    Literals repeat with period 997 per column, as ward names, plan titles and SDG codes repeat in a real
    answer (which is what :func:`wardkg.store.solution_rows` memoises on)."""
    store = ox.Store()
    preds = [ox.NamedNode(f"{EX}c{i}") for i in range(columns)]
    quads = (
        ox.Quad(ox.NamedNode(f"{EX}r/{r}"), p, ox.Literal(f"値{r % 997}-{i}"), ox.DefaultGraph())
        for r in range(rows)
        for i, p in enumerate(preds)
    )
    store.bulk_extend(quads)
    return store


def answer_query(columns: int) -> str:
    """The star that reassembles each row: ``?r`` and one variable per column."""
    heads = " ".join(f"?v{i}" for i in range(columns))
    body = " ".join(f"?r <{EX}c{i}> ?v{i} ." for i in range(columns))
    return f"SELECT ?r {heads} WHERE {{ {body} }}"


def receive(store: ox.Store, query: str, columns: int, mode: str) -> int:
    """Run *query* and receive its answer the *mode* way; returns the number of rows received."""
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    if mode == "iterate":
        return sum(1 for _ in solutions)
    if mode == "cells":
        n = 0
        for sol in solutions:
            for _cell in sol:
                n += 1
        return n // (columns + 1)
    if mode == "rdflib":
        return len(solution_rows(solutions, columns + 1))
    if mode == "tsv":
        buf = io.BytesIO()
        solutions.serialize(buf, ox.QueryResultsFormat.TSV)
        return buf.getvalue().count(b"\n") - 1
    raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")


def measure(rows: int, columns: int, reps: int) -> dict[str, Any]:
    """Every repetition's seconds and their median, per mode, for one answer shape; the best median is the floor."""
    t = time.perf_counter()
    store = answer_store(rows, columns)
    load = time.perf_counter() - t
    query = answer_query(columns)
    out: dict[str, Any] = {"rows": rows, "columns": columns, "load": load, "modes": {}}
    for mode in MODES:
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            seen = receive(store, query, columns, mode)
            times.append(time.perf_counter() - t)
            if seen != rows:
                raise RuntimeError(f"{mode}: received {seen} rows, expected {rows}")
        out["modes"][mode] = {"times": times, "median": statistics.median(times)}
    out["floor"] = min(m["median"] for m in out["modes"].values())
    out["floorMode"] = min(out["modes"], key=lambda m: out["modes"][m]["median"])
    out["goalRatio"] = out["floor"] / GOAL_SECONDS
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    head = "| rows × columns | " + " | ".join(MODES) + f" | floor ÷ {GOAL_SECONDS:g} s goal |"
    lines = [head, "|" + "---|" * (len(MODES) + 2)]
    for r in results:
        cells = [f"{r['modes'][m]['median']:.2f} s" for m in MODES]
        lines.append(
            f"| {r['rows']:,} × {r['columns']} | " + " | ".join(cells) + f" | **{r['goalRatio']:.2f}** |"
        )
    return "\n".join(lines) + "\n"


def parse_shape(text: str) -> tuple[int, int]:
    try:
        rows, columns = (int(x.replace(",", "").replace("_", "")) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected ROWSxCOLUMNS such as 1030672x7, got {text!r}") from None
    if rows < 1 or columns < 1:
        raise argparse.ArgumentTypeError(f"rows and columns must be positive, got {text!r}")
    return rows, columns


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/floor", description=__doc__.split("\n")[0])
    ap.add_argument("--shape", type=parse_shape, nargs="+", default=list(DEFAULT_SHAPES), metavar="RxC")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    results = []
    for rows, columns in args.shape:
        print(f"floor: {rows:,} rows × {columns} columns …", file=sys.stderr, flush=True)
        results.append(measure(rows, columns, args.reps))
    sys.stdout.write(markdown(results))
    if args.out:
        write_text_atomic(args.out, json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
