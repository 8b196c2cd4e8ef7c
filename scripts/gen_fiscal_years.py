"""Generate ontology/fiscal-years.ttl — one OWL-Time interval per Japanese fiscal year, FY2015–FY2035.

Why generated from wardkg.fiscal: the labels (令和6年度 / FY2024, 令和元年度 for 2019) and the bounds
(1 April – 31 March) must be exactly what the parsers compute, so both come from the same functions.
The range covers every plan period in the sources (平成 years of older baselines up to 令和 targets for 2030)
with margin.
"""

from __future__ import annotations

import sys

from gen_common import ONTOLOGY_DIR, run
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, TIME, XSD

from wardkg.fiscal import fiscal_year_bounds, fiscal_year_label_en, fiscal_year_label_ja
from wardkg.namespaces import WK, fiscal_year_iri

FIRST, LAST = 2015, 2035
OUTPUT = ONTOLOGY_DIR / "fiscal-years.ttl"

ERA_CHANGE_ALIASES = {2019: "平成31年度"}
"""FY2019 began under 平成 (the era changed on 1 May 2019); documents call it either name."""


def instant_iri(year: int, end: str) -> URIRef:
    """``…/fy/2024/begin`` or ``…/fy/2024/end``: the interval's bounds (no blank nodes)."""
    return URIRef(f"{fiscal_year_iri(year)}/{end}")


def build_graph(first: int = FIRST, last: int = LAST) -> Graph:
    """The fiscal years *first*..*last* inclusive."""
    g = Graph()
    for year in range(first, last + 1):
        fy = fiscal_year_iri(year)
        begin, end = fiscal_year_bounds(year)
        g.add((fy, RDF.type, WK.FiscalYear))
        g.add((fy, RDF.type, TIME.Interval))
        g.add((fy, RDFS.label, Literal(fiscal_year_label_ja(year), lang="ja")))
        g.add((fy, RDFS.label, Literal(fiscal_year_label_en(year), lang="en")))
        g.add((fy, SKOS.altLabel, Literal(f"{year}年度", lang="ja")))
        if year in ERA_CHANGE_ALIASES:
            g.add((fy, SKOS.altLabel, Literal(ERA_CHANGE_ALIASES[year], lang="ja")))
        g.add((fy, WK.gregorianYear, Literal(year, datatype=XSD.integer)))
        for kind, prop, day in (("begin", TIME.hasBeginning, begin), ("end", TIME.hasEnd, end)):
            inst = instant_iri(year, kind)
            g.add((fy, prop, inst))
            g.add((inst, RDF.type, TIME.Instant))
            g.add((inst, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))
        if year < last:
            g.add((fy, TIME.intervalMeets, fiscal_year_iri(year + 1)))
        if year > first:
            g.add((fy, TIME.intervalMetBy, fiscal_year_iri(year - 1)))
    return g


def main(argv: list[str] | None = None) -> int:
    return run(argv, script="gen_fiscal_years.py", inputs="wardkg.fiscal", output=OUTPUT, build=build_graph)


if __name__ == "__main__":
    sys.exit(main())
