"""SHACL validation of the wardkg graph (pySHACL) with structured, bilingual results.

What is validated: the data (``data/<ward>/*.ttl`` or the files given) together with the reference
vocabularies (``ontology/*.ttl`` other than the OWL ontology: SDG goals and targets, wards, fiscal years,
policy domains) against ``shapes/core.ttl`` (sh:Violation) and ``shapes/recommended.ttl`` (sh:Warning).

Class membership — why no RDFS inference. The data files state only the concrete class of a node
(``wk:Initiative``), while the shapes target and check superclasses (``wk:PlanElement``, ``wk:Plan``). SHACL
already follows ``rdfs:subClassOf*`` *in the data graph* for sh:targetClass and sh:class (SHACL §2.1.3.1),
so it is enough to add the ontology's subclass axioms to the data graph — not the whole OWL ontology and
not RDFS entailment. pySHACL's ``inference="rdfs"`` materialises every RDFS consequence (domains, ranges,
subproperties) of the data before validating, and OWL content in the data graph slows pySHACL by orders
of magnitude (FINDINGS.md). Measured on this machine (2 cores, shared; the five data files of
2026-11-23, 21 k triples, each validated with the 5.7 k-triple vocabularies, one process, all shapes):

=====================================================  ========  ==================================
data graph + …                                          time      results
=====================================================  ========  ==================================
subclass axioms only (48 triples) — chosen              12.1 s    1,246 warnings, 0 violations
the whole ontology/wardkg.ttl (1.7 k triples)           15.1 s    same
the ontology as ont_graph with ``inference="rdfs"``     94.6 s    + 169 spurious violations
=====================================================  ========  ==================================

(RDFS range entailment types nodes of *other* sources — the older element of a Nerima 3rd-plan
wk:VersionLink, range wk:PlanElement, becomes a wk:PlanElement with no label, plan or provenance in that
source's graph — so it is not only slower but wrong for per-source validation.)
Before the SPARQL constraints were SPARQL-targeted (shapes/core.ttl, wksh:NoParentCycle) the first row
took 25.5 s: pySHACL re-parses a SPARQL constraint for every focus node. :func:`class_hierarchy`
extracts them from ``ontology/wardkg.ttl``.

Parallelism. A source's graph (``<id>.ttl`` with its SDG links ``<id>.sdg.ttl``) refers only to itself and
to the vocabularies, so sources are validated independently, each with the vocabularies added, in a
``ProcessPoolExecutor`` with two workers (CI has two cores) when there is more than one source. Results
about vocabulary nodes, which every source sees, are de-duplicated. References that cross sources
(``wk:succeeds``, ``wk:repostOf``, version links) are checked only as IRIs for that reason.
With the SDG links built (10 files, 71 k triples) the five sources cost 5.8, 4.6, 3.3, 1.0 and 0.9 s of CPU
(15.6 s serial); two workers, largest source first, bound the wall time by about 8 s plus ~1.5 s to start the
workers. On the shared machine at load 5 (no idle core) serial and parallel both took 32–47 s: the gain needs
the second core to be free, as it is on CI.

Engines. ``wardkg validate`` and ``wardkg build`` use the fast engine (:mod:`wardkg.validation_fast`,
``validate_files(..., engine="fast")``): the whole graph at once (beyond ``FAST_BUNDLE_BYTES`` of files, whole
municipalities in bundles on two workers, so that memory stays bounded), SHACL Core evaluated on an index built by
pyoxigraph's parser, the few SHACL-SPARQL shapes by pySHACL on the triples their queries read. It gives
the results of one pySHACL call on the merged graph, field for field (tests/test_validate_engines.py), and
on the real graph (70 k triples) took 2.74–2.91 s (median 2.80) against 26.3–27.6 s (median 26.9, 9.6×) for
that call, each in a fresh process, alternately, in one run at load 6–7; peak memory (VmHWM) 113 MB against
195 MB, no worker processes (municipality bundles: 33.7 s, 93 MB + 131 MB per worker). Profiling pySHACL showed why: 72 % of its time is
two shapes (wksh:SDGAnnotation 7.3 s, wksh:PlanElement 4.5 s) whose property shapes it re-validates once
per focus node, re-scanning a list of ~40 constraint parameters on each call (31 M term comparisons), and
whose ``sh:node``/``sh:or`` checks it repeats for each of the 45 k annotations although their values are
186 SDG concepts; the SPARQL-based shapes cost 0.3 s in all. ``engine="pyshacl"`` (``--engine pyshacl``)
keeps plain pySHACL, per source or per municipality as below.
"""

