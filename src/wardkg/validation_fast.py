"""A fast SHACL engine for wardkg's shapes, giving exactly pySHACL's results (``wardkg validate``'s default).

Why: one pySHACL call on the real graph (70 k triples, two thirds SDG annotations) takes 13–18 s, and
profiling it (wardkg.validate's docstring) shows that most of it is pySHACL's own overhead, not the checks:
it re-validates every property shape once per focus node (123 k nested ``Shape.validate`` calls for
45 k annotations), re-scans each shape's predicates against a list of ~40 constraint parameters on every
call (31 M term comparisons), and re-checks ``sh:node wksh:SDGConcept`` for every annotation although
there are only 186 SDG concepts. pyrudof (Rust) takes 5–6 s and ignores SHACL-SPARQL constraints.

How: the graph is parsed with pyoxigraph (Rust, ~10× faster than rdflib's Turtle parser) into a plain
subject → predicate → objects index of rdflib terms, and the SHACL Core components that wardkg's shapes
use are evaluated directly on it, with the semantics of pySHACL 0.40 copied component by component
(pySHACL's own literal comparison is reused). Results of nested shapes (``sh:node``, ``sh:or``,
``sh:qualifiedValueShape``) depend only on the shape and the value node, so they are computed once per
pair. The few SHACL-SPARQL shapes (sh:sparql, SPARQL targets) are still run by pySHACL, on the part of
the graph their queries can see (every triple whose predicate the queries name, plus rdf:type and
rdfs:subClassOf), which gives the same solutions as the whole graph for queries with constant
predicates (a query with a variable predicate gets the whole graph).

Equivalence is a tested property, not an assumption: tests/test_validate_engines.py compares the two
engines' full results (focus, path, value, component, shape, severity and both messages) on the real graph
and on every case under tests/shapes/. A shapes graph using a SHACL feature this engine does not
implement raises :class:`Unsupported`, and :func:`wardkg.validate.validate` then falls back to pySHACL.

Behaviour kept from pySHACL on purpose (it is what the reports have always said): validation runs with
``allow_warnings``, so a nested shape whose only failures are warnings conforms; ``sh:node`` fails on any
nested result; ``sh:uniqueLang`` and ``sh:hasValue`` results carry no value.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Graph, Literal, URIRef, paths
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from wardkg.namespaces import SH

Triple = tuple[Node, URIRef, Node]

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Shape parameters this engine evaluates; any other sh: predicate on a shape makes it refuse.
_SUPPORTED = {
    *_TARGETS,
    SH.property, SH.path, SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group,
    SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.hasValue,
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength,
    SH.pattern, SH.flags, SH.languageIn, SH.uniqueLang, SH.lessThanOrEquals, SH["or"], SH.node,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip
_SPARQL_PARAMS = {SH.sparql, SH.target}
_QUERY_PARAMS = {SH.select, SH.prefixes, SH.message}  # all that a SPARQL constraint or target here may have
_ALLOWED = (SH.Warning, SH.Info)  # pySHACL's allow_warnings=True


class Unsupported(ValueError):
    """The shapes graph uses a SHACL feature this engine does not implement; use pySHACL instead."""


# --- the data ----------------------------------------------------------------------------------------


class Data:
    """An in-memory index of a data graph: subject → predicate → objects, and predicate → (s, o) pairs."""

    def __init__(self) -> None:
        self.out: dict[Node, dict[URIRef, set[Node]]] = {}
        self.by_pred: dict[URIRef, set[tuple[Node, Node]]] = {}
        self._inv: dict[Node, dict[URIRef, set[Node]]] | None = None
        self._supers: dict[Node, frozenset[Node]] = {}

    def add_all(self, triples: Iterable[Triple]) -> None:
        out, by_pred = self.out, self.by_pred
        for s, p, o in triples:
            po = out.get(s)
            if po is None:
                po = out[s] = {}
            objs = po.get(p)
            if objs is None:
                objs = po[p] = set()
            objs.add(o)
            pairs = by_pred.get(p)
            if pairs is None:
                pairs = by_pred[p] = set()
            pairs.add((s, o))
        self._inv = None
        self._supers.clear()

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_pred.values())

    def triples(self) -> Iterator[Triple]:
        for p, pairs in self.by_pred.items():
            for s, o in pairs:
                yield s, p, o

    def objects(self, s: Node, p: URIRef) -> set[Node]:
        po = self.out.get(s)
        return po.get(p, _EMPTY) if po is not None else _EMPTY

    def subjects(self, p: URIRef, o: Node) -> set[Node]:
        if self._inv is None:
            inv: dict[Node, dict[URIRef, set[Node]]] = {}
            for pred, pairs in self.by_pred.items():
                for s, obj in pairs:
                    inv.setdefault(obj, {}).setdefault(pred, set()).add(s)
            self._inv = inv
        po = self._inv.get(o)
        return po.get(p, _EMPTY) if po is not None else _EMPTY

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """*cls* and everything it is an ``rdfs:subClassOf*`` of in the data graph."""
        found = self._supers.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for sup in self.objects(todo.pop(), RDFS.subClassOf):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            found = self._supers[cls] = frozenset(seen)
        return found

    def instances(self, cls: Node) -> set[Node]:
        """Nodes with an ``rdf:type`` that is *cls* or a subclass of it (SHACL instance, §2.1.3.1)."""
        return {s for s, t in self.by_pred.get(RDF.type, ()) if cls in self.superclasses(t)}

    def is_instance(self, node: Node, cls: Node) -> bool:
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF.type))


_EMPTY: set[Node] = set()


def _literal_maker() -> Callable[[ox.Literal], Literal]:
    """pyoxigraph literal → rdflib Literal as rdflib's Turtle parser makes it (cached: values repeat)."""
    cache: dict[tuple[str, str | None, str], Literal] = {}
    xsd_string = str(XSD.string)

    def make(lit: ox.Literal) -> Literal:
        key = (lit.value, lit.language, lit.datatype.value)
        found = cache.get(key)
        if found is None:
            if lit.language:
                found = Literal(lit.value, lang=lit.language)
            elif key[2] == xsd_string:
                found = Literal(lit.value)  # rdflib's parser leaves plain literals without a datatype
            else:
                found = Literal(lit.value, datatype=URIRef(key[2]))
            cache[key] = found
        return found

    return make


