"""Remote SPARQL 1.1 endpoints: queries through SPARQLWrapper, uploads through the Graph Store Protocol.

Why these rules:

* Credentials come only from the environment (``WARDKG_ENDPOINT_USER`` / ``WARDKG_ENDPOINT_PASSWORD``;
  ``WARDKG_ENDPOINT_AUTH`` = ``basic`` (default) or ``digest``) and never appear in messages: every
  error names the endpoint with any ``user:password@`` part removed.
* A query that times out, an HTTP error, and a partial answer are errors. Virtuoso answers with a
  *partial* result when its execution time limit is hit — HTTP 206 (FINDINGS.md), or, as measured here
  with its ``timeout`` parameter, HTTP 200 with ``X-SQL-State: S1TAT``; returning those rows as if they
  were the answer would be silently wrong.
* Parameters travel as a VALUES block built from RDF terms (:func:`wardkg.query.inject_values`).
* A stored query run for one ward names that ward's dataset (:func:`wardkg.scope.ward_graphs`) with
  ``default-graph-uri`` protocol parameters (SPARQL 1.1 Protocol §2.1.4), as the embedded store does with
  its default graph; the endpoint's graph names are asked once per RemoteEndpoint
  (:meth:`RemoteEndpoint.graph_names`). Oxigraph server and Virtuoso both honour them (tests/test_remote.py).
* Publishing replaces one named graph per source dataset. On a generic Graph Store (Oxigraph) one HTTP
  PUT replaces the graph in one transaction. Virtuoso's PUT is not atomic for large payloads (a hung PUT
  left a partial graph committed, FINDINGS.md), so for Virtuoso we POST the triples in chunks into a
  fresh staging graph, check its size, and then switch with one SPARQL Update request
  (``DROP SILENT GRAPH <g> ; MOVE SILENT <staging> TO <g>``) that runs as one transaction; readers see
  either the old or the new graph.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, URIRef
from SPARQLWrapper import JSON, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from wardkg.errors import WardkgError
from wardkg.query import ResultTable, Term, inject_values, parse_json_results
from wardkg.scope import ward_graphs

USER_ENV = "WARDKG_ENDPOINT_USER"
PASSWORD_ENV = "WARDKG_ENDPOINT_PASSWORD"
AUTH_ENV = "WARDKG_ENDPOINT_AUTH"
CHUNK_TRIPLES = 50_000
"""Triples per POST when loading Virtuoso (FINDINGS.md: 100 k-triple chunks loaded fine)."""


class RemoteError(WardkgError):
    """The endpoint failed, timed out or answered only partly; the message never contains credentials."""


def redact(url: str) -> str:
    """*url* without any ``user:password@`` part."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        parts = parts._replace(netloc=host)
    return urllib.parse.urlunsplit(parts)


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    scheme: str = "basic"

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"Credentials(user={self.user!r}, password=***, scheme={self.scheme!r})"


def credentials_from_env(env: Mapping[str, str] | None = None) -> Credentials | None:
    e = os.environ if env is None else env
    user, password = e.get(USER_ENV), e.get(PASSWORD_ENV)
    if not user:
        return None
    scheme = e.get(AUTH_ENV, "basic").lower()
    if scheme not in ("basic", "digest"):
        raise RemoteError(f"{AUTH_ENV} must be 'basic' or 'digest', not {scheme!r}")
    return Credentials(user, password or "", scheme)


