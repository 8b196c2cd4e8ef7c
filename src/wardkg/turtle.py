"""A small, fast, deterministic Turtle serializer (used through wardkg.rdfio.turtle_bytes).

Why our own: rdflib's Turtle serializer spends most of its time in prefix lookups and took tens of seconds
for the whole graph with its vocabularies, several times per export. This writer groups triples by subject
and prints them in a fixed order — subjects (IRIs, then blank nodes) sorted, ``rdf:type`` first and the other
predicates sorted, objects sorted by their Turtle form — with only the prefixes the file uses. Output is plain
Turtle 1.1: IRIs are abbreviated only where the local part is a safe PN_LOCAL, numbers and booleans use the
short forms only where the lexical form is canonical for them, and strings are escaped per the grammar.
Blank nodes must already carry canonical labels (rdfio.canonical).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_BAD = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')


def _escape_string(text: str) -> str:
    return _STRING_BAD.sub(lambda m: _STRING_ESCAPES.get(m[0], f"\\u{ord(m[0]):04X}"), text)


class _Namer:
    """Abbreviates IRIs with the given prefixes (longest namespace first) and records which were used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()

    def iri(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and _SAFE_LOCAL.match(iri[len(ns) :]):
                self.used.add(prefix)
                return f"{prefix}:{iri[len(ns) :]}"
        return "<" + _IRI_BAD.sub(lambda m: f"\\u{ord(m[0]):04X}", iri) + ">"

    def term(self, t: Node) -> str:
        if isinstance(t, URIRef):
            return self.iri(str(t))
        if isinstance(t, BNode):
            return f"_:{t}"
        if isinstance(t, Literal):
            lex = str(t)
            dt = t.datatype
            if t.language:
                return f'"{_escape_string(lex)}"@{t.language}'
            if dt is None or dt == XSD.string:
                return f'"{_escape_string(lex)}"'
            if dt == XSD.integer and _INTEGER.match(lex):
                return lex
            if dt == XSD.decimal and _DECIMAL.match(lex):
                return lex
            if dt == XSD.boolean and lex in ("true", "false"):
                return lex
            return f'"{_escape_string(lex)}"^^{self.iri(str(dt))}'
        raise TypeError(f"cannot serialise {t!r}")


def serialize(triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str]) -> str:
    """Deterministic Turtle text for *triples* (no duplicates expected), with the used *prefixes*."""
    namer = _Namer(prefixes)
    by_subject: dict[Node, dict[Node, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(namer.term(o))

    def subject_key(s: Node) -> tuple[int, str]:
        return (1 if isinstance(s, BNode) else 0, str(s))

    def predicate_key(p: Node) -> tuple[int, str]:
        return (0 if p == RDF.type else 1, str(p))

    blocks = []
    for s in sorted(by_subject, key=subject_key):
        preds = by_subject[s]
        lines = []
        for p in sorted(preds, key=predicate_key):
            verb = "a" if p == RDF.type else namer.term(p)
            lines.append(f"{verb} " + ", ".join(sorted(set(preds[p]))))
        blocks.append(namer.term(s) + " " + " ;\n    ".join(lines) + " .\n")
    header = "".join(
        f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(prefixes.items()) if prefix in namer.used
    )
    return header + ("\n" if header and blocks else "") + "\n".join(blocks)
