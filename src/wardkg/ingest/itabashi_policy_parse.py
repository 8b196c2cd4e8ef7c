"""Parse Itabashi's 各部の経営方針 (seed 001): 21 department chapters of an interleaved two-column table.

The printed page is a table per department: 経営方針 (policy sentences) | 重点目標 (key-goal noun phrases), in
three row groups labelled vertically 施策 / 改革 / 人材育成・活用, plus a full-width box of challenges
(＊重点戦略のバージョンアップに向けてチャレンジすること) and two unlabeled check-mark columns. The extraction
lost the table: cells come in an order that is not the table's, labels are detached from their rows, and a
few lines hold two cells. What survives, and what this parser relies on (NOTES-itabashi.md, re-checked):

* chapter headings ``１．政策経営部`` (full- or half-width digits, numbered in order) — the chapter bounds;
* a blank line separates cells; a cell wraps over consecutive lines (joined with no separator);
* the kind of a cell is told by its form, not its position: a policy is sentences ending in 。 with lines
  of at most ~32 characters; a key goal is a noun phrase (no final 。); a challenge line is wider than the
  table column (> 34 characters), carries a strategy tag (ＳＤＧｓ戦略➤…, （ＤＸ戦略）, 【ゼロカーボン…】), or
  follows an indented check mark (the challenge rows' column);
* inside a cell-block, a line that ends before the wrap width ends its cell, so the next line starts a new
  one; ``。`` followed by a space inside a line is a column boundary (two cells on one line);
* indented lines: ``　・…`` are a policy's bullets; one U+3000 starts a key goal's sub-item; a run of two or
  more equally deep-indented lines are a challenge's sub-items; a single deep-indented line continues the
  line before it;
* check-mark lines (○ 〇) and the vertical label characters are layout, not content; a label character glued
  to the end of a text line (``…人材育成人`` + 材育成・活用) is removed there.

What the form cannot settle is read from reviewed decisions (data/mappings/itabashi-policy-decisions.yaml),
keyed by text, not by line number, so a re-extracted document with shifted lines still matches: two cells
glued with no separator (split points), fragments moved away from their cell (joins), cells split by a blank
line (merges), and kinds the form leaves open (with a placement confidence and a note).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wardkg.errors import InputError, SourceFormatError
from wardkg.fiscal import FiscalYearError, parse_fiscal_year
from wardkg.ingest.itabashi_common import MAPPINGS_DIR
from wardkg.jtext import match_key, nfkc

DECISIONS_YAML = MAPPINGS_DIR / "itabashi-policy-decisions.yaml"

HEADING_RE = re.compile(r"^(\d{1,2})\.\s*(\S.*?)\s*$")
"""After NFKC: ``１．政策経営部`` / ``10．子ども家庭総合支援センター`` → number, name as written."""
DEPT_SUFFIX_RE = re.compile(r"(部|室|所|センター|事務局)(?:[（(].*[）)])?$")
TABLE_HEADER_KEY = "経営方針重点目標"
CHALLENGE_HEADING = "＊重点戦略のバージョンアップに向けてチャレンジすること"
LABELS: dict[str, str] = {"施策": "施策", "改革": "改革", "人材育成・活用": "人材育成・活用"}
LABEL_CHARS = set("".join(LABELS))
MARK_PREFIX_RE = re.compile(r"^[\s○〇]*[○〇][\s○〇]*")
MARK_ONLY_RE = re.compile(r"^[\s○〇]*$")
MID_MARK_RE = re.compile(r"\s+[○〇](?:\s+[○〇])*\s+")
COLUMN_BREAK_RE = re.compile(r"(?<=。)[ \u3000]+(?=\S)")
STRATEGY_TAG_RE = re.compile(
    r"^(?:ＳＤＧｓ|ＤＸ|ブランド)戦略(?:➤[^：]*)?：|（(?:ＳＤＧｓ|ＤＸ|ブランド)戦略）$|^【[^】]+】"
)
SCHEDULE_TAG_RE = re.compile(r"（Ｒ[０-９\d]+～Ｒ?[０-９\d]+）$")

COLUMN_MAX = 34
"""Widest line of a table column (key goals reach 34 characters, policies 32); wider lines are the box."""
WRAP_MIN = 29
"""A policy or goal line this long or longer may continue on the next line; a shorter one ends its cell."""

POLICY, GOAL, CHALLENGE = "policy", "goal", "challenge"


@dataclass
class Fragment:
    """One piece of text on one line (a line can hold two cells), with its layout facts."""

    line: int
    text: str
    indent: str = ""
    mark: str = ""  # "", "plain" or "indented": a check mark was glued before the text
    glued_label: str = ""


@dataclass
class Cell:
    """A recovered cell: its text, the lines it came from (possibly non-contiguous), its kind."""

    kind: str
    parts: list[Fragment]
    subitems: list[list[Fragment]] = field(default_factory=list)
    bullets: list[list[Fragment]] = field(default_factory=list)
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)
    kind_basis: str = ""

    @property
    def text(self) -> str:
        return join_fragments(self.parts)

    @property
    def lines(self) -> list[int]:
        out = [f.line for f in self.parts]
        for group in (*self.subitems, *self.bullets):
            out.extend(f.line for f in group)
        return sorted(set(out))

    @property
    def first_line(self) -> int:
        return min(self.lines)


@dataclass
class Label:
    """A vertical category label (施策 / 改革 / 人材育成・活用) and where it stands."""

    name: str
    first_line: int
    last_line: int


@dataclass
class Section:
    """One department chapter."""

    number: int
    name_as_written: str
    heading_line: int
    last_line: int
    cells: list[Cell] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    challenge_heading_line: int | None = None
    header_lines: list[int] = field(default_factory=list)
    mark_rows: dict[str, int] = field(default_factory=lambda: {"plain": 0, "indented": 0})
    heading_text: str = ""

    @property
    def heading_as_written(self) -> str:
        """The heading's own text, number included: ``１．政策経営部``."""
        return self.heading_text or f"{self.number}．{self.name_as_written}"

    @property
    def name(self) -> str:
        """The department's name without the bracketed note: 福祉部（福祉事務所長） → 福祉部."""
        return re.sub(r"[（(].*[）)]$", "", self.name_as_written).strip()

    @property
    def kind(self) -> str:
        m = DEPT_SUFFIX_RE.search(self.name)
        return m[1] if m else ""

    def of_kind(self, kind: str) -> list[Cell]:
        return [c for c in self.cells if c.kind == kind]


