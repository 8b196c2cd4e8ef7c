"""Per-ward datasets: a stored query run with ``ward=<code>`` sees only that ward's graphs, same rows.

The claim behind the scope (src/wardkg/scope.py) is that restricting the default graph to the graphs of
no ward plus the ward's own changes nothing a ``ward`` query returns; these tests check it for every
stored query with a ``ward`` parameter and every ward of the real data, on the project's on-disk store
(what ``wardkg query`` and ``wardkg serve`` open). The split of the entailments is checked against the
reasoner's output: every entailment in exactly one graph, nothing lost, nothing added.
"""

from __future__ import annotations

import dataclasses
import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from servers import wardkg_serve
from wardkg import graphs
from wardkg.commands.serve import snapshot_store
from wardkg.errors import SourceFormatError
from wardkg.query import (
    StoredQuery,
    load_catalogue,
    parse_stored_query,
    row_key,
    run_query,
)
from wardkg.remote import RemoteEndpoint
from wardkg.scope import ENTAILED_GRAPH, entailed_graph, graph_ward, resource_ward, ward_code, ward_graphs
from wardkg.store import OxigraphEngine, ensure_store, entailments, load_dataset, open_store

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue()
WARD_QUERIES = sorted(name for name, q in CATALOGUE.items() if any(p.name == "ward" for p in q.params))
WARDS = sorted(p.name for p in (ROOT / "data").iterdir() if p.is_dir() and p.name.isdigit())
GRAPH = "https://w3id.org/wardkg/graph/"


@cache
def engine() -> OxigraphEngine:
    return OxigraphEngine(open_store(ROOT))


def params_for(name: str, ward: str) -> dict[str, str]:
    return {"ward": ward, **({"q": "区"} if name == "search" else {})}


def test_the_real_data_has_the_wards_and_queries_this_file_is_about() -> None:
    assert WARDS == ["13115", "13119", "13120"]
    assert len(WARD_QUERIES) >= 13
    for code in WARDS:
        assert f"{GRAPH}entailed/{code}" in engine().graph_names()


@pytest.mark.parametrize("ward", WARDS)
@pytest.mark.parametrize("name", WARD_QUERIES)
def test_scoped_rows_equal_rows_on_every_graph(name: str, ward: str) -> None:
    q = CATALOGUE[name]
    scoped = run_query(engine(), q, params_for(name, ward))
    whole = run_query(engine(), q, params_for(name, ward), scoped=False)
    assert scoped.variables == whole.variables
    got, want = Counter(map(row_key, scoped.rows)), Counter(map(row_key, whole.rows))
    assert got == want, f"only scoped: {list(got - want)[:3]}\nonly whole: {list(want - got)[:3]}"


@pytest.mark.parametrize("ward", WARDS)
def test_a_wards_dataset_is_the_shared_graphs_and_its_own(ward: str) -> None:
    names = engine().graph_names()
    scope = engine().scope_graphs(ward)
    others = [w for w in WARDS if w != ward]
    assert f"{GRAPH}entailed/{ward}" in scope
    assert any(g.startswith(f"{GRAPH}data/{ward}/") for g in scope)
    assert f"{GRAPH}ontology/wardkg" in scope
    assert (f"{GRAPH}dist/catalog" in scope) == (f"{GRAPH}dist/catalog" in names)
    assert not [g for g in scope for w in others if f"/{w}/" in g or g.endswith(f"/{w}")]
    assert set(names) - set(scope) == {g for g in names if graph_ward(g) in others}


def test_scope_restricts_what_the_query_sees() -> None:
    """The scope is not a no-op: cross-ward-by-domain counts the wards a domain spans, so run on one
    ward's graphs it loses every row — which is why it is marked as needing the whole dataset."""
    q = CATALOGUE["cross-ward-by-domain"]
    assert q.scope == "all"
    forced: StoredQuery = dataclasses.replace(q, scope="ward")
    whole = run_query(engine(), q, {"ward": "13120"})
    assert len(whole.rows) > 0
    assert run_query(engine(), forced, {"ward": "13120"}).rows == []
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(engine().select(count, {}, "13120").rows[0][0]) < int(engine().select(count, {}).rows[0][0])  # type: ignore[arg-type]


def test_an_iri_that_is_no_ward_runs_on_every_graph() -> None:
    q = CATALOGUE["plans-overview"]
    rows = run_query(engine(), q, {"ward": "https://example.org/not-a-ward"}).rows
    assert rows == []
    assert ward_code(URIRef("https://example.org/not-a-ward")) is None
    assert ward_code(URIRef("https://w3id.org/wardkg/id/13120")) == "13120"
    assert ward_code(URIRef("https://w3id.org/wardkg/id/13120/plan/x")) is None


