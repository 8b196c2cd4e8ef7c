"""The embedded query store: pyoxigraph on disk under ``.wardkg-cache/``, rebuilt only when an input changed.

Why pyoxigraph: it answers the stored queries 20–30× faster than rdflib's engine (FINDINGS.md), so a
query on the built graph takes milliseconds. Why a cache keyed on file hashes: loading and materialising
takes seconds, a query should not; any change to an input file (or to the reasoning code, which decides
the entailments) gives a new key and a fresh store, never a stale one.

The dataset has one named graph per input file (``graph/ontology/wardkg``, ``graph/data/13120/…``) and
the OWL entailments the queries rely on (wk:partOf closure, wk:inPlan, wk:municipality, rdf:type up the
class hierarchy — computed by :func:`wardkg.reasoning.materialise`), split by ward: those about ward
13120's resources in ``graph/entailed/13120``, the rest in ``graph/entailed`` (:mod:`wardkg.scope`).
The same graphs are what ``wardkg publish`` uploads, so a remote endpoint holds the same dataset.
Queries see the union of all graphs as their default graph — except a stored query run for one ward,
which sees only that ward's dataset (:func:`wardkg.scope.ward_graphs`), so its time does not grow with
the number of municipalities in the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from wardkg import graphs
from wardkg.errors import InputError
from wardkg.namespaces import GRAPH, bind_prefixes
from wardkg.query import ResultTable, Term, inject_values
from wardkg.scope import ENTAILED_GRAPH as ENTAILED_GRAPH  # re-exported: tests and bench/ name it here
from wardkg.scope import entailed_graph, triple_ward, ward_graphs
from wardkg.sources import PROJECT_ROOT

STORE_FORMAT = "wardkg-store-3"
"""Bumped when the store layout changes, so old caches are rebuilt (3: entailments split per ward)."""
CACHE_DIRNAME = ".wardkg-cache"
CATALOG_PATH = Path("dist") / "catalog.ttl"
"""The DCAT catalogue (written by ``wardkg export``); loaded when present so dcat-datasets can answer."""


def input_files(root: Path = PROJECT_ROOT) -> list[Path]:
    """The files that make up the queried graph: ontology + vocabularies + data (+ dist/catalog.ttl if built)."""
    files = [*graphs.ontology_files(root), *graphs.data_files(root)]
    catalog = root / CATALOG_PATH
    if catalog.is_file():
        files.append(catalog)
    return files


def graph_iri(path: Path, root: Path = PROJECT_ROOT) -> URIRef:
    """The named graph of one input file: ``graph/data/13120/vision2-ap-2022`` (no ``.ttl``)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        rel = Path(path.name)
    name = rel.as_posix()
    for suffix in (".ttl", ".nt"):
        name = name.removesuffix(suffix)
    return GRAPH[name]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _reasoning_fingerprint() -> str:
    """Hash of the reasoning code and of the per-ward split: new entailment rules, or entailments filed
    in other graphs, must rebuild the store."""
    import wardkg.scope as scope

    try:
        import wardkg.reasoning as reasoning
    except ModuleNotFoundError:
        return "no-reasoning"
    out = []
    for module in (reasoning, scope):
        src = Path(module.__file__ or "")
        out.append(_sha256(src) if src.is_file() else "no-source")
    return "+".join(out)


def inputs_key(files: Sequence[Path], root: Path = PROJECT_ROOT) -> str:
    """A key over the store format, the reasoning code and every input's path and sha256."""
    h = hashlib.sha256()
    h.update(STORE_FORMAT.encode())
    h.update(_reasoning_fingerprint().encode())
    for p in sorted(files):
        h.update(str(graph_iri(p, root)).encode() + b"\0" + _sha256(p).encode() + b"\n")
    return h.hexdigest()[:24]


@dataclass(frozen=True)
class Dataset:
    """The named graphs of the queried dataset, as rdflib graphs (for rdflib, publishing and loading)."""

    graphs: dict[URIRef, Graph]

    def union(self) -> Graph:
        g = bind_prefixes(Graph())
        for part in self.graphs.values():
            for t in part:
                g.add(t)
        return g

    def __len__(self) -> int:
        return sum(len(g) for g in self.graphs.values())


