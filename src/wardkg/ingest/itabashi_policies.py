"""Itabashi's 各部の経営方針 (seed 001) → wk:ManagementPolicyPlan graph.

Parsing (the interleaved columns) lives in :mod:`wardkg.ingest.itabashi_policy_parse`, the category decision
in :mod:`wardkg.ingest.itabashi_policy_category`; this module turns the result into triples (docs/MODEL.md):

* each chapter → a wk:DepartmentPolicySection ``…/dept/<n>`` whose wk:responsibleUnit is the department, an
  org unit of 板橋区 (wk:Department level, wk:unitKind 部 / 室 / 所 / センター / 事務局 …);
* its 経営方針 → wk:ManagementPolicyStatement ``…/dept/<n>/policy/<k>`` with wk:policyCategory + wk:categoryBasis
  (+ wk:placementConfidence) or wk:flagUnknown wk:policyCategory; ``　・`` lines → wk:Bullet;
* its 重点目標 → wk:KeyGoal ``…/goal/<k>`` (category unknown: wk:flagUnknown), indented sub-items →
  wk:SubInitiative ``…/goal/<k>/sub/<j>``;
* its challenges → wk:Challenge ``…/challenge/<k>`` with wk:namesStrategy → the budget page's wk:Strategy
  (same IRI function as the budget builder) when it names ＳＤＧｓ戦略 / ＤＸ戦略 / ブランド戦略;
* ``<k>`` is the reading order of the extraction within the kind (the table's own row order is lost);
* every element has provenance with all its line spans (non-contiguous where a cell was put back together)
  and, where placement was repaired or decided by review, wk:placementConfidence + wk:ambiguityNote.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from wardkg.errors import SourceFormatError
from wardkg.ingest.common import (
    add_element,
    add_ordered_text,
    add_plan,
    add_provenance,
    add_source_document,
    add_unit,
    decimal,
    en,
    ja,
    line_spans,
    lines,
    new_graph,
)
from wardkg.ingest.itabashi_common import (
    BUDGET_PLAN_SLUG,
    add_domains,
    domains_for,
    strategies_named,
    strategy_iri,
)
from wardkg.ingest.itabashi_policy_category import CATEGORY_IRI, decide_category
from wardkg.ingest.itabashi_policy_parse import (
    CHALLENGE,
    GOAL,
    POLICY,
    Cell,
    Section,
    join_fragments,
    parse_policy_document,
)
from wardkg.ingest.registry import Family
from wardkg.namespaces import WK, element_iri, plan_iri
from wardkg.sources import SourceDoc

REPAIRED_CONFIDENCE = 0.9
"""A cell put back together from fragments by a reviewed decision: the joining is reviewed, not certain."""


def build(text: str, doc: SourceDoc) -> Graph:
    """The management-policy document's graph."""
    path = str(doc.path)
    parsed = parse_policy_document(text, path)
    if doc.fiscal_years and parsed.fiscal_year not in doc.fiscal_years:
        raise SourceFormatError(
            path,
            parsed.title_line,
            f"the fiscal year recorded for {doc.id} ({doc.fiscal_years})",
            parsed.title,
        )
    g = new_graph()
    add_source_document(g, doc)
    plan = plan_iri(doc.ward, doc.id)
    add_plan(
        g,
        doc,
        plan,
        WK.ManagementPolicyPlan,
        parsed.title.replace("\u3000", " "),
        [lines(parsed.title_line, parsed.last_line)],
        fiscal_years=[parsed.fiscal_year],
        title_en=doc.title_en,
    )
    if parsed.title != parsed.title.replace("\u3000", " "):
        g.add((plan, WK.titleAsWritten, Literal(parsed.title)))
    for sec in parsed.sections:
        _add_section(g, doc, plan, sec)
    return g


def _add_section(g: Graph, doc: SourceDoc, plan: URIRef, sec: Section) -> None:
    unit = add_unit(g, doc.ward, [sec.name], level_classes=[WK.Department])
    if sec.name_as_written != sec.name:
        g.add((unit, WK.nameAsWritten, Literal(sec.name_as_written)))
    node = element_iri(plan, "dept", sec.number)
    add_element(
        g,
        doc,
        node,
        WK.DepartmentPolicySection,
        plan,
        sec.heading_as_written,
        [lines(sec.heading_line, sec.last_line)],
        notation=str(sec.number),
        order=sec.number,
    )
    g.add((node, WK.responsibleUnit, unit))
    add_domains(g, node, domains_for("departments", sec.name))
    counters = {POLICY: 0, GOAL: 0, CHALLENGE: 0}
    for cell in sec.cells:
        counters[cell.kind] += 1
        k = counters[cell.kind]
        if cell.kind == POLICY:
            _add_policy(g, doc, plan, node, unit, sec, cell, k)
        elif cell.kind == GOAL:
            _add_goal(g, doc, plan, node, unit, cell, k)
        else:
            _add_challenge(g, doc, plan, node, unit, cell, k)


