"""Stated versus listed: where a plan's own summary counts differ from what its text lists.

Why: the document states 128 計画事業, 61 重点計画事業, 60 reform items … and the extracted text lists
something else (149 occurrences of 128 titles; no recoverable priority marks; 59 items, because 方針5
lives in a separate volume). The graph keeps the stated numbers as wk:StatedCount nodes and never
adjusts them; stated_vs_listed computes the listed numbers from the data, so a reader sees both side by side.

``listed`` counts distinct entities of the stated class in the plan (asserted wk:inPlan, or listed in one of
the plan's elements: an item shared by several plans asserts only one wk:inPlan); for a flag-restricted count
(wk:countedFlag, e.g. 重点計画事業 = projects with wk:isPriority true) it is None (unknown) when any
candidate has that flag recorded as unknown (wk:flagUnknown). ``occurrences`` counts the wk:Listing nodes (one per printed line).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from wardkg.namespaces import WK


@dataclass(frozen=True)
class CountRow:
    """One stated count next to what the data lists."""

    plan: str
    plan_label: str
    kind: str
    stated: int
    listed: int | None
    occurrences: int

    @property
    def differs(self) -> bool:
        return self.listed != self.stated


def stated_vs_listed(g: Graph) -> list[CountRow]:
    """Every wk:StatedCount in *g* with the listed count the data supports.

    Plain graph traversal rather than SPARQL: rdflib evaluates the equivalent query (a UNION with a
    property path per member) in tens of seconds on this graph; queries/stated-vs-listed.rq is the
    store-side version over materialised data.
    """
    members_of: dict[Node, set[Node]] = {}
    listings_of: dict[Node, set[Node]] = {}
    for element, plan in g.subject_objects(WK.inPlan):
        members_of.setdefault(plan, set()).add(element)
    for listing in g.subjects(RDF.type, WK.Listing):
        item, place = g.value(listing, WK.listedItem), g.value(listing, WK.listedIn)
        owner = g.value(place, WK.inPlan) if place is not None else None
        if item is not None and owner is not None:
            members_of.setdefault(owner, set()).add(item)
            listings_of.setdefault(owner, set()).add(listing)
    rows = []
    for plan, count in sorted(g.subject_objects(WK.statedCount)):
        cls = g.value(count, WK.countedClass)
        flag = g.value(count, WK.countedFlag)
        members = {m for m in members_of.get(plan, set()) if (m, RDF.type, cls) in g}
        listed: int | None = len(members)
        if flag is not None:
            if any((m, WK.flagUnknown, flag) in g for m in members):
                listed = None
            else:
                listed = sum(1 for m in members if (m, flag, Literal(True)) in g)
        listings = {li for li in listings_of.get(plan, set()) if g.value(li, WK.listedItem) in members}
        label = next(
            (str(o) for o in g.objects(plan, RDFS.label) if getattr(o, "language", None) == "ja"), str(plan)
        )
        rows.append(
            CountRow(
                plan=str(plan),
                plan_label=label,
                kind=str(g.value(count, WK.countedKind)),
                stated=int(str(g.value(count, WK.countValue))),
                listed=listed,
                occurrences=len(listings),
            )
        )
    return sorted(rows, key=lambda r: (r.plan, r.kind))


def report(g: Graph) -> str:
    """A plain-text table: plan, kind, stated, listed (distinct), occurrences, and a mark where they differ."""
    lines = ["plan\tkind\tstated\tlisted\toccurrences\t"]
    for r in stated_vs_listed(g):
        listed = "unknown" if r.listed is None else str(r.listed)
        mark = "≠" if r.differs else ""
        lines.append(f"{r.plan_label}\t{r.kind}\t{r.stated}\t{listed}\t{r.occurrences}\t{mark}")
    return "\n".join(lines)
