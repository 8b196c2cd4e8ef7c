"""Shared pieces of the Suginami builders: IRIs, entity slugs, stated counts, listings.

Why a project's IRI is a hash: 計画事業 and companion-plan items carry no number of their own, and the
same title is listed under several measures or lists (街路灯の整備 under measures 3, 6 and 9). One entity
per normalised title needs an IRI that depends only on that title, so it is
``…/project/<first 12 hex digits of sha1(match_key(title))>`` (match_key = NFKC, no white space,
lower-case Latin; jtext.match_key). Renumbering or reordering the lists never changes it; a change of
title does (and is a different entity by our identity rule). Near-duplicates (地域防犯対策の推進 /
防犯対策の推進) have different keys and stay apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from wardkg.errors import SourceFormatError
from wardkg.ingest.common import Span, add_provenance, integer, ja, lines
from wardkg.ingest.suginami_records import StatedCount
from wardkg.jtext import match_key
from wardkg.namespaces import WK, element_iri
from wardkg.sources import SourceDoc

SLUG_LENGTH = 12


def title_slug(title: str) -> str:
    """The stable slug of an entity identified by its normalised title (see the module docstring)."""
    return hashlib.sha1(match_key(title).encode("utf-8")).hexdigest()[:SLUG_LENGTH]


class SlugRegistry:
    """Mints title-slug IRIs under *owner* and refuses two different keys that share a slug."""

    def __init__(self, owner: URIRef, segment: str, path: str) -> None:
        self.owner = owner
        self.segment = segment
        self.path = path
        self._keys: dict[str, str] = {}

    def iri(self, title: str, line: int) -> URIRef:
        key = match_key(title)
        slug = title_slug(title)
        other = self._keys.setdefault(slug, key)
        if other != key:  # a 48-bit collision: refuse rather than merge two entities
            raise SourceFormatError(self.path, line, f"a title whose slug differs from {other!r}'s", title)
        return element_iri(self.owner, self.segment, slug)


COUNTED_CLASS: dict[str, URIRef] = {
    "分野": WK.Field,
    "施策": WK.Measure,
    "計画事業": WK.Project,
    "重点計画事業": WK.Project,
    "方針": WK.BasicPolicy,
    "事業": WK.ProgramItem,
}
"""What a stated count counts (wk:countedClass)."""

COUNTED_FLAG: dict[str, URIRef] = {"重点計画事業": WK.isPriority}
"""Counts restricted to elements carrying a flag (wk:countedFlag)."""

_KIND_ALIASES = {"施策数": "施策"}


def add_stated_counts(g: Graph, doc: SourceDoc, plan: URIRef, counts: Sequence[StatedCount]) -> None:
    """wk:statedCount nodes ``<plan>/count/<kind>``: what the document says it contains.

    The same kind stated twice with the same value (29 施策 in lines 64 and 333) is one node with two
    spans; a different value gets its own node ``<plan>/count/<kind>/2`` so that the disagreement shows.
    """
    by_kind: dict[str, list[tuple[int, list[StatedCount]]]] = {}
    for c in counts:
        kind = _KIND_ALIASES.get(c.kind, c.kind)
        groups = by_kind.setdefault(kind, [])
        for value, members in groups:
            if value == c.value:
                members.append(c)
                break
        else:
            groups.append((c.value, [c]))
    for kind, groups in by_kind.items():
        for i, (value, members) in enumerate(groups, start=1):
            node = element_iri(plan, "count", kind) if i == 1 else element_iri(plan, "count", kind, i)
            g.add((plan, WK.statedCount, node))
            g.add((node, RDF.type, WK.StatedCount))
            g.add((node, RDFS.label, ja(f"{kind} {value}（記載値）")))
            g.add((node, WK.countedKind, ja(kind)))
            g.add((node, WK.countValue, integer(value)))
            g.add((node, WK.countedClass, COUNTED_CLASS[kind]))
            if kind in COUNTED_FLAG:
                g.add((node, WK.countedFlag, COUNTED_FLAG[kind]))
            for m in members:
                g.add((node, WK.countAsWritten, Literal(m.as_written)))
            add_provenance(g, node, doc, [lines(m.line) for m in members])


def add_listing(
    g: Graph,
    doc: SourceDoc,
    container: URIRef,
    order: int,
    item: URIRef,
    as_written: str,
    line: int,
) -> URIRef:
    """One occurrence of an item in a list: ``<container>/listing/<order>`` (wk:Listing)."""
    node = element_iri(container, "listing", order)
    g.add((node, RDF.type, WK.Listing))
    g.add((node, WK.listedItem, item))
    g.add((node, WK.listedIn, container))
    g.add((node, WK.order, integer(order)))
    g.add((node, WK.titleAsWritten, Literal(as_written)))
    add_provenance(g, node, doc, [lines(line)])
    g.add((item, WK.hasParent, container))
    return node


def spans_of(*line_numbers: int) -> list[Span]:
    """One span from the smallest to the largest line number given."""
    return [lines(min(line_numbers), max(line_numbers))]
