"""The ``nerima-action-plan`` family: 練馬区 みどりの風吹くまちビジョン アクションプラン / 年度別取組計画.

Why one family for two layouts: the 2nd plan (seed 002) and the 3rd plan (seed 004) are editions of the
same document, extracted differently — one single line vs real lines with tab tables. :func:`parse`
picks the layout from the text's structure (never from the file name) and fails loudly on text that is
neither; :func:`build` turns the records into the graph of docs/MODEL.md. Versions are linked by
:mod:`nerima_versions`, policy domains come from :mod:`nerima_domains`.

IRIs (MODEL.md "Identifiers"): ``<plan>/pillar/N``, ``<plan>/sp/N``, ``<plan>/sp/N/torikumi`` (section),
``<plan>/sp/N/torikumi/K``, ``…/K/sub/J``, ``<plan>/sp/N/kanren/K``; 3rd-plan entries by their table number
``<plan>/sp/S/no/N``, or by their 例 label when the excerpt shows no table (``<plan>/example/1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wardkg.errors import SourceFormatError
from wardkg.ingest.common import (
    Span,
    add_element,
    add_ordered_text,
    add_plan,
    add_provenance,
    add_source_document,
    add_unit,
    boolean,
    decimal,
    en,
    integer,
    issued_literal,
    ja,
    new_graph,
)
from wardkg.ingest.common import lines as line_span
from wardkg.ingest.nerima_domains import load_domains
from wardkg.ingest.nerima_lines import looks_line_based, parse_line_based
from wardkg.ingest.nerima_oneline import looks_one_line, parse_one_line
from wardkg.ingest.nerima_records import (
    Cell,
    Entry,
    EntryTable,
    Item,
    KpiRow,
    ParsedPlan,
    ReadingNotes,
    Units,
)
from wardkg.ingest.nerima_table import rounding_unit_yen
from wardkg.ingest.nerima_versions import Element, Link, load_versions, version_links
from wardkg.ingest.registry import Family
from wardkg.jtext import match_key
from wardkg.namespaces import WK, domain_iri, element_iri, fiscal_year_iri, plan_iri
from wardkg.sources import SourceDoc, get_source

SECTION_KINDS = {"torikumi": WK.CurrentInitiatives, "kanren": WK.RelatedProjects}
_DEPT, _SECT = WK.Department, WK.Section


def parse(text: str, path: Path | str) -> ParsedPlan:
    """Detect the layout from the text's structure and parse it."""
    if not text.strip():
        raise SourceFormatError(path, 1, "a Nerima action plan", "an empty text")
    if looks_one_line(text):
        return parse_one_line(text, path)
    if looks_line_based(text):
        return parse_line_based(text, path)
    raise SourceFormatError(
        path,
        1,
        "a Nerima action plan: either one line with inline 施策の柱N / 戦略計画N headings (2nd-plan layout) "
        "or lines with a tab-separated 目次 of 戦略計画 entries (3rd-plan layout)",
        text.strip()[:60],
    )


# --- element paths (shared by the builder and the version linker) ----------------------------------


def _item_paths(parsed: ParsedPlan) -> Iterator[tuple[str, Item, str]]:
    """(path, item, notation) for every 2nd-plan initiative and sub-item."""
    for sp in parsed.strategic_plans():
        for sec in sp.sections:
            for it in sec.items:
                prefix = f"{sp.number}-" if sec.kind == "torikumi" else f"{sp.number}-関連"
                base = f"sp/{sp.number}/{sec.kind}/{it.number}"
                yield base, it, f"{prefix}{it.number}"
                for c in it.children:
                    yield f"{base}/sub/{c.number}", c, f"{prefix}{it.number}({c.number})"


def entry_path(entry: Entry) -> str:
    """``sp/S/no/N`` for an entry with a table, ``example/K`` for one known only by its 例K label."""
    if entry.table is not None:
        return f"sp/{entry.table.sp}/no/{entry.table.no}"
    label = entry.example_label or ""
    return f"example/{label.removeprefix('例')}"


