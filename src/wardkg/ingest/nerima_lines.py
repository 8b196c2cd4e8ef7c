"""Parser for the line-based layout of Nerima's action plans (the 3rd plan, seed 004).

Why a line state machine: this layout keeps real lines — a cover, a tab-separated 目次 that lists every
施策の柱 and 戦略計画 with its page, then sections headed ``■ …`` whose entries are ``(k) title`` headings,
description paragraphs, a tab table (:mod:`nerima_table`) and a ``事業実施課：`` line. The excerpt we hold
is the 年度別取組計画の見方 section: two worked entries framed by callouts that explain the columns. The
callouts are not content, but they state facts the data needs — the date the unit names are valid
(令和6年4月1日時点の組織名), when the 現況 figures were estimated, which years' costs are estimates, what
"0" and "***" mean — so they are read as :class:`ReadingNotes`.

Lines are 1-based in errors and provenance.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from wardkg.errors import SourceFormatError
from wardkg.fiscal import ERAS, FiscalYearError, parse_fiscal_years
from wardkg.ingest.common import lines as line_span
from wardkg.ingest.nerima_records import Entry, ParsedPlan, Pillar, ReadingNotes, StrategicPlan, Units
from wardkg.ingest.nerima_table import TABLE_START, parse_table
from wardkg.ingest.nerima_units import UnitListError, parse_unit_list
from wardkg.jtext import nfkc, remove_wrap_spaces

_TOC = re.compile(r"^[<＜〈]\s*目次\s*[>＞〉]$")
_TOC_PILLAR = re.compile(r"^施策の柱\s*(\d+)\s+(\S.*)$")
_TOC_SP = re.compile(r"^戦略計画\s*(\d+)\s+(\S.*)$")
_SECTION = re.compile(r"^■\s*(\S.*)$")
_HEADING = re.compile(r"^\((\d+)\)\s*(\S.*?)\s*(★)?$")
_EXAMPLE = re.compile(r"^(例\d+)\s*[:：]\s*(.*)$")
_UNITS = re.compile(r"^事業実施課\s*[:：]\s*(.*)$")
_VALID_AS_OF = re.compile(r"(令和|平成)\s*(\d+|元)\s*年\s*(\d+)\s*月\s*(\d+)\s*日\s*時点の組織名")
_ESTIMATED_AS_OF = re.compile(r"(令和|平成)\s*(\d+|元)\s*年\s*(\d+)\s*月末\s*時点で見込まれる")
_ESTIMATE_YEARS = re.compile(r"((?:令和|平成)[\d元・,、～~\-]+年度)\s*事業費については.*見込まれる")
_LEGEND = re.compile(r"「(?P<key>0|\*\*\*)」\s*…+\s*(?P<text>.+)$")
_MAX_HEADING = 80


def looks_line_based(text: str) -> bool:
    """True when *text* has the 3rd-plan layout: real lines and a tab-separated 目次 of 戦略計画 entries."""
    if text.count("\n") < 5:
        return False
    return any(_TOC_SP.match(ln.split("\t")[0].strip()) and "\t" in ln for ln in text.splitlines())


def _era_year(era: str, year: str) -> int:
    return ERAS[era] + (1 if year == "元" else int(year))


class _Lines:
    def __init__(self, text: str, path: Path | str) -> None:
        self.lines = text.split("\n")
        self.path = path

    def fail(self, i: int, expected: str) -> SourceFormatError:
        found = self.lines[i].replace("\t", " ⇥ ") if i < len(self.lines) else "the end of the text"
        return SourceFormatError(self.path, i + 1, expected, found)


def parse_line_based(text: str, path: Path | str) -> ParsedPlan:
    """Parse a line-based Nerima action plan into records; raise SourceFormatError where it does not fit."""
    doc = _Lines(text.replace("\r\n", "\n"), path)
    lines = doc.lines
    toc_at = next((i for i, ln in enumerate(lines) if _TOC.match(ln.strip())), None)
    if toc_at is None:
        raise doc.fail(0, "a <目次> (table of contents) line after the cover")
    title, title_first, title_last = _cover(doc, toc_at)
    pillars, body_at, toc_years = _toc(doc, toc_at)
    entries, notes = _body(doc, body_at, {sp.number for p in pillars for sp in p.plans})
    years = toc_years or tuple(sorted({y for e in entries if e.table for y in e.table.plan_years}))
    return ParsedPlan(
        variant="line-based",
        title=title,
        title_span=line_span(title_first, title_last),
        fiscal_years=years,
        issued=None,
        issuing_unit=(),
        is_draft="素案" in title,
        pillars=pillars,
        entries=entries,
        notes=notes,
    )


def _cover(doc: _Lines, toc_at: int) -> tuple[str, int, int]:
    """The title: cover lines up to the one naming the plan kind (アクションプラン / 年度別取組計画)."""
    parts: list[str] = []
    first = last = 0
    for i in range(toc_at):
        ln = doc.lines[i].strip()
        if not ln:
            continue
        if not parts:
            first = i + 1
        parts.append(ln)
        last = i + 1
        if "アクションプラン" in ln or "取組計画" in ln:
            return " ".join(parts), first, last
    raise doc.fail(0, "a cover title naming the plan (…アクションプラン / 年度別取組計画) before <目次>")


def _toc(doc: _Lines, toc_at: int) -> tuple[list[Pillar], int, tuple[int, ...]]:
    """施策の柱 / 戦略計画 lines of the 目次, with pages; ends at the first ``■`` section heading."""
    lines = doc.lines
    pillars: list[Pillar] = []
    sp_no = 0
    years: tuple[int, ...] = ()
    i = toc_at + 1
    while i < len(lines):
        raw = lines[i]
        if not raw.strip():
            i += 1
            continue
        if "\t" not in raw:
            if not _SECTION.match(raw.strip()):
                raise doc.fail(i, "a tab-separated 目次 line or, after the 目次, a '■ …' section heading")
            break
        cells = [c.strip() for c in raw.split("\t")]
        head, rest = cells[0], [c for c in cells[1:] if c]
        page = None
        if rest:
            if len(rest) != 1 or not rest[0].isdigit():
                raise doc.fail(i, "at most one page number after a 目次 title")
            page = int(rest[0])
        pm = _TOC_PILLAR.match(head)
        sm = _TOC_SP.match(head)
        if pm:
            n = int(pm.group(1))
            if n != len(pillars) + 1:
                raise doc.fail(i, f"施策の柱 {len(pillars) + 1} (pillars are numbered in order)")
            title = pm.group(2).strip()
            pillars.append(Pillar(n, title, remove_wrap_spaces(title), line_span(i + 1)))
        elif sm:
            n = int(sm.group(1))
            if not pillars:
                raise doc.fail(i, "a 施策の柱 line before the first 戦略計画 line")
            if n != sp_no + 1:
                raise doc.fail(i, f"戦略計画 {sp_no + 1} (strategic plans are numbered across the plan)")
            if page is None:
                raise doc.fail(i, f"the page number of 戦略計画 {n} after a tab")
            title = sm.group(2).strip()
            sp_no = n
            pillars[-1].plans.append(
                StrategicPlan(n, title, remove_wrap_spaces(title), line_span(i + 1), page)
            )
            pillars[-1].span = line_span(pillars[-1].span.first_line or i + 1, i + 1)
        elif not years and "年度" in head:
            try:
                found = parse_fiscal_years(head)
                years = tuple(found) if len(found) > 1 else ()
            except FiscalYearError:
                years = ()
        i += 1
    else:
        raise doc.fail(i, "the end of the 目次 and a '■ …' section heading: the text seems truncated")
    if not pillars:
        raise doc.fail(toc_at + 1, "施策の柱 1 in the 目次")
    for p in pillars:
        if not p.plans:
            raise doc.fail((p.span.first_line or 1) - 1, f"a 戦略計画 line under 施策の柱 {p.number}")
    return pillars, i, years


def _body(doc: _Lines, start: int, known_sps: set[int]) -> tuple[list[Entry], ReadingNotes]:
    """Entries (heading, description, table, units) and the callouts' facts, line by line."""
    lines = doc.lines
    entries: list[Entry] = []
    notes = ReadingNotes()
    rounding_lines: list[str] = []
    cur: Entry | None = None
    collecting = False  # True while description paragraphs of *cur* may follow
    paragraph: list[str] = []
    paragraphs: list[str] = []
    pending_example: str | None = None
    callout: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            paragraphs.append(remove_wrap_spaces(" ".join(paragraph)))
            paragraph.clear()

    def close_description() -> None:
        nonlocal collecting
        flush_paragraph()
        if cur is not None and collecting and paragraphs:
            cur.description = "\n".join(paragraphs)
        paragraphs.clear()
        collecting = False

    def flush_callout() -> None:
        if callout:
            _callout_facts(" ".join(callout), notes)
            callout.clear()

    i = start
    while i < len(lines):
        raw = lines[i]
        ln = raw.strip()
        if not ln:
            flush_paragraph()
            flush_callout()
            i += 1
            continue
        hm = _HEADING.match(ln)
        em = _EXAMPLE.match(ln)
        um = _UNITS.match(ln)
        tm = TABLE_START.match(raw.split("\t")[0].strip())
        if hm:
            close_description()
            flush_callout()
            title_raw, j = _heading_block(doc, i, hm.group(2))
            is_new = hm.group(3) is not None or title_raw.endswith("★")
            title_raw = title_raw.rstrip("★").rstrip()
            cur = Entry(int(hm.group(1)), title_raw, remove_wrap_spaces(title_raw), is_new, None, None, None,
                        pending_example, i + 1, j)  # fmt: skip
            pending_example = None
            entries.append(cur)
            collecting = True
            i = j
            continue
        if em:
            close_description()
            flush_callout()
            cur = None
            pending_example = em.group(1)
            i += 1
            continue
        if tm and "\t" in raw:
            close_description()
            flush_callout()
            table, j = parse_table(lines, i, doc.path)
            if table.sp not in known_sps:
                raise doc.fail(i, f"a strategic plan listed in the 目次 (No. {table.sp} - {table.no})")
            if cur is None or cur.table is not None or cur.units is not None:
                cur = Entry(None, None, None, False, None, None, None, pending_example, i + 1, j)
                pending_example = None
                entries.append(cur)
            cur.table = table
            cur.last_line = j
            i = j
            continue
        if um:
            close_description()
            flush_callout()
            if cur is None or cur.units is not None:
                raise doc.fail(i, "an entry heading '(k) title' or a table before this 事業実施課 line")
            try:
                ul = parse_unit_list(um.group(1))
            except UnitListError as exc:
                raise doc.fail(i, f"{exc.expected} in the 事業実施課 line") from exc
            if ul.end != len(um.group(1).rstrip()):
                raise doc.fail(i, "only unit names (…部 …課) in the 事業実施課 line")
            cur.units = Units(ul, line_span(i + 1))
            cur.last_line = i + 1
            i += 1
            continue
        if collecting and cur is not None and cur.table is None and cur.units is None and not _is_note(ln):
            paragraph.append(ln)
            cur.last_line = i + 1
            i += 1
            continue
        close_description()
        if ln.startswith(("- ", "✓", "・")):
            # a list item is a callout of its own
            flush_callout()
            if "✓" in ln[:3]:
                rounding_lines.append(ln.lstrip("-✓ ").strip())
            _callout_facts(ln, notes)
        else:
            callout.append(ln)
        i += 1
    close_description()
    flush_callout()
    if rounding_lines:
        notes.rounding_note = "\n".join(x for x in rounding_lines if "事業費" in x) or None
    seen: set[tuple[object, ...]] = set()
    for e in entries:
        if e.table is None and e.example_label is None:
            raise doc.fail(e.first_line - 1, "a 'No. S - n' table or an 例N label identifying this entry")
        key: tuple[object, ...] = (e.table.sp, e.table.no) if e.table else (e.example_label,)
        if key in seen:
            at = e.table.first_line if e.table else e.first_line
            raise doc.fail(at - 1, "a table number / 例 label not used by an earlier entry (renumbered?)")
        seen.add(key)
    return entries, notes