def test_graph_and_resource_ownership() -> None:
    assert graph_ward(f"{GRAPH}data/13120/vision2-ap-2022.sdg") == "13120"
    assert graph_ward(f"{GRAPH}entailed/90001") == "90001"
    assert graph_ward(f"{GRAPH}entailed") is None
    assert graph_ward(f"{GRAPH}ontology/wards") is None
    assert graph_ward(f"{GRAPH}dist/catalog") is None
    assert graph_ward("urn:fixture") is None
    assert resource_ward(URIRef("https://w3id.org/wardkg/id/13120")) == "13120"
    assert resource_ward(URIRef("https://w3id.org/wardkg/id/13120/org/x")) == "13120"
    assert resource_ward(URIRef("https://w3id.org/wardkg/id/fy/2024")) is None
    assert resource_ward(URIRef("https://w3id.org/wardkg/id/131200")) == "131200"
    assert resource_ward(URIRef("https://w3id.org/wardkg/id/13120x")) is None
    names = [f"{GRAPH}entailed", f"{GRAPH}entailed/1", f"{GRAPH}data/1/a", f"{GRAPH}data/2/a", "urn:x"]
    assert ward_graphs(names, "1") == sorted(
        [f"{GRAPH}entailed", f"{GRAPH}entailed/1", f"{GRAPH}data/1/a", "urn:x"]
    )
    assert ward_graphs(names, "3") == sorted([f"{GRAPH}entailed", "urn:x"])


def test_entailments_split_by_ward_lose_and_add_nothing() -> None:
    ds = load_dataset(root=ROOT)
    files = [*graphs.ontology_files(ROOT), *graphs.data_files(ROOT)]
    catalog = ROOT / "dist" / "catalog.ttl"
    asserted = graphs.load_graph(*files, *([catalog] if catalog.is_file() else []))
    reference = entailments(asserted, graphs.load_graph(*graphs.schema_files(ROOT)))
    parts = {name: g for name, g in ds.graphs.items() if str(name).startswith(str(ENTAILED_GRAPH))}
    assert set(parts) == {ENTAILED_GRAPH} | {entailed_graph(w) for w in WARDS}
    seen: Counter[tuple[object, object, object]] = Counter()
    for name, g in parts.items():
        seen.update(g)
        code = graph_ward(str(name))
        for s, _p, o in g:
            assert (resource_ward(s) or resource_ward(o)) == code, (name, s, o)
    assert all(n == 1 for n in seen.values()), "an entailment is in two graphs"
    union = Graph()
    for g in parts.values():
        union += g
    assert len(union) == len(reference) > 0
    assert set(union) == set(reference)


def test_scope_header(tmp_path: Path) -> None:
    head = "# title: t\n# title@en: t\n# question: q\n# question@en: q\n# columns: x\n"
    p = tmp_path / "q.rq"
    p.write_text(head + "# scope: all\nSELECT ?x WHERE { }\n", encoding="utf-8")
    assert parse_stored_query(p).scope == "all"
    p.write_text(head + "SELECT ?x WHERE { }\n", encoding="utf-8")
    assert parse_stored_query(p).scope == "ward"
    p.write_text(head + "# scope: country\nSELECT ?x WHERE { }\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="scope"):
        parse_stored_query(p)
    # the one stored query that compares a ward with the others says so in its header
    assert {n for n, q in CATALOGUE.items() if q.scope == "all"} == {"cross-ward-by-domain"}


# --- wardkg serve: the dataset protocol parameters --------------------------------------------------


@pytest.fixture(scope="module")
def serve_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with wardkg_serve(snapshot_store(ROOT, tmp_path_factory.mktemp("serve"))) as base:
        yield f"{base}/sparql"


def _count(url: str, query: str, pairs: list[tuple[str, str]], body: bool = False) -> int:
    if body:  # the query as the request body, the dataset in the URL
        req = urllib.request.Request(
            f"{url}?{urllib.parse.urlencode(pairs)}",
            data=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
    else:
        req = urllib.request.Request(
            f"{url}?{urllib.parse.urlencode([('query', query), *pairs])}",
            headers={"Accept": "application/sparql-results+json"},
        )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


def test_serve_takes_the_dataset_from_the_protocol_parameters(serve_url: str) -> None:
    """default-graph-uri / named-graph-uri (SPARQL 1.1 Protocol §2.1.4) give the dataset exactly."""
    info = ensure_store(ROOT)
    sizes = json.loads((info.path / "wardkg-manifest.json").read_text(encoding="utf-8"))["graphs"]
    wards, plan = (GRAPH + n for n in ("ontology/wards", "data/13120/vision3-ap-2024"))
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(serve_url, everything, [("default-graph-uri", wards)]) == sizes[wards]
    both = [("default-graph-uri", wards), ("default-graph-uri", plan)]
    n = _count(serve_url, everything, both)
    assert n == _count(serve_url, everything, both, body=True) == sizes[wards] + sizes[plan]
    assert _count(serve_url, in_graphs, [("named-graph-uri", plan)]) == sizes[plan]
    assert _count(serve_url, everything, [("named-graph-uri", plan)]) == 0  # no default graph then
    assert _count(serve_url, in_graphs, [("default-graph-uri", plan)]) == 0  # no named graphs then
    assert _count(serve_url, in_graphs, []) == info.triples
    with pytest.raises(urllib.error.HTTPError) as exc:
        _count(serve_url, everything, [("default-graph-uri", "not an IRI")])
    assert exc.value.code == 400


@pytest.mark.parametrize(("name", "ward"), [("plans-overview", "13120"), ("stated-vs-listed", "13115")])
def test_remote_client_with_a_ward_scope_on_wardkg_serve(serve_url: str, name: str, ward: str) -> None:
    q = CATALOGUE[name]
    client = RemoteEndpoint(serve_url)
    remote = run_query(client, q, {"ward": ward})
    local = run_query(engine(), q, {"ward": ward})
    assert remote.rows
    assert Counter(map(row_key, remote.rows)) == Counter(map(row_key, local.rows))
    assert ward_graphs(client.graph_names(), ward) == engine().scope_graphs(ward)
