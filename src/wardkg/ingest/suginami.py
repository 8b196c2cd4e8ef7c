"""Document family ``suginami-comprehensive-plan``: 杉並区総合計画 and the plans it bundles.

``build(text, doc)`` parses the text (suginami_parse.py; SourceFormatError names the line that does not
fit) and returns the source's graph. Nothing is written here: data/13115/<source>.ttl is written by
wardkg.build.build_sources, after every source parsed, atomically.

What the graph holds (docs/MODEL.md): the comprehensive plan (period, vision, revision rule, basis
基本構想, encompassed 総合戦略, stated counts), the five other plans of ○計画の構成 as plans of their own
(wk:componentOf the comprehensive plan, wk:compositionOrder), the 8 fields with their as-written names
and future images (both variants kept where the two places differ), measures 1-29, projects as entities
per normalised title listed under their measures (suginami_rdf.py), the companion plans' lists
(suginami_companion.py), the population outlook and the SDG section (suginami_outlook.py).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from wardkg.fiscal import FiscalYearError, parse_fiscal_year
from wardkg.ingest.common import (
    Span,
    add_element,
    add_plan,
    add_source_document,
    boolean,
    en,
    integer,
    ja,
    lines,
    new_graph,
)
from wardkg.ingest.registry import Family
from wardkg.ingest.suginami_companion import CompanionBuilder
from wardkg.ingest.suginami_mappings import load_domains
from wardkg.ingest.suginami_outlook import add_population, add_sdgs
from wardkg.ingest.suginami_parse import parse
from wardkg.ingest.suginami_rdf import SlugRegistry, add_listing, add_stated_counts, spans_of
from wardkg.ingest.suginami_records import Field, PeriodBlock, SuginamiDocument, Text
from wardkg.jtext import match_key
from wardkg.namespaces import WK, domain_iri, element_iri, fiscal_year_iri, plan_iri
from wardkg.sources import SourceDoc


def build(text: str, doc: SourceDoc) -> Graph:
    """The RDF graph of one Suginami comprehensive-plan source (raises SourceFormatError on bad input)."""
    parsed = parse(text, str(doc.path))
    return _Builder(doc, parsed).graph()


FAMILY = Family(
    name="suginami-comprehensive-plan",
    description="杉並区総合計画 (with 実行計画, 区政経営改革推進計画, 協働推進計画, デジタル化推進計画, "
    "区立施設再編整備計画): fields → measures → projects, basic policies → groups → items",
    build=build,
)


_REVISION_WORDS = r"改定|修正|見直し|検討"
"""A period bullet that speaks of revising, amending or reviewing the plan is part of its revision rule."""


def _span(t: Text) -> Span:
    return lines(t.first, t.last)


def _field_last_line(f: Field) -> int:
    m = f.measures[-1]
    return m.items[-1].line if m.items else m.line


class _Builder:
    def __init__(self, doc: SourceDoc, parsed: SuginamiDocument) -> None:
        self.doc = doc
        self.p = parsed
        self.g = new_graph()
        self.ward = doc.ward
        entries = {e.spec.order: e for e in parsed.plans}
        self.cp = plan_iri(self.ward, doc.id)
        self.plan_nodes = {
            order: (self.cp if order == 1 else plan_iri(self.ward, e.spec.slug))
            for order, e in entries.items()
        }
        self.domains = load_domains()

    def graph(self) -> Graph:
        add_source_document(self.g, self.doc)
        self._plans()
        self._vision_and_fields()
        projects = self._measures_and_projects()
        companions = CompanionBuilder(self.g, self.doc, self.cp, projects)
        for c in self.p.companions:
            companions.add(self.plan_nodes[c.spec.order], c)
        companions.finish()
        for s in self.p.summaries:
            add_stated_counts(self.g, self.doc, self.plan_nodes[s.spec.order], [s.policies, s.items])
        add_population(self.g, self.doc, self.cp, self.p.population)
        add_sdgs(self.g, self.doc, self.cp, self.p)
        return self.g

    # -- plans --------------------------------------------------------------------------------------

    def _plans(self) -> None:
        g, p = self.g, self.p
        periods = {match_key(b.title): b for b in p.periods}
        for entry in p.plans:
            spec = entry.spec
            node = self.plan_nodes[spec.order]
            spans = [spans_of(entry.line, *(d.last for d in entry.description))[0]]
            block = periods.get(match_key(spec.title.removeprefix("杉並区")))
            if spec.order == 1:
                spans = [_span(p.title), _span(p.period), *spans]
            elif spec.order > 2:
                block = periods.get("その他計画")
            if block is not None:
                spans.append(spans_of(block.line, *(b.last for b in block.bullets))[0])
            cls = WK[spec.cls]
            years = p.fiscal_years if spec.order == 1 else ()
            add_plan(g, self.doc, node, cls, spec.title, spans, fiscal_years=years, title_en=spec.en)
            g.add((node, DCTERMS.description, ja("\n".join(d.text for d in entry.description))))
            g.add((node, WK.compositionOrder, integer(spec.order)))
            if spec.order != 1:
                g.add((node, WK.componentOf, self.cp))
            if block is not None:
                self._period(node, block, spec.order == 1)
        cp = self.cp
        g.add((cp, WK.basedOn, ja(p.basic_concept_name)))
        g.add((cp, WK.encompasses, ja(p.strategy_name)))
        add_stated_counts(g, self.doc, cp, [*p.composition_counts, *p.stated_counts])
        if p.legend is not None:
            g.add(
                (
                    cp,
                    SKOS.editorialNote,
                    ja(
                        f"凡例（{p.legend.first}〜{p.legend.last}行目）の記号（重点計画事業・再掲計画事業）は抽出で失われたため、"
                        "計画事業の重点・再掲の別は不明（wk:flagUnknown）として記録している。"
                    ),
                )
            )
            g.add(
                (
                    cp,
                    SKOS.editorialNote,
                    en(
                        f"The legend's symbols (lines {p.legend.first}-{p.legend.last}: priority project, repeated project) "
                        "were lost in extraction; the projects' priority and repeat flags are recorded as unknown."
                    ),
                )
            )

    def _period(self, node: URIRef, block: PeriodBlock, comprehensive: bool) -> None:
        """Plan period and revision rule from ○計画期間; structured values only where the text states them."""
        g = self.g
        rules = [b.text for b in block.bullets if re.search(_REVISION_WORDS, b.text)]
        period = [b.text for b in block.bullets if b.text not in rules]
        if period:
            g.add((node, WK.planPeriodText, ja("\n".join(period))))
        if rules:
            g.add((node, WK.revisionRule, ja("\n".join(rules))))
        if not comprehensive:
            return
        for text in rules:
            m = re.search(r"(\d+)か?年ごとに計画の改定", text)
            if m:
                g.add((node, WK.revisionIntervalYears, integer(int(m[1]))))
            if "毎年度修正" in text:
                g.add((node, WK.amendedYearly, boolean(True)))
            m = re.search(r"(令和\d+年度)（\d{4}年度）には", text)
            if m:
                try:
                    g.add((node, WK.reviewFiscalYear, fiscal_year_iri(parse_fiscal_year(m[0]))))
                except FiscalYearError:
                    pass  # not a parseable year: the rule text above still says it

    # -- vision, fields, future images --------------------------------------------------------------

    def _vision_and_fields(self) -> None:
        g, p, doc, cp = self.g, self.p, self.doc, self.cp
        vision = element_iri(cp, "vision")
        add_element(
            g,
            doc,
            vision,
            WK.Vision,
            cp,
            p.vision.text,
            [spans_of(p.vision_heading.first, p.vision.last)[0]],
            title_as_written=p.vision.as_written,
            description=p.vision_heading.text,
        )
        g.add((cp, WK.vision, vision))
        listed = {e.spec.order: e for e in p.vision_fields}
        for f in p.fields:
            spec = f.entry.spec
            node = element_iri(cp, "field", spec.order)
            in_vision = listed[spec.order]
            spans = [_span(in_vision.heading), lines(f.entry.heading.first, _field_last_line(f))]
            add_element(g, doc, node, WK.Field, cp, spec.canonical, spans, order=spec.order)
            g.add((node, RDFS.label, en(spec.en)))
            g.add((node, WK.canonicalName, ja(spec.canonical)))
            for written in dict.fromkeys([in_vision.heading.as_written, f.entry.heading.as_written]):
                g.add((node, WK.nameAsWritten, Literal(written)))
            for slug in self.domains.for_field(spec.canonical):
                g.add((node, WK.policyDomain, domain_iri(slug)))
            images = [in_vision.image, f.entry.image]
            if match_key(images[0].text) == match_key(images[1].text):
                self._image(node, 1, images[0], [_span(i) for i in images])
            else:
                for k, image in enumerate(images, start=1):
                    self._image(node, k, image, [_span(image)])
                g.add(
                    (
                        node,
                        WK.ambiguityNote,
                        ja(
                            f"将来像の表記が{images[0].first}行目（基本構想の分野ごとの将来像）と{images[1].first}行目"
                            "（分野別 施策・事業体系）で異なるため、両方を記録している。"
                        ),
                    )
                )
                g.add(
                    (
                        node,
                        WK.ambiguityNote,
                        en(
                            f"The future image is worded differently in line {images[0].first} (the basic concept's list) "
                            f"and line {images[1].first} (the field system); both are kept."
                        ),
                    )
                )

    def _image(self, field_node: URIRef, k: int, image: Text, spans: list[Span]) -> None:
        node = element_iri(field_node, "future-image", k)
        add_element(
            self.g,
            self.doc,
            node,
            WK.FutureImage,
            self.cp,
            image.text,
            spans,
            parent=field_node,
            order=k,
            title_as_written=image.as_written,
        )
        self.g.add((field_node, WK.futureImage, node))

    # -- measures and projects ----------------------------------------------------------------------

    def _measures_and_projects(self) -> dict[str, URIRef]:
        """Measures 1-29 under their fields; one wk:Project per normalised title, one wk:Listing per line."""
        g, doc, cp = self.g, self.doc, self.cp
        registry = SlugRegistry(cp, "project", str(doc.path))
        occurrences: dict[URIRef, list[tuple[URIRef, int, str, str, int]]] = {}
        for f in self.p.fields:
            field_node = element_iri(cp, "field", f.entry.spec.order)
            for pos, m in enumerate(f.measures, start=1):
                node = element_iri(cp, "measure", m.number)
                last = m.items[-1].line if m.items else m.line
                add_element(
                    g,
                    doc,
                    node,
                    WK.Measure,
                    cp,
                    m.title,
                    [lines(m.line, last)],
                    parent=field_node,
                    notation=str(m.number),
                    order=pos,
                )
                for slug in self.domains.for_measure(m.number, m.title):
                    g.add((node, WK.policyDomain, domain_iri(slug)))
                for k, item in enumerate(m.items, start=1):
                    project = registry.iri(item.title, item.line)
                    occurrences.setdefault(project, []).append(
                        (node, k, item.title, item.as_written, item.line)
                    )
        by_key: dict[str, URIRef] = {}
        for project, occ in occurrences.items():
            title = occ[0][2]
            add_element(g, doc, project, WK.Project, cp, title, [lines(o[4]) for o in occ])
            by_key[match_key(title)] = project
            g.add((project, WK.flagUnknown, WK.isPriority))
            g.add((project, WK.flagUnknown, WK.isRepost))
            for measure, k, _, as_written, line in occ:
                if as_written != title:
                    g.add((project, WK.titleAsWritten, Literal(as_written)))
                listing = add_listing(g, doc, measure, k, project, as_written, line)
                g.add((listing, WK.flagUnknown, WK.isRepost))
        return by_key
