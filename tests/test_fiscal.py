"""wardkg.fiscal (era forms both ways) and ontology/fiscal-years.ttl (one OWL-Time interval per fiscal year)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, TIME, XSD

from wardkg.fiscal import (
    FiscalYearError,
    era_to_gregorian,
    fiscal_year_bounds,
    fiscal_year_label_en,
    fiscal_year_label_ja,
    fiscal_year_of,
    gregorian_to_era,
    parse_fiscal_year,
    parse_fiscal_years,
)
from wardkg.namespaces import WK, fiscal_year_iri
from wardkg.rdfio import read_graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_fiscal_years  # noqa: E402


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("令和6年度", [2024]),
        ("令和６年度", [2024]),  # full-width digit
        ("令和元年度", [2019]),
        ("平成31年度", [2019]),
        ("平成30年度", [2018]),
        ("R6年度", [2024]),
        ("2024年度", [2024]),
        ("FY2024", [2024]),
        ("令和4・5年度", [2022, 2023]),
        ("令和４・５年度", [2022, 2023]),
        ("令和4年度・5年度", [2022, 2023]),
        ("令和6～8年度", [2024, 2025, 2026]),
        ("令和6〜8年度", [2024, 2025, 2026]),
        ("令和6－8年度", [2024, 2025, 2026]),
        ("令和4年度～6年度", [2022, 2023, 2024]),
        ("平成30年度〜令和2年度", [2018, 2019, 2020]),
        ("令和５年度から令和８年度まで", [2023, 2024, 2025, 2026]),
        ("令和 4（2022）年度～令和 12（2030）年度", list(range(2022, 2031))),
        ("令和6年度（2024年度）の予算", [2024]),
        ("令和5年度から実施し、令和8年度に完了", [2023, 2026]),  # two mentions, not a span
    ],
)
def test_parse_fiscal_years(text: str, years: list[int]) -> None:
    assert parse_fiscal_years(text) == years


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("令和0年度", "≥ 1"),
        ("明治5年度", "no fiscal year"),
        ("年度", "no fiscal year"),
        ("来年度", "no fiscal year"),
        ("令和5～3年度", "ends before it starts"),
        ("令和4年度～令和3年度", "ends before it starts"),
        ("令和4（2023）年度", "not 2023"),
        ("HR6年度", "no fiscal year"),
    ],
)
def test_nonsense_is_an_error(text: str, message: str) -> None:
    with pytest.raises(FiscalYearError, match=message):
        parse_fiscal_years(text)


def test_parse_one_year() -> None:
    assert (
        parse_fiscal_year("令和元年度")
        == parse_fiscal_year("平成31年度")
        == parse_fiscal_year("FY2019")
        == 2019
    )
    with pytest.raises(FiscalYearError, match="2 fiscal years"):
        parse_fiscal_year("令和4・5年度")


@pytest.mark.parametrize("year", range(1990, 2041))
def test_round_trip(year: int) -> None:
    era, n = gregorian_to_era(year)
    assert era_to_gregorian(era, n) == year
    assert parse_fiscal_year(fiscal_year_label_ja(year)) == year
    assert parse_fiscal_year(fiscal_year_label_en(year)) == year


def test_labels_and_bounds() -> None:
    assert fiscal_year_label_ja(2019) == "令和元年度"
    assert fiscal_year_label_ja(2024) == "令和6年度"
    assert fiscal_year_label_ja(2018) == "平成30年度"
    assert fiscal_year_label_en(2024) == "FY2024"
    assert fiscal_year_bounds(2024) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert fiscal_year_of(dt.date(2025, 3, 31)) == 2024
    assert fiscal_year_of(dt.date(2025, 4, 1)) == 2025
    with pytest.raises(FiscalYearError):
        gregorian_to_era(1900)


def test_vocabulary_is_up_to_date() -> None:
    assert gen_fiscal_years.main(["--check"]) == 0, "run python scripts/gen_fiscal_years.py"


def test_vocabulary_content() -> None:
    g = read_graph(ROOT / "ontology" / "fiscal-years.ttl")
    years = sorted(int(g.value(fy, WK.gregorianYear)) for fy in g.subjects(RDF.type, WK.FiscalYear))
    assert years == list(range(2015, 2036))
    for year in years:
        fy = fiscal_year_iri(year)
        assert (fy, RDF.type, TIME.Interval) in g
        labels = {(str(o), o.language) for o in g.objects(fy, RDFS.label)}
        assert labels == {(fiscal_year_label_ja(year), "ja"), (f"FY{year}", "en")}
        begin = g.value(g.value(fy, TIME.hasBeginning), TIME.inXSDDate)
        end = g.value(g.value(fy, TIME.hasEnd), TIME.inXSDDate)
        assert begin == Literal(f"{year}-04-01", datatype=XSD.date)
        assert end == Literal(f"{year + 1}-03-31", datatype=XSD.date)
    assert (fiscal_year_iri(2019), RDFS.label, Literal("令和元年度", lang="ja")) in g
    assert (fiscal_year_iri(2024), TIME.intervalMeets, fiscal_year_iri(2025)) in g
