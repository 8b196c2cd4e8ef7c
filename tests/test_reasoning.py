"""Reasoning both ways (issue 2 item 7): HermiT finds the ontology consistent with no unsatisfiable class
and finds deliberately broken examples inconsistent; the Python materialisation gives an element its plan
and municipality through the property chains and agrees with owlrl's OWL 2 RL closure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS

from conftest import ROOT, in_ci
from wardkg.errors import InputError
from wardkg.namespaces import ID, WK
from wardkg.reasoning import (
    DEFAULT_ONTOLOGY_PATHS,
    ReasonerUnavailable,
    check_consistency,
    java_executable,
    materialise,
    owlrl_entailments,
    reasoner_view,
)

FIXTURES = ROOT / "tests" / "fixtures" / "ontology"
SMALL_PLAN = FIXTURES / "small-plan.ttl"

NERIMA = ID["13120"]
SUGINAMI = ID["13115"]
AP = URIRef(f"{ID}13120/plan/ap")
PILLAR = URIRef(f"{AP}/pillar/1")
SP = URIRef(f"{AP}/sp/5")
INITIATIVE = URIRef(f"{SP}/torikumi/3")
SUB = URIRef(f"{INITIATIVE}/sub/2")
MEASURE = URIRef(f"{ID}13115/plan/sogo/field/1/measure/2")
SUBSECTION = URIRef(f"{ID}13120/org/kodomo/kosodate/kakari")


@pytest.fixture(scope="module")
def java() -> str:
    """Java for HermiT; a visible skip without it (a failure in CI, where .ci/run installs it)."""
    try:
        return java_executable()
    except ReasonerUnavailable as exc:
        msg = f"system dependency missing: {exc}"
        if in_ci():
            pytest.fail(msg)
        pytest.skip(msg)
        raise AssertionError("unreachable") from exc


@pytest.fixture(scope="module")
def small() -> Graph:
    return Graph().parse(SMALL_PLAN, format="turtle")


# --- HermiT ------------------------------------------------------------------------------------------


@pytest.mark.java
def test_ontology_is_consistent_with_no_unsatisfiable_class(java: str) -> None:
    report = check_consistency()
    assert report.consistent, report.summary()
    assert report.unsatisfiable == ()
    assert report.ok
    assert report.files == tuple(str(p) for p in DEFAULT_ONTOLOGY_PATHS)
    assert "no unsatisfiable class" in report.summary()


@pytest.mark.java
@pytest.mark.parametrize(
    "fixture",
    ["inconsistent-disjoint-elements.ttl", "inconsistent-plan-as-element.ttl", "inconsistent-unit-kind.ttl"],
)
def test_broken_examples_are_reported_inconsistent(java: str, fixture: str) -> None:
    """Disjoint element kinds, inPlan's range vs Plan/PlanElement disjointness, the unit-kind vocabulary."""
    report = check_consistency(extra_paths=[FIXTURES / fixture])
    assert not report.consistent
    assert not report.ok
    assert "INCONSISTENT" in report.summary()


@pytest.mark.java
def test_unsatisfiable_class_is_named(java: str) -> None:
    report = check_consistency(extra_paths=[FIXTURES / "unsatisfiable-class.ttl"])
    assert report.consistent
    assert report.unsatisfiable == ("https://w3id.org/wardkg/test#InitiativeMeasure",)
    assert not report.ok


@pytest.mark.java
def test_data_with_dates_is_checked_after_dropping_out_of_map_literals(java: str) -> None:
    """xsd:date would make HermiT fail (UnsupportedDatatypeException); the view drops it and says so."""
    report = check_consistency(extra_paths=[SMALL_PLAN])
    assert report.ok, report.summary()
    assert report.dropped_literals == 1
    assert report.dropped_datatypes == ("http://www.w3.org/2001/XMLSchema#date",)


@pytest.mark.java
@pytest.mark.slow
def test_shipped_vocabularies_and_data_are_consistent(java: str) -> None:
    """Everything generated so far (data/**/*.ttl, ontology/*.ttl) together with the ontology.

    Consistency only: the unsatisfiable classes are the ontology's business (test above), and classifying
    with thousands of individuals costs far more than the check.
    """
    extra = sorted((ROOT / "data").glob("**/*.ttl"))
    extra += sorted(p for p in (ROOT / "ontology").glob("*.ttl") if p not in DEFAULT_ONTOLOGY_PATHS)
    report = check_consistency(extra_paths=extra, find_unsatisfiable=False)
    assert report.consistent, report.summary()


