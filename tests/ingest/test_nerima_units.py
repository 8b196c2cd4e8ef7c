"""The 事業実施課 grammar: departments open groups, sections join the last department, any other token ends it."""

from __future__ import annotations

import pytest

from wardkg.cli import main
from wardkg.ingest.nerima_units import UnitListError, UnitPair, parse_unit_list, unit_level


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(p.department, p.section) for p in parse_unit_list(text).pairs]


def test_groups_separated_by_comma_or_space() -> None:
    assert pairs("教育振興部 学務課、こども家庭部 子育て支援課、保育課") == [
        ("教育振興部", "学務課"), ("こども家庭部", "子育て支援課"), ("こども家庭部", "保育課"),
    ]  # fmt: skip
    assert pairs("都市整備部 住宅課 高齢施策担当部 高齢者支援課") == [
        ("都市整備部", "住宅課"),
        ("高齢施策担当部", "高齢者支援課"),
    ]


def test_wrap_space_after_comma_and_department_only() -> None:
    assert pairs("区民部 戸籍住民課、 区民事務所担当課、 こども家庭部 練馬子ども家庭支援センター") == [
        ("区民部", "戸籍住民課"), ("区民部", "区民事務所担当課"), ("こども家庭部", "練馬子ども家庭支援センター"),
    ]  # fmt: skip
    assert pairs("都市整備部 土木部") == [("都市整備部", None), ("土木部", None)]
    assert pairs("企画部 区政改革担当部 人事戦略担当部") == [
        ("企画部", None),
        ("区政改革担当部", None),
        ("人事戦略担当部", None),
    ]


def test_list_ends_at_the_next_heading() -> None:
    text = "こども家庭部 子育て支援課、練馬子ども家庭支援センター 2 練馬こどもカフェの充実 民間…"
    ul = parse_unit_list(text)
    assert ul.pairs == (
        UnitPair("こども家庭部", "子育て支援課"),
        UnitPair("こども家庭部", "練馬子ども家庭支援センター"),
    )
    assert text[ul.end :].startswith(" 2 練馬") and ul.as_written.endswith("センター")
    assert pairs("健康部 保健相談所 (3)高齢化等に対応するための") == [("健康部", "保健相談所")]
    assert pairs("危機管理室 区民防災課 戦略計画12 みどり") == [("危機管理室", "区民防災課")]


def test_levels() -> None:
    assert [unit_level(n) for n in ("危機管理室", "選挙管理委員会事務局", "保健相談所", "学校教育支援センター", "練馬")] == [
        "department", "department", "section", "section", None,
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["", "2 練馬こどもカフェ", "健康推進課 健康部"])
def test_bad_lists(text: str) -> None:
    with pytest.raises(UnitListError):
        parse_unit_list(text)


def test_list_families_names_nerima(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--list-families"]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("nerima-action-plan") and "練馬区" in line for line in out.splitlines())
