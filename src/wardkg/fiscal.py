"""Japanese fiscal years (年度) and era years, both ways.

A fiscal year runs from 1 April to 31 March; FY2024 = 令和6年度. 令和N = 2018+N (令和元年 = 2019),
平成N = 1988+N (平成31年度 = 令和元年度 = FY2019), 昭和N = 1925+N. Full-width digits and 元 (year one) are
accepted, and so are the abbreviations R6 / H30 / S60 used in tables.

Forms :func:`parse_fiscal_years` understands (all seen in ward plans):

* one year: 令和6年度, 令和６年度, 令和元年度, R6年度, 2024年度, FY2024;
* a list: 令和4・5年度, 令和4年度・5年度, 令和4、5年度;
* a span: 令和6～8年度, 令和6~8年度, 令和6－8年度, 令和4年度～6年度, 平成30年度〜令和2年度,
  令和5年度から令和8年度まで, 2024～2026年度;
* the Gregorian year in brackets, which must agree: 令和 4（2022）年度～令和 12（2030）年度.

Why a hand-written scanner rather than one regular expression: a span or list may continue after 年度
(令和4年度～6年度), and the continuation inherits the era of the year before it. Text between two
unrelated mentions (令和5年度から実施し、令和8年度に…) never creates a span: only a bare connector does.
"""

from __future__ import annotations

import datetime as dt
import re

from wardkg.jtext import nfkc

ERAS: dict[str, int] = {"令和": 2018, "平成": 1988, "昭和": 1925}
"""Offset added to the era year to get the Gregorian year."""

ERA_ABBREVIATIONS: dict[str, str] = {"R": "令和", "H": "平成", "S": "昭和"}
"""Latin initials used in tables (R6年度 = 令和6年度)."""

FIRST_SUPPORTED_FY = 1927
"""FY1926 began in 大正15; earlier eras are out of scope for ward plans."""

_ERA = "|".join([*ERAS, *(rf"(?<![A-Za-z]){a}(?=\s*\d)" for a in ERA_ABBREVIATIONS)])
_NUM = r"(?:\d+|元)"
_GREG = r"(?:\(\s*(?P<{name}>\d{{4}})\s*\))?"
_SPAN = r"(?:~|-|–|‐|から)"
_LIST = r"[・,、]"

_ERA_RE = re.compile(
    rf"(?P<era>{_ERA})\s*(?P<first>{_NUM})\s*{_GREG.format(name='greg')}"
    rf"(?P<rest>(?:\s*{_LIST}\s*{_NUM})*)"
    rf"(?:\s*{_SPAN}\s*(?:(?P<era2>{_ERA})\s*)?(?P<last>{_NUM})\s*{_GREG.format(name='greg2')})?\s*年度"
)
_GREGORIAN_RE = re.compile(
    rf"(?<![\d(])(?P<gy>\d{{4}})(?:\s*{_SPAN}\s*(?P<gy2>\d{{4}}))?\s*年度|(?<![A-Za-z])FY\s*(?P<fy>\d{{4}})(?!\d)"
)
_CONT_RE = re.compile(
    rf"\s*(?P<sep>{_SPAN}|{_LIST})\s*(?:(?P<era>{_ERA})\s*)?(?P<num>{_NUM})\s*{_GREG.format(name='greg')}\s*年度"
)


class FiscalYearError(ValueError):
    """A text that should name fiscal years does not."""


def _num(s: str) -> int:
    return 1 if s == "元" else int(s)


def _era_name(era: str) -> str:
    return ERA_ABBREVIATIONS.get(era, era)


def era_to_gregorian(era: str, year: int) -> int:
    """令和6 → 2024 (also R6)."""
    era = _era_name(era)
    if era not in ERAS:
        raise FiscalYearError(f"unknown era {era!r}")
    if year < 1:
        raise FiscalYearError(f"era year must be ≥ 1, got {year}")
    return ERAS[era] + year


