"""The stored-query pages (catalogue, a form per query, results with CSV/JSON download) and the editor.

The catalogue is queries/*.rq as parsed by :func:`wardkg.query.load_catalogue`; a form field per
``# param:`` line; values go to :func:`wardkg.query.run_query` as text and are bound as RDF terms there.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from wardkg.query import ANY, REQUIRED, ResultTable, StoredQuery
from wardkg.server import html as h
from wardkg.server.i18n import t


def catalogue_page(catalogue: Mapping[str, StoredQuery], lang: str) -> str:
    items = []
    for name, q in catalogue.items():
        title = q.title_en if lang == "en" else q.title
        question = q.question_en if lang == "en" else q.question
        items.append(
            f'<li><a href="/queries/{h.esc(name)}" class="qname">{h.esc(title)}</a> <code>{h.esc(name)}</code>'
            f'<br><span class="question">{h.esc(question)}</span></li>'
        )
    return f'<ul class="catalogue">{"".join(items)}</ul>'


def _param_hint(q: StoredQuery, lang: str) -> dict[str, str]:
    out = {}
    for p in q.params:
        if p.default == REQUIRED:
            out[p.name] = t("q.required", lang)
        elif p.default == ANY:
            out[p.name] = t("q.optional", lang)
        else:
            out[p.name] = t("q.default", lang, v=p.default)
    return out


def query_form(q: StoredQuery, given: Mapping[str, str], lang: str) -> str:
    hints = _param_hint(q, lang)
    fields = "".join(
        f'<label>{h.esc(p.name)} <span class="tag">{h.esc(p.type)} · {h.esc(hints[p.name])}</span>'
        f'<input name="{h.esc(p.name)}" id="p-{h.esc(p.name)}" value="{h.esc(given.get(p.name, ""))}"'
        f"{' required' if p.required else ''}><small>{h.esc(p.description)}</small></label>"
        for p in q.params
    )
    return (
        f'<p class="question">{h.esc(q.question_en if lang == "en" else q.question)}</p>'
        f'<form method="get" action="/queries/{h.esc(q.name)}" class="params" id="query-form">'
        f'<input type="hidden" name="run" value="1">{fields}'
        f'<button type="submit" id="run-query">{h.esc(t("q.run", lang))}</button></form>'
        f"<details><summary>{h.esc(t('q.text', lang))}</summary><pre>{h.esc(q.text)}</pre></details>"
    )


def results_block(q: StoredQuery, given: Mapping[str, str], table: ResultTable, lang: str) -> str:
    params = {k: v for k, v in given.items() if v and k in {p.name for p in q.params}}
    qs = ("?" + urlencode(params)) if params else ""
    downloads = (
        f'<p class="downloads">{h.esc(t("q.download", lang))}: '
        f'<a id="download-csv" download="{h.esc(q.name)}.csv" href="/queries/{h.esc(q.name)}.csv{h.esc(qs)}">CSV</a> '
        f'<a id="download-json" download="{h.esc(q.name)}.json" href="/queries/{h.esc(q.name)}.json{h.esc(qs)}">JSON</a></p>'
    )
    rows = [[h.cell(term) if term is not None else "" for term in row] for row in table.rows]
    count = f'<p class="count" id="result-count">{h.esc(t("q.rows", lang, n=len(rows)))}</p>'
    return downloads + count + h.table(table.variables, rows, "results")


def editor_page(default_query: str, timeout: float, max_rows: int, lang: str) -> str:
    return (
        f'<p class="note">{h.esc(t("ed.note", lang, t=f"{timeout:g}", n=max_rows))}</p>'
        '<form id="editor" method="post" action="/sparql">'
        f'<textarea name="query" id="sparql-text" rows="16" spellcheck="false">{h.esc(default_query)}</textarea>'
        '<div class="bar"><select id="sparql-format" aria-label="format">'
        '<option value="application/sparql-results+json">JSON</option>'
        '<option value="text/csv">CSV</option><option value="text/tab-separated-values">TSV</option>'
        '<option value="application/sparql-results+xml">XML</option><option value="text/turtle">Turtle</option>'
        '<option value="application/ld+json">JSON-LD</option></select>'
        f'<button type="submit" id="sparql-run">{h.esc(t("ed.run", lang))}</button></div></form>'
        '<div id="sparql-output" aria-live="polite"></div>'
        f'<p class="hint"><code>{h.esc(ENDPOINT_HINT)}</code></p>'
    )


ENDPOINT_HINT = "SPARQL 1.1 endpoint: /sparql (GET ?query=…, POST form or application/sparql-query)"
"""Shown under the editor so users can point other tools at the endpoint."""


DEFAULT_QUERY = """PREFIX wk: <https://w3id.org/wardkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?plan ?title (COUNT(?el) AS ?elements)
WHERE {
  ?plan a wk:Plan ; rdfs:label ?title FILTER(LANG(?title) = "ja")
  OPTIONAL { ?el wk:inPlan ?plan }
}
GROUP BY ?plan ?title
ORDER BY ?plan
"""
