"""The SPARQL 1.1 Service Description returned by ``GET /sparql`` without a query (for RDF clients).

Why: a client discovering the endpoint learns from it what it supports — SPARQL 1.1 Query only (no
Update), the result and RDF formats, the union default graph — and the limits this server enforces.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from wardkg.namespaces import bind_prefixes
from wardkg.server.formats import CONSTRUCT_TYPES, RESULT_TYPES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS["SPARQL_Results_JSON"],
    "application/sparql-results+xml": FORMATS["SPARQL_Results_XML"],
    "text/csv": FORMATS["SPARQL_Results_CSV"],
    "text/tab-separated-values": FORMATS["SPARQL_Results_TSV"],
    "text/turtle": FORMATS["Turtle"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/n-triples": FORMATS["N-Triples"],
}


def service_description(endpoint: str, timeout: float, max_rows: int) -> Graph:
    """The description of the endpoint at *endpoint* (its absolute URL).

    The service node is the endpoint's own IRI and the default dataset ``<endpoint>#dataset`` (the
    project uses no blank nodes, here either).
    """
    g = bind_prefixes(Graph())
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    s = URIRef(endpoint)
    g.add((s, RDF.type, SD.Service))
    g.add((s, SD.endpoint, s))
    g.add((s, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((s, SD.feature, SD.UnionDefaultGraph))
    for mt in (*RESULT_TYPES, *CONSTRUCT_TYPES):
        g.add((s, SD.resultFormat, FORMAT_IRIS[mt]))
    ds = URIRef(endpoint + "#dataset")
    g.add((s, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    g.add(
        (
            s,
            RDFS.comment,
            Literal(
                f"Read-only: SPARQL Update, LOAD and SERVICE are refused. Each query stops after {timeout:g} s "
                f"and answers of more than {max_rows} rows or triples are refused (HTTP 503 / 422).",
                lang="en",
            ),
        )
    )
    g.add(
        (
            s,
            RDFS.comment,
            Literal(
                f"読み取り専用です。更新・LOAD・SERVICE は拒否します。各クエリは {timeout:g} 秒で打ち切り、"
                f"{max_rows} 行（トリプル）を超える答えは返しません（HTTP 503 / 422）。",
                lang="ja",
            ),
        )
    )
    return g