def _common(
    g: Graph,
    doc: SourceDoc,
    plan: URIRef,
    parent: URIRef,
    unit: URIRef,
    node: URIRef,
    cls: URIRef,
    cell: Cell,
    order: int,
    extra_confidence: float | None = None,
) -> None:
    """Skeleton, unit, provenance, and the placement uncertainty (the lowest confidence that applies)."""
    add_element(g, doc, node, cls, plan, cell.text, line_spans(cell.lines), parent=parent, order=order)
    g.add((node, WK.responsibleUnit, unit))
    for note in cell.notes:
        g.add((node, WK.ambiguityNote, en(note)))
    confidences = [
        c
        for c in (
            cell.confidence if cell.confidence < 1.0 else None,
            REPAIRED_CONFIDENCE if cell.notes else None,
            extra_confidence,
        )
        if c is not None
    ]
    if confidences:
        g.add((node, WK.placementConfidence, decimal(min(confidences))))


def _add_policy(
    g: Graph, doc: SourceDoc, plan: URIRef, parent: URIRef, unit: URIRef, sec: Section, cell: Cell, k: int
) -> None:
    node = URIRef(f"{parent}/policy/{k}")
    decision = decide_category(sec, cell)
    # On a statement the placement that matters is its row group, so the category's confidence counts too.
    _common(
        g,
        doc,
        plan,
        parent,
        unit,
        node,
        WK.ManagementPolicyStatement,
        cell,
        k,
        decision.confidence if decision.category is not None else None,
    )
    g.add((node, WK.categoryBasis, ja(decision.basis)))
    if decision.category is None:
        g.add((node, WK.flagUnknown, WK.policyCategory))
    else:
        g.add((node, WK.policyCategory, CATEGORY_IRI[decision.category]))
    if cell.bullets:
        texts = [join_fragments(b).lstrip("・") for b in cell.bullets]
        bullets = add_ordered_text(g, node, WK.bullet, WK.Bullet, "bullet", texts, ["・"] * len(texts))
        for b, frags in zip(bullets, cell.bullets, strict=True):
            add_provenance(g, b, doc, line_spans([f.line for f in frags]))


def _add_subitems(g: Graph, doc: SourceDoc, plan: URIRef, owner: URIRef, unit: URIRef, cell: Cell) -> None:
    for j, frags in enumerate(cell.subitems, start=1):
        sub = URIRef(f"{owner}/sub/{j}")
        add_element(
            g,
            doc,
            sub,
            WK.SubInitiative,
            plan,
            join_fragments(frags),
            line_spans([f.line for f in frags]),
            parent=owner,
            order=j,
        )
        g.add((sub, WK.responsibleUnit, unit))


def _add_goal(
    g: Graph, doc: SourceDoc, plan: URIRef, parent: URIRef, unit: URIRef, cell: Cell, k: int
) -> None:
    node = URIRef(f"{parent}/goal/{k}")
    _common(g, doc, plan, parent, unit, node, WK.KeyGoal, cell, k)
    g.add((node, WK.flagUnknown, WK.policyCategory))
    _add_subitems(g, doc, plan, node, unit, cell)


def _add_challenge(
    g: Graph, doc: SourceDoc, plan: URIRef, parent: URIRef, unit: URIRef, cell: Cell, k: int
) -> None:
    node = URIRef(f"{parent}/challenge/{k}")
    _common(g, doc, plan, parent, unit, node, WK.Challenge, cell, k)
    for n in strategies_named(cell.text):
        g.add((node, WK.namesStrategy, strategy_iri(n, doc.ward, BUDGET_PLAN_SLUG)))
    _add_subitems(g, doc, plan, node, unit, cell)


FAMILY = Family(
    name="itabashi-management-policies",
    description="Itabashi 各部の経営方針: per department, policies (with category), key goals and challenges",
    build=build,
)
