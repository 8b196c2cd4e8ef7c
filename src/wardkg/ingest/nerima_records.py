"""Plain records for Nerima's action plans, shared by both layout parsers and the graph builder.

Why records between parsing and RDF: the two layouts (the 2nd plan's one-line text, the 3rd plan's
line-based text with tab tables) are read by different parsers but describe one model — pillars,
strategic plans, initiatives, units, KPI tables — which one builder turns into triples. Tests can check
what the parser understood without going through RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wardkg.ingest.common import Span
from wardkg.ingest.nerima_units import UnitList


@dataclass(frozen=True)
class Footnote:
    """A ※ definition attached to an item: ``※1 マイナポータル・・・各個人が…``."""

    number: int
    term: str | None
    text: str
    span: Span

    @property
    def marker(self) -> str:
        return f"※{self.number}"


@dataclass(frozen=True)
class Bullet:
    """One point of a circled-number list (① … ⑥, extracted as @ A B C D E)."""

    number: int
    marker: str
    text: str
    title: str | None
    span: Span


@dataclass(frozen=True)
class Units:
    """A 事業実施課 line: the parsed units and where the line stands."""

    units: UnitList
    span: Span


@dataclass
class Item:
    """An initiative (numbered 1, 2, … in a section) or a sub-item ((1), (2), … under an initiative)."""

    number: int
    title_raw: str
    title: str
    span: Span
    is_new: bool = False
    is_repost: bool = False
    description: str | None = None
    bullets: list[Bullet] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    units: Units | None = None
    units_shared_with: tuple[int, ...] = ()
    """Sub-item numbers a shared unit line covers (6-1(1)+(2) share the line placed after (2))."""
    children: list[Item] = field(default_factory=list)


@dataclass
class Section:
    """A section-kind heading inside a strategic plan: 令和4・5年度の取組 or 関連する事業."""

    kind: str
    """"torikumi" (current initiatives) or "kanren" (related projects)."""
    heading: str
    fiscal_years: tuple[int, ...]
    span: Span
    items: list[Item] = field(default_factory=list)


@dataclass
class StrategicPlan:
    """戦略計画 N: numbered across the whole plan, not per pillar."""

    number: int
    title_raw: str
    title: str
    span: Span
    page: int | None = None
    sections: list[Section] = field(default_factory=list)


@dataclass
class Pillar:
    """施策の柱 N."""

    number: int
    title_raw: str
    title: str
    span: Span
    plans: list[StrategicPlan] = field(default_factory=list)


@dataclass(frozen=True)
class Quantity:
    """A quantity read from a table cell: ``2か所開始`` → 2, か所, 開始; ``計7か所`` → 7, か所, cumulative."""

    value: Decimal
    counter: str | None
    action: str | None
    cumulative: bool
    label: str | None
    """What is counted, when the cell names it before the number (``練馬こどもカフェ 11か所``)."""


@dataclass(frozen=True)
class Cell:
    """A table cell: the text as written, the exact text (wrap spaces removed) and a parsed quantity."""

    raw: str
    text: str
    quantity: Quantity | None
    empty: bool


@dataclass(frozen=True)
class KpiRow:
    """A target row of a 年度別の取組計画 table (optionally under a ① program header, ★ = new part)."""

    program: str | None
    program_marker: str | None
    is_new: bool
    target: Cell
    baseline: Cell
    plans: tuple[Cell, ...]
    total: Cell
    line: int


@dataclass(frozen=True)
class BudgetRow:
    """事業費(百万円): one cell per plan year plus the total; "0" and "***" are special states."""

    rounding_unit: str
    cells: tuple[str, ...]
    total: str
    line: int


@dataclass(frozen=True)
class EntryTable:
    """The table under a 3rd-plan entry: ``No. S - n`` header, column years, KPI rows, budget row."""

    sp: int
    no: int
    target_year: int
    baseline_label: str
    baseline_as_of: str
    plan_years: tuple[int, ...]
    rows: tuple[KpiRow, ...]
    budget: BudgetRow | None
    first_line: int
    last_line: int


@dataclass
class Entry:
    """A 3rd-plan entry: ``(k) title`` heading, description, table, unit line (any may be absent in an excerpt)."""

    heading_number: int | None
    title_raw: str | None
    title: str | None
    is_new: bool
    description: str | None
    table: EntryTable | None
    units: Units | None
    example_label: str | None
    first_line: int
    last_line: int


@dataclass
class ReadingNotes:
    """Facts the 3rd plan's explanatory callouts state (年度別取組計画の見方), used as data, not as content."""

    units_valid_as_of: str | None = None
    baseline_estimated_as_of: str | None = None
    estimate_years: tuple[int, ...] = ()
    rounding_note: str | None = None
    rounding_unit_rule: str | None = None
    zero_means: str | None = None
    stars_mean: str | None = None
    repost_cost_note: str | None = None


@dataclass
class ParsedPlan:
    """What a Nerima action-plan parser found in one document."""

    variant: str
    """"one-line" (2nd-plan style) or "line-based" (3rd-plan style)."""
    title: str
    title_span: Span
    fiscal_years: tuple[int, ...]
    issued: str | None
    issuing_unit: tuple[str, ...]
    is_draft: bool
    pillars: list[Pillar]
    entries: list[Entry] = field(default_factory=list)
    notes: ReadingNotes = field(default_factory=ReadingNotes)

    def strategic_plans(self) -> list[StrategicPlan]:
        return [sp for p in self.pillars for sp in p.plans]
