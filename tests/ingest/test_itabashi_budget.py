"""Itabashi budget highlights (seed 000): every item, amount, contact; the total; broken inputs.

Expected values were read off data/sources/itabashi/budget-highlights-2024.txt by hand (line numbers in
the comments); the totals are also recomputed from the raw text with an independent regex.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from wardkg.cli import main
from wardkg.errors import SourceFormatError
from wardkg.ingest.itabashi_budget import build, parse_budget_page
from wardkg.ingest.itabashi_common import strategy_iri
from wardkg.namespaces import VCARD, WK, contact_iri, fiscal_year_iri, unit_iri
from wardkg.rdfio import turtle_bytes
from wardkg.sources import SourceDoc, decode_source, get_source

WARD = "13119"


@pytest.fixture(scope="module")
def doc() -> SourceDoc:
    return get_source("budget-highlights-2024")


@pytest.fixture(scope="module")
def text(doc: SourceDoc) -> str:
    return doc.read_text()


@pytest.fixture(scope="module")
def graph(doc: SourceDoc, text: str) -> Graph:
    return build(text, doc)


# (strategy, order, exact title, yen, いちおし, contact numbers) — source lines in the comment
ITEMS = [
    (1, 1, "絵本がつなぐ持続可能なまちづくりの推進", 25_010_000, False, ["3579-2013"]),  # L5-18
    (
        1,
        2,
        "ワンストップ窓口・地域のつながり強化で生活の困りごとを支援",
        261_280_000,
        False,
        ["3579-2455", "3579-2352"],
    ),  # L20-30, 【２億6128万円】
    (
        1,
        3,
        "子どもが安心して活躍できる生活環境を支援",
        49_470_000,
        False,
        ["3579-2455", "5944-2371", "3579-2471"],
    ),  # L32-49
    (1, 4, "医療的ケア児の受入体制を構築", 55_580_000, True, ["3579-2611"]),  # L52 いちおし, L54-67
    (1, 5, "安心できる居場所をめざし学校の支援体制を強化", 85_270_000, False, ["3579-2615", "3579-2195"]),
    (1, 6, "いのち支える地域づくりを推進", 3_430_000, False, ["3579-2311"]),
    (1, 7, "「ゼロカーボンいたばし2050」の推進で脱炭素社会を実現", 237_740_000, False, ["3579-2622"]),
    (
        2,
        1,
        "新たなサービスで利便性の向上を実現",
        629_910_000,
        False,
        ["3579-2201", "3579-2043", "3579-2171", "3579-2637"],
    ),  # L112-128, 【６億2991万円】
    (3, 1, "「絵本のまち板橋」プロジェクトの拡大", 67_000_000, False, ["3579-2515"]),
    (3, 2, "まちづくり計画の進行で東京で一番住みたくなるまちを実現", 8_396_850_000, False, ["3579-2344"]),
]


def item_iri(strategy: int, order: int) -> URIRef:
    return URIRef(f"{strategy_iri(strategy)}/item/{order}")


@pytest.mark.parametrize(("strategy", "order", "title", "yen", "featured", "phones"), ITEMS)
def test_every_item_with_amount_flag_and_contacts(
    graph: Graph, strategy: int, order: int, title: str, yen: int, featured: bool, phones: list[str]
) -> None:
    item = item_iri(strategy, order)
    assert (item, RDF.type, WK.BudgetItem) in graph
    assert graph.value(item, RDFS.label) == Literal(title, lang="ja")
    assert graph.value(item, WK.hasParent) == strategy_iri(strategy)
    assert graph.value(item, WK.isFeatured).toPython() is featured
    line = URIRef(f"{item}/budget/2024")
    assert graph.value(line, WK.budgetOf) == item
    assert graph.value(line, WK.fiscalYear) == fiscal_year_iri(2024)
    assert int(graph.value(line, WK.amount).toPython()) == yen
    assert str(graph.value(line, WK.currency)) == "JPY"
    assert str(graph.value(line, WK.roundingUnit)) == "万円"
    assert "端数処理" in str(graph.value(line, WK.roundingNote))
    contacts = set(graph.objects(item, WK.hasContact))
    assert contacts == {contact_iri(WARD, "03" + p.replace("-", "")) for p in phones}
    for p in phones:
        cp = contact_iri(WARD, "03" + p.replace("-", ""))
        assert graph.value(cp, VCARD.hasTelephone) == URIRef(f"tel:+81-3-{p}")
        assert str(graph.value(cp, WK.telephoneAsWritten)) == p.replace("-", "－")


def test_total_and_counts_match_the_raw_text(graph: Graph, text: str) -> None:
    # an independent reading of the raw text: every 【…円】 bracket, 億 and 万 after NFKC
    raw = re.findall(r"【(?:(\d+)億)?(?:(\d+)万)?円】", unicodedata.normalize("NFKC", text))
    expected_total = sum(int(o or 0) * 10**8 + int(m or 0) * 10**4 for o, m in raw)
    amounts = [int(o.toPython()) for o in graph.objects(None, WK.amount)]
    assert len(raw) == len(amounts) == 10
    assert sum(amounts) == expected_total == 9_811_540_000
    assert sum(1 for _ in graph.subject_objects(WK.hasContact)) == text.count("☎") == 17
    assert len(set(graph.subjects(RDF.type, WK.ContactPoint))) == 16
    per_strategy = [len(set(graph.subjects(WK.hasParent, strategy_iri(n)))) for n in (1, 2, 3)]
    assert per_strategy == [7, 1, 2]


def test_shared_contact_point_serves_two_items(graph: Graph) -> None:
    cp = contact_iri(WARD, "0335792455")  # 生活支援課自立支援係, L29 and L43
    assert set(graph.subjects(WK.hasContact, cp)) == {item_iri(1, 2), item_iri(1, 3)}
    assert graph.value(cp, WK.contactUnit) == unit_iri(WARD, "生活支援課", "自立支援係")


@pytest.mark.parametrize(
    ("phone", "path", "levels"),
    [
        ("0335792352", ("生活支援課", "庶務係"), (WK.Section, WK.Subsection)),  # ・庶務係 shares the 課
        (
            "0359442371",
            ("子ども家庭総合支援センター", "支援課", "管理・サービス調整係"),
            (WK.Department, WK.Section, WK.Subsection),
        ),
        ("0335792615", ("指導室", "学習支援係"), (WK.Section, WK.Subsection)),  # 室 at section level
        ("0335792195", ("教育支援センター", "教育相談係"), (WK.Section, WK.Subsection)),
        ("0335792515", ("ブランド戦略担当課",), (WK.Section,)),  # no 係
        ("0335792043", ("IT推進課", "DX推進係"), (WK.Section, WK.Subsection)),
        ("0335792013", ("政策企画課", "計画・SDGs係"), (WK.Section, WK.Subsection)),
        ("0335792311", ("健康推進課", "いのち支える地域づくり推進係"), (WK.Section, WK.Subsection)),
    ],
)
def test_contact_units_and_levels(
    graph: Graph, phone: str, path: tuple[str, ...], levels: tuple[URIRef, ...]
) -> None:
    unit = graph.value(contact_iri(WARD, phone), WK.contactUnit)
    assert unit == unit_iri(WARD, *path)
    for depth, cls in enumerate(levels):
        node = unit_iri(WARD, *path[: depth + 1])
        assert (node, RDF.type, cls) in graph
        assert graph.value(node, RDFS.label) == Literal(path[depth], lang="ja")


def test_strategies_canonical_and_raw_names(graph: Graph) -> None:
    expected = {
        1: ("SDGs(持続可能な開発目標)戦略", "SDGs(持続可能な開発目標)SDGs(持続可能な開発目標)戦略戦略", "Ⅰ"),
        2: (
            "デジタルトランスフォーメーション(DX)戦略",
            "デジタルトランスデジタルトランスフォーメーション(DX)戦略フォーメーション(DX)戦略",
            "Ⅱ",
        ),
        3: ("ブランド戦略", "ブランド戦略ブランド戦略", "Ⅲ"),
    }
    for n, (name, raw, numeral) in expected.items():
        s = strategy_iri(n)
        assert (s, RDF.type, WK.Strategy) in graph
        assert graph.value(s, WK.canonicalName) == Literal(name, lang="ja")
        assert str(graph.value(s, WK.nameAsWritten)) == raw
        assert str(graph.value(s, RDFS.label)) == name
        assert str(graph.value(s, URIRef("http://www.w3.org/2004/02/skos/core#notation"))) == numeral
        assert set(graph.objects(s, WK.policyDomain))


def test_descriptions_without_ruby_and_wrap_noise(graph: Graph) -> None:
    desc = str(graph.value(item_iri(1, 1), URIRef("http://purl.org/dc/terms/description")))
    assert "特長を活かして、SDGsの普及・啓発" in desc  # L13 活 + L15 lone い + L17 かして
    assert desc.startswith("国から「SDGs未来都市」")  # leading U+3000 dropped
    desc2 = str(graph.value(item_iri(1, 2), URIRef("http://purl.org/dc/terms/description")))
    assert "設置します。また、地域" in desc2  # L25 trailing spaces removed
    for item in graph.subjects(RDF.type, WK.BudgetItem):
        assert set(graph.objects(item, WK.policyDomain)), item


def test_plan_records_inferred_fiscal_year(graph: Graph, doc: SourceDoc) -> None:
    plan = next(graph.subjects(RDF.type, WK.BudgetHighlights))
    assert graph.value(plan, WK.coversFiscalYear) == fiscal_year_iri(2024)
    assert "inferred" in str(graph.value(plan, WK.fiscalYearsInferred))


def test_provenance_spans(graph: Graph) -> None:
    item4 = item_iri(1, 4)  # badge L52, title L54, amount L55, description L57-65, contact L66-67
    assert str(graph.value(item4, WK.sourceSpan)) == "L52,L54-55,L57-67"
    assert str(graph.value(URIRef(f"{item4}/budget/2024"), WK.sourceSpan)) == "L50,L55"


def test_build_is_deterministic(doc: SourceDoc, text: str) -> None:
    assert turtle_bytes(build(text, doc)) == turtle_bytes(build(text, doc))


# --- broken inputs ------------------------------------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_amount_without_yen_names_the_line(text: str) -> None:
    broken = text.replace("【2501万円】", "【2501万】")
    with pytest.raises(SourceFormatError) as err:
        parse_budget_page(broken, "x.txt")
    assert err.value.line == _line_of(broken, "【2501万】") == 7
    assert "円" in err.value.expected


def test_contact_without_number_names_the_line(text: str) -> None:
    broken = text.replace(
        "▶問＝健康推進課いのち支える地域づくり推進\n係☎3579－2311",
        "▶問＝健康推進課いのち支える地域づくり推進\n係",
    )
    assert broken != text
    with pytest.raises(SourceFormatError) as err:
        parse_budget_page(broken, "x.txt")
    assert err.value.line == _line_of(broken, "▶問＝健康推進課") + 1
    assert "☎" in err.value.expected


def test_truncated_page_fails_on_the_unfinished_item(text: str) -> None:
    cut = "\n".join(text.splitlines()[:60])  # ends inside item 4's description (L57-65)
    with pytest.raises(SourceFormatError) as err:
        parse_budget_page(cut, "x.txt")
    assert err.value.line == 60


def test_empty_and_binary_input() -> None:
    with pytest.raises(SourceFormatError):
        parse_budget_page("\n  \n", "x.txt")
    with pytest.raises(SourceFormatError) as err:
        decode_source("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert err.value.line == 1


def test_full_width_and_half_width_amounts(text: str) -> None:
    page = parse_budget_page(text.replace("【83億9685万円】", "【８３億９６８５万円】"))
    assert page.strategies[2].items[1].amount == 8_396_850_000


def test_cli_writes_nothing_on_bad_input(tmp_path: Path, text: str) -> None:
    src = tmp_path / "budget.txt"
    src.write_text(text.replace("【343万円】", "【343万】"), encoding="utf-8")
    out = tmp_path / "out.ttl"
    code = main(
        [
            "ingest",
            str(src),
            "--family",
            "itabashi-budget-highlights",
            "--ward",
            WARD,
            "--fiscal-years",
            "2024",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert not out.exists()
    assert not list(tmp_path.glob(".out.ttl.*"))


def test_strategies_in_another_order_are_refused(text: str, doc: SourceDoc) -> None:
    """The challenges link to strategies by number, so a page that renumbers them must not build silently."""
    swapped = (
        text.replace("重点戦略Ⅱ", "重点戦略Ⅹ")
        .replace("重点戦略Ⅲ", "重点戦略Ⅱ")
        .replace("重点戦略Ⅹ", "重点戦略Ⅲ")
    )
    with pytest.raises(SourceFormatError) as err:
        build(swapped, doc)
    assert err.value.line == _line_of(swapped, "重点戦略Ⅲ")
