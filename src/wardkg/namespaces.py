"""Every IRI base wardkg uses, in one place, and the functions that mint data IRIs.

Why one module: identifiers are the contract between the parsers, the ontology, the shapes, the
queries and the exports. A base that is spelled twice drifts (STYLE.md §1). Every writer calls
:func:`bind_prefixes` so that all Turtle files share the same prefixes.

Identifier rules (DESIGN.md "Identifiers"):

* ontology terms: ``https://w3id.org/wardkg/ontology#`` (version-free);
* data: ``https://w3id.org/wardkg/id/<ward code>/...``, derived from the source's own numbering,
  never from row order or random ids, so re-running the pipeline gives the same IRIs;
* SDGs: the UN's own IRIs (``http://metadata.un.org/sdg/13.2``), never local ones;
* fiscal years: ``https://w3id.org/wardkg/id/fy/2024``.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, VOID, XSD

BASE = "https://w3id.org/wardkg/"
WK = Namespace(BASE + "ontology#")
"""The wardkg ontology (classes and properties)."""
ID = Namespace(BASE + "id/")
"""Data: wards, plans, elements, units, fiscal years, sources."""
SHAPES = Namespace(BASE + "shapes#")
"""SHACL shapes (shapes/core.ttl, shapes/recommended.ttl)."""
DOMAIN = Namespace(BASE + "id/domain/")
"""The cross-ward policy-domain SKOS scheme (ontology/policy-domains.ttl)."""
GRAPH = Namespace(BASE + "graph/")
"""Named graphs in a store or endpoint: one per source file (``graph/data/13120/vision2-ap-2022``), plus
``graph/entailed/13120`` per ward and ``graph/entailed`` for the materialised OWL entailments
(src/wardkg/scope.py, store.py, remote.py)."""

SDG = Namespace("http://metadata.un.org/sdg/")
"""UN SDG goals and targets: SDG["13"], SDG["13.2"]. The scheme IRI is SDG_SCHEME (no slash)."""
SDG_SCHEME = URIRef("http://metadata.un.org/sdg")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
"""The UN SDG ontology's classes (sdgo:Goal, sdgo:Target)."""
ESTAT_SAC = Namespace("http://data.e-stat.go.jp/lod/sac/")
"""e-Stat standard area codes: ESTAT_SAC["C13120"] = 練馬区."""

OA = Namespace("http://www.w3.org/ns/oa#")
AS = Namespace("https://www.w3.org/ns/activitystreams#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS = Namespace("http://www.w3.org/ns/adms#")

_PREFIX_NAMESPACES: dict[str, object] = {
    "wk": WK,
    "wkid": ID,
    "wksh": SHAPES,
    "domain": DOMAIN,
    "sdg": SDG,
    "sdgo": SDGO,
    "sac": ESTAT_SAC,
    "oa": OA,
    "as": AS,
    "vcard": VCARD,
    "sh": SH,
    "spdx": SPDX,
    "dcat": DCAT,
    "dcatap": DCATAP,
    "adms": ADMS,
    "dct": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SDO,
    "skos": SKOS,
    "time": TIME,
    "void": VOID,
    "xsd": XSD,
}
PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in _PREFIX_NAMESPACES.items()}
"""Prefix → namespace IRI, the same in every file wardkg writes."""


def bind_prefixes(g: Graph) -> Graph:
    """Bind wardkg's prefixes on *g* (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True, replace=True)
    return g


def _seg(value: str | int) -> str:
    """Percent-encode one path segment (Japanese names stay readable once decoded)."""
    return quote(str(value), safe="-._~")


def ward_iri(code: str) -> URIRef:
    """The local IRI of a ward (municipality), e.g. ``…/id/13120``."""
    return ID[_seg(code)]


def fiscal_year_iri(year: int) -> URIRef:
    """``…/id/fy/2024`` = 令和6年度 (1 April 2024 – 31 March 2025)."""
    return ID[f"fy/{int(year)}"]


def source_iri(ward: str, source_id: str) -> URIRef:
    """The source document (the published PDF, as extracted text)."""
    return ID[f"{_seg(ward)}/source/{_seg(source_id)}"]


def plan_iri(ward: str, plan_slug: str) -> URIRef:
    """A plan, e.g. ``…/id/13120/plan/vision2-ap-2022``."""
    return ID[f"{_seg(ward)}/plan/{_seg(plan_slug)}"]


def element_iri(plan: URIRef, *path: str | int) -> URIRef:
    """A plan element below *plan*, path from the source's own numbering: ``…/sp/5/i/3``."""
    return URIRef(str(plan) + "/" + "/".join(_seg(p) for p in path))


def unit_iri(ward: str, *names: str) -> URIRef:
    """An organisational unit by its name path: ``unit_iri("13120", "こども家庭部", "子育て支援課")``."""
    return ID[f"{_seg(ward)}/org/" + "/".join(_seg(n) for n in names)]


def contact_iri(ward: str, phone_digits: str) -> URIRef:
    """One contact point per distinct telephone number (digits only, e.g. ``0335792013``)."""
    return ID[f"{_seg(ward)}/contact/{_seg(phone_digits)}"]


def domain_iri(slug: str) -> URIRef:
    """A concept of the policy-domain scheme, e.g. ``domain_iri("children")``."""
    return DOMAIN[_seg(slug)]


def sdg_iri(code: str) -> URIRef:
    """The UN IRI of a goal (``"13"``) or target (``"13.2"``, ``"4.a"``)."""
    return SDG[code]
