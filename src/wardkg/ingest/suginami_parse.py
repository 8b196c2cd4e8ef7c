"""Section-aware line parser for 杉並区総合計画 (document family ``suginami-comprehensive-plan``).

The extracted text is markdown-like (see /work/shared/seeds/NOTES-suginami.md, checked against the text):
section heads `○…` (once `〇…`, once a Latin `O…` from OCR), the plan enumeration `(n) …`, measures
`N title` numbered globally 1-29, basic policies `方針N title` whose groups `N title` restart at 1 per
方針, items `- title`, nested ` - item` under `- <sub-group>`, tab-separated tables and count strings
(`○施策数 29施策`, `5方針 60事業`).

Why section-aware: the same line shape means different things in different sections (`3 負担の適正化`
is a group under a 方針, `3 犯罪が…` a measure). So the text is first cut at the known section heads, in
their fixed order, and each section has its own small grammar. Every non-blank line must fit the grammar
of its section; anything else raises SourceFormatError naming the line — a missing field heading, a
measure out of sequence, an unknown 方針 or a truncated file never yields a partial or shifted graph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from wardkg.errors import SourceFormatError
from wardkg.fiscal import FiscalYearError, era_to_gregorian, parse_fiscal_years
from wardkg.ingest.suginami_mappings import FieldSpec, PlanSpec, heading_key, load_fields, load_plans
from wardkg.ingest.suginami_records import (
    CompanionList,
    Field,
    FieldEntry,
    Group,
    Item,
    Measure,
    Peak,
    PeriodBlock,
    PlanEntry,
    Policy,
    Population,
    Projection,
    SdgGoal,
    StatedCount,
    SubGroup,
    SuginamiDocument,
    Summary,
    TableRow,
    Text,
)
from wardkg.jtext import match_key, nfkc, remove_wrap_spaces

# --- lines -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One non-blank source line: 1-based number, the raw text (right-stripped, leading space kept)."""

    no: int
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def norm(self) -> str:
        """NFKC form used for pattern matching (（1） → (1), full-width digits → ASCII)."""
        return nfkc(self.text)


def _text(lines: Sequence[Line], joiner: str = "") -> Text:
    """Join wrapped lines: Japanese wraps join without a separator; the raw lines are kept as written."""
    joined = remove_wrap_spaces(joiner.join(ln.text for ln in lines))
    return Text(joined, "\n".join(ln.text for ln in lines), lines[0].no, lines[-1].no)


def _one(line: Line, text: str | None = None) -> Text:
    return Text(text if text is not None else line.text, line.text, line.no, line.no)


# --- sections ----------------------------------------------------------------------------------------

_MARKER = re.compile(r"^(?:[○〇◯]|O(?=[^\x00-\x7f]|SDG))\s*")

_FIXED_HEADS: dict[str, str] = {
    "新たな「総合計画」等策定の基本的考え方": "basics",
    "計画の目的": "purpose",
    "計画の構成": "composition",
    "計画の体系図": "diagram",
    "計画期間": "period",
    "人口の見通し": "population",
    "SDGsと区の取組について": "sdg",
    "SDGsと区の実組について": "sdg",  # OCR: 実組 = 取組 (line 153)
    "まち・ひと・しごと創生総合戦略について": "strategy",
    "分野別施策・事業体系": "system",
    "区政経営の基本姿勢": "stance",
    "区民と共に実現する基本構想": "orphan",
    "基本構想実現のための区民参加": "orphan",
    "総合計画等の進捗状況・達成度の公表": "orphan",
}
"""Section heads by key (match_key of the line without its ○ marker). Orphans: headings with no body."""

_SECTION_NAMES: dict[str, str] = {
    "basics": "新たな「総合計画」等策定の基本的考え方",
    "purpose": "○計画の目的",
    "composition": "○計画の構成",
    "diagram": "○計画の体系図",
    "period": "○計画期間",
    "population": "○人口の見通し",
    "sdg": "○SDGsと区の取組について",
    "strategy": "○まち・ひと・しごと創生総合戦略について",
    "system": "分野別 施策・事業体系",
    "stance": "区政経営の基本姿勢",
}


@dataclass
class Section:
    name: str
    head: Line
    body: list[Line]


_FIXED_KEYS = {match_key(k): v for k, v in _FIXED_HEADS.items()}


