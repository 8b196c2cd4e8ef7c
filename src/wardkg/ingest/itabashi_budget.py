"""Itabashi's budget-highlights page (予算の重点戦略, seed 000) → wk:BudgetHighlights graph.

The page (広報 layout, extracted as text) lists three 重点戦略 (Ⅰ SDGs, Ⅱ DX, Ⅲ ブランド) and under each its
重点事業: a title on one or two lines, an amount line 【…円】, a description, and a contact ▶問＝…☎NNNN－NNNN.
What the extraction did to it (see /work/shared/seeds/NOTES-itabashi.md, checked against the text):

* every strategy-name run is printed twice (``戦略戦略``): a line equal to X+X becomes X, then the lines join;
* blank lines fall inside items (before or after the amount), so a blank line is not an item boundary:
  the amount marks an item, the title is the last run of lines before it, ▶問＝ ends it;
* contacts wrap anywhere (inside names, between ☎ and the digits, inside the number): the contact lines are
  joined with no separator until the text ends in a complete number;
* noise: a lone ruby kana on its own line (``い`` of 活かして), the いちおし badge (a flag on the next item),
  photo captions between items, and the page footnote ※金額は… (printed twice), which is the rounding note.

The page does not print its fiscal year: the source registry records FY2024 as inferred, with the reason,
and the plan carries the same reason (wk:fiscalYearsInferred).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from wardkg.errors import InputError, SourceFormatError
from wardkg.fiscal import fiscal_year_label_ja
from wardkg.ingest.common import (
    add_element,
    add_plan,
    add_provenance,
    add_source_document,
    add_unit,
    boolean,
    decimal,
    en,
    ja,
    line_spans,
    lines,
    new_graph,
)
from wardkg.ingest.itabashi_amounts import AMOUNT_RE, Contact, ContactError, parse_amount, parse_contacts
from wardkg.ingest.itabashi_common import (
    ROMAN,
    STRATEGY_KEYS,
    add_domains,
    domains_for,
    strategy_iri,
    strategy_key_of,
)
from wardkg.ingest.registry import Family
from wardkg.jtext import nfkc, remove_wrap_spaces
from wardkg.namespaces import VCARD, WK, contact_iri, fiscal_year_iri, plan_iri
from wardkg.sources import SourceDoc

PLAN_TITLE = "予算の重点戦略"
HEADING_RE = re.compile(r"^\s*重点戦略\s*([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*$")
AMOUNT_LINE_RE = re.compile(r"^\s*【[^】]*】\s*$")
CONTACT_START = "▶問＝"
FEATURED_BADGE = "いちおし"
RUBY_RE = re.compile(r"^[\u3041-\u309f]{1,2}$")
"""A line of one or two hiragana only: a ruby reading (い of 活かして) that the extraction set apart."""
FOOTNOTE_RE = re.compile(r"^\s*(※.+?)\s*$")
ROUNDING_UNIT = "万円"
ROUNDING_UNIT_YEN = 10_000
STRATEGY_EN = {
    "sdgs": "SDGs (Sustainable Development Goals) strategy",
    "dx": "Digital transformation (DX) strategy",
    "ブランド": "Brand strategy",
}
"""English labels: the Japanese names are themselves loan words (SDGs, デジタルトランスフォーメーション, ブランド)."""
STRATEGY_ORDER = {n: key for key, n in STRATEGY_KEYS.items()}
"""Numeral → the strategy it must name; the challenges of the policy document link by this numbering."""


def undouble(line: str) -> str | None:
    """``戦略戦略`` → ``戦略``; None when the line is not a run printed twice (rule: X+X becomes X)."""
    s = line.strip()
    half, odd = divmod(len(s), 2)
    if s and not odd and s[:half] == s[half:]:
        return s[:half]
    return None


@dataclass
class Item:
    """One 重点事業 as parsed."""

    title: str
    title_lines: list[int]
    amount_text: str
    amount: int
    amount_line: int
    description: str = ""
    description_lines: list[int] = field(default_factory=list)
    contact_text: str = ""
    contact_lines: list[int] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    featured: bool = False
    badge_line: int | None = None


@dataclass
class Strategy:
    """One 重点戦略 as parsed."""

    numeral: str
    number: int
    name: str
    raw_name: str
    heading_line: int
    name_lines: list[int]
    items: list[Item] = field(default_factory=list)


@dataclass
class BudgetPage:
    """The whole page: strategies with items, the rounding note, lines recognised as noise."""

    strategies: list[Strategy]
    rounding_note: str | None
    rounding_note_line: int | None
    ignored: list[tuple[int, str]]
    last_line: int


def _join(parts: list[str]) -> str:
    """Join wrapped lines: no separator, then drop the spaces wraps left between Japanese characters."""
    return remove_wrap_spaces("".join(p.strip() for p in parts))


def parse_budget_page(text: str, path: str = "<text>") -> BudgetPage:
    """Parse the page into strategies and items, or raise SourceFormatError naming the line."""
    raw_lines = text.splitlines()
    if not any(line.strip() for line in raw_lines):
        raise SourceFormatError(path, 1, "a budget page starting with 重点戦略Ⅰ", "an empty document")
    strategies: list[Strategy] = []
    ignored: list[tuple[int, str]] = []
    rounding_note: str | None = None
    rounding_line: int | None = None
    pending: list[tuple[int, str]] = []  # non-blank lines since the last item ended
    featured_line: int | None = None
    i = 0
    n = len(raw_lines)
    while i < n:
        lineno = i + 1
        line = raw_lines[i]
        s = line.strip()
        i += 1
        if not s:
            continue
        if m := HEADING_RE.match(line):
            for ln, txt in pending:
                ignored.append((ln, txt))
            pending = []
            name_parts: list[str] = []
            raw_parts: list[str] = []
            name_lines: list[int] = []
            while i < n:
                cand = raw_lines[i].strip()
                if not cand:
                    i += 1
                    continue
                half = undouble(cand)
                if half is None:
                    break
                name_parts.append(half)
                raw_parts.append(cand)
                name_lines.append(i + 1)
                i += 1
            if not name_parts:
                found = raw_lines[i].strip() if i < n else "the end of the document"
                raise SourceFormatError(
                    path, min(i + 1, n), "a strategy name printed twice (X+X) after 重点戦略", found
                )
            strategies.append(
                Strategy(m[1], ROMAN[m[1]], "".join(name_parts), "".join(raw_parts), lineno, name_lines)
            )
            continue
        if not strategies:
            raise SourceFormatError(path, lineno, "the first strategy heading 重点戦略Ⅰ", s)
        if fm := FOOTNOTE_RE.match(line):
            note = undouble(fm[1]) or fm[1]
            if rounding_note is None and "端数" in note:
                rounding_note, rounding_line = note, lineno
            else:
                ignored.append((lineno, s))
            continue
        if s == FEATURED_BADGE:
            featured_line = lineno
            for ln, txt in pending:
                ignored.append((ln, txt))
            pending = []
            continue
        if AMOUNT_LINE_RE.match(line) or AMOUNT_RE.search(nfkc(line)):
            amount = parse_amount(s)
            if amount is None:
                raise SourceFormatError(
                    path, lineno, "an amount like 【2501万円】 or 【２億6128万円】 (億 / 万 and 円)", s
                )
            # The title is the last run of non-blank lines before the amount; any earlier pending run is a
            # caption. Blank lines between the title run and the amount are allowed.
            if not pending:
                raise SourceFormatError(path, lineno, "an item title before the amount", s)
            run: list[tuple[int, str]] = [pending[-1]]
            for prev in reversed(pending[:-1]):
                if prev[0] == run[0][0] - 1:
                    run.insert(0, prev)
                else:
                    break
            for ln, txt in pending[: len(pending) - len(run)]:
                ignored.append((ln, txt))
            pending = []
            item = Item(
                title=_join([t for _, t in run]),
                title_lines=[ln for ln, _ in run],
                amount_text=s,
                amount=amount,
                amount_line=lineno,
                featured=featured_line is not None,
                badge_line=featured_line,
            )
            featured_line = None
            i = _parse_item_body(raw_lines, i, item, ignored, path)
            strategies[-1].items.append(item)
            continue
        if s.startswith(CONTACT_START):
            raise SourceFormatError(path, lineno, "a contact ▶問＝ only after an item's amount 【…円】", s)
        pending.append((lineno, s))
    for ln, txt in pending:
        ignored.append((ln, txt))
    for st in strategies:
        if not st.items:
            raise SourceFormatError(
                path, st.heading_line, f"at least one item with an amount under 重点戦略{st.numeral}"
            )
    if featured_line is not None:
        raise SourceFormatError(
            path, featured_line, "an item after the いちおし badge", "the end of the document"
        )
    return BudgetPage(strategies, rounding_note, rounding_line, ignored, n)


def _parse_item_body(
    raw_lines: list[str], i: int, item: Item, ignored: list[tuple[int, str]], path: str
) -> int:
    """Description lines up to ▶問＝, then the contact lines until the text ends in a complete number."""
    n = len(raw_lines)
    desc: list[str] = []
    while i < n:
        s = raw_lines[i].strip()
        if s.startswith(CONTACT_START):
            break
        if HEADING_RE.match(raw_lines[i]) or AMOUNT_LINE_RE.match(raw_lines[i]):
            raise SourceFormatError(path, i + 1, f"a contact ▶問＝ ending the item {item.title!r}", s)
        if s:
            if RUBY_RE.match(s):
                ignored.append((i + 1, s))
            else:
                desc.append(s)
                item.description_lines.append(i + 1)
        i += 1
    if i >= n:
        raise SourceFormatError(
            path, n, f"a contact ▶問＝…☎NNNN－NNNN for the item {item.title!r}", "the end of the document"
        )
    item.description = _join(desc)
    start = i
    parts: list[str] = []
    while i < n:
        s = raw_lines[i].strip()
        if not s:
            break  # contacts never contain a blank line: an unfinished one lacks its number
        if parts and (HEADING_RE.match(raw_lines[i]) or FOOTNOTE_RE.match(raw_lines[i])):
            break
        parts.append(s)
        item.contact_lines.append(i + 1)
        i += 1
        if re.search(r"\d{4}\s*[-－‐−]\s*\d{4}$", "".join(parts)):
            break
    item.contact_text = "".join(parts)
    try:
        item.contacts = parse_contacts(item.contact_text)
    except ContactError as exc:
        raise SourceFormatError(
            path,
            item.contact_lines[-1] if item.contact_lines else start + 1,
            "a contact 課 [係] ☎NNNN－NNNN (every unit with its number)",
            f"{item.contact_text} ({exc})",
        ) from exc
    return i


def contact_unit_levels(units: tuple[str, ...]) -> list[URIRef]:
    """Level classes for a contact's unit path, stated explicitly because 室 / センター are ambiguous.

    The last unit is a 係 (wk:Subsection) when it ends in 係; the one before it is the section (指導室 and
    教育支援センター are section-level offices here); anything above the section is department-level
    (子ども家庭総合支援センター, a department in the management-policy document).
    """
    levels: list[URIRef] = []
    has_sub = units[-1].endswith("係")
    section_index = len(units) - 2 if has_sub else len(units) - 1
    for k in range(len(units)):
        if has_sub and k == len(units) - 1:
            levels.append(WK.Subsection)
        elif k == section_index:
            levels.append(WK.Section)
        else:
            levels.append(WK.Department)
    return levels


def build(text: str, doc: SourceDoc) -> Graph:
    """The budget page's graph: plan, strategies, items with budget lines, shared contact points."""
    path = str(doc.path)
    page = parse_budget_page(text, path)
    if not doc.fiscal_years:
        raise InputError(f"{path}: the budget page does not print its fiscal year; give it (--fiscal-years)")
    fy = doc.fiscal_years[0]
    for expected, st in enumerate(page.strategies, start=1):
        if st.number != expected:
            raise SourceFormatError(
                path, st.heading_line, f"重点戦略 numbered in order (number {expected})", st.numeral
            )

    g = new_graph()
    add_source_document(g, doc)
    plan = plan_iri(doc.ward, doc.id)
    add_plan(
        g,
        doc,
        plan,
        WK.BudgetHighlights,
        f"{fiscal_year_label_ja(fy)} {PLAN_TITLE}",
        [lines(1, page.last_line)],
        fiscal_years=doc.fiscal_years,
        title_en=doc.title_en,
    )
    if doc.fiscal_years_inferred:
        g.add((plan, WK.fiscalYearsInferred, ja(doc.fiscal_years_inferred)))

    contacts_done: set[str] = set()
    for st in page.strategies:
        node = strategy_iri(st.number, doc.ward, doc.id)
        if strategy_key_of(st.name) != STRATEGY_ORDER.get(st.number):
            raise SourceFormatError(
                path,
                st.heading_line,
                f"重点戦略{st.numeral} named for {STRATEGY_ORDER.get(st.number)}",
                st.name,
            )
        add_element(
            g,
            doc,
            node,
            WK.Strategy,
            plan,
            st.name,
            line_spans([st.heading_line, *st.name_lines]),
            parent=None,
            notation=st.numeral,
            order=st.number,
            title_as_written=st.raw_name,
        )
        g.add((node, WK.canonicalName, ja(st.name)))
        g.add((node, RDFS.label, en(STRATEGY_EN[STRATEGY_ORDER[st.number]])))
        g.add((node, WK.nameAsWritten, Literal(st.raw_name)))
        add_domains(g, node, domains_for("strategies", st.name))
        for k, item in enumerate(st.items, start=1):
            _add_item(g, doc, plan, node, k, item, fy, page, contacts_done)
    return g