def element_index(parsed: ParsedPlan) -> dict[str, Element]:
    """Every linkable element of a parsed plan by path: pillars, strategic plans, initiatives/entries."""
    out: dict[str, Element] = {}
    for p in parsed.pillars:
        out[f"pillar/{p.number}"] = Element("pillar", p.title)
        for sp in p.plans:
            out[f"sp/{sp.number}"] = Element("sp", sp.title)
    for path, it, _ in _item_paths(parsed):
        if not it.is_repost:
            out[path] = Element("item", it.title)
    for e in parsed.entries:
        out[entry_path(e)] = Element("entry", e.title)
    return out


@cache
def _parsed_source(source_id: str) -> ParsedPlan:
    doc = get_source(source_id)
    return parse(doc.read_text(), doc.path)


# --- the graph -------------------------------------------------------------------------------------


def build(text: str, doc: SourceDoc) -> Graph:
    """Parse *text* (a Nerima action plan) and return its graph (raises SourceFormatError on bad input)."""
    parsed = parse(text, doc.path)
    return build_graph(parsed, doc)


def build_graph(parsed: ParsedPlan, doc: SourceDoc) -> Graph:
    g = new_graph()
    add_source_document(g, doc)
    plan = plan_iri(doc.ward, doc.id)
    years = parsed.fiscal_years or doc.fiscal_years
    add_plan(
        g,
        doc,
        plan,
        WK.ActionPlan,
        parsed.title,
        [parsed.title_span],
        fiscal_years=years,
        title_en=doc.title_en,
    )
    if doc.status is None:
        g.add((plan, WK.status, WK.Draft if parsed.is_draft else WK.Adopted))
    if parsed.issued:
        g.add((plan, DCTERMS.issued, issued_literal(parsed.issued)))
    if parsed.issuing_unit:
        unit = add_unit(g, doc.ward, parsed.issuing_unit, _levels(len(parsed.issuing_unit)))
        g.add((plan, WK.issuingUnit, unit))
    valid_as_of = parsed.notes.units_valid_as_of
    domains = load_domains()
    for p in parsed.pillars:
        pn = element_iri(plan, "pillar", p.number)
        add_element(g, doc, pn, WK.Pillar, plan, p.title, [p.span], notation=str(p.number), order=p.number,
                    title_as_written=p.title_raw)  # fmt: skip
        for slug in domains.for_pillar(p.title):
            g.add((pn, WK.policyDomain, domain_iri(slug)))
        for sp in p.plans:
            sn = element_iri(plan, "sp", sp.number)
            add_element(g, doc, sn, WK.StrategicPlan, plan, sp.title, [sp.span], parent=pn,
                        notation=str(sp.number), order=sp.number, title_as_written=sp.title_raw)  # fmt: skip
            if sp.page is not None:
                g.add((sn, WK.pageNumber, integer(sp.page)))
            for slug in domains.for_strategic_plan(sp.title):
                g.add((sn, WK.policyDomain, domain_iri(slug)))
            for order, sec in enumerate(sp.sections, start=1):
                secn = element_iri(plan, "sp", sp.number, sec.kind)
                add_element(
                    g, doc, secn, WK.PlanSection, plan, sec.heading, [sec.span], parent=sn, order=order
                )
                g.add((secn, WK.sectionKind, SECTION_KINDS[sec.kind]))
                g.add((secn, RDFS.label, en(_section_label_en(sec.kind, sec.fiscal_years))))
    _items(g, doc, plan, parsed, valid_as_of)
    _entries(g, doc, plan, parsed, valid_as_of)
    _versions(g, doc, plan, parsed)
    return g


def _section_label_en(kind: str, years: tuple[int, ...]) -> str:
    """令和4・5年度の取組 → "Initiatives for FY2022–2023"; 関連する事業 → "Related projects"."""
    if kind == "kanren":
        return "Related projects"
    if not years:
        return "Initiatives"
    span = f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}–{years[-1]}"
    return f"Initiatives for {span}"


def _levels(n: int) -> list[URIRef]:
    return [_DEPT, _SECT][:n]


def _add_units(g: Graph, doc: SourceDoc, node: URIRef, units: Units, valid_as_of: str | None) -> None:
    """wk:responsibleUnit to each unit of the line (a section under its department, or the department)."""
    g.add((node, WK.unitListAsWritten, Literal(units.units.as_written)))
    for pair in units.units.pairs:
        path = (pair.department,) if pair.section is None else (pair.department, pair.section)
        unit = add_unit(g, doc.ward, path, _levels(len(path)), valid_as_of=valid_as_of)
        g.add((node, WK.responsibleUnit, unit))


