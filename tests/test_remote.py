"""Remote endpoints: real oxigraph and Virtuoso servers on 127.0.0.1, publish, and the same rows everywhere.

One server of each kind per test session, loaded once through ``wardkg.remote.publish`` (the code behind
``wardkg publish``); every stored query must return the same rows there as on the embedded store.
Error handling (HTTP errors, 206 partial answers, timeouts, credentials never shown) is checked against
a small local HTTP server that answers the way a failing endpoint does.
"""

from __future__ import annotations

import http.server
import json
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import require_binary
from servers import Server, oxigraph_server, virtuoso_server
from wardkg import cli
from wardkg.query import load_catalogue, row_key, run_query
from wardkg.remote import Credentials, RemoteEndpoint, RemoteError, graph_size, publish
from wardkg.scope import ward_graphs
from wardkg.store import Dataset, OxigraphEngine, load_dataset, memory_store

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue()
NAMES = sorted(CATALOGUE)


@cache
def dataset() -> Dataset:
    return load_dataset(root=ROOT)


@cache
def embedded() -> OxigraphEngine:
    return OxigraphEngine(memory_store(dataset()))


def creds(server: Server) -> Credentials | None:
    if server.user is None:
        return None
    return Credentials(server.user, server.password or "", server.auth or "basic")


def params_for(name: str) -> dict[str, str]:
    return {"q": "区"} if name == "search" else {}


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    kind = request.param
    workdir = tmp_path_factory.mktemp(kind)
    if kind == "oxigraph":
        # the pip package installs the binary beside the interpreter, which need not be on PATH
        beside = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        binary = beside or require_binary("oxigraph", "pip package oxigraph, in the test extras")
        ctx = oxigraph_server(binary, workdir)
    else:
        binary = require_binary("virtuoso-t", "Debian package virtuoso-opensource")
        ctx = virtuoso_server(binary, workdir)
    with ctx as srv:
        publish(dataset().graphs, srv.query_url, credentials=creds(srv), timeout=120)
        yield srv


def test_publish_loaded_every_graph(server: Server) -> None:
    ep = RemoteEndpoint(server.query_url, credentials=creds(server))
    for name, g in dataset().graphs.items():
        assert graph_size(ep, name) == len(g), name


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_as_embedded_store(server: Server, name: str) -> None:
    q = CATALOGUE[name]
    ep = RemoteEndpoint(server.query_url, timeout=60)
    remote = run_query(ep, q, params_for(name))
    local = run_query(embedded(), q, params_for(name))
    assert remote.variables == local.variables
    got, want = Counter(map(row_key, remote.rows)), Counter(map(row_key, local.rows))
    assert got == want, (
        f"only remote: {list((got - want).items())[:3]}\nonly embedded: {list((want - got).items())[:3]}"
    )


WARD_QUERIES = sorted(n for n, q in CATALOGUE.items() if any(p.name == "ward" for p in q.params))
WARDS = ("13115", "13119", "13120")


@cache
def scoped_endpoint(url: str) -> RemoteEndpoint:
    """One client per server, so the endpoint's graph list is asked once (as in one ``wardkg query`` run)."""
    return RemoteEndpoint(url, timeout=60)


@pytest.mark.parametrize("ward", WARDS)
@pytest.mark.parametrize("name", WARD_QUERIES)
def test_same_rows_with_the_ward_scope(server: Server, name: str, ward: str) -> None:
    """``ward=…`` runs on the ward's graphs (default-graph-uri), remotely as on the embedded store."""
    q = CATALOGUE[name]
    params = {**params_for(name), "ward": ward}
    remote = run_query(scoped_endpoint(server.query_url), q, params)
    local = run_query(embedded(), q, params)
    assert remote.variables == local.variables
    got, want = Counter(map(row_key, remote.rows)), Counter(map(row_key, local.rows))
    assert got == want, (
        f"only remote: {list((got - want).items())[:3]}\nonly embedded: {list((want - got).items())[:3]}"
    )


def test_the_server_honours_the_ward_scope(server: Server) -> None:
    """The endpoint really restricts the default graph to the graphs sent as default-graph-uri: a count
    of all triples equals the sum of those graphs' sizes, and the ward's graphs are the embedded store's."""
    ep = RemoteEndpoint(server.query_url, timeout=60)
    local = set(ward_graphs(embedded().graph_names(), "13120"))
    remote = ward_graphs(ep.graph_names(), "13120")
    assert local <= set(remote)
    assert not [g for g in set(remote) - local if g.startswith("https://w3id.org/wardkg/graph/data/")]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    scoped = int(str(ep.select(count, {}, "13120").rows[0][0]))
    assert scoped == sum(graph_size(ep, URIRef(g)) for g in remote)
    assert scoped < int(str(ep.select(count, {}).rows[0][0]))


def test_injection_on_server(server: Server) -> None:
    ep = RemoteEndpoint(server.query_url)
    before = graph_size(ep, next(iter(sorted(dataset().graphs))))
    assert run_query(ep, CATALOGUE["search"], {"q": '"} ; DROP ALL ; #'}).rows == []
    assert graph_size(ep, next(iter(sorted(dataset().graphs)))) == before


