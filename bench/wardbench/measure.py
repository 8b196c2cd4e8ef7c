"""One size of the benchmark, measured in its own process (so its peak memory is its own).

Run by :mod:`wardbench.run` as ``python -m wardbench.measure SPEC.json OUT.json``. Steps, each repeated
``reps`` times where the budget allows (median and spread are computed by the runner):

* ``materialise`` (real graph only): :func:`wardkg.store.entailments` over the whole graph — the
  reasoning step of the product's store build; synthetic graphs carry their entailments precomputed;
* ``load.embedded``: every file (+ entailments) bulk-loaded into an in-memory pyoxigraph store, one named
  graph per file as :func:`wardkg.store.graph_iri` names it; ``load.rdflib``: the same files parsed into
  one rdflib Graph (what rdflib's engine queries);
* ``query.<name>``: every stored query through :func:`wardkg.query.run_query`, on
  :class:`wardkg.store.OxigraphEngine` and on :class:`wardkg.query.RdflibEngine`, rows compared;
* ``export.turtle`` / ``export.jsonld``: the data graphs written per source graph, by pyoxigraph and by
  the project's rdflib writers (:func:`wardkg.rdfio.turtle_bytes`, :func:`wardkg.export.serialize.jsonld_bytes`);
* ``validate.per_source`` (two workers, :func:`wardkg.validate.validate_files`) and ``validate.merged``
  (one pySHACL call on the merged graph, :func:`wardkg.validate.validate`), results compared.

Limits: a step whose time projected from the previous size (``spec["projections"]``) passes its budget is
not run; the JSON says which and why. Peak memory per step is the process's VmHWM after resetting it
(``/proc/self/clear_refs``), plus the validation workers' peak (RUSAGE_CHILDREN).
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import multiprocessing
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from wardkg import graphs, scope, store
from wardkg.query import RdflibEngine, StoredQuery, load_catalogue, row_key, run_query
from wardkg.scope import entailed_graph

Result = dict[str, Any]


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _children_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def _timed_with_children(fn: Callable[[], Any], reps: int, budget: float) -> tuple[Result, Any]:
    result, value = timed(fn, reps, budget)
    result["children_peak_mb"] = _children_peak_mb()
    return result, value


def timed_fresh(fn: Callable[[], Any], reps: int, budget: float) -> tuple[Result, Any]:
    """:func:`timed` in a freshly spawned process, with the peak of that process and of its workers.

    Why: a validation that starts workers is measured as ``wardkg validate`` runs it, in a process of its
    own, and the workers' peak (RUSAGE_CHILDREN) is then theirs alone — in this process it would be the
    largest of every child so far, the forked query children that share the store's pages included."""
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_timed_with_children, fn, reps, budget).result()


def timed(fn: Callable[[], Any], reps: int, budget: float) -> tuple[Result, Any]:
    """Run *fn* up to *reps* times (fewer when one run already takes more than budget/reps)."""
    times: list[float] = []
    value: Any = None
    _reset_peak()
    for _ in range(reps):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
        if sum(times) + times[-1] > budget:
            break
    return {"times": [round(t, 4) for t in times], "peak_mb": _peak_mb()}, value


def _child(fn: Callable[[], Any], reps: int, budget: float, conn: Any) -> None:
    res, value = timed(fn, reps, budget)
    conn.send((res, value))
    conn.close()


