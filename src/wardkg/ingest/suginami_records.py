"""What the Suginami comprehensive-plan parser extracts: plain records with their source lines.

Why separate records: the parser (suginami_parse.py) only reads lines and the builder (suginami.py)
only writes triples, so each can be tested and changed alone. Every record keeps the 1-based line
numbers it came from, because every node in the graph carries its provenance span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wardkg.ingest.suginami_mappings import FieldSpec, PlanSpec


@dataclass(frozen=True)
class Text:
    """A piece of text: *text* joined for reading (line wraps removed), *as_written* the raw lines."""

    text: str
    as_written: str
    first: int
    last: int


@dataclass(frozen=True)
class Item:
    """A `- title` line: a project (計画事業) in the field system or an item of a companion-plan list."""

    title: str
    as_written: str
    line: int


@dataclass
class Measure:
    """A measure (施策) `N title`, numbered 1-29 across all fields, with the project lines under it."""

    number: int
    title: str
    line: int
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class FieldEntry:
    """A field heading (as written, possibly two lines) with the future image that follows it."""

    spec: FieldSpec
    heading: Text
    image: Text


@dataclass
class Field:
    """A field of the 施策・事業体系 with its measures."""

    entry: FieldEntry
    measures: list[Measure] = field(default_factory=list)


@dataclass(frozen=True)
class PlanEntry:
    """One `(n) plan name` of ○計画の構成 with its description bullets."""

    spec: PlanSpec
    line: int
    description: tuple[Text, ...]


@dataclass(frozen=True)
class PeriodBlock:
    """One `(n) …` block of ○計画期間 (総合計画 / 実行計画 / その他計画) with its bullets."""

    number: int
    title: str
    line: int
    bullets: tuple[Text, ...]


@dataclass(frozen=True)
class TableRow:
    """A tab-separated `key<TAB>value` row (population tables)."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Peak:
    """A population peak row: `総人口<TAB>588,586人（R15(2033)）`."""

    indicator: str
    value: str
    unit: str
    year: int
    era_year_as_written: str
    line: int


@dataclass(frozen=True)
class Projection:
    """A projected value stated in prose: the ageing rate reaching 28.7% in 2065."""

    indicator: str
    value: str
    unit: str
    year: int
    text: Text


@dataclass(frozen=True)
class Population:
    """○人口の見通し: method table, peaks, prose bullets."""

    head_line: int
    intro: Text | None
    method_rows: tuple[TableRow, ...]
    peaks: tuple[Peak, ...]
    peak_note: Text | None
    bullets: tuple[Text, ...]
    projections: tuple[Projection, ...]


@dataclass(frozen=True)
class SdgGoal:
    """`■目標N` and the goal's name (one or two lines)."""

    number: int
    name: Text


@dataclass(frozen=True)
class StatedCount:
    """A count the document states (`○施策数 29施策`, `5方針 60事業`), kept apart from what it lists."""

    kind: str
    value: int
    line: int
    as_written: str


@dataclass
class SubGroup:
    """A `- <label>` sub-group of a companion-plan group, with its ` - item` lines."""

    order: int
    label: str
    as_written: str
    line: int
    items: list[Item] = field(default_factory=list)


@dataclass
class Group:
    """A numbered group `N title` under a 方針 (numbering restarts per 方針)."""

    number: int
    title: str
    line: int
    entries: list[Item | SubGroup] = field(default_factory=list)


@dataclass
class Policy:
    """A basic policy `方針N title`, with groups, or a reference to a separate volume (`※別冊「…」参照`)."""

    number: int
    title: str
    as_written: str
    line: int
    marker: str | None = None
    groups: list[Group] = field(default_factory=list)
    footnote: Text | None = None
    external_document: str | None = None


@dataclass
class CompanionList:
    """A companion plan's basic-policy list (`区政経営改革推進基本方針` …)."""

    spec: PlanSpec
    line: int
    policies: list[Policy] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    """A closing summary box: `○協働推進計画` / `2方針 50事業`."""

    spec: PlanSpec
    head_line: int
    policies: StatedCount
    items: StatedCount


@dataclass
class SuginamiDocument:
    """Everything the parser found, in document order."""

    path: str
    title: Text
    period: Text
    fiscal_years: tuple[int, ...]
    vision: Text
    vision_heading: Text
    basic_concept: Text
    basic_concept_name: str
    vision_fields: list[FieldEntry]
    plans: list[PlanEntry]
    periods: list[PeriodBlock]
    population: Population
    sdg_head: Text
    sdg_promise: Text | None
    goals: list[SdgGoal]
    strategy: Text
    strategy_name: str
    system_line: int
    fields: list[Field]
    stated_counts: list[StatedCount]
    legend: Text | None
    composition_counts: list[StatedCount]
    companions: list[CompanionList]
    summaries: list[Summary]
    orphan_headings: list[Text]