def test_publish_replaces_a_graph_whole(server: Server) -> None:
    name = URIRef("https://w3id.org/wardkg/graph/test/replace")
    g1, g2 = Graph(), Graph()
    for i in range(30):
        g1.add((URIRef(f"urn:x:{i}"), URIRef("urn:p"), Literal(f"古い{i}")))
    for i in range(7):
        g2.add((URIRef(f"urn:y:{i}"), URIRef("urn:p"), Literal(f"新しい{i}", lang="ja")))
    publish({name: g1}, server.query_url, credentials=creds(server))
    publish({name: g2}, server.query_url, credentials=creds(server))
    ep = RemoteEndpoint(server.query_url)
    assert graph_size(ep, name) == 7
    rows = ep.select(f"SELECT ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", {}).rows
    assert {str(r[0]) for r in rows} == {f"新しい{i}" for i in range(7)}
    publish({name: Graph()}, server.query_url, credentials=creds(server))
    assert graph_size(ep, name) == 0


def test_cli_publish_and_query(
    server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if server.user:
        monkeypatch.setenv("WARDKG_ENDPOINT_USER", server.user)
        monkeypatch.setenv("WARDKG_ENDPOINT_PASSWORD", server.password or "")
        monkeypatch.setenv("WARDKG_ENDPOINT_AUTH", server.auth or "basic")
    assert cli.main(["publish", "--endpoint", server.query_url]) == 0
    err = capsys.readouterr().err
    assert "published" in err
    if server.password:
        assert server.password not in err.replace("published", "")
    monkeypatch.delenv("WARDKG_ENDPOINT_USER", raising=False)
    assert cli.main(["query", "plans-overview", "--endpoint", server.query_url, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ward,wardName,plan")
    assert len(out.splitlines()) == 1 + len(run_query(embedded(), CATALOGUE["plans-overview"]).rows)


def test_virtuoso_partial_answer_is_an_error(server: Server) -> None:
    """A real Virtuoso 'anytime' answer (its timeout parameter, in ms) must not pass as a result."""
    if server.name != "virtuoso":
        pytest.skip("Virtuoso-specific: partial answers under its 'timeout' protocol parameter")
    heavy = "SELECT ?c (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?c . ?f ?g ?d } GROUP BY ?c"
    ep = RemoteEndpoint(server.query_url, timeout=120, extra_params={"timeout": "50"})
    with pytest.raises(RemoteError, match="partial answer"):
        ep.select(heavy, {})


# --- failing endpoints -------------------------------------------------------------------------------

RESULT = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "部分"}}]}}


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "ok"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        mode = type(self).mode
        if mode == "slow":
            time.sleep(3)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
            return
        body = json.dumps(RESULT).encode()
        self.send_response(206 if mode == "partial" else 200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake_endpoint() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("H", (_Handler,), {"mode": "ok"})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_ok_answer_is_parsed(fake_endpoint: tuple[str, type[_Handler]]) -> None:
    url, _ = fake_endpoint
    t = RemoteEndpoint(url).select("SELECT ?x WHERE {}", {})
    assert [str(r[0]) for r in t.rows] == ["部分"]


def test_partial_206_answer_is_an_error(fake_endpoint: tuple[str, type[_Handler]]) -> None:
    url, handler = fake_endpoint
    handler.mode = "partial"
    with pytest.raises(RemoteError, match="206"):
        RemoteEndpoint(url).select("SELECT ?x WHERE {}", {})


def test_http_error_is_an_error_without_credentials(
    fake_endpoint: tuple[str, type[_Handler]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, handler = fake_endpoint
    handler.mode = "error"
    monkeypatch.setenv("WARDKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("WARDKG_ENDPOINT_PASSWORD", "s3cr3t-pw")
    ep = RemoteEndpoint(url.replace("http://", "http://alice:s3cr3t-pw@"))
    with pytest.raises(RemoteError) as exc:
        ep.select("SELECT ?x WHERE {}", {})
    assert "500" in str(exc.value)
    assert (
        "s3cr3t-pw" not in str(exc.value)
        and "s3cr3t-pw" not in repr(ep)
        and "s3cr3t-pw" not in repr(ep.credentials)
    )


def test_timeout_is_an_error(fake_endpoint: tuple[str, type[_Handler]]) -> None:
    url, handler = fake_endpoint
    handler.mode = "slow"
    with pytest.raises(RemoteError, match=r"no answer within|timed out|Timeout"):
        RemoteEndpoint(url, timeout=1).select("SELECT ?x WHERE {}", {})


def test_unreachable_endpoint_is_an_error() -> None:
    from servers import free_port

    with pytest.raises(RemoteError, match=r"cannot connect|Error"):
        RemoteEndpoint(f"http://127.0.0.1:{free_port()}/sparql", timeout=2).select("SELECT * WHERE {}", {})
