"""Japanese fiscal years (年度) and era years, both ways.

A fiscal year runs from 1 April to 31 March; FY2024 = 令和6年度. 令和N = 2018+N (令和元年 = 2019),
平成N = 1988+N (平成31年度 = 令和元年度 = FY2019). Full-width digits and 元 (year one) are accepted.
Ranges: 令和4・5年度 (a list), 令和6～8年度 / 令和6~8年度 / 令和6－8年度 (a span), 令和 4（2022）年度 (with the
Gregorian year in brackets, which must agree).
"""

from __future__ import annotations

import datetime as dt
import re

from wardkg.jtext import nfkc

ERAS: dict[str, int] = {"令和": 2018, "平成": 1988, "昭和": 1925}
"""Offset added to the era year to get the Gregorian year."""

_ERA = "|".join(ERAS)
_NUM = r"(?:\d+|元)"
_FY_RE = re.compile(
    rf"(?P<era>{_ERA})\s*(?P<first>{_NUM})\s*(?:\((?P<greg>\d{{4}})\s*\))?"
    rf"(?P<rest>(?:\s*[・,、]\s*{_NUM})*)(?:\s*[~〜\-－–]\s*(?:(?P<era2>{_ERA})\s*)?(?P<last>{_NUM}))?\s*年度"
)


class FiscalYearError(ValueError):
    """A text that should name fiscal years does not."""


def _num(s: str) -> int:
    return 1 if s == "元" else int(s)


def era_to_gregorian(era: str, year: int) -> int:
    """令和6 → 2024."""
    if era not in ERAS:
        raise FiscalYearError(f"unknown era {era!r}")
    if year < 1:
        raise FiscalYearError(f"era year must be ≥ 1, got {year}")
    return ERAS[era] + year


def gregorian_to_era(year: int) -> tuple[str, int]:
    """2024 → ("令和", 6); 2019 → ("令和", 1). Years before 令和 use 平成 (1989-2018)."""
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


def parse_fiscal_years(text: str) -> list[int]:
    """Every fiscal year named in *text*, in order: 令和4・5年度 → [2022, 2023]; 令和6～8年度 → [2024, 2025, 2026].

    Raises FiscalYearError if *text* names none or a bracketed Gregorian year disagrees with the era year.
    """
    norm = nfkc(text).replace("〜", "~").replace("～", "~")
    years: list[int] = []
    prev_end = -1
    for m in _FY_RE.finditer(norm):
        spans_from_previous = prev_end >= 0 and norm[prev_end : m.start()].strip() == "~"
        prev_end = m.end()
        era = m["era"]
        first = era_to_gregorian(era, _num(m["first"]))
        if m["greg"] and int(m["greg"]) != first:
            raise FiscalYearError(f"{m[0]!r}: {era}{m['first']} is {first}, not {m['greg']}")
        found = [first]
        for part in re.findall(_NUM, m["rest"] or ""):
            found.append(era_to_gregorian(era, _num(part)))
        if m["last"]:
            last = era_to_gregorian(m["era2"] or era, _num(m["last"]))
            if last < found[-1]:
                raise FiscalYearError(f"{m[0]!r}: range ends before it starts")
            found.extend(range(found[-1] + 1, last + 1))
        if spans_from_previous and years and found[0] > years[-1]:
            found = list(range(years[-1] + 1, found[0])) + found
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
