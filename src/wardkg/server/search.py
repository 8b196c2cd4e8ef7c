"""The search page: plan elements filtered by keyword, ward, plan, policy domain, SDG, unit and fiscal year.

Why a query built here and not a stored query: each filter adds a pattern only when it is used (an unused
filter must not restrict anything), and the combinations are too many for files. Values still never enter
the text: each is turned into an RDF term by the query runner's own parameter types
(:func:`wardkg.query.coerce_param`) and bound through the engine's VALUES block.

The keyword filter stands outside the UNION of the matched fields: a FILTER inside a UNION branch cannot
see the VALUES-bound ``?q`` (SPARQL evaluates the branch on its own), and would match nothing.

The SDG filter uses the same rule as the coverage heat map (a link counts unless it was rejected; a goal
also finds elements linked to its targets), so a heat-map cell and the list it opens agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from rdflib import URIRef

from wardkg.errors import InputError
from wardkg.query import Param, ResultTable, Term, coerce_param, term_text
from wardkg.server import html as h
from wardkg.server.i18n import t
from wardkg.server.sparqltext import PROLOGUE, labels
from wardkg.server.worker import Executor, SelectJob

PAGE_SIZE = 500
FILTERS: dict[str, Param] = {
    "q": Param("q", "text", "any", "keyword"),
    "ward": Param("ward", "ward", "any", "ward code"),
    "plan": Param("plan", "iri", "any", "plan IRI"),
    "domain": Param("domain", "iri", "any", "policy domain IRI or slug"),
    "sdg": Param("sdg", "sdg", "any", "SDG goal or target code"),
    "unit": Param("unitText", "string", "any", "part of a unit's name"),
    "fy": Param("fy", "fy", "any", "fiscal year"),
}
"""The URL parameters of /search and the runner parameter type each is bound as."""

PATTERNS: dict[str, str] = {
    "q": """
  { ?element wk:normalizedTitle ?text } UNION { ?element rdfs:label ?text } UNION { ?element dct:description ?text }
  FILTER(CONTAINS(LCASE(REPLACE(STR(?text), "[\\\\s\\u3000]+", "")), STR(?q)))""",
    "plan": "",  # ?plan is bound and joined with wk:inPlan below
    "ward": "",  # ?ward likewise with wk:municipality
    "domain": "\n  ?element wk:policyDomain ?domain .",
    "sdg": """
  ?ann oa:hasTarget ?element ; oa:hasBody ?body .
  ?body skos:broader? ?sdg .
  FILTER NOT EXISTS { ?ann wk:reviewVerdict wk:Rejected }""",
    "unit": """
  ?element wk:responsibleUnit ?u .
  ?u org:subOrganizationOf* ?uu .
  ?uu rdfs:label ?unitName FILTER(CONTAINS(STR(?unitName), STR(?unitText)))""",
    "fy": """
  { ?element wk:inPlan ?fyPlan . ?fyPlan wk:coversFiscalYear ?fy }
  UNION { ?fyLine wk:budgetOf ?element ; wk:fiscalYear ?fy }""",
}


@dataclass(frozen=True)
class Options:
    """What the filter menus offer, read once from the store (it does not change while serving)."""

    wards: ResultTable
    plans: ResultTable
    domains: ResultTable
    sdgs: ResultTable
    years: ResultTable
    units: ResultTable


OPTION_QUERIES = (
    PROLOGUE + "SELECT DISTINCT ?ward ?code ?wardJa ?wardEn WHERE { ?p a wk:Plan ; wk:issuedBy ?ward . "
    "OPTIONAL { ?ward dct:identifier ?code } " + labels("ward") + "} ORDER BY ?ward",
    PROLOGUE
    + "SELECT ?plan ?ward (SAMPLE(?pj) AS ?planJa) (SAMPLE(?pe) AS ?planEn) WHERE { ?plan a wk:Plan ; "
    "wk:issuedBy ?ward . OPTIONAL { ?plan rdfs:label ?pj FILTER(LANG(?pj) = 'ja') } "
    "OPTIONAL { ?plan rdfs:label ?pe FILTER(LANG(?pe) = 'en') } } GROUP BY ?plan ?ward ORDER BY ?ward ?plan",
    PROLOGUE + "SELECT ?domain ?order ?domainJa ?domainEn WHERE { ?domain skos:inScheme wkid:domain . "
    "OPTIONAL { ?domain wk:order ?order } " + labels("domain", prop="skos:prefLabel") + "} ORDER BY ?order",
    PROLOGUE + "SELECT ?sdg ?code ?goal ?sdgJa ?sdgEn WHERE { { ?sdg a sdgo:Goal BIND(?sdg AS ?goal) } UNION "
    "{ ?sdg a sdgo:Target ; skos:broader ?goal } ?sdg skos:notation ?code . ?goal skos:notation ?gc . "
    "OPTIONAL { ?sdg skos:altLabel ?sdgJa FILTER(LANG(?sdgJa) = 'ja') } "
    "OPTIONAL { ?sdg skos:altLabel ?sdgEn FILTER(LANG(?sdgEn) = 'en') } "
    "} ORDER BY xsd:integer(?gc) (?goal != ?sdg) STRLEN(?code) ?code",
    PROLOGUE
    + "SELECT DISTINCT ?fy ?year ?fyJa ?fyEn WHERE { { ?x wk:coversFiscalYear ?fy } UNION { ?l a wk:BudgetLine ; "
    "wk:fiscalYear ?fy } ?fy wk:gregorianYear ?year . " + labels("fy") + "} ORDER BY ?year",
    PROLOGUE
    + "SELECT DISTINCT ?name WHERE { ?e wk:responsibleUnit ?u . ?u rdfs:label ?name FILTER(LANG(?name) = 'ja') } "
    "ORDER BY ?name",
)


def load_options(ex: Executor) -> Options:
    return Options(*ex.tables([SelectJob(q) for q in OPTION_QUERIES]))


def build_query(given: Mapping[str, str]) -> tuple[str, dict[str, Term]]:
    """The search query for the non-empty filters in *given*, and their bound values."""
    bindings: dict[str, Term] = {}
    parts: list[str] = []
    for key, param in FILTERS.items():
        value = given.get(key, "").strip()
        if not value:
            continue
        if key == "domain" and ":" not in value:
            value = "domain:" + value
        term = coerce_param(param, value)
        if key == "q" and not str(term):
            continue
        bindings[param.name] = term
        parts.append(PATTERNS[key])
    if not bindings:
        raise InputError("no search criterion")
    text = (
        PROLOGUE
        + "SELECT ?element ?ward (SAMPLE(?wj) AS ?wardJa) (SAMPLE(?we) AS ?wardEn) (SAMPLE(?pl) AS ?plan)"
        " (SAMPLE(?pj) AS ?planJa) (SAMPLE(?pe) AS ?planEn) (SAMPLE(?n) AS ?notation)"
        " (SAMPLE(?lj) AS ?titleJa) (SAMPLE(?le) AS ?titleEn)\nWHERE {"
        + "".join(parts)
        + """
  ?element a wk:PlanElement ; wk:inPlan ?plan ; wk:municipality ?ward .
  BIND(?plan AS ?pl)
  OPTIONAL { ?ward rdfs:label ?wj FILTER(LANG(?wj) = "ja") }
  OPTIONAL { ?ward rdfs:label ?we FILTER(LANG(?we) = "en") }
  OPTIONAL { ?plan rdfs:label ?pj FILTER(LANG(?pj) = "ja") }
  OPTIONAL { ?plan rdfs:label ?pe FILTER(LANG(?pe) = "en") }
  OPTIONAL { ?element rdfs:label ?lj FILTER(LANG(?lj) = "ja") }
  OPTIONAL { ?element rdfs:label ?le FILTER(LANG(?le) = "en") }
  OPTIONAL { ?element skos:notation ?n }
}
GROUP BY ?element ?ward
ORDER BY ?ward ?plan ?element
LIMIT """
        + str(PAGE_SIZE + 1)
    )
    return text, bindings


def _select(name: str, label: str, options: list[tuple[str, str]], current: str, lang: str) -> str:
    opts = [f'<option value="">{h.esc(t("search.any", lang))}</option>']
    for value, text in options:
        sel = " selected" if value == current else ""
        opts.append(f'<option value="{h.esc(value)}"{sel}>{h.esc(text)}</option>')
    return f'<label>{h.esc(label)}<select name="{name}" id="f-{name}">{"".join(opts)}</select></label>'


def form_html(opts: Options, given: Mapping[str, str], lang: str) -> str:
    def rows(
        tab: ResultTable, key: str, value_of: str, label_of: str, extra: str | None = None
    ) -> list[tuple[str, str]]:
        out = []
        for r in tab.dicts():
            value = term_text(r[value_of])
            text = h.pick(lang, r.get(label_of + "Ja"), r.get(label_of + "En")) or value
            if extra and r.get(extra) is not None:
                text = f"{term_text(r[extra])} {text}"
            out.append((value, text))
        return out

    ward_opts = [
        (term_text(r["code"]) or term_text(r["ward"]), h.pick(lang, r["wardJa"], r["wardEn"]))
        for r in opts.wards.dicts()
    ]
    plan_opts = rows(opts.plans, "plan", "plan", "plan")
    domain_opts = [
        (str(r["domain"]).rsplit("/", 1)[-1], h.pick(lang, r["domainJa"], r["domainEn"]))
        for r in opts.domains.dicts()
    ]
    sdg_opts = []
    for r in opts.sdgs.dicts():
        code = term_text(r["code"])
        is_goal = r["sdg"] == r["goal"]
        name = h.pick(lang, r["sdgJa"], r["sdgEn"]) if is_goal else ""
        sdg_opts.append((code, (f"{code} {name}" if is_goal else f"　{code}").strip()))
    year_opts = [(term_text(r["year"]), h.pick(lang, r["fyJa"], r["fyEn"])) for r in opts.years.dicts()]
    q = given.get("q", "")
    unit = given.get("unit", "")
    return (
        '<form class="search" method="get" action="/search" id="search-form">'
        f'<label class="wide">{h.esc(t("search.q", lang))}<input type="search" name="q" id="f-q" value="{h.esc(q)}"></label>'
        + _select("ward", t("search.ward", lang), ward_opts, given.get("ward", ""), lang)
        + _select("plan", t("search.plan", lang), plan_opts, given.get("plan", ""), lang)
        + _select("domain", t("search.domain", lang), domain_opts, given.get("domain", ""), lang)
        + _select("sdg", t("search.sdg", lang), sdg_opts, given.get("sdg", ""), lang)
        + f'<label>{h.esc(t("search.unit", lang))}<input type="text" name="unit" id="f-unit" list="unit-names" value="{h.esc(unit)}"></label>'
        + '<datalist id="unit-names">'
        + "".join(f'<option value="{h.esc(term_text(r["name"]))}">' for r in opts.units.dicts())
        + "</datalist>"
        + _select("fy", t("search.fy", lang), year_opts, given.get("fy", ""), lang)
        + f'<button type="submit" id="search-go">{h.esc(t("search.go", lang))}</button></form>'
    )


def results_html(table: ResultTable, lang: str) -> str:
    rows = table.dicts()
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    note = (
        f'<p class="warn">{h.esc(t("search.more", lang, n=PAGE_SIZE))}</p>'
        if more
        else f'<p class="count" id="result-count">{h.esc(t("search.count", lang, n=len(rows)))}</p>'
    )
    body = []
    for r in rows:
        el = r["element"]
        assert isinstance(el, URIRef)
        body.append(
            (
                h.esc(h.pick(lang, r["wardJa"], r["wardEn"])),
                h.cell(r["plan"], h.pick(lang, r["planJa"], r["planEn"]) or None),
                h.esc(term_text(r["notation"])),
                h.cell(el, h.pick(lang, r["titleJa"], r["titleEn"]) or None),
            )
        )
    headers = [t("col.ward", lang), t("col.plan", lang), t("col.notation", lang), t("col.title", lang)]
    return note + h.table(headers, body, "results")


def search_page(ex: Executor, opts: Options, given: Mapping[str, str], lang: str) -> str:
    """The whole search page: the form and, when a criterion is given, the matching elements."""
    body = form_html(opts, given, lang)
    try:
        text, bindings = build_query(given)
    except InputError as exc:
        if str(exc) == "no search criterion":
            return body + f'<p class="hint">{h.esc(t("search.hint", lang))}</p>'
        raise
    (table,) = ex.tables([SelectJob(text, bindings)])
    return body + results_html(table, lang)


def search_url(**given: str) -> str:
    return "/search?" + urlencode({k: v for k, v in given.items() if v})
