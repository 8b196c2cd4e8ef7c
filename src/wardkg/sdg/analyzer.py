"""Japanese text → lemma sequence, the unit the SDG lexicon is matched on.

Why lemmas and not substrings: a substring test finds ごみ in 粗大ごみ受付システム and 公園 in 石神井公園駅,
and misses 受入れ / 受け入れ. SudachiPy (with sudachidict_core) segments the NFKC-normalised text and gives
each morpheme its normalised form (受入 → 受け入れ, 為る for する); the lexicon terms are tokenised by the very
same function, so a term matches exactly when its lemma sequence occurs contiguously in the text's.

Split mode A (shortest units) is used on both sides: compounds like 児童虐待防止 then still contain the
lemma sequence of 虐待, and longer lexicon terms (待機児童) are sequences of short units in either text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wardkg.jtext import nfkc, remove_wrap_spaces

# Punctuation and white space never carry topic meaning; dropping them on both sides lets 食品・ロス match
# 食品ロス. Particles (の, を) are kept: they are part of a term's lemma sequence like any other word.
_SKIP_POS = frozenset({"補助記号", "空白"})


@dataclass(frozen=True)
class Token:
    """One morpheme: its lemma (normalised form), its surface, and its span in the normalised text."""

    lemma: str
    surface: str
    start: int
    end: int


def normalize(text: str) -> str:
    """The form every text is analysed in: NFKC, PDF wrap spaces removed, Latin lower-cased."""
    return remove_wrap_spaces(nfkc(text)).lower()


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import dictionary, tokenizer

    return dictionary.Dictionary(dict="core").tokenizer(mode=tokenizer.Tokenizer.SplitMode.A)


@lru_cache(maxsize=65536)
def analyze(text: str) -> tuple[Token, ...]:
    """The lemma tokens of *text* (normalised first); punctuation and spaces are dropped.

    Cached: the same titles recur (a parent's title is read once per child; Suginami lists one project
    under several measures).
    """
    norm = normalize(text)
    if not norm:
        return ()
    out: list[Token] = []
    for m in _tokenizer().tokenize(norm):
        if m.part_of_speech()[0] in _SKIP_POS:
            continue
        lemma = nfkc(m.normalized_form()).lower()
        out.append(Token(lemma=lemma, surface=m.surface(), start=m.begin(), end=m.end()))
    return tuple(out)


def lemmas(text: str) -> tuple[str, ...]:
    """Just the lemma sequence of *text* — how a lexicon term is keyed."""
    return tuple(t.lemma for t in analyze(text))
