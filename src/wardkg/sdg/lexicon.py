"""The curated SDG lexicon: data/sdg/lexicon.tsv, loaded and checked.

Why a TSV in data/ and not code: the lexicon is the part of the linker a policy person reviews and corrects
(which word means which target, how strongly). One row per (code, term); a reviewer edits it in a spreadsheet
and the diff stays readable. Columns (tab-separated, header required, ``#`` lines are comments):

``code``   a goal (``13``), a target (``13.2``, ``4.a``) or ``-`` for a *stop phrase*: a longer phrase whose
           match hides the shorter terms inside it (みどりバス hides みどり, 石神井公園駅 hides 公園).
``term``   Japanese (or Latin) text; analysed by :func:`wardkg.sdg.analyzer.lemmas` exactly like the
           documents, so the match is on lemma sequences.
``weight`` in (0, 1]: how surely the term alone shows a contribution to the code (0.9 ≈ unambiguous).
``kind``   ``topic`` (default), or ``admin``: internal administration (人事, 庁舎, 電子決裁). An element
           whose own title is administrative keeps only goal-16 evidence (see scorer).
``note``   free text for the reviewer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from wardkg.errors import SourceFormatError
from wardkg.sdg.analyzer import lemmas
from wardkg.sources import DATA_DIR

LEXICON_TSV = DATA_DIR / "sdg" / "lexicon.tsv"
HEADER = ("code", "term", "weight", "kind", "note")
KINDS = frozenset({"topic", "admin"})
STOP = "-"
_GOAL = re.compile(r"^(1[0-7]|[1-9])$")

# (numbered targets, lettered targets) per goal, from the UN list of 169 targets (A/RES/71/313).
_TARGET_SHAPE: dict[int, tuple[int, str]] = {
    1: (5, "ab"), 2: (5, "abc"), 3: (9, "abcd"), 4: (7, "abc"), 5: (6, "abc"), 6: (6, "ab"),
    7: (3, "ab"), 8: (10, "ab"), 9: (5, "abc"), 10: (7, "abc"), 11: (7, "abc"), 12: (8, "abc"),
    13: (3, "ab"), 14: (7, "abc"), 15: (9, "abc"), 16: (10, "ab"), 17: (19, ""),
}  # fmt: skip
TARGET_CODES: tuple[str, ...] = tuple(
    f"{g}.{t}"
    for g, (n, letters) in _TARGET_SHAPE.items()
    for t in [*(str(i) for i in range(1, n + 1)), *letters]
)
"""The 169 SDG target codes, in UN order."""
_TARGET_SET = frozenset(TARGET_CODES)


@dataclass(frozen=True)
class Entry:
    """One lexicon row, with the lemma key it is matched on."""

    code: str
    term: str
    weight: float
    kind: str
    note: str
    key: tuple[str, ...]
    line: int

    @property
    def goal(self) -> str:
        """The goal number as a string ("13" for "13.2"); "" for stop phrases."""
        return "" if self.code == STOP else self.code.split(".")[0]

    @property
    def is_target(self) -> bool:
        return "." in self.code


@dataclass(frozen=True)
class Lexicon:
    """All entries, indexed by the first lemma of their key; *sha256* identifies the file's content."""

    entries: tuple[Entry, ...]
    sha256: str
    path: Path

    def by_first(self) -> dict[str, list[Entry]]:
        index: dict[str, list[Entry]] = {}
        for e in self.entries:
            index.setdefault(e.key[0], []).append(e)
        return index


def is_code(code: str) -> bool:
    """True for a well-formed goal ("7") or target ("7.2", "4.a") code."""
    return bool(_GOAL.match(code)) or code in _TARGET_SET


def load_lexicon(path: Path = LEXICON_TSV) -> Lexicon:
    """Read and check the lexicon; a bad row raises SourceFormatError naming file and line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(path, None, "a readable lexicon TSV file", str(exc)) from exc
    text = data.decode("utf-8")
    entries: list[Entry] = []
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cols) != HEADER:
                raise SourceFormatError(path, lineno, "the header " + "\\t".join(HEADER), raw)
            header_seen = True
            continue
        if len(cols) != len(HEADER):
            raise SourceFormatError(path, lineno, f"{len(HEADER)} tab-separated columns", raw)
        code, term, weight_s, kind, note = (c.strip() for c in cols)
        if code != STOP and not is_code(code):
            raise SourceFormatError(
                path, lineno, "one of the 17 goal or 169 target codes (13, 13.2, 4.a), or -", code
            )
        if not term:
            raise SourceFormatError(path, lineno, "a non-empty term", raw)
        try:
            weight = float(weight_s)
        except ValueError as exc:
            raise SourceFormatError(path, lineno, "a weight in (0, 1]", weight_s) from exc
        if not 0.0 < weight <= 1.0:
            raise SourceFormatError(path, lineno, "a weight in (0, 1]", weight_s)
        kind = kind or "topic"
        if kind not in KINDS:
            raise SourceFormatError(path, lineno, "kind topic or admin", kind)
        key = lemmas(term)
        if not key:
            raise SourceFormatError(path, lineno, "a term with at least one word", term)
        if (code, key) in seen:
            raise SourceFormatError(
                path, lineno, f"one row per (code, term); same as line {seen[(code, key)]}", term
            )
        seen[(code, key)] = lineno
        entries.append(Entry(code, term, weight, kind, note, key, lineno))
    if not header_seen:
        raise SourceFormatError(path, None, "the header " + "\\t".join(HEADER), "an empty file")
    return Lexicon(tuple(entries), hashlib.sha256(data).hexdigest(), path)
