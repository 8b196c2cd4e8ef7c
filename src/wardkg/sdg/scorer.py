"""Evidence → per-goal and per-target confidence for one plan element.

The scorer is pure: it reads an element's texts (own title, description, bullets, parent titles), finds
the lexicon terms whose lemma sequences occur in them, and combines the hits.

* Field factor: a term in the element's own title counts fully, in its description 0.5, in a parent's
  title :data:`PARENT_FACTOR` (the child usually serves its parent's aim, but more weakly).
* Longest match wins: a hit contained in a longer hit is dropped (待機児童 hides 児童; a stop phrase like
  みどりバス hides みどり and contributes nothing).
* Each distinct term counts once per code, with its best field. Contributions are combined by noisy-or,
  ``1 − Π(1 − weight × factor)``: several independent weak clues add up, but never beyond 1, and one
  strong clue is enough. A goal's confidence combines its own goal-level terms and all its targets' terms.
* Administration: when the own title matches an ``admin`` term (人事, 電子決裁, 庁舎…) and no strong topic
  term, only goal-16 evidence is kept (issue 6: internal administration maps to 16.6 / 16.7 or nothing).
* At most :data:`MAX_GOALS` goals, primary first; a secondary goal must reach :data:`RELATIVE_FLOOR` of
  the primary's confidence, so that a stray weak word does not add a goal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wardkg.sdg.analyzer import Token, analyze
from wardkg.sdg.lexicon import STOP, Entry, Lexicon

FIELD_FACTORS: dict[str, float] = {"title": 1.0, "description": 0.5, "parent title": 0.5}
PARENT_FACTOR = FIELD_FACTORS["parent title"]
PROPOSE_FLOOR = 0.2
"""Goals below this confidence are not proposed at all."""
ACCEPT_THRESHOLD = 0.5
"""Links at or above this confidence are accepted automatically (wk:contributesTo); documented in MODEL.md."""
RELATIVE_FLOOR = 0.45
MAX_GOALS = 3
MAX_TARGETS_PER_GOAL = 2
ADMIN_OVERRIDE = 0.9
"""A topic term this strong in an administrative title still counts (児童虐待対策におけるAIの活用)."""


@dataclass(frozen=True)
class Hit:
    """One lexicon term found in one field of the element."""

    entry: Entry
    field: str
    surface: str

    @property
    def strength(self) -> float:
        return self.entry.weight * FIELD_FACTORS[self.field]


@dataclass
class TargetScore:
    code: str
    confidence: float
    hits: list[Hit]


@dataclass
class GoalScore:
    """One proposed goal: its confidence, its best targets and the hits behind it."""

    goal: str
    confidence: float
    hits: list[Hit]
    targets: list[TargetScore] = field(default_factory=list)

    @property
    def own_evidence(self) -> bool:
        """True when some hit is in the element's own text (not only in a parent's title)."""
        return any(h.field != "parent title" for h in self.hits)


@dataclass(frozen=True)
class ElementText:
    """The texts of one element the scorer reads."""

    title: str
    descriptions: Sequence[str] = ()
    parent_titles: Sequence[str] = ()


def find_hits(lexicon: Lexicon, text: str, field_name: str) -> list[Hit]:
    """Every lexicon term in *text* (longest match wins; stop phrases hide what they contain)."""
    tokens: tuple[Token, ...] = analyze(text)
    index = _index(lexicon)
    spans: list[tuple[int, int, Entry]] = []
    lem = [t.lemma for t in tokens]
    for i, tok in enumerate(tokens):
        for e in index.get(tok.lemma, ()):
            n = len(e.key)
            if tuple(lem[i : i + n]) == e.key:
                spans.append((i, i + n, e))
    kept: list[Hit] = []
    for s, t, e in spans:
        if any((s2 <= s and t <= t2) and (t2 - s2) > (t - s) for s2, t2, _ in spans):
            continue
        if e.code == STOP:
            continue
        surface = "".join(tok.surface for tok in tokens[s:t])
        kept.append(Hit(e, field_name, surface))
    return kept


_INDEX_CACHE: dict[str, dict[str, list[Entry]]] = {}


def _index(lexicon: Lexicon) -> dict[str, list[Entry]]:
    idx = _INDEX_CACHE.get(lexicon.sha256)
    if idx is None:
        idx = lexicon.by_first()
        _INDEX_CACHE[lexicon.sha256] = idx
    return idx


def collect_hits(lexicon: Lexicon, text: ElementText) -> list[Hit]:
    """Hits from every field, the title first."""
    hits = find_hits(lexicon, text.title, "title")
    for d in text.descriptions:
        hits += find_hits(lexicon, d, "description")
    for p in text.parent_titles:
        hits += find_hits(lexicon, p, "parent title")
    return hits


def _noisy_or(values: list[float]) -> float:
    p = 1.0
    for v in values:
        p *= 1.0 - v
    return 1.0 - p


def _best_per_term(hits: list[Hit]) -> list[Hit]:
    """One hit per (code, term): the one from the strongest field (ties: title before description...)."""
    best: dict[tuple[str, str], Hit] = {}
    for h in hits:
        k = (h.entry.code, h.entry.term)
        if k not in best or h.strength > best[k].strength:
            best[k] = h
    return sorted(best.values(), key=lambda h: (-h.strength, h.entry.code, h.entry.term))


def is_administrative(hits: list[Hit]) -> bool:
    """The own title names internal administration and no strong topic."""
    title = [h for h in hits if h.field == "title"]
    if not any(h.entry.kind == "admin" for h in title):
        return False
    return not any(
        h.entry.kind == "topic" and h.entry.goal != "16" and h.strength >= ADMIN_OVERRIDE for h in title
    )


def score(lexicon: Lexicon, text: ElementText) -> list[GoalScore]:
    """The proposed goals for one element, primary first (deterministic order)."""
    hits = collect_hits(lexicon, text)
    if is_administrative(hits):
        hits = [h for h in hits if h.entry.goal == "16"]
    hits = _best_per_term(hits)
    by_goal: dict[str, list[Hit]] = {}
    for h in hits:
        by_goal.setdefault(h.entry.goal, []).append(h)
    goals: list[GoalScore] = []
    for goal, ghits in by_goal.items():
        conf = _noisy_or([h.strength for h in ghits])
        by_target: dict[str, list[Hit]] = {}
        for h in ghits:
            if h.entry.is_target:
                by_target.setdefault(h.entry.code, []).append(h)
        targets = [TargetScore(c, _noisy_or([h.strength for h in th]), th) for c, th in by_target.items()]
        targets.sort(key=lambda t: (-round(t.confidence, 6), _code_key(t.code)))
        if targets:
            top = targets[0].confidence
            targets = [t for t in targets if t.confidence >= 0.5 * top][:MAX_TARGETS_PER_GOAL]
        goals.append(GoalScore(goal, conf, ghits, targets))
    goals.sort(key=lambda g: (-round(g.confidence, 6), int(g.goal)))
    if not goals:
        return []
    top = goals[0].confidence
    kept = [g for g in goals if g.confidence >= PROPOSE_FLOOR and g.confidence >= RELATIVE_FLOOR * top]
    return kept[:MAX_GOALS]


def _code_key(code: str) -> tuple[int, str]:
    goal, _, rest = code.partition(".")
    return (int(goal), rest.rjust(3, "0") if rest.isdigit() else "z" + rest)