def entailments(union: Graph, schema: Graph) -> Graph:
    """The triples materialisation adds to *union* (nothing if the reasoning module is not there yet)."""
    try:
        from wardkg.reasoning import materialise
    except ModuleNotFoundError as exc:
        if exc.name != "wardkg.reasoning":
            raise
        return Graph()
    entailed: Graph = materialise(union, schema)
    out = bind_prefixes(Graph())
    for t in entailed:
        if t not in union:
            out.add(t)
    return out


def split_entailments(entailed: Iterable[tuple[Node, Node, Node]]) -> dict[URIRef, Graph]:
    """*entailed* filed by ward (:func:`wardkg.scope.triple_ward`): ``graph/entailed/<code>`` per ward,
    ``graph/entailed`` for the rest. Each triple goes into exactly one graph.

    ``graph/entailed`` is always there, even empty, so that publishing replaces the graph an older
    layout (all entailments in one graph) left on an endpoint instead of leaving them counted twice.
    """
    parts: dict[URIRef, Graph] = {ENTAILED_GRAPH: bind_prefixes(Graph())}
    for s, p, o in entailed:
        name = entailed_graph(triple_ward(s, o))
        if name not in parts:
            parts[name] = bind_prefixes(Graph())
        parts[name].add((s, p, o))
    return parts


def load_dataset(
    files: Sequence[Path] | None = None, root: Path = PROJECT_ROOT, reason: bool = True
) -> Dataset:
    """Parse every input file into its own named graph and add the materialised entailments."""
    paths = list(files) if files is not None else input_files(root)
    parts: dict[URIRef, Graph] = {}
    seen: set[tuple[Node, Node, Node]] = set()
    for p in paths:
        g = graphs.load_graph(p)
        # A triple stated in two files (a ward's label in wards.ttl and in dist/catalog.ttl) would be
        # counted twice by SUM/COUNT on stores whose union default graph is a bag of quads (Oxigraph,
        # Virtuoso); the RDF merge is a set, so each triple is kept in the first graph only
        # (ontology, then data, then the catalogue: the order of input_files).
        for t in [t for t in g if t in seen]:
            g.remove(t)
        seen.update(g)
        parts[graph_iri(p, root)] = g
    ds = Dataset(parts)
    if reason:
        schema_names = {graph_iri(p, root) for p in paths if p.name == graphs.SCHEMA_FILENAME}
        schema = bind_prefixes(Graph())
        for name in schema_names:
            for t in parts[name]:
                schema.add(t)
        parts.update(split_entailments(entailments(ds.union(), schema)))
    return ds


# --- rdflib ↔ pyoxigraph terms ---------------------------------------------------------------------


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot convert {term!r} to an Oxigraph term")


def from_ox(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language.lower())
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise InputError(f"unexpected Oxigraph term {term!r}")


def solution_rows(solutions: ox.QuerySolutions, width: int) -> list[tuple[Term | None, ...]]:
    """The rows of *solutions* as rdflib terms, each distinct term converted once.

    Why the memo: converting an Oxigraph term to rdflib costs ≈ 4 µs, and a large result repeats most of
    its terms (ward names, plan titles, SDG codes). Measured on 200 synthetic municipalities, the
    conversion took longer than the query itself (cross-ward-by-target: 8.2 s to evaluate, 21 s with the
    rows converted one cell at a time).
    """
    memo: dict[object, Term | None] = {}
    rows = []
    for sol in solutions:
        cells: list[Term | None] = []
        for i in range(width):
            term = sol[i]
            if term is None:
                cells.append(None)
                continue
            conv = memo.get(term)
            if conv is None:
                conv = memo[term] = from_ox(term)
            cells.append(conv)
        rows.append(tuple(cells))
    return rows


def fill_store(store: ox.Store, ds: Dataset) -> None:
    """Load every named graph of *ds* into *store* (N-Triples, one bulk load per graph)."""
    for name in sorted(ds.graphs):
        data = ds.graphs[name].serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))
    store.flush()


def memory_store(ds: Dataset) -> ox.Store:
    """An in-memory pyoxigraph store holding *ds* (tests, fixtures)."""
    store = ox.Store()
    fill_store(store, ds)
    return store