def gregorian_to_era(year: int) -> tuple[str, int]:
    """2024 → ("令和", 6); 2019 → ("令和", 1). Years before 令和 use 平成 (1989-2018), then 昭和."""
    if year < FIRST_SUPPORTED_FY:
        raise FiscalYearError(f"fiscal year {year} is before {FIRST_SUPPORTED_FY} (昭和2年度), not supported")
    if year >= 2019:
        return "令和", year - ERAS["令和"]
    if year >= 1989:
        return "平成", year - ERAS["平成"]
    return "昭和", year - ERAS["昭和"]


def fiscal_year_label_ja(year: int) -> str:
    """2019 → 令和元年度, 2024 → 令和6年度."""
    era, n = gregorian_to_era(year)
    return f"{era}{'元' if n == 1 else n}年度"


def fiscal_year_label_en(year: int) -> str:
    """2024 → FY2024."""
    return f"FY{year}"


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """FY2024 → (2024-04-01, 2025-03-31)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a date falls in (2025-03-31 → 2024)."""
    return day.year if day.month >= 4 else day.year - 1


def _check_greg(text: str, era: str, num: str, year: int, greg: str | None) -> None:
    if greg and int(greg) != year:
        raise FiscalYearError(f"{text!r}: {_era_name(era)}{num} is {year}, not {greg}")


def _extend_span(text: str, found: list[int], last: int) -> None:
    if last < found[-1]:
        raise FiscalYearError(f"{text!r}: range ends before it starts")
    found.extend(range(found[-1] + 1, last + 1))


def _era_match(m: re.Match[str]) -> tuple[str, list[int]]:
    era = m["era"]
    first = era_to_gregorian(era, _num(m["first"]))
    _check_greg(m[0], era, m["first"], first, m["greg"])
    found = [first]
    for part in re.findall(_NUM, m["rest"] or ""):
        found.append(era_to_gregorian(era, _num(part)))
    if m["last"]:
        era2 = m["era2"] or era
        last = era_to_gregorian(era2, _num(m["last"]))
        _check_greg(m[0], era2, m["last"], last, m["greg2"])
        _extend_span(m[0], found, last)
        era = era2
    return era, found


def _gregorian_match(m: re.Match[str]) -> list[int]:
    if m["fy"]:
        return [int(m["fy"])]
    found = [int(m["gy"])]
    if m["gy2"]:
        _extend_span(m[0], found, int(m["gy2"]))
    return found


def parse_fiscal_years(text: str) -> list[int]:
    """Every fiscal year named in *text*, in order: 令和4・5年度 → [2022, 2023]; 令和6～8年度 → [2024, 2025, 2026].

    Raises FiscalYearError if *text* names none, an era year is 0, a span runs backwards, or a bracketed
    Gregorian year disagrees with the era year.
    """
    norm = nfkc(text).replace("〜", "~").replace("～", "~")
    years: list[int] = []
    pos = 0
    while True:
        m_era = _ERA_RE.search(norm, pos)
        m_greg = _GREGORIAN_RE.search(norm, pos)
        if m_era is None and m_greg is None:
            break
        era: str | None
        if m_era is not None and (m_greg is None or m_era.start() <= m_greg.start()):
            era, found = _era_match(m_era)
            pos = m_era.end()
        else:
            assert m_greg is not None
            era, found = None, _gregorian_match(m_greg)
            pos = m_greg.end()
        # continuations after 年度: 令和4年度～6年度, 令和4年度・5年度, 令和5年度から令和8年度
        while era is not None and (c := _CONT_RE.match(norm, pos)):
            c_era = c["era"] or era
            year = era_to_gregorian(c_era, _num(c["num"]))
            _check_greg(c[0], c_era, c["num"], year, c["greg"])
            if re.fullmatch(_LIST, c["sep"]):
                found.append(year)
            else:
                _extend_span(norm[: c.end()], found, year)
            era, pos = c_era, c.end()
        years.extend(y for y in found if y not in years)
    if not years:
        raise FiscalYearError(f"no fiscal year in {text!r}")
    return years


def parse_fiscal_year(text: str) -> int:
    """Exactly one fiscal year: 令和６年度 → 2024."""
    years = parse_fiscal_years(text)
    if len(years) != 1:
        raise FiscalYearError(f"{text!r} names {len(years)} fiscal years, expected one")
    return years[0]
