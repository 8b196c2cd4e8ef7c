"""RDF in, SDG Web Annotations out: the linker the build calls for each source graph.

``link_graph(source_graph, context)`` reads every plan element that states an action or aim
(:data:`ELEMENT_CLASSES`), scores it (:mod:`wardkg.sdg.scorer`) and writes, per docs/MODEL.md "SDG links":

* one ``oa:Annotation`` per proposed goal and per proposed target, IRI ``<element>/sdg/<code>``, with
  ``oa:hasTarget`` (the element), ``oa:hasBody`` (the UN goal/target IRI), ``oa:motivatedBy oa:classifying``,
  ``wk:linkMethod`` (wk:LexiconMatch when the element's own text matched, wk:InheritedFromParent when only
  a parent's title did, wk:StatedBySource when the source itself states the SDG), ``wk:confidence``,
  ``wk:evidence`` ("title: 待機児童 → 4.2 ×0.90"), ``wk:evidenceField``, ``wk:rank`` (goals 1..3 and
  targets 1..n, primary first), ``dct:creator`` / ``as:generator`` → the linker version, and
  ``wk:reviewVerdict wk:Unreviewed``;
* ``<element> wk:contributesTo <goal>, <target>`` for links whose confidence is at least
  :data:`~wardkg.sdg.scorer.ACCEPT_THRESHOLD` (the accepted-link shortcut plain SPARQL queries use);
* ``<element> wk:sdgProposalCount n`` for every element considered (0 = nothing proposed), so that the
  reverse view ("elements with no link") and the review step know which elements this graph covers.

Source statements: an element or plan that names specific goals (``SDGs目標13``, ``ゴール13``) or that the
parser linked to goals itself gets wk:StatedBySource links at confidence 1. A statement about the SDGs as a
whole (Itabashi's 「SDGs(持続可能な開発目標)戦略」, Suginami's list of all 17 goals) names no goal: it is
recorded as 17 wk:StatedBySource annotations at confidence 1/17 — the statement, spread evenly, never
enough to be accepted — so the document's own claim is visible without spraying accepted goals.

Deterministic: elements are visited in IRI order and every number is rounded to three decimals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from wardkg import __version__
from wardkg.jtext import nfkc
from wardkg.namespaces import AS, ID, OA, SDG, WK, bind_prefixes, sdg_iri
from wardkg.sdg.lexicon import Lexicon, load_lexicon
from wardkg.sdg.scorer import ACCEPT_THRESHOLD, ElementText, GoalScore, Hit, score

LINKER_NAME = "sdg-linker"
ELEMENT_CLASSES: tuple[URIRef, ...] = (
    WK.Initiative,
    WK.SubInitiative,
    WK.Project,
    WK.ProgramItem,
    WK.BudgetItem,
    WK.Measure,
    WK.StrategicPlan,
    WK.KeyGoal,
    WK.Challenge,
    WK.ManagementPolicyStatement,
    WK.Strategy,
    WK.Pillar,
    WK.Field,
    WK.PolicyGroup,
    WK.SubGroup,
    WK.BasicPolicy,
)
"""Element classes that state an action or aim. Not linked: plan sections (令和4・5年度の取組), department
chapters (a unit, not an aim), visions and future images (they restate a field's aim in prose)."""

_SKIP_PARENT_CLASSES = frozenset({WK.PlanSection})
_NUMBERED = re.compile(r"(?:sdgs?\s*の?\s*(?:目標|ゴール)|ゴール)\s*(1[0-7]|[1-9])(?![0-9.])")
_AGENDA = re.compile(r"sdgs|持続可能な開発目標")
ALL_GOALS: tuple[str, ...] = tuple(str(i) for i in range(1, 18))


def linker_version(lexicon: Lexicon) -> str:
    """wardkg's version plus the lexicon's content hash: a changed lexicon is a changed generator."""
    return f"{__version__}+lex.{lexicon.sha256[:12]}"


def generator_iri(lexicon: Lexicon) -> URIRef:
    return ID[f"generator/{LINKER_NAME}/{linker_version(lexicon)}"]


def _dec(x: float) -> Literal:
    return Literal(f"{min(max(x, 0.0), 1.0):.3f}", datatype=XSD.decimal)


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@dataclass(frozen=True)
class Link:
    """One proposed link, ready to be written (goal or target)."""

    element: URIRef
    code: str
    method: URIRef
    confidence: float
    evidence: tuple[str, ...]
    fields: tuple[str, ...]
    rank: int | None


def _ja_values(g: Graph, s: URIRef, p: URIRef) -> list[str]:
    vals = [o for o in g.objects(s, p) if isinstance(o, Literal)]
    ja = sorted(str(o) for o in vals if o.language == "ja")
    return ja or sorted(str(o) for o in vals if o.language is None)


def title_of(g: Graph, node: URIRef) -> str:
    """The element's Japanese title (rdfs:label@ja; wk:normalizedTitle as a fallback)."""
    for p in (RDFS.label, WK.normalizedTitle, DCTERMS.title):
        vals = _ja_values(g, node, p)
        if vals:
            return vals[0]
    return ""


def descriptions_of(g: Graph, node: URIRef) -> list[str]:
    """dct:description@ja plus bullet texts (wk:bullet / rdf:value) in order."""
    out = _ja_values(g, node, DCTERMS.description)
    bullets = sorted(
        (b for b in g.objects(node, WK.bullet) if isinstance(b, URIRef)),
        key=lambda b: (int(str(g.value(b, WK.order) or 0)), str(b)),
    )
    for b in bullets:
        out += _ja_values(g, b, RDF.value)
    return out


def parents_of(g: Graph, node: URIRef) -> list[URIRef]:
    """Direct parents, skipping section headings (令和4・5年度の取組) whose title carries no topic."""
    out: list[URIRef] = []
    for p in sorted(o for o in g.objects(node, WK.hasParent) if isinstance(o, URIRef)):
        if set(g.objects(p, RDF.type)) & _SKIP_PARENT_CLASSES:
            out += parents_of(g, p)
        else:
            out.append(p)
    return out


def ancestors_of(g: Graph, node: URIRef) -> list[URIRef]:
    seen: list[URIRef] = []
    todo = [o for o in g.objects(node, WK.hasParent) if isinstance(o, URIRef)]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.append(n)
        todo += [o for o in g.objects(n, WK.hasParent) if isinstance(o, URIRef)]
    return sorted(seen)


def elements_of(g: Graph) -> list[URIRef]:
    """Every subject typed with one of :data:`ELEMENT_CLASSES`, in IRI order."""
    found: set[URIRef] = set()
    for cls in ELEMENT_CLASSES:
        found.update(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))
    return sorted(found)


