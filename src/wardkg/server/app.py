"""The HTTP server: SPARQL 1.1 Protocol at /sparql, the web pages, element IRIs and static files.

Why the standard library (``http.server.ThreadingHTTPServer``): one process, a dozen routes, no
templates — a web framework would add weight and nothing the pages need. Each request thread only parses,
negotiates and renders; the queries themselves run in killable worker processes (:mod:`.worker`).

Status codes: 400 bad request or SPARQL syntax error, 403 update / LOAD / SERVICE refused, 404 unknown path
or resource, 405 wrong method, 406 no acceptable media type, 413 request body too large, 415 unsupported
request content type, 422 answer larger than the row limit, 503 time limit exceeded or server busy.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wardkg.errors import WardkgError
from wardkg.namespaces import ID
from wardkg.query import StoredQuery, format_csv, format_json, load_catalogue
from wardkg.server import element, formats, guard, querypages, sdgpages, search, service
from wardkg.server import html as h
from wardkg.server.i18n import LANGS, t
from wardkg.server.worker import Executor, QueryRefused, RawJob, RawResult, StoredJob

MAX_BODY = 1 << 20
"""Largest request body accepted (1 MiB): a query, not a data upload."""
IRI_PATH = re.compile(r"^/id/[A-Za-z0-9._~%!$&'()*+,;=:@/-]+$")
"""An /id/ path whose characters are all allowed in an IRI (percent-encoded as the data's IRIs are)."""
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass
class ServerConfig:
    """What ``wardkg serve`` was asked for; the store path is a snapshot the server owns."""

    store_path: Path
    queries_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 10000
    cors: str | None = None
    workers: int = 4


@dataclass
class App:
    """Shared state of the request threads: configuration, executor, catalogue, cached filter options."""

    config: ServerConfig
    executor: Executor
    catalogue: dict[str, StoredQuery]
    _options: search.Options | None = field(default=None, repr=False)

    def options(self) -> search.Options:
        if self._options is None:  # the store is a snapshot, so the menus never change while serving
            self._options = search.load_options(self.executor)
        return self._options


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


_ABSOLUTE_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*$')


def request_dataset(form: Mapping[str, list[str]]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The RDF dataset a protocol request names: its ``default-graph-uri`` and ``named-graph-uri``
    values (SPARQL 1.1 Protocol §2.1.4), None when it names none (queries then see the union of all
    graphs). ``wardkg query --endpoint`` sends a ward's graphs this way (wardkg.remote, wardkg.scope)."""
    default = tuple(form.get("default-graph-uri", []))
    named = tuple(form.get("named-graph-uri", []))
    if not default and not named:
        return None
    for iri in (*default, *named):
        if not _ABSOLUTE_IRI.match(iri):
            raise HttpError(400, f"default-graph-uri / named-graph-uri: {iri!r} is not an absolute IRI")
    return default, named


class Handler(BaseHTTPRequestHandler):
    server_version = "wardkg"
    protocol_version = "HTTP/1.1"
    app: App  # set on the subclass made by make_server

    # --- plumbing --------------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # quieter than the default: one line
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _cors(self) -> None:
        origin = self.app.config.cors
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            if origin != "*":
                self.send_header("Vary", "Origin")

    def send(
        self, status: int, body: bytes | str, media_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        if media_type.startswith(
            ("text/", "application/sparql-results", "application/ld+json", "application/n-triples")
        ):
            if "charset" not in media_type:
                media_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self._cors()
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def error(self, status: int, message: str) -> None:
        """Errors: plain text for API clients, a page for browsers.

        The connection is closed after an error: a refused request's body may be unread, and the next
        request on a kept-alive connection would start in the middle of it.
        """
        self.close_connection = True
        extra = {"Connection": "close"}
        if formats.prefers_html(self.headers.get("Accept")) and "text/html" in (
            self.headers.get("Accept") or ""
        ):
            lang = self.lang()
            body = h.page(
                f"{status} {t('error', lang)}",
                f'<p class="error" id="error">{h.esc(message)}</p>',
                lang,
                self.path,
            )
            self.send(status, body, formats.HTML, extra)
        else:
            self.send(status, message + "\n", "text/plain", extra)

    def lang(self) -> str:
        q = parse_qs(urlsplit(self.path).query)
        if q.get("lang", [""])[0] in LANGS:
            return q["lang"][0]
        for part in (self.headers.get("Cookie") or "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == "lang" and v in LANGS:
                return v
        return "ja"

    def params(self) -> dict[str, str]:
        """Query-string parameters, one value each (the last wins)."""
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}

    def html(self, title: str, body: str, status: int = 200) -> None:
        parts = urlsplit(self.path)
        q = "&".join(x for x in parts.query.split("&") if x and not x.startswith("lang="))
        here = parts.path + ("?" + q if q else "")
        self.send(status, h.page(title, body, self.lang(), parts.path, here), formats.HTML)

    def body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise HttpError(413, f"request body too large ({n} bytes; at most {MAX_BODY})")
        return self.rfile.read(n) if n > 0 else b""

    # --- dispatch --------------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        path = urlsplit(self.path).path
        try:
            if path == "/sparql":
                self.sparql(method)
            elif method != "GET":
                raise HttpError(405, f"{method} is not allowed on {path}")
            elif path in ("/", "/search"):
                self.page_search()
            elif path.startswith("/id/"):
                self.resource(path)
            elif path == "/sdg":
                self.page_heatmap()
            elif path == "/budget":
                self.page_budget()
            elif path == "/queries":
                self.html(
                    t("q.title", self.lang()), querypages.catalogue_page(self.app.catalogue, self.lang())
                )
            elif path.startswith("/queries/"):
                self.page_query(path.removeprefix("/queries/"))
            elif path == "/editor":
                self.page_editor()
            elif path == "/lang":
                self.switch_lang()
            elif path.startswith("/static/"):
                self.static(path.removeprefix("/static/"))
            else:
                raise HttpError(404, f"no page at {path}")
        except HttpError as exc:
            self.error(exc.status, str(exc))
        except guard.Refused as exc:
            self.error(exc.status, str(exc))
        except QueryRefused as exc:
            self.error(exc.status, str(exc))
        except WardkgError as exc:  # bad parameter values and the like
            self.error(400, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug must still answer, or the client waits for ever
            traceback.print_exc(file=sys.stderr)
            self.error(500, f"internal error: {type(exc).__name__}: {exc}")

    # --- SPARQL protocol -------------------------------------------------------------------------

    def sparql_request(
        self, method: str
    ) -> tuple[str | None, tuple[tuple[str, ...], tuple[str, ...]] | None]:
        """The query text of a protocol request (None: no query at all) and its RDF dataset (the
        ``default-graph-uri`` and ``named-graph-uri`` values; None when neither is given, SPARQL 1.1
        Protocol §2.1.4); refuses updates outright."""
        qs = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form: dict[str, list[str]] = dict(qs)
        if method == "POST":
            raw = self.body()
            if ctype == "application/sparql-update":
                raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
            if ctype == "application/sparql-query":
                if "query" in qs:
                    raise HttpError(400, "a query in both the body and the URL")
                return raw.decode("utf-8", errors="replace"), request_dataset(qs)
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)
            elif raw:
                raise HttpError(
                    415,
                    f"unsupported request content type {ctype!r} (use application/sparql-query or a form)",
                )
        if "update" in form or "update" in qs:
            raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = form.get("query", [])
        if len(queries) > 1:
            raise HttpError(400, "more than one query parameter")
        return (queries[0] if queries else None), request_dataset(form)

    def sparql(self, method: str) -> None:
        text, dataset = self.sparql_request(method)
        accept = self.headers.get("Accept")
        if text is None:
            if method == "GET" and formats.prefers_html(accept):
                self.page_editor()
                return
            rdf_type = formats.negotiate(accept, formats.CONSTRUCT_TYPES) if accept else None
            if (
                method == "GET"
                and rdf_type
                and any(x in (accept or "") for x in ("turtle", "ld+json", "n-triples"))
            ):
                self.service_description(rdf_type)
                return
            raise HttpError(
                400, "missing query parameter (GET ?query=…, or POST a form or application/sparql-query)"
            )
        wanted = self.params().get("format", "")
        media_type: str | None = None
        if wanted:
            media_type = formats.FORMAT_PARAM.get(wanted.lower())
            if media_type is None:
                raise HttpError(
                    406, f"unknown format {wanted!r} (one of {', '.join(sorted(formats.FORMAT_PARAM))})"
                )
        # the read-only check, negotiation and evaluation all run in the worker, within the time limit
        (res,) = self.app.executor.run([RawJob(text, accept, media_type, dataset)])
        assert isinstance(res, RawResult)
        self.send(200, res.body, res.media_type, {"Vary": "Accept"})

    def service_description(self, media_type: str) -> None:
        host = self.headers.get("Host") or f"{self.app.config.host}:{self.app.config.port}"
        cfg = self.app.config
        g = service.service_description(f"http://{host}/sparql", cfg.timeout, cfg.max_rows)
        fmt = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[formats.RDF_FORMATS[media_type]]
        self.send(200, g.serialize(format=fmt, encoding="utf-8"), media_type, {"Vary": "Accept"})

    # --- pages -----------------------------------------------------------------------------------

    def page_search(self) -> None:
        lang = self.lang()
        given = self.params()
        body = search.search_page(self.app.executor, self.app.options(), given, lang)
        self.html(t("search.title", lang), body)

    def resource(self, path: str) -> None:
        if not IRI_PATH.match(path):
            raise HttpError(404, f"{path} is not an IRI path of this graph")
        iri = str(ID) + path.removeprefix("/id/")
        accept = self.headers.get("Accept")
        wanted = self.params().get("format", "")
        if wanted:
            media_type = formats.FORMAT_PARAM.get(wanted.lower())
            if media_type not in formats.CONSTRUCT_TYPES:
                raise HttpError(406, f"format {wanted!r}: one of ttl, jsonld, nt")
        elif formats.prefers_html(accept):
            media_type = None
        else:
            media_type = formats.negotiate(accept, formats.CONSTRUCT_TYPES)
            if media_type is None:
                raise HttpError(406, f"acceptable for {iri}: text/html, {', '.join(formats.CONSTRUCT_TYPES)}")
        if media_type is None:
            lang = self.lang()
            page = element.element_page(self.app.executor, iri, lang)
            if page is None:
                raise HttpError(404, f"{t('el.notfound', lang)} {iri}")
            self.html(page[0], page[1])
            return
        (res,) = self.app.executor.run([RawJob(element.describe_query(iri), media_type=media_type)])
        assert isinstance(res, RawResult)
        if not res.body.strip() or res.body.strip() in (b"[]", b"{}"):
            raise HttpError(404, f"nothing is said about {iri}")
        self.send(200, res.body, res.media_type, {"Vary": "Accept"})

    def page_heatmap(self) -> None:
        lang = self.lang()
        labels = {
            h.esc(str(r["code"] or "")): h.pick(lang, r["wardJa"], r["wardEn"])
            for r in self.app.options().wards.dicts()
        }
        body = sdgpages.heatmap_page(self.app.executor, labels, lang)
        self.html(t("heat.title", lang), body)

    def page_budget(self) -> None:
        lang = self.lang()
        years = [
            (str(r["year"]), h.pick(lang, r["fyJa"], r["fyEn"])) for r in self.app.options().years.dicts()
        ]
        fy = self.params().get("fy", "")
        body = sdgpages.budget_page(self.app.executor, fy, years, self._ward_labels(lang), lang)
        self.html(t("budget.title", lang), body)

    def _ward_labels(self, lang: str) -> dict[str, str]:
        return {
            str(r["code"] or ""): h.pick(lang, r["wardJa"], r["wardEn"])
            for r in self.app.options().wards.dicts()
        }

    def _stored(self, name: str) -> StoredQuery:
        try:
            return self.app.catalogue[name]
        except KeyError:
            raise HttpError(404, f"no stored query {name!r}") from None

    def page_query(self, rest: str) -> None:
        name, dot, ext = rest.partition(".")
        q = self._stored(name)
        given = {k: v for k, v in self.params().items() if k not in ("run", "lang")}
        values = {k: v for k, v in given.items() if v.strip()}
        if dot:
            if ext not in ("csv", "json"):
                raise HttpError(404, f"no download format {ext!r} (csv or json)")
            (table,) = self.app.executor.tables([StoredJob(q, values)])
            if ext == "csv":
                self.send(
                    200,
                    format_csv(table),
                    "text/csv",
                    {"Content-Disposition": f'attachment; filename="{name}.csv"'},
                )
            else:
                self.send(
                    200,
                    format_json(table),
                    formats.JSON_RESULTS,
                    {"Content-Disposition": f'attachment; filename="{name}.json"'},
                )
            return
        lang = self.lang()
        body = querypages.query_form(q, given, lang)
        if "run" in self.params() or not any(p.required for p in q.params):
            if "run" in self.params():
                (table,) = self.app.executor.tables([StoredJob(q, values)])
                body += querypages.results_block(q, values, table, lang)
        self.html(q.title_en if lang == "en" else q.title, body)

    def page_editor(self) -> None:
        lang = self.lang()
        cfg = self.app.config
        text = self.params().get("query") or querypages.DEFAULT_QUERY
        self.html(t("ed.title", lang), querypages.editor_page(text, cfg.timeout, cfg.max_rows, lang))

    def switch_lang(self) -> None:
        p = self.params()
        to = p.get("to", "ja") if p.get("to") in LANGS else "ja"
        nxt = p.get("next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        self.send_response(303)
        self.send_header("Location", nxt)
        self.send_header("Set-Cookie", f"lang={to}; Path=/; SameSite=Lax")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def static(self, name: str) -> None:
        if not re.fullmatch(r"[a-z0-9_-]+\.(css|js|svg)", name):
            raise HttpError(404, f"no static file {name}")
        res = resources.files("wardkg.server").joinpath("static", name)
        if not res.is_file():
            raise HttpError(404, f"no static file {name}")
        ext = "." + name.rsplit(".", 1)[-1]
        self.send(200, res.read_bytes(), STATIC_TYPES[ext], {"Cache-Control": "max-age=300"})


def make_server(config: ServerConfig, verbose: bool = False) -> ThreadingHTTPServer:
    """A bound (not yet serving) server for *config*; ``port=0`` picks a free port."""
    executor = Executor(config.store_path, config.timeout, config.max_rows, config.workers)
    app = App(config, executor, load_catalogue(config.queries_dir))
    handler = type("WardkgHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((config.host, config.port), handler)
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    return server