def _items(g: Graph, doc: SourceDoc, plan: URIRef, parsed: ParsedPlan, valid_as_of: str | None) -> None:
    """2nd-plan initiatives and sub-items with flags, text, footnotes, bullets, units and reposts."""
    originals: dict[str, list[URIRef]] = {}
    for path, it, _ in _item_paths(parsed):
        if not it.is_repost:
            originals.setdefault(match_key(it.title), []).append(element_iri(plan, *path.split("/")))
    for path, it, notation in _item_paths(parsed):
        node = element_iri(plan, *path.split("/"))
        parts = path.split("/")
        parent = element_iri(plan, *parts[:3]) if len(parts) == 4 else element_iri(plan, *parts[:4])
        cls = WK.Initiative if len(parts) == 4 else WK.SubInitiative
        spans = [it.span]
        if it.units is not None and not _inside(it.units.span, it.span):
            spans.append(it.units.span)  # a shared unit line printed after a later sibling
        add_element(g, doc, node, cls, plan, it.title, spans, parent=parent, notation=notation,
                    order=it.number, title_as_written=it.title_raw, description=it.description)  # fmt: skip
        if "※" in it.title:
            g.add((node, WK.titleWithoutFootnoteMarker, ja(_strip_footnote_markers(it.title))))
        g.add((node, WK.isNew, boolean(it.is_new)))
        g.add((node, WK.isRepost, boolean(it.is_repost)))
        if it.is_repost:
            found = originals.get(match_key(it.title), [])
            if len(found) == 1:
                g.add((node, WK.repostOf, found[0]))
            else:
                g.add((node, WK.flagUnknown, WK.repostOf))
                _note(g, node, f"【再掲】ですが、同じ題名の項目が{len(found)}件あり、再掲元を特定できません",
                      f"marked 【再掲】 but {len(found)} items carry this title")  # fmt: skip
        fns = add_ordered_text(g, node, WK.footnote, WK.Footnote, "footnote", [f.text for f in it.footnotes],
                               [f.marker for f in it.footnotes])  # fmt: skip
        for fnode, f in zip(fns, it.footnotes, strict=True):
            if f.term:
                g.add((fnode, WK["term"], ja(f.term)))
            add_provenance(g, fnode, doc, [f.span])
        bns = add_ordered_text(g, node, WK.bullet, WK.Bullet, "bullet", [b.text for b in it.bullets],
                               [b.marker for b in it.bullets])  # fmt: skip
        for bnode, b in zip(bns, it.bullets, strict=True):
            if b.title:
                g.add((bnode, WK.bulletTitle, ja(b.title)))
            add_provenance(g, bnode, doc, [b.span])
        if it.units is not None:
            _add_units(g, doc, node, it.units, valid_as_of)
            if len(it.units_shared_with) > 1:
                subs = "".join(f"({n})" for n in it.units_shared_with)
                _note(g, node, f"事業実施課は最後の小項目の後に1回だけ記載され、{subs}に共通します",
                      f"one 事業実施課 line after the last sub-item serves sub-items {subs}")  # fmt: skip


def _note(g: Graph, node: URIRef, text_ja: str, text_en: str) -> None:
    """wk:ambiguityNote in Japanese (users read it first) and English."""
    g.add((node, WK.ambiguityNote, ja(text_ja)))
    g.add((node, WK.ambiguityNote, en(text_en)))


def _inside(inner: Span, outer: Span) -> bool:
    return (outer.char_start or 0) <= (inner.char_start or 0) and (inner.char_end or 0) <= (
        outer.char_end or 0
    )


def _strip_footnote_markers(title: str) -> str:
    return re.sub(r"※\d+", "", title)


def _entries(g: Graph, doc: SourceDoc, plan: URIRef, parsed: ParsedPlan, valid_as_of: str | None) -> None:
    """3rd-plan entries: heading, description, units, then the table's KPI rows and budget lines."""
    notes = parsed.notes
    for e in parsed.entries:
        node = _entry_node(g, doc, plan, e)
        if e.units is not None:
            _add_units(g, doc, node, e.units, valid_as_of)
        t = e.table
        if t is None:
            continue
        for r, row in enumerate(t.rows, start=1):
            _indicator(g, doc, node, r, row, t, notes.baseline_estimated_as_of)
        if t.budget is not None:
            _budget_lines(g, doc, node, t, notes)