def test_a_file_that_does_not_parse_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text(
        "@prefix wk: <https://w3id.org/wardkg/ontology#> .\nwk:a wk:b wk:c .\nwk:c wk:d ;;; .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"broken\.ttl: does not parse as RDF.*line 3"):
        check_consistency(extra_paths=[bad])
    with pytest.raises(InputError, match="no such file"):
        check_consistency(extra_paths=[tmp_path / "missing.ttl"])


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java-for-wardkg-test")
    with pytest.raises(ReasonerUnavailable, match="no Java runtime found"):
        check_consistency()


def test_reasoner_view_declares_individuals_and_drops_dates(small: Graph) -> None:
    from rdflib.namespace import OWL

    view, dropped, types = reasoner_view(small)
    assert dropped == 1 and types == ("http://www.w3.org/2001/XMLSchema#date",)
    assert (SUB, RDF.type, OWL.NamedIndividual) in view
    assert (NERIMA, RDF.type, OWL.NamedIndividual) in view
    assert (SUB, RDFS.label, None) not in view  # annotations carry no logical meaning: left out
    assert (SUB, WK.hasParent, INITIATIVE) in view
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    kept = {
        (s, p, o)
        for s, p, o in small
        if p != RDFS.label and not (isinstance(o, Literal) and o.datatype == xsd_date)
    }
    assert kept <= set(view)


# --- materialisation -----------------------------------------------------------------------------------


def test_element_gets_its_municipality_through_the_chain(small: Graph) -> None:
    m = materialise(small)
    # only the pillar states wk:inPlan; the sub-initiative three levels down gets the plan and the ward
    assert (SUB, WK.inPlan, AP) in m
    assert (SUB, WK.municipality, NERIMA) in m
    assert set(m.objects(SUB, WK.municipality)) == {NERIMA}
    assert set(m.objects(MEASURE, WK.municipality)) == {SUGINAMI}
    assert (AP, WK.municipality, NERIMA) in m  # wk:issuedBy ⊑ wk:municipality
    for el in (PILLAR, SP, INITIATIVE, SUB):
        assert set(m.objects(el, WK.municipality)) == {NERIMA}


def test_a_query_can_ask_an_initiatives_municipality_directly(small: Graph) -> None:
    g = small + materialise(small)
    rows = g.query(
        """PREFIX wk: <https://w3id.org/wardkg/ontology#>
        SELECT ?el ?ward WHERE { ?el a wk:PlanElement ; wk:municipality ?ward }"""
    )
    found = {(str(r[0]), str(r[1])) for r in rows}  # type: ignore[index]
    assert (str(INITIATIVE), str(NERIMA)) in found
    assert (str(MEASURE), str(SUGINAMI)) in found
    assert len(found) == 6  # 4 Nerima elements + 2 Suginami elements, each with its own ward only
    assert (
        not materialise(small)
        .query("ASK { ?el <https://w3id.org/wardkg/ontology#municipality> ?a , ?b FILTER(?a != ?b) }")
        .askAnswer
    )


def test_part_of_is_closed_transitively(small: Graph) -> None:
    m = materialise(small)
    assert set(m.objects(SUB, WK.partOf)) == {INITIATIVE, SP, PILLAR}
    assert (SUB, WK.hasParent, INITIATIVE) in small  # asserted, not returned
    assert not set(m.triples((None, WK.hasParent, None)))


def test_units_reach_the_ward_through_orgs_transitive_property(small: Graph) -> None:
    m = materialise(small)
    up = set(m.objects(SUBSECTION, ORG.transitiveSubOrganizationOf))
    assert up == {URIRef(f"{ID}13120/org/kodomo/kosodate"), URIRef(f"{ID}13120/org/kodomo"), NERIMA}


def test_materialise_with_the_ontology_file_alone_still_closes_org(small: Graph) -> None:
    """The store passes wardkg.ttl only; ORG's axioms come from ontology/imports regardless."""
    schema = Graph().parse(ROOT / "ontology" / "wardkg.ttl", format="turtle")
    assert set(materialise(small, schema)) == set(materialise(small))


def test_types_go_up_the_class_hierarchy(small: Graph) -> None:
    m = materialise(small)
    assert (SUB, RDF.type, WK.PlanElement) in m
    assert (PILLAR, RDF.type, WK.PolicyArea) in m
    assert (AP, RDF.type, WK.Plan) in m
    assert (NERIMA, RDF.type, ORG.Organization) in m
    prov_entity = URIRef("http://www.w3.org/ns/prov#Entity")
    assert (SUB, RDF.type, prov_entity) not in m  # only wk:/org: classes


def test_materialise_returns_only_new_triples_and_is_idempotent(small: Graph) -> None:
    m = materialise(small)
    assert len(m) > 0
    assert not set(m) & set(small)
    assert len(materialise(small + m)) == 0
    assert set(materialise(small)) == set(m)


def test_materialise_matches_owlrl_on_a_small_graph(small: Graph) -> None:
    """The fast Python closure yields exactly owlrl's OWL 2 RL entailments for these properties/types."""
    ours = set(materialise(small))
    theirs = set(owlrl_entailments(small))
    assert ours == theirs, {"only ours": ours - theirs, "only owlrl": theirs - ours}
    assert len(ours) >= 30


def test_materialise_on_generated_data_gives_each_element_one_municipality() -> None:
    files = sorted((ROOT / "data").glob("**/*.ttl"))
    if not files:
        pytest.skip("no generated data yet (data/**/*.ttl)")
    for path in files:
        g = Graph().parse(path, format="turtle")
        m = materialise(g)
        elements = set(g.subjects(RDF.type, WK.PlanElement)) | set(m.subjects(RDF.type, WK.PlanElement))
        with_plan = {e for e in elements if (e, WK.inPlan, None) in g or (e, WK.inPlan, None) in m}
        for el in with_plan:
            wards = set(g.objects(el, WK.municipality)) | set(m.objects(el, WK.municipality))
            assert len(wards) == 1, f"{path.relative_to(ROOT)}: {el} reaches {sorted(wards)}"