def parse_files(paths: Sequence[Path]) -> Data:
    """Parse Turtle/N-Triples files with pyoxigraph into a :class:`Data` index of rdflib terms.

    A file that writes ``^^xsd:string`` explicitly is parsed with rdflib instead: pyoxigraph cannot tell
    ``"a"^^xsd:string`` from ``"a"``, rdflib's parser (and so pySHACL) can.
    """
    data = Data()
    make_literal = _literal_maker()
    iris: dict[str, URIRef] = {}
    bnodes: dict[str, BNode] = {}

    def term(t: Any) -> Node:
        if isinstance(t, ox.NamedNode):
            v = t.value
            found = iris.get(v)
            if found is None:
                found = iris[v] = URIRef(v)
            return found
        if isinstance(t, ox.Literal):
            return make_literal(t)
        if isinstance(t, ox.BlankNode):
            b = bnodes.get(t.value)
            if b is None:
                b = bnodes[t.value] = BNode()
            return b
        raise Unsupported(f"RDF-star term {t}")

    for path in paths:
        text = Path(path).read_bytes()
        if b"XMLSchema#string" in text or b"xsd:string" in text:
            g = Graph()
            g.parse(data=text, format="turtle", publicID=Path(path).resolve().as_uri())
            data.add_all(g)  # type: ignore[arg-type]
            continue
        fmt = ox.RdfFormat.N_TRIPLES if str(path).endswith(".nt") else ox.RdfFormat.TURTLE
        bnodes.clear()  # blank node labels are local to a file
        data.add_all(
            (term(t.subject), term(t.predicate), term(t.object))  # type: ignore[misc]
            for t in ox.parse(input=text, format=fmt, base_iri=Path(path).resolve().as_uri())
        )
    return data