from __future__ import annotations

import concurrent.futures
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral
from urllib.parse import unquote

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from wardkg import validation_fast as fast
from wardkg.graphs import (
    Tier,
    group_by_source,
    load_graph,
    parse_into,
    schema_files,
    shape_files,
    vocabulary_files,
)
from wardkg.namespaces import PREFIXES, SH, bind_prefixes
from wardkg.sources import PROJECT_ROOT

Lang = TypingLiteral["ja", "en"]
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
MAX_WORKERS = 2
# Above this many bytes of data files the fast engine validates whole municipalities in bundles of about this
# size on MAX_WORKERS processes instead of one graph: its index costs ≈ 7.3 bytes of memory per byte of
# Turtle (6.3 GB for the 863 MB of 200 synthetic municipalities), so one graph of Japan's 1,741
# municipalities (7.5 GB of files) would not fit in 24 GB, while 128 MB bundles took 613 MB (200) and
# 645 MB (1,741) per worker (bench/README.md).
FAST_BUNDLE_BYTES = 128 * 2**20


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL validation result, with terms as strings so that it crosses process boundaries.

    ``focus_node``, ``component`` and ``source_shape`` are full IRIs (blank nodes as ``_:id``);
    ``path`` is a SPARQL property path written with wardkg's prefixes (``wk:inPlan/wk:issuedBy``) or None.
    """

    severity: str
    source_shape: str
    focus_node: str
    path: str | None
    component: str
    value: str | None
    message_ja: str
    message_en: str

    def message(self, lang: Lang) -> str:
        return self.message_ja if lang == "ja" else self.message_en

    def key(self) -> tuple[str, str | None, str, str]:
        """(focus node, path, constraint component, source shape) — what a shape test asserts."""
        return (self.focus_node, self.path, self.component, self.source_shape)


@dataclass
class ValidationReport:
    """All results of one validation run; conforms when no result is a violation."""

    results: list[ValidationResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    triples: int = 0

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def by_shape(self) -> dict[str, list[ValidationResult]]:
        """Results grouped by source shape, violations first, then by shape IRI."""
        groups: dict[str, list[ValidationResult]] = {}
        for r in sorted(self.results, key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.source_shape, r)):
            groups.setdefault(r.source_shape, []).append(r)
        return groups


# --- loading ---------------------------------------------------------------------------------------


def class_hierarchy(schema: Graph) -> Graph:
    """The ``rdfs:subClassOf`` triples between named classes of *schema* — all the SHACL class checks need."""
    out = bind_prefixes(Graph())
    for s, o in schema.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            out.add((s, RDFS.subClassOf, o))
    return out


def context_graph(root: Path = PROJECT_ROOT) -> Graph:
    """The vocabularies plus the ontology's class hierarchy: added to every data graph before validation."""
    g = load_graph(*vocabulary_files(root))
    schema = load_graph(*schema_files(root))
    g += class_hierarchy(schema)
    return g


def load_shapes(root: Path = PROJECT_ROOT, tier: Tier = "all") -> Graph:
    """The shapes graph of *tier* from ``shapes/``."""
    return load_graph(*shape_files(root, tier))


# --- validation ------------------------------------------------------------------------------------