@dataclass
class PolicyDocument:
    title: str
    title_line: int
    fiscal_year: int
    sections: list[Section]
    last_line: int


def join_fragments(parts: Sequence[Fragment]) -> str:
    """Join wrapped lines with no separator (the sources never break a line at a meaningful space)."""
    return "".join(p.text.strip() for p in parts).strip()


# --- reviewed decisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    """Reviewed decisions for what the form of the text cannot settle (keys are match keys of text)."""

    splits: tuple[tuple[str, str, str], ...] = ()  # (text before the split, text after it, note)
    joins: tuple[tuple[str, str, str], ...] = ()  # (fragment, append to the cell starting with, note)
    merges: tuple[tuple[str, str], ...] = ()  # (cell ending with, note): the next block continues it
    kinds: tuple[tuple[str, str, float, str], ...] = ()  # (cell starting with, kind, confidence, note)


@cache
def load_decisions(path: Path = DECISIONS_YAML) -> Decisions:
    """Read the reviewed decisions; a missing file means no decisions (form rules only)."""
    if not path.exists():
        return Decisions()
    try:
        raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the reviewed decisions: {exc}") from exc
    try:
        return Decisions(
            splits=tuple(
                (match_key(d["after"]), match_key(d["before"]), d.get("note", ""))
                for d in raw.get("splits") or []
            ),
            joins=tuple(
                (match_key(d["fragment"]), match_key(d["append_to"]), d.get("note", ""))
                for d in raw.get("joins") or []
            ),
            merges=tuple((match_key(d["ends_with"]), d.get("note", "")) for d in raw.get("merges") or []),
            kinds=tuple(
                (match_key(d["starts_with"]), d["kind"], float(d.get("confidence", 1.0)), d.get("note", ""))
                for d in raw.get("kinds") or []
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: a decision lacks a field or has a bad value: {exc}") from exc


# --- the document --------------------------------------------------------------------------------------


def parse_policy_document(
    text: str, path: str = "<text>", decisions: Decisions | None = None
) -> PolicyDocument:
    """The whole document: title (with its fiscal year) and the department chapters, in order."""
    dec = decisions if decisions is not None else load_decisions()
    raw = text.splitlines()
    if not any(s.strip() for s in raw):
        raise SourceFormatError(path, 1, "a document titled 令和N年度 各部の経営方針", "an empty document")
    title_idx = next(i for i, s in enumerate(raw) if s.strip())
    title = raw[title_idx].strip()
    if "経営方針" not in title:
        raise SourceFormatError(path, title_idx + 1, "the title 令和N年度 各部の経営方針", title)
    try:
        fy = parse_fiscal_year(title)
    except FiscalYearError as exc:
        raise SourceFormatError(path, title_idx + 1, "a fiscal year (令和N年度) in the title", title) from exc

    heads: list[tuple[int, int, str]] = []  # (index, number, name)
    for i in range(title_idx + 1, len(raw)):
        m = HEADING_RE.match(nfkc(raw[i]).strip())
        if m and DEPT_SUFFIX_RE.search(m[2]):
            number = int(m[1])
            expected = len(heads) + 1
            if number != expected:
                raise SourceFormatError(
                    path, i + 1, f"the chapter heading numbered {expected}．", raw[i].strip()
                )
            heads.append((i, number, raw[i].strip()[len(raw[i].strip()) - len(m[2]) :]))
    if not heads:
        raise SourceFormatError(path, title_idx + 2, "a department heading like １．政策経営部", "no heading")
    sections = []
    for k, (idx, number, name) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(raw)
        sec = Section(number, name, idx + 1, end, heading_text=raw[idx].strip())
        _parse_section(raw, idx + 1, end, sec, path, dec)
        sections.append(sec)
    _apply_joins(sections, dec, path)
    for sec in sections:
        _classify(sec, dec)
        if not sec.cells:
            raise SourceFormatError(
                path, sec.heading_line, f"policies and key goals under {sec.name_as_written}", "none"
            )
        if not sec.of_kind(POLICY):
            raise SourceFormatError(
                path, sec.last_line, f"at least one policy (…ます。) in {sec.name_as_written}"
            )
    return PolicyDocument(title, title_idx + 1, fy, sections, len(raw))


def _label_runs(raw: list[str], start: int, end: int) -> dict[int, tuple[str, int, int]]:
    """Find the vertical labels: runs of one-character lines spelling 施策 / 改革 / 人材育成・活用.

    Returns {line index of each label character: (label, first index, last index)}; a label whose first
    character is glued to the preceding text line is recorded with that line as its first index.
    """
    found: dict[int, tuple[str, int, int]] = {}
    i = start
    while i < end:
        s = raw[i].strip()
        if len(s) == 1 and s in LABEL_CHARS:
            j = i
            chars = ""
            while j < end and len(raw[j].strip()) == 1 and raw[j].strip() in LABEL_CHARS:
                chars += raw[j].strip()
                j += 1
            first = i
            label = next((lab for lab in LABELS if chars == lab), None)
            if label is None:
                # first character glued to the previous non-blank line?
                prev = i - 1
                if prev >= start and raw[prev].strip():
                    for lab in LABELS:
                        if lab.endswith(chars) and raw[prev].rstrip().endswith(lab[: len(lab) - len(chars)]):
                            label, first = lab, prev
                            break
            if label is not None:
                for k in range(first, j):
                    found[k] = (label, first, j - 1)
            i = j
            continue
        i += 1
    return found


def _parse_section(raw: list[str], start: int, end: int, sec: Section, path: str, dec: Decisions) -> None:
    """Fragments → blocks → cells for one chapter (kinds are decided later, after joins)."""
    labels = _label_runs(raw, start, end)
    seen_labels: set[tuple[str, int]] = set()
    blocks: list[list[Fragment]] = []
    current: list[Fragment] = []
    for i in range(start, end):
        line = raw[i]
        s = line.strip()
        if i in labels:
            label, first, last = labels[i]
            if (label, first) not in seen_labels:
                seen_labels.add((label, first))
                sec.labels.append(Label(label, first + 1, last + 1))
            if i != first or len(s) == 1:
                continue
            # glued first label character: keep the text without it
            glue = label[: len(label) - (last - first)]
            line = line.rstrip()[: -len(glue)]
            s = line.strip()
        if not s:
            if current:
                blocks.append(current)
                current = []
            continue
        if match_key(s) == TABLE_HEADER_KEY:
            sec.header_lines.append(i + 1)
            continue
        if s.startswith(CHALLENGE_HEADING):
            if sec.challenge_heading_line is not None:
                raise SourceFormatError(path, i + 1, "one challenge heading per chapter", s)
            sec.challenge_heading_line = i + 1
            continue
        if MARK_ONLY_RE.match(line):
            if "○" in line or "〇" in line:
                sec.mark_rows["indented" if line.startswith("\u3000") else "plain"] += 1
            continue
        if MARK_PREFIX_RE.match(line):
            sec.mark_rows["indented" if line.startswith("\u3000") else "plain"] += 1
        current.extend(_fragments(line, i + 1))
    if current:
        blocks.append(current)
    if sec.challenge_heading_line is None:
        raise SourceFormatError(
            path, sec.heading_line, f"the challenge heading {CHALLENGE_HEADING} in {sec.name_as_written}"
        )
    if not sec.header_lines:
        raise SourceFormatError(
            path, sec.heading_line, f"the table header 経　営　方　針 重　点　目　標 in {sec.name_as_written}"
        )
    for block in blocks:
        sec.cells.extend(_segment(block, dec))
    _apply_merges(sec, dec)


def _fragments(line: str, lineno: int) -> list[Fragment]:
    """One line → one or more fragments: strip glued check marks, split at column boundaries."""
    mark = ""
    body = line.rstrip()
    m = MARK_PREFIX_RE.match(body)
    if m:
        mark = "indented" if body.startswith("\u3000") else "plain"
        body = body[m.end() :]
        indent = ""
    else:
        stripped = body.lstrip(" \u3000")
        indent = body[: len(body) - len(stripped)]
        body = stripped
    pieces: list[tuple[str, str]] = []
    mm = MID_MARK_RE.search(body)
    if mm:
        pieces = [
            (body[: mm.start()], mark),
            (body[mm.end() :], "indented" if "\u3000" in line[:2] else "mid"),
        ]
    else:
        pieces = [(body, mark)]
    out: list[Fragment] = []
    for k, (piece, pmark) in enumerate(pieces):
        parts = COLUMN_BREAK_RE.split(piece)
        for j, part in enumerate(parts):
            out.append(
                Fragment(lineno, part.strip(), indent if (k == 0 and j == 0) else "", pmark if j == 0 else "")
            )
    return [f for f in out if f.text]


def _apply_splits(block: list[Fragment], dec: Decisions) -> list[Fragment]:
    """Reviewed split points: a line holding two cells with no separator between them."""
    out: list[Fragment] = []
    for f in block:
        key = match_key(f.text)
        for after, before, _note in dec.splits:
            pos = key.find(after + before)
            if pos >= 0:
                # map the split back onto the text: the key only drops white space and NFKC-folds
                head_len = _prefix_len(f.text, key[: pos + len(after)])
                out.append(Fragment(f.line, f.text[:head_len].strip(), f.indent, f.mark))
                f = Fragment(f.line, f.text[head_len:].strip(), "", "")
                key = match_key(f.text)
        out.append(f)
    return out


def _prefix_len(text: str, key_prefix: str) -> int:
    """Length of the shortest prefix of *text* whose match key is *key_prefix*."""
    for n in range(1, len(text) + 1):
        if match_key(text[:n]) == key_prefix:
            return n
    return len(text)


def _is_full(f: Fragment) -> bool:
    return len(f.text) >= WRAP_MIN


def _segment(block: list[Fragment], dec: Decisions) -> list[Cell]:
    """Cut one blank-separated block into cells (usually one), with sub-items and bullets attached."""
    frags = _apply_splits(block, dec)
    cells: list[Cell] = []
    k = 0
    while k < len(frags):
        f = frags[k]
        deep = len(f.indent) >= 2
        if cells and f.text.startswith("・") and f.indent:
            cells[-1].bullets.append([f])
        elif cells and f.indent == "\u3000":
            cells[-1].subitems.append([f])
        elif cells and deep:
            # a run of equally deep lines = sub-items; a single deep line continues the line above
            same_run = 0
            for g in frags[k:]:
                if g.indent != f.indent:
                    break
                same_run += 1
            subs = cells[-1].subitems
            if same_run >= 2 or (subs and subs[-1][0].indent == f.indent):
                subs.append([f])
            else:
                (subs[-1] if subs else cells[-1].parts).append(f)
        elif (
            cells
            and k > 0
            and frags[k - 1].line == f.line - 1
            and (_continues(frags[k - 1], cells[-1]) or _opens_detail(f))
        ):
            target = (
                cells[-1].subitems[-1]
                if cells[-1].subitems and frags[k - 1] in cells[-1].subitems[-1]
                else cells[-1].parts
            )
            target.append(f)
        else:
            cells.append(Cell("", [f]))
        k += 1
    return cells


def _continues(prev: Fragment, cell: Cell) -> bool:
    """Does the line after *prev* continue the same cell? Only if *prev* ran to the wrap width."""
    if prev.text.endswith("。") and not _is_wide(prev):
        return False
    if prev.text.endswith("、"):
        return True  # a clause never ends a cell
    return _is_full(prev) and not COLUMN_BREAK_RE.search(prev.text)


def _opens_detail(f: Fragment) -> bool:
    """A line starting with （ continues the cell above: a cell never starts with its bracketed detail."""
    return f.text.startswith(("（", "("))


def _is_wide(f: Fragment) -> bool:
    return len(f.text) > COLUMN_MAX


def _apply_merges(sec: Section, dec: Decisions) -> None:
    """Reviewed merges: a cell the extraction cut with a blank line continues in the next cell."""
    k = 0
    while k < len(sec.cells) - 1:
        key = match_key(sec.cells[k].text)
        note = next((n for end, n in dec.merges if key.endswith(end)), None)
        if note is not None:
            nxt = sec.cells.pop(k + 1)
            sec.cells[k].parts.extend(nxt.parts)
            sec.cells[k].subitems.extend(nxt.subitems)
            sec.cells[k].notes.append(note)
            continue
        k += 1


def _apply_joins(sections: list[Section], dec: Decisions, path: str) -> None:
    """Reviewed joins: a fragment far from its cell goes back to it (same chapter)."""
    for frag_key, target_key, note in dec.joins:
        for sec in sections:
            src = next((c for c in sec.cells if match_key(c.text) == frag_key), None)
            if src is None:
                continue
            dst = next(
                (c for c in sec.cells if c is not src and match_key(c.text).startswith(target_key)), None
            )
            if dst is None:
                raise SourceFormatError(
                    path,
                    src.first_line,
                    f"the cell starting {target_key!r} that the fragment completes",
                    src.text,
                )
            sec.cells.remove(src)
            dst.parts.extend(src.parts)
            dst.notes.append(note)


# --- kinds -----------------------------------------------------------------------------------------------


def _classify(sec: Section, dec: Decisions) -> None:
    """Give each cell its kind by form (see the module docstring), then apply the reviewed kinds."""
    for cell in sec.cells:
        text = cell.text
        key = match_key(text)
        reviewed = next(
            ((kind, conf, note) for start, kind, conf, note in dec.kinds if key.startswith(start)), None
        )
        if reviewed is not None:
            cell.kind, cell.confidence = reviewed[0], reviewed[1]
            cell.kind_basis = "reviewed decision"
            if reviewed[2]:
                cell.notes.append(reviewed[2])
            continue
        first = cell.parts[0]
        if any(_is_wide(p) for p in cell.parts):
            cell.kind, cell.kind_basis = CHALLENGE, "line wider than the table columns (the challenge box)"
        elif STRATEGY_TAG_RE.search(text):
            cell.kind, cell.kind_basis = (
                CHALLENGE,
                "strategy tag (ＳＤＧｓ戦略 / ＤＸ戦略 / ブランド戦略 / 【…】)",
            )
        elif first.mark == "indented":
            cell.kind, cell.kind_basis = CHALLENGE, "text on an indented check-mark row (the challenge rows)"
        elif SCHEDULE_TAG_RE.search(text):
            cell.kind, cell.kind_basis = (
                CHALLENGE,
                "schedule tag （Ｒ６～Ｒ７） used only in the challenge box",
            )
        elif text.endswith("。"):
            cell.kind, cell.kind_basis = POLICY, "sentence ending in 。 within the policy column"
        else:
            cell.kind, cell.kind_basis = GOAL, "noun phrase without a final 。 within the goal column"