class OxigraphEngine:
    """The embedded engine. Parameters arrive as a VALUES block of RDF terms (:func:`inject_values`).

    Why not pyoxigraph's ``substitutions``: they follow SEP-0007, which only substitutes variables the
    query projects, and our parameters are usually not result columns. The VALUES block is the same
    one a remote endpoint receives, so the embedded store and the servers run identical query text.

    With *ward_scope* (a ward code) the query's default graph is that ward's dataset
    (:func:`wardkg.scope.ward_graphs`) instead of the union of all graphs. The store's graph names are
    read once, on the first scoped query: the engine expects the set of graphs not to change under it
    (true of the read-only on-disk store and of the server's workers).
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._graph_names: list[str] | None = None

    def graph_names(self) -> list[str]:
        """The store's named graphs (read once)."""
        if self._graph_names is None:
            self._graph_names = sorted(
                g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)
            )
        return self._graph_names

    def scope_graphs(self, ward_scope: str) -> list[str]:
        """The named graphs ward *ward_scope*'s queries run on."""
        return ward_graphs(self.graph_names(), ward_scope)

    def select(self, text: str, bindings: Mapping[str, Term], ward_scope: str | None = None) -> ResultTable:
        query = inject_values(text, bindings)
        try:
            if ward_scope is None:
                res = self.store.query(query, use_default_graph_as_union=True)
            else:
                dataset: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                    ox.NamedNode(g) for g in self.scope_graphs(ward_scope)
                ]
                res = self.store.query(query, default_graph=dataset)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise InputError(f"SPARQL evaluation failed: {exc}") from exc
        if not isinstance(res, ox.QuerySolutions):
            raise InputError("only SELECT queries are supported")
        variables = [v.value for v in res.variables]
        return ResultTable(variables, solution_rows(res, len(variables)))


# --- the on-disk cache -----------------------------------------------------------------------------


def cache_dir(root: Path = PROJECT_ROOT) -> Path:
    return Path(os.environ.get("WARDKG_CACHE", root / CACHE_DIRNAME))


@dataclass(frozen=True)
class StoreInfo:
    """Where the store is and whether this call had to build it."""

    path: Path
    key: str
    rebuilt: bool
    triples: int


def ensure_store(root: Path = PROJECT_ROOT, cache: Path | None = None) -> StoreInfo:
    """The on-disk store for the current inputs, built (atomically, via rename) only if missing.

    A build writes into a temporary directory beside the final one and renames it into place, so a
    crash never leaves a half-loaded store that a later run would trust. Stores of older keys are removed.
    """
    files = input_files(root)
    if not files:
        raise InputError(f"{root}: no ontology/*.ttl or data/<ward>/*.ttl to load; run `wardkg build` first")
    key = inputs_key(files, root)
    base = cache if cache is not None else cache_dir(root)
    final = base / f"store-{key}"
    manifest = final / "wardkg-manifest.json"
    if manifest.is_file():
        info = json.loads(manifest.read_text(encoding="utf-8"))
        return StoreInfo(final, key, False, int(info.get("triples", 0)))
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".store-{key}.", dir=base))
    try:
        ds = load_dataset(files, root)
        store = ox.Store(str(tmp / "db"))
        fill_store(store, ds)
        del store
        doc = {
            "format": STORE_FORMAT,
            "key": key,
            "triples": len(ds),
            "graphs": {str(k): len(v) for k, v in sorted(ds.graphs.items())},
            "inputs": [p.resolve().relative_to(root.resolve()).as_posix() for p in files],
        }
        (tmp / "wardkg-manifest.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        try:
            os.rename(tmp, final)
        except OSError:
            if not manifest.is_file():  # nobody else built it meanwhile
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in base.glob("store-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return StoreInfo(final, key, True, len(ds))


def open_store(root: Path = PROJECT_ROOT, cache: Path | None = None) -> ox.Store:
    """The project's store, read-only (several ``wardkg query`` runs may share it), built first if needed."""
    info = ensure_store(root, cache)
    return ox.Store.read_only(str(info.path / "db"))


def embedded_engine(root: Path = PROJECT_ROOT, cache: Path | None = None) -> OxigraphEngine:
    return OxigraphEngine(open_store(root, cache))
