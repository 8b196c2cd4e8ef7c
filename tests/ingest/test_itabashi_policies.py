"""Itabashi 各部の経営方針 (seed 001): departments, statements, key goals, challenges; broken inputs.

Expected counts per department were established by reading each chapter of
data/sources/itabashi/management-policies-2024.txt and agree with the totals in
/work/shared/seeds/NOTES-itabashi.md (21 / 162 / 301 (+7) / 54); the cross-check against the check-mark
columns is recomputed from the raw text here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS

from wardkg.cli import main
from wardkg.errors import SourceFormatError
from wardkg.ingest import itabashi_budget
from wardkg.ingest.itabashi_common import strategies_named, strategy_iri
from wardkg.ingest.itabashi_policies import build
from wardkg.ingest.itabashi_policy_parse import (
    CHALLENGE,
    GOAL,
    POLICY,
    Decisions,
    PolicyDocument,
    load_decisions,
    parse_policy_document,
)
from wardkg.jtext import match_key
from wardkg.namespaces import WK, element_iri, plan_iri, unit_iri, ward_iri
from wardkg.rdfio import turtle_bytes
from wardkg.sources import SourceDoc, decode_source, get_source

WARD = "13119"
PLAN = plan_iri(WARD, "management-policies-2024")

# number, department, kind, policies, key goals, challenges
DEPARTMENTS = [
    (1, "政策経営部", "部", 8, 19, 3),
    (2, "総務部", "部", 10, 22, 2),
    (3, "危機管理部", "部", 7, 17, 2),
    (4, "区民文化部", "部", 6, 14, 3),
    (5, "産業経済部", "部", 10, 10, 3),
    (6, "健康生きがい部", "部", 8, 14, 3),
    (7, "保健所", "所", 9, 15, 2),
    (8, "福祉部", "部", 8, 20, 2),
    (9, "子ども家庭部", "部", 7, 16, 2),
    (10, "子ども家庭総合支援センター", "センター", 7, 17, 2),
    (11, "資源環境部", "部", 8, 9, 2),
    (12, "都市整備部", "部", 4, 16, 8),
    (13, "まちづくり推進室", "室", 6, 12, 3),
    (14, "土木部", "部", 9, 12, 4),
    (15, "かわまちづくり担当部", "部", 9, 17, 2),
    (16, "会計管理室", "室", 8, 7, 1),
    (17, "教育委員会事務局", "事務局", 10, 17, 3),
    (18, "地域教育力担当部", "部", 8, 20, 2),
    (19, "選挙管理委員会事務局", "事務局", 7, 8, 2),
    (20, "監査委員事務局", "事務局", 7, 9, 2),
    (21, "区議会事務局", "事務局", 6, 10, 1),
]


@pytest.fixture(scope="module")
def doc() -> SourceDoc:
    return get_source("management-policies-2024")


@pytest.fixture(scope="module")
def text(doc: SourceDoc) -> str:
    return doc.read_text()


@pytest.fixture(scope="module")
def parsed(text: str) -> PolicyDocument:
    return parse_policy_document(text, "management-policies-2024.txt")


@pytest.fixture(scope="module")
def graph(doc: SourceDoc, text: str) -> Graph:
    return build(text, doc)


def dept(n: int) -> URIRef:
    return element_iri(PLAN, "dept", n)


def children(g: Graph, parent: URIRef, cls: URIRef) -> list[URIRef]:
    return sorted(s for s in g.subjects(WK.hasParent, parent) if (s, RDF.type, cls) in g)


def test_totals(graph: Graph) -> None:
    count = Counter(o for _, o in graph.subject_objects(RDF.type))
    assert count[WK.DepartmentPolicySection] == 21
    assert count[WK.ManagementPolicyStatement] == 162
    assert count[WK.KeyGoal] == 301
    assert count[WK.Challenge] == 54
    goal_subs = [
        s
        for s in graph.subjects(RDF.type, WK.SubInitiative)
        if (graph.value(s, WK.hasParent), RDF.type, WK.KeyGoal) in graph
    ]
    assert len(goal_subs) == 7
    assert count[WK.Bullet] == 3  # L767-769


@pytest.mark.parametrize(("number", "name", "kind", "policies", "goals", "challenges"), DEPARTMENTS)
def test_every_department(
    graph: Graph, number: int, name: str, kind: str, policies: int, goals: int, challenges: int
) -> None:
    section = dept(number)
    unit = unit_iri(WARD, name)
    assert (section, RDF.type, WK.DepartmentPolicySection) in graph
    assert graph.value(section, WK.responsibleUnit) == unit
    assert str(graph.value(section, URIRef("http://www.w3.org/2004/02/skos/core#notation"))) == str(number)
    assert (unit, RDF.type, WK.Department) in graph
    assert graph.value(unit, RDFS.label) == Literal(name, lang="ja")
    assert graph.value(unit, ORG.subOrganizationOf) == ward_iri(WARD)
    assert str(graph.value(unit, WK.unitKind)).endswith(kind)
    assert set(graph.objects(section, WK.policyDomain))
    assert len(children(graph, section, WK.ManagementPolicyStatement)) == policies
    assert len(children(graph, section, WK.KeyGoal)) == goals
    assert len(children(graph, section, WK.Challenge)) == challenges
    for node in graph.subjects(WK.hasParent, section):
        assert graph.value(node, WK.responsibleUnit) == unit
        assert graph.value(node, WK.sourceSpan) is not None


def test_department_name_with_note(graph: Graph) -> None:
    unit = unit_iri(WARD, "福祉部")
    assert str(graph.value(unit, WK.nameAsWritten)) == "福祉部（福祉事務所長）"
    assert str(graph.value(dept(8), RDFS.label)) == "８．福祉部（福祉事務所長）"


def _find(g: Graph, section: URIRef, cls: URIRef, start: str) -> URIRef:
    hits = [s for s in children(g, section, cls) if str(g.value(s, RDFS.label)).startswith(start)]
    assert len(hits) == 1, (start, hits)
    return hits[0]


# number, statement start, category (None = recorded unknown)
STATEMENTS = [
    (1, "未来志向の働き方改革として", WK.CategoryReform),  # after 改革 (L109), 業務改革 / 効率化
    (1, "新しい技術や価値を積極的に学び", WK.CategoryHumanResources),  # after 人材育成・活用, 職員
    (1, "№１プラン2025改訂版に基づき", WK.CategoryMeasure),  # after 施策 (L68)
    (1, "板橋区ＤＸ推進計画2025後期実行計画に基づき", None),  # glued to a goal at L54, before any label
    (2, "効率的な業務遂行を徹底し", None),  # position 改革 vs wording 職員 / 職場
    (
        3,
        "東京都との合同総合防災訓練を大きな契機と捉え",
        WK.CategoryHumanResources,
    ),  # labels clustered: wording
    (3, "№１プラン2025改訂版「実施計画」", None),  # labels clustered, no wording
    (5, "若い職員の意見を尊重し", WK.CategoryHumanResources),
    (6, "社会情勢の変化を鑑みた事務事業の執行管理を徹底し", WK.CategoryReform),  # 業務改善, before the labels
    (7, "母子保健と児童福祉の連携を強め", WK.CategoryMeasure),
    (8, "職員がいきいきと働きやすい職場環境を構築します。", WK.CategoryHumanResources),
    (9, "将来的な保育士等の福祉系職種の人材不足を踏まえ", WK.CategoryHumanResources),  # L1059 + L1061
    (10, "子ども・家庭に関わる相談援助に必要な知識", None),
    (11, "清掃事業の効率化・合理化を図ります。", WK.CategoryReform),  # L1310, split from a goal
    (12, "区政経営の質を高め", WK.CategoryHumanResources),  # L1445-1448 one cell
    (13, "「行政サービスを量から質に転換し", WK.CategoryReform),
    (14, "道路、橋りょう、公園、自転車駐車場", None),  # L1695-1696, interleaved with two goals
    (15, "リスクマネジメントの徹底により", WK.CategoryReform),
    (16, "ＯＪＴ（職場内研修）を中心として", WK.CategoryHumanResources),
    (17, "安心・安全な学習環境をめざし", WK.CategoryReform),  # position only (0.6), recorded as such
    (18, "ＩＣＴを積極的に活用して区のＤＸ戦略を推進する", WK.CategoryReform),
    (19, "選挙制度の周知、投票の喚起等区民意識の向上を図ります。", WK.CategoryMeasure),  # L2253 split
    (20, "ＤＸを活用した監査業務改革に引き続き取り組みます。", WK.CategoryReform),  # L2375 split
    (21, "継承と刷新の精神で新しい価値創造に", WK.CategoryHumanResources),
]


@pytest.mark.parametrize(("number", "start", "category"), STATEMENTS)
def test_sample_statements_with_category_or_unknown(
    graph: Graph, number: int, start: str, category: URIRef | None
) -> None:
    node = _find(graph, dept(number), WK.ManagementPolicyStatement, start)
    assert str(graph.value(node, RDFS.label)).endswith("。")
    assert graph.value(node, WK.categoryBasis) is not None
    if category is None:
        assert (node, WK.flagUnknown, WK.policyCategory) in graph
        assert graph.value(node, WK.policyCategory) is None
    else:
        assert graph.value(node, WK.policyCategory) == category
        conf = float(graph.value(node, WK.placementConfidence).toPython())
        assert 0.5 <= conf < 1.0


def test_category_confidence_follows_the_clues(graph: Graph) -> None:
    both = _find(graph, dept(1), WK.ManagementPolicyStatement, "未来志向の働き方改革として")
    pos = _find(graph, dept(1), WK.ManagementPolicyStatement, "公有財産の有効活用")
    assert float(graph.value(both, WK.placementConfidence).toPython()) == 0.9
    assert float(graph.value(pos, WK.placementConfidence).toPython()) == 0.6
    assert "位置のみ" in str(graph.value(pos, WK.categoryBasis))


# number, exact key goal text (wrapped lines joined, fragments put back)
GOALS = [
    (1, "複線型の人材や政策アドバイザーなどを活用したＯＪＴによる人材育成"),  # glued label 人 removed (L126)
    (1, "自治体情報システム標準化・共通化"),  # L54 split from a policy
    (2, "業務改善等ＰＴ"),  # L198, second column on the line
    (2, "いたばしアクティブプラン2030の策定に向けた取組（意識実態調査、審議会）"),
    (3, "東京都との合同総合防災訓練の実施"),
    (4, "業務を補助するＡＩ検索サービスの導入とフリーアドレス化による柔軟で効率的なオフィス改善"),
    (4, "日本語学習機会の充実による多文化共生の推進"),  # same block, next line
    (5, "「いたばしＰａｙ」の取扱店舗数を拡大することなどによる、持続的な地域通貨としての自立に向けた支援"),
    (7, "新型コロナ関連の計画の見直し準備"),  # glued to check marks (L788)
    (
        7,
        "母子保健：妊娠期から子育て期まで切れ目のない伴走型支援、産後ケア事業の充実、こども家庭センター機能の実現",
    ),
    (
        8,
        "板橋区版包括的支援体制の構築（いたばし暮らしのサポートセンター相談窓口の改善・地域福祉コーディネーターの"
        "効果検証・まちかどフードパントリーの改善・子ども食堂の拡充等）",
    ),
    (9, "児童福祉･母子保健に係わる多種多様な子育て支援制度の整理とパッケージ化"),
    (10, "支援課・援助課・保護課の協働による業務執行"),
    (11, "清掃事務所としてのあり方の検討"),
    (12, "分譲マンション適正管理の推進"),
    (13, "高島平地域まちづくり事業の推進"),
    (14, "自転車通行空間の整備・拡充、街灯・公園灯のＬＥＤ化、公園・公衆トイレのユニバーサルデザイン化"),
    (14, "新たな価値を付加し、安全に配慮した土木インフラのリニューアル・長寿命化の推進"),
    (14, "特色ある公園としての板橋（交通）公園の再整備"),  # glued label 施 removed (L1700)
    (15, "区制経営３軸「ＳＤＧｓ戦略、ＤＸ戦略、ブランド戦略」の意識強化"),
    (16, "収入、支出の状況把握による歳計現金の管理徹底"),
    (
        17,
        "子ども家庭部をはじめとした、子ども施策関係部署との連携強化（幼保施策のあり方、ヤングケアラー対応など）",
    ),
    (17, "昇任試験と人事評価制度の人材育成としての実践"),
    (18, "「絵本のまち板橋」事業の推進"),
    (19, "若年層向け選挙啓発活動の取組強化"),
    (20, "ペーパーレス化の促進"),
    (21, "議会基本条例に基づく議会改革への支援強化"),
]


@pytest.mark.parametrize(("number", "label"), GOALS)
def test_sample_key_goals(graph: Graph, number: int, label: str) -> None:
    hits = [s for s in children(graph, dept(number), WK.KeyGoal) if str(graph.value(s, RDFS.label)) == label]
    assert len(hits) == 1, label
    assert (hits[0], WK.flagUnknown, WK.policyCategory) in graph


def test_goal_sub_items(graph: Graph) -> None:
    goal = _find(graph, dept(6), WK.KeyGoal, "高齢福祉に関する組織体制の最適化に係る検討")
    subs = children(graph, goal, WK.SubInitiative)
    assert [str(graph.value(s, RDFS.label)) for s in subs] == [
        "類似事業（フレイル予防・介護予防事業 等）の整理",
        "組織間連携体制の再編",
    ]
    audit = _find(graph, dept(20), WK.KeyGoal, "監査対象と協力しつつ十分な準備による的確な監査の実施")
    (sub,) = children(graph, audit, WK.SubInitiative)
    assert (
        str(graph.value(sub, RDFS.label))
        == "合規性、正確性にとどまらない、３Ｅ監査（経済性・効率性・有効性）の展開"
    )
    assert str(graph.value(sub, WK.sourceSpan)) == "L2390-2391"


def test_policy_bullets(graph: Graph) -> None:
    node = _find(graph, dept(6), WK.ManagementPolicyStatement, "地域共生社会の実現に向けた取組を推進するため")
    values = sorted(
        (int(graph.value(b, WK.order)), str(graph.value(b, RDF.value)))
        for b in graph.objects(node, WK.bullet)
    )
    assert [v for _, v in values] == [
        "介護予防・健康づくりの推進（健康寿命の延伸）",
        "地域で互いに支え合い、尊重し合う社会の実現",
        "高齢者が安心して暮らせるサービス基盤の整備",
    ]


# number, challenge start, named strategies (1 SDGs, 2 DX, 3 ブランド)
CHALLENGES = [
    (6, "ＳＤＧｓ戦略➤啓発から実践へ：", [1]),
    (6, "ＤＸ戦略➤デジタル化を変革へ：", [2]),
    (6, "ブランド戦略➤魅力を愛着と誇りへ：", [3]),
    (7, "印刷物等に絵本テイストを取り入れる", [3]),  # （ブランド戦略） suffix, glued to a check mark
    (7, "情報共有のＩＣＴ活用をはじめ", [2]),
    (8, "ＤＸ戦略：従来の対面型だけでなく", [2]),  # continued on an indented line (L918)
    (8, "ＳＤＧｓ戦略：誰一人取り残さない", [1]),
    (13, "ブランド戦略：エリアマネジメントの取組", [3]),
    (17, "ＳＤＧｓ戦略➤啓発から実践へ：「学び支援プラン」", [1]),
    (1, "基本構想審議会の中間答申に向け", []),
    (3, "国とともに進める荒川の「かわまちづくり」", []),  # between policies (L414)
    (11, "【ゼロカーボン取組充実】プラスチックごみ再資源化", []),
    (12, "「板橋区老朽建築物等対策計画」の改定（Ｒ６～Ｒ７）", []),
    (14, "特色ある公園としての板橋（交通）公園の再整備【再掲】", []),
    (21, "ＤＸを活用した業務改革、議会改革のステップアップ", []),
]


@pytest.mark.parametrize(("number", "start", "strategies"), CHALLENGES)
def test_sample_challenges_and_strategy_links(
    graph: Graph, number: int, start: str, strategies: list[int]
) -> None:
    node = _find(graph, dept(number), WK.Challenge, start)
    assert sorted(graph.objects(node, WK.namesStrategy)) == sorted(strategy_iri(n) for n in strategies)


def test_challenge_sub_items(graph: Graph) -> None:
    node = _find(graph, dept(6), WK.Challenge, "ＤＸ戦略➤デジタル化を変革へ：")
    first = children(graph, node, WK.SubInitiative)[0]
    assert str(graph.value(first, RDFS.label)) == (
        "シニアのスマートフォン個別相談会の拡充（高齢者のデジタルデバイドの解消）"
    )
    assert len(children(graph, node, WK.SubInitiative)) == 3


def test_recorded_uncertainty_and_non_contiguous_spans(graph: Graph) -> None:
    moved = _find(graph, dept(12), WK.Challenge, "都市基盤ＤＸの推進（先端技術")
    assert str(graph.value(moved, RDFS.label)).endswith("３Ｄ延焼シミュレーション）")
    assert str(graph.value(moved, WK.sourceSpan)) == "L1390,L1473"
    assert float(graph.value(moved, WK.placementConfidence).toPython()) == 0.7
    assert len(list(graph.objects(moved, WK.ambiguityNote))) == 2
    medium = [
        c
        for c in children(graph, dept(12), WK.Challenge)
        if graph.value(c, WK.placementConfidence) is not None
    ]
    assert len(medium) == 3  # L1398, L1400-1403, L1473+L1390
    joined = _find(graph, dept(17), WK.KeyGoal, "子ども家庭部をはじめとした")
    assert str(graph.value(joined, WK.sourceSpan)) == "L2063,L2069"
    reviewed = _find(graph, dept(19), WK.Challenge, "選挙の適正な執行により")
    assert graph.value(reviewed, WK.ambiguityNote) is not None


def test_layout_is_not_content(graph: Graph, text: str) -> None:
    labels = [str(o) for s, o in graph.subject_objects(RDFS.label) if str(s).startswith(str(PLAN) + "/")]
    assert not [lab for lab in labels if "○" in lab or "〇" in lab]
    assert not [
        lab for lab in labels if match_key(lab) in {"施策", "改革", "人材育成・活用", "経営方針重点目標"}
    ]
    assert not [lab for lab in labels if lab.startswith("＊重点戦略のバージョンアップ")]
    # every line of the source that carries text other than layout ends up in some element's span
    covered: set[int] = set()
    for span in graph.objects(None, WK.sourceSpan):
        for part in str(span).split(","):
            a, _, b = part[1:].partition("-")
            if part.startswith("L") and int(b or a) - int(a) < 50:
                covered.update(range(int(a), int(b or a) + 1))
    layout = re.compile(r"^[\s○〇]*$|^.$|経　営　方　針|^＊重点戦略|^(?:\d+|[０-９]+)．|各部の経営方針$")
    missing = [
        i
        for i, line in enumerate(text.splitlines(), 1)
        if not layout.search(line.strip()) and i not in covered
    ]
    assert missing == []


def test_challenge_counts_agree_with_check_mark_rows(parsed: PolicyDocument) -> None:
    """The indented check-mark column has one row per challenge in most chapters (NOTES: 17 of 21).

    A row counts whether the mark stands alone or has text glued after it (L812, L917).
    """
    agree = [s.number for s in parsed.sections if len(s.of_kind(CHALLENGE)) == s.mark_rows["indented"]]
    assert len(agree) >= 17, agree


# --- cross-document ---------------------------------------------------------------------------------


def test_strategy_links_resolve_in_the_budget_graph(graph: Graph) -> None:
    budget_doc = get_source("budget-highlights-2024")
    budget = itabashi_budget.build(budget_doc.read_text(), budget_doc)
    targets = set(graph.objects(None, WK.namesStrategy))
    assert targets and all((t, RDF.type, WK.Strategy) in budget for t in targets)
    # NFKC matching: the challenge writes ＳＤＧｓ戦略, the budget page SDGs(持続可能な開発目標)戦略
    assert strategies_named("ＳＤＧｓ戦略➤啓発から実践へ：") == strategies_named("SDGs戦略") == [1]
    assert "SDGs" in str(budget.value(strategy_iri(1), WK.canonicalName))
    # the same department is one node in both graphs
    centre = unit_iri(WARD, "子ども家庭総合支援センター")
    assert (centre, RDF.type, WK.Department) in budget and (centre, RDF.type, WK.Department) in graph
    # near-names are not merged: no node carries both centres' names
    a, b = "いたばし生活仕事サポートセンター", "いたばし暮らしのサポートセンター"
    assert match_key(a) != match_key(b)
    merged = budget + graph
    owners_a = {s for s, o in merged.subject_objects(None) if isinstance(o, Literal) and a in str(o)}
    owners_b = {s for s, o in merged.subject_objects(None) if isinstance(o, Literal) and b in str(o)}
    assert owners_a and owners_b and not owners_a & owners_b
    assert match_key("いたばしPay") == match_key("いたばしＰａｙ")


# --- broken and altered inputs ----------------------------------------------------------------------


def _counts(p: PolicyDocument) -> list[tuple[int, int, int]]:
    return [(len(s.of_kind(POLICY)), len(s.of_kind(GOAL)), len(s.of_kind(CHALLENGE))) for s in p.sections]


def test_half_width_department_heading_parses_the_same(text: str, parsed: PolicyDocument) -> None:
    altered = text.replace("１．政策経営部", "1．政策経営部").replace("９．子ども家庭部", "9.子ども家庭部")
    again = parse_policy_document(altered)
    assert [s.name for s in again.sections] == [s.name for s in parsed.sections]
    assert _counts(again) == _counts(parsed)


def test_heading_out_of_order_names_the_line(text: str) -> None:
    altered = text.replace("３．危機管理部", "４．危機管理部")
    with pytest.raises(SourceFormatError) as err:
        parse_policy_document(altered, "x.txt")
    assert err.value.line == 293


def test_columns_in_another_order_give_the_same_cells(text: str, parsed: PolicyDocument) -> None:
    """Chapter 1 with its blank-separated blocks in reverse order: same policies, goals and challenges."""
    lines = text.splitlines()
    start, end = 4, 141  # 0-based: after the heading at L4, up to the blank lines before L142
    blocks: list[list[str]] = []
    for line in lines[start:end]:
        if line.strip():
            if not blocks or blocks[-1][-1] == "":
                blocks.append([])
            blocks[-1].append(line)
        elif blocks and blocks[-1][-1] != "":
            blocks[-1].append("")
    reordered = [line for block in reversed(blocks) for line in ([*block, ""] if block[-1] != "" else block)]
    altered = "\n".join([*lines[:start], *reordered, *lines[end:]])
    again = parse_policy_document(altered)

    def texts(p: PolicyDocument, kind: str) -> set[str]:
        return {c.text for c in p.sections[0].of_kind(kind)}

    for kind in (POLICY, GOAL, CHALLENGE):
        assert texts(again, kind) == texts(parsed, kind), kind
    assert _counts(again)[1:] == _counts(parsed)[1:]


def test_truncated_document_names_the_unfinished_chapter(text: str) -> None:
    cut = "\n".join(text.splitlines()[:90])  # inside 政策経営部, before its challenge heading (L99)
    with pytest.raises(SourceFormatError) as err:
        parse_policy_document(cut, "x.txt")
    assert err.value.line == 4
    assert "チャレンジ" in err.value.expected


def test_empty_binary_and_untitled_input(text: str) -> None:
    with pytest.raises(SourceFormatError):
        parse_policy_document("", "x.txt")
    with pytest.raises(SourceFormatError):
        decode_source("x.txt", b"\x00\x01\x02binary")
    with pytest.raises(SourceFormatError) as err:
        parse_policy_document(text.replace("令和６年度　各部の経営方針", "各部の方針"), "x.txt")
    assert err.value.line == 2


def test_build_is_deterministic(doc: SourceDoc, text: str) -> None:
    assert turtle_bytes(build(text, doc)) == turtle_bytes(build(text, doc))


def test_every_reviewed_decision_matches_the_source(text: str) -> None:
    """A stale decision (text no longer in the source) would silently stop applying: refuse it."""
    dec = load_decisions()
    key = match_key(text)
    for after, before, _ in dec.splits:
        assert key.count(after + before) == 1, after
    for fragment, target, _ in dec.joins:
        assert fragment in key and target in key, fragment
    for end, _ in dec.merges:
        assert end in key, end
    for start, kind, confidence, note in dec.kinds:
        assert start in key and kind in (POLICY, GOAL, CHALLENGE) and 0 < confidence < 1 and note, start


def test_form_rules_alone_are_close_and_decisions_settle_the_rest(text: str) -> None:
    bare = parse_policy_document(text, decisions=Decisions())
    total = Counter(c.kind for s in bare.sections for c in s.cells)
    assert abs(total[POLICY] - 162) <= 3 and abs(total[GOAL] - 301) <= 8 and abs(total[CHALLENGE] - 54) <= 3


def test_cli_writes_nothing_on_bad_input(tmp_path: Path, text: str) -> None:
    src = tmp_path / "policies.txt"
    src.write_text(
        text.replace("＊重点戦略のバージョンアップに向けてチャレンジすること", "", 1), encoding="utf-8"
    )
    out = tmp_path / "out.ttl"
    code = main(
        ["ingest", str(src), "--family", "itabashi-management-policies", "--ward", WARD, "--out", str(out)]
    )
    assert code == 2
    assert not out.exists()
