"""Deterministic N-Triples and JSON-LD (Turtle goes through wardkg.rdfio, the one Turtle writer).

Why our own normalisation: rdflib's N-Triples and JSON-LD output follows its internal set order, which
differs between runs. N-Triples lines are sorted; JSON-LD is compacted with wardkg's published @context,
then every array of node objects or values is sorted by its canonical JSON form (order carries no meaning
in JSON-LD except inside @list, which wardkg does not use), and keys are sorted.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

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


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return sorted((_normalise(v) for v in value), key=_sort_key)
    return value


def jsonld_bytes(g: Graph, context_url: str | None = None) -> bytes:
    """Compacted JSON-LD with a sorted @graph; *context_url* is written as the document's @context."""
    ctx = jsonld_context()["@context"]
    text = canonical(g).serialize(format="json-ld", context=ctx, auto_compact=True)
    doc = json.loads(text if isinstance(text, str) else text.decode("utf-8"))
    graph = doc.get("@graph", [doc] if doc and "@graph" not in doc and "@id" in doc else [])
    graph = [{k: v for k, v in node.items() if k != "@context"} for node in graph]
    out = {"@context": context_url or ctx, "@graph": _normalise(graph)}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
