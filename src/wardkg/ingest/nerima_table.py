"""The 年度別の取組計画 table of a 3rd-plan entry (tab-separated rows), and the quantities in its cells.

Why its own module: the table is the only place that carries numbers — a target for the last plan year,
the status at the end of the previous year, one plan cell per year, a total, and the 事業費 row — and
each cell is text with an embedded quantity (``2か所開始`` → 2, か所, 開始). The column years come from
the header row, not from code, so next edition's table (令和9年度…) parses unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from wardkg.errors import SourceFormatError
from wardkg.fiscal import FiscalYearError, fiscal_year_bounds, parse_fiscal_year
from wardkg.ingest.nerima_records import BudgetRow, Cell, EntryTable, KpiRow, Quantity
from wardkg.jtext import nfkc, remove_wrap_spaces

TABLE_START = re.compile(r"^No\.\s*(\d+)\s*[-－‐]\s*(\d+)\s*$")
_BUDGET = re.compile(r"^事業費\s*[(（]\s*(?P<unit>百万円|千円|万円|円)\s*[)）]$")
_BUDGET_VALUE = re.compile(r"^(?:\d[\d,]*(?:\.\d+)?|\*\*\*|)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_EMPTY = {"", "—", "―", "-", "－", "ー"}
# Counter words, longest first; what follows the counter is the action (開始, 拡大, 実施 …).
COUNTERS: tuple[str, ...] = (
    "事業所", "か所", "箇所", "ヵ所", "カ所", "か国", "施設", "団体", "世帯", "店舗", "地区", "路線",
    "件", "人", "名", "回", "校", "園", "床", "台", "戸", "本", "基", "km", "㎡", "%", "％",
)  # fmt: skip
_QUANTITY = re.compile(
    r"^(?P<label>.*?)[ \u3000]*(?P<cum>計)?[ \u3000]*(?P<num>\d[\d,]*(?:\.\d+)?)(?P<rest>\D*)$"
)
_ROUNDING_YEN = {
    "百万円": Decimal(1_000_000),
    "万円": Decimal(10_000),
    "千円": Decimal(1_000),
    "円": Decimal(1),
}


def rounding_unit_yen(unit: str) -> Decimal:
    """百万円 → 1,000,000."""
    return _ROUNDING_YEN[unit]


def parse_quantity(text: str) -> Quantity | None:
    """``練馬こどもカフェ 11か所`` → (11, か所, label 練馬こどもカフェ); ``計7か所`` → cumulative 7; no number → None."""
    m = _QUANTITY.match(nfkc(text).strip())
    if not m:
        return None
    rest = m.group("rest").strip()
    counter = next((c for c in COUNTERS if rest.startswith(nfkc(c))), None)
    action = rest[len(counter) :].strip() if counter else rest
    label = m.group("label").strip() or None
    value = Decimal(m.group("num").replace(",", ""))
    return Quantity(value, counter, action or None, m.group("cum") is not None, label)


def make_cell(raw: str) -> Cell:
    text = remove_wrap_spaces(raw)
    empty = text in _EMPTY
    return Cell(raw, text, None if empty else parse_quantity(text), empty)


def parse_table(lines: list[str], start: int, path: Path | str) -> tuple[EntryTable, int]:
    """Parse the table whose ``No. S - n`` row is ``lines[start]`` (0-based); return it and the next index.

    Raises SourceFormatError naming the 1-based line when a row has the wrong number of cells, the header
    does not name its years, or a 事業費 value is neither a number, "0" nor "***".
    """

    def fail(i: int, expected: str) -> SourceFormatError:
        found = lines[i].replace("\t", " ⇥ ") if i < len(lines) else "the end of the text"
        return SourceFormatError(path, i + 1, expected, found)

    first = lines[start].split("\t")
    m = TABLE_START.match(first[0].strip())
    if not m:
        raise fail(start, "a table header 'No. S - n'")
    if start + 1 >= len(lines):
        raise fail(
            start + 1, "the column header row (令和N年度目標, 令和M年度末の現況, one column per year, 計)"
        )
    header = [c.strip() for c in lines[start + 1].split("\t")]
    if len(header) < 4 or header[-1] != "計" or "目標" not in header[0] or "現況" not in header[1]:
        raise fail(
            start + 1, "the column header row (令和N年度目標, 令和M年度末の現況, one column per year, 計)"
        )
    try:
        target_year = parse_fiscal_year(header[0].replace("目標", ""))
        baseline_year = parse_fiscal_year(header[1].split("末")[0])
        plan_years = tuple(parse_fiscal_year(h) for h in header[2:-1])
    except FiscalYearError as exc:
        raise fail(start + 1, f"fiscal years in the column header ({exc})") from exc
    if list(plan_years) != list(range(plan_years[0], plan_years[0] + len(plan_years))):
        raise fail(start + 1, "consecutive plan years in the column header")
    baseline_as_of = (
        fiscal_year_bounds(baseline_year)[1] if "年度末" in header[1] else dt.date(baseline_year, 4, 1)
    )
    ncols = len(header)
    rows: list[KpiRow] = []
    budget: BudgetRow | None = None
    program: tuple[str | None, str | None] = (None, None)
    i = start + 2
    while i < len(lines) and lines[i].strip():
        cells = lines[i].split("\t")
        if len(cells) != ncols:
            raise fail(i, f"{ncols} tab-separated cells (a row of the No. {m.group(1)}-{m.group(2)} table)")
        head = cells[0].strip()
        bm = _BUDGET.match(head)
        if bm:
            values = [c.strip() for c in cells[2:]]
            for v in values:
                if not _BUDGET_VALUE.match(v):
                    raise fail(i, "事業費 values: a number, '0' (no cost) or '***' (to be budgeted)")
            budget = BudgetRow(bm.group("unit"), tuple(values[:-1]), values[-1], i + 1)
            i += 1
            break
        rest = [c.strip() for c in cells[1:]]
        if head[:1] in _CIRCLED and not any(rest):
            program = (head[1:].strip(), head[:1])
            i += 1
            continue
        is_new = head.startswith("★")
        target_raw = head.lstrip("★").strip()
        plans = tuple(make_cell(c) for c in cells[2:-1])
        rows.append(
            KpiRow(program[0], program[1], is_new, make_cell(target_raw), make_cell(cells[1]), plans,
                   make_cell(cells[-1]), i + 1)
        )  # fmt: skip
        i += 1
    if not rows and budget is None:
        raise fail(i, f"a target row or a 事業費 row in the No. {m.group(1)}-{m.group(2)} table")
    table = EntryTable(
        sp=int(m.group(1)),
        no=int(m.group(2)),
        target_year=target_year,
        baseline_label=header[1],
        baseline_as_of=baseline_as_of.isoformat(),
        plan_years=plan_years,
        rows=tuple(rows),
        budget=budget,
        first_line=start + 1,
        last_line=i,
    )
    return table, i
