"""Nerima action plans: altered copies of the real seeds, other editions, and inputs that are not the family.

Each altered input either parses correctly (checked) or raises SourceFormatError naming the position
(line 1 + column = character offset + 1 for the one-line layout; the line for the line-based layout) and
what was expected. The CLI test checks that nothing is written when parsing fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from wardkg.cli import main
from wardkg.errors import SourceFormatError
from wardkg.ingest.nerima import build, parse
from wardkg.ingest.nerima_records import Item, ParsedPlan
from wardkg.namespaces import WK, fiscal_year_iri, plan_iri, unit_iri
from wardkg.sources import SourceDoc, decode_source, get_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "nerima"


@pytest.fixture(scope="module")
def text2() -> str:
    return get_source("vision2-ap-2022").read_text()


@pytest.fixture(scope="module")
def text3() -> str:
    return get_source("vision3-ap-2024").read_text()


def items(p: ParsedPlan) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for sp in p.strategic_plans():
        for sec in sp.sections:
            for it in sec.items:
                key = f"{sp.number}-{'' if sec.kind == 'torikumi' else 'R'}{it.number}"
                out[key] = it
                for c in it.children:
                    out[f"{key}({c.number})"] = c
    return out


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def fails(text: str) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as info:
        parse(text, "altered.txt")
    return info.value


def test_error_message_names_file_position_and_expectation() -> None:
    err = SourceFormatError("altered.txt", 1, "initiative 2", "3 練馬こども", column=301)
    assert str(err).startswith("altered.txt:1:301: expected initiative 2")


# --- the one-line layout (2nd plan) -------------------------------------------------------------------


def test_renumbered_initiative(text2: str) -> None:
    altered = replace_once(text2, " 2 練馬こどもカフェの充実", " 3 練馬こどもカフェの充実")
    err = fails(altered)
    assert err.line == 1 and err.column == altered.index("3 練馬こどもカフェ") + 1
    assert "initiative 2" in err.expected and err.found.startswith("3 練馬")


def test_free_standing_number_in_running_text(text2: str) -> None:
    altered = replace_once(
        text2,
        "練馬こどもカフェとして認定する制度を創設 します。",
        "練馬こどもカフェとして 5 か所を認定する制度を創設 します。",
    )
    its = items(parse(altered, "altered.txt"))
    assert its["1-2"].description is not None and "5 か所" in its["1-2"].description
    assert its["1-3"].title == "保育サービスの充実"


def test_renumbered_initiative_without_unit_line_before_it(text2: str) -> None:
    """22-1 has no unit line; the wrong number is found at the next unit line and reported where it stands."""
    altered = replace_once(text2, " 2 業務の改革 ", " 3 業務の改革 ")
    err = fails(altered)
    assert "initiative 2" in err.expected and err.column == altered.index("3 業務の改革") + 1


def test_renumbered_subitem(text2: str) -> None:
    altered = replace_once(text2, "(2)障害児保育および", "(3)障害児保育および")
    err = fails(altered)
    assert err.column == altered.index("(3)障害児保育") + 1 and "sub-item (2)" in err.expected


def test_renumbered_strategic_plan(text2: str) -> None:
    altered = replace_once(text2, "戦略計画7 ", "戦略計画8 ")
    err = fails(altered)
    assert "戦略計画7" in err.expected and err.column == altered.index("戦略計画8 障害者") + 1


def test_initiatives_out_of_order(text2: str) -> None:
    """Initiative 2 printed before initiative 1: the order of the numbers is checked, not only their set."""
    a = " 1 ひとり親家庭自立応援プロジェクトの充実"
    b = " 2 生活困窮者への相談支援体制の充実"
    altered = replace_once(replace_once(text2, a, " 2 ひとり親家庭自立応援プロジェクトの充実"), b,
                           " 1 生活困窮者への相談支援体制の充実")  # fmt: skip
    assert "initiative 1" in fails(altered).expected


def test_extra_strategic_plan_at_the_end(text2: str) -> None:
    extra = " 戦略計画23 区民サービスのさらなる向上 令和4・5年度の取組 1 新しい取組の実施 ★ 新しい取組を実施します。 事業実施課: 企画部 企画課"
    rule = text2.index("―")
    altered = text2[:rule].rstrip() + extra + " " + text2[rule:]
    p = parse(altered, "altered.txt")
    sps = p.strategic_plans()
    assert len(sps) == 23 and sps[-1].title == "区民サービスのさらなる向上"
    assert p.pillars[-1].plans[-1] is sps[-1]
    new = sps[-1].sections[0].items[0]
    assert new.title == "新しい取組の実施" and new.is_new and new.units is not None
    assert [(u.department, u.section) for u in new.units.units.pairs] == [("企画部", "企画課")]


def test_extra_strategic_plan_in_the_middle_is_a_numbering_error(text2: str) -> None:
    at = text2.index("戦略計画4 ")
    altered = text2[:at] + "戦略計画4 追加された計画 令和4・5年度の取組 1 追加 追加します。 " + text2[at:]
    err = fails(altered)
    assert "戦略計画5" in err.expected and err.column == altered.index("戦略計画4 夢や目標") + 1


def test_missing_unit_line(text2: str) -> None:
    altered = replace_once(
        text2, " 事業実施課: こども家庭部 こども施策企画課 3 保育サービス", " 3 保育サービス"
    )
    p = parse(altered, "altered.txt")
    its = items(p)
    assert its["1-2"].units is None, "an item with no unit line has none (not a guess)"
    assert its["1-2"].title == "練馬こどもカフェの充実"
    assert its["1-3(1)"].units is not None
    assert len(its) == 174


def test_missing_unit_line_inside_a_subitem_group_is_not_shared(text2: str) -> None:
    altered = replace_once(
        text2, " 事業実施課: 教育振興部 保健給食課、教育指導課 (3)学校安全対策", " (3)学校安全対策"
    )
    its = items(parse(altered, "altered.txt"))
    assert its["4-2(2)"].units is None
    assert its["4-2(3)"].units is not None and its["4-2(3)"].units_shared_with == ()


def test_heading_broken_across_a_wrap(text2: str) -> None:
    altered = replace_once(text2, " 2 練馬こどもカフェの充実 民間", " 2 練馬こども カフェの充実 民間")
    it = items(parse(altered, "altered.txt"))["1-2"]
    assert it.title == "練馬こどもカフェの充実" and it.title_raw == "練馬こども カフェの充実"
    assert it.description is not None and it.description.startswith("民間カフェ等")
    marked = replace_once(
        text2, "(2)障害児保育および医療的ケアの充実  ★", "(2)障害児保育および医療的 ケアの充実  ★"
    )
    sub = items(parse(marked, "altered.txt"))["1-3(2)"]
    assert sub.title == "障害児保育および医療的ケアの充実" and sub.is_new


def test_short_unpunctuated_body_is_not_taken_for_a_title_tail(text2: str) -> None:
    short = replace_once(text2, "2 練馬こどもカフェの充実 民間カフェ等が無償で提供する店舗スペースを活用し、地域の幼稚園教諭や保育士等による保護 者向けの子育て講座、育児相談等や乳幼児向けの教育サービスを実施し、在宅子育て世帯への支 援を充実します。 また、自主的に子育て講座等を運営するカフェを、区が練馬こどもカフェとして認定する制度を創設 します。",
                         "2 練馬こどもカフェの充実 カフェを増やします")  # fmt: skip
    it = items(parse(short, "altered.txt"))["1-2"]
    assert it.title == "練馬こどもカフェの充実" and it.description == "カフェを増やします"


def test_strategic_plan_title_broken_across_a_wrap(text2: str) -> None:
    altered = replace_once(
        text2, "戦略計画14 練馬のみどりを未来へつなぐ", "戦略計画14 練馬のみどりを 未来へつなぐ"
    )
    sp = parse(altered, "altered.txt").strategic_plans()[13]
    assert sp.title == "練馬のみどりを未来へつなぐ" and sp.title_raw == "練馬のみどりを 未来へつなぐ"


def test_missing_section_heading(text2: str) -> None:
    altered = replace_once(text2, "戦略計画6 元気高齢者の活躍と健康づくり・介護予防の推進 令和4・5年度の取組 ",
                           "戦略計画6 元気高齢者の活躍と健康づくり・介護予防の推進 ")  # fmt: skip
    err = fails(altered)
    assert "section heading" in err.expected


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.9, 0.999])
def test_truncated_file(text2: str, fraction: float) -> None:
    cut = text2[: int(len(text2) * fraction)]
    err = fails(cut)
    assert err.line == 1 and err.column == len(cut) + 1
    assert "colophon" in err.expected and "truncated" in err.expected and "―――" in err.expected


def test_unit_line_with_garbage(text2: str) -> None:
    altered = replace_once(
        text2, "事業実施課: 健康部 健康推進課 3 母子", "事業実施課: 健康部 健康推進課 のこり 3 母子"
    )
    err = fails(altered)
    assert "next heading after the 事業実施課 line" in err.expected and err.found.startswith("のこり")


def test_section_before_department(text2: str) -> None:
    altered = replace_once(text2, "事業実施課: 健康部 健康推進課 3 母子", "事業実施課: 健康推進課 3 母子")
    err = fails(altered)
    assert "department" in err.expected and err.found == "健康推進課"


# --- the line-based layout (3rd plan) -----------------------------------------------------------------


def test_extra_strategic_plan_in_the_toc(text3: str) -> None:
    altered = replace_once(text3, "戦略計画 23 DXで区民と区政を直につなぐ\t145\n",
                           "戦略計画 23 DXで区民と区政を直につなぐ\t145\n戦略計画 24 区民サービスのさらなる向上\t150\n")  # fmt: skip
    p = parse(altered, "altered.txt")
    assert len(p.strategic_plans()) == 24 and p.pillars[-1].plans[-1].page == 150


def test_renumbered_strategic_plan_in_the_toc(text3: str) -> None:
    altered = replace_once(text3, "戦略計画 5 高齢者", "戦略計画 6 高齢者")
    err = fails(altered)
    assert err.line == 21 and "戦略計画 5" in err.expected


def test_renumbered_table_clashes_with_the_next_entry(text3: str) -> None:
    err = fails(replace_once(text3, "No. 1 - 7", "No. 1 - 8"))
    assert err.line == 95 and "renumbered" in err.expected


def test_renumbered_table_without_clash_parses(text3: str) -> None:
    p = parse(replace_once(text3, "No. 1 - 7", "No. 1 - 6"), "altered.txt")
    assert p.entries[0].table is not None and p.entries[0].table.no == 6
    assert p.entries[0].title == "練馬こどもカフェの充実"


def test_table_number_not_in_the_toc(text3: str) -> None:
    altered = replace_once(text3, "No. 1 - 7", "No. 30 - 7")
    err = fails(altered)
    assert err.line == 58 and "目次" in err.expected


def test_truncated_inside_a_table_row(text3: str) -> None:
    cut = text3.rstrip("\n")
    cut = cut[: cut.rindex("\t")]  # the last row loses its last cell
    err = fails(cut)
    assert err.line == 98 and "6 tab-separated cells" in err.expected


def test_truncated_inside_the_toc(text3: str) -> None:
    cut = "\n".join(text3.split("\n")[:30])
    err = fails(cut)
    assert "truncated" in err.expected


def test_truncated_toc_line(text3: str) -> None:
    lines = text3.split("\n")
    lines[31] = "戦略計画 14 人々の移動を支"  # cut mid-line: no tab, no page
    err = fails("\n".join(lines))
    assert err.line == 32


def test_entry_heading_broken_across_a_wrap(text3: str) -> None:
    altered = replace_once(text3, "(2) 練馬こどもカフェの充実\n", "(2) 練馬こども\nカフェの充実\n")
    e = parse(altered, "altered.txt").entries[0]
    assert e.title == "練馬こどもカフェの充実" and e.table is not None and e.table.no == 7


def test_missing_unit_line_3(text3: str) -> None:
    altered = replace_once(text3, "事業実施課： こども家庭部 こども施策企画課\n", "\n")
    e = parse(altered, "altered.txt").entries[0]
    assert e.units is None and e.table is not None


def test_budget_special_states(text3: str) -> None:
    altered = replace_once(text3, "事業費(百万円)\t\t2\t2\t2\t6", "事業費(百万円)\t\t0\t***\t1,200\t***")
    doc = SourceDoc(id="altered", ward="13120", ward_name="練馬区", family="nerima-action-plan",
                    path=Path("altered.txt"), title="altered", kind="action-plan", fiscal_years=(2024, 2025, 2026))  # fmt: skip
    g = build(altered, doc)
    e = f"{plan_iri('13120', 'altered')}/sp/1/no/7/budget"
    b24, b25, b26 = (URIRef(f"{e}/{fy}") for fy in (2024, 2025, 2026))
    assert (b24, WK.budgetStatus, WK.PlannedNoCost) in g and g.value(b24, WK.amount).toPython() == 0
    assert (b25, WK.budgetStatus, WK.ToBeBudgeted) in g and g.value(b25, WK.amount) is None
    assert (b25, WK.amountAsWritten, Literal("***")) in g
    assert g.value(b26, WK.amount).toPython() == 1_200_000_000 and (b26, WK.isEstimate, Literal(True)) in g


def test_bad_budget_value(text3: str) -> None:
    err = fails(replace_once(text3, "事業費(百万円)\t\t2\t2\t2\t6", "事業費(百万円)\t\t2\t約2\t2\t6"))
    assert err.line == 61 and "***" in err.expected


# --- other editions (fixtures) -------------------------------------------------------------------


def test_another_one_line_edition() -> None:
    p = parse((FIXTURES / "mini-oneline.txt").read_text(encoding="utf-8"), "mini-oneline.txt")
    assert p.fiscal_years == (2024, 2025) and p.issued == "2023-12"
    sp1 = p.strategic_plans()[0]
    assert sp1.sections[0].fiscal_years == (2024, 2025) and sp1.sections[0].heading == "令和6・7年度の取組"
    its = items(p)
    assert its["1-2(1)"].is_new and [b.marker for b in its["1-2(1)"].bullets] == ["①", "②"]
    assert its["1-2(2)"].footnotes[0].term == "マイナポータル"
    assert its["1-R1"].is_repost
    doc = SourceDoc(id="mini", ward="13120", ward_name="練馬区", family="nerima-action-plan",
                    path=FIXTURES / "mini-oneline.txt", title="mini", kind="action-plan", fiscal_years=())  # fmt: skip
    g = build((FIXTURES / "mini-oneline.txt").read_text(encoding="utf-8"), doc)
    plan = plan_iri("13120", "mini")
    assert (URIRef(f"{plan}/sp/1/kanren/1"), WK.repostOf, URIRef(f"{plan}/sp/2/torikumi/1")) in g
    assert (plan, WK.coversFiscalYear, fiscal_year_iri(2025)) in g
    assert (plan, WK.succeeds, None) not in g, "no reviewed pairing for an unregistered edition"


def test_another_line_based_edition() -> None:
    p = parse((FIXTURES / "mini-lines.txt").read_text(encoding="utf-8"), "mini-lines.txt")
    assert p.fiscal_years == (2027, 2028, 2029)
    e = p.entries[0]
    assert e.is_new and e.table is not None and e.table.plan_years == (2027, 2028, 2029)
    assert e.table.baseline_as_of == "2027-03-31" and p.notes.units_valid_as_of == "2027-04-01"
    assert e.table.budget is not None and e.table.budget.cells == ("0", "***", "3")


# --- inputs that are not the family ---------------------------------------------------------------


def test_empty_text() -> None:
    err = fails("")
    assert err.line == 1
    with pytest.raises(SourceFormatError):
        decode_source("empty.txt", b"")


def test_binary_file() -> None:
    with pytest.raises(SourceFormatError) as info:
        decode_source("x.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in info.value.found


def test_shift_jis_file(text2: str) -> None:
    data = text2[:2000].encode("shift_jis", errors="replace")
    with pytest.raises(SourceFormatError) as info:
        decode_source("sjis.txt", data)
    assert info.value.line == 1 and "Shift_JIS" in info.value.found
    # the same bytes read with a wrong codec are text of no known layout
    err = fails(data.decode("latin-1"))
    assert "Nerima action plan" in err.expected


def test_neither_layout() -> None:
    err = fails("これは区の計画ではありません。\n第1章 総則\n")
    assert "2nd-plan layout" in err.expected and "3rd-plan layout" in err.expected


@pytest.mark.parametrize("kind", ["truncated", "empty", "binary", "shift_jis", "renumbered"])
def test_cli_writes_nothing_on_bad_input(tmp_path: Path, text2: str, kind: str) -> None:
    data = {
        "truncated": text2[:20000].encode("utf-8"),
        "empty": b"",
        "binary": bytes(range(256)) * 4,
        "shift_jis": text2.encode("shift_jis", errors="replace"),
        "renumbered": text2.replace("戦略計画7 ", "戦略計画8 ").encode("utf-8"),
    }[kind]
    bad = tmp_path / f"vision2-{kind}.txt"
    bad.write_bytes(data)
    out = tmp_path / "out.ttl"
    code = main(["ingest", str(bad), "--family", "nerima-action-plan", "--ward", "13120", "--out", str(out)])
    assert code == 2 and not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_cli_ingests_a_new_edition(tmp_path: Path) -> None:
    out = tmp_path / "mini.ttl"
    src = FIXTURES / "mini-lines.txt"
    code = main(["ingest", str(src), "--family", "nerima-action-plan", "--ward", "13120", "--out", str(out)])
    assert code == 0
    g = Graph().parse(out)
    sp = f"{plan_iri('13120', 'mini-lines')}/sp/3"
    assert (URIRef(sp), RDFS.label, Literal("DXで区民と区政を直につなぐ", lang="ja")) in g
    assert (unit_iri("13120", "こども家庭部", "こども施策企画課"), WK.validAsOf, None) in g