def data_from_graph(*graphs: Graph) -> Data:
    data = Data()
    for g in graphs:
        data.add_all(g)  # type: ignore[arg-type]
    return data


# --- the shapes --------------------------------------------------------------------------------------

PathFn = Callable[[Data, Node], set[Node]]


def _compile_path(sg: Graph, path: Node) -> PathFn:
    if isinstance(path, URIRef):
        return lambda d, n: d.objects(n, path)
    if (path, RDF.first, None) in sg:
        steps = [_compile_path(sg, p) for p in Collection(sg, path)]

        def seq(d: Data, n: Node) -> set[Node]:
            nodes = {n}
            for step in steps:
                nodes = {v for x in nodes for v in step(d, x)}
            return nodes

        return seq
    inner = sg.value(path, SH.inversePath)
    if isinstance(inner, URIRef):
        return lambda d, n: d.subjects(inner, n)
    alternatives = sg.value(path, SH.alternativePath)
    if alternatives is not None:
        alts = [_compile_path(sg, p) for p in Collection(sg, alternatives)]
        return lambda d, n: {v for alt in alts for v in alt(d, n)}
    for kind, include_self, repeat in (
        (SH.zeroOrMorePath, True, True),
        (SH.oneOrMorePath, False, True),
        (SH.zeroOrOnePath, True, False),
    ):
        inner_path = sg.value(path, kind)
        if inner_path is not None:
            step = _compile_path(sg, inner_path)

            def closure(
                d: Data, n: Node, step: PathFn = step, me: bool = include_self, rep: bool = repeat
            ) -> set[Node]:
                found: set[Node] = {n} if me else set()
                todo = list(step(d, n))
                while todo:
                    x = todo.pop()
                    if x not in found:
                        found.add(x)
                        if rep:
                            todo.extend(step(d, x))
                return found

            return closure
    raise Unsupported(f"property path {path}")


@dataclass
class Result:
    """One result before rendering: rdflib terms, as pySHACL's report graph would hold them."""

    shape: Shape
    focus: Node
    component: URIRef
    value: Node | None


