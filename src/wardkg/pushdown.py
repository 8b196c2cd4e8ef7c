"""Where a stored query's parameter VALUES block may also be placed: inside the sub-SELECTs that project it.

Why: the runner binds parameters with one VALUES block at the start of the outer WHERE group
(:func:`wardkg.query.inject_values`). A sub-SELECT is evaluated before it is joined with that block, and
neither pyoxigraph 0.5 nor rdflib pushes the binding into it: ``sdg-initiatives`` with ``sdg=4.2`` first
listed every SDG link in the graph (1,741 municipalities: 235 s on the on-disk store) and only then kept
those of target 4.2. Repeating the block inside the sub-SELECT restricts it where the work is done.

When that returns the same rows (and only then is it done):

* the variable is projected by the sub-SELECT as itself (``?x``, not ``(… AS ?x)``, not ``*``), so inside
  and outside it is the same variable;
* the sub-SELECT has no LIMIT or OFFSET (restricting first would change which rows are kept), and if it
  aggregates, the variable is one of its GROUP BY keys (a group's aggregates depend only on its own rows);
* every group between the outer WHERE group and the sub-SELECT is a plain group, a UNION branch or a GRAPH
  group — joined with the outer block. Under OPTIONAL, MINUS, (NOT) EXISTS or SERVICE it is not repeated:
  an OPTIONAL in a nested group is evaluated before the outer block is joined, and a row of the
  sub-SELECT that the block would reject can still decide whether an outer row is extended (then the
  outer block binds the variable anyway: tests/test_pushdown.py shows the different rows). Directly in the
  outer group it would be safe (the block is on the OPTIONAL's left); the rule is kept simple instead;
* for a sub-SELECT inside another, all of this holds at every level.

The scan skips comments, strings and IRIs like :func:`wardkg.query.where_brace`; a query it cannot follow
(unbalanced braces) gets no extra block, never a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z_0-9\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z_0-9]*(?::[A-Za-z_0-9.\-]*)?)
    | (?P<punct>[{}()*])
    """,
    re.VERBOSE | re.DOTALL,
)

_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_BLOCKING = {"OPTIONAL", "MINUS", "EXISTS", "SERVICE"}
_MODIFIER_END = {"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


@dataclass
class _Token:
    kind: str
    text: str
    start: int


@dataclass
class _SubSelect:
    """One sub-SELECT: what it projects, how it groups, and whether the outer block reaches it."""

    reachable: bool
    parent: _SubSelect | None
    plain: set[str] = field(default_factory=set)
    aggregates: bool = False
    star: bool = False
    where_at: int = -1  # offset just after the sub-SELECT's WHERE "{"
    keys: set[str] | None = None  # GROUP BY variables (None: not grouped)
    limited: bool = False


@dataclass
class _Group:
    """An open ``{``: whether the outer block reaches inside it, the sub-SELECT whose WHERE group it is
    (if it is one), and the innermost sub-SELECT it belongs to."""

    reachable: bool
    inside: _SubSelect | None
    where_of: _SubSelect | None = None


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup or ""
        if kind in {"comment", "long", "string"}:
            continue
        out.append(_Token(kind, m.group(), m.start()))
    return out


def _projection(tokens: list[_Token], i: int, sub: _SubSelect) -> int:
    """Read the projection after SELECT (index *i*); return the index of the WHERE group's ``{``."""
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif t.text == "{" and depth == 0:
            return i
        elif depth == 0 and t.kind == "var":
            sub.plain.add(t.text[1:])
        elif depth == 0 and t.text == "*":
            sub.star = True
        elif t.kind == "word" and t.text.upper() in _AGGREGATES:
            sub.aggregates = True
        i += 1
    return i


def _modifiers(tokens: list[_Token], i: int, sub: _SubSelect) -> None:
    """Read the solution modifiers after the sub-SELECT's WHERE group (index *i*, up to its closing ``}``)."""
    depth = 0
    grouping = False
    while i < len(tokens):
        t = tokens[i]
        word = t.text.upper() if t.kind == "word" else ""
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif t.text in {"{", "}"} and depth == 0:
            return
        elif word == "GROUP":
            grouping = True
            sub.keys = set()
        elif word in _MODIFIER_END:
            grouping = False
            if word in {"LIMIT", "OFFSET"}:
                sub.limited = True
        elif grouping and depth == 0 and t.kind == "var" and sub.keys is not None:
            sub.keys.add(t.text[1:])
        i += 1


def _pushable(sub: _SubSelect) -> frozenset[str]:
    """The variables a block may bind inside *sub*, by its own projection and modifiers alone."""
    if sub.star or sub.limited or not sub.reachable:
        return frozenset()
    if sub.keys is not None:
        return frozenset(sub.plain & sub.keys)
    if sub.aggregates:
        return frozenset()
    return frozenset(sub.plain)


def pushdown_points(text: str, names: Iterable[str], where_at: int) -> list[tuple[int, frozenset[str]]]:
    """Offsets (just after a sub-SELECT's WHERE ``{``) where a VALUES block may be repeated, each with the
    parameter names it may bind there, in text order. *where_at* is the offset of the outer WHERE
    group's ``{`` (:func:`wardkg.query.where_brace`)."""
    wanted = frozenset(names)
    tokens = _tokens(text)
    start = next((k for k, t in enumerate(tokens) if t.start == where_at), None)
    if start is None or not wanted:
        return []
    stack = [_Group(reachable=True, inside=None)]
    subs: list[_SubSelect] = []
    i = start + 1
    while i < len(tokens) and stack:
        t = tokens[i]
        if t.text == "{":
            parent = stack[-1]
            before = {tk.text.upper() for tk in tokens[max(0, i - 3) : i] if tk.kind == "word"}
            prev = tokens[i - 1].text.upper() if tokens[i - 1].kind == "word" else ""
            # SERVICE [SILENT] <iri> { … }: the keyword is up to three tokens back
            reachable = parent.reachable and prev not in _BLOCKING and "SERVICE" not in before
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.kind == "word" and nxt.text.upper() == "SELECT":
                sub = _SubSelect(reachable=reachable, parent=parent.inside)
                subs.append(sub)
                j = _projection(tokens, i + 2, sub)
                if j >= len(tokens):
                    return []
                sub.where_at = tokens[j].start + 1
                stack.append(_Group(reachable=reachable, inside=parent.inside))  # the "{ SELECT" wrapper
                stack.append(_Group(reachable=True, inside=sub, where_of=sub))  # its WHERE group
                i = j + 1
                continue
            stack.append(_Group(reachable=reachable, inside=parent.inside))
        elif t.text == "}":
            closed = stack.pop()
            if closed.where_of is not None:
                _modifiers(tokens, i + 1, closed.where_of)
        i += 1
    if stack:
        return []  # unbalanced braces: add nothing

    def allowed(sub: _SubSelect) -> frozenset[str]:
        own = _pushable(sub)
        return own if sub.parent is None else own & allowed(sub.parent)

    points = [(sub.where_at, allowed(sub) & wanted) for sub in subs]
    return [(at, names_here) for at, names_here in points if names_here]