def element_text(g: Graph, node: URIRef) -> ElementText:
    return ElementText(
        title=title_of(g, node),
        descriptions=tuple(descriptions_of(g, node)),
        parent_titles=tuple(t for t in (title_of(g, p) for p in parents_of(g, node)) if t),
    )


def _evidence(h: Hit) -> str:
    return f"{h.field}: {h.surface} → {h.entry.term} ({h.entry.code} ×{h.entry.weight:.2f})"


def _links_from_scores(element: URIRef, goals: list[GoalScore]) -> list[Link]:
    links: list[Link] = []
    trank = 0
    for grank, gs in enumerate(goals, start=1):
        method = WK.LexiconMatch if gs.own_evidence else WK.InheritedFromParent
        links.append(
            Link(
                element,
                gs.goal,
                method,
                gs.confidence,
                tuple(_evidence(h) for h in gs.hits),
                tuple(sorted({h.field for h in gs.hits})),
                grank,
            )
        )
        for ts in gs.targets:
            trank += 1
            own = any(h.field != "parent title" for h in ts.hits)
            links.append(
                Link(
                    element,
                    ts.code,
                    WK.LexiconMatch if own else WK.InheritedFromParent,
                    ts.confidence,
                    tuple(_evidence(h) for h in ts.hits),
                    tuple(sorted({h.field for h in ts.hits})),
                    trank,
                )
            )
    return links


def stated_links(g: Graph, node: URIRef, text: ElementText) -> list[Link]:
    """Links the source itself states: goal numbers in the text, goals the parser attached, the agenda."""
    codes: dict[str, tuple[str, str]] = {}
    for field, t in [("title", text.title), *(("description", d) for d in text.descriptions)]:
        norm = nfkc(t).lower()
        for m in _NUMBERED.finditer(norm):
            codes.setdefault(m.group(1), (field, m.group(0)))
    for p, o in sorted(g.predicate_objects(node)):
        if p in (WK.contributesTo, OA.hasBody) or not isinstance(o, URIRef):
            continue
        code = str(o)[len(str(SDG)) :] if str(o).startswith(str(SDG)) else ""
        if code in ALL_GOALS:
            codes.setdefault(code, ("source graph", f"{g.qname(str(p))} {code}"))
    if set(codes) == set(ALL_GOALS):
        return _agenda_links(node, "source graph", "the source lists all 17 goals")
    if codes:
        return [
            Link(node, c, WK.StatedBySource, 1.0, (f"{f}: {phrase}",), (f,), None)
            for c, (f, phrase) in sorted(codes.items(), key=lambda kv: int(kv[0]))
        ]
    if _AGENDA.search(nfkc(text.title).lower()):
        return _agenda_links(node, "title", text.title)
    return []