@dataclass(eq=False)
class Shape:
    node: Node
    severity: URIRef
    messages: list[Literal]
    path: Node | None = None
    path_fn: PathFn | None = None
    checks: list[Callable[[Engine, Node, set[Node], list[Result]], None]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    targets: dict[URIRef, list[Node]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return id(self)


def _in_list(sg: Graph, node: Node) -> list[Node]:
    return list(Collection(sg, node))


class Engine:
    """Compiled shapes plus the data index; :meth:`run` gives every result of the targeted shapes."""

    def __init__(self, shapes: Graph, data: Data, skip: frozenset[Node] | set[Node] = frozenset()) -> None:
        self.sg = shapes
        self.data = data
        self.shapes: dict[Node, Shape] = {}
        self._nested: dict[tuple[Shape, Node], list[Result]] = {}
        self.top = [
            self.shape(s)
            for s in sorted(_shape_nodes(shapes), key=str)
            if s not in skip and any((s, t, None) in shapes for t in _TARGETS)
        ]

    # compile
    def shape(self, node: Node) -> Shape:
        found = self.shapes.get(node)
        if found is not None:
            return found
        sg = self.sg
        for p in sg.predicates(node):
            if str(p).startswith(str(SH)) and p not in _SUPPORTED:
                raise Unsupported(f"{p} on shape {node}")
        if (node, RDF.type, RDFS.Class) in sg or (
            node,
            RDF.type,
            URIRef("http://www.w3.org/2002/07/owl#Class"),
        ) in sg:
            raise Unsupported(f"implicit class target on {node}")
        if (node, SH.deactivated, None) in sg:
            raise Unsupported(f"sh:deactivated on {node}")
        severity = sg.value(node, SH.severity)
        sh = Shape(
            node=node,
            severity=severity if isinstance(severity, URIRef) else SH.Violation,
            messages=[m for m in sg.objects(node, SH.message) if isinstance(m, Literal)],
        )
        if not sh.messages:
            raise Unsupported(f"shape {node} has no sh:message (pySHACL would write its own)")
        self.shapes[node] = sh
        path = sg.value(node, SH.path)
        if path is not None:
            sh.path, sh.path_fn = path, _compile_path(sg, path)
        for t in _TARGETS:
            sh.targets[t] = list(sg.objects(node, t))
        sh.properties = [self.shape(p) for p in sg.objects(node, SH.property)]
        sh.checks = self._checks(node)
        return sh

    def _checks(self, node: Node) -> list[Check]:
        """The constraints of shape *node*, each a closure over its parameters (shapes are compiled once)."""
        sg = self.sg
        out: list[Check] = []

        def per_value(component: str, ok: Callable[[Node], bool]) -> None:
            """A constraint judged on each value node alone: memoised per value (values repeat a lot)."""
            cache: dict[Node, bool] = {}
            cc = SH[component]

            def check(e: Engine, f: Node, values: set[Node], res: list[Result]) -> None:
                for v in values:
                    r = cache.get(v)
                    if r is None:
                        r = cache[v] = ok(v)
                    if not r:
                        res.append(Result(e.shapes[node], f, cc, v))

            out.append(check)

        def count(component: str, fails: Callable[[int], bool]) -> None:
            cc = SH[component]

            def check(e: Engine, f: Node, values: set[Node], res: list[Result]) -> None:
                if fails(len(values)):
                    res.append(Result(e.shapes[node], f, cc, None))

            out.append(check)

        for n in sg.objects(node, SH.minCount):
            if _int(n) > 0:
                count("MinCountConstraintComponent", partial(operator.gt, _int(n)))
        for n in sg.objects(node, SH.maxCount):
            count("MaxCountConstraintComponent", partial(operator.lt, _int(n)))
        for dt in sg.objects(node, SH.datatype):
            per_value("DatatypeConstraintComponent", partial(_datatype_ok, dt=dt))
        for cls in sg.objects(node, SH["class"]):
            per_value("ClassConstraintComponent", partial(self._class_ok, cls=cls))
        for kind in sg.objects(node, SH.nodeKind):
            per_value("NodeKindConstraintComponent", partial(_node_kind_ok, kind=kind))
        for lst in sg.objects(node, SH["in"]):
            per_value("InConstraintComponent", set(_in_list(sg, lst)).__contains__)
        for hv in sg.objects(node, SH.hasValue):
            out.append(_has_value(node, hv))
        for param, name, test in _RANGES:
            for bound in sg.objects(node, param):
                per_value(name, partial(_range_ok, bound=bound, test=test))
        for n in sg.objects(node, SH.minLength):
            per_value("MinLengthConstraintComponent", partial(_min_length_ok, k=_int(n)))
        for n in sg.objects(node, SH.maxLength):
            per_value("MaxLengthConstraintComponent", partial(_max_length_ok, k=_int(n)))
        flags = str(sg.value(node, SH.flags) or "").lower()
        re_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
        for p in sg.objects(node, SH.pattern):
            per_value("PatternConstraintComponent", partial(_pattern_ok, rx=re.compile(str(p), re_flags)))
        for lst in sg.objects(node, SH.languageIn):
            langs = {str(x).lower() for x in _in_list(sg, lst)}
            per_value("LanguageInConstraintComponent", partial(_lang_ok, langs=langs))
        for flag in sg.objects(node, SH.uniqueLang):
            if isinstance(flag, Literal) and flag.value is True:
                out.append(_unique_lang(node))
        for other in sg.objects(node, SH.lessThanOrEquals):
            out.append(_less_than_or_equals(node, other))
        for lst in sg.objects(node, SH["or"]):
            members = [self.shape(m) for m in _in_list(sg, lst)]
            per_value("OrConstraintComponent", partial(self._or_ok, members=members))
        for other in sg.objects(node, SH.node):
            per_value("NodeConstraintComponent", partial(self._node_ok, nested=self.shape(other)))
        for qvs in sg.objects(node, SH.qualifiedValueShape):
            if sg.value(node, SH.qualifiedValueShapesDisjoint) not in (None, Literal(False)):
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            lo = sg.value(node, SH.qualifiedMinCount)
            hi = sg.value(node, SH.qualifiedMaxCount)
            out.append(
                _qualified(
                    node, self.shape(qvs), None if lo is None else _int(lo), None if hi is None else _int(hi)
                )
            )
        return out

    def _class_ok(self, v: Node, cls: Node) -> bool:
        return not isinstance(v, Literal) and self.data.is_instance(v, cls)

    def _or_ok(self, v: Node, members: list[Shape]) -> bool:
        return any(self.conforms(m, v) for m in members)

    def _node_ok(self, v: Node, nested: Shape) -> bool:
        return not self.nested(nested, v)  # pySHACL: any nested result fails sh:node, warnings too

    # evaluate
    def value_nodes(self, sh: Shape, focus: Node) -> set[Node]:
        return sh.path_fn(self.data, focus) if sh.path_fn is not None else {focus}

    def evaluate(self, sh: Shape, focus: Node, res: list[Result]) -> None:
        """All results of *sh* on *focus*, its property shapes' included (pySHACL's ``Shape.validate``)."""
        values = self.value_nodes(sh, focus)
        for check in sh.checks:
            check(self, focus, values, res)
        for p in sh.properties:
            for v in values:
                self.evaluate(p, v, res)

    def nested(self, sh: Shape, focus: Node) -> list[Result]:
        """Results of a shape used inside another (sh:node, sh:or, qualified): they depend on the value only."""
        key = (sh, focus)
        found = self._nested.get(key)
        if found is None:
            found = []
            self.evaluate(sh, focus, found)
            self._nested[key] = found
        return found

    def conforms(self, sh: Shape, focus: Node) -> bool:
        """pySHACL's conformance with allow_warnings: a warning-level shape always conforms, any other
        shape conforms unless it (or a property shape below it) produced a violation-level result."""
        if sh.severity in _ALLOWED:
            return True
        return all(r.shape.severity in _ALLOWED for r in self.nested(sh, focus))

    def focus_nodes(self, sh: Shape) -> set[Node]:
        d = self.data
        found: set[Node] = set(sh.targets[SH.targetNode])
        for c in sh.targets[SH.targetClass]:
            found |= d.instances(c)
        for p in sh.targets[SH.targetSubjectsOf]:
            found |= {s for s, _o in d.by_pred.get(p, ())}  # type: ignore[call-overload]
        for p in sh.targets[SH.targetObjectsOf]:
            found |= {o for _s, o in d.by_pred.get(p, ())}  # type: ignore[call-overload]
        return found

    def run(self) -> list[Result]:
        res: list[Result] = []
        for sh in self.top:
            for f in self.focus_nodes(sh):
                self.evaluate(sh, f, res)
        return res


def _shape_nodes(sg: Graph) -> set[Node]:
    nodes: set[Node] = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
    for t in _TARGETS:
        nodes |= set(sg.subjects(t, None))
    return nodes


# --- components (pySHACL 0.40's semantics) -----------------------------------------------------------


Check = Callable[["Engine", Node, set[Node], list[Result]], None]
_RANGES: tuple[tuple[URIRef, str, Callable[[int], bool]], ...] = (
    (SH.minExclusive, "MinExclusiveConstraintComponent", lambda c: c > 0),
    (SH.minInclusive, "MinInclusiveConstraintComponent", lambda c: c >= 0),
    (SH.maxExclusive, "MaxExclusiveConstraintComponent", lambda c: c < 0),
    (SH.maxInclusive, "MaxInclusiveConstraintComponent", lambda c: c <= 0),
)


def _int(n: Node) -> int:
    if not isinstance(n, Literal):
        raise Unsupported(f"not an integer: {n}")
    return int(n.toPython())


def _min_length_ok(v: Node, k: int) -> bool:
    return k == 0 or (not isinstance(v, BNode) and len(_string(v)) >= k)


def _max_length_ok(v: Node, k: int) -> bool:
    return not isinstance(v, BNode) and len(_string(v)) <= k


def _pattern_ok(v: Node, rx: re.Pattern[str]) -> bool:
    return not isinstance(v, BNode) and bool(rx.match(_string(v)) or rx.search(_string(v)))


def _has_value(node: Node, hv: Node) -> Check:
    def check(e: Engine, f: Node, values: set[Node], res: list[Result]) -> None:
        if not any(v == hv for v in values):
            res.append(Result(e.shapes[node], f, SH.HasValueConstraintComponent, None))

    return check


def _string(v: Node) -> str:
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
        return str(v.value)
    return str(v)


def _datatype_ok(v: Node, dt: Node) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == dt:
        if getattr(v, "ill_typed", None) is True:
            return False
        return _actual_datatype(v, dt)
    if dt == RDFS.Literal:
        return True
    if dt == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and dt == XSD.string:
        return _actual_datatype(v, dt)
    if dt == RDF.langString and v.language:
        return _actual_datatype(v, dt)
    return False


def _actual_datatype(v: Literal, dt: Node) -> bool:
    value = v.value
    checks: dict[Node, type | tuple[type, ...]] = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }
    want = checks.get(dt)
    return True if want is None else isinstance(value, want)


def _node_kind_ok(v: Node, kind: Node) -> bool:
    if isinstance(v, BNode):
        return kind in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
    if isinstance(v, Literal):
        return kind in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
    return kind in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)