def timed_limited(
    fn: Callable[[], Any], reps: int, budget: float, rep_budget: float | None = None
) -> tuple[Result, Any]:
    """:func:`timed` in a forked child that is stopped when it passes *budget* seconds (rdflib's engine
    cannot be interrupted in-process). The child shares the loaded graph copy-on-write."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, reps, rep_budget or budget, child))
    proc.start()
    child.close()
    if parent.poll(budget):
        res, value = parent.recv()
        proc.join()
        return res, value
    proc.kill()
    proc.join()
    return {"stopped": f"stopped after {budget:.0f} s (time budget)", "limit": budget}, None


class _Timeout(BaseException):
    """Raised by the interval timer inside a pure-Python computation (rdflib's engine). A BaseException,
    like KeyboardInterrupt, so that wrappers catching Exception (the engine's error reporting) let it by."""


def timed_interrupted(fn: Callable[[], Any], reps: int, budget: float, limit: float) -> tuple[Result, Any]:
    """:func:`timed` in this process, interrupted by SIGALRM once one run passes *limit* seconds.

    rdflib's engine is pure Python, so the signal handler's exception stops it between two bytecodes;
    no forked child is needed, which matters at sizes where rdflib's graph is many GB (a child touching
    the objects' reference counts would copy them page by page)."""

    def alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    times: list[float] = []
    value: Any = None
    _reset_peak()
    try:
        for _ in range(reps):
            t0 = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                value = fn()
            except _Timeout:
                return {"stopped": f"stopped after {limit:.0f} s (time limit)", "limit": limit}, None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - t0)
            if sum(times) + times[-1] > budget:
                break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return {"times": [round(t, 4) for t in times], "peak_mb": _peak_mb()}, value


def rdflib_limit(embedded_seconds: float, budget: float, cap: float) -> float:
    """How long rdflib's engine may run one query: long enough to show a 25× ratio when it is there
    (25 × the embedded store's time), at least the query budget, at most *cap* — so a stopped run is
    still a lower bound that says whether the 20× goal is met."""
    return min(cap, max(budget, 25.0 * embedded_seconds))


def skipped(reason: str) -> Result:
    return {"skipped": reason}


def _files(root: Path) -> tuple[list[Path], list[Path]]:
    onto = graphs.ontology_files(root)
    data = graphs.data_files(root)
    return onto, data


def load_embedded(root: Path, files: list[Path], entailed: list[Path], disk: Path | None = None) -> ox.Store:
    """Every file into its named graph. In memory with ``Store.load`` (measured faster than ``bulk_load``
    there); on disk (*disk*: a fresh directory under it) with ONE ``bulk_load`` of an N-Quads stream of
    every line-based file (:class:`NQuadStream`) — the generated graphs are N-Triples lines — and one per
    remaining (Turtle) file. One bulk load per file was measured far slower at 1,741 municipalities
    (≈ 7,000 small RocksDB ingestions instead of one sorted one)."""
    st = ox.Store(tempfile.mkdtemp(prefix="store-", dir=disk)) if disk else ox.Store()
    named = [
        (p, entailed_graph_of(p) if p in entailed else store.graph_iri(p, root)) for p in [*files, *entailed]
    ]
    if disk:
        lines = [(p, g) for p, g in named if _line_based(p)]
        for p, g in named:
            if (p, g) not in lines:
                st.bulk_load(path=str(p), format=_format(p), to_graph=ox.NamedNode(str(g)))
        st.bulk_load(NQuadStream(lines), format=ox.RdfFormat.N_QUADS)
        st.optimize()
    else:
        for p, g in named:
            st.load(path=str(p), format=_format(p), to_graph=ox.NamedNode(str(g)))
    return st


def _format(path: Path) -> ox.RdfFormat:
    return ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE


def _line_based(path: Path) -> bool:
    """Whether *path* is written as N-Triples lines (the generator's files, whatever their suffix)."""
    with path.open("rb") as f:
        first = f.readline()
    return first.startswith(b"<") and first.rstrip().endswith(b".")


class NQuadStream(io.RawIOBase):
    """A readable byte stream of N-Quads made from N-Triples files, each file's triples in its graph.

    Fails loudly (file and line) on a line that is not one N-Triples statement, and on blank nodes, which
    one bulk load would merge across files (the generated graphs have none)."""

    def __init__(self, parts: list[tuple[Path, URIRef]]) -> None:
        super().__init__()
        self._chunks = self._generate(parts)
        self._buf = bytearray()

    @staticmethod
    def _generate(parts: list[tuple[Path, URIRef]]) -> Iterator[bytes]:
        for path, graph in parts:
            tail = f" <{graph}> .\n".encode()
            out: list[bytes] = []
            with path.open("rb") as f:
                for lineno, raw in enumerate(f, 1):
                    line = raw.rstrip()
                    if not line or line.startswith(b"#"):
                        continue
                    if not line.endswith(b".") or line.startswith(b"_:") or b" _:" in line:
                        raise ValueError(
                            f"{path}:{lineno}: expected one N-Triples statement without blank nodes"
                        )
                    out.append(line[:-1].rstrip() + tail)
                    if len(out) >= 20_000:
                        yield b"".join(out)
                        out = []
            if out:
                yield b"".join(out)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while len(self._buf) < len(b):
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buf += chunk
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        del self._buf[:n]
        return n


def entailed_graph_of(path: Path) -> URIRef:
    """The named graph of an entailment file: ``entailed/<code>.nt`` → ``graph/entailed/<code>`` (the
    store's per-ward layout, :mod:`wardkg.scope`), ``_shared.nt`` → ``graph/entailed``."""
    return entailed_graph(None if path.stem == "_shared" else path.stem)


def write_entailments(ent: Graph, directory: Path) -> list[Path]:
    """The real graph's entailments split per ward as the product's store files them, one N-Triples
    file per graph named as the generator names them (so both load the same way)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, g in sorted(store.split_entailments(ent).items()):
        code = scope.graph_ward(str(name))
        path = directory / f"{code or '_shared'}.nt"
        g.serialize(str(path), format="nt", encoding="utf-8")
        paths.append(path)
    return paths


def load_rdflib(files: list[Path], entailed: list[Path]) -> Graph:
    return graphs.load_graph(*files, *entailed)


def params_for(q: StoredQuery, search_term: str) -> dict[str, str]:
    """Required parameters get a value the data has (only ``search`` has one: a frequent character)."""
    return {"q": search_term} if q.name == "search" else {}


def measure(spec: dict[str, Any]) -> Result:
    root = Path(spec["root"])
    reps = int(spec["reps"])
    proj: dict[str, float] = spec.get("projections", {})
    budget: dict[str, float] = spec["budgets"]
    only = set(spec.get("steps") or [])
    out: Result = {
        "label": spec["label"],
        "municipalities": spec["municipalities"],
        "steps": {},
        "queries": {},
    }
    steps: Result = out["steps"]

    def wanted(step: str) -> bool:
        return not only or any(step.startswith(s) for s in only)

    def over(step: str, limit: float) -> str | None:
        p = proj.get(step)
        if p is not None and p > limit:
            return f"projected {p:.0f} s > budget {limit:.0f} s"
        return None

    onto, data = _files(root)
    files = [*onto, *data]
    work = Path(spec["work"])
    work.mkdir(parents=True, exist_ok=True)
    entailed_dir = root / "entailed"
    if entailed_dir.is_dir():
        entailed = sorted(entailed_dir.glob("*.nt"))
    else:
        union = graphs.load_graph(*files)
        schema = graphs.load_graph(*graphs.schema_files(root))
        res, ent = timed(lambda: store.entailments(union, schema), 1, budget["step"])
        steps["materialise"] = res
        entailed = write_entailments(ent, work / "entailed")
        del union
    print(f"  {spec['label']}: loading", file=sys.stderr, flush=True)
    disk = work / "stores" if spec.get("disk") else None
    if disk:
        disk.mkdir(parents=True, exist_ok=True)
    res, st = timed(lambda: load_embedded(root, files, entailed, disk), reps, budget["step"])
    res["store"] = "disk" if disk else "memory"
    steps["load.embedded"] = res
    out["quads"] = len(st)
    count = st.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{store.graph_iri(root / 'data' / 'x.ttl', root).removesuffix('x')}')) }}"
    )
    out["data_triples"] = int(next(iter(count))["n"].value)

    # Order: everything on the embedded store first, then validation, then rdflib's engine — so that
    # no embedded measurement runs beside rdflib's many-GB heap: a forked query child inherits it, and
    # its reference counting and garbage collector touch (and so copy) the inherited pages. At 200
    # municipalities element-provenance (80 k rows) took 19.2 s beside an 8.6 GB rdflib graph and 7.8 s
    # without it; queries with small results were not affected.
    ox_engine = store.OxigraphEngine(st)
    search_term = spec.get("search_term", "区")
    ward = spec.get("ward")
    runs: list[tuple[str, StoredQuery, dict[str, str]]] = []
    for name, q in sorted(load_catalogue().items()):
        runs.append((name, q, params_for(q, search_term)))
        if ward and any(p.name == "ward" for p in q.params):
            # the scalable access path: the same stored query restricted to one municipality
            runs.append((f"{name}@ward", q, {**params_for(q, search_term), "ward": ward}))
    tables: dict[str, Any] = {}
    for name, q, params in runs:
        entry: Result = {}
        limit = budget.get("query_embedded", 120.0)
        # repetitions stop once they pass the query budget; the child is stopped at the (larger) limit.
        # The on-disk store (RocksDB, with its own threads) is not queried from a forked child: there
        # the query runs in this process, unlimited (every stored query is linear, bench/README.md).
        if disk:
            res, table = timed(partial(run_query, ox_engine, q, params), reps, budget["query"])
        else:
            res, table = timed_limited(partial(run_query, ox_engine, q, params), reps, limit, budget["query"])
        entry["embedded"] = res
        entry["rows"] = len(table.rows) if table is not None else None
        tables[name] = table
        out["queries"][name] = entry
        print(f"  {spec['label']}: {name} {entry['rows']} rows (embedded)", file=sys.stderr, flush=True)

    data_graphs = [ox.NamedNode(str(store.graph_iri(p, root))) for p in data]
    steps["export.turtle.embedded"], size_ttl = timed(
        partial(_ox_export, st, data_graphs, ox.RdfFormat.TURTLE), reps, budget["step"]
    )
    steps["export.jsonld.embedded"], _ = timed(
        partial(_ox_export, st, data_graphs, ox.RdfFormat.JSON_LD), reps, budget["step"]
    )
    out["export_turtle_bytes"] = size_ttl
    del st, ox_engine
    if disk:
        shutil.rmtree(disk, ignore_errors=True)

    if wanted("validate"):
        out["validation"] = _validation(spec, root, data, reps, budget, over, steps)

    rdf: Graph | None = None
    why = over("load.rdflib", budget["step"])
    if spec.get("rdflib", True) is False:
        why = "rdflib's engine is compared at this size only with --full or --rdflib-max (its load alone would take minutes)"
    if spec.get("rdflib") == "forced":
        why = None  # --full: rdflib loaded whatever the projection, to measure the ratio at this size
    rdflib_why = why or "rdflib not loaded at this size"
    if why or not wanted("load.rdflib"):
        steps["load.rdflib"] = skipped(why or "not asked")
    else:
        heavy_reps = min(reps, 2) if spec["label"] == "real" else 1  # rdflib at synthetic sizes: one run
        res, rdf = timed(lambda: load_rdflib(files, entailed), heavy_reps, budget["step"])
        steps["load.rdflib"] = res
    rdf_engine = RdflibEngine(rdf) if rdf is not None else None
    for name, q, params in runs:
        entry = out["queries"][name]
        table = tables[name]
        if table is None:
            entry["rdflib"] = skipped("the embedded store was stopped at its limit")
        elif rdf_engine is None:
            entry["rdflib"] = skipped(rdflib_why)
        elif "@" in name and spec["label"] != "real":
            # not part of the median over stored queries (rdflib has no per-ward graphs to restrict to);
            # compared with rdflib on the real graph only, to keep the default run within its time
            entry["rdflib"] = skipped("ward-restricted runs are compared with rdflib on the real graph only")
        else:
            # never skipped by projection: a run stopped at its limit still gives a lower bound
            emb = statistics.median(entry["embedded"]["times"])
            lim = rdflib_limit(emb, budget["query"], budget.get("query_rdflib_cap", 60.0))
            res, table2 = timed_interrupted(partial(run_query, rdf_engine, q, params), reps, lim, lim)
            entry["rdflib"] = res
            if table2 is not None:
                entry["agree"] = Counter(map(row_key, table.rows)) == Counter(map(row_key, table2.rows))
            print(f"  {spec['label']}: {name} (rdflib)", file=sys.stderr, flush=True)
    del rdf, rdf_engine, tables

    for step, fn in (("export.turtle.rdflib", _rdflib_turtle), ("export.jsonld.rdflib", _rdflib_jsonld)):
        why = over(step, budget["step"])
        if spec["label"] != "real" and spec.get("rdflib") is not True and spec.get("rdflib") != "forced":
            why = "rdflib not loaded at this size"
        elif spec["label"] != "real" and not spec.get("full"):
            why = "rdflib's writers are compared on the real graph (and at 23 with --full)"
        if why or not wanted(step):
            steps[step] = skipped(why or "not asked")
        else:
            steps[step], _ = timed(
                partial(fn, data), min(reps, 2) if spec["label"] == "real" else 1, budget["step"]
            )

    out["peak_mb_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["peak_mb_children"] = _children_peak_mb()
    return out


def _ox_export(st: ox.Store, data_graphs: list[ox.NamedNode], fmt: ox.RdfFormat) -> int:
    """Each source graph written by pyoxigraph; the number of bytes (so nothing is optimised away)."""
    return sum(len(st.dump(format=fmt, from_graph=g) or b"") for g in data_graphs)


def _rdflib_turtle(data: list[Path]) -> int:
    from wardkg.rdfio import turtle_bytes

    return sum(len(turtle_bytes(graphs.load_graph(p))) for p in data)


def _rdflib_jsonld(data: list[Path]) -> int:
    from wardkg.export.serialize import jsonld_bytes

    return sum(len(jsonld_bytes(graphs.load_graph(p))) for p in data)


def _validation(
    spec: dict[str, Any],
    root: Path,
    data: list[Path],
    reps: int,
    budget: dict[str, float],
    over: Callable[[str, float], str | None],
    steps: Result,
) -> Result:
    from wardkg import validate as v

    info: Result = {}
    per: Any = None
    merged: Any = None
    # pySHACL-based steps: one run at synthetic sizes (minutes each); the product's default engine and
    # the real graph get the repetitions
    slow_reps = reps if spec["label"] == "real" else 1
    fast: Any = None
    why = over("validate.fast", budget["validate"])
    if why:
        steps["validate.fast"] = skipped(why)
    else:
        # the product's default (wardkg validate / build): wardkg.validation_fast — one graph in one
        # process up to FAST_BUNDLE_BYTES of files, whole municipalities in bundles on two workers beyond
        steps["validate.fast"], fast = timed_fresh(
            partial(v.validate_files, data, root=root, engine="fast"), reps, budget["validate"]
        )
        info["fast_results"] = len(fast.results)
    why = over("validate.per_source", budget["validate"])
    if spec["label"] != "real" and not spec.get("full"):
        why = "per source graph on the real graph only (with --full at every size that fits the budget)"
    if why:
        steps["validate.per_source"] = skipped(why)
    else:
        steps["validate.per_source"], per = timed_fresh(
            partial(v.validate_files, data, root=root, workers=2), slow_reps, budget["validate"]
        )
        info["per_source_results"] = len(per.results)
        info["per_source_violations"] = sum(1 for r in per.results if r.severity == "Violation")
    pm: Any = None
    why = over("validate.per_municipality", budget["validate"])
    if why:
        steps["validate.per_municipality"] = skipped(why)
    else:
        steps["validate.per_municipality"], pm = timed_fresh(
            partial(v.validate_files, data, root=root, workers=2, by="municipality"),
            slow_reps,
            budget["validate"],
        )
        info["per_municipality_results"] = len(pm.results)
    if fast is not None and pm is not None:
        info["fast_identical_to_per_municipality"] = set(fast.results) == set(pm.results)
    why = over("validate.merged", budget["validate"])
    if why or not spec.get("merged_validation", True):
        steps["validate.merged"] = skipped(why or "not asked at this size")
    else:

        def merged_call() -> Any:
            g = graphs.load_graph(*data)
            ctx = graphs.load_graph(*graphs.vocabulary_files(root))
            ctx += v.class_hierarchy(graphs.load_graph(*graphs.schema_files(root)))
            return v.validate(g, shapes=v.load_shapes(root, "all"), context=ctx)

        steps["validate.merged"], merged = timed(merged_call, reps, budget["validate"])
        info["merged_results"] = len(merged.results)
        if fast is not None:
            info["fast_identical"] = set(fast.results) == set(merged.results)
        rudof = _rudof_step(root, data, merged, reps, budget["validate"])
        if rudof is not None:
            steps["validate.rudof_core"], info["rudof"] = rudof
    if pm is not None and merged is not None:
        info["per_municipality_identical"] = set(pm.results) == set(merged.results)
    if per is not None and merged is not None:
        a, b = set(per.results), set(merged.results)
        info["identical"] = a == b
        info["only_per_source"] = [list(r.key()) for r in sorted(a - b)][:10]
        info["only_merged"] = [list(r.key()) for r in sorted(b - a)][:10]
    return info


def _rudof_step(
    root: Path, data: list[Path], merged: Any, reps: int, budget: float
) -> tuple[Result, Result] | None:
    """pyrudof (Rust SHACL) on the same merged graph, compared with pySHACL's results by (focus node,
    component, shape, severity). Measured, not adopted: it does not evaluate SHACL-SPARQL constraints
    (sh:sparql), so it misses NoParentCycle, FiscalYearInPlan, BudgetStatusAmount and AcceptedLinkShortcut
    results (bench/README.md)."""
    try:
        import pyrudof
    except ModuleNotFoundError:
        return None
    from wardkg import validate as v

    def call() -> set[tuple[str, str, str | None, str]]:
        g = graphs.load_graph(*data, *graphs.vocabulary_files(root))
        g += v.class_hierarchy(graphs.load_graph(*graphs.schema_files(root)))
        r = pyrudof.Rudof(pyrudof.RudofConfig())
        r.read_data(g.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
        r.read_shacl(v.load_shapes(root, "all").serialize(format="turtle"), format=pyrudof.ShaclFormat.Turtle)
        return {
            (e.focus_node, e.constraint_component, e.source_shape, e.severity) for e in r.validate_shacl()
        }

    res, keys = timed(call, min(reps, 2), budget)
    want = {(x.focus_node, x.component, x.source_shape, x.severity) for x in merged.results}
    return res, {
        "results": len(keys),
        "identical_keys": keys == want,
        "only_pyshacl": len(want - keys),
        "only_rudof": len(keys - want),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    spec = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    result = measure(spec)
    Path(args[1]).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def median(times: list[float]) -> float:
    return statistics.median(times)


if __name__ == "__main__":
    raise SystemExit(main())