def _section_key(line: Line, plans: Sequence[PlanSpec]) -> str | None:
    """The section a head line opens, or None if *line* is not a section head."""
    has_marker = bool(_MARKER.match(line.norm))
    key = match_key(_MARKER.sub("", line.norm))
    if key in _FIXED_KEYS:
        return _FIXED_KEYS[key]
    for p in plans:
        if p.policy_heading and key == match_key(p.policy_heading) and not has_marker:
            return f"companion:{p.order}"
        if p.summary_heading and key == match_key(p.summary_heading) and has_marker:
            return f"summary:{p.order}"
    return None


def _expected_sections(plans: Sequence[PlanSpec]) -> list[str]:
    fixed = ["basics", "purpose", "composition", "diagram", "period", "population", "sdg", "strategy"]
    fixed += ["system", "stance"]
    fixed += [f"companion:{p.order}" for p in plans if p.policy_heading]
    fixed += [f"summary:{p.order}" for p in plans if p.summary_heading]
    return fixed


def _section_label(name: str, plans: Sequence[PlanSpec]) -> str:
    if name in _SECTION_NAMES:
        return _SECTION_NAMES[name]
    kind, _, order = name.partition(":")
    spec = next(p for p in plans if str(p.order) == order)
    return str(spec.policy_heading) if kind == "companion" else f"○{spec.summary_heading}"


# --- the parser --------------------------------------------------------------------------------------