def _local(term: Node) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _term(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def render_path(g: Graph, path: Node | None) -> str | None:
    """A SHACL property path as SPARQL path syntax with wardkg prefixes (``wk:inPlan/wk:issuedBy``)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return g.namespace_manager.normalizeUri(path)
    if isinstance(path, BNode):
        if (path, RDF.first, None) in g:
            return "/".join(render_path(g, p) or "?" for p in Collection(g, path))
        for kind, fmt in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = g.value(path, kind)
            if inner is not None:
                return fmt.format(render_path(g, inner))
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "|".join(render_path(g, p) or "?" for p in Collection(g, alternatives))
    return str(path)


def _guess_lang(text: str) -> str:
    """ "ja" if *text* contains kana or kanji, else "en"."""
    return "ja" if any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text) else "en"


def _messages(results: Graph, shapes: Graph, result: Node, shape: Node | None) -> tuple[str, str]:
    """The ja and en messages: pySHACL's result messages (with {?var} filled in), else the shape's."""
    return pick_messages(
        results.objects(result, SH.resultMessage),
        shapes.objects(shape, SH.message) if shape is not None else (),
    )


def pick_messages(result_messages: Iterable[Node], shape_messages: Iterable[Node]) -> tuple[str, str]:
    """The ja and en message of a result from its sh:resultMessage values, else its shape's sh:message."""
    found: dict[str | None, str] = {}
    for m in sorted(result_messages, key=str):
        if isinstance(m, Literal):
            # pySHACL drops the language tag when it fills in {?var}; tell the languages apart by script.
            found.setdefault(m.language or _guess_lang(str(m)), str(m))
    for m in shape_messages:
        if isinstance(m, Literal):
            found.setdefault(m.language, str(m))
    plain = found.get(None, "")
    return found.get("ja", plain), found.get("en", plain)


def _results_from(report: Graph, shapes: Graph) -> list[ValidationResult]:
    ns = bind_prefixes(Graph()).namespace_manager
    report.namespace_manager = ns
    out: list[ValidationResult] = []
    # Only the report's own results: those of nested shapes (sh:node, sh:or) hang below them as sh:detail.
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        path_node = report.value(result, SH.resultPath)
        path = render_path(report, path_node) if path_node is not None else None
        if path is not None and path.startswith("_:") and shape is not None:
            path = render_path(shapes, shapes.value(shape, SH.path))
        value = report.value(result, SH.value)
        ja, en = _messages(report, shapes, result, shape)
        out.append(
            ValidationResult(
                severity=_local(severity) if severity is not None else "Violation",
                source_shape=_term(shape) or "",
                focus_node=_term(report.value(result, SH.focusNode)) or "",
                path=path,
                component=_term(report.value(result, SH.sourceConstraintComponent)) or "",
                value=None
                if value is None
                else (value.n3(ns) if isinstance(value, Literal) else _term(value)),
                message_ja=ja,
                message_en=en,
            )
        )
    return sorted(set(out))


def validate(
    data: Graph,
    shapes: Graph | None = None,
    context: Graph | None = None,
    tier: Tier = "all",
    root: Path = PROJECT_ROOT,
) -> ValidationReport:
    """Validate *data* (plus *context*: vocabularies and class hierarchy) against *shapes*.

    *shapes* defaults to the project's shapes of *tier*. *context* is added to a copy of the data graph, so
    the caller's graph is never modified. (pySHACL's own ``ont_graph`` is not used: it "inoculates" only
    ontology axioms, not instance vocabularies such as SDG targets, wards and fiscal years.)
    No inference (see the module docstring for why).
    """
    shapes_graph = shapes if shapes is not None else load_shapes(root, tier)
    target = Graph()
    target += data
    if context is not None:
        target += context
    _conforms, report_graph, _text = shacl_validate(
        target,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,  # SHACL-AF sh:SPARQLTarget (see shapes/core.ttl, wksh:NoParentCycle)
        inplace=True,  # *target* is our own copy
        allow_warnings=True,
    )
    assert isinstance(report_graph, Graph)
    return ValidationReport(results=_results_from(report_graph, shapes_graph), triples=len(data))


def _sparql_results(data: fast.Data, shapes: Graph, sparql: set[Node]) -> list[ValidationResult]:
    """The results of the SHACL-SPARQL shapes *sparql*: pySHACL itself, on the triples their queries read.

    (Running this half in a forked process while SHACL Core runs was tried: 0.5 s slower at load 5, as the
    child's reference counting copies the parsed data's pages; so one process.)"""
    preds = fast.sparql_predicates(shapes, sparql)
    sub = Graph()
    if preds is None:
        sub.addN((s, p, o, sub) for s, p, o in data.triples())
    else:
        sub.addN((s, p, o, sub) for p in preds for s, o in data.by_pred.get(p, ()))
    _conforms, report_graph, _text = shacl_validate(
        sub,
        shacl_graph=fast.closure(shapes, sparql),
        inference="none",
        advanced=True,
        inplace=True,  # *sub* is ours
        allow_warnings=True,
    )
    assert isinstance(report_graph, Graph)
    return _results_from(report_graph, shapes)


def _fast_results(data: fast.Data, shapes: Graph) -> list[ValidationResult]:
    """Every result of *shapes* on *data*: SHACL Core by :mod:`wardkg.validation_fast`, the SHACL-SPARQL
    shapes by pySHACL on the triples their queries can read. Raises :class:`fast.Unsupported`."""
    sparql = fast.sparql_shapes(shapes)
    engine = fast.Engine(shapes, data, skip=sparql)
    ns = bind_prefixes(Graph()).namespace_manager
    paths = bind_prefixes(Graph())
    paths += shapes
    paths.namespace_manager = ns
    rendered: dict[tuple[Node, Node | None], str | None] = {}
    out: set[ValidationResult] = set()
    for r in engine.run():
        sh = r.shape
        key = (sh.node, sh.path)
        if key not in rendered:
            path = render_path(paths, sh.path) if sh.path is not None else None
            rendered[key] = path
        ja, en = pick_messages(sh.messages, sh.messages)
        out.add(
            ValidationResult(
                severity=_local(sh.severity),
                source_shape=_term(sh.node) or "",
                focus_node=_term(r.focus) or "",
                path=rendered[key],
                component=str(r.component),
                value=None
                if r.value is None
                else (r.value.n3(ns) if isinstance(r.value, Literal) else _term(r.value)),
                message_ja=ja,
                message_en=en,
            )
        )
    if sparql:
        out.update(_sparql_results(data, shapes, sparql))
    return sorted(out)


def validate_fast(
    data: Graph,
    shapes: Graph | None = None,
    context: Graph | None = None,
    tier: Tier = "all",
    root: Path = PROJECT_ROOT,
) -> ValidationReport:
    """:func:`validate` with the fast engine (same arguments, same results; see :mod:`wardkg.validation_fast`)."""
    shapes_graph = shapes if shapes is not None else load_shapes(root, tier)
    index = fast.data_from_graph(data, *([context] if context is not None else []))
    return ValidationReport(results=_fast_results(index, shapes_graph), triples=len(data))


def _validate_paths(
    paths: Sequence[str],
    shape_paths: Sequence[str],
    context_paths: Sequence[str],
    schema_paths: Sequence[str],
) -> ValidationReport:
    """Worker: parse one source's files, validate with the vocabularies. Module-level so it pickles."""
    data = load_graph(*paths)
    shapes = load_graph(*shape_paths)
    context = load_graph(*context_paths)
    context += class_hierarchy(load_graph(*schema_paths))
    report = validate(data, shapes=shapes, context=context)
    report.files = list(paths)
    return report


def check_syntax(paths: Iterable[Path]) -> None:
    """Parse every file once so that bad input is reported (exit 2) before any validation work starts."""
    for p in paths:
        parse_into(Graph(), p)


def with_sources(files: Sequence[Path]) -> list[Path]:
    """*files* plus the source graph ``<id>.ttl`` of every ``<id>.sdg.ttl`` in it that lacks one."""
    out = list(files)
    have = {Path(p).resolve() for p in out}
    for p in files:
        if p.name.endswith(".sdg.ttl"):
            source = p.with_name(p.name.removesuffix(".sdg.ttl") + ".ttl")
            if source.is_file() and source.resolve() not in have:
                out.append(source)
                have.add(source.resolve())
    return out


Grouping = TypingLiteral["source", "municipality"]


def municipality_bundles(files: Sequence[Path], bundles: int) -> list[list[str]]:
    """Whole municipalities (files grouped by their ``data/<code>/`` folder), largest first, each added to
    the lightest of *bundles* bundles (longest-processing-time packing by file size)."""
    wards: dict[str, list[Path]] = {}
    for p in files:
        wards.setdefault(p.parent.name, []).append(p)
    size = {k: sum(p.stat().st_size for p in v) for k, v in wards.items()}
    packs: list[list[str]] = [[] for _ in range(min(bundles, len(wards)) or 1)]
    loads = [0] * len(packs)
    for ward in sorted(wards, key=lambda k: (-size[k], k)):
        i = loads.index(min(loads))
        packs[i].extend(str(p) for p in sorted(wards[ward]))
        loads[i] += size[ward]
    return [sorted(pack) for pack in packs if pack] or [[]]


def _parse_fast(paths: Sequence[Path]) -> fast.Data:
    """pyoxigraph parse of *paths*; on a syntax error, rdflib's parse names the file and line (InputError)."""
    try:
        return fast.parse_files(paths)
    except SyntaxError:
        check_syntax(paths)
        raise


def validate_files_fast(
    files: Sequence[Path],
    root: Path = PROJECT_ROOT,
    tier: Tier = "all",
    workers: int = MAX_WORKERS,
    bundle_bytes: int = FAST_BUNDLE_BYTES,
) -> ValidationReport:
    """All *files* with the vocabularies and the class hierarchy, by the fast engine.

    Up to *bundle_bytes* of files: one graph, like one pySHACL call on the merged graph, so the results are
    those of that call (no per-source artefacts); one process, because on the real graph the whole
    validation takes less than starting workers. Beyond it: whole municipalities packed into bundles of
    about *bundle_bytes* (:func:`municipality_bundles`), validated on *workers* processes, so memory stays
    bounded however many municipalities there are. No reference crosses a municipality, so the union of
    the bundles' results is the one graph's (tests/test_validate_engines.py proves it on the real graph
    and a synthetic one). The report's triple count is then the sum over bundles: a triple that several
    municipalities state alike (the SDG linker's agent) counts once per bundle.
    """
    files = with_sources(files)
    missing = [p for p in [*files, *schema_files(root)] if not Path(p).is_file()]
    if missing:
        check_syntax(missing)
    total = sum(Path(p).stat().st_size for p in files)
    bundles = municipality_bundles(files, -(-total // bundle_bytes)) if total > bundle_bytes else []
    if len(bundles) < 2:
        return _validate_fast_one_graph([str(p) for p in files], root, tier)
    return _merged(_run_groups(_validate_fast_one_graph, bundles, workers, root, tier), files)


def _validate_fast_one_graph(paths: Sequence[str], root: Path, tier: Tier) -> ValidationReport:
    """*paths* as one graph with the vocabularies and the class hierarchy (a worker too: module-level)."""
    files = [Path(p) for p in paths]
    data = _parse_fast(files)
    triples = len(data)  # the data's own triples, as the report header has always counted them
    data.add_all(_parse_fast(vocabulary_files(root)).triples())
    data.add_all(class_hierarchy(load_graph(*schema_files(root))))  # type: ignore[arg-type]
    shapes = load_shapes(root, tier)
    try:
        results = _fast_results(data, shapes)
    except fast.Unsupported:
        return validate_files(files, root=root, tier=tier, engine="pyshacl", by="municipality")
    return ValidationReport(results=results, files=list(paths), triples=triples)


def _run_groups(
    fn: Callable[..., ValidationReport], groups: Sequence[Sequence[str]], workers: int, *args: object
) -> list[ValidationReport]:
    """``fn(group, *args)`` for every group: on up to *workers* processes when there are several groups."""
    if len(groups) > 1 and workers > 1:
        with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(groups))) as pool:
            futures = [pool.submit(fn, g, *args) for g in groups]
            return [f.result() for f in futures]
    return [fn(g, *args) for g in groups]


def _merged(reports: Sequence[ValidationReport], files: Sequence[Path]) -> ValidationReport:
    """One report for *files* from the groups' reports: results de-duplicated (every group sees the
    vocabularies), triples summed over groups."""
    merged = ValidationReport(files=[str(p) for p in files])
    merged.results = sorted({r for rep in reports for r in rep.results})
    merged.triples = sum(rep.triples for rep in reports)
    return merged


EngineName = TypingLiteral["fast", "pyshacl"]


def validate_files(
    files: Sequence[Path],
    root: Path = PROJECT_ROOT,
    tier: Tier = "all",
    workers: int = MAX_WORKERS,
    by: Grouping = "source",
    engine: EngineName = "pyshacl",
) -> ValidationReport:
    """Validate data files, one source at a time (in parallel when there are several), with the vocabularies.

    ``by="municipality"`` validates whole municipalities (``data/<code>/``) instead, packed into at most
    *workers* bundles of about equal size, one pySHACL call per bundle. Why: a source can describe its
    units only in a sibling source of the same ward (Nerima's 3rd plan uses units the 2nd plan dates), so
    per-source results can add warnings that the merged graph does not have; no reference crosses a
    municipality, so bundles of whole municipalities give exactly the merged graph's results, and fewer
    pySHACL calls pay the shapes' set-up cost fewer times (bench/README.md has the measurements).

    *engine* ``"fast"`` validates with :mod:`wardkg.validation_fast` (the results of one pySHACL call on the
    merged graph): all files as one graph, or beyond :data:`FAST_BUNDLE_BYTES` whole municipalities in
    bundles on *workers* processes (*by* does not apply); ``"pyshacl"`` runs pySHACL as described above.

    With no files, the vocabularies themselves are validated (``wardkg validate`` on a fresh clone).
    A ``<id>.sdg.ttl`` given without its ``<id>.ttl`` brings that file along when it exists: the links'
    targets are typed there, and without them every link would fail its class check.
    Raises :class:`wardkg.errors.InputError` naming file and line when a file does not parse.
    """
    if engine == "fast":
        return validate_files_fast(files, root=root, tier=tier, workers=workers)
    files = with_sources(files)
    shape_paths = [str(p) for p in shape_files(root, tier)]
    context_paths = [str(p) for p in vocabulary_files(root)]
    schema_paths = [str(p) for p in schema_files(root)]
    check_syntax([*map(Path, schema_paths), *map(Path, context_paths), *map(Path, shape_paths), *files])
    # Largest sources first, so that two workers finish at about the same time.
    by_size = sorted(group_by_source(list(files)), key=lambda g: -sum(p.stat().st_size for p in g))
    groups = [[str(p) for p in g] for g in by_size] or [[]]
    if by == "municipality":
        groups = municipality_bundles(files, max(1, workers))
    reports = _run_groups(_validate_paths, groups, workers, shape_paths, context_paths, schema_paths)
    return _merged(reports, files)


# --- report ----------------------------------------------------------------------------------------

_TEXT: dict[str, dict[Lang, str]] = {
    "header": {
        "ja": "検証結果：データファイル {files} 件、{triples} トリプル",
        "en": "Validation report: {files} data files, {triples} triples",
    },
    "conforms": {"ja": "適合：違反はありません", "en": "Conforms: no violations"},
    "fails": {"ja": "不適合：違反があります", "en": "Does not conform: violations found"},
    "Violation": {"ja": "違反", "en": "violation"},
    "Warning": {"ja": "警告", "en": "warning"},
    "Info": {"ja": "情報", "en": "info"},
    "count": {"ja": "件", "en": ""},
    "more": {"ja": "ほか {n} 件", "en": "and {n} more"},
}


def _shape_name(shapes: Graph | None, shape: str, lang: Lang) -> str:
    if shapes is not None:
        for name in shapes.objects(URIRef(shape), SH.name):
            if isinstance(name, Literal) and name.language == lang:
                return str(name)
    return shape


def compact(term: str | None) -> str:
    """A readable name for an IRI: the longest wardkg prefix, then the rest percent-decoded.

    ``https://w3id.org/wardkg/id/13119/org/%E6%94%BF...`` → ``wkid:13119/org/政策経営部``: for people reading
    the report (users read Japanese first), not valid Turtle.
    """
    if term is None:
        return "-"
    if term.startswith("_:"):
        return term
    best = max(
        ((prefix, str(ns)) for prefix, ns in PREFIXES.items() if term.startswith(str(ns))),
        key=lambda pn: len(pn[1]),
        default=None,
    )
    if best is None:
        return f"<{unquote(term)}>"
    return f"{best[0]}:{unquote(term[len(best[1]) :])}"


def format_report(
    report: ValidationReport, lang: Lang = "ja", shapes: Graph | None = None, limit: int = 20
) -> str:
    """A readable report grouped by shape: severity, shape name and IRI, count, then up to *limit* results.

    *shapes* (the shapes graph) supplies the shapes' sh:name in *lang*; without it the IRI is shown.
    """
    t = {k: v[lang] for k, v in _TEXT.items()}
    counts = Counter(r.severity for r in report.results)
    lines = [t["header"].format(files=len(report.files), triples=report.triples)]
    lines.append(t["conforms"] if report.conforms else t["fails"])
    lines.append(
        ", ".join(f"{t[sev]} {counts.get(sev, 0)}{t['count']}".strip() for sev in ("Violation", "Warning"))
    )
    for shape, results in report.by_shape().items():
        sev = results[0].severity
        short = compact(shape)
        lines.append("")
        lines.append(f"[{t[sev]}] {_shape_name(shapes, shape, lang)} ({short}) — {len(results)}{t['count']}")
        for r in results[:limit]:
            where = compact(r.focus_node)
            if r.path:
                where += f" {r.path}"
            value = ""
            if r.value is not None and r.value != r.focus_node:  # SPARQL results without ?value repeat $this
                value = " = " + (r.value if r.value.startswith('"') else compact(r.value))
            component = _local(URIRef(r.component)).removesuffix("ConstraintComponent")
            lines.append(f"  {where}{value} [{component}]: {r.message(lang)}")
        if len(results) > limit:
            lines.append("  " + t["more"].format(n=len(results) - limit))
    return "\n".join(lines) + "\n"
