"""The Suginami comprehensive plan (seed 003) as parsed and built from the real source text.

Expected numbers come from the document itself (its stated counts: 8 fields, 29 施策, 128 計画事業,
5方針 60事業 …) and from the structure notes checked line by line against the text
(/work/shared/seeds/NOTES-suginami.md): measures per field 3,5,3,2,3,5,5,3; 149 project lines.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from wardkg.build import build_source_graph, source_header
from wardkg.ingest.registry import families
from wardkg.ingest.suginami import FAMILY
from wardkg.ingest.suginami_counts import stated_vs_listed
from wardkg.ingest.suginami_mappings import load_fields
from wardkg.ingest.suginami_parse import parse
from wardkg.ingest.suginami_rdf import title_slug
from wardkg.ingest.suginami_records import SuginamiDocument
from wardkg.jtext import match_key
from wardkg.namespaces import OA, WK, domain_iri, element_iri, plan_iri, sdg_iri
from wardkg.rdfio import turtle_bytes
from wardkg.sources import DATA_DIR, SourceDoc, get_source

SOURCE_ID = "sogo-keikaku-2022"
CP = plan_iri("13115", SOURCE_ID)


@pytest.fixture(scope="module")
def doc() -> SourceDoc:
    return get_source(SOURCE_ID)


@pytest.fixture(scope="module")
def parsed(doc: SourceDoc) -> SuginamiDocument:
    return parse(doc.read_text(), str(doc.path))


@pytest.fixture(scope="module")
def g(doc: SourceDoc) -> Graph:
    return build_source_graph(doc)


def measure(n: int) -> URIRef:
    return element_iri(CP, "measure", n)


def project(title: str) -> URIRef:
    return element_iri(CP, "project", title_slug(title))


def labels(g: Graph, node: URIRef) -> set[str]:
    return {str(o) for o in g.objects(node, RDFS.label) if getattr(o, "language", None) == "ja"}


def test_family_is_registered() -> None:
    assert families()["suginami-comprehensive-plan"] is FAMILY


def test_plan_header(parsed: SuginamiDocument, g: Graph) -> None:
    assert parsed.fiscal_years == tuple(range(2022, 2031))
    assert (CP, RDF.type, WK.ComprehensivePlan) in g
    assert labels(g, CP) == {"杉並区総合計画"}
    vision = g.value(CP, WK.vision)
    assert labels(g, vision) == {"みどり豊かな 住まいのみやこ"}
    assert str(g.value(CP, WK.encompasses)) == "杉並区まち・ひと・しごと創生総合戦略"
    assert str(g.value(CP, WK.basedOn)) == "杉並区基本構想"
    assert int(g.value(CP, WK.revisionIntervalYears)) == 3
    assert g.value(CP, WK.amendedYearly).toPython() is True
    assert g.value(CP, WK.reviewFiscalYear) == URIRef("https://w3id.org/wardkg/id/fy/2027")
    assert "3か年ごとに計画の改定" in str(g.value(CP, WK.revisionRule))


def test_six_plans_in_composition_order(g: Graph) -> None:
    orders = {int(g.value(p, WK.compositionOrder)): p for p in g.subjects(WK.compositionOrder, None)}
    assert sorted(orders) == [1, 2, 3, 4, 5, 6]
    assert orders[1] == CP
    classes = [g.value(orders[i], RDF.type) for i in range(2, 7)]
    assert classes == [
        WK.ImplementationPlan,
        WK.ReformPlan,
        WK.CollaborationPlan,
        WK.DigitalPlan,
        WK.FacilityPlan,
    ]
    for i in range(2, 7):
        assert g.value(orders[i], WK.componentOf) == CP
    assert (CP, WK.componentOf, None) not in g


def test_all_eight_fields(parsed: SuginamiDocument, g: Graph) -> None:
    specs = load_fields()
    assert [f.entry.spec for f in parsed.fields] == list(specs)
    assert [len(f.measures) for f in parsed.fields] == [3, 5, 3, 2, 3, 5, 5, 3]
    for spec in specs:
        node = element_iri(CP, "field", spec.order)
        assert (node, RDF.type, WK.Field) in g
        assert str(g.value(node, WK.canonicalName)) == spec.canonical
        assert list(g.objects(node, WK.policyDomain)), spec.canonical
    written = {str(o) for o in g.objects(element_iri(CP, "field", 2), WK.nameAsWritten)}
    assert written == {"まちづくり 地域産業"}
    written = {str(o) for o in g.objects(element_iri(CP, "field", 7), WK.nameAsWritten)}
    assert written == {"学 び", "学び"}
    written = {str(o) for o in g.objects(element_iri(CP, "field", 3), WK.nameAsWritten)}
    assert written == {"環境・みどり", "環境\nみどり"}


@pytest.mark.parametrize(
    ("field", "lines_", "texts"),
    [
        (
            1,
            [27, 258],
            [
                "みんなでつくる、災害に強く、犯罪を生まないまち",
                "みんなで作る、災害に強く、犯罪を生まないまち",
            ],
        ),
        (7, [53, 492], ["共に認め合い、みんなでつくる学びのまち", "共に認め合い、みんなで作る学びのまち"]),
    ],
)
def test_future_image_variants_kept_with_provenance(
    g: Graph, field: int, lines_: list[int], texts: list[str]
) -> None:
    node = element_iri(CP, "field", field)
    images = sorted(g.objects(node, WK.futureImage), key=lambda i: int(g.value(i, WK.order)))
    assert [int(g.value(i, WK.firstLine)) for i in images] == lines_
    assert [labels(g, i) for i in images] == [{t} for t in texts]
    assert g.value(node, WK.ambiguityNote) is not None


def test_identical_future_images_are_one_node_with_both_spans(g: Graph) -> None:
    node = element_iri(CP, "field", 3)
    (image,) = g.objects(node, WK.futureImage)
    assert str(g.value(image, WK.sourceSpan)) == "L35-36,L361-362"
    assert labels(g, image) == {"気候危機に立ち向かい、みどりあふれる良好な環境を将来につなぐまち"}


def test_all_29_measures_each_in_exactly_one_field(g: Graph) -> None:
    measures = set(g.subjects(RDF.type, WK.Measure))
    assert measures == {measure(n) for n in range(1, 30)}
    for n in range(1, 30):
        parents = list(g.objects(measure(n), WK.hasParent))
        assert len(parents) == 1 and (parents[0], RDF.type, WK.Field) in g
        assert str(g.value(measure(n), SKOS.notation)) == str(n)
        assert list(g.objects(measure(n), WK.policyDomain))
    assert g.value(measure(9), WK.hasParent) == element_iri(CP, "field", 3)
    assert domain_iri("housing") in set(g.objects(measure(7), WK.policyDomain))


def test_projects_128_distinct_of_149_listings(g: Graph) -> None:
    projects = set(g.subjects(RDF.type, WK.Project))
    listings = [
        li for li in g.subjects(RDF.type, WK.Listing) if (g.value(li, WK.listedIn), RDF.type, WK.Measure) in g
    ]
    assert len(projects) == 128
    assert len(listings) == 149
    assert {g.value(li, WK.listedItem) for li in listings} == projects
    keys = Counter(match_key(str(g.value(li, WK.titleAsWritten))) for li in listings)
    assert len(keys) == 128 and sum(keys.values()) == 149


def test_project_under_three_measures_is_one_node_in_order(g: Graph) -> None:
    node = project("街路灯の整備")
    assert labels(g, node) == {"街路灯の整備"}
    assert set(g.objects(node, WK.hasParent)) == {measure(3), measure(6), measure(9)}
    listings = sorted(g.subjects(WK.listedItem, node), key=lambda li: int(g.value(li, WK.firstLine)))
    assert [(g.value(li, WK.listedIn), int(g.value(li, WK.order))) for li in listings] == [
        (measure(3), 4),
        (measure(6), 5),
        (measure(9), 6),
    ]
    assert str(g.value(node, WK.sourceSpan)) == "L285,L312,L371"


def test_spacing_variants_are_one_project(g: Graph) -> None:
    node = project("(仮称)荻外荘公園の整備")
    assert set(g.objects(node, WK.hasParent)) == {measure(11), measure(28)}
    assert {str(o) for o in g.objects(node, WK.titleAsWritten)} | labels(g, node) == {
        "(仮称) 荻外荘公園の整備",
        "(仮称)荻外荘公園の整備",
    }


def test_lost_flags_are_unknown_not_false(g: Graph) -> None:
    for p in g.subjects(RDF.type, WK.Project):
        assert {WK.isPriority, WK.isRepost} <= set(g.objects(p, WK.flagUnknown))
        assert (p, WK.isPriority, None) not in g and (p, WK.isRepost, None) not in g


def test_companion_items_listed_vs_stated(g: Graph) -> None:
    rows = {(r.plan_label, r.kind): r for r in stated_vs_listed(g)}
    assert (
        rows["杉並区区政経営改革推進計画", "事業"].stated,
        rows["杉並区区政経営改革推進計画", "事業"].occurrences,
    ) == (60, 59)
    assert (rows["杉並区協働推進計画", "事業"].stated, rows["杉並区協働推進計画", "事業"].occurrences) == (
        50,
        50,
    )
    assert (
        rows["杉並区デジタル化推進計画", "事業"].stated,
        rows["杉並区デジタル化推進計画", "事業"].occurrences,
    ) == (56, 56)
    assert rows["杉並区区政経営改革推進計画", "事業"].differs
    assert [
        rows[p, "方針"].listed
        for p in ("杉並区区政経営改革推進計画", "杉並区協働推進計画", "杉並区デジタル化推進計画")
    ] == [5, 2, 2]
    assert (rows["杉並区総合計画", "施策"].stated, rows["杉並区総合計画", "施策"].listed) == (29, 29)
    assert (rows["杉並区総合計画", "計画事業"].listed, rows["杉並区総合計画", "計画事業"].occurrences) == (
        128,
        149,
    )
    assert rows["杉並区総合計画", "重点計画事業"].stated == 61
    assert rows["杉並区総合計画", "重点計画事業"].listed is None


def test_item_in_several_lists_is_one_entity(g: Graph) -> None:
    item = element_iri(CP, "program-item", title_slug("ICT活用による災害情報の収集・発信"))
    places = sorted(g.objects(item, WK.hasParent))
    plans = {g.value(p, WK.inPlan) for p in places}
    assert len(places) == 3 and len(plans) == 3
    assert len(list(g.subjects(WK.listedItem, item))) == 3
    assert len(list(g.objects(item, WK.inPlan))) == 1  # the others follow from hasParent ∘ inPlan
    assert g.value(item, WK.sameTitleAs) == project("ICT活用による災害情報の収集・発信")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("地域防犯対策の推進", "防犯対策の推進"),
        ("区民と進める健康づくりの推進", "区民の参加による健康づくり"),
    ],
)
def test_near_duplicates_stay_apart(g: Graph, a: str, b: str) -> None:
    nodes = {s for s in g.subjects(RDF.type, None) if labels(g, s) & {a, b}}
    assert len(nodes) == 2


def test_groups_restart_per_policy_and_subgroups(g: Graph) -> None:
    reform = plan_iri("13115", "kusei-keiei-kaikaku-2022")
    g1 = element_iri(reform, "policy", 2, "group", 1)
    assert labels(g, g1) == {"安定した財政基盤の構築と持続可能な財政運営"}
    assert g.value(g1, WK.hasParent) == element_iri(reform, "policy", 2)
    collab = plan_iri("13115", "kyodo-suishin-2022")
    subs = list(g.subjects(WK.hasParent, element_iri(collab, "policy", 2, "group", 1)))
    assert len(subs) == 8 and all((s, RDF.type, WK.SubGroup) in g for s in subs)
    items = [li for s in subs for li in g.subjects(WK.listedIn, s)]
    assert len(items) == 39


def test_policy_5_points_to_separate_volume(g: Graph) -> None:
    p5 = element_iri(plan_iri("13115", "kusei-keiei-kaikaku-2022"), "policy", 5)
    assert (
        str(g.value(p5, WK.refersToExternalDocument))
        == "杉並区区立施設再編整備計画（第2期）・第1次実施プラン"
    )
    assert not list(g.subjects(WK.hasParent, p5))
    assert str(g.value(p5, WK.titleAsWritten)) == "方針5 施設マネジメントの推進*"


def test_population_outlook(g: Graph) -> None:
    peaks = {
        str(g.value(o, WK.statIndicator)): o
        for o in g.objects(CP, WK.hasObservation)
        if g.value(o, WK.observationKind) == WK.Peak
    }
    expected = {
        "総人口": ("588586", "人", "2033"),
        "年少人口（0-14歳）": ("61717", "人", "2025"),
        "生産年齢人口（15-64歳）": ("402599", "人", "2029"),
        "高齢人口（65歳以上）": ("155292", "人", "2053"),
        "高齢化率": ("28.7", "%", "2065"),
    }
    assert set(peaks) == set(expected)
    for name, (value, unit, year) in expected.items():
        o = peaks[name]
        assert g.value(o, WK.statValue).toPython() == Decimal(value)
        assert str(g.value(o, WK.statUnit)) == unit and str(g.value(o, WK.statYear)) == year
        assert str(g.value(o, WK.statMethod)) == "コーホート要因法"
        assert str(g.value(o, WK.statBaseDate)) == "2021-01-01"
        assert any("出生率" in str(a) for a in g.objects(o, WK.assumption))
    (proj,) = [o for o in g.objects(CP, WK.hasObservation) if g.value(o, WK.observationKind) == WK.Projection]
    assert (g.value(proj, WK.statValue).toPython(), str(g.value(proj, WK.statYear))) == (
        Decimal("28.7"),
        "2065",
    )


def test_sdg_section(g: Graph) -> None:
    anns = set(g.subjects(OA.hasTarget, CP))
    assert {g.value(a, OA.hasBody) for a in anns} == {sdg_iri(str(n)) for n in range(1, 18)}
    assert all(g.value(a, WK.linkMethod) == WK.StatedBySource for a in anns)
    assert g.value(CP, WK.sdgCorrespondenceLost).toPython() is True
    notes = {getattr(n, "language", None) for n in g.objects(CP, SKOS.editorialNote) if "SDG" in str(n)}
    assert notes == {"ja", "en"}
    assert not [s for s in g.subjects(OA.hasBody, None) if g.value(s, OA.hasTarget) != CP]


def test_every_element_has_provenance(g: Graph) -> None:
    classes = {
        WK.Field,
        WK.Measure,
        WK.Project,
        WK.ProgramItem,
        WK.BasicPolicy,
        WK.PolicyGroup,
        WK.SubGroup,
        WK.FutureImage,
        WK.Vision,
        WK.Listing,
        WK.StatedCount,
        WK.StatisticalObservation,
    }
    nodes = {s for c in classes for s in g.subjects(RDF.type, c)}
    assert len(nodes) > 600
    for n in nodes:
        assert g.value(n, PROV.wasDerivedFrom) is not None and g.value(n, WK.sourceSpan) is not None, n


def test_build_is_deterministic_and_committed(doc: SourceDoc, g: Graph) -> None:
    first = turtle_bytes(g, source_header(doc))
    again = turtle_bytes(build_source_graph(doc), source_header(doc))
    assert first == again
    assert (DATA_DIR / "13115" / f"{SOURCE_ID}.ttl").read_bytes() == first


def test_passes_the_core_shapes(g: Graph) -> None:
    from wardkg.graphs import schema_files, vocabulary_files
    from wardkg.rdfio import read_graph
    from wardkg.validate import class_hierarchy, load_shapes, validate

    context = read_graph(*vocabulary_files())
    context += class_hierarchy(read_graph(*schema_files()))
    report = validate(g + context, shapes=load_shapes(tier="core"))
    assert [(v.focus_node, v.path, v.message_en) for v in report.violations] == []