_PLAN_ENUM = re.compile(r"^\((\d+)\)\s*(.+)$")
_CAPTION = re.compile(r"^\((?!\d+\)).+\)$")
_BULLET = re.compile(r"^-\s+(?:・\s*)?(.+)$")
_MEASURE = re.compile(r"^(\d+)\s+(\S.*)$")
_ITEM = re.compile(r"^-\s+(\S.*)$")
_SUBGROUP = re.compile(r"^-\s*<(.+)>$")
_NESTED = re.compile(r"^\s+-\s+(\S.*)$")
_POLICY = re.compile(r"^方針(\d+)\s+(\S.*?)\s*([*＊])?$")
_STATED = re.compile(r"^[○〇]\s*(施策数|計画事業|重点計画事業)\s*(\d+)\s*(施策|事業)$")
_SUMMARY = re.compile(r"^(\d+)方針\s*(\d+)事業$")
_GOAL = re.compile(r"^■\s*目標\s*(\d+)\s*(.*)$")
_PEAK = re.compile(r"^([\d,]+(?:\.\d+)?)\s*(人|%)\s*\(R\s*(\d+)\s*\((\d{4})\)\)$")
_CIRCLED_HEAD = re.compile(r"^[①-⑳]")
_EXTERNAL = re.compile(r"別冊「([^」]+)」")
_COMPOSITION_COUNT = re.compile(r"(\d+)つの(分野)|(\d+)の(施策)を定め")


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.fields: tuple[FieldSpec, ...] = load_fields()
        self.plans: tuple[PlanSpec, ...] = load_plans()
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            raise SourceFormatError(path, line, "UTF-8 text", "binary data (NUL bytes)")
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.lines = [Line(i, raw.rstrip()) for i, raw in enumerate(raw_lines, start=1) if raw.strip()]
        self.last_line = len(raw_lines)
        if not self.lines:
            raise SourceFormatError(path, 1, "the title 杉並区総合計画", "an empty document")

    def fail(self, line: Line | int | None, expected: str, found: str | None = None) -> SourceFormatError:
        if isinstance(line, Line):
            return SourceFormatError(self.path, line.no, expected, line.text if found is None else found)
        return SourceFormatError(self.path, line, expected, found or "")

    # -- top level ----------------------------------------------------------------------------------

    def parse(self) -> SuginamiDocument:
        preamble, sections = self._split()
        title, period, years = self._preamble(preamble)
        by = {s.name: s for s in sections}
        for name in ("basics", "diagram", "stance"):
            if by[name].body:
                raise self.fail(by[name].body[0], f"no text under {_SECTION_NAMES[name]!r}")
        vision, vision_heading, concept, concept_name, vision_fields = self._purpose(by["purpose"])
        plans, composition_counts = self._composition(by["composition"])
        fields, stated, legend = self._system(by["system"])
        companions = [self._companion(by[f"companion:{p.order}"], p) for p in self.plans if p.policy_heading]
        summaries = [self._summary(by[f"summary:{p.order}"], p) for p in self.plans if p.summary_heading]
        self._check_policy_counts(companions, summaries)
        sdg = by["sdg"]
        promise, goals = self._sdg(sdg)
        strategy, strategy_name = self._strategy(by["strategy"])
        orphans = []
        for s in sections:
            if s.name == "orphan":
                if s.body:
                    raise self.fail(s.body[0], f"no text under the heading {s.head.text!r}")
                orphans.append(_one(s.head))
        return SuginamiDocument(
            path=self.path,
            title=title,
            period=period,
            fiscal_years=years,
            vision=vision,
            vision_heading=vision_heading,
            basic_concept=concept,
            basic_concept_name=concept_name,
            vision_fields=vision_fields,
            plans=plans,
            periods=self._periods(by["period"]),
            population=self._population(by["population"]),
            sdg_head=_one(sdg.head),
            sdg_promise=promise,
            goals=goals,
            strategy=strategy,
            strategy_name=strategy_name,
            system_line=by["system"].head.no,
            fields=fields,
            stated_counts=stated,
            legend=legend,
            composition_counts=composition_counts,
            companions=companions,
            summaries=summaries,
            orphan_headings=orphans,
        )

    def _split(self) -> tuple[list[Line], list[Section]]:
        """Cut the document at its section heads and check they come in the expected order."""
        preamble: list[Line] = []
        sections: list[Section] = []
        for line in self.lines:
            key = _section_key(line, self.plans)
            if key is not None:
                sections.append(Section(key, line, []))
            elif sections:
                sections[-1].body.append(line)
            else:
                preamble.append(line)
        found = [s for s in sections if s.name != "orphan"]
        expected = _expected_sections(self.plans)
        for i, name in enumerate(expected):
            label = _section_label(name, self.plans)
            if i >= len(found):
                raise self.fail(self.last_line, f"the section heading {label!r}", "the end of the document")
            if found[i].name != name:
                raise self.fail(found[i].head, f"the section heading {label!r} (sections in document order)")
        if len(found) > len(expected):
            raise self.fail(found[len(expected)].head, "no further section after the summary boxes")
        return preamble, sections

    def _preamble(self, lines: list[Line]) -> tuple[Text, Text, tuple[int, ...]]:
        """Line 3 `杉並区総合計画`, line 5 `令和 4（2022）年度～令和 12（2030）年度`."""
        title_spec = self.plans[0]
        if not lines:
            raise self.fail(self.lines[0], f"the title {title_spec.title!r} before the first section")
        if match_key(lines[0].text) != match_key(title_spec.title):
            raise self.fail(lines[0], f"the title {title_spec.title!r}")
        if len(lines) != 2:
            at = lines[1] if len(lines) > 2 else lines[0]
            raise self.fail(
                at, "the title and one line with the plan period (令和4（2022）年度～令和12（2030）年度)"
            )
        try:
            years = tuple(parse_fiscal_years(lines[1].text))
        except FiscalYearError as exc:
            raise self.fail(lines[1], f"the plan period as fiscal years ({exc})") from exc
        return _one(lines[0]), _one(lines[1]), years

    # -- fields -------------------------------------------------------------------------------------

    def _match_heading(self, body: Sequence[Line], i: int, spec: FieldSpec) -> tuple[Text, str, int] | None:
        """If the lines from *i* open field *spec*: (heading as written, rest of the line, next index).

        Three shapes occur: the heading alone (`防災・防犯`), split over two lines (`環境` / `みどり`),
        or sharing its line with the future image (`学び 共に認め合い…`, `文化 スポーツ 文化を育み…`).
        """
        key = heading_key(body[i].text)
        if not key:
            return None
        if key == spec.key:
            return _one(body[i]), "", i + 1
        if spec.key.startswith(key):
            j = i + 1
            acc = key
            while j < len(body) and spec.key.startswith(acc) and acc != spec.key:
                acc += heading_key(body[j].text)
                j += 1
            if acc == spec.key:
                return _text(body[i:j], "\n"), "", j
            return None
        if key.startswith(spec.key):
            raw = body[i].text
            for cut in range(1, len(raw) + 1):
                if heading_key(raw[:cut]) == spec.key:
                    rest = raw[cut:].strip()
                    head = raw[:cut].strip()
                    return Text(head, head, body[i].no, body[i].no), rest, i + 1
        return None

    def _other_field(self, line: Line, expected: FieldSpec) -> FieldSpec | None:
        key = heading_key(line.text)
        return next((f for f in self.fields if f != expected and f.key == key), None)

    def _purpose(self, sec: Section) -> tuple[Text, Text, Text, str, list[FieldEntry]]:
        """〇計画の目的: prose, the vision 「…」 under `…目指すまちの姿`, then `分野ごとの将来像` and 8 pairs."""
        body = sec.body
        idx = next((i for i, ln in enumerate(body) if match_key(ln.text) == "分野ごとの将来像"), None)
        if idx is None:
            raise self.fail(sec.head, "a line 分野ごとの将来像 in 〇計画の目的", "")
        vision = vision_heading = concept = None
        concept_name = "基本構想"
        for i, ln in enumerate(body[:idx]):
            m = re.fullmatch(r"「(.+)」", ln.text)
            if m and i > 0 and "目指すまちの姿" in body[i - 1].text:
                vision, vision_heading = _one(ln, m[1]), _one(body[i - 1])
            if concept is None and "基本構想" in ln.text and "策定" in ln.text:
                concept = _one(ln)
            named = re.search(r"(杉並区基本構想)", ln.text)
            if named:
                concept_name = named[1]
        if vision is None or vision_heading is None:
            raise self.fail(
                body[idx], "the vision 「…」 after a line naming 目指すまちの姿, before 分野ごとの将来像"
            )
        if concept is None:
            raise self.fail(sec.head, "a sentence on the 基本構想 the plan is based on", "")
        entries: list[FieldEntry] = []
        i = idx + 1
        for n, spec in enumerate(self.fields):
            if i >= len(body):
                raise self.fail(
                    body[-1], f"the heading of field {spec.order} {spec.canonical} in 分野ごとの将来像"
                )
            matched = self._match_heading(body, i, spec)
            if matched is None:
                other = self._other_field(body[i], spec)
                found = f"the heading of field {other.order} {other.canonical}" if other else None
                raise self.fail(body[i], f"the heading of field {spec.order} {spec.canonical}", found)
            heading, rest, i = matched
            image_lines: list[Line] = []
            nxt = self.fields[n + 1] if n + 1 < len(self.fields) else None
            while i < len(body) and (nxt is None or self._match_heading(body, i, nxt) is None):
                other = self._other_field(body[i], spec)
                if other is not None:
                    raise self.fail(
                        body[i],
                        f"the heading of field {nxt.order} {nxt.canonical}" if nxt else "end of the list",
                    )
                image_lines.append(body[i])
                i += 1
            entries.append(FieldEntry(spec, heading, self._image(heading, rest, image_lines, spec)))
        return vision, vision_heading, concept, concept_name, entries

    def _image(self, heading: Text, rest: str, lines: list[Line], spec: FieldSpec) -> Text:
        """The future image after a heading (rest of the heading's line and/or following lines)."""
        if rest:
            first = Line(heading.first, rest)
            lines = [first, *lines]
        if not lines:
            raise self.fail(heading.last, f"the future image (将来像) of field {spec.order} {spec.canonical}")
        return _text(lines)

    def _system(self, sec: Section) -> tuple[list[Field], list[StatedCount], Text | None]:
        """分野別 施策・事業体系: field heading → future image → `N measure` → `- project` lines.

        The box with the stated totals and the 凡例 (whose symbols were lost) interrupts the text
        between fields 2 and 3; it is read as such and may not appear inside a measure's list.
        """
        body = sec.body
        fields: list[Field] = []
        stated: list[StatedCount] = []
        legend: Text | None = None
        expected_measure = 1
        i = 0
        while i < len(body):
            ln = body[i]
            nxt_spec = self.fields[len(fields)] if len(fields) < len(self.fields) else None
            m_count = _STATED.match(ln.norm)
            m_measure = _MEASURE.match(ln.norm)
            m_item = _ITEM.match(ln.text)
            if m_count:
                stated.append(StatedCount(m_count[1], int(m_count[2]), ln.no, ln.text))
                i += 1
            elif match_key(ln.text) == "【凡例】":
                j = i + 1
                while j < len(body) and (nxt_spec is None or self._match_heading(body, j, nxt_spec) is None):
                    if _MEASURE.match(body[j].norm) or _ITEM.match(body[j].text):
                        want = (
                            f"the heading of field {nxt_spec.order} {nxt_spec.canonical}"
                            if nxt_spec
                            else "no"
                        )
                        raise self.fail(body[j], f"{want} after the legend 【凡例】")
                    j += 1
                legend = _text(body[i:j], "\n")
                i = j
            elif m_measure:
                if not fields:
                    spec = self.fields[0]
                    raise self.fail(ln, f"the heading of field 1 {spec.canonical} before the first measure")
                number = int(m_measure[1])
                if number != expected_measure:
                    raise self.fail(
                        ln, f"measure {expected_measure} (measures are numbered continuously across fields)"
                    )
                fields[-1].measures.append(
                    Measure(number, remove_wrap_spaces(ln.text.split(None, 1)[1]), ln.no)
                )
                expected_measure += 1
                i += 1
            elif m_item and not _SUBGROUP.match(ln.text) and not ln.raw.startswith(" "):
                if not fields or not fields[-1].measures:
                    raise self.fail(ln, "a measure line 'N title' before the first project '- …'")
                title = remove_wrap_spaces(m_item[1])
                fields[-1].measures[-1].items.append(Item(title, m_item[1], ln.no))
                i += 1
            else:
                if nxt_spec is None:
                    raise self.fail(
                        ln, "a measure 'N title' or a project '- title' (all fields already read)"
                    )
                if fields and not fields[-1].measures:
                    raise self.fail(ln, f"a measure 'N title' under field {fields[-1].entry.spec.canonical}")
                matched = self._match_heading(body, i, nxt_spec)
                if matched is None:
                    other = self._other_field(ln, nxt_spec)
                    found = (
                        f"the heading of field {other.order} {other.canonical} ({ln.text})" if other else None
                    )
                    raise self.fail(
                        ln,
                        f"the heading of field {nxt_spec.order} {nxt_spec.canonical}, "
                        "a measure 'N title' or a project '- title'",
                        found,
                    )
                heading, rest, i = matched
                image_lines: list[Line] = []
                while i < len(body) and not _MEASURE.match(body[i].norm):
                    if _ITEM.match(body[i].text) or _STATED.match(body[i].norm):
                        raise self.fail(body[i], f"a measure 'N title' under field {nxt_spec.canonical}")
                    image_lines.append(body[i])
                    i += 1
                image = self._image(heading, rest, image_lines, nxt_spec)
                fields.append(Field(FieldEntry(nxt_spec, heading, image)))
        if len(fields) < len(self.fields):
            spec = self.fields[len(fields)]
            last = body[-1] if body else sec.head
            raise self.fail(
                last.no + 1, f"the heading of field {spec.order} {spec.canonical}", "the end of the section"
            )
        if not fields[-1].measures:
            raise self.fail(body[-1], f"a measure under field {fields[-1].entry.spec.canonical}")
        for f in fields:
            for measure in f.measures:
                if not measure.items:
                    raise self.fail(
                        measure.line, f"at least one project '- title' under measure {measure.number}"
                    )
        return fields, stated, legend

    # -- plan structure -----------------------------------------------------------------------------

    def _composition(self, sec: Section) -> tuple[list[PlanEntry], list[StatedCount]]:
        """○計画の構成: `(1) 杉並区総合計画` … `(6) …`, each with `- ` description bullets."""
        entries: list[PlanEntry] = []
        counts: list[StatedCount] = []
        current: tuple[PlanSpec, Line, list[Line]] | None = None

        def close() -> None:
            if current is not None:
                spec, head, bullets = current
                if not bullets:
                    raise self.fail(head, f"a description '- …' of {spec.title}")
                entries.append(PlanEntry(spec, head.no, tuple(_one(b, _bullet_text(b)) for b in bullets)))

        for ln in sec.body:
            m = _PLAN_ENUM.match(ln.norm)
            if m:
                close()
                n = len(entries) + 1
                if n > len(self.plans):
                    raise self.fail(ln, f"no more than {len(self.plans)} plans")
                spec = self.plans[n - 1]
                if int(m[1]) != n or match_key(m[2]) != match_key(nfkc(spec.title)):
                    raise self.fail(ln, f"({n}) {spec.title}")
                current = (spec, ln, [])
            elif _BULLET.match(ln.text) and current is not None:
                current[2].append(ln)
                for c in _COMPOSITION_COUNT.finditer(ln.text):
                    kind, value = (c[2], c[1]) if c[2] else (c[4], c[3])
                    counts.append(StatedCount(kind, int(value), ln.no, c[0]))
            else:
                raise self.fail(ln, "a plan '(n) 杉並区…計画' or a description '- …'")
        close()
        if len(entries) != len(self.plans):
            want = self.plans[len(entries)]
            raise self.fail(sec.body[-1] if sec.body else sec.head, f"({want.order}) {want.title}")
        return entries, counts

    def _periods(self, sec: Section) -> list[PeriodBlock]:
        """○計画期間: `(1) 総合計画`, `(2) 実行計画`, `(3) その他計画`, bullets `- ・…`; figure captions `(…)`."""
        blocks: list[PeriodBlock] = []
        cur: tuple[int, str, Line, list[Line]] | None = None
        for ln in sec.body:
            m = _PLAN_ENUM.match(ln.norm)
            if m:
                if cur is not None:
                    blocks.append(
                        PeriodBlock(
                            cur[0], cur[1], cur[2].no, tuple(_one(b, _bullet_text(b)) for b in cur[3])
                        )
                    )
                if int(m[1]) != len(blocks) + 1:
                    raise self.fail(ln, f"period block ({len(blocks) + 1})")
                cur = (int(m[1]), ln.text.split(")", 1)[1].strip() if ")" in ln.text else m[2], ln, [])
            elif _BULLET.match(ln.text) and cur is not None:
                cur[3].append(ln)
            elif _CAPTION.match(ln.norm):
                continue  # figure caption (計画期間イメージ): the figure itself was lost
            else:
                raise self.fail(ln, "a block '(n) …計画' or a bullet '- ・…'")
        if cur is not None:
            blocks.append(
                PeriodBlock(cur[0], cur[1], cur[2].no, tuple(_one(b, _bullet_text(b)) for b in cur[3]))
            )
        titles = [match_key(b.title) for b in blocks]
        for want in ("総合計画", "実行計画"):
            if want not in titles:
                raise self.fail(sec.head, f"a period block '(n) {want}'", "")
        return blocks

    # -- population ---------------------------------------------------------------------------------

    def _population(self, sec: Section) -> Population:
        """○人口の見通し: `（1）` method table (tab rows), `（2）` results: `①人口ピーク` rows, notes, bullets."""
        intro: list[Line] = []
        rows: list[TableRow] = []
        peaks: list[Peak] = []
        bullets: list[Line] = []
        note: Text | None = None
        part = 0
        sub = ""
        for ln in sec.body:
            if m_part := _PLAN_ENUM.match(ln.norm):
                part = int(m_part[1])
                sub = ""
            elif _CIRCLED_HEAD.match(ln.text):
                sub = ln.text
            elif "\t" in ln.raw:
                key, _, value = ln.raw.strip().partition("\t")
                if part == 1:
                    rows.append(TableRow(remove_wrap_spaces(key), value.strip(), ln.no))
                elif part == 2 and "ピーク" in sub:
                    peaks.append(self._peak(ln, key, value))
                else:
                    raise self.fail(ln, "a table row only under （1） or （2）①人口ピーク")
            elif ln.text.startswith("※"):
                note = _one(ln)
            elif _BULLET.match(ln.text):
                bullets.append(ln)
            elif part == 0:
                intro.append(ln)
            else:
                raise self.fail(ln, "a sub-heading, a tab-separated row, a ※ note or a bullet '- ・…'")
        keys = {r.key for r in rows}
        for want in ("推計方法", "基準人口"):
            if want not in keys:
                raise self.fail(
                    sec.head, f"a row '{want}<TAB>…' in the method table (（1）推計方法等の概要)", ""
                )
        if not peaks:
            raise self.fail(sec.head, "peak rows under ①人口ピーク", "")
        bullet_texts = tuple(_one(b, _bullet_text(b)) for b in bullets)
        projections = []
        for b in bullet_texts:
            m = re.search(r"令和(\d+)年（(\d{4})年）には.*?(\d+(?:\.\d+)?)%まで上昇", b.text)
            if m and "高齢化率" in b.text:
                year = int(m[2])
                if era_to_gregorian("令和", int(m[1])) != year:
                    raise self.fail(b.first, f"令和{m[1]}年 = {era_to_gregorian('令和', int(m[1]))}", m[0])
                projections.append(Projection("高齢化率", m[3], "%", year, b))
        return Population(
            sec.head.no,
            _text(intro) if intro else None,
            tuple(rows),
            tuple(peaks),
            note,
            bullet_texts,
            tuple(projections),
        )

    def _peak(self, ln: Line, key: str, value: str) -> Peak:
        m = _PEAK.match(nfkc(value.strip()))
        if not m:
            raise self.fail(ln, "a peak row 'indicator<TAB>588,586人（R15(2033)）'")
        year = int(m[4])
        if era_to_gregorian("令和", int(m[3])) != year:
            raise self.fail(ln, f"R{m[3]} = {era_to_gregorian('令和', int(m[3]))}, the year in brackets")
        return Peak(key.strip(), m[1].replace(",", ""), m[2], year, f"R{m[3]}({m[4]})", ln.no)

    # -- SDGs and the strategy ----------------------------------------------------------------------

    def _sdg(self, sec: Section) -> tuple[Text | None, list[SdgGoal]]:
        """The SDG section: prose (the promised correspondence), then `■目標N` + name lines (two columns)."""
        promise: Text | None = None
        goals: list[SdgGoal] = []
        cur: tuple[int, Line, list[Line]] | None = None
        seen: dict[int, int] = {}

        def close() -> None:
            if cur is not None:
                number, head, name = cur
                if not name:
                    raise self.fail(head, f"the name of SDG goal {number}")
                goals.append(
                    SdgGoal(
                        number, Text(_text(name).text, "\n".join(n.text for n in name), head.no, name[-1].no)
                    )
                )

        for ln in sec.body:
            m = _GOAL.match(ln.norm)
            if m:
                close()
                number = int(m[1])
                if not 1 <= number <= 17 or number in seen:
                    raise self.fail(
                        ln,
                        f"a goal 1-17 not yet listed (■目標{number} already at line {seen.get(number)})"
                        if number in seen
                        else "■目標N with N from 1 to 17",
                    )
                seen[number] = ln.no
                cur = (number, ln, [Line(ln.no, m[2])] if m[2] else [])
            elif cur is not None:
                cur[2].append(ln)
            elif "対応関係" in ln.text:
                promise = _one(ln)
        close()
        if len(goals) != 17:
            missing = sorted(set(range(1, 18)) - set(seen))
            raise self.fail(sec.body[-1] if sec.body else sec.head, f"all 17 SDG goals (missing {missing})")
        return promise, sorted(goals, key=lambda g: g.number)

    def _strategy(self, sec: Section) -> tuple[Text, str]:
        for ln in sec.body:
            m = re.search(r"「([^」]*総合戦略)」", ln.text)
            if m and "包含" in ln.text:
                return _one(ln), m[1]
        raise self.fail(
            sec.head, "the statement that the plan encompasses (包含) the 総合戦略 「…総合戦略」", ""
        )

    # -- companion plans ----------------------------------------------------------------------------

    def _companion(self, sec: Section, spec: PlanSpec) -> CompanionList:
        """`方針N title` → `N group` (restarting per 方針) → `- item` | `- <sub-group>` → ` - item`."""
        out = CompanionList(spec, sec.head.no)
        policy: Policy | None = None
        group: Group | None = None
        sub: SubGroup | None = None
        for ln in sec.body:
            mp = _POLICY.match(ln.norm)
            mg = _MEASURE.match(ln.norm)
            if mp:
                number = int(mp[1])
                if number != len(out.policies) + 1:
                    raise self.fail(
                        ln, f"方針{len(out.policies) + 1} (basic policies of {spec.title} in sequence)"
                    )
                self._close_policy(policy)
                title = re.sub(r"^方針\s*\d+\s*", "", ln.text).rstrip("*＊ ")
                policy = Policy(number, remove_wrap_spaces(title), ln.text, ln.no, mp[3])
                out.policies.append(policy)
                group = sub = None
            elif ln.text.startswith("※"):
                if policy is None or policy.groups or policy.footnote is not None:
                    raise self.fail(ln, "a ※ note only directly under a 方針 heading")
                policy.footnote = _one(ln)
                ext = _EXTERNAL.search(ln.text)
                policy.external_document = ext[1] if ext else None
            elif mg:
                if policy is None:
                    raise self.fail(ln, f"a basic policy '方針N title' before group {mg[1]}")
                if policy.footnote is not None:
                    raise self.fail(
                        ln, f"no groups under 方針{policy.number}, which refers to a separate volume"
                    )
                number = int(mg[1])
                if number != len(policy.groups) + 1:
                    raise self.fail(
                        ln,
                        f"group {len(policy.groups) + 1} under 方針{policy.number} (numbering restarts per 方針)",
                    )
                self._close_group(group)
                group = Group(number, remove_wrap_spaces(ln.text.split(None, 1)[1]), ln.no)
                policy.groups.append(group)
                sub = None
            elif m_nested := _NESTED.match(ln.raw):
                if sub is None:
                    raise self.fail(ln, "a sub-group '- <…>' before the nested item ' - …'")
                title = m_nested[1].strip()
                sub.items.append(Item(remove_wrap_spaces(title), title, ln.no))
            elif m_sub := _SUBGROUP.match(ln.text):
                if group is None:
                    raise self.fail(ln, "a numbered group 'N title' before the sub-group")
                if sub is not None and not sub.items:
                    raise self.fail(ln, f"items ' - …' under the sub-group <{sub.label}>")
                label = m_sub[1]
                sub = SubGroup(
                    sum(isinstance(e, SubGroup) for e in group.entries) + 1, label, f"<{label}>", ln.no
                )
                group.entries.append(sub)
            elif m_item := _ITEM.match(ln.text):
                if group is None:
                    raise self.fail(ln, "a numbered group 'N title' before the item")
                if sub is not None and not sub.items:
                    raise self.fail(ln, f"items ' - …' under the sub-group <{sub.label}>")
                sub = None
                title = m_item[1]
                group.entries.append(Item(remove_wrap_spaces(title), title, ln.no))
            else:
                raise self.fail(
                    ln, "'方針N title', a group 'N title', an item '- …', '- <sub-group>' or ' - item'"
                )
        self._close_policy(policy)
        if not out.policies:
            raise self.fail(sec.head, f"at least one '方針1 …' under {spec.policy_heading}", "")
        return out

    def _close_group(self, group: Group | None) -> None:
        if group is None:
            return
        if not group.entries:
            raise self.fail(group.line, f"items '- …' under group {group.number} {group.title}")
        for e in group.entries:
            if isinstance(e, SubGroup) and not e.items:
                raise self.fail(e.line, f"items ' - …' under the sub-group <{e.label}>")

    def _close_policy(self, policy: Policy | None) -> None:
        if policy is None:
            return
        if policy.groups:
            self._close_group(policy.groups[-1])
        elif policy.footnote is None:
            raise self.fail(
                policy.line,
                f"groups 'N title' under 方針{policy.number}, or a ※ reference to a separate volume",
            )

    def _summary(self, sec: Section, spec: PlanSpec) -> Summary:
        if len(sec.body) != 1:
            at = sec.body[1] if len(sec.body) > 1 else sec.head
            raise self.fail(at, f"one line 'N方針 M事業' under ○{spec.summary_heading}")
        ln = sec.body[0]
        m = _SUMMARY.match(ln.norm)
        if not m:
            raise self.fail(ln, f"'N方針 M事業' under ○{spec.summary_heading}")
        return Summary(
            spec,
            sec.head.no,
            StatedCount("方針", int(m[1]), ln.no, ln.text),
            StatedCount("事業", int(m[2]), ln.no, ln.text),
        )

    def _check_policy_counts(self, companions: list[CompanionList], summaries: list[Summary]) -> None:
        """A 方針 beyond the number its plan's summary box states is unknown: refuse it.

        The stated item count may differ from the listed one (60 vs 59: 方針5 lives in a separate
        volume), and that difference is data; but the 方針 count is the plan's structure.
        """
        stated = {s.spec.order: s for s in summaries}
        for c in companions:
            s = stated.get(c.spec.order)
            if s is not None and len(c.policies) > s.policies.value:
                extra = c.policies[s.policies.value]
                raise self.fail(
                    extra.line,
                    f"no 方針{extra.number} in {c.spec.title}: its summary states {s.policies.value} 方針 "
                    f"(line {s.policies.line})",
                    extra.as_written,
                )


def _bullet_text(line: Line) -> str:
    """A bullet's text without `- ` and the doubled `・` marker."""
    m = _BULLET.match(line.text)
    return m[1].strip() if m else line.text


def parse(text: str, path: str = "<text>") -> SuginamiDocument:
    """Parse the text of a Suginami comprehensive plan; SourceFormatError names the line that does not fit."""
    return _Parser(text, path).parse()