def _add_item(
    g: Graph,
    doc: SourceDoc,
    plan: URIRef,
    parent: URIRef,
    order: int,
    item: Item,
    fy: int,
    page: BudgetPage,
    contacts_done: set[str],
) -> None:
    node = URIRef(f"{parent}/item/{order}")
    all_lines = [*item.title_lines, item.amount_line, *item.description_lines, *item.contact_lines]
    if item.badge_line is not None:
        all_lines.append(item.badge_line)
    add_element(
        g,
        doc,
        node,
        WK.BudgetItem,
        plan,
        item.title,
        line_spans(all_lines),
        parent=parent,
        order=order,
        description=item.description or None,
    )
    g.add((node, WK.isFeatured, boolean(item.featured)))
    add_domains(g, node, domains_for("budget_items", item.title))

    line = URIRef(f"{node}/budget/{fy}")
    g.add((line, RDF.type, WK.BudgetLine))
    g.add((line, WK.budgetOf, node))
    g.add((line, WK.fiscalYear, fiscal_year_iri(fy)))
    g.add((line, WK.amount, decimal(item.amount)))
    g.add((line, WK.currency, Literal("JPY")))
    g.add((line, WK.amountAsWritten, Literal(item.amount_text)))
    g.add((line, WK.roundingUnit, Literal(ROUNDING_UNIT)))
    g.add((line, WK.roundingUnitYen, decimal(ROUNDING_UNIT_YEN)))
    g.add((line, WK.budgetStatus, WK.Budgeted))
    g.add((line, RDFS.label, ja(f"{item.title} {fiscal_year_label_ja(fy)} {item.amount_text}")))
    span_lines = [item.amount_line]
    if page.rounding_note:
        g.add((line, WK.roundingNote, ja(page.rounding_note)))
        if page.rounding_note_line:
            span_lines.append(page.rounding_note_line)
    add_provenance(g, line, doc, line_spans(span_lines))

    for c in item.contacts:
        cp = contact_iri(doc.ward, c.digits)
        g.add((node, WK.hasContact, cp))
        if c.digits in contacts_done:
            continue
        contacts_done.add(c.digits)
        g.add((cp, RDF.type, WK.ContactPoint))
        g.add((cp, RDFS.label, ja(f"{''.join(c.units)} ☎{c.as_written}")))
        g.add((cp, VCARD.hasTelephone, URIRef(c.tel)))
        g.add((cp, WK.telephoneAsWritten, Literal(c.as_written)))
        unit = add_unit(g, doc.ward, list(c.units), level_classes=contact_unit_levels(c.units))
        g.add((cp, WK.contactUnit, unit))
        add_provenance(g, cp, doc, line_spans(item.contact_lines))


FAMILY = Family(
    name="itabashi-budget-highlights",
    description="Itabashi 予算の重点戦略 page: 重点戦略 → 重点事業 with 【…円】 amounts and ▶問＝ contacts",
    build=build,
)