def _range_ok(v: Node, bound: Node, test: Callable[[int], bool]) -> bool:
    if not isinstance(v, Literal) or not isinstance(bound, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return bool(test(compare_literal(v, bound)))  # type: ignore[no-untyped-call]
    except (TypeError, NotImplementedError):
        return False


def _lang_ok(v: Node, langs: set[str]) -> bool:
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in langs or lang in langs or lang.split("-")[0] in langs


def _unique_lang(node: Node) -> Callable[[Engine, Node, set[Node], list[Result]], None]:
    def check(e: Engine, f: Node, values: set[Node], res: list[Result]) -> None:
        seen: set[str] = set()
        for v in values:
            if isinstance(v, Literal) and v.language:
                lang = v.language.lower()
                if lang in seen:
                    res.append(Result(e.shapes[node], f, SH.UniqueLangConstraintComponent, None))
                seen.add(lang)

    return check


def _comparable(x: Node) -> tuple[bool, Any]:
    if isinstance(x, BNode):
        raise Unsupported("sh:lessThanOrEquals on a blank node")
    if isinstance(x, URIRef):
        return True, str(x)
    if isinstance(x, Literal) and isinstance(x.value, str):
        return True, x.value
    return False, x


def _less_than_or_equals(node: Node, other: Node) -> Callable[[Engine, Node, set[Node], list[Result]], None]:
    if not isinstance(other, URIRef):
        raise Unsupported("sh:lessThanOrEquals needs an IRI")

    def check(e: Engine, f: Node, values: set[Node], res: list[Result]) -> None:
        compare = e.data.objects(f, other)
        for v in values:
            v_str, v_cmp = _comparable(v)
            for c in compare:
                c_str, c_cmp = _comparable(c)
                if v_str != c_str or not v_cmp <= c_cmp:
                    res.append(Result(e.shapes[node], f, SH.LessThanOrEqualsConstraintComponent, v))

    return check


def _qualified(
    node: Node, nested: Shape, lo: int | None, hi: int | None
) -> Callable[[Engine, Node, set[Node], list[Result]], None]:
    def check(e: Engine, f: Node, values: set[Node], res: list[Result]) -> None:
        n = sum(1 for v in values if e.conforms(nested, v))
        if hi is not None and n > hi:
            res.append(Result(e.shapes[node], f, SH.QualifiedMaxCountConstraintComponent, None))
        if lo is not None and n < lo:
            res.append(Result(e.shapes[node], f, SH.QualifiedMinCountConstraintComponent, None))

    return check


# --- the SHACL-SPARQL part ---------------------------------------------------------------------------


def sparql_shapes(sg: Graph) -> set[Node]:
    """Shapes with a SHACL-SPARQL constraint or target: these are left to pySHACL."""
    return {s for p in _SPARQL_PARAMS for s in sg.subjects(p, None)}


def _query_predicates(text: str, prefixes: dict[str, str]) -> set[URIRef] | None:
    """Every constant IRI in a SPARQL query's triple patterns and paths, or None when a pattern has a
    variable predicate (then the query may read any triple)."""
    q = prepareQuery(text, initNs=prefixes)
    found: set[URIRef] = set()
    variable = False

    def walk(x: Any) -> None:
        nonlocal variable
        if isinstance(x, CompValue):
            for k, v in x.items():
                if k == "triples":
                    for t in v:
                        if isinstance(t[1], Variable):
                            variable = True
                        walk(t[1])
                else:
                    walk(v)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
        elif isinstance(x, URIRef):
            found.add(x)
        elif isinstance(x, paths.SequencePath | paths.AlternativePath):
            walk(x.args)
        elif isinstance(x, paths.MulPath):
            walk(x.path)
        elif isinstance(x, paths.InvPath):
            walk(x.arg)
        elif isinstance(x, paths.NegatedPath):
            variable = True  # !p reads every other predicate

    walk(q.algebra)
    return None if variable else found


def closure(sg: Graph, roots: Iterable[Node]) -> Graph:
    """The triples of *sg* reachable from *roots* (their constraints, targets, prefix declarations, lists
    and any shape they use): a shapes graph for pySHACL with nothing but the SPARQL shapes to parse."""
    out = Graph()
    todo = list(roots)
    seen: set[Node] = set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in sg.predicate_objects(n):
            out.add((n, p, o))
            todo.append(o)
    return out


def sparql_predicates(sg: Graph, shapes: set[Node]) -> set[URIRef] | None:
    """The predicates that the SPARQL of *shapes* can read (None: any), with rdf:type and subClassOf."""
    found: set[URIRef] = {RDF.type, RDFS.subClassOf}
    plain = {SH.targetClass, SH.targetNode, SH.severity, SH.message, SH.name, SH.description}
    for shape in shapes:
        for p in sg.predicates(shape):
            if str(p).startswith(str(SH)) and p not in _SPARQL_PARAMS | plain:
                return None  # a core constraint or another target on a SPARQL shape: the whole graph
        for holder in [*sg.objects(shape, SH.sparql), *sg.objects(shape, SH.target)]:
            texts = list(sg.objects(holder, SH.select))
            if len(texts) != 1 or any(
                str(p).startswith(str(SH)) and p not in _QUERY_PARAMS for p in sg.predicates(holder)
            ):
                return None  # sh:ask, a SPARQL target type with parameters, …: the whole graph
            prefixes: dict[str, str] = {}
            for decl_holder in sg.objects(holder, SH.prefixes):
                for decl in sg.objects(decl_holder, SH.declare):
                    prefixes[str(sg.value(decl, SH.prefix))] = str(sg.value(decl, SH.namespace))
            preds = _query_predicates(str(texts[0]), prefixes)
            if preds is None:
                return None
            found |= preds
    return found
