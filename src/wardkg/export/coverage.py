"""Coverage per ward and source: how many elements, and how many have units, budgets, KPIs, SDG links,
descriptions — so that silent incompleteness is visible (a parser that lost every unit line shows 0 %).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from wardkg.namespaces import OA, WK

ASPECTS: tuple[tuple[str, str], ...] = (
    ("responsible_units", "担当組織"),
    ("budgets", "予算"),
    ("kpis", "KPI"),
    ("sdg_links", "SDG"),
    ("descriptions", "説明文"),
)


@dataclass
class Coverage:
    ward: str
    ward_name: str
    source: str
    elements: int
    responsible_units: int
    budgets: int
    kpis: int
    sdg_links: int
    descriptions: int


def coverage_of(g: Graph, ward: str, ward_name: str, source: URIRef, source_id: str) -> Coverage:
    """Count the elements derived from *source* (those with wk:inPlan) and what they carry."""
    elements = {e for e in g.subjects(PROV.wasDerivedFrom, source) if (e, WK.inPlan, None) in g}
    linked = {
        g.value(a, OA.hasTarget)
        for a in g.subjects(OA.hasTarget, None)
        if g.value(a, WK.reviewVerdict) != WK.Rejected
    }
    return Coverage(
        ward=ward,
        ward_name=ward_name,
        source=source_id,
        elements=len(elements),
        responsible_units=sum(
            1 for e in elements if (e, WK.responsibleUnit, None) in g or (e, WK.hasContact, None) in g
        ),
        budgets=sum(1 for e in elements if (None, WK.budgetOf, e) in g),
        kpis=sum(1 for e in elements if (None, WK.indicatorOf, e) in g),
        sdg_links=sum(1 for e in elements if e in linked),
        descriptions=sum(1 for e in elements if (e, DCTERMS.description, None) in g),
    )


def coverage_json(rows: list[Coverage]) -> bytes:
    return (json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def coverage_markdown(rows: list[Coverage]) -> bytes:
    """A Markdown table: counts and percentages of elements with each aspect."""
    head = (
        "| 区 ward | 出典 source | 要素 elements | " + " | ".join(f"{ja} {en}" for en, ja in ASPECTS) + " |"
    )
    lines = ["# wardkg coverage / 収録状況", "", head, "|" + "---|" * (3 + len(ASPECTS))]
    for r in rows:
        cells = []
        for aspect, _ in ASPECTS:
            n = getattr(r, aspect)
            pct = 100.0 * n / r.elements if r.elements else 0.0
            cells.append(f"{n} ({pct:.0f}%)")
        lines.append(f"| {r.ward_name} {r.ward} | {r.source} | {r.elements} | " + " | ".join(cells) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")
