"""The fast validation engine (wardkg.validation_fast, ``wardkg validate``'s default) gives exactly the
results of one pySHACL call: same focus node, path, value, constraint component, source shape, severity
and both messages — on every shape case under tests/shapes/ (valid and invalid), on the SDG-scheme
cases built in code, and on the real graph (data/<ward>/*.ttl merged, as one pySHACL call sees it).

Cases are checked twice: from the rdflib graph the shape tests build (same terms as pySHACL sees) and
from the files parsed by pyoxigraph (the path ``wardkg validate`` takes), so both the engine and the
term conversion are compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from test_shapes import CASE_DIRS, HERE, ROOT, sdg_scheme
from wardkg import validation_fast as fast
from wardkg.graphs import data_files, load_graph, schema_files, vocabulary_files
from wardkg.namespaces import SH, SHAPES, WK
from wardkg.validate import (
    ValidationResult,
    _fast_results,
    class_hierarchy,
    validate,
    validate_fast,
    validate_files,
    validate_files_fast,
)

CONTEXT_FILES = (HERE / "_context.ttl", HERE / "_hierarchy.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_graph(ROOT / "shapes" / "core.ttl", ROOT / "shapes" / "recommended.ttl")


@pytest.fixture(scope="module")
def context() -> Graph:
    return load_graph(*CONTEXT_FILES)


def diff(want: list[ValidationResult], got: list[ValidationResult]) -> str:
    return "\n".join(
        [f"only pySHACL: {r}" for r in sorted(set(want) - set(got))]
        + [f"only fast:    {r}" for r in sorted(set(got) - set(want))]
    )


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_case_same_results(shapes: Graph, context: Graph, case_dir: Path, kind: str) -> None:
    case = case_dir / f"{kind}.ttl"
    want = validate(load_graph(case), shapes=shapes, context=context).results
    if kind == "invalid":
        assert want, "an invalid case must produce results, or the comparison proves nothing"
    from_graph = validate_fast(load_graph(case), shapes=shapes, context=context).results
    assert from_graph == want, diff(want, from_graph)
    from_files = _fast_results(fast.parse_files([case, *CONTEXT_FILES]), shapes)
    assert from_files == want, diff(want, from_files)


@pytest.mark.parametrize("drop", [None, "13.2"])
def test_sdg_scheme_same_results(shapes: Graph, drop: str | None) -> None:
    g = sdg_scheme(drop_target=drop)
    want = validate(g, shapes=shapes).results
    got = validate_fast(g, shapes=shapes).results
    assert got == want, diff(want, got)
    assert bool(want) == (drop is not None)


@pytest.mark.slow
@pytest.mark.skipif(not data_files() or not vocabulary_files(), reason="no built data")
def test_real_graph_same_results_as_one_merged_pyshacl_call() -> None:
    """The whole real graph: ``wardkg validate``'s default against one pySHACL call on the merged graph."""
    files = data_files()
    merged = load_graph(*files)
    context = load_graph(*vocabulary_files())
    context += class_hierarchy(load_graph(*schema_files()))
    want = validate(merged, context=context).results
    got = validate_files(files, engine="fast")
    assert got.results == want, diff(want, got.results)
    assert len(want) > 100  # the real graph has warnings: the comparison is not of two empty lists
    assert got.files == [str(p) for p in files]
    assert got.triples == len(merged)


@pytest.mark.skipif(not data_files() or not vocabulary_files(), reason="no built data")
@pytest.mark.parametrize("workers", [1, 2])
def test_fast_engine_in_municipality_bundles_gives_the_one_graphs_results(workers: int) -> None:
    """Beyond FAST_BUNDLE_BYTES the fast engine validates whole municipalities in bundles (here forced:
    one bundle per ward); the results, vocabulary results included once, are the one graph's."""
    files = data_files()
    one = validate_files(files, engine="fast")
    bundled = validate_files_fast(files, workers=workers, bundle_bytes=1)
    assert bundled.results == one.results, diff(one.results, bundled.results)
    assert len(one.results) > 100
    # triples are counted per bundle: what several municipalities state alike (the SDG linker's agent)
    # counts once in each
    wards: dict[Path, list[Path]] = {}
    for p in files:
        wards.setdefault(p.parent, []).append(p)
    assert bundled.triples == sum(len(load_graph(*fs)) for fs in wards.values()) >= one.triples
    assert sorted(bundled.files) == sorted(one.files)


def test_unsupported_feature_refused(shapes: Graph) -> None:
    """A SHACL feature the engine does not implement is refused, never silently skipped."""
    g = Graph()
    g += shapes
    g.add((SHAPES.Plan, SH.closed, Literal(True)))
    with pytest.raises(fast.Unsupported):
        fast.Engine(g, fast.Data())


def test_sparql_shapes_see_only_their_predicates(shapes: Graph) -> None:
    """The SPARQL shapes get the triples of the predicates their queries name, plus typing; a query with a
    variable predicate gets everything (None)."""
    sparql = fast.sparql_shapes(shapes)
    assert SHAPES.NoParentCycle in sparql and SHAPES.Plan not in sparql
    preds = fast.sparql_predicates(shapes, sparql)
    assert preds is not None
    assert {RDF.type, WK.hasParent, WK.fiscalYear, WK.budgetStatus, WK.contributesTo} <= preds
    assert WK.evidence not in preds  # the bulk of the annotations is not copied for the SPARQL shapes
    odd = Graph()
    odd += shapes
    odd.add((SHAPES["NoParentCycle-target"], SH.ask, Literal("ASK { ?s ?p ?o }")))
    assert fast.sparql_predicates(odd, sparql) is None  # a query form it does not read: the whole graph
    assert fast._query_predicates("SELECT ?s WHERE { ?s ?p ?o }", {}) is None
    assert fast._query_predicates("SELECT ?s WHERE { ?s !<urn:a> ?o }", {}) is None
    query = "SELECT ?s WHERE { ?s <urn:a>/<urn:b>* ?o . ?o ^<urn:c>|<urn:d> ?x FILTER NOT EXISTS { ?x <urn:e>+ ?s } }"
    assert fast._query_predicates(query, {}) == {URIRef(f"urn:{x}") for x in "abcde"}


@pytest.mark.skipif(not vocabulary_files(), reason="ontology vocabularies not built yet")
@pytest.mark.parametrize("case", ["valid.ttl", "invalid.ttl"])
def test_cli_engines_print_the_same_report(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``wardkg validate`` (fast by default) and ``--engine pyshacl`` print the same report and exit code."""
    from wardkg import cli

    path = str(Path(__file__).parent / "cli" / case)
    codes, outputs = [], []
    for extra in ([], ["--engine", "pyshacl"]):
        codes.append(cli.main(["validate", path, "--lang", "en", "--limit", "1000", *extra]))
        outputs.append(capsys.readouterr().out)
    assert codes[0] == codes[1] == (1 if case == "invalid.ttl" else 0)
    assert outputs[0] == outputs[1]
    assert "[violation]" in outputs[0] or "[warning]" in outputs[0]
