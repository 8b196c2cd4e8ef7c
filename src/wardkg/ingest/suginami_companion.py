"""Suginami's companion plans (区政経営改革・協働・デジタル化推進計画): 方針 → groups → sub-groups → items.

Model (docs/MODEL.md): wk:BasicPolicy ``<plan>/policy/<n>`` → wk:PolicyGroup ``…/group/<n>`` (numbering
restarts per 方針, as printed) → wk:SubGroup ``…/sub/<k>`` (`<防災・防犯>`, a field-like label, not a
field) → wk:ProgramItem. An item title listed in several lists — within one plan or across the three —
is one wk:ProgramItem ``<comprehensive plan>/program-item/<slug>`` with one wk:Listing per occurrence.
It asserts wk:inPlan once — the plan of its first listing — because the core shapes allow exactly one
asserted plan; the other plans follow from the ontology's chain wk:hasParent ∘ wk:inPlan (reasoning.py). A program item whose title equals a field-system project's is linked to
it with wk:sameTitleAs (the classes are disjoint; equal titles are evidence, not proof, of identity).
方針5 of the reform plan lists nothing and points to a separate volume (wk:refersToExternalDocument).
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from wardkg.ingest.common import add_element, add_provenance, en, integer, ja, lines
from wardkg.ingest.suginami_rdf import SlugRegistry, add_listing, spans_of
from wardkg.ingest.suginami_records import CompanionList, Group, Item, Policy, SubGroup
from wardkg.jtext import match_key
from wardkg.namespaces import WK, element_iri
from wardkg.sources import SourceDoc


def _policy_last_line(policy: Policy) -> int:
    last = policy.footnote.last if policy.footnote else policy.line
    for group in policy.groups:
        last = max(last, _group_last_line(group))
    return last


def _group_last_line(group: Group) -> int:
    last = group.line
    for e in group.entries:
        last = max(last, e.line, *(i.line for i in e.items)) if isinstance(e, SubGroup) else max(last, e.line)
    return last


class CompanionBuilder:
    """Adds the companion plans' lists to *g*; one instance per document so items are shared."""

    def __init__(
        self, g: Graph, doc: SourceDoc, comprehensive: URIRef, projects: Mapping[str, URIRef]
    ) -> None:
        self.g = g
        self.doc = doc
        self.items = SlugRegistry(comprehensive, "program-item", str(doc.path))
        self.projects = projects
        self.comprehensive = comprehensive
        self._occurrences: dict[URIRef, list[tuple[URIRef, URIRef, int, Item]]] = {}

    def add(self, plan: URIRef, companion: CompanionList) -> None:
        for policy in companion.policies:
            self._policy(plan, policy)

    def _policy(self, plan: URIRef, policy: Policy) -> None:
        g = self.g
        node = element_iri(plan, "policy", policy.number)
        add_element(
            g,
            self.doc,
            node,
            WK.BasicPolicy,
            plan,
            policy.title,
            spans_of(policy.line, _policy_last_line(policy)),
            notation=f"方針{policy.number}",
            order=policy.number,
            title_as_written=policy.as_written,
        )
        if policy.marker:
            g.add((node, WK.titleWithoutFootnoteMarker, ja(policy.title)))
        if policy.footnote is not None:
            note = element_iri(node, "footnote", 1)
            g.add((node, WK.footnote, note))
            g.add((note, RDF.type, WK.Footnote))
            g.add((note, WK.order, integer(1)))
            g.add((note, WK.marker, Literal(policy.marker or "※")))
            g.add((note, RDF.value, ja(policy.footnote.text)))
            add_provenance(g, note, self.doc, [lines(policy.footnote.first, policy.footnote.last)])
        if policy.external_document:
            g.add((node, WK.refersToExternalDocument, ja(policy.external_document)))
            if not policy.groups:
                g.add((node, WK.ambiguityNote, ja("この方針の事業は本文になく、別冊に記載されている。")))
                g.add(
                    (
                        node,
                        WK.ambiguityNote,
                        en("This policy lists no items here; they are in a separate volume."),
                    )
                )
        for group in policy.groups:
            self._group(plan, node, group)

    def _group(self, plan: URIRef, policy_node: URIRef, group: Group) -> None:
        node = element_iri(policy_node, "group", group.number)
        add_element(
            self.g,
            self.doc,
            node,
            WK.PolicyGroup,
            plan,
            group.title,
            spans_of(group.line, _group_last_line(group)),
            parent=policy_node,
            notation=str(group.number),
            order=group.number,
        )
        order = 0
        for entry in group.entries:
            if isinstance(entry, SubGroup):
                self._subgroup(plan, node, entry)
            else:
                order += 1
                self._item(plan, node, order, entry)

    def _subgroup(self, plan: URIRef, group_node: URIRef, sub: SubGroup) -> None:
        node = element_iri(group_node, "sub", sub.order)
        add_element(
            self.g,
            self.doc,
            node,
            WK.SubGroup,
            plan,
            sub.label,
            spans_of(sub.line, *(i.line for i in sub.items)),
            parent=group_node,
            order=sub.order,
            title_as_written=sub.as_written,
        )
        for order, item in enumerate(sub.items, start=1):
            self._item(plan, node, order, item)

    def _item(self, plan: URIRef, container: URIRef, order: int, item: Item) -> None:
        node = self.items.iri(item.title, item.line)
        self._occurrences.setdefault(node, []).append((plan, container, order, item))

    def finish(self) -> None:
        """Write each program item once, with every occurrence's span, plan and listing."""
        g = self.g
        for node, occurrences in self._occurrences.items():
            first_plan, _, _, first = occurrences[0]
            add_element(
                g,
                self.doc,
                node,
                WK.ProgramItem,
                first_plan,
                first.title,
                [lines(o[3].line) for o in occurrences],
            )
            g.add((node, WK.flagUnknown, WK.isPriority))
            project = self.projects.get(match_key(first.title))
            if project is not None:
                g.add((node, WK.sameTitleAs, project))
                g.add((project, WK.sameTitleAs, node))
            for _plan, container, order, item in occurrences:
                if item.as_written != first.title:
                    g.add((node, WK.titleAsWritten, Literal(item.as_written)))
                add_listing(g, self.doc, container, order, node, item.as_written, item.line)
