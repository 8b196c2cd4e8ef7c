"""The shape profile of a wardkg data graph: what "shaped like the real graph" means, measured.

Why a profile: the generator claims its municipalities look like the real wards, and the claim is only
worth something if it is measured the same way on both. :func:`measure` computes, from the data graph
(``data/<ward>/*.ttl`` with the SDG links, without the ontology and vocabularies):

* the class distribution (share of each asserted ``rdf:type`` among typed nodes) and the property
  distribution (share of each predicate among all triples);
* plan elements (nodes with ``wk:inPlan`` or ``wk:hasParent``), the depth of their ``wk:hasParent``
  hierarchy (a top-level element has depth 1);
* the length of Japanese labels (``rdfs:label`` @ja, in characters);
* per element: responsible units, SDG links (``oa:Annotation`` with ``oa:hasTarget`` the element),
  budget lines (``wk:budgetOf``) and KPIs (``wk:indicatorOf``).

:func:`compare` states the differences against stated tolerances; the tests and the generator's own
output use it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from wardkg.namespaces import OA, WK, bind_prefixes

_NS = bind_prefixes(Graph()).namespace_manager


def _compact(term: URIRef) -> str:
    return str(_NS.normalizeUri(term))


@dataclass
class Profile:
    """Measured shape statistics of a data graph (see the module docstring)."""

    municipalities: int
    triples: int
    triples_per_municipality: float
    elements: int
    elements_per_municipality: float
    class_share: dict[str, float] = field(default_factory=dict)
    property_share: dict[str, float] = field(default_factory=dict)
    depth: dict[str, float] = field(default_factory=dict)
    label_length_ja: dict[str, float] = field(default_factory=dict)
    per_element: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _quantiles(values: list[int]) -> dict[str, float]:
    if not values:
        return {"n": 0, "mean": 0.0, "median": 0.0, "p90": 0.0, "max": 0.0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "mean": round(statistics.fmean(ordered), 3),
        "median": float(statistics.median(ordered)),
        "p90": float(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]),
        "max": float(ordered[-1]),
    }


def _shares(counter: Counter[str]) -> dict[str, float]:
    total = sum(counter.values()) or 1
    return {k: round(v / total, 5) for k, v in sorted(counter.items())}


def measure(g: Graph, municipalities: int) -> Profile:
    """The profile of data graph *g* holding *municipalities* municipalities' data."""
    classes: Counter[str] = Counter(_compact(o) for o in g.objects(None, RDF.type) if isinstance(o, URIRef))
    props: Counter[str] = Counter(_compact(p) for p in g.predicates(None, None, unique=False))  # type: ignore[arg-type]
    parent: dict[URIRef, URIRef] = {}
    for s, o in g.subject_objects(WK.hasParent):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            parent.setdefault(s, o)
    elements = {s for s in g.subjects(WK.inPlan, None) if isinstance(s, URIRef)} | set(parent)

    def depth(node: URIRef) -> int:
        d, seen = 1, {node}
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
            d += 1
        return d

    depths = [depth(e) for e in elements]
    labels = [
        len(str(o)) for o in g.objects(None, RDFS.label) if isinstance(o, Literal) and o.language == "ja"
    ]
    n = len(elements) or 1

    def per_element(pred: URIRef, reverse: bool) -> float:
        if reverse:  # pred points from the sub-node to the element
            return round(sum(1 for _s, o in g.subject_objects(pred) if o in elements) / n, 4)
        return round(sum(1 for s, _o in g.subject_objects(pred) if s in elements) / n, 4)

    sdg_targets = Counter(o for o in g.objects(None, OA.hasTarget) if o in elements)
    per = {
        "units": per_element(WK.responsibleUnit, reverse=False),
        "sdg_links": round(sum(sdg_targets.values()) / n, 4),
        "with_sdg_link": round(len(sdg_targets) / n, 4),
        "budget_lines": per_element(WK.budgetOf, reverse=True),
        "kpis": per_element(WK.indicatorOf, reverse=True),
        "policy_domains": per_element(WK.policyDomain, reverse=False),
    }
    m = max(municipalities, 1)
    return Profile(
        municipalities=municipalities,
        triples=len(g),
        triples_per_municipality=round(len(g) / m, 1),
        elements=len(elements),
        elements_per_municipality=round(len(elements) / m, 1),
        class_share=_shares(classes),
        property_share=_shares(props),
        depth={k: v for k, v in _quantiles(depths).items() if k != "n"},
        label_length_ja=_quantiles(labels),
        per_element=per,
    )


TOLERANCES: dict[str, float] = {
    "share": 0.02,
    "relative": 0.15,
}
"""Stated tolerances: class and property shares within 0.02 (absolute, as a fraction of all typed nodes /
triples); every per-municipality count, per-element ratio, depth and label-length statistic within 15 %
(relative). Synthetic municipalities are whole resampled wards, so a sample of a few of them can differ from
the three-ward average by the mix of templates; at a multiple of three they match closely."""


def _rel(a: float, b: float) -> float:
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def compare(real: Profile, synthetic: Profile, tol: dict[str, float] = TOLERANCES) -> list[str]:
    """The differences between two profiles that exceed *tol*, as readable lines (empty = within tolerance)."""
    out: list[str] = []
    for name in ("class_share", "property_share"):
        a: dict[str, float] = getattr(real, name)
        b: dict[str, float] = getattr(synthetic, name)
        for key in sorted(set(a) | set(b)):
            d = abs(a.get(key, 0.0) - b.get(key, 0.0))
            if d > tol["share"]:
                out.append(f"{name}[{key}]: real {a.get(key, 0.0)} vs synthetic {b.get(key, 0.0)}")
    pairs: Iterable[tuple[str, float, float]] = [
        ("triples_per_municipality", real.triples_per_municipality, synthetic.triples_per_municipality),
        ("elements_per_municipality", real.elements_per_municipality, synthetic.elements_per_municipality),
        *((f"depth.{k}", v, synthetic.depth.get(k, 0.0)) for k, v in real.depth.items()),
        *(
            (f"label_length_ja.{k}", v, synthetic.label_length_ja.get(k, 0.0))
            for k, v in real.label_length_ja.items()
            if k != "n"
        ),
        *((f"per_element.{k}", v, synthetic.per_element.get(k, 0.0)) for k, v in real.per_element.items()),
    ]
    for key, x, y in pairs:
        if _rel(x, y) > tol["relative"]:
            out.append(f"{key}: real {x} vs synthetic {y}")
    return out
