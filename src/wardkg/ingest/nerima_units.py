"""The grammar of a Nerima 事業実施課 (responsible units) list, shared by both action-plan layouts.

Why a grammar rather than a split: the 2nd plan separates unit groups by ``、`` *or by a bare space*
(``教育振興部 学務課、こども家庭部 子育て支援課、保育課`` vs ``福祉部 障害者施策推進課 高齢施策担当部 …``), and
nothing marks where the list ends — the next heading follows after a space. So the list is read token by
token: a token ending in 部 / 室 / 事務局 opens a department, a token ending in 課 / センター / 所 is a
section of the department opened last; the first token that is no unit name ends the list
(NOTES-nerima.md, "Responsible units").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEPARTMENT_SUFFIXES: tuple[str, ...] = ("事務局", "部", "室")
"""Top-level units in Nerima's lists (危機管理室 and 選挙管理委員会事務局 are departments here)."""
SECTION_SUFFIXES: tuple[str, ...] = ("センター", "課", "所")
"""Units under a department (練馬子ども家庭支援センター, 保健相談所, …)."""

# A unit name: no white space, no list separator, no brackets or digits (which start headings).
_UNIT_TOKEN = re.compile(r"[^\s、,，()（）0-9０-９@※★【】「」:：]+")
_SEPARATOR = re.compile(r"[\s\u3000]*(?:、[\s\u3000]*)?")


@dataclass(frozen=True)
class UnitPair:
    """One (department, section) pair; *section* is None when the list names the department alone."""

    department: str
    section: str | None


@dataclass(frozen=True)
class UnitList:
    """A parsed unit list: the pairs in order, the raw text, and where it ends in the parsed string."""

    pairs: tuple[UnitPair, ...]
    as_written: str
    end: int


def unit_level(name: str) -> str | None:
    """'department', 'section' or None when *name* ends in no unit suffix."""
    if name.endswith(DEPARTMENT_SUFFIXES):
        return "department"
    if name.endswith(SECTION_SUFFIXES):
        return "section"
    return None


class UnitListError(ValueError):
    """A unit list that breaks the grammar; *offset* is where, relative to the parsed string."""

    def __init__(self, offset: int, expected: str, found: str) -> None:
        super().__init__(f"at {offset}: expected {expected}, found {found!r}")
        self.offset = offset
        self.expected = expected
        self.found = found


def parse_unit_list(text: str, start: int = 0) -> UnitList:
    """Read unit names from ``text[start:]`` until the first token that is not one.

    Returns the pairs and the offset just after the last unit name. Raises UnitListError when the list
    is empty or a section comes before any department (the family always names the department first).
    """
    pos = start
    pairs: list[UnitPair] = []
    department: str | None = None
    dept_has_section = False
    last_end = start
    while True:
        sep = _SEPARATOR.match(text, pos)
        tok_start = sep.end() if sep else pos
        m = _UNIT_TOKEN.match(text, tok_start)
        if not m:
            break
        name = m.group(0)
        level = unit_level(name)
        if level is None:
            break
        if level == "department":
            if department is not None and not dept_has_section:
                pairs.append(UnitPair(department, None))
            department, dept_has_section = name, False
        else:
            if department is None:
                raise UnitListError(tok_start, "a department (…部, …室, …事務局) before the section", name)
            pairs.append(UnitPair(department, name))
            dept_has_section = True
        pos = last_end = m.end()
    if department is not None and not dept_has_section:
        pairs.append(UnitPair(department, None))
    if not pairs:
        found = text[start : start + 30].strip()
        raise UnitListError(
            start, "a unit name ending in 部, 室, 事務局, 課, センター or 所", found or "nothing"
        )
    return UnitList(tuple(pairs), text[start:last_end].strip(), last_end)
