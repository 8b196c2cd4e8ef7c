"""Japanese text normalisation shared by the parsers and the linker.

Why: the sources mix full-width and half-width forms (ＳＤＧｓ / SDGs, ２億 / 2億) and PDF extraction
inserts spaces at line wraps. Matching uses NFKC; labels keep the source's own form (DESIGN.md,
"Japanese text facts").
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef々〆〇ー"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and Latin to ASCII, half-width kana to full-width)."""
    return unicodedata.normalize("NFKC", text)


def collapse_ws(text: str) -> str:
    """Collapse runs of white space (including U+3000) to one ASCII space and strip the ends."""
    return _WS.sub(" ", text.replace("\u3000", " ")).strip()


def remove_wrap_spaces(text: str) -> str:
    """Remove spaces that PDF line wraps inserted between two Japanese characters.

    A space between two CJK / full-width characters never carries meaning in these documents; a space
    next to Latin text or digits may (``DX 推進``), so it is kept but collapsed.
    """
    return collapse_ws(_WRAP_SPACE.sub("", text))


def match_key(text: str) -> str:
    """The key two names are matched on: NFKC, no white space at all, lower-case Latin."""
    return _WS.sub("", nfkc(text)).lower()


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def to_ascii_digits(text: str) -> str:
    """Full-width digits to ASCII digits, nothing else changed."""
    return text.translate(_FULLWIDTH_DIGITS)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled(n: int) -> str:
    """The circled-number marker for *n* (1 → ①), as the sources print bullets."""
    if not 1 <= n <= len(_CIRCLED):
        raise ValueError(f"no circled number for {n}")
    return _CIRCLED[n - 1]