def _agenda_links(node: URIRef, field: str, phrase: str) -> list[Link]:
    share = 1.0 / len(ALL_GOALS)
    ev = (f"{field}: {phrase} (the SDGs as a whole; no goal named)",)
    return [Link(node, c, WK.StatedBySource, share, ev, (field,), None) for c in ALL_GOALS]


def _write(out: Graph, link: Link, generator: URIRef) -> None:
    ann = URIRef(f"{link.element}/sdg/{link.code}")
    out.add((ann, RDF.type, OA.Annotation))
    out.add((ann, OA.hasTarget, link.element))
    out.add((ann, OA.hasBody, sdg_iri(link.code)))
    out.add((ann, OA.motivatedBy, OA.classifying))
    out.add((ann, WK.linkMethod, link.method))
    out.add((ann, WK.confidence, _dec(link.confidence)))
    for e in link.evidence:
        out.add((ann, WK.evidence, Literal(e, lang="ja")))
    for f in link.fields:
        out.add((ann, WK.evidenceField, Literal(f)))
    if link.rank is not None:
        out.add((ann, WK.rank, _int(link.rank)))
    out.add((ann, DCTERMS.creator, generator))
    out.add((ann, AS.generator, generator))
    out.add((ann, WK.reviewVerdict, WK.Unreviewed))
    if link.confidence >= ACCEPT_THRESHOLD and round(link.confidence, 3) >= ACCEPT_THRESHOLD:
        out.add((link.element, WK.contributesTo, sdg_iri(link.code)))


def add_generator(out: Graph, lexicon: Lexicon) -> URIRef:
    gen = generator_iri(lexicon)
    out.add((gen, RDF.type, PROV.SoftwareAgent))
    out.add((gen, RDFS.label, Literal("wardkg SDGリンカー", lang="ja")))
    out.add((gen, RDFS.label, Literal("wardkg SDG linker", lang="en")))
    out.add((gen, OWL.versionInfo, Literal(linker_version(lexicon))))
    out.add((gen, WK.lexiconSha256, Literal(lexicon.sha256)))
    return gen


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()


def propose(g: Graph, node: URIRef, lexicon: Lexicon) -> list[Link]:
    """All links for one element: source statements first, then the lexicon's proposals."""
    text = element_text(g, node)
    stated = stated_links(g, node, text)
    scored = _links_from_scores(node, score(lexicon, text))
    # A specific statement (confidence 1) beats the lexicon for its goal; the lexicon beats the spread-out
    # "SDGs as a whole" statement (1/17) for the goals it finds. One annotation per (element, code).
    specific = {lk.code for lk in stated if lk.confidence >= ACCEPT_THRESHOLD}
    scored = [lk for lk in scored if lk.code not in specific]
    found = {lk.code for lk in scored}
    return [lk for lk in stated if lk.code not in found] + scored


def link_graph(source_graph: Graph, context: Graph | None = None, lexicon: Lexicon | None = None) -> Graph:
    """The SDG annotation graph for every element of *source_graph* (see the module docstring).

    *context* supplies what the source graph refers to but does not hold (a parent element in another
    source, the plan); it is read, never copied into the output.
    """
    lex = lexicon or default_lexicon()
    g = source_graph if context is None else _union(source_graph, context)
    out = bind_prefixes(Graph())
    gen = add_generator(out, lex)
    for node in elements_of(source_graph):
        links = propose(g, node, lex)
        for lk in links:
            _write(out, lk, gen)
        n_goals = len({lk.code for lk in links if "." not in lk.code and lk.rank is not None})
        out.add((node, WK.sdgProposalCount, _int(n_goals)))
    for plan in sorted(s for s in source_graph.subjects(WK.issuedBy, None) if isinstance(s, URIRef)):
        for lk in stated_links(g, plan, ElementText(title_of(g, plan))):
            _write(out, lk, gen)
    return out


def _union(a: Graph, b: Graph) -> Graph:
    u = Graph()
    for t in a:
        u.add(t)
    for t in b:
        u.add(t)
    return u


def accepted_codes(links: Graph, element: URIRef) -> list[str]:
    """The goal and target codes *element* wk:contributesTo in *links* (sorted)."""
    base = str(SDG)
    return sorted(
        str(o)[len(base) :] for o in links.objects(element, WK.contributesTo) if str(o).startswith(base)
    )


def iter_annotations(links: Graph, element: URIRef) -> Iterable[URIRef]:
    return sorted(a for a in links.subjects(OA.hasTarget, element) if isinstance(a, URIRef))