def _entry_node(g: Graph, doc: SourceDoc, plan: URIRef, e: Entry) -> URIRef:
    """The entry as a wk:Initiative under its strategic plan; what the excerpt does not show is flagged."""
    node = element_iri(plan, *entry_path(e).split("/"))
    t = e.table
    parent = element_iri(plan, "sp", t.sp) if t is not None else None
    notation = f"{t.sp}-{t.no}" if t is not None else e.example_label
    title = e.title or (f"No. {t.sp}-{t.no}" if t is not None else str(notation))
    add_element(g, doc, node, WK.Initiative, plan, title, [line_span(e.first_line, e.last_line)], parent=parent,
                notation=notation, order=t.no if t is not None else None, title_as_written=e.title_raw,
                description=e.description)  # fmt: skip
    if e.title is None:
        # no heading in the excerpt: neither the title nor a ★ on it can be read
        g.add((node, WK.flagUnknown, DCTERMS.title))
        g.add((node, WK.flagUnknown, WK.isNew))
        _note(g, node, "抜粋には表だけがあり、取組の見出し（題名・★）がありません",
              "the excerpt shows this entry's table but not its heading")  # fmt: skip
    else:
        g.add((node, WK.isNew, boolean(e.is_new)))
    if e.heading_number is not None:
        g.add((node, WK.headingNumber, Literal(f"({e.heading_number})")))
    if t is None:
        _note(g, node, f"年度別取組計画の見方の{e.example_label}で、抜粋にはNo.も戦略計画も示されていません",
              f"a worked example ({e.example_label}) of the 年度別取組計画の見方 page; the excerpt shows "
              "neither its No. nor its strategic plan")  # fmt: skip
    return node


def _budget_lines(g: Graph, doc: SourceDoc, node: URIRef, t: EntryTable, notes: ReadingNotes) -> None:
    """事業費 per plan year in yen: "0" = planned, no cost; "***" = to be budgeted; later years estimates."""
    b = t.budget
    assert b is not None
    unit_yen = rounding_unit_yen(b.rounding_unit)
    for fy, raw in zip(t.plan_years, b.cells, strict=True):
        bl = URIRef(f"{node}/budget/{fy}")
        g.add((bl, RDF.type, WK.BudgetLine))
        g.add((bl, WK.budgetOf, node))
        g.add((bl, WK.fiscalYear, fiscal_year_iri(fy)))
        g.add((bl, WK.currency, Literal("JPY")))
        g.add((bl, WK.amountAsWritten, Literal(raw)))
        g.add((bl, WK.roundingUnit, Literal(b.rounding_unit)))
        g.add((bl, WK.roundingUnitYen, decimal(unit_yen)))
        g.add((bl, WK.isEstimate, boolean(fy in notes.estimate_years)))
        if raw == "***":
            g.add((bl, WK.budgetStatus, WK.ToBeBudgeted))
        elif raw == "":
            g.add((bl, WK.flagUnknown, WK.amount))
        else:
            amount = Decimal(raw.replace(",", "")) * unit_yen
            g.add((bl, WK.amount, decimal(amount)))
            g.add((bl, WK.budgetStatus, WK.PlannedNoCost if amount == 0 else WK.Budgeted))
        if notes.rounding_note:
            g.add((bl, WK.roundingNote, ja(notes.rounding_note)))
        add_provenance(g, bl, doc, [line_span(b.line)])


