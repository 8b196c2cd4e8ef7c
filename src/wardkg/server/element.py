"""The page of one resource (``/id/…``): a plan element's parents, children, description, units, budget,
KPIs, SDG links with evidence and method, provenance and versions — and every asserted statement.

Why all sections come from one worker run: a page is eight small queries; running them in one process
keeps the page within one time limit and costs one store opening.

Why every query is DISTINCT: the store's default graph is the union of the named graphs, and pyoxigraph
does not merge a triple stated in two graphs (a ward's label in ontology/wards and dist/catalog, a unit in
two plans' files), so without DISTINCT such a statement would be listed twice.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from wardkg.query import ResultTable, term_text
from wardkg.server import html as h
from wardkg.server.i18n import t
from wardkg.server.sparqltext import PROLOGUE, labels
from wardkg.server.worker import Executor, SelectJob

ENTAILED = "https://w3id.org/wardkg/graph/entailed"

Q_HEAD = (
    PROLOGUE
    + f"""SELECT DISTINCT ?p ?o ?oJa ?oEn WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ENTAILED}>)
  {labels("o")}}} ORDER BY ?p ?o"""
)

Q_PARENTS = (
    PROLOGUE
    + f"""SELECT DISTINCT ?x ?n ?xJa ?xEn WHERE {{ ?s wk:hasParent ?x . OPTIONAL {{ ?x skos:notation ?n }}
  {labels("x")}}} ORDER BY ?x"""
)

Q_CHILDREN = (
    PROLOGUE
    + f"""SELECT DISTINCT ?x ?n ?xJa ?xEn ?ord WHERE {{ ?x wk:hasParent ?s .
  OPTIONAL {{ ?x skos:notation ?n }} OPTIONAL {{ ?x wk:order ?ord }}
  {labels("x")}}} ORDER BY ?ord ?x"""
)

Q_UNITS = (
    PROLOGUE
    + f"""SELECT DISTINCT ?u ?uJa ?uEn WHERE {{
  {{ ?s wk:responsibleUnit ?u }} UNION {{ ?s wk:hasContact ?c . ?c wk:contactUnit ?u }}
  {labels("u")}}} ORDER BY ?u"""
)
"""Responsible units, and the units named as contacts (Itabashi's budget items name a contact, not an owner)."""

Q_BUDGET = (
    PROLOGUE
    + f"""SELECT DISTINCT ?line ?fy ?fyJa ?fyEn ?amount ?written ?status ?statusJa ?statusEn WHERE {{
  ?line wk:budgetOf ?s ; wk:fiscalYear ?fy .
  OPTIONAL {{ ?line wk:amount ?amount }} OPTIONAL {{ ?line wk:amountAsWritten ?written }}
  OPTIONAL {{ ?line wk:budgetStatus ?status }}
  {labels("fy")}{labels("status")}}} ORDER BY ?fy"""
)

Q_KPI = (
    PROLOGUE
    + f"""SELECT DISTINCT ?k ?kJa ?kEn ?target ?baseline ?year ?yearJa ?yearEn WHERE {{
  ?k wk:indicatorOf ?s .
  OPTIONAL {{ ?k wk:targetText ?target }} OPTIONAL {{ ?k wk:baselineText ?baseline }}
  OPTIONAL {{ ?k wk:targetFiscalYear ?year }}
  {labels("k")}{labels("year")}}} ORDER BY ?k"""
)

Q_SDG = (
    PROLOGUE
    + """SELECT ?a ?body ?code ?bodyJa ?bodyEn ?method ?confidence ?verdict ?rank
  (GROUP_CONCAT(DISTINCT STR(?ev); separator=" / ") AS ?evidence)
  (GROUP_CONCAT(DISTINCT STR(?evf); separator=", ") AS ?fields) WHERE {
  ?a oa:hasTarget ?s ; oa:hasBody ?body . ?body skos:notation ?code .
  OPTIONAL { ?a wk:linkMethod ?m BIND(STRAFTER(STR(?m), "#") AS ?method) }
  OPTIONAL { ?a wk:confidence ?confidence } OPTIONAL { ?a wk:rank ?rank }
  OPTIONAL { ?a wk:reviewVerdict ?v BIND(STRAFTER(STR(?v), "#") AS ?verdict) }
  OPTIONAL { ?a wk:evidence ?ev } OPTIONAL { ?a wk:evidenceField ?evf }
  OPTIONAL { ?body skos:prefLabel ?bodyJa FILTER(LANG(?bodyJa) = "ja") }
  OPTIONAL { ?body skos:prefLabel ?bodyEn FILTER(LANG(?bodyEn) = "en") }
} GROUP BY ?a ?body ?code ?bodyJa ?bodyEn ?method ?confidence ?verdict ?rank
ORDER BY DESC(?confidence) ?code"""
)

Q_PROV = (
    PROLOGUE
    + """SELECT DISTINCT ?src ?titleJa ?titleEn ?span ?first ?last ?page ?path WHERE {
  ?s prov:wasDerivedFrom ?src .
  OPTIONAL { ?src dct:title ?titleJa FILTER(LANG(?titleJa) = "ja" || LANG(?titleJa) = "") }
  OPTIONAL { ?src dct:title ?titleEn FILTER(LANG(?titleEn) = "en") }
  OPTIONAL { ?src wk:localPath ?path }
  OPTIONAL { ?s wk:sourceSpan ?span } OPTIONAL { ?s wk:firstLine ?first } OPTIONAL { ?s wk:lastLine ?last }
  OPTIONAL { ?s wk:pageNumber ?page }
} ORDER BY ?src"""
)

Q_VERSIONS = (
    PROLOGUE
    + f"""SELECT DISTINCT ?dir ?other ?otherJa ?otherEn ?plan ?planJa ?planEn ?kind WHERE {{
  {{ ?v wk:newerElement ?s ; wk:olderElement ?other . BIND("older" AS ?dir) OPTIONAL {{ ?v wk:changeKind ?k }} }}
  UNION {{ ?v wk:olderElement ?s ; wk:newerElement ?other . BIND("newer" AS ?dir) OPTIONAL {{ ?v wk:changeKind ?k }} }}
  UNION {{ ?s prov:wasRevisionOf ?other . BIND("older" AS ?dir) }}
  UNION {{ ?other prov:wasRevisionOf ?s . BIND("newer" AS ?dir) }}
  BIND(STRAFTER(STR(?k), "#") AS ?kind)
  OPTIONAL {{ ?other wk:inPlan ?plan . {labels("plan")} }}
  {labels("other")}}} ORDER BY ?dir ?other"""
)

QUERIES = (Q_HEAD, Q_PARENTS, Q_CHILDREN, Q_UNITS, Q_BUDGET, Q_KPI, Q_SDG, Q_PROV, Q_VERSIONS)


def _label_of(head: ResultTable, lang: str) -> str:
    ja = en = None
    for p, o, _, _ in head.rows:
        if str(p) == "http://www.w3.org/2000/01/rdf-schema#label" and isinstance(o, Literal):
            if o.language == "ja" and ja is None:
                ja = o
            elif o.language == "en" and en is None:
                en = o
    return h.pick(lang, ja, en)


def _links(tab: ResultTable, var: str, lang: str, with_notation: bool = False) -> str:
    items = []
    for r in tab.dicts():
        label = h.pick(lang, r.get(var + "Ja"), r.get(var + "En"))
        n = term_text(r.get("n")) if with_notation else ""
        items.append(f"<li>{h.esc(n + ' ') if n else ''}{h.cell(r[var], label or None)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _section(key: str, lang: str, content: str, empty: bool, sid: str) -> str:
    inner = f'<p class="none">{h.esc(t("el.none", lang))}</p>' if empty else content
    return f'<section id="{sid}"><h2>{h.esc(t(key, lang))}</h2>{inner}</section>'


def element_page(ex: Executor, iri: str, lang: str) -> tuple[str, str] | None:
    """(title, body HTML) of the page for *iri*, or None when the store says nothing about it."""
    s = URIRef(iri)
    head, parents, children, units, budget, kpi, sdg, prov, versions = ex.tables(
        [SelectJob(q, {"s": s}) for q in QUERIES]
    )
    if not head.rows:
        return None
    title = _label_of(head, lang) or iri
    desc = [o for p, o, _, _ in head.rows if str(p) == "http://purl.org/dc/terms/description"]
    domains = [
        (o, h.pick(lang, oj, oe))
        for p, o, oj, oe in head.rows
        if str(p) == "https://w3id.org/wardkg/ontology#policyDomain"
    ]
    kinds = [o for p, o, _, _ in head.rows if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
    parts = [
        f'<p class="iri"><code>{h.esc(iri)}</code> · {h.esc(t("el.rdf", lang))}: '
        f'<a href="?format=ttl">Turtle</a> <a href="?format=jsonld">JSON-LD</a> <a href="?format=nt">N-Triples</a></p>',
        '<p class="kinds">'
        + " ".join(f'<span class="badge">{h.esc(str(k).rsplit("#", 1)[-1])}</span>' for k in kinds)
        + "</p>",
    ]
    if domains:
        parts.append(
            f"<p>{h.esc(t('el.domains', lang))}: "
            + "、".join(h.cell(d, label or None) for d, label in domains)
            + "</p>"
        )
    parts.append(
        _section("el.description", lang, "".join(f"<p>{h.esc(d)}</p>" for d in desc), not desc, "description")
    )
    parts.append(_section("el.parents", lang, _links(parents, "x", lang, True), not parents.rows, "parents"))
    parts.append(
        _section("el.children", lang, _links(children, "x", lang, True), not children.rows, "children")
    )
    parts.append(_section("el.units", lang, _links(units, "u", lang), not units.rows, "units"))
    brows = [
        (
            h.esc(h.pick(lang, r["fyJa"], r["fyEn"])),
            f'<span class="num">{h.esc(term_text(r["amount"]))}</span>',
            h.esc(term_text(r["written"])),
            h.esc(h.pick(lang, r["statusJa"], r["statusEn"])),
        )
        for r in budget.dicts()
    ]
    btable = h.table(
        [t("bud.fy", lang), t("bud.amount", lang), t("bud.written", lang), t("bud.status", lang)], brows
    )
    parts.append(_section("el.budget", lang, btable, not brows, "budget"))
    krows = [
        (
            h.cell(r["k"], h.pick(lang, r["kJa"], r["kEn"]) or None),
            h.esc(term_text(r["target"])),
            h.esc(term_text(r["baseline"])),
            h.esc(h.pick(lang, r["yearJa"], r["yearEn"])),
        )
        for r in kpi.dicts()
    ]
    ktable = h.table(
        [t("col.title", lang), t("kpi.target", lang), t("kpi.baseline", lang), t("kpi.year", lang)], krows
    )
    parts.append(_section("el.kpi", lang, ktable, not krows, "kpi"))
    srows = []
    for r in sdg.dicts():
        code = term_text(r["code"])
        goal = int(code.split(".")[0]) if code.split(".")[0].isdigit() else 0
        colour = h.SDG_COLOURS[goal - 1] if 1 <= goal <= 17 else "#999"
        label = h.pick(lang, r["bodyJa"], r["bodyEn"])
        srows.append(
            (
                f'<a class="sdg-chip" style="background:{colour}" href="{h.esc(h.href_for(str(r["body"])))}">{h.esc(code)}</a> '
                f"{h.esc(label)}",
                h.esc(term_text(r["method"])),
                h.esc(term_text(r["confidence"])),
                h.esc(term_text(r["evidence"]))
                + (f' <span class="tag">{h.esc(term_text(r["fields"]))}</span>' if r["fields"] else ""),
                h.esc(term_text(r["verdict"])),
            )
        )
    stable = h.table(
        [
            t("sdg.code", lang),
            t("sdg.method", lang),
            t("sdg.confidence", lang),
            t("sdg.evidence", lang),
            t("sdg.verdict", lang),
        ],
        srows,
        "sdg-links",
    )
    parts.append(_section("el.sdg", lang, stable, not srows, "sdg"))
    prows = [
        (
            h.cell(r["src"], h.pick(lang, r["titleJa"], r["titleEn"]) or None)
            + (f"<br><code>{h.esc(term_text(r['path']))}</code>" if r["path"] else ""),
            h.esc(
                term_text(r["span"])
                or "–".join(x for x in (term_text(r["first"]), term_text(r["last"])) if x)
            ),
            h.esc(term_text(r["page"])),
        )
        for r in prov.dicts()
    ]
    ptable = h.table([t("prov.source", lang), t("prov.lines", lang), t("prov.page", lang)], prows)
    parts.append(_section("el.provenance", lang, ptable, not prows, "provenance"))
    vrows = [
        (
            h.esc(t("ver." + term_text(r["dir"]), lang)),
            h.cell(r["other"], h.pick(lang, r["otherJa"], r["otherEn"]) or None),
            h.cell(r["plan"], h.pick(lang, r["planJa"], r["planEn"]) or None),
            h.esc(term_text(r["kind"])),
        )
        for r in versions.dicts()
    ]
    vtable = h.table(
        [t("ver.direction", lang), t("col.title", lang), t("col.plan", lang), t("ver.change", lang)], vrows
    )
    parts.append(_section("el.versions", lang, vtable, not vrows, "versions"))
    arows = [(h.cell(p), h.cell(o, h.pick(lang, oj, oe) or None)) for p, o, oj, oe in head.rows]
    parts.append(
        f'<details id="all"><summary>{h.esc(t("el.all", lang))} ({len(arows)})</summary>{h.table(["property", "value"], arows)}</details>'
    )
    return title, "".join(parts)


def describe_query(iri: str) -> str:
    """CONSTRUCT for an RDF client asking for *iri*: its own statements and those of its sub-nodes
    (budget lines, indicators, SDG annotations, version links), which have no page of their own to fetch."""
    return (
        PROLOGUE
        + f"""CONSTRUCT {{ ?x ?p ?o }} WHERE {{
  {{ BIND(<{iri}> AS ?x) }}
  UNION {{ ?x wk:budgetOf <{iri}> }} UNION {{ ?x wk:indicatorOf <{iri}> }}
  UNION {{ ?x oa:hasTarget <{iri}> }} UNION {{ ?x wk:newerElement <{iri}> }}
  GRAPH ?g {{ ?x ?p ?o }} FILTER(?g != <{ENTAILED}>)
}}"""
    )
