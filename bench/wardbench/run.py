"""The benchmark runner: real graph + synthetic sizes, embedded store vs rdflib, report, table and chart.

Sizes: ``real`` (the three wards, built fresh from data/sources into OUT/real — the build is timed), then
synthetic graphs of 23 and 200 municipalities (``--full`` adds 1,741). Each size is measured in its own
process (:mod:`wardbench.measure`) so that its peak memory is its own. Before a size starts, the runner
projects every expensive step from the sizes already measured (time × size ratio, with the growth
exponent fitted so far when it is worse than linear); a step whose projection passes its budget is skipped
and the report says so, and a size whose projected peak memory passes ``--mem-limit-gb`` is not started.

Outputs in OUT (default bench/out): ``results.json`` (every time of every repetition), ``results.md`` (the
table: median, spread, ratios, growth exponents, goals) and ``time-vs-size.png`` (log–log). ``--quick``
measures only the real graph as it is in data/ (no build, no validation) and ends with the line stating the
median speed-up of the embedded store over rdflib's engine across the stored queries.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from wardkg.sources import PROJECT_ROOT

BENCH_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (23, 200)
FULL_SIZE = 1741
RDFLIB_DEFAULT_MAX = 23  # largest size at which the default run loads rdflib (--full: every size that fits)
RDFLIB_CAP_DEFAULT = 60.0  # most seconds rdflib may take for one query in the default run
# … and when rdflib runs at 200+: high enough that the 25 × store-time limit, not the cap, stops it, so a
# stopped query is still a "> 25×" bound (measured: the slowest store query at 200 takes ≈ 9 s)
RDFLIB_CAP_FORCED = 900.0

Result = dict[str, Any]


def median(xs: list[float]) -> float:
    return float(statistics.median(xs))


def step_median(step: Result | None, stopped_as_limit: bool = False) -> float | None:
    """Median seconds; a step stopped at its time limit counts as the limit when *stopped_as_limit*
    (a lower bound: the projection of the next size and the speed-up ratio are then lower bounds too)."""
    if not step:
        return None
    if "times" not in step:
        return float(step["limit"]) if stopped_as_limit and "limit" in step else None
    return median(step["times"])


def spread(step: Result) -> str:
    t = step["times"]
    return f"{min(t):.3g}–{max(t):.3g}" if len(t) > 1 else "1 run"


def fit_exponent(points: list[tuple[float, float]]) -> float | None:
    """Slope of log(time) against log(size): 1 = linear growth."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(pts) < 2:
        return None
    mx = statistics.fmean(x for x, _ in pts)
    my = statistics.fmean(y for _, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    if den == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / den


def prepare_real(out: Path, build: bool) -> tuple[Path, Result]:
    """A project-like root with ontology/, shapes/ and data/ (built fresh when *build*); the build's times."""
    if not build:
        return PROJECT_ROOT, {}
    from wardkg.build import build_sources, link_sources

    root = out / "real"
    if root.exists():
        shutil.rmtree(root)
    for sub in ("ontology", "shapes"):
        (root / sub).mkdir(parents=True)
        for p in sorted((PROJECT_ROOT / sub).glob("*.ttl")):
            shutil.copyfile(p, root / sub / p.name)
    t0 = time.perf_counter()
    build_sources(root / "data")
    t1 = time.perf_counter()
    link_sources(root / "data")
    t2 = time.perf_counter()
    return root, {"build.parse": {"times": [round(t1 - t0, 3)]}, "build.link": {"times": [round(t2 - t1, 3)]}}


def projections(done: list[Result], n: int) -> dict[str, float]:
    """Projected seconds of each measured step at *n* municipalities, from the sizes already measured."""
    series: dict[str, list[tuple[float, float]]] = {}
    for r in done:
        m = r["municipalities"]
        for k, s in r["steps"].items():
            t = step_median(s)
            if t is not None:
                series.setdefault(k, []).append((m, t))
        for q, e in r["queries"].items():
            for eng in ("embedded", "rdflib"):
                t = step_median(e.get(eng), stopped_as_limit=True)
                if t is not None:
                    series.setdefault(f"query.{q}.{eng}", []).append((m, t))
    out: dict[str, float] = {}
    for k, pts in series.items():
        m0, t0 = max(pts)
        k_exp = max(1.0, fit_exponent(pts) or 1.0)
        out[k] = t0 * (n / m0) ** k_exp
    return out


def run_size(spec: Result, work: Path) -> Result:
    work.mkdir(parents=True, exist_ok=True)
    spec_path = work / "spec.json"
    out_path = work / "result.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(BENCH_DIR) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "wardbench.measure", str(spec_path), str(out_path)], env=env, check=False
    )
    if proc.returncode != 0:
        return {
            "label": spec["label"],
            "municipalities": spec["municipalities"],
            "failed": proc.returncode,
            "steps": {},
            "queries": {},
        }
    result: Result = json.loads(out_path.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(time.perf_counter() - t0, 1)
    return result


def memory_projection(results: list[Result], n: int) -> float:
    """MB the embedded store's load step would peak at with *n* municipalities: a straight line through
    the two largest sizes measured (fixed overhead + MB per municipality); the worst case of the two
    when only one size is known is proportional growth."""
    pts = sorted(
        (r["municipalities"], r["steps"]["load.embedded"]["peak_mb"])
        for r in results
        if "peak_mb" in r.get("steps", {}).get("load.embedded", {})
        and r["steps"]["load.embedded"].get("store", "memory") == "memory"
    )
    if not pts:
        return 0.0
    if len(pts) == 1:
        return float(pts[0][1] * n / pts[0][0])
    (n1, m1), (n2, m2) = pts[-2], pts[-1]
    slope = max(0.0, (m2 - m1) / (n2 - n1)) if n2 != n1 else m2 / n2
    return float(m2 + slope * (n - n2))


def rdflib_memory_projection(results: list[Result], n: int) -> float:
    """GB rdflib's graph would need at *n* municipalities: proportional to the largest size it loaded."""
    pts = sorted(
        (r["municipalities"], r["steps"]["load.rdflib"]["peak_mb"])
        for r in results
        if "peak_mb" in r.get("steps", {}).get("load.rdflib", {})
    )
    return float(pts[-1][1] * n / pts[-1][0] / 1024) if pts else 0.0


def query_ratios(r: Result) -> dict[str, float]:
    """rdflib / embedded per query; where rdflib was stopped at its limit, limit / embedded (a lower bound)."""
    out = {}
    for q, e in r["queries"].items():
        if "@" in q:  # the ward-restricted runs are reported, not part of the median over stored queries
            continue
        a, b = step_median(e.get("embedded")), step_median(e.get("rdflib"), stopped_as_limit=True)
        if a and b:
            out[q] = b / a
    return out


MAIN_STEPS = (
    "build.parse",
    "build.link",
    "materialise",
    "generate",
    "load.embedded",
    "load.rdflib",
    "export.turtle.embedded",
    "export.jsonld.embedded",
    "export.turtle.rdflib",
    "export.jsonld.rdflib",
    "validate.fast",
    "validate.per_source",
    "validate.per_municipality",
    "validate.merged",
    "validate.rudof_core",
)


def growth(pts: list[tuple[float, float, str]]) -> tuple[float | None, str]:
    """The growth exponent over the synthetic sizes (same generator, so the fit compares like with like),
    and over all sizes (the real graph counts as 3 municipalities) in brackets."""
    syn = fit_exponent([(n, t) for n, t, label in pts if label.startswith("synthetic")])
    every = fit_exponent([(n, t) for n, t, _ in pts])
    main = syn if syn is not None else every
    text = "" if main is None else f"{main:.2f}"
    if syn is not None and every is not None:
        text += f" ({every:.2f})"
    return main, text


def markdown(results: list[Result], meta: Result) -> str:
    ok = [r for r in results if "failed" not in r and "not_started" not in r]
    lines = [f"# wardkg benchmark — {meta['mode']} run", ""]
    lines.append(
        f"Machine: {meta['cpus']} cores, {meta['mem_gb']} GB; repetitions {meta['reps']}; "
        f"times in seconds (median, min–max)."
    )
    lines.append("")
    head = (
        "| step | "
        + " | ".join(
            f"{r['label']} ({r['municipalities']} mun., {r.get('data_triples', '?')} data triples)"
            for r in ok
        )
        + " | growth exponent: synthetic sizes (all sizes) |"
    )
    lines += [head, "|" + "---|" * (len(ok) + 2)]
    exps: dict[str, float | None] = {}
    for step in MAIN_STEPS:
        cells = []
        pts: list[tuple[float, float, str]] = []
        for r in ok:
            s = r["steps"].get(step)
            if s is None:
                cells.append("–")
            elif "skipped" in s:
                cells.append(f"skipped: {s['skipped']}")
            else:
                t = median(s["times"])
                pts.append((r["municipalities"], t, r["label"]))
                mem = f", {s['peak_mb']:.0f} MB" if "peak_mb" in s else ""
                if s.get("children_peak_mb"):
                    mem += f" + {s['children_peak_mb']:.0f} MB per worker"
                cells.append(f"{t:.3g} ({spread(s)}{mem})")
        if all(c == "–" for c in cells):
            continue
        e, shown = growth(pts) if step not in ("build.parse", "build.link", "materialise") else (None, "")
        exps[step] = e
        lines.append(f"| {step} | " + " | ".join(cells) + f" | {shown} |")
    lines.append(
        "| peak memory, MB (process / validation workers) | "
        + " | ".join(f"{r.get('peak_mb_process', '?')} / {r.get('peak_mb_children', '?')}" for r in ok)
        + " | |"
    )
    lines += [
        "",
        "## Stored queries: embedded store vs rdflib (median seconds, ratio = rdflib / embedded)",
        "",
    ]
    lines.append(
        "| query | "
        + " | ".join(f"{r['label']}" for r in ok)
        + " | growth exponent (embedded): synthetic (all) |"
    )
    lines.append("|" + "---|" * (len(ok) + 2))
    names = sorted({q for r in ok for q in r["queries"]})
    for q in names:
        cells = []
        pts = []
        for r in ok:
            e = r["queries"].get(q)
            if e is None:
                cells.append("–")
                continue
            a = step_median(e.get("embedded"))
            b = step_median(e.get("rdflib"))
            if a is not None:
                pts.append((r["municipalities"], a, r["label"]))
            cell = f"{a:.3g}" if a is not None else str(e.get("embedded", {}).get("stopped", "?"))
            if b is not None and a:
                cell += f" / {b:.3g} = **{b / a:.0f}×**"
                if e.get("agree") is False:
                    cell += " (rows differ!)"
            elif "rdflib" in e and "stopped" in e["rdflib"] and a:
                cell += f" / rdflib {e['rdflib']['stopped']} = **> {e['rdflib']['limit'] / a:.0f}×**"
            elif "rdflib" in e and "skipped" in e["rdflib"]:
                cell += f" / rdflib skipped ({e['rdflib']['skipped']})"
            cell += f", {e.get('rows', '?')} rows"
            cells.append(cell)
        lines.append(f"| {q} | " + " | ".join(cells) + f" | {growth(pts)[1]} |")
    lines += ["", "## Goals", ""]
    for r in ok:
        ratios = query_ratios(r)
        slow = max(
            ((step_median(e.get("embedded")) or 0.0, q) for q, e in r["queries"].items() if "@" not in q),
            default=(0.0, "-"),
        )
        slow_w = max(
            ((step_median(e.get("embedded")) or 0.0, q) for q, e in r["queries"].items() if "@" in q),
            default=(0.0, "-"),
        )
        med = f"{median(list(ratios.values())):.0f}×" if ratios else "not measured (rdflib skipped)"
        lo = f"{min(ratios.values()):.0f}×" if ratios else "–"
        lines.append(
            f"- {r['label']}: median speed-up over rdflib {med} (lowest {lo}, {len(ratios)} queries); "
            f"slowest stored query on the embedded store {slow[1]} {slow[0]:.3g} s; "
            f"restricted to one municipality (ward=…): slowest {slow_w[1]} {slow_w[0]:.3g} s"
        )
        if r["steps"].get("load.embedded", {}).get("store") == "disk":
            lines.append("  - on-disk store (the in-memory store's projected peak passed --mem-limit-gb)")
        v = r.get("validation") or {}
        if v:
            ft = step_median(r["steps"].get("validate.fast"))
            mer = step_median(r["steps"].get("validate.merged"))
            if ft is not None:
                fs = r["steps"]["validate.fast"]
                mem = f"{fs.get('peak_mb')} MB" + (
                    f" + {fs['children_peak_mb']} MB per worker" if fs.get("children_peak_mb") else ""
                )
                how = "municipality bundles on two workers" if fs.get("children_peak_mb") else "one process"
                lines.append(
                    f"  - validation, the default engine (wardkg.validation_fast, {how}): {ft:.3g} s, "
                    f"peak {mem}"
                    + (
                        f"; one pySHACL call on the merged graph {mer:.3g} s (peak "
                        f"{r['steps']['validate.merged'].get('peak_mb')} MB): **{mer / ft:.1f}×**, results "
                        f"identical: {v.get('fast_identical', 'not compared')} ({v.get('fast_results')} / "
                        f"{v.get('merged_results')})"
                        if mer
                        else f"; identical to pySHACL per municipality: {v.get('fast_identical_to_per_municipality', 'not compared')}"
                    )
                )
            per = step_median(r["steps"].get("validate.per_source"))
            mer = step_median(r["steps"].get("validate.merged"))
            sp = f"{mer / per:.2f}×" if per and mer else "–"
            lines.append(
                f"  - validation: per source graph on 2 workers {per if per is None else f'{per:.3g} s'}, "
                f"one pySHACL call on the merged graph {mer if mer is None else f'{mer:.3g} s'} "
                f"(speed-up {sp}); results identical: {v.get('identical', 'not compared')}; "
                f"{v.get('per_source_results', '?')} / {v.get('merged_results', '?')} results"
            )
            pmt = step_median(r["steps"].get("validate.per_municipality"))
            if pmt is not None:
                lines.append(
                    f"  - per municipality, bundled on 2 workers: {pmt:.3g} s"
                    + (f" = {mer / pmt:.2f}× one pySHACL call" if mer else "")
                    + f"; results identical to the merged call: {v.get('per_municipality_identical', 'not compared')}"
                )
            rd = v.get("rudof")
            if rd:
                rt = step_median(r["steps"].get("validate.rudof_core"))
                lines.append(
                    f"  - pyrudof (not adopted) {rt:.3g} s = {mer / rt:.1f}× one pySHACL call; same results by "
                    f"(focus, component, shape, severity): {rd['identical_keys']} ({rd['results']} results; "
                    f"it skips sh:sparql constraints, so the failing shape cases differ)"
                    if rt and mer
                    else f"  - pyrudof: {rd}"
                )
            if v.get("identical") is False:
                lines.append(
                    f"    - only per source: {v.get('only_per_source')}; only merged: {v.get('only_merged')}"
                )
    for step in (
        "load.embedded",
        "validate.fast",
        "validate.per_source",
        "export.turtle.embedded",
        "export.jsonld.embedded",
    ):
        e = exps.get(step)
        if e is not None:
            lines.append(
                f"- growth exponent of {step}: {e:.2f} ({'no worse than linear' if e <= 1.1 else 'worse than linear'})"
            )
    for r in results:
        if "not_started" in r:
            lines.append(
                f"- {r['label']} ({r['municipalities']} municipalities) not started: {r['not_started']}"
            )
        if "failed" in r:
            lines.append(f"- {r['label']} failed (exit {r['failed']})")
    return "\n".join(lines) + "\n"


def chart(results: list[Result], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = [r for r in results if "failed" not in r and "not_started" not in r]
    fig, ax = plt.subplots(figsize=(11, 6))
    series: dict[str, list[tuple[float, float]]] = {}
    for r in ok:
        m = r["municipalities"]
        for step in (
            "load.embedded",
            "load.rdflib",
            "export.turtle.embedded",
            "export.turtle.rdflib",
            "validate.fast",
            "validate.per_source",
            "validate.per_municipality",
            "validate.merged",
        ):
            t = step_median(r["steps"].get(step))
            if t is not None:
                series.setdefault(step, []).append((m, t))
        for eng in ("embedded", "rdflib"):
            # an rdflib run stopped at its time limit counts as the limit (a lower bound), as in the ratios:
            # leaving it out would draw rdflib's median from its fastest queries only
            ts = [
                step_median(e.get(eng), stopped_as_limit=True)
                for q, e in r["queries"].items()
                if "@" not in q
            ]
            tw = [step_median(e.get(eng), stopped_as_limit=True) for q, e in r["queries"].items() if "@" in q]
            wvals = [t for t in tw if t is not None]
            if wvals:
                series.setdefault(f"stored query slowest, one municipality ({eng})", []).append(
                    (m, max(wvals))
                )
            vals = [t for t in ts if t is not None]
            if vals:
                series.setdefault(f"stored query median ({eng})", []).append((m, median(vals)))
                series.setdefault(f"stored query slowest ({eng})", []).append((m, max(vals)))
    colours = plt.get_cmap("tab20").colors
    markers = "osD^v<>ph*"
    for i, (name, pts) in enumerate(sorted(series.items())):
        pts.sort()
        style = "--" if "rdflib" in name or "merged" in name else "-"
        ax.plot(
            [p[0] for p in pts],
            [p[1] for p in pts],
            style,
            marker=markers[i % len(markers)],
            color=colours[i % len(colours)],
            label=name,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("municipalities")
    ax.set_ylabel("seconds (median)")
    ax.set_title(
        "wardkg: time against size (log–log); dashed = rdflib / one pySHACL call\n"
        "(rdflib query runs stopped at their time limit count as the limit: lower bounds)",
        fontsize=10,
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="real graph only, no build or validation (< 2 min)")
    ap.add_argument("--full", action="store_true", help=f"also {FULL_SIZE} municipalities")
    ap.add_argument(
        "--sizes", type=int, nargs="*", default=None, help=f"synthetic sizes (default {DEFAULT_SIZES})"
    )
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=BENCH_DIR / "out")
    ap.add_argument("--budget-step", type=float, default=120.0, help="seconds a load/export step may take")
    ap.add_argument(
        "--budget-query", type=float, default=10.0, help="seconds one stored query (all reps) may take"
    )
    ap.add_argument(
        "--budget-query-embedded",
        type=float,
        default=120.0,
        help="seconds one stored query may take on the store",
    )
    ap.add_argument(
        "--budget-query-rdflib-cap",
        type=float,
        default=None,
        help="most seconds rdflib may take for one query (it may take 25× the store's time, at least "
        f"--budget-query); default {RDFLIB_CAP_DEFAULT:g} s, {RDFLIB_CAP_FORCED:g} s when rdflib runs past "
        f"{RDFLIB_DEFAULT_MAX} municipalities (--full, --rdflib-max), so every stopped run is still a 25× bound",
    )
    ap.add_argument(
        "--rdflib-max",
        type=int,
        default=None,
        help=f"largest synthetic size whose graph rdflib's engine loads (default {RDFLIB_DEFAULT_MAX}; "
        "--full: every size that fits --mem-limit-gb)",
    )
    ap.add_argument("--budget-validate", type=float, default=300.0, help="seconds a validation may take")
    ap.add_argument("--mem-limit-gb", type=float, default=16.0)
    ap.add_argument(
        "--render", action="store_true", help="only rewrite results.md and the chart from results.json"
    )
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.render:
        doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
        (out / "results.md").write_text(markdown(doc["results"], doc["meta"]), encoding="utf-8")
        chart(doc["results"], out / "time-vs-size.png")
        print(out / "results.md")
        return 0
    sizes = [] if args.quick else list(args.sizes if args.sizes is not None else DEFAULT_SIZES)
    if args.full and FULL_SIZE not in sizes:
        sizes.append(FULL_SIZE)
    rdflib_max = (
        args.rdflib_max if args.rdflib_max is not None else (FULL_SIZE if args.full else RDFLIB_DEFAULT_MAX)
    )
    rdflib_cap = args.budget_query_rdflib_cap
    if rdflib_cap is None:
        forced = any(RDFLIB_DEFAULT_MAX < n <= rdflib_max for n in sizes)
        rdflib_cap = RDFLIB_CAP_FORCED if forced else RDFLIB_CAP_DEFAULT
    budgets = {
        "step": args.budget_step,
        "query": args.budget_query,
        "validate": args.budget_validate,
        "query_embedded": args.budget_query_embedded,
        "query_rdflib_cap": rdflib_cap,
    }
    meta = {
        "mode": "quick" if args.quick else ("full" if args.full else "default"),
        "reps": args.reps,
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }
    started = time.perf_counter()

    print(
        "real graph: building …" if not args.quick else "real graph (data/ as built)",
        file=sys.stderr,
        flush=True,
    )
    real_root, build_steps = prepare_real(out, build=not args.quick)
    spec: Result = {
        "label": "real",
        "municipalities": 3,
        "root": str(real_root),
        "reps": args.reps,
        "budgets": budgets,
        "work": str(out / "work" / "real"),
        "search_term": "区",
        "ward": None if args.quick else "13120",  # quick mode: the stored queries as they are only
        "steps": ["load.rdflib"] if args.quick else [],
    }
    real = run_size(spec, out / "work" / "real")
    real["steps"] = {**build_steps, **real["steps"]}
    results = [real]

    if sizes:
        from wardbench.generate import cipher, generate, load_pool

        pool = load_pool(real_root)
        for n in sizes:
            proj = projections([r for r in results if "failed" not in r], n)
            label = f"synthetic-{n}"
            mem_proj = memory_projection(results, n) / 1024
            disk = False
            if mem_proj > args.mem_limit_gb:
                # the in-memory store would pass the limit: use the on-disk store (the product's layout)
                disk = True
                msg = (
                    f"projected in-memory store peak {mem_proj:.1f} GB > limit {args.mem_limit_gb} GB: "
                    "on-disk store (RocksDB) used instead"
                )
                print(f"{label}: {msg}", file=sys.stderr)
            rdflib_mode: bool | str = True
            if n > RDFLIB_DEFAULT_MAX:
                rdflib_mode = "forced" if n <= rdflib_max else False
                rdflib_gb = rdflib_memory_projection(results, n) + mem_proj
                if rdflib_mode and rdflib_gb > args.mem_limit_gb:
                    print(
                        f"{label}: rdflib not loaded: projected {rdflib_gb:.1f} GB with the store > "
                        f"limit {args.mem_limit_gb} GB (projected in proportion from the largest size "
                        "rdflib loaded, whose process baseline it scales too: measure 23 first, "
                        "--sizes 23 200)",
                        file=sys.stderr,
                    )
                    rdflib_mode = False
            print(f"{label}: generating …", file=sys.stderr, flush=True)
            root = out / "synthetic" / str(n)
            manifest = generate(pool, n, root, args.seed)
            term = "区".translate(cipher(pool, args.seed, 0))
            spec = {
                "label": label,
                "municipalities": n,
                "root": str(root),
                "reps": args.reps,
                "budgets": budgets,
                "work": str(out / "work" / label),
                "projections": proj,
                "search_term": term,
                "ward": "90001",
                "merged_validation": False,
                "disk": disk,
                # rdflib's engine at 200+ municipalities needs minutes to load and ≈ 14 GB: only with --full
                "rdflib": rdflib_mode,
                "full": args.full,
            }
            r = run_size(spec, out / "work" / label)
            r["steps"]["generate"] = {"times": [manifest["seconds"]]}
            results.append(r)
            shutil.rmtree(root, ignore_errors=True)

    meta["wall_seconds"] = round(time.perf_counter() - started, 1)
    (out / "results.json").write_text(
        json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    md = markdown(results, meta)
    (out / "results.md").write_text(md, encoding="utf-8")
    try:
        chart(results, out / "time-vs-size.png")
    except ModuleNotFoundError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no chart", file=sys.stderr)
    print(md)
    ratios = [v for r in results if "failed" not in r for v in query_ratios(r).values()]
    by_size = {r["label"]: query_ratios(r) for r in results if "failed" not in r}
    if ratios:
        per = ", ".join(f"{k} {median(list(v.values())):.0f}×" for k, v in by_size.items() if v)
        print(
            f"median speed-up of the embedded store over rdflib across the stored queries: "
            f"{median(list(by_size['real'].values())) if by_size.get('real') else median(ratios):.0f}× ({per}); "
            f"wall time {meta['wall_seconds']} s"
        )
    else:
        print("median speed-up: not measured (rdflib skipped at every size)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
