"""Each shape both ways, the W3C way (STYLE.md §5): the set of (focus node, path, constraint component,
source shape) that fired must equal what the case file says in its ``# expect:`` lines — nothing more.

A case is ``tests/shapes/<Shape>/{valid,invalid}.ttl``, validated together with ``tests/shapes/_context.ttl``
(a small valid plan world) and ``_hierarchy.ttl`` (the subclass axioms of docs/MODEL.md) against the real
``shapes/core.ttl`` and ``shapes/recommended.ttl``. The SDG-scheme completeness shape needs 186 concepts,
so its cases are built in code.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from wardkg.graphs import load_graph, schema_files
from wardkg.namespaces import PREFIXES, SDG, SDG_SCHEME, SDGO, SH, SHAPES
from wardkg.validate import ValidationReport, validate

HERE = Path(__file__).parent / "shapes"
ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/wardkg/id/13120/"
CASE_DIRS = sorted(p for p in HERE.iterdir() if p.is_dir())
Key = tuple[str, str | None, str, str]


def expand(token: str) -> str:
    """``<rel>`` against the cases' @base, ``prefix:local`` with wardkg's prefixes."""
    if token.startswith("<") and token.endswith(">"):
        return urljoin(BASE, token[1:-1])
    prefix, _, local = token.partition(":")
    return str(PREFIXES[prefix]) + local


def expected(case: Path) -> set[Key]:
    out: set[Key] = set()
    for line in case.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# expect:") or line.strip() == "# expect: nothing":
            continue
        focus, path, component, shape = line.removeprefix("# expect:").split()
        out.add(
            (
                expand(focus),
                None if path == "-" else path,
                str(SH[component + "ConstraintComponent"]),
                expand(shape),
            )
        )
    return out


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_graph(ROOT / "shapes" / "core.ttl", ROOT / "shapes" / "recommended.ttl")


@pytest.fixture(scope="module")
def context() -> Graph:
    return load_graph(HERE / "_context.ttl", HERE / "_hierarchy.ttl")


def run(shapes: Graph, context: Graph, *cases: Path) -> ValidationReport:
    data = load_graph(*cases)
    return validate(data, shapes=shapes, context=context)


def test_context_is_valid(shapes: Graph, context: Graph) -> None:
    report = validate(Graph(), shapes=shapes, context=context)
    assert report.results == []


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_shape_case(shapes: Graph, context: Graph, case_dir: Path, kind: str) -> None:
    case = case_dir / f"{kind}.ttl"
    want = expected(case)
    if kind == "invalid":
        assert want, f"{case} lists no expected results"
        # The case exercises the shape it is named after.
        assert any(
            shape.startswith(str(SHAPES[case_dir.name])) or case_dir.name in shape for *_, shape in want
        ) or all(shape.startswith(str(SHAPES)) for *_, shape in want)
    report = run(shapes, context, case)
    got = {r.key() for r in report.results}
    assert got == want, "\n".join(
        [f"unexpected: {k}" for k in sorted(got - want, key=str)]
        + [f"missing: {k}" for k in sorted(want - got, key=str)]
    )


def test_every_shape_with_targets_has_cases(shapes: Graph) -> None:
    """Every node shape that selects focus nodes has a case folder (SDGScheme: built in code below)."""
    targeted = {
        str(s).removeprefix(str(SHAPES))
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
        for s in shapes.subjects(p, None)
    }
    assert targeted - {"SDGScheme"} == {p.name for p in CASE_DIRS}


def test_every_shape_named_with_messages_in_ja_and_en(shapes: Graph) -> None:
    """STYLE.md §5: IRIs in wksh:, sh:name and sh:message in ja and en."""
    declared = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(declared) > 100
    for shape in declared:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES)), shape
        for prop in (SH.name, SH.message):
            langs = {n.language for n in shapes.objects(shape, prop) if isinstance(n, Literal)}
            assert {"ja", "en"} <= langs, (shape, prop)


def test_no_blank_node_shapes(shapes: Graph) -> None:
    """Blank nodes only where Turtle needs them: RDF lists, property paths and prefix declarations."""
    allowed = {RDF.first, RDF.rest, SH.prefix, SH.namespace, SH.alternativePath, SH.zeroOrMorePath}
    for s in {s for s in shapes.subjects() if isinstance(s, BNode)}:
        assert set(shapes.predicates(s)) <= allowed, sorted(shapes.predicate_objects(s))
    constraint_users = {s for s, p, _ in shapes if str(p).startswith(str(SH)) and p not in allowed}
    assert all(isinstance(s, URIRef) for s in constraint_users)


def test_no_owl_in_shapes() -> None:
    """STYLE.md §6: OWL terms slow pySHACL; the shape files have none (read fresh: pySHACL adds to its graph)."""
    owl = "http://www.w3.org/2002/07/owl#"
    fresh = load_graph(ROOT / "shapes" / "core.ttl", ROOT / "shapes" / "recommended.ttl")
    assert not [t for t in fresh if any(str(x).startswith(owl) for x in t)]


# --- SDG scheme completeness (17 goals + 169 targets) ------------------------------------------------

TARGETS_PER_GOAL = (7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19)


def sdg_scheme(drop_target: str | None = None) -> Graph:
    """A scheme with the real shape of the SDGs: numbered targets then lettered ones, per goal."""
    g = Graph()
    g.add((SDG_SCHEME, RDF.type, SKOS.ConceptScheme))
    for goal_no, n in enumerate(TARGETS_PER_GOAL, start=1):
        goal = SDG[str(goal_no)]
        g.add((goal, RDF.type, SDGO.Goal))
        g.add((goal, SKOS.inScheme, SDG_SCHEME))
        g.add((goal, SKOS.notation, Literal(str(goal_no))))
        g.add((goal, SKOS.prefLabel, Literal(f"目標{goal_no}", lang="ja")))
        g.add((goal, SKOS.prefLabel, Literal(f"Goal {goal_no}", lang="en")))
        numbered = {1: 5, 2: 5, 3: 9, 4: 7, 5: 6, 6: 6, 7: 3, 8: 10, 9: 5, 10: 7, 11: 7, 12: 8, 13: 3}.get(
            goal_no, n - 3
        )
        codes = [str(i) for i in range(1, numbered + 1)] + ["abcd"[i] for i in range(n - numbered)]
        for code in codes:
            notation = f"{goal_no}.{code}"
            if notation == drop_target:
                continue
            t = SDG[notation]
            g.add((t, RDF.type, SDGO.Target))
            g.add((t, SKOS.inScheme, SDG_SCHEME))
            g.add((t, SKOS.notation, Literal(notation)))
            g.add((t, SKOS.broader, goal))
            g.add((t, SKOS.prefLabel, Literal(f"ターゲット{notation}", lang="ja")))
            g.add((t, SKOS.prefLabel, Literal(f"Target {notation}", lang="en")))
    return g


def test_sdg_scheme_fixture_counts() -> None:
    g = sdg_scheme()
    assert len(set(g.subjects(RDF.type, SDGO.Goal))) == 17
    assert len(set(g.subjects(RDF.type, SDGO.Target))) == 169


def test_sdg_scheme_complete_valid(shapes: Graph) -> None:
    assert validate(sdg_scheme(), shapes=shapes).results == []


def test_sdg_scheme_complete_invalid(shapes: Graph) -> None:
    report = validate(sdg_scheme(drop_target="13.2"), shapes=shapes)
    assert {r.key() for r in report.results} == {
        (str(SDG_SCHEME), None, str(SH.SPARQLConstraintComponent), str(SHAPES.SDGScheme))
    }
    (result,) = report.results
    assert "168" in result.message_en and "168" in result.message_ja


# --- the fixture hierarchy agrees with the real ontology ---------------------------------------------


@pytest.mark.skipif(not schema_files(), reason="ontology/wardkg.ttl does not exist yet")
def test_hierarchy_fixture_matches_ontology() -> None:
    fixture = load_graph(HERE / "_hierarchy.ttl")
    ontology = load_graph(*schema_files())
    for sub, sup in fixture.subject_objects(RDFS.subClassOf):
        assert sup in set(ontology.transitive_objects(sub, RDFS.subClassOf)), f"{sub} ⋢ {sup} in wardkg.ttl"


@pytest.mark.skipif(not schema_files(), reason="ontology/wardkg.ttl does not exist yet")
def test_shapes_use_only_declared_terms() -> None:
    """A typo in a shape (wk:coversFiscalyear) would silently check nothing: every wk: term must exist."""
    from wardkg.namespaces import WK

    fresh = load_graph(ROOT / "shapes" / "core.ttl", ROOT / "shapes" / "recommended.ttl")
    ontology = load_graph(*schema_files())
    used = {t for triple in fresh for t in triple if isinstance(t, URIRef) and str(t).startswith(str(WK))}
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    assert sorted(used - declared) == []


@pytest.mark.skipif(not schema_files(), reason="ontology/wardkg.ttl does not exist yet")
def test_shape_datatypes_and_classes_agree_with_ontology_ranges() -> None:
    fresh = load_graph(ROOT / "shapes" / "core.ttl", ROOT / "shapes" / "recommended.ttl")
    ontology = load_graph(*schema_files())
    disagreements = []
    for shape, path in fresh.subject_objects(SH.path):
        ranges = set(ontology.objects(path, RDFS.range)) if isinstance(path, URIRef) else set()
        for kind in (SH.datatype, SH["class"]):
            for value in fresh.objects(shape, kind):
                if ranges and value not in ranges:
                    disagreements.append((shape, path, value, ranges))
    assert disagreements == []
