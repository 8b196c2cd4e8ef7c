"""Media types of the SPARQL Protocol, content negotiation, and the one result format query.py lacks (XML).

Why negotiation here and not in a framework: the offer is small and fixed (four result formats, three RDF
syntaxes, HTML), and the rule is the usual one — highest q wins, a more specific range beats ``*/*``, ties
go to the server's order of preference (JSON for results, Turtle for graphs).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from wardkg.query import ResultTable

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
HTML = "text/html"

RESULT_TYPES: tuple[str, ...] = (JSON_RESULTS, XML_RESULTS, CSV, TSV)
"""For SELECT and ASK, in order of preference."""
CONSTRUCT_TYPES: tuple[str, ...] = (TURTLE, JSONLD, NTRIPLES)
"""For CONSTRUCT and DESCRIBE (and element IRIs), in order of preference."""
RDF_FORMATS = {TURTLE: "ttl", JSONLD: "jsonld", NTRIPLES: "nt"}

ALIASES = {
    "application/json": JSON_RESULTS,
    "application/xml": XML_RESULTS,
    "text/xml": XML_RESULTS,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,
    "application/rdf+json": JSONLD,
}
"""Types clients commonly send for the same thing (mapped only when the canonical type is on offer)."""

FORMAT_PARAM = {
    "json": JSON_RESULTS, "xml": XML_RESULTS, "csv": CSV, "tsv": TSV,
    "ttl": TURTLE, "turtle": TURTLE, "jsonld": JSONLD, "json-ld": JSONLD, "nt": NTRIPLES, "ntriples": NTRIPLES,
}  # fmt: skip
"""``?format=`` overrides (handy in a browser, where Accept cannot be set by a link)."""


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """``Accept`` → [(media range, q, position)]; a malformed q counts as 0 (not acceptable)."""
    out: list[tuple[str, float, int]] = []
    if not header:
        return [("*/*", 1.0, 0)]
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        rng = fields[0].lower()
        if not rng:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        out.append((rng, q, i))
    return out


def _matches(rng: str, offer: str) -> int:
    """Specificity of *rng* matching *offer*: 3 exact (or alias), 2 ``type/*``, 1 ``*/*``, 0 no match."""
    if rng == offer or ALIASES.get(rng) == offer:
        return 3
    if rng.endswith("/*") and offer.startswith(rng[:-1]):
        return 2
    if rng == "*/*":
        return 1
    return 0


def negotiate(accept: str | None, offers: tuple[str, ...]) -> str | None:
    """The best of *offers* for *accept*, or None when nothing offered is acceptable (→ 406)."""
    ranges = parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen: str | None = None
    for pref, offer in enumerate(offers):
        # the most specific matching range decides the offer's q (RFC 9110 §12.5.1)
        spec, q = 0, 0.0
        for rng, rq, _ in ranges:
            s = _matches(rng, offer)
            if s > spec or (s == spec and s and rq > q):
                spec, q = s, rq
        if spec == 0 or q <= 0:
            continue
        key = (q, spec, -pref, 0)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def prefers_html(accept: str | None) -> bool:
    """True when a browser asks: text/html is acceptable and at least as wanted as any RDF syntax."""
    choice = negotiate(accept, (HTML, *CONSTRUCT_TYPES))
    return choice == HTML or (choice is None and not accept)


def _xml_term(term: object) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def format_xml(table: ResultTable) -> str:
    """SPARQL Query Results XML Format (second edition)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
        *(f"<variable name={quoteattr(v)}/>" for v in table.variables),
        "</head>",
        "<results>",
    ]
    for row in table.rows:
        lines.append("<result>")
        for v, t in zip(table.variables, row, strict=True):
            if t is not None:
                lines.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        lines.append("</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"
