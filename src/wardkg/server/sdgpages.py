"""The SDG heat map (wards × 17 goals, official SDG colours) and the budget-by-goal chart.

The budget chart follows the counting rule of the stored query budget-by-sdg (a line counts in full under
every goal its element is linked to, once per goal), but sums over a DISTINCT set of (ward, year, goal,
budget line, amount): pyoxigraph's union default graph repeats a solution for every named graph that
states the same triple (a ward's label is in ontology/wards and dist/catalog), and a plain SUM would count
such lines twice. The heat map counts with
the rule of the stored query sdg-coverage-matrix (a plan element counts once per goal, directly or through a
target; rejected links never count) but with its own, flatter query: the stored one takes ~30 s on
pyoxigraph (its UNION of goal and target bodies is evaluated before the join), this one ~0.3 s — a page
must answer within the server's time limit. A cell links to the search page filtered by ward and goal,
whose SDG filter is the same pattern, so the list it opens has as many elements as the cell says.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from wardkg.query import Param, coerce_param, term_text
from wardkg.server import html as h
from wardkg.server.i18n import t
from wardkg.server.sparqltext import PROLOGUE
from wardkg.server.worker import Executor, SelectJob

MATRIX_QUERY = (
    PROLOGUE
    + """SELECT ?ward ?goal ?code (COUNT(DISTINCT ?el) AS ?n) WHERE {
  ?a oa:hasTarget ?el ; oa:hasBody ?body .
  FILTER NOT EXISTS { ?a wk:reviewVerdict wk:Rejected }
  ?body skos:broader? ?goal . ?goal a sdgo:Goal ; skos:notation ?code .
  ?el a wk:PlanElement ; wk:municipality ?ward .
} GROUP BY ?ward ?goal ?code"""
)
ELEMENTS_QUERY = (
    PROLOGUE
    + """SELECT ?ward (COUNT(DISTINCT ?el) AS ?n) WHERE {
  ?a oa:hasTarget ?el ; oa:hasBody ?body .
  FILTER NOT EXISTS { ?a wk:reviewVerdict wk:Rejected }
  ?body skos:broader? ?goal . ?goal a sdgo:Goal .
  ?el a wk:PlanElement ; wk:municipality ?ward .
} GROUP BY ?ward"""
)
BUDGET_QUERY = (
    PROLOGUE
    + """SELECT ?ward ?goalCode (SUM(?amt) AS ?total) (COUNT(DISTINCT ?el) AS ?items) WHERE {
  {
    SELECT DISTINCT ?ward ?fy ?goalCode ?line ?el ?amt WHERE {
      ?line a wk:BudgetLine ; wk:budgetOf ?el ; wk:fiscalYear ?fy .
      OPTIONAL { ?line wk:amount ?given }
      BIND(COALESCE(?given, 0) AS ?amt)
      ?a oa:hasTarget ?el ; oa:hasBody ?body .
      FILTER NOT EXISTS { ?a wk:reviewVerdict wk:Rejected }
      ?body skos:broader? ?goal . ?goal a sdgo:Goal ; skos:notation ?goalCode .
      ?el wk:municipality ?ward .
    }
  }
} GROUP BY ?ward ?goalCode"""
)
"""Budget per ward and goal; ``?fy`` may be bound (VALUES) to one fiscal year. The few budget lines come
first: pyoxigraph joins in the written order, and starting from the thousands of annotations takes >10 s."""
GOALS_QUERY = (
    PROLOGUE
    + """SELECT ?goal ?code ?nameJa ?nameEn WHERE { ?goal a sdgo:Goal ; skos:notation ?code .
  OPTIONAL { ?goal skos:altLabel ?nameJa FILTER(LANG(?nameJa) = "ja") }
  OPTIONAL { ?goal skos:altLabel ?nameEn FILTER(LANG(?nameEn) = "en") } } ORDER BY xsd:integer(?code)"""
)


def _goal_names(ex: Executor, lang: str) -> dict[int, str]:
    (tab,) = ex.tables([SelectJob(GOALS_QUERY)])
    return {int(term_text(r["code"])): h.pick(lang, r["nameJa"], r["nameEn"]) for r in tab.dicts()}


def _ward_code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def heatmap_page(ex: Executor, ward_labels: dict[str, str], lang: str) -> str:
    matrix, totals = ex.tables([SelectJob(MATRIX_QUERY), SelectJob(ELEMENTS_QUERY)])
    names = _goal_names(ex, lang)
    count: dict[tuple[str, int], int] = {}
    for r in matrix.dicts():
        count[(str(r["ward"]), int(term_text(r["code"])))] = int(term_text(r["n"]))
    elements = {str(r["ward"]): term_text(r["n"]) for r in totals.dicts()}
    wards = sorted({w for w, _ in count} | set(elements))
    top = max(count.values(), default=0) or 1
    head = "".join(
        f'<th class="goal" style="background:{h.SDG_COLOURS[g - 1]}" title="{h.esc(names.get(g, ""))}">'
        f'<span class="num">{g}</span><span class="gname">{h.esc(names.get(g, ""))}</span></th>'
        for g in range(1, 18)
    )
    body = []
    for ward in wards:
        code = _ward_code(ward)
        cells = []
        for g in range(1, 18):
            n = count.get((ward, g), 0)
            alpha = 0.0 if n == 0 else 0.15 + 0.85 * n / top
            colour = h.SDG_COLOURS[g - 1]
            dark = alpha > 0.55
            url = "/search?" + urlencode({"ward": code, "sdg": str(g)})
            cells.append(
                f'<td class="cell" data-ward="{h.esc(code)}" data-goal="{g}" style="--c:{colour};--a:{alpha:.2f}">'
                f'<a href="{h.esc(url)}" class="{"dark" if dark else ""}" title="{h.esc(names.get(g, ""))}: {n}">{n}</a></td>'
            )
        body.append(
            f'<tr><th class="ward">{h.link(ward, ward_labels.get(code) or code)}</th>{"".join(cells)}'
            f'<td><span class="num">{h.esc(elements.get(ward, "0"))}</span></td></tr>'
        )
    return (
        f'<p class="note">{h.esc(t("heat.note", lang))}</p>'
        f'<div class="scroll"><table class="heatmap" id="heatmap"><thead><tr><th></th>{head}'
        f"<th>{h.esc(t('heat.total', lang))}</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _yen(amount: Decimal, lang: str) -> str:
    """A readable amount: 億円 / 万円 in Japanese, million yen in English."""
    if lang == "en":
        return f"¥{amount / Decimal(1_000_000):,.1f} million"
    if amount >= 100_000_000:
        return f"{amount / Decimal(100_000_000):,.2f} 億円"
    return f"{amount / Decimal(10_000):,.0f} 万円"


def budget_page(
    ex: Executor, fy: str, years: list[tuple[str, str]], ward_labels: dict[str, str], lang: str
) -> str:
    bindings = {"fy": coerce_param(Param("fy", "fy", "any", "fiscal year"), fy)} if fy else {}
    (tab,) = ex.tables([SelectJob(BUDGET_QUERY, bindings)])
    names = _goal_names(ex, lang)
    total: dict[int, Decimal] = defaultdict(Decimal)
    items: dict[int, int] = defaultdict(int)
    by_ward: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    ward_names: dict[str, str] = {}
    for r in tab.dicts():
        g = int(term_text(r["goalCode"]))
        amount = Decimal(term_text(r["total"]) or 0)
        total[g] += amount
        items[g] += int(term_text(r["items"]) or 0)
        ward = _ward_code(str(r["ward"]))
        ward_names[ward] = ward_labels.get(ward) or ward
        by_ward[(ward, g)] += amount
    opts = "".join(
        f'<option value="{h.esc(v)}"{" selected" if v == fy else ""}>{h.esc(label)}</option>'
        for v, label in years
    )
    form = (
        f'<form method="get" action="/budget" class="inline"><label>{h.esc(t("bud.fy", lang))}'
        f'<select name="fy"><option value="">{h.esc(t("search.any", lang))}</option>{opts}</select></label>'
        f'<button type="submit">{h.esc(t("search.go", lang))}</button></form>'
    )
    if not total:
        return form + f'<p class="none">{h.esc(t("budget.none", lang))}</p>'
    top = max(total.values()) or Decimal(1)
    bar_h, gap, left, width = 22, 6, 230, 520
    svg_rows = []
    for i, g in enumerate(range(1, 18)):
        y = i * (bar_h + gap)
        amount = total.get(g, Decimal(0))
        w = float(amount / top) * width if top else 0.0
        label = f"{g}. {names.get(g, '')}"
        url = "/search?" + urlencode({"sdg": str(g), **({"fy": fy} if fy else {})})
        svg_rows.append(
            f'<a href="{h.esc(url)}"><text x="{left - 8}" y="{y + 16}" text-anchor="end">{h.esc(label)}</text>'
            f'<rect data-goal="{g}" data-yen="{amount}" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{h.SDG_COLOURS[g - 1]}">'
            f"<title>{h.esc(label)}: {h.esc(_yen(amount, lang))}</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 16}">{h.esc(_yen(amount, lang)) if amount else ""}</text></a>'
        )
    height = 17 * (bar_h + gap)
    svg = (
        f'<svg id="budget-chart" role="img" viewBox="0 0 {left + width + 140} {height}" width="100%" '
        f'aria-label="{h.esc(t("budget.title", lang))}">{"".join(svg_rows)}</svg>'
    )
    wards = sorted(ward_names)
    trows = [
        (
            f'<span class="sdg-chip" style="background:{h.SDG_COLOURS[g - 1]}">{g}</span> {h.esc(names.get(g, ""))}',
            *(
                f'<span class="num">{h.esc(_yen(by_ward[(w, g)], lang)) if by_ward.get((w, g)) else ""}</span>'
                for w in wards
            ),
            f'<span class="num">{h.esc(_yen(total[g], lang))}</span>',
            f'<span class="num">{items[g]}</span>',
        )
        for g in range(1, 18)
        if g in total
    ]
    headers = ["SDG", *(ward_names[w] for w in wards), t("budget.total", lang), t("budget.items", lang)]
    return form + f'<p class="note">{h.esc(t("budget.note", lang))}</p>' + svg + h.table(headers, trows)
