"""Which row group (施策 / 改革 / 人材育成・活用) a management-policy statement belongs to, and why.

The table's row groups are labelled vertically; the extraction detached the labels from their rows, so the
category is read from two independent clues and asserted only where the text supports it:

* position: in a chapter where every label is followed by text before the next label, a statement is read
  as the row of the nearest label above it. Where labels stand together with nothing between them, the
  chapter's labels have been moved away from their rows and position says nothing;
* wording: 職員 / 人材 / 職場 / 人づくり point to 人材育成・活用; 業務改善 / 効率化 / 経営革新計画 / 業務改革
  point to 改革 (the wording that the groups' own statements use across the document).

Both agree → the category with confidence 0.9; only one clue → that clue, 0.7 (wording) or 0.6 (position);
they disagree, or a statement has wording of two groups and no position → unknown (wk:flagUnknown), with
the clues in the note. Key goals get no category: their row cannot be told from the text at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from wardkg.ingest.itabashi_policy_parse import Cell, Section
from wardkg.namespaces import WK

CATEGORY_IRI: dict[str, URIRef] = {
    "施策": WK.CategoryMeasure,
    "改革": WK.CategoryReform,
    "人材育成・活用": WK.CategoryHumanResources,
}
WORDING: dict[str, tuple[str, ...]] = {
    "人材育成・活用": ("職員", "人材", "職場", "人づくり"),
    "改革": ("業務改善", "効率化", "経営革新計画", "業務改革"),
}


@dataclass(frozen=True)
class CategoryDecision:
    """The category (or None = unknown), the confidence and the basis in words (ja)."""

    category: str | None
    confidence: float
    basis: str


def labels_informative(sec: Section) -> bool:
    """Position means something only if every label is followed by text before the next label.

    Where two labels stand together with nothing between them, the extraction has moved the labels away
    from their rows, and then no label of that chapter is trusted (NOTES: 6 chapters with all three
    together, 3 with two together).
    """
    if not sec.labels:
        return False
    ordered = sorted(sec.labels, key=lambda lab: lab.first_line)
    bounds = [lab.last_line for lab in ordered]
    nexts = [lab.first_line for lab in ordered[1:]] + [sec.last_line + 1]
    return all(
        any(lo < c.parts[0].line < hi for c in sec.cells) for lo, hi in zip(bounds, nexts, strict=True)
    )


def position_category(sec: Section, cell: Cell) -> tuple[str, int] | None:
    """The label a cell stands under (the nearest one above it), in a chapter whose labels are informative."""
    if not labels_informative(sec):
        return None
    first = cell.parts[0].line
    before = [lab for lab in sec.labels if lab.last_line < first]
    if not before:
        return None
    lab = max(before, key=lambda x: x.last_line)
    return lab.name, lab.first_line


def wording_categories(text: str) -> dict[str, list[str]]:
    """Each group whose wording the text uses, with the words found."""
    found: dict[str, list[str]] = {}
    for cat, words in WORDING.items():
        hits = [w for w in words if w in text]
        if hits:
            found[cat] = hits
    return found


def decide_category(sec: Section, cell: Cell) -> CategoryDecision:
    """Combine position and wording as the module docstring says."""
    pos = position_category(sec, cell)
    words = wording_categories(cell.text)
    pos_text = f"{pos[0]}ラベル（L{pos[1]}）の後に位置" if pos else ""
    word_text = "・".join(f"{cat}の語「{'」「'.join(hits)}」" for cat, hits in words.items())
    if pos and pos[0] in words:
        return CategoryDecision(pos[0], 0.9, f"位置と語が一致: {pos_text}; {word_text}")
    if pos and not words:
        return CategoryDecision(pos[0], 0.6, f"位置のみ: {pos_text}")
    if not pos and len(words) == 1:
        cat = next(iter(words))
        return CategoryDecision(cat, 0.7, f"語のみ: {word_text}（ラベル位置は手掛かりにならない）")
    if pos:
        return CategoryDecision(None, 0.0, f"不明: 位置（{pos_text}）と語（{word_text}）が一致しない")
    if words:
        return CategoryDecision(
            None, 0.0, f"不明: 複数の区分の語（{word_text}）があり、ラベル位置も手掛かりにならない"
        )
    return CategoryDecision(None, 0.0, "不明: ラベル位置も語も区分を示さない")
