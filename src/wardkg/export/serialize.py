"""Deterministic N-Triples and JSON-LD (Turtle goes through wardkg.rdfio, the one Turtle writer).

Why our own normalisation: rdflib's N-Triples and JSON-LD output follows its internal set order, which
differs between runs. N-Triples lines are sorted; JSON-LD is written as a flattened, sorted @graph (see jsonld_bytes).
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from wardkg.namespaces import PREFIXES
from wardkg.rdfio import canonical


def ntriples_bytes(g: Graph) -> bytes:
    """Sorted N-Triples, one triple a line, UTF-8."""
    text = canonical(g).serialize(format="nt")
    raw = text if isinstance(text, str) else text.decode("utf-8")
    body = sorted({line for line in raw.splitlines() if line.strip()})
    return ("\n".join(body) + "\n").encode("utf-8")


def jsonld_context() -> dict[str, Any]:
    """The published @context: wardkg's prefixes plus the language-tagged label terms."""
    ctx: dict[str, Any] = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    return {"@context": ctx}


def context_bytes() -> bytes:
    """The published context.jsonld file."""
    return (json.dumps(jsonld_context(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _compact(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """prefix:local for keys and types (longest matching namespace first), else the full IRI."""
    for prefix, ns in prefixes:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns)].startswith("/"):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _value(term: Node, prefixes: list[tuple[str, str]]) -> dict[str, Any]:
    if isinstance(term, Literal):
        out: dict[str, Any] = {"@value": str(term)}
        if term.language:
            out["@language"] = term.language
        elif term.datatype is not None and str(term.datatype) != str(XSD.string):
            out["@type"] = _compact(str(term.datatype), prefixes)
        return out
    if isinstance(term, BNode):
        return {"@id": f"_:{term}"}
    return {"@id": str(term)}


def jsonld_bytes(g: Graph, context_url: str | None = None) -> bytes:
    """Flattened JSON-LD: one node object per subject, sorted; keys compacted with wardkg's prefixes.

    Written directly from the triples (rdflib's JSON-LD serializer is slow and unordered). Node values
    keep full IRIs; keys and types use the prefixes of the published context, which is all a JSON-LD
    processor needs to expand them back to the same triples.
    """
    ctx = jsonld_context()["@context"]
    prefixes = sorted(ctx.items(), key=lambda kv: -len(kv[1]))
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in canonical(g):
        sid = f"_:{s}" if isinstance(s, BNode) else str(s)
        node = nodes.setdefault(sid, {"@id": sid})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(
                _compact(str(o), prefixes) if not isinstance(o, BNode) else f"_:{o}"
            )
        else:
            node.setdefault(_compact(str(p), prefixes), []).append(_value(o, prefixes))
    graph = []
    for sid in sorted(nodes):
        node = nodes[sid]
        out: dict[str, Any] = {}
        for key in sorted(node):
            value = node[key]
            out[key] = sorted(value, key=_sort_key) if isinstance(value, list) else value
        graph.append(out)
    doc = {"@context": context_url or ctx, "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