def _indicator(
    g: Graph,
    doc: SourceDoc,
    owner: URIRef,
    r: int,
    row: KpiRow,
    t: EntryTable,
    estimated_as_of: str | None,
) -> None:
    kpi = URIRef(f"{owner}/kpi/{r}")
    g.add((kpi, RDF.type, WK.Indicator))
    g.add((kpi, WK.indicatorOf, owner))
    q = row.target.quantity
    label = q.label if q is not None and q.label else row.target.text
    g.add((kpi, RDFS.label, ja(label)))
    g.add((kpi, WK.order, integer(r)))
    g.add((kpi, WK.isNew, boolean(row.is_new)))
    if row.program:
        g.add((kpi, WK.programLabel, ja(row.program)))
        if row.program_marker:
            g.add((kpi, WK.programMarker, Literal(row.program_marker)))
    _text(g, kpi, WK.targetText, row.target)
    g.add((kpi, WK.targetFiscalYear, fiscal_year_iri(t.target_year)))
    if q is not None:
        g.add((kpi, WK.targetValue, decimal(q.value)))
        if q.counter:
            g.add((kpi, WK.counterUnit, Literal(q.counter)))
    if not row.baseline.empty:
        _text(g, kpi, WK.baselineText, row.baseline)
        g.add((kpi, WK.baselineAsOf, Literal(t.baseline_as_of, datatype=XSD.date)))
        bq = row.baseline.quantity
        if bq is not None:
            g.add((kpi, WK.baselineValue, decimal(bq.value)))
            g.add((kpi, WK.baselineIsCumulative, boolean(bq.cumulative)))
        if estimated_as_of is not None:
            g.add((kpi, WK.baselineIsEstimate, boolean(estimated_as_of == t.baseline_as_of)))
    for fy, cell in zip(t.plan_years, row.plans, strict=True):
        if cell.empty:
            continue
        ms = URIRef(f"{kpi}/milestone/{fy}")
        g.add((kpi, WK.milestone, ms))
        g.add((ms, RDF.type, WK.Milestone))
        g.add((ms, WK.fiscalYear, fiscal_year_iri(fy)))
        _text(g, ms, WK.planText, cell)
        if cell.quantity is not None:
            g.add((ms, WK.quantity, decimal(cell.quantity.value)))
            if cell.quantity.counter:
                g.add((ms, WK.counterUnit, Literal(cell.quantity.counter)))
            if cell.quantity.action:
                g.add((ms, WK.action, ja(cell.quantity.action)))
        elif cell.text:
            g.add((ms, WK.action, ja(cell.text)))
    if not row.total.empty:
        _text(g, kpi, WK.totalText, row.total)
        if row.total.quantity is not None:
            g.add((kpi, WK.totalValue, decimal(row.total.quantity.value)))
    add_provenance(g, kpi, doc, [line_span(row.line)])


def _text(g: Graph, node: URIRef, prop: URIRef, cell: Cell) -> None:
    g.add((node, prop, ja(cell.text)))
    if cell.raw != cell.text:
        g.add((node, WK.textAsWritten, Literal(cell.raw)))


def _versions(g: Graph, doc: SourceDoc, plan: URIRef, parsed: ParsedPlan) -> None:
    """wk:succeeds and VersionLinks to the older edition named in data/mappings/nerima-versions.yaml."""
    mapping = load_versions()
    pair = mapping.pair_for(doc.id)
    if pair is None:
        return
    older_doc = get_source(pair.older)
    older_plan = plan_iri(older_doc.ward, older_doc.id)
    g.add((plan, WK.succeeds, older_plan))
    g.add((plan, PROV.wasRevisionOf, older_plan))
    older = _parsed_source(pair.older)
    links = version_links(pair, element_index(parsed), element_index(older), mapping)
    by_newer: dict[str, list[Link]] = {}
    for link in links:
        by_newer.setdefault(link.newer, []).append(link)
    for newer_path, group in sorted(by_newer.items()):
        newer = element_iri(plan, *newer_path.split("/"))
        ordered = sorted(group, key=lambda lk: _natural(lk.older or ""))
        for k, link in enumerate(ordered, start=1):
            vl = URIRef(f"{newer}/version/{k}")
            g.add((vl, RDF.type, WK.VersionLink))
            g.add((vl, WK.newerElement, newer))
            g.add((vl, WK.changeKind, WK[link.kind]))
            g.add((vl, WK.decidedBy, Literal(link.decided_by)))
            g.add((vl, WK.decisionBasis, Literal(link.basis)))
            g.add((vl, WK.confidence, decimal(link.confidence)))
            if link.older is not None:
                older_node = element_iri(older_plan, *link.older.split("/"))
                g.add((vl, WK.olderElement, older_node))
                g.add((newer, PROV.wasRevisionOf, older_node))


def _natural(path: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in path.split("/"))


FAMILY = Family(
    name="nerima-action-plan",
    description="練馬区 アクションプラン / 年度別取組計画 (みどりの風吹くまちビジョン; one-line 2nd-plan and "
    "line-based 3rd-plan layouts): pillars, strategic plans, initiatives, units, KPI and budget tables",
    build=build,
)