def _is_note(line: str) -> bool:
    return line.startswith(("◆", "《", "- ", "✓", "【見本】"))


def _heading_block(doc: _Lines, i: int, first: str) -> tuple[str, int]:
    """A heading and the lines that continue it before the next blank line (a heading broken by a wrap)."""
    parts = [first]
    j = i + 1
    lines = doc.lines
    while j < len(lines) and lines[j].strip() and not _starts_block(lines[j]):
        parts.append(lines[j].strip())
        j += 1
    title = " ".join(parts)
    if len(parts) > 1 and (len(title) > _MAX_HEADING or "。" in title):
        raise doc.fail(i + 1, "a blank line between the entry heading and its description")
    return title, j


def _starts_block(raw: str) -> bool:
    ln = raw.strip()
    return bool(
        _HEADING.match(ln)
        or _EXAMPLE.match(ln)
        or _UNITS.match(ln)
        or TABLE_START.match(raw.split("\t")[0].strip())
    )


def _callout_facts(text: str, notes: ReadingNotes) -> None:
    """Read what an explanatory callout states about the data (dates, estimates, legend)."""
    t = nfkc(text).replace(" ", "")
    m = _VALID_AS_OF.search(t)
    if m:
        notes.units_valid_as_of = dt.date(
            _era_year(m.group(1), m.group(2)), int(m.group(3)), int(m.group(4))
        ).isoformat()
    m = _ESTIMATED_AS_OF.search(t)
    if m:
        y, mo = _era_year(m.group(1), m.group(2)), int(m.group(3))
        last = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        notes.baseline_estimated_as_of = last
    m = _ESTIMATE_YEARS.search(t)
    if m:
        try:
            notes.estimate_years = tuple(parse_fiscal_years(m.group(1)))
        except FiscalYearError:
            pass
    if "百万円に満たない" in t:
        notes.rounding_unit_rule = text.lstrip("-✓ ").strip()
    if "再掲元" in t:
        notes.repost_cost_note = text.lstrip("-✓ ").strip()
    lm = _LEGEND.search(text)
    if lm:
        if lm.group("key") == "0":
            notes.zero_means = lm.group("text").strip()
        else:
            notes.stars_mean = lm.group("text").strip()
