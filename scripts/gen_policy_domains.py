"""Generate ontology/policy-domains.ttl — the cross-ward policy-domain SKOS scheme — from data/reference/.

Why a scheme of our own: each ward structures its plan differently (Nerima's 施策の柱, Suginami's 分野,
Itabashi's 重点戦略 and departments), so one ward's pillar and another's field can only be compared through a
shared set of themes. The slugs are a contract with the parsers' mapping files (data/mappings/*.yaml) and
must stay exactly these thirteen; the generator refuses a table with any other set.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gen_common import ONTOLOGY_DIR, REFERENCE_DIR, read_tsv, run
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from wardkg.errors import SourceFormatError
from wardkg.namespaces import DOMAIN, WK, domain_iri

DOMAINS_TSV = REFERENCE_DIR / "policy-domains.tsv"
OUTPUT = ONTOLOGY_DIR / "policy-domains.ttl"
COLUMNS = ["slug", "pref_ja", "pref_en", "def_ja", "def_en", "scope_ja", "scope_en", "related"]
SLUGS = (
    "children education elderly welfare health safety urban housing environment industry culture "
    "community administration"
).split()
"""The agreed slugs, in display order (issue 2 / the project's domain list)."""
SCHEME = URIRef(str(DOMAIN).rstrip("/"))
"""``…/id/domain`` — the scheme; its concepts are ``…/id/domain/<slug>``."""


def build_graph(path: Path = DOMAINS_TSV) -> Graph:
    """The policy-domain scheme as an rdflib graph."""
    rows = read_tsv(path, COLUMNS)
    g = Graph()
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    for lit in (
        Literal("政策領域（区横断）", lang="ja"),
        Literal("Policy domains (across wards)", lang="en"),
    ):
        g.add((SCHEME, SKOS.prefLabel, lit))
        g.add((SCHEME, RDFS.label, lit))
    g.add(
        (
            SCHEME,
            SKOS.definition,
            Literal(
                "区ごとに異なる計画の体系（施策の柱・分野・重点戦略など）を横断して比較するための政策領域の分類。",
                lang="ja",
            ),
        )
    )
    g.add(
        (
            SCHEME,
            SKOS.definition,
            Literal(
                "Themes for comparing plans across wards whose own structures differ (pillars, fields, strategies).",
                lang="en",
            ),
        )
    )
    g.add((SCHEME, DCTERMS.creator, Literal("wardkg")))
    seen: dict[str, int] = {}
    related: list[tuple[int, str, str]] = []
    for row in rows:
        slug = row["slug"]
        if slug not in SLUGS:
            raise SourceFormatError(path, row.line, "one of the agreed slugs: " + " ".join(SLUGS), slug)
        if slug in seen:
            raise SourceFormatError(path, row.line, f"each slug once (first on line {seen[slug]})", slug)
        seen[slug] = row.line
        for col in COLUMNS[1:7]:
            if not row[col]:
                raise SourceFormatError(path, row.line, f"a non-empty {col} for {slug}", "")
        c = domain_iri(slug)
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, SCHEME))
        g.add((c, SKOS.topConceptOf, SCHEME))
        g.add((SCHEME, SKOS.hasTopConcept, c))
        g.add((c, SKOS.notation, Literal(slug)))
        g.add((c, WK.order, Literal(SLUGS.index(slug) + 1, datatype=XSD.integer)))
        for lang in ("ja", "en"):
            label = Literal(row[f"pref_{lang}"], lang=lang)
            g.add((c, SKOS.prefLabel, label))
            g.add((c, RDFS.label, label))
            g.add((c, SKOS.definition, Literal(row[f"def_{lang}"], lang=lang)))
            g.add((c, SKOS.scopeNote, Literal(row[f"scope_{lang}"], lang=lang)))
        related.extend((row.line, slug, other) for other in row["related"].split())
    missing = [s for s in SLUGS if s not in seen]
    if missing:
        raise SourceFormatError(path, None, "a row for every agreed slug", "missing " + " ".join(missing))
    for line, slug, other in related:
        if other not in SLUGS or other == slug:
            raise SourceFormatError(path, line, "related slugs among the agreed ones (not itself)", other)
        g.add((domain_iri(slug), SKOS.related, domain_iri(other)))
        g.add((domain_iri(other), SKOS.related, domain_iri(slug)))  # skos:related is symmetric
    return g


def main(argv: list[str] | None = None) -> int:
    return run(
        argv,
        script="gen_policy_domains.py",
        inputs="data/reference/policy-domains.tsv",
        output=OUTPUT,
        build=build_graph,
    )


if __name__ == "__main__":
    sys.exit(main())