class RemoteEndpoint:
    """A SPARQL 1.1 query endpoint (SPARQLWrapper, POST, JSON results), usable as a query Engine."""

    def __init__(
        self,
        url: str,
        timeout: float = 60.0,
        credentials: Credentials | None = None,
        default_graphs: Sequence[str] = (),
        extra_params: Mapping[str, str] | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        self.url = redact(url)  # credentials never travel in (or get printed with) the URL
        self.timeout = timeout
        self.credentials = credentials if credentials is not None else credentials_from_env()
        if self.credentials is None and parts.username:
            self.credentials = Credentials(
                urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
            )
        self.default_graphs = tuple(default_graphs)
        self.extra_params = dict(extra_params or {})
        """Further protocol parameters, e.g. Virtuoso's ``timeout`` (milliseconds, its 'anytime' mode)."""
        self._graph_names: list[str] | None = None

    def __repr__(self) -> str:
        return f"RemoteEndpoint({redact(self.url)!r})"

    def graph_names(self) -> list[str]:
        """The endpoint's named graphs, asked once per client.

        ``GRAPH ?g {}`` first: Oxigraph answers it from its list of graph names, without reading a
        triple. Virtuoso 7.2 answers it with one row and ``?g`` unbound; then ``GRAPH ?g { ?s ?p ?o }``,
        which reads the quads (measured only at the test sizes). On Virtuoso the list includes its system graphs
        (virtrdf#, DAV/ …): they belong to no ward, so every ward's dataset keeps them, as the union
        default graph does.
        """
        if self._graph_names is None:
            names: list[str] = []
            for pattern in ("{ }", "{ ?s ?p ?o }"):
                doc = self.request_json(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} }}")
                names = [str(r[0]) for r in parse_json_results(doc).rows if isinstance(r[0], URIRef)]
                if names:
                    break
            self._graph_names = sorted(names)
        return self._graph_names

    def select(self, text: str, bindings: Mapping[str, Term], ward_scope: str | None = None) -> ResultTable:
        graphs = ward_graphs(self.graph_names(), ward_scope) if ward_scope is not None else None
        return parse_json_results(self.request_json(inject_values(text, bindings), graphs))

    def request_json(self, query: str, default_graphs: Sequence[str] | None = None) -> dict[str, Any]:
        """POST *query*; *default_graphs* (else the endpoint's own ``default_graphs``) are sent as
        ``default-graph-uri`` parameters."""
        sw = SPARQLWrapper(self.url)
        sw.setQuery(query)
        # SPARQLWrapper guesses the query type from keywords and takes a comment such as "rows add up"
        # for an ADD update; only SELECT queries come through here, so say so.
        sw.queryType = SELECT
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)
        sw.setReturnFormat(JSON)
        sw.setTimeout(int(max(1, round(self.timeout))))
        for g in self.default_graphs if default_graphs is None else default_graphs:
            sw.addParameter("default-graph-uri", g)
        for k, v in self.extra_params.items():
            sw.addParameter(k, v)
        if self.credentials:
            sw.setHTTPAuth(self.credentials.scheme.upper())
            sw.setCredentials(self.credentials.user, self.credentials.password)
        where = redact(self.url)
        try:
            result = sw.query()
        except SPARQLWrapperException as exc:
            msg = " ".join(str(exc).split()) or type(exc).__name__
            raise RemoteError(f"{where}: {msg[:600]}") from None
        except urllib.error.HTTPError as exc:
            raise RemoteError(f"{where}: HTTP {exc.code} {exc.reason}") from None
        except TimeoutError:
            raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
            raise RemoteError(f"{where}: cannot connect ({exc.reason})") from None
        status = result.response.getcode()
        if status == 206:
            raise RemoteError(
                f"{where}: HTTP 206 partial answer (the server cut the query off); no rows used"
            )
        if status != 200:
            raise RemoteError(f"{where}: HTTP {status}")
        # Virtuoso's 'anytime' answers can also come as HTTP 200 with X-SQL-State S1TAT ("Returning
        # incomplete results, query interrupted by result timeout") — measured on 7.2.5; same rule.
        headers = result.response.info()
        state = headers.get("X-SQL-State", "") or ""
        message = headers.get("X-SQL-Message", "") or ""
        if state == "S1TAT" or "incomplete results" in message.lower():
            raise RemoteError(
                f"{where}: partial answer (X-SQL-State {state or '?'}: {message[:120]}); no rows used"
            )
        try:
            body = result.response.read()
            doc = json.loads(body.decode("utf-8"))
        except TimeoutError:
            raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise RemoteError(f"{where}: the answer is not SPARQL JSON results ({exc})") from None
        if not isinstance(doc, dict):
            raise RemoteError(f"{where}: the answer is not SPARQL JSON results")
        return doc


# --- Graph Store Protocol upload ---------------------------------------------------------------------


def _auth_opener(url: str, creds: Credentials | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if creds:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, creds.user, creds.password)
        if creds.scheme == "digest":
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
        else:
            handlers.append(urllib.request.HTTPBasicAuthHandler(mgr))
    return urllib.request.build_opener(*handlers)


