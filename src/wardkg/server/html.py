"""HTML building blocks: escaping, the page frame, tables and links to resources.

Why plain strings and no template engine: the pages are a handful of tables and forms; every value goes
through :func:`esc`, and a dependency would add nothing but weight.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlencode

from rdflib import Literal, URIRef

from wardkg.namespaces import ID, SDG
from wardkg.query import Term, compact, term_text
from wardkg.server.i18n import t

ID_BASE = str(ID)
SDG_COLOURS: tuple[str, ...] = (
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942", "#FD6925",
    "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A",
)  # fmt: skip
"""The official SDG colours (UN SDG communication guidelines), goal 1 to 17."""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def local_path(iri: str) -> str | None:
    """The path on this server that resolves *iri* (``https://w3id.org/wardkg/id/…`` → ``/id/…``), if any."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE) :]
    return None


def href_for(iri: str) -> str:
    """Where a link to *iri* goes: its page here, the SDG's initiatives, or the IRI itself."""
    path = local_path(iri)
    if path:
        return path
    if iri.startswith(str(SDG)) and "/" not in iri[len(str(SDG)) :]:
        return "/search?" + urlencode({"sdg": iri[len(str(SDG)) :]})
    return iri


def link(iri: str, text: str | None = None) -> str:
    """A link to *iri*; only local paths and http(s) IRIs become links (never ``javascript:`` and the like)."""
    label = esc(text if text else compact(URIRef(iri)))
    href = href_for(iri)
    if not href.startswith(("/", "http://", "https://")):
        return label
    return f'<a href="{esc(href)}">{label}</a>'


def cell(term: Term | None, label: str | None = None) -> str:
    """A table cell's HTML for a term: IRIs become links, literals text (language tag shown when not ja)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return link(str(term), label)
    text = term_text(term)
    if isinstance(term, Literal) and term.language and term.language != "ja":
        return f'{esc(text)} <span class="tag">@{esc(term.language)}</span>'
    return esc(text)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """A table from already-escaped cell HTML."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def pick(lang: str, ja: Term | None, en: Term | None) -> str:
    """The label to show: English when asked for and known, else Japanese, else the other."""
    first, second = (en, ja) if lang == "en" else (ja, en)
    for x in (first, second):
        if x is not None:
            return str(x)
    return ""


def page(title: str, body: str, lang: str, path: str, here: str = "") -> str:
    """The frame around every page: header, navigation, language switch, main content.

    *path* marks the current navigation item; *here* (path and query) is where the language switch returns.
    """
    other = "en" if lang == "ja" else "ja"
    nav = [
        ("/", "nav.search"),
        ("/sdg", "nav.sdg"),
        ("/budget", "nav.budget"),
        ("/queries", "nav.queries"),
        ("/editor", "nav.sparql"),
    ]
    items = "".join(
        f'<a href="{href}"{" aria-current=page" if path == href else ""}>{esc(t(key, lang))}</a>'
        for href, key in nav
    )
    switch = f'<a class="lang" id="lang-switch" href="/lang?{urlencode({"to": other, "next": here or path})}">{esc(t("switch", lang))}</a>'
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} — {esc(t('site', lang))}</title>"
        f'<link rel="stylesheet" href="/static/style.css"></head><body>'
        f'<header><a class="site" href="/">{esc(t("site", lang))}</a><nav>{items}</nav>{switch}</header>'
        f"<main><h1>{esc(title)}</h1>{body}</main>"
        f'<script src="/static/app.js"></script></body></html>'
    )
