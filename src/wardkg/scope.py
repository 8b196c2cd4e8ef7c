"""Per-ward datasets: which named graphs a query restricted to one ward needs.

Why: a stored query run with ``ward=13120`` only looks at that ward's resources, but an engine that
evaluates a sub-SELECT or a UNION on the union of all graphs first does work proportional to the whole
country (bench/reports/default-run.md: budget-by-plan@ward and stated-vs-listed@ward grew with the number
of municipalities). Giving the engine only the ward's graphs as its default graph makes that work
proportional to one ward, whatever the store holds.

The graph layout (src/wardkg/store.py, bench/wardbench/generate.py ``dataset()``, docs/MODEL.md):

* ``graph/data/<code>/<source>`` — one per input file of ward *code* (its ``.sdg`` links included);
* ``graph/entailed/<code>`` — the materialised entailments about ward *code*'s resources;
* everything else — ``graph/ontology/*``, ``graph/entailed`` (entailments about no ward's resources),
  ``graph/dist/catalog`` — belongs to no ward and is part of every ward's dataset.

A ward's dataset is therefore the graphs of no ward plus the ward's own. This module is pure (no store,
no pyoxigraph), so the runner, the embedded engine and the remote client share one definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import URIRef

from wardkg.namespaces import GRAPH, ID

ENTAILED_GRAPH = GRAPH["entailed"]
"""Entailments whose subject (and object) is no ward's resource (ontology-level ones)."""

_WARD_RESOURCE = re.compile(re.escape(str(ID)) + r"([0-9]+)(?:/|$)")
_WARD = re.compile(re.escape(str(ID)) + r"([0-9]+)")
_WARD_GRAPH = re.compile(re.escape(str(GRAPH)) + r"(?:data/([0-9]+)/.|entailed/([0-9]+)$)")


def resource_ward(iri: object) -> str | None:
    """The code of the ward *iri* belongs to: the ward itself (``…/id/13120``) or anything under it
    (``…/id/13120/plan/…``); None for every other term (ontology, SDGs, fiscal years, literals)."""
    if not isinstance(iri, URIRef):
        return None
    m = _WARD_RESOURCE.match(str(iri))
    return m.group(1) if m else None


def entailed_graph(code: str | None) -> URIRef:
    """``graph/entailed/<code>`` for a ward's entailments; ``graph/entailed`` for those of no ward."""
    return ENTAILED_GRAPH if code is None else URIRef(f"{ENTAILED_GRAPH}/{code}")


def triple_ward(subject: object, obj: object) -> str | None:
    """The ward an (entailed) triple is filed under: its subject's ward, else its object's ward.

    The object counts when the subject is no ward's resource, as in the bench generator's split (an
    entailment pointing from a shared term to a ward's resource is only of use to that ward). The
    materialised properties never link two wards' resources (bench/wardbench/generate.py asserts it).
    """
    return resource_ward(subject) or resource_ward(obj)


def graph_ward(name: str) -> str | None:
    """The ward a named graph belongs to (``graph/data/<code>/…``, ``graph/entailed/<code>``), else None."""
    m = _WARD_GRAPH.match(str(name))
    if not m:
        return None
    return m.group(1) or m.group(2)


def ward_graphs(names: Iterable[str], code: str) -> list[str]:
    """The graphs among *names* that make up ward *code*'s dataset, sorted: every graph that belongs to
    no ward, and the ward's data and entailed graphs. A code with no graphs of its own gets the shared
    graphs only (which is all a query about it could match)."""
    return sorted({str(n) for n in names if graph_ward(str(n)) in (None, code)})


def ward_code(term: object) -> str | None:
    """The code of a ward IRI (``…/id/13120``) as the ``ward`` parameter binds it; None for anything else
    (an IRI that is not a ward's cannot be mapped to graphs, so such a query runs on the whole dataset)."""
    if not isinstance(term, URIRef):
        return None
    m = _WARD.fullmatch(str(term))
    return m.group(1) if m else None
