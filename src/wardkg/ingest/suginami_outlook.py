"""Suginami's population outlook (○人口の見通し) and SDG section as RDF.

Population (docs/MODEL.md "Statistics"): one wk:StatisticalObservation per stated figure —
``<plan>/stat/peak/<indicator>`` per peak row, ``<plan>/stat/projection/<indicator>/<year>`` for a value
the prose projects (高齢化率 28.7% in 2065). Each carries the method (コーホート要因法), the base date
(wk:statBaseDate, from the 基準人口 row) and every assumption row as printed (wk:assumption, 基準人口
included). The base population's size is not printed, so it is no observation of its own (the core
shapes require a value, and none is invented).

SDGs: the document names the 17 goals in a section about the plan; each becomes an oa:Annotation
``<plan>/sdg/<N>`` on the comprehensive plan, body the UN goal IRI, wk:linkMethod wk:StatedBySource, at
confidence 1/17 (a list of all goals is a statement about the SDGs as a whole, not about one goal — the
linker's rule too), unreviewed, created by this parser (a prov:SoftwareAgent). The
measure-to-SDG correspondence the text promises (line 157) did not survive extraction: the plan gets
wk:sdgCorrespondenceLost true and a note; no correspondence is invented.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from wardkg import __version__
from wardkg.errors import SourceFormatError
from wardkg.fiscal import era_to_gregorian
from wardkg.ingest.common import add_provenance, boolean, decimal, en, ja, lines
from wardkg.ingest.suginami_records import Population, SuginamiDocument
from wardkg.jtext import match_key
from wardkg.namespaces import AS, ID, OA, WK, element_iri, sdg_iri
from wardkg.sources import SourceDoc

_BASE_DATE = re.compile(r"(令和|平成)(\d+|元)年（(\d{4})年）(\d+)月(\d+)日")


def add_population(g: Graph, doc: SourceDoc, plan: URIRef, pop: Population) -> None:
    """The population outlook's observations, linked from the plan with wk:hasObservation."""
    rows = {r.key: r for r in pop.method_rows}
    method = rows["推計方法"]
    base = rows["基準人口"]
    m = _BASE_DATE.search(base.value)
    if not m:
        raise SourceFormatError(doc.path, base.line, "a base date '令和3年（2021年）1月1日時点'", base.value)
    year = int(m[3])
    if era_to_gregorian(m[1], 1 if m[2] == "元" else int(m[2])) != year:
        raise SourceFormatError(doc.path, base.line, f"{m[1]}{m[2]}年 = the year in brackets", m[0])
    base_date = Literal(f"{year:04d}-{int(m[4]):02d}-{int(m[5]):02d}", datatype=XSD.date)
    assumptions = [r for r in pop.method_rows if r.key not in ("推計方法",)]
    common_lines = [lines(method.line)] + [lines(r.line) for r in assumptions]

    def observation(node: URIRef, indicator: str, kind: URIRef, label: str, spans: list[int]) -> URIRef:
        g.add((plan, WK.hasObservation, node))
        g.add((node, RDF.type, WK.StatisticalObservation))
        g.add((node, RDFS.label, ja(label)))
        g.add((node, WK.statIndicator, ja(indicator)))
        g.add((node, WK.observationKind, kind))
        g.add((node, WK.statMethod, ja(method.value)))
        g.add((node, WK.statBaseDate, base_date))
        for r in assumptions:
            g.add((node, WK.assumption, ja(f"{r.key}：{r.value}")))
        add_provenance(
            g, node, doc, sorted([lines(n) for n in spans] + common_lines, key=lambda s: s.first_line or 0)
        )
        return node

    for p in pop.peaks:
        key = match_key(p.indicator)
        node = observation(
            element_iri(plan, "stat", "peak", key), p.indicator, WK.Peak, f"{p.indicator}のピーク", [p.line]
        )
        _value(g, node, p.value, p.unit, p.year)
        if pop.intro is not None:
            g.add((node, RDFS.comment, ja(pop.intro.text)))
        if pop.peak_note is not None:
            g.add((node, RDFS.comment, ja(pop.peak_note.text)))
    for pr in pop.projections:
        node = observation(
            element_iri(plan, "stat", "projection", pr.indicator, pr.year),
            pr.indicator,
            WK.Projection,
            f"{pr.indicator}の見通し（{pr.year}年）",
            [pr.text.first],
        )
        _value(g, node, pr.value, pr.unit, pr.year)


def _value(g: Graph, node: URIRef, value: str, unit: str, year: int) -> None:
    g.add((node, WK.statValue, decimal(value)))
    g.add((node, WK.statUnit, Literal(unit)))
    g.add((node, WK.statYear, Literal(f"{year:04d}", datatype=XSD.gYear)))


AGENDA_SHARE = f"{1 / 17:.3f}"
"""Confidence of each goal of a list naming all 17: the SDGs as a whole, spread evenly — the same rule the
SDG linker applies to such statements (wardkg.sdg.linker), so that no goal is accepted on that basis."""


def add_parser_agent(g: Graph) -> URIRef:
    """The software agent that wrote the source-stated links (dct:creator / as:generator)."""
    agent = ID[f"generator/wardkg-ingest-suginami/{__version__}"]
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, ja("wardkg 杉並区総合計画パーサー")))
    g.add((agent, RDFS.label, en("wardkg Suginami comprehensive-plan parser")))
    g.add((agent, OWL.versionInfo, Literal(__version__)))
    return agent


def add_sdgs(g: Graph, doc: SourceDoc, plan: URIRef, parsed: SuginamiDocument) -> None:
    """The 17 goals the section names, and the lost measure-to-SDG correspondence."""
    generator = add_parser_agent(g)
    for goal in parsed.goals:
        ann = element_iri(plan, "sdg", goal.number)
        g.add((ann, RDF.type, OA.Annotation))
        g.add((ann, OA.hasTarget, plan))
        g.add((ann, OA.hasBody, sdg_iri(str(goal.number))))
        g.add((ann, OA.motivatedBy, OA.classifying))
        g.add((ann, WK.linkMethod, WK.StatedBySource))
        g.add((ann, WK.confidence, decimal(AGENDA_SHARE)))
        name = goal.name.as_written.replace("\n", "")
        g.add(
            (
                ann,
                WK.evidence,
                ja(f"【SDGsに掲げる17のゴール】目標{goal.number} {name}（17の目標すべてを列挙）"),
            )
        )
        g.add((ann, WK.evidenceField, Literal("description")))
        g.add((ann, DCTERMS.creator, generator))
        g.add((ann, AS.generator, generator))
        g.add((ann, WK.reviewVerdict, WK.Unreviewed))
        add_provenance(g, ann, doc, [lines(goal.name.first, goal.name.last)])
    if parsed.sdg_promise is not None:
        line = parsed.sdg_promise.first
        g.add((plan, WK.sdgCorrespondenceLost, boolean(True)))
        g.add(
            (
                plan,
                SKOS.editorialNote,
                ja(
                    f"本文（{line}行目）は区の取組とSDGsとの対応関係を明示するとしているが、"
                    "施策・計画事業ごとの対応は抽出されたテキストに残っていない。対応は推定していない。"
                ),
            )
        )
        g.add(
            (
                plan,
                SKOS.editorialNote,
                en(
                    f"The text (line {line}) says the plan shows how its measures correspond to the SDGs; "
                    "that correspondence did not survive text extraction and has not been guessed."
                ),
            )
        )
