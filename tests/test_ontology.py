"""ontology/wardkg.ttl: one ontology, every term of the model declared and labelled in ja and en, and the
axioms that carry meaning present (STYLE.md §1, §2; issue 2 item 1).

The coverage tests read what is on disk now — docs/MODEL.md, every data/**/*.ttl, the other vocabularies
in ontology/ and shapes/, the wk: terms the Python code writes — so a term someone starts using without
declaring it fails here, naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conftest import ROOT
from wardkg.namespaces import WK
from wardkg.reasoning import EXTERNAL_TERMS_PATH, ONTOLOGY_PATH, OWL2_DATATYPES

DCT_TITLE = URIRef("http://purl.org/dc/terms/title")
DCT_DESCRIPTION = URIRef("http://purl.org/dc/terms/description")
DCT_LICENSE = URIRef("http://purl.org/dc/terms/license")

TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    RDFS.Datatype,
)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@pytest.fixture(scope="module")
def declared(onto: Graph) -> set[URIRef]:
    """wk: IRIs that the ontology declares as a class, property, datatype or named individual."""
    return {
        s
        for t in TERM_TYPES
        for s in onto.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(WK))
    }


def wk_name(iri: URIRef) -> str:
    return "wk:" + str(iri)[len(str(WK)) :]


# --- the ontology header -------------------------------------------------------------------------------


def test_exactly_one_ontology_with_version_title_and_licence(onto: Graph) -> None:
    ontologies = list(onto.subjects(RDF.type, OWL.Ontology))
    assert ontologies == [URIRef("https://w3id.org/wardkg/ontology")]
    o = ontologies[0]
    assert set(onto.objects(o, OWL.versionIRI)) == {URIRef("https://w3id.org/wardkg/ontology/0.1.0")}
    assert len(set(onto.objects(o, OWL.versionInfo))) == 1
    for prop in (DCT_TITLE, DCT_DESCRIPTION):
        langs = {lit.language for lit in onto.objects(o, prop) if isinstance(lit, Literal)}
        assert langs == {"ja", "en"}, f"{prop} needs exactly ja and en, found {langs}"
    assert len(set(onto.objects(o, DCT_LICENSE))) == 1


def test_term_namespace_carries_no_version(declared: set[URIRef]) -> None:
    assert declared
    assert all(not re.search(r"/\d+\.\d+", str(t)) for t in declared)


# --- coverage ---------------------------------------------------------------------------------------------

# wk:name not followed by "/" — `wk:generator/<version>` in MODEL.md is an IRI pattern, not a term.
MODEL_TERM = re.compile(r"wk:([A-Za-z][A-Za-z0-9_]*)(?![A-Za-z0-9_/])")


def test_every_wk_term_in_model_md_is_declared(declared: set[URIRef]) -> None:
    text = (ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8")
    names = set(MODEL_TERM.findall(text))
    assert len(names) > 150, "MODEL.md should name the model's terms"
    missing = sorted(n for n in names if WK[n] not in declared)
    assert not missing, f"MODEL.md names wk: terms the ontology does not declare: {missing}"


def _rdf_files() -> list[Path]:
    files = sorted((ROOT / "data").glob("**/*.ttl"))
    files += sorted(p for p in (ROOT / "ontology").glob("*.ttl") if p != ONTOLOGY_PATH)
    files += sorted((ROOT / "shapes").glob("*.ttl"))
    return files


@pytest.mark.parametrize("path", _rdf_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_wk_term_used_in_rdf_files_is_declared(path: Path, declared: set[URIRef]) -> None:
    g = Graph().parse(path, format="turtle")
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(str(WK))}
    missing = sorted(wk_name(t) for t in used - declared)
    assert not missing, f"{path.relative_to(ROOT)} uses wk: terms the ontology does not declare: {missing}"
    # the published graph holds exactly one owl:Ontology: ontology/wardkg.ttl's
    assert not list(g.subjects(RDF.type, OWL.Ontology)), f"{path.relative_to(ROOT)} declares an owl:Ontology"


def test_data_files_were_found_or_none_exist_yet() -> None:
    """Guard the glob above: if data/ holds Turtle, the parametrised test must have seen it."""
    on_disk = list((ROOT / "data").glob("**/*.ttl"))
    assert len([p for p in _rdf_files() if p.is_relative_to(ROOT / "data")]) == len(on_disk)


PY_TERM = re.compile(r"\bWK(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*[\"']([^\"']+)[\"']\s*\])")


def test_every_wk_term_written_by_the_code_is_declared(declared: set[URIRef]) -> None:
    """The builders write WK.<name> / WK["name"]: each must be an ontology term."""
    missing: dict[str, list[str]] = {}
    for path in sorted([*(ROOT / "src").glob("**/*.py"), *(ROOT / "scripts").glob("**/*.py")]):
        for attr, key in PY_TERM.findall(path.read_text(encoding="utf-8")):
            name = attr or key
            if WK[name] not in declared:
                missing.setdefault(str(path.relative_to(ROOT)), []).append(name)
    assert not missing, f"code writes wk: terms the ontology does not declare: {missing}"


# --- labels and definitions ------------------------------------------------------------------------------


def _langs(g: Graph, s: URIRef, p: URIRef) -> list[str | None]:
    return sorted((o.language or "") for o in g.objects(s, p) if isinstance(o, Literal))


def test_every_term_has_one_label_and_one_definition_in_ja_and_en(onto: Graph, declared: set[URIRef]) -> None:
    bad = []
    for term in sorted(declared):
        for prop in (RDFS.label, SKOS.definition):
            langs = _langs(onto, term, prop)
            if langs != ["en", "ja"]:
                bad.append(f"{wk_name(term)} {prop.n3(onto.namespace_manager)} {langs}")
    assert not bad, "terms without exactly one @ja and one @en label/definition:\n" + "\n".join(bad)


def test_every_wk_subject_is_declared(onto: Graph, declared: set[URIRef]) -> None:
    """A typo in a subject (wk:Measue) would create an undeclared term silently."""
    subjects = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(WK))}
    objects = {o for o in onto.objects() if isinstance(o, URIRef) and str(o).startswith(str(WK))}
    assert subjects <= declared
    assert objects <= declared, sorted(wk_name(o) for o in objects - declared)


# --- domains, ranges, datatypes --------------------------------------------------------------------------


def test_datatype_ranges_are_in_the_owl2_datatype_map(onto: Graph) -> None:
    """HermiT rejects xsd:date / xsd:gYear (FINDINGS.md): no data property may have them as range."""
    declared_datatypes = set(onto.subjects(RDF.type, RDFS.Datatype))
    for prop in onto.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in onto.objects(prop, RDFS.range):
            assert rng in OWL2_DATATYPES or rng in declared_datatypes, f"{prop} has range {rng}"


def test_object_property_ranges_and_domains_are_classes(onto: Graph) -> None:
    external = Graph().parse(EXTERNAL_TERMS_PATH, format="turtle")
    classes = set(onto.subjects(RDF.type, OWL.Class)) | set(external.subjects(RDF.type, OWL.Class))
    for prop in (
        *onto.subjects(RDF.type, OWL.ObjectProperty),
        *onto.subjects(RDF.type, OWL.DatatypeProperty),
    ):
        for cls in onto.objects(prop, RDFS.domain):
            assert cls in classes, f"{prop} has an undeclared domain {cls}"
        if (prop, RDF.type, OWL.ObjectProperty) in onto:
            for cls in onto.objects(prop, RDFS.range):
                assert cls in classes, f"{prop} has an undeclared range {cls}"


def test_every_external_term_used_is_declared_in_imports(onto: Graph) -> None:
    """owlready2/HermiT must know each external IRI's kind; ontology/imports/external-terms.ttl says it."""
    external = Graph().parse(EXTERNAL_TERMS_PATH, format="turtle")
    known = set(external.subjects(RDF.type, None))
    builtin = (str(OWL), str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#", str(WK))
    used = {
        t
        for s, p, o in onto
        if p not in (RDFS.label, SKOS.definition)
        for t in (p, o)
        if isinstance(t, URIRef) and not str(t).startswith(builtin) and p != OWL.versionIRI
    }
    used -= {URIRef("https://www.apache.org/licenses/LICENSE-2.0"), URIRef("https://w3id.org/wardkg/")}
    assert not sorted(used - known), f"external terms not declared in imports: {sorted(used - known)}"


# --- axioms that carry meaning ----------------------------------------------------------------------------


def _chains(onto: Graph, prop: URIRef) -> list[list[URIRef]]:
    return [
        [m for m in Collection(onto, head) if isinstance(m, URIRef)]
        for head in onto.objects(prop, OWL.propertyChainAxiom)
        if isinstance(head, BNode)
    ]


def test_part_of_is_transitive_and_has_parent_is_below_it(onto: Graph) -> None:
    assert (WK.partOf, RDF.type, OWL.TransitiveProperty) in onto
    assert (WK.hasParent, RDFS.subPropertyOf, WK.partOf) in onto


def test_property_chains_give_every_element_its_plan_and_municipality(onto: Graph) -> None:
    assert _chains(onto, WK.inPlan) == [[WK.hasParent, WK.inPlan]]
    assert _chains(onto, WK.municipality) == [[WK.inPlan, WK.issuedBy]]
    assert (WK.issuedBy, RDFS.subPropertyOf, WK.municipality) in onto


def test_non_simple_properties_are_not_functional(onto: Graph) -> None:
    """OWL 2 DL: a transitive property or a chain's result may not be functional (HermiT would refuse)."""
    non_simple = {WK.partOf, WK.inPlan, WK.municipality}
    for prop in non_simple:
        assert (prop, RDF.type, OWL.FunctionalProperty) not in onto
        assert (prop, RDF.type, OWL.AsymmetricProperty) not in onto
        assert (prop, RDF.type, OWL.IrreflexiveProperty) not in onto


def _disjoint_sets(onto: Graph) -> list[set[URIRef]]:
    sets = []
    for node in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        head = onto.value(node, OWL.members)
        sets.append({m for m in Collection(onto, head) if isinstance(m, URIRef)})
    return sets


def test_plan_element_kinds_are_pairwise_disjoint(onto: Graph) -> None:
    kinds = {s for s in onto.subjects(RDFS.subClassOf, WK.PlanElement)}
    assert len(kinds) >= 15
    assert any(kinds == s for s in _disjoint_sets(onto)), "one owl:AllDisjointClasses over the element kinds"
    areas = set(onto.subjects(RDFS.subClassOf, WK.PolicyArea))
    assert areas == {WK.Pillar, WK.Field, WK.Strategy, WK.BasicPolicy}
    assert any(areas == s for s in _disjoint_sets(onto))


def test_plans_elements_units_indicators_budgets_are_disjoint(onto: Graph) -> None:
    needed = {
        WK.Plan,
        WK.PlanElement,
        URIRef("http://www.w3.org/ns/org#Organization"),
        WK.Indicator,
        WK.BudgetLine,
    }
    assert any(needed <= s for s in _disjoint_sets(onto))


ENUMERATIONS = {
    WK.PlanStatus: {WK.Draft, WK.Adopted},
    WK.SectionKind: {WK.CurrentInitiatives, WK.RelatedProjects},
    WK.PolicyCategory: {WK.CategoryMeasure, WK.CategoryReform, WK.CategoryHumanResources},
    WK.ChangeKind: {WK.SameTitle, WK.Renamed, WK.Split, WK.Merged, WK.New, WK.Continued},
    WK.LinkMethod: {
        WK.StatedBySource,
        WK.LexiconMatch,
        WK.ModelSimilarity,
        WK.ManualReview,
        WK.InheritedFromParent,
    },
    WK.ReviewVerdict: {WK.Accepted, WK.Rejected, WK.Unreviewed},
    WK.BudgetStatus: {WK.Budgeted, WK.PlannedNoCost, WK.ToBeBudgeted},
    WK.ObservationKind: {WK.Peak, WK.BaseValue, WK.Projection},
}


@pytest.mark.parametrize("cls", sorted(ENUMERATIONS), ids=lambda c: str(c).split("#")[1])
def test_controlled_values_are_named_individuals_of_a_closed_class(onto: Graph, cls: URIRef) -> None:
    members = set(Collection(onto, onto.value(cls, OWL.oneOf)))
    assert members == ENUMERATIONS[cls]
    for m in members:
        assert (m, RDF.type, OWL.NamedIndividual) in onto
        assert (m, RDF.type, cls) in onto
    distinct = [
        set(Collection(onto, onto.value(n, OWL.distinctMembers)))
        for n in onto.subjects(RDF.type, OWL.AllDifferent)
    ]
    assert any(members <= d for d in distinct)


def test_policy_categories_form_a_skos_scheme(onto: Graph) -> None:
    scheme = WK.PolicyCategoryScheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    concepts = set(onto.subjects(SKOS.inScheme, scheme))
    assert concepts == ENUMERATIONS[WK.PolicyCategory]
    ja_labels = set()
    for c in concepts:
        assert (c, RDF.type, SKOS.Concept) in onto
        assert (c, SKOS.topConceptOf, scheme) in onto
        labels = [lit for lit in onto.objects(c, SKOS.prefLabel) if isinstance(lit, Literal)]
        assert sorted(lit.language or "" for lit in labels) == ["en", "ja"]
        ja_labels |= {str(lit) for lit in labels if lit.language == "ja"}
    assert ja_labels == {"施策", "改革", "人材育成・活用"}


def test_unit_kind_vocabulary_covers_the_suffixes_the_builders_use(onto: Graph) -> None:
    """wk:unitKind's range lists the level vocabulary; ingest/common.py's suffixes must all be in it."""
    from wardkg.ingest.common import UNIT_SUFFIXES

    rng = onto.value(WK.unitKind, RDFS.range)
    assert rng == WK.UnitKindValue
    restriction = onto.value(rng, OWL.equivalentClass)
    values = {str(v) for v in Collection(onto, onto.value(restriction, OWL.oneOf))}
    assert {"部", "課", "係", "室", "センター", "所", "事務局", "委員会事務局"} <= values
    assert {suffix for suffix, _ in UNIT_SUFFIXES} <= values


def test_reuses_the_standard_vocabularies(onto: Graph) -> None:
    """MODEL.md's alignments: ORG, PROV-O, vCard, OWL-Time, SKOS, Web Annotation, schema.org, UN SDG."""
    org = "http://www.w3.org/ns/org#"
    expected = [
        (WK.Municipality, RDFS.subClassOf, URIRef(org + "Organization")),
        (WK.Department, RDFS.subClassOf, URIRef(org + "OrganizationalUnit")),
        (WK.ContactPoint, RDFS.subClassOf, URIRef("http://www.w3.org/2006/vcard/ns#Kind")),
        (WK.SourceDocument, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
        (WK.succeeds, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasRevisionOf")),
        (WK.FiscalYear, RDFS.subClassOf, URIRef("http://www.w3.org/2006/time#Interval")),
        (WK.PolicyCategory, RDFS.subClassOf, SKOS.Concept),
        (WK.linkMethod, RDFS.domain, URIRef("http://www.w3.org/ns/oa#Annotation")),
        (WK.Municipality, RDFS.subClassOf, URIRef("https://schema.org/GovernmentOrganization")),
    ]
    for triple in expected:
        assert triple in onto, triple
    union = onto.value(WK.contributesTo, RDFS.range)
    assert set(Collection(onto, onto.value(union, OWL.unionOf))) == {
        URIRef("http://metadata.un.org/sdg/ontology#Goal"),
        URIRef("http://metadata.un.org/sdg/ontology#Target"),
    }