def http_request(
    url: str,
    method: str,
    data: bytes | None,
    content_type: str | None,
    creds: Credentials | None,
    timeout: float,
) -> tuple[int, bytes]:
    """One HTTP request; errors become RemoteError without credentials in the message."""
    req = urllib.request.Request(url, data=data, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    if creds and creds.scheme == "basic":
        token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    opener = _auth_opener(url, creds)
    where = redact(url.split("?", 1)[0])
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()[:300].decode("utf-8", "replace").strip()
        raise RemoteError(f"{where}: HTTP {exc.code} {exc.reason} {body}".strip()) from None
    except TimeoutError:
        raise RemoteError(f"{where}: no answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        raise RemoteError(f"{where}: cannot connect ({exc.reason})") from None


def ntriples(g: Graph) -> bytes:
    data = g.serialize(format="nt", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def chunks(g: Graph, size: int) -> list[Graph]:
    """Split *g* into graphs of at most *size* triples; triples with blank nodes all go in the first one.

    Why: blank-node labels are scoped to one request, so a blank node split across two POSTs would become
    two different nodes. Data graphs have none; the ontology's OWL axioms do, and it is small.
    """
    with_b = Graph()
    rest: list[tuple[Any, Any, Any]] = []
    for t in sorted(g):
        if any(isinstance(x, BNode) for x in t):
            with_b.add(t)
        else:
            rest.append(t)
    out: list[Graph] = []
    cur = with_b
    for t in rest:
        if len(cur) >= size:
            out.append(cur)
            cur = Graph()
        cur.add(t)
    out.append(cur)
    return out


@dataclass(frozen=True)
class PublishTarget:
    """Where to upload: the query endpoint, the Graph Store endpoint, the update endpoint and the dialect."""

    query_url: str
    store_url: str
    update_url: str | None
    virtuoso: bool


def detect_target(
    query_url: str, store_url: str | None, update_url: str | None, timeout: float
) -> PublishTarget:
    """Fill in the Graph Store and update URLs for Oxigraph (``/query`` → ``/store``, ``/update``) and
    Virtuoso (``/sparql`` → ``/sparql-graph-crud-auth``, ``/sparql-auth``), recognised by the HTTP
    ``Server`` header; other servers need ``--graph-store``."""
    server = ""
    try:
        req = urllib.request.Request(query_url + "?query=" + urllib.parse.quote("ASK {}"))
        req.add_header("Accept", "application/sparql-results+json")
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            server = resp.headers.get("Server", "") or ""
    except urllib.error.HTTPError as exc:
        server = exc.headers.get("Server", "") or ""
    except (urllib.error.URLError, TimeoutError) as exc:
        raise RemoteError(f"{redact(query_url)}: cannot connect ({exc})") from None
    virtuoso = "virtuoso" in server.lower()
    base = query_url.rstrip("/")
    if store_url is None:
        if virtuoso and base.endswith("/sparql"):
            store_url = base + "-graph-crud-auth"
        elif base.endswith("/query"):
            store_url = base[: -len("/query")] + "/store"
        else:
            raise RemoteError(f"{redact(query_url)}: give --graph-store URL (server {server or 'unknown'})")
    if update_url is None:
        if virtuoso and base.endswith("/sparql"):
            update_url = base + "-auth"
        elif base.endswith("/query"):
            update_url = base[: -len("/query")] + "/update"
    return PublishTarget(query_url, store_url, update_url, virtuoso)


def _graph_param(target: PublishTarget) -> str:
    return "graph-uri" if target.virtuoso else "graph"


def graph_size(endpoint: RemoteEndpoint, graph: URIRef) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    doc = endpoint.request_json(q)
    rows = doc["results"]["bindings"]
    return int(rows[0]["n"]["value"]) if rows else 0


def put_graph(
    target: PublishTarget, name: URIRef, g: Graph, creds: Credentials | None, timeout: float
) -> None:
    """Replace named graph *name* by *g* (see the module docstring for how, per server)."""
    url = f"{target.store_url}?{_graph_param(target)}={urllib.parse.quote(str(name), safe='')}"
    if not target.virtuoso:
        http_request(url, "PUT", ntriples(g), "application/n-triples", creds, timeout)
        return
    if target.update_url is None:
        raise RemoteError("Virtuoso needs an update endpoint (--update URL)")
    digest = hashlib.sha256(ntriples(g)).hexdigest()[:16]
    staging = URIRef(f"{name}/staging-{digest}")
    st_url = f"{target.store_url}?graph-uri={urllib.parse.quote(str(staging), safe='')}"
    update = RemoteEndpoint(target.update_url, timeout, creds)
    _update(update, f"DROP SILENT GRAPH <{staging}>")
    for part in chunks(g, CHUNK_TRIPLES):
        http_request(st_url, "POST", ntriples(part), "text/turtle", creds, timeout)
    got = graph_size(RemoteEndpoint(target.query_url, timeout, creds), staging)
    if got != len(g):
        _update(update, f"DROP SILENT GRAPH <{staging}>")
        raise RemoteError(
            f"{redact(target.store_url)}: staging graph for <{name}> has {got} triples, expected {len(g)}"
        )
    _update(update, f"DROP SILENT GRAPH <{name}> ; MOVE SILENT <{staging}> TO <{name}>")


def _update(endpoint: RemoteEndpoint, text: str) -> None:
    data = urllib.parse.urlencode({"update": text}).encode()
    http_request(
        endpoint.url,
        "POST",
        data,
        "application/x-www-form-urlencoded",
        endpoint.credentials,
        endpoint.timeout,
    )


def publish(
    graphs: Mapping[URIRef, Graph],
    query_url: str,
    store_url: str | None = None,
    update_url: str | None = None,
    timeout: float = 120.0,
    credentials: Credentials | None = None,
) -> dict[URIRef, int]:
    """Upload every named graph (one request or one staged switch per graph); return triples per graph.

    After each upload the graph's size on the server is checked against what was sent.
    """
    creds = credentials if credentials is not None else credentials_from_env()
    target = detect_target(query_url, store_url, update_url, timeout)
    endpoint = RemoteEndpoint(query_url, timeout, creds)
    out: dict[URIRef, int] = {}
    for name in sorted(graphs):
        g = graphs[name]
        put_graph(target, name, g, creds, timeout)
        n = graph_size(endpoint, name)
        if n != len(g):
            raise RemoteError(
                f"{redact(query_url)}: <{name}> holds {n} triples after upload, expected {len(g)}"
            )
        out[name] = n
    return out
