"""Nerima action plans on the real seeds: structure, titles, flags, units, footnotes, bullets, KPI, budget, versions.

Expected values were read off data/sources/nerima/vision2-ap-2022.txt (one line; character offsets) and
vision3-ap-2024.txt (line numbers) by hand. Counts that NOTES-nerima.md states are also recounted from the
raw text with independent, deliberately simple patterns, so a parser bug and a wrong note cannot agree.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from wardkg.build import source_header, source_output_path
from wardkg.errors import InputError
from wardkg.ingest.nerima import FAMILY, build, build_graph, element_index, parse
from wardkg.ingest.nerima_records import Item, ParsedPlan
from wardkg.ingest.nerima_versions import load_versions, version_links
from wardkg.ingest.registry import get_family
from wardkg.namespaces import WK, domain_iri, fiscal_year_iri, plan_iri, unit_iri
from wardkg.rdfio import turtle_bytes
from wardkg.sources import SourceDoc, get_source
from wardkg.validate import validate_files

WARD = "13120"
P2 = plan_iri(WARD, "vision2-ap-2022")
P3 = plan_iri(WARD, "vision3-ap-2024")


def iri(plan: URIRef, path: str) -> URIRef:
    return URIRef(f"{plan}/{path}")


@pytest.fixture(scope="module")
def doc2() -> SourceDoc:
    return get_source("vision2-ap-2022")


@pytest.fixture(scope="module")
def doc3() -> SourceDoc:
    return get_source("vision3-ap-2024")


@pytest.fixture(scope="module")
def text2(doc2: SourceDoc) -> str:
    return doc2.read_text()


@pytest.fixture(scope="module")
def text3(doc3: SourceDoc) -> str:
    return doc3.read_text()


@pytest.fixture(scope="module")
def p2(text2: str) -> ParsedPlan:
    return parse(text2, "vision2-ap-2022.txt")


@pytest.fixture(scope="module")
def p3(text3: str) -> ParsedPlan:
    return parse(text3, "vision3-ap-2024.txt")


@pytest.fixture(scope="module")
def g2(p2: ParsedPlan, doc2: SourceDoc) -> Graph:
    return build_graph(p2, doc2)


@pytest.fixture(scope="module")
def g3(p3: ParsedPlan, doc3: SourceDoc) -> Graph:
    return build_graph(p3, doc3)


def all_items(p: ParsedPlan) -> dict[str, Item]:
    """Key like '5-3(2)' (torikumi) or '11-R2' (関連する事業) → item."""
    out: dict[str, Item] = {}
    for sp in p.strategic_plans():
        for sec in sp.sections:
            for it in sec.items:
                key = f"{sp.number}-{it.number}" if sec.kind == "torikumi" else f"{sp.number}-R{it.number}"
                out[key] = it
                for c in it.children:
                    out[f"{key}({c.number})"] = c
    return out


SP2 = [
    "子育てのかたちを選択できる社会の実現",
    "子どもの成長に合わせた切れ目のないサポートの充実",
    "すべての小学生を対象に放課後の居場所づくり",
    "夢や目標を持ち困難を乗り越える力を備えた子どもたちの育成",
    "高齢者地域包括ケアシステムの確立",
    "元気高齢者の活躍と健康づくり・介護予防の推進",
    "障害者が地域で暮らし続けられる基盤の整備",
    "ひとり親家庭や生活困窮世帯等の自立を応援",
    "感染症対応力の強化と安心して医療が受けられる体制の整備",
    "コロナ禍であっても、区民一人ひとりの健康づくりを応援",
    "地域の災害リスクに応じた「攻めの防災」",
    "みどり豊かで快適な空間を創出する交通インフラの整備",
    "魅力にあふれ利便性に富んだ駅前と周辺のまちづくり",
    "練馬のみどりを未来へつなぐ",
    "脱炭素社会の実現に向けた総合的な環境施策の展開",
    "地域特性を活かした企業支援と商店街の魅力づくり",
    "生きた農と共存する都市農業のまち練馬",
    "練馬ならではの都市文化を楽しめるまち",
    "豊かなみどりの中で誰もがスポーツを楽しめるまち",
    "区民協働による住民自治の創造",
    "窓口から区役所を変える",
    "DX(デジタル・トランスフォーメーション)の推進",
]
SP3 = [  # (title, page) from the 目次, lines 16-43
    ("子育てのかたちを選択できる社会の実現", 4),
    ("子どもの成長に合わせた切れ目のないサポートの充実", 10),
    ("学齢期の子どもや若者の居場所の充実", 12),
    ("夢や目標を持ち困難を乗り越える力を備えた子どもたちの育成", 15),
    ("高齢者地域包括ケアシステムの深化・推進", 28),
    ("元気高齢者の活躍と健康づくり・フレイル予防の推進", 35),
    ("障害者が地域で暮らし続けられる基盤の整備", 42),
    ("ひとり親家庭や生活困窮世帯等の自立を応援", 51),
    ("民間ならではの多様な活動と連携した地域福祉の推進", 56),
    ("安心して医療が受けられる体制の整備", 59),
    ("身体とこころの健康づくりを応援", 62),
    ("地域の災害リスクに応じた「攻めの防災」", 68),
    ("みどり豊かで快適な空間を創出する交通インフラの整備", 84),
    ("人々の移動を支える交通体系の構築", 96),
    ("快適な住宅都市を実現するまちづくりの推進", 100),
    ("練馬のみどりを未来へつなぐ", 112),
    ("脱炭素社会の実現に向けた環境施策の展開", 120),
    ("意欲ある事業者の支援と商店街の魅力づくり", 126),
    ("生きた農と共存するまち練馬", 129),
    ("みどりの中で優れた文化芸術を楽しめるまち", 133),
    ("みどりの中で誰もがスポーツを楽しめるまち", 138),
    ("地域コミュニティの活性化と区民協働の推進", 142),
    ("DXで区民と区政を直につなぐ", 145),
]
PILLARS = [
    "子どもたちの笑顔輝くまち",
    "高齢者が住みなれた地域で暮らせるまち",
    "安心を支える福祉と医療のまち",
    "安全・快適、みどりあふれるまち",
    "いきいきと心豊かに暮らせるまち",
    "区民とともに区政を進める",
]


# --- family and plan ----------------------------------------------------------------------------------


def test_family_is_registered() -> None:
    fam = get_family("nerima-action-plan")
    assert fam is FAMILY and fam.build is build and "練馬区" in fam.description


def test_layouts_detected_from_structure(p2: ParsedPlan, p3: ParsedPlan) -> None:
    assert (p2.variant, p3.variant) == ("one-line", "line-based")


def test_plan_2(g2: Graph) -> None:
    assert (P2, RDF.type, WK.ActionPlan) in g2
    assert (
        P2,
        DCTERMS.title,
        Literal("第2次みどりの風吹くまちビジョン 改定アクションプラン (年度別取組計画)【素案】", lang="ja"),
    ) in g2
    assert (P2, DCTERMS.issued, Literal("2021-12", datatype=XSD.gYearMonth)) in g2
    assert (P2, WK.status, WK.Draft) in g2
    assert set(g2.objects(P2, WK.coversFiscalYear)) == {fiscal_year_iri(2022), fiscal_year_iri(2023)}
    unit = unit_iri(WARD, "企画部", "企画課")
    assert (P2, WK.issuingUnit, unit) in g2
    assert (unit, RDF.type, WK.Section) in g2
    assert (unit_iri(WARD, "企画部"), RDF.type, WK.Department) in g2


def test_plan_3_succeeds_plan_2(g3: Graph) -> None:
    assert (P3, RDF.type, WK.ActionPlan) in g3
    assert (
        P3,
        DCTERMS.title,
        Literal("第3次みどりの風吹くまちビジョン アクションプラン〔年度別取組計画〕", lang="ja"),
    ) in g3
    assert set(g3.objects(P3, WK.coversFiscalYear)) == {fiscal_year_iri(y) for y in (2024, 2025, 2026)}
    assert (P3, WK.succeeds, P2) in g3 and (P3, PROV.wasRevisionOf, P2) in g3
    assert not list(g3.objects(P3, DCTERMS.issued)), "the excerpt prints no issue date"


# --- pillars and strategic plans -------------------------------------------------------------------


def test_pillars_both_plans(g2: Graph, g3: Graph) -> None:
    for g, plan in ((g2, P2), (g3, P3)):
        pillars = sorted(g.subjects(RDF.type, WK.Pillar))
        assert len(pillars) == 6
        for n, title in enumerate(PILLARS, start=1):
            assert (iri(plan, f"pillar/{n}"), RDFS.label, Literal(title, lang="ja")) in g


def test_22_strategic_plans_of_the_2nd_plan(g2: Graph, text2: str) -> None:
    assert len(set(g2.subjects(RDF.type, WK.StrategicPlan))) == 22
    for n, title in enumerate(SP2, start=1):
        sp = iri(P2, f"sp/{n}")
        assert (sp, RDFS.label, Literal(title, lang="ja")) in g2, n
        start = int(g2.value(sp, WK.charStart))
        assert text2[start:].startswith(f"戦略計画{n} {title}")
    per_pillar = [len(list(g2.subjects(WK.hasParent, iri(P2, f"pillar/{k}")))) for k in range(1, 7)]
    assert per_pillar == [4, 2, 4, 5, 4, 3]


def test_23_strategic_plans_of_the_3rd_plan_with_pages(g3: Graph) -> None:
    assert len(set(g3.subjects(RDF.type, WK.StrategicPlan))) == 23
    for n, (title, page) in enumerate(SP3, start=1):
        sp = iri(P3, f"sp/{n}")
        assert (sp, RDFS.label, Literal(title, lang="ja")) in g3, n
        assert (sp, WK.pageNumber, Literal(page, datatype=XSD.integer)) in g3
        assert g3.value(sp, WK.firstLine) == Literal(15 + n + (n > 4) + (n > 6) + (n > 11) + (n > 17) + (n > 21),
                                                     datatype=XSD.integer)  # fmt: skip
    per_pillar = [len(list(g3.subjects(WK.hasParent, iri(P3, f"pillar/{k}")))) for k in range(1, 7)]
    assert per_pillar == [4, 2, 5, 6, 4, 2]


def test_sections(g2: Graph) -> None:
    kanren = {s for s in g2.subjects(WK.sectionKind, WK.RelatedProjects)}
    assert kanren == {iri(P2, f"sp/{n}/kanren") for n in (3, 11, 12)}
    assert len(set(g2.subjects(WK.sectionKind, WK.CurrentInitiatives))) == 22
    # numbering restarts in 関連する事業
    assert (iri(P2, "sp/3/kanren/1"), RDFS.label, Literal("児童館の機能の見直し", lang="ja")) in g2
    assert (iri(P2, "sp/12/kanren/5"), RDFS.label, Literal("無電柱化の推進", lang="ja")) in g2


# --- counts ------------------------------------------------------------------------------------------


def test_counts_against_notes_and_raw_text(p2: ParsedPlan, g2: Graph, text2: str) -> None:
    items = all_items(p2)
    inits = [k for k in items if "(" not in k]
    subs = [k for k in items if "(" in k]
    assert len(inits) == 93 and len([k for k in inits if "-R" in k]) == 8
    assert len(subs) == 81
    assert len({k.split("(")[0] for k in subs}) == 20
    assert len(set(g2.subjects(RDF.type, WK.Initiative))) == 93
    assert len(set(g2.subjects(RDF.type, WK.SubInitiative))) == 81
    # independent recounts on the raw text
    assert text2.count("事業実施課") == 152
    lines = {id(it.units) for it in items.values() if it.units is not None}
    assert len(lines) == 152
    assert sum(it.is_new for it in items.values()) == text2.count("★") == 28
    assert sum(it.is_new for k, it in items.items() if "(" not in k) == 18
    assert sum(it.is_repost for it in items.values()) == text2.count("【再掲】") == 4
    assert sum(len(it.bullets) for it in items.values()) == 112
    assert sum(1 for it in items.values() for b in it.bullets if b.marker == "①") == text2.count("@") == 42
    assert sum(len(it.footnotes) for it in items.values()) == text2.count("・・・") == 14


def test_unit_counts(p2: ParsedPlan, g2: Graph) -> None:
    items = all_items(p2)
    unit_lines = {id(it.units): it.units for it in items.values() if it.units is not None}
    pairs = [pr for u in unit_lines.values() for pr in u.units.pairs]
    assert len(pairs) == 243
    assert len({pr.department for pr in pairs}) == 19
    sections = {(pr.department, pr.section) for pr in pairs if pr.section}
    assert len(sections) == 60 and len({s for _, s in sections}) == 60
    assert len(set(g2.subjects(RDF.type, WK.Department))) == 19
    assert len(set(g2.subjects(RDF.type, WK.Section))) == 60
    # one node per unit: a section cited many times is one node with many links
    hoiku = unit_iri(WARD, "こども家庭部", "保育課")
    assert len(list(g2.subjects(WK.responsibleUnit, hoiku))) == sum(
        1 for it in items.values() if it.units and any(p.section == "保育課" for p in it.units.units.pairs)
    )
    # 243 pairs + the 6-1 line counted again for the sub-item it is shared with
    assert len(list(g2.triples((None, WK.responsibleUnit, None)))) == 244


# --- sample items ------------------------------------------------------------------------------------


def test_initiative_with_units(g2: Graph) -> None:
    cafe = iri(P2, "sp/1/torikumi/2")
    assert (cafe, RDFS.label, Literal("練馬こどもカフェの充実", lang="ja")) in g2
    assert (cafe, SKOS.notation, Literal("1-2")) in g2
    assert set(g2.objects(cafe, WK.responsibleUnit)) == {unit_iri(WARD, "こども家庭部", "こども施策企画課")}
    assert (cafe, WK.isNew, Literal(False)) in g2
    desc = str(g2.value(cafe, DCTERMS.description))
    assert (
        desc.startswith("民間カフェ等が無償で提供する店舗スペースを活用し") and "保護者向け" in desc
    )  # wrap space gone
    first = iri(P2, "sp/1/torikumi/1")
    assert "環境を整備します" in str(g2.value(first, DCTERMS.description))
    assert set(g2.objects(first, WK.responsibleUnit)) == {
        unit_iri(WARD, "こども家庭部", "子育て支援課"),
        unit_iri(WARD, "こども家庭部", "練馬子ども家庭支援センター"),
    }


def test_subitem_flags_and_units(g2: Graph) -> None:
    sub = iri(P2, "sp/1/torikumi/3/sub/2")
    assert (sub, RDF.type, WK.SubInitiative) in g2
    assert (sub, WK.hasParent, iri(P2, "sp/1/torikumi/3")) in g2
    assert (sub, RDFS.label, Literal("障害児保育および医療的ケアの充実", lang="ja")) in g2
    assert (sub, WK.isNew, Literal(True)) in g2
    assert (iri(P2, "sp/1/torikumi/3"), WK.isNew, Literal(False)) in g2, (
        "a ★ on a sub-item does not mark its parent"
    )
    assert set(g2.objects(sub, WK.responsibleUnit)) == {
        unit_iri(WARD, "教育振興部", "学務課"),
        unit_iri(WARD, "こども家庭部", "子育て支援課"),
        unit_iri(WARD, "こども家庭部", "保育課"),
    }
    # groups separated by a bare space, not 、
    five_three_two = iri(P2, "sp/5/torikumi/3/sub/2")
    assert set(g2.objects(five_three_two, WK.responsibleUnit)) == {
        unit_iri(WARD, "地域医療担当部", "医療環境整備課"),
        unit_iri(WARD, "福祉部", "障害者施策推進課"),
        unit_iri(WARD, "高齢施策担当部", "高齢社会対策課"),
        unit_iri(WARD, "高齢施策担当部", "介護保険課"),
    }
    # a wrap space after 、 and a department after it: 区民部 …、 こども家庭部 練馬子ども家庭支援センター
    assert unit_iri(WARD, "こども家庭部", "練馬子ども家庭支援センター") in set(
        g2.objects(iri(P2, "sp/21/torikumi/2"), WK.responsibleUnit)
    )


def test_department_only_lists_and_missing_line(g2: Graph) -> None:
    assert set(g2.objects(iri(P2, "sp/14/torikumi/1/sub/4"), WK.responsibleUnit)) == {
        unit_iri(WARD, "都市整備部"),
        unit_iri(WARD, "土木部"),
    }
    ten = set(g2.objects(iri(P2, "sp/22/torikumi/2"), WK.responsibleUnit))
    assert len(ten) == 10 and unit_iri(WARD, "選挙管理委員会事務局") in ten
    assert (unit_iri(WARD, "選挙管理委員会事務局"), RDF.type, WK.Department) in g2
    assert (unit_iri(WARD, "危機管理室"), RDF.type, WK.Department) in g2
    assert not list(g2.objects(iri(P2, "sp/22/torikumi/1"), WK.responsibleUnit)), "22-1 has no unit line"
    # 事業実施課:土木部 (no space after the colon)
    assert set(g2.objects(iri(P2, "sp/14/torikumi/1/sub/3"), WK.responsibleUnit)) == {
        unit_iri(WARD, "土木部", "道路公園課")
    }


def test_shared_unit_line(g2: Graph) -> None:
    unit = unit_iri(WARD, "高齢施策担当部", "高齢社会対策課")
    for k in (1, 2):
        sub = iri(P2, f"sp/6/torikumi/1/sub/{k}")
        assert set(g2.objects(sub, WK.responsibleUnit)) == {unit}
    assert not list(g2.objects(iri(P2, "sp/6/torikumi/1"), WK.responsibleUnit))


def test_units_have_parents(g2: Graph, g3: Graph) -> None:
    sect = unit_iri(WARD, "こども家庭部", "子育て支援課")
    assert (sect, WK.unitKind, Literal("課")) in g2
    assert (sect, URIRef("http://www.w3.org/ns/org#subOrganizationOf"), unit_iri(WARD, "こども家庭部")) in g2
    hoken = unit_iri(WARD, "健康部", "保健相談所")
    assert (hoken, RDF.type, WK.Section) in g2
    assert not list(g2.objects(sect, WK.validAsOf)), "the 2nd plan does not say when its unit names are valid"
    u3 = unit_iri(WARD, "こども家庭部", "こども施策企画課")
    assert (u3, WK.validAsOf, Literal("2024-04-01", datatype=XSD.date)) in g3


def test_reposts_link_to_originals(g2: Graph) -> None:
    cases = {
        "sp/5/torikumi/3/sub/2": "sp/9/torikumi/3/sub/3",  # original comes later in the document
        "sp/7/torikumi/3/sub/6": "sp/5/torikumi/3/sub/5",
        "sp/8/torikumi/3": "sp/4/torikumi/3/sub/2",
        "sp/8/torikumi/5": "sp/2/torikumi/5",
    }
    for repost, original in cases.items():
        r, o = iri(P2, repost), iri(P2, original)
        assert (r, WK.isRepost, Literal(True)) in g2
        assert (r, WK.repostOf, o) in g2
        assert (o, WK.isRepost, Literal(False)) in g2
    assert len(list(g2.triples((None, WK.repostOf, None)))) == 4
    # both occurrences keep their own ★ and unit line
    assert (iri(P2, "sp/5/torikumi/3/sub/2"), WK.isNew, Literal(True)) in g2
    assert (
        iri(P2, "sp/5/torikumi/3/sub/2"),
        RDFS.label,
        Literal("練馬光が丘病院跡施設における複合施設の整備", lang="ja"),
    ) in g2


def test_footnotes(g2: Graph) -> None:
    i15 = iri(P2, "sp/1/torikumi/5")
    fn = URIRef(f"{i15}/footnote/1")
    assert (i15, WK.footnote, fn) in g2
    assert (fn, WK.marker, Literal("※1")) in g2
    assert (fn, WK["term"], Literal("マイナポータル", lang="ja")) in g2
    assert str(g2.value(fn, RDF.value)).startswith("各個人がマイナンバーカードによる認証")
    dx = iri(P2, "sp/22/torikumi/2")
    terms = {str(g2.value(URIRef(f"{dx}/footnote/{k}"), WK["term"])) for k in (1, 2)}
    assert terms == {"RPA", "BPR"}
    cafe = iri(P2, "sp/6/torikumi/5/sub/1")
    assert (cafe, RDFS.label, Literal("街かどケアカフェ※1の充実", lang="ja")) in g2
    assert (cafe, WK.titleWithoutFootnoteMarker, Literal("街かどケアカフェの充実", lang="ja")) in g2
    assert (URIRef(f"{cafe}/footnote/1"), WK["term"], None) not in g2, "※1・・・ defines no term"


def test_bullets(g2: Graph) -> None:
    hoikusho = iri(P2, "sp/1/torikumi/3/sub/1")
    b = [URIRef(f"{hoikusho}/bullet/{k}") for k in (1, 2)]
    assert [str(g2.value(x, WK.marker)) for x in b] == ["①", "②"]
    assert str(g2.value(b[1], RDF.value)) == "区立保育園の改築に合わせ、定員の拡大を図ります。"
    assert (hoikusho, WK.bullet, URIRef(f"{hoikusho}/bullet/3")) not in g2
    dx = iri(P2, "sp/22/torikumi/2")
    titles = [str(g2.value(URIRef(f"{dx}/bullet/{k}"), WK.bulletTitle)) for k in range(1, 6)]
    assert titles == ["自治体システムの標準化", "AI・RPAの活用による業務効率化", "BPRの考え方を活用した事務の見直し",
                      "テレワーク環境の整備", "LAN環境整備方針の策定"]  # fmt: skip
    assert [str(g2.value(URIRef(f"{dx}/bullet/{k}"), WK.marker)) for k in range(1, 6)] == list("①②③④⑤")
    dx3 = iri(P2, "sp/22/torikumi/3")
    assert (URIRef(f"{dx3}/bullet/1"), WK.bulletTitle, Literal("DX推進方針の策定", lang="ja")) in g2
    # capitals in running text are not bullets: 'AIやRPA' stays inside ②
    assert "AIやRPA※1などの優良な導入事例" in str(g2.value(URIRef(f"{dx}/bullet/2"), RDF.value))
    # an unclosed bracket is a wrapped line, not a bullet title
    taiso = URIRef(f"{iri(P2, 'sp/6/torikumi/5/sub/3')}/bullet/1")
    assert (taiso, WK.bulletTitle, None) not in g2


def test_provenance_on_every_element(g2: Graph, g3: Graph, text2: str) -> None:
    for g in (g2, g3):
        for el in set(g.subjects(WK.inPlan, None)):
            assert g.value(el, PROV.wasDerivedFrom) is not None, el
            assert g.value(el, WK.sourceSpan) is not None, el
    sub = iri(P2, "sp/9/torikumi/3/sub/3")
    start, end = int(g2.value(sub, WK.charStart)), int(g2.value(sub, WK.charEnd))
    assert text2[start:end].startswith("(3)練馬光が丘病院跡施設") and "事業実施課" in text2[start:end]
    shared = iri(P2, "sp/6/torikumi/1/sub/1")
    assert "," in str(g2.value(shared, WK.sourceSpan)), "the shared unit line is a second span"


# --- the 3rd plan's worked entries ---------------------------------------------------------------


def test_entry_1_7(g3: Graph) -> None:
    e = iri(P3, "sp/1/no/7")
    assert (e, RDFS.label, Literal("練馬こどもカフェの充実", lang="ja")) in g3
    assert (e, WK.hasParent, iri(P3, "sp/1")) in g3
    assert (e, SKOS.notation, Literal("1-7")) in g3
    assert (e, WK.headingNumber, Literal("(2)")) in g3
    assert (e, WK.responsibleUnit, unit_iri(WARD, "こども家庭部", "こども施策企画課")) in g3
    assert (e, WK.firstLine, Literal(54, datatype=XSD.integer)) in g3
    assert (e, WK.lastLine, Literal(63, datatype=XSD.integer)) in g3


def test_kpi_1_7(g3: Graph) -> None:
    kpi = URIRef(f"{iri(P3, 'sp/1/no/7')}/kpi/1")
    assert (kpi, WK.indicatorOf, iri(P3, "sp/1/no/7")) in g3
    assert (kpi, RDFS.label, Literal("練馬こどもカフェ", lang="ja")) in g3
    assert g3.value(kpi, WK.targetValue).toPython() == Decimal(11)
    assert (kpi, WK.counterUnit, Literal("か所")) in g3
    assert (kpi, WK.targetFiscalYear, fiscal_year_iri(2026)) in g3
    assert g3.value(kpi, WK.baselineValue).toPython() == Decimal(7)
    assert (kpi, WK.baselineIsCumulative, Literal(True)) in g3
    assert (kpi, WK.baselineIsEstimate, Literal(True)) in g3
    assert (kpi, WK.baselineAsOf, Literal("2024-03-31", datatype=XSD.date)) in g3
    assert g3.value(kpi, WK.totalValue).toPython() == Decimal(4)
    planned = {}
    for ms in g3.objects(kpi, WK.milestone):
        fy = int(str(g3.value(ms, WK.fiscalYear)).rsplit("/", 1)[1])
        planned[fy] = (g3.value(ms, WK.quantity).toPython(), str(g3.value(ms, WK.counterUnit)),
                       str(g3.value(ms, WK.action)), str(g3.value(ms, WK.planText)))  # fmt: skip
    assert planned == {
        2024: (Decimal(2), "か所", "開始", "2か所開始"),
        2025: (Decimal(1), "か所", "開始", "1か所開始"),
        2026: (Decimal(1), "か所", "開始", "1か所開始"),
    }
    # status is cumulative, plan cells are increments: 7 + 4 = 11
    assert Decimal(7) + sum(q for q, *_ in planned.values()) == Decimal(11)


def test_budget_1_7(g3: Graph) -> None:
    e = iri(P3, "sp/1/no/7")
    lines = {int(str(g3.value(b, WK.fiscalYear)).rsplit("/", 1)[1]): b for b in g3.subjects(WK.budgetOf, e)}
    assert sorted(lines) == [2024, 2025, 2026]
    for fy, b in lines.items():
        assert g3.value(b, WK.amount).toPython() == Decimal(2_000_000)
        assert (b, WK.amountAsWritten, Literal("2")) in g3
        assert (b, WK.roundingUnit, Literal("百万円")) in g3
        assert g3.value(b, WK.roundingUnitYen).toPython() == Decimal(1_000_000)
        assert (b, WK.currency, Literal("JPY")) in g3
        assert (b, WK.budgetStatus, WK.Budgeted) in g3
        assert (b, WK.isEstimate, Literal(fy in (2025, 2026))) in g3, "令和7・8年度 figures are estimates"


def test_entry_1_8_and_example_1(g3: Graph) -> None:
    e = iri(P3, "sp/1/no/8")
    assert (e, WK.flagUnknown, DCTERMS.title) in g3
    assert (e, WK.isNew, None) not in g3
    kpi = URIRef(f"{e}/kpi/1")
    assert (kpi, WK.programLabel, Literal("乳幼児一時預かり事業", lang="ja")) in g3
    assert (kpi, WK.isNew, Literal(True)) in g3, "★ on the row marks a new part of the entry"
    assert (kpi, WK.targetText, Literal("地域子ども家庭支援センター関での受入れ枠拡大", lang="ja")) in g3
    assert (kpi, WK.baselineText, None) not in g3, "— is an empty status"
    assert not list(g3.subjects(WK.budgetOf, e)), "the excerpt ends before No. 1-8's 事業費 row"
    ex = iri(P3, "example/1")
    assert (ex, RDFS.label, Literal("医療的ケア児とその家族の相談支援の充実", lang="ja")) in g3
    assert (ex, WK.isNew, Literal(True)) in g3
    assert "ペアピア相談員" in str(g3.value(ex, DCTERMS.description))


def test_callouts_are_not_content(p3: ParsedPlan, g3: Graph) -> None:
    assert len(p3.entries) == 3
    descs = " ".join(str(o) for o in g3.objects(None, DCTERMS.description))
    assert "紹介しています" not in descs and "組織名を記載" not in descs
    assert p3.notes.estimate_years == (2025, 2026)
    assert p3.notes.zero_means and p3.notes.stars_mean


# --- versions and domains -------------------------------------------------------------------------


def _links(g3: Graph) -> list[tuple[str, str | None, str]]:
    out = []
    for vl in g3.subjects(RDF.type, WK.VersionLink):
        newer = str(g3.value(vl, WK.newerElement)).removeprefix(str(P3) + "/")
        older = g3.value(vl, WK.olderElement)
        kind = str(g3.value(vl, WK.changeKind)).rsplit("#", 1)[1]
        out.append((newer, None if older is None else str(older).removeprefix(str(P2) + "/"), kind))
    return out


def test_strategic_plan_versions(g3: Graph) -> None:
    sp_links = [lk for lk in _links(g3) if lk[0].startswith("sp/") and "/no/" not in lk[0]]
    kinds: dict[str, int] = {}
    for _, _, k in sp_links:
        kinds[k] = kinds.get(k, 0) + 1
    assert kinds == {"SameTitle": 8, "Renamed": 12, "Merged": 2, "New": 1, "Split": 1}
    assert {n for n, *_ in sp_links} == {f"sp/{n}" for n in range(1, 24)}, "every 3rd-plan SP is linked"
    assert ("sp/13", "sp/12", "SameTitle") in sp_links and ("sp/14", "sp/12", "Split") in sp_links
    assert {(o, k) for n, o, k in sp_links if n == "sp/23"} == {("sp/21", "Merged"), ("sp/22", "Merged")}
    assert ("sp/9", None, "New") in sp_links
    assert (iri(P3, "sp/10"), PROV.wasRevisionOf, iri(P2, "sp/9")) in g3
    for vl in g3.subjects(RDF.type, WK.VersionLink):
        assert g3.value(vl, WK.decidedBy) and g3.value(vl, WK.decisionBasis) and g3.value(vl, WK.confidence)


def test_entries_continue_initiatives(g3: Graph) -> None:
    links = _links(g3)
    assert ("sp/1/no/7", "sp/1/torikumi/2", "Continued") in links  # 練馬こどもカフェの充実, by title
    assert ("sp/1/no/8", "sp/1/torikumi/1", "Continued") in links  # reviewed mapping


def test_policy_domains(g2: Graph, g3: Graph) -> None:
    for g in (g2, g3):
        for cls in (WK.Pillar, WK.StrategicPlan):
            for el in g.subjects(RDF.type, cls):
                assert list(g.objects(el, WK.policyDomain)), el
    assert (iri(P2, "pillar/1"), WK.policyDomain, domain_iri("children")) in g2
    assert (iri(P3, "sp/23"), WK.policyDomain, domain_iri("administration")) in g3


def test_element_index_is_what_the_linker_sees(p3: ParsedPlan) -> None:
    idx = element_index(p3)
    assert idx["sp/1/no/7"].title == "練馬こどもカフェの充実" and idx["sp/1/no/8"].title is None


# --- determinism ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source_id", ["vision2-ap-2022", "vision3-ap-2024"])
def test_committed_turtle_rebuilds_byte_for_byte(source_id: str) -> None:
    doc = get_source(source_id)
    first = turtle_bytes(build(doc.read_text(), doc), source_header(doc))
    second = turtle_bytes(build(doc.read_text(), doc), source_header(doc))
    assert first == second
    assert source_output_path(doc).read_bytes() == first, "data/13120 is stale: rebuild and commit"


def test_no_blank_nodes(g2: Graph, g3: Graph) -> None:
    from rdflib import BNode

    for g in (g2, g3):
        assert not any(isinstance(t, BNode) for tr in g for t in tr)


def test_no_heading_is_followed_by_a_short_unpunctuated_token(text2: str) -> None:
    """The wrapped-heading rule must not fire on the real document (see _wrapped_unmarked_tail)."""
    p = parse(text2, "x")
    for it in all_items(p).values():
        assert it.title_raw == it.title or " " not in it.title_raw, it.title_raw
    assert re.search(r"練馬こども カフェ", text2) is None


# --- the reviewed mapping is checked against the documents -------------------------------------------


def _mapping(tmp_path: Path, links: str) -> Path:
    path = tmp_path / "versions.yaml"
    path.write_text(
        "plans:\n  - {newer: vision3-ap-2024, older: vision2-ap-2022, decided_by: test, basis: test}\n"
        + links,
        encoding="utf-8",
    )
    return path


def test_version_mapping_with_a_stale_title_is_refused(
    tmp_path: Path, p2: ParsedPlan, p3: ParsedPlan
) -> None:
    path = _mapping(tmp_path, "links:\n  - {newer: vision3-ap-2024/sp/3, newer_title: 違う題名, "
                    "older: vision2-ap-2022/sp/3, kind: Renamed, decided_by: test, basis: test}\n")  # fmt: skip
    mapping = load_versions(path)
    pair = mapping.pairs[0]
    with pytest.raises(InputError, match="title is now"):
        version_links(pair, element_index(p3), element_index(p2), mapping, path)


def test_version_mapping_must_cover_every_strategic_plan(
    tmp_path: Path, p2: ParsedPlan, p3: ParsedPlan
) -> None:
    path = _mapping(tmp_path, "links: []\n")
    mapping = load_versions(path)
    with pytest.raises(InputError, match="no version link") as info:
        version_links(mapping.pairs[0], element_index(p3), element_index(p2), mapping, path)
    assert "sp/9" in str(info.value) and "sp/1," not in str(info.value), "same titles link themselves"


def test_version_mapping_rejects_unknown_kinds(tmp_path: Path) -> None:
    path = _mapping(tmp_path, "links:\n  - {newer: vision3-ap-2024/sp/3, older: vision2-ap-2022/sp/3, "
                    "kind: Moved, decided_by: test, basis: test}\n")  # fmt: skip
    with pytest.raises(InputError, match="kind"):
        load_versions(path)


def test_core_shapes_zero_violations() -> None:
    files = [source_output_path(get_source(s)) for s in ("vision2-ap-2022", "vision3-ap-2024")]
    report = validate_files(files, workers=1)
    assert [r for r in report.results if r.severity == "Violation"] == []
