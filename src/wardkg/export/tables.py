"""The per-ward CSV for people who do not use RDF: one row per plan element.

Encoding: UTF-8 **with** a byte-order mark. Why: Excel, still the tool of most Japanese ward offices, opens
a BOM-less UTF-8 CSV as Shift_JIS and shows mojibake; with the BOM it detects UTF-8. Python (utf-8-sig),
pandas, R and LibreOffice read the BOM transparently. Lines end in CRLF as RFC 4180 says.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from wardkg.namespaces import OA, WK

COLUMNS: tuple[str, ...] = (
    "iri",
    "ward",
    "ward_name",
    "plan",
    "plan_title",
    "class",
    "notation",
    "order",
    "title",
    "parent",
    "parent_title",
    "responsible_units",
    "sdg_goals",
    "sdg_targets",
    "budget_by_fiscal_year",
    "description",
    "source_document",
    "source_lines",
)
"""CSV columns, in order. Multi-valued cells are joined with ` | `; budgets as `FY2024=261280000`."""

SEP = " | "


def _label(g: Graph, node: URIRef | None, lang: str = "ja") -> str:
    if node is None:
        return ""
    labels = [o for o in g.objects(node, RDFS.label) if isinstance(o, Literal)]
    for lit in sorted(labels, key=str):
        if lit.language == lang:
            return str(lit)
    return str(sorted(labels, key=str)[0]) if labels else ""


def _local(cls: URIRef) -> str:
    text = str(cls)
    return "wk:" + text.split("#", 1)[1] if text.startswith(str(WK)) else text


def element_rows(g: Graph, ward: URIRef, ward_name: str) -> list[dict[str, str]]:
    """One row per wk:PlanElement-like node of *ward* (anything with wk:inPlan), sorted by IRI."""
    plans = {p for p in g.subjects(WK.issuedBy, ward)}
    elements = sorted({e for p in plans for e in g.subjects(WK.inPlan, p) if isinstance(e, URIRef)}, key=str)
    goals: dict[URIRef, set[str]] = defaultdict(set)
    targets: dict[URIRef, set[str]] = defaultdict(set)
    for ann in g.subjects(RDF.type, OA.Annotation):
        target = g.value(ann, OA.hasTarget)
        body = g.value(ann, OA.hasBody)
        verdict = g.value(ann, WK.reviewVerdict)
        if target is None or body is None or verdict == WK.Rejected:
            continue
        code = str(body).rsplit("/", 1)[-1]
        (targets if "." in code else goals)[target].add(code)  # type: ignore[index]
        if "." in code:
            goals[target].add(code.split(".", 1)[0])  # type: ignore[index]
    rows = []
    for el in elements:
        plan = g.value(el, WK.inPlan)
        parents = sorted(g.objects(el, WK.hasParent), key=str)
        units = sorted({_label(g, u) for u in g.objects(el, WK.responsibleUnit) if isinstance(u, URIRef)})
        budgets = []
        for line in g.subjects(WK.budgetOf, el):
            fy = g.value(line, WK.fiscalYear)
            amount = g.value(line, WK.amount)
            status = g.value(line, WK.budgetStatus)
            year = str(fy).rsplit("/", 1)[-1] if fy else "?"
            value = str(amount) if amount is not None else (_local(URIRef(str(status))) if status else "")
            budgets.append(f"FY{year}={value}")
        classes = sorted(_local(c) for c in g.objects(el, RDF.type) if isinstance(c, URIRef))
        rows.append(
            {
                "iri": str(el),
                "ward": str(ward).rsplit("/", 1)[-1],
                "ward_name": ward_name,
                "plan": str(plan or ""),
                "plan_title": _label(g, plan if isinstance(plan, URIRef) else None),
                "class": SEP.join(classes),
                "notation": str(g.value(el, SKOS.notation) or ""),
                "order": str(g.value(el, WK.order) or ""),
                "title": _label(g, el),
                "parent": SEP.join(str(p) for p in parents),
                "parent_title": SEP.join(_label(g, p) for p in parents if isinstance(p, URIRef)),
                "responsible_units": SEP.join(units),
                "sdg_goals": SEP.join(sorted(goals.get(el, set()), key=_code_key)),
                "sdg_targets": SEP.join(sorted(targets.get(el, set()), key=_code_key)),
                "budget_by_fiscal_year": SEP.join(sorted(budgets)),
                "description": str(g.value(el, DCTERMS.description) or ""),
                "source_document": str(g.value(el, PROV.wasDerivedFrom) or ""),
                "source_lines": str(g.value(el, WK.sourceSpan) or ""),
            }
        )
    return rows


def _code_key(code: str) -> tuple[int, str]:
    head, _, tail = code.partition(".")
    return (int(head) if head.isdigit() else 99, tail.zfill(3) if tail.isdigit() else tail)


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """UTF-8 with BOM, CRLF line ends, every field quoted where needed."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8-sig")
