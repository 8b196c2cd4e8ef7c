"""``wardkg serve``: the SPARQL 1.1 Protocol endpoint, its refusals and limits, element IRIs and the pages.

Every server here is real: started on a free 127.0.0.1 port over a snapshot of the project's store (the
same one ``wardkg serve`` copies) and stopped after. Expected answers come from somewhere else than the
endpoint — the store manifest's triple count, the query runner on the same store, rdflib over the data
files — never from numbers written into the test.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import signal
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from servers import wardkg_serve
from wardkg import graphs
from wardkg.commands.serve import snapshot_store
from wardkg.query import QUERIES_DIR, format_csv, get_query, run_query
from wardkg.server.formats import negotiate
from wardkg.server.guard import Refused, check_query
from wardkg.store import OxigraphEngine, ensure_store

ROOT = Path(__file__).resolve().parents[1]
WK = "https://w3id.org/wardkg/ontology#"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A cross product of the whole store four times over: runs for hours; must be stopped by the limit."""


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_store(ROOT, tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def base(store_path: Path) -> Iterator[str]:
    with wardkg_serve(store_path, timeout=2.0, max_rows=200) as url:
        yield url


class Reply:
    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def type(self) -> str:
        return str(self.headers.get("Content-Type", "")).split(";")[0]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> Reply:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Reply(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.headers, err.read())


def get(base: str, query: str, accept: str | None = None, **extra: str) -> Reply:
    qs = urllib.parse.urlencode({"query": query, **extra})
    return call(f"{base}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def manifest_triples() -> int:
    return ensure_store(ROOT).triples


# --- the read-only guard and negotiation, without a server ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> { }" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/sparql> and LOAD in a comment",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "ASK { ?s ?p 'INSERT DATA' }",
    ],
)
def test_guard_allows_the_words_outside_clauses(text: str) -> None:
    assert check_query(text).form in ("SELECT", "ASK")


@pytest.mark.parametrize(
    ("text", "status", "word"),
    [
        ("select * where { service <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
        (
            "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://e.org/q> { ?o ?q ?r } } }",
            403,
            "SERVICE",
        ),
        ("LOAD <http://example.org/data.ttl>", 403, "Load"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "InsertData"),
        ("DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
        ("CLEAR ALL", 403, "read-only"),
        ("SELEC * WHERE { ?s ?p ?o }", 400, "syntax"),
        ("   ", 400, "empty"),
    ],
)
def test_guard_refuses(text: str, status: int, word: str) -> None:
    with pytest.raises(Refused) as exc:
        check_query(text)
    assert exc.value.status == status
    assert word in str(exc.value)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/json", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/tab-separated-values, */*;q=0.1", "text/tab-separated-values"),
        ("image/png", None),
        ("text/csv;q=0", None),
    ],
)
def test_negotiate_results(accept: str | None, expected: str | None) -> None:
    offers = (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    )
    assert negotiate(accept, offers) == expected


# --- the protocol ---------------------------------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_get_select_json_counts_the_whole_store(base: str) -> None:
    """Statements per named graph, summed: the store manifest's count (made by rdflib while loading)."""
    r = get(base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert r.status == 200
    assert r.type == "application/sparql-results+json"
    doc = r.json()
    assert doc["head"]["vars"] == ["n"]
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == manifest_triples()


def test_post_form_and_post_body_give_the_same_answer(base: str) -> None:
    q = f"PREFIX wk: <{WK}> SELECT ?p WHERE {{ ?p a wk:Plan }} ORDER BY ?p"
    by_get = get(base, q).json()
    form = call(
        f"{base}/sparql",
        data=urllib.parse.urlencode({"query": q}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    body = call(
        f"{base}/sparql", data=q.encode(), headers={"Content-Type": "application/sparql-query; charset=utf-8"}
    )
    assert form.status == body.status == 200
    assert form.json() == body.json() == by_get
    plans = {str(s) for s in _data_graph().subjects(URIRef(WK + "issuedBy"), None)}
    assert {b["p"]["value"] for b in by_get["results"]["bindings"]} == plans


@pytest.mark.parametrize(
    ("accept", "mtype"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_media_types(base: str, accept: str, mtype: str) -> None:
    q = f"PREFIX wk: <{WK}> PREFIX rdfs: <{RDFS}> SELECT ?p ?label WHERE {{ ?p a wk:Plan ; rdfs:label ?label }} ORDER BY ?p ?label"
    expected = get(base, q).json()["results"]["bindings"]
    r = get(base, q, accept)
    assert r.status == 200
    assert r.type == mtype
    assert "charset=utf-8" in r.headers["Content-Type"]
    if mtype.endswith("+xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(r.body)
        results = root.findall("r:results/r:result", ns)
        assert len(results) == len(expected)
        langs = [
            e.get("{http://www.w3.org/XML/1998/namespace}lang")
            for e in root.iter("{http://www.w3.org/2005/sparql-results#}literal")
        ]
        assert langs == [b["label"].get("xml:lang") for b in expected]
    elif mtype == "text/csv":
        lines = r.text.split("\r\n")
        assert lines[0] == "p,label"
        assert len([x for x in lines[1:] if x]) == len(expected)
    elif mtype == "text/tab-separated-values":
        lines = r.text.splitlines()
        assert lines[0] == "?p\t?label"
        assert lines[1].startswith("<https://w3id.org/wardkg/id/")
        assert len(lines) - 1 == len(expected)
    else:
        assert r.json()["results"]["bindings"] == expected


def test_ask_and_format_parameter(base: str) -> None:
    r = get(base, f"ASK {{ ?s a <{WK}Plan> }}", "application/sparql-results+xml")
    assert r.status == 200 and r.type == "application/sparql-results+xml"
    assert ET.fromstring(r.body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"  # type: ignore[union-attr]
    r = get(base, f"ASK {{ ?s a <{WK}NoSuchClass> }}", format="json")
    assert r.json() == {"head": {}, "boolean": False}
    assert get(base, "ASK {}", format="ttl").status == 406


@pytest.mark.parametrize(
    ("accept", "mtype", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        (None, "text/turtle", "turtle"),
    ],
)
def test_construct_media_types(base: str, accept: str | None, mtype: str, rdflib_format: str) -> None:
    q = f"CONSTRUCT {{ ?p <{RDFS}label> ?l }} WHERE {{ ?p a <{WK}Plan> ; <{RDFS}label> ?l }}"
    r = get(base, q, accept)
    assert r.status == 200 and r.type == mtype
    g = Graph().parse(data=r.body, format=rdflib_format)
    data = _data_graph()
    plans = set(data.subjects(URIRef(WK + "issuedBy"), None))
    expected = {(s, RDFS.label, o) for s in plans for o in data.objects(s, RDFS.label)}
    assert expected and expected <= set(g)


def test_not_acceptable_and_bad_requests(base: str) -> None:
    assert get(base, COUNT, "image/png").status == 406
    assert get(base, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv").status == 406
    assert call(f"{base}/sparql", headers={"Accept": "application/json"}).status == 400  # no query
    r = get(base, "SELECT ?x WHERE { ?x a ex:Undeclared }")
    assert r.status == 400 and "ex" in r.text
    two = call(
        f"{base}/sparql?query=ASK%7B%7D", data=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert two.status == 400
    r = call(f"{base}/sparql", data=b"ASK {}", headers={"Content-Type": "application/octet-stream"})
    assert r.status == 415
    assert get(base, COUNT, **{"default-graph-uri": "not an IRI"}).status == 400


# --- refusals -------------------------------------------------------------------------------------


def test_updates_are_refused_however_sent(base: str) -> None:
    before = get(base, COUNT).json()["results"]["bindings"][0]["n"]["value"]
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    replies = [
        call(f"{base}/sparql?" + urllib.parse.urlencode({"update": insert})),
        call(
            f"{base}/sparql",
            data=urllib.parse.urlencode({"update": insert}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        call(f"{base}/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        get(base, insert),
        call(f"{base}/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-query"}),
        get(base, "LOAD <http://example.org/x.ttl>"),
        get(base, "DROP ALL"),
    ]
    for r in replies:
        assert r.status == 403, r.text
        assert "read-only" in r.text
    assert get(base, COUNT).json()["results"]["bindings"][0]["n"]["value"] == before
    assert get(base, "ASK { <urn:x> <urn:y> <urn:z> }").json()["boolean"] is False


def test_service_is_refused_but_the_word_in_a_literal_is_not(base: str) -> None:
    r = get(base, "SELECT * WHERE { ?s ?p ?o . SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } LIMIT 1")
    assert r.status == 403 and "SERVICE" in r.text
    ok = get(base, 'SELECT ?x WHERE { BIND("SERVICE <http://x/> { }" AS ?x) }')
    assert ok.status == 200
    assert ok.json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


# --- limits ---------------------------------------------------------------------------------------


def test_time_limit_stops_a_slow_query_with_an_error(base: str) -> None:
    t0 = time.monotonic()
    r = get(base, SLOW)
    elapsed = time.monotonic() - t0
    assert r.status == 503
    assert "time limit" in r.text
    assert "results" not in r.text and "bindings" not in r.text  # an error, no partial answer
    assert elapsed < 2.0 + 3.0
    # the worker was killed: nothing of ours keeps running, and the server still answers
    deadline = time.monotonic() + 5
    while any(p.is_alive() for p in multiprocessing.active_children()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]
    assert get(base, "ASK {}").status == 200


def test_result_size_limit_is_an_error_never_a_cut(base: str) -> None:
    at = get(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 200")
    assert at.status == 200 and len(at.json()["results"]["bindings"]) == 200
    over = get(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 201")
    assert over.status == 422
    assert "200" in over.text and "bindings" not in over.text
    assert get(base, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 201", "text/turtle").status == 422
    assert get(base, "SELECT * WHERE { ?s ?p ?o }", "text/csv").status == 422


def test_cors_only_when_configured(store_path: Path, base: str) -> None:
    assert get(base, "ASK {}").headers.get("Access-Control-Allow-Origin") is None
    with wardkg_serve(store_path, cors="https://example.org") as url:
        r = get(url, "ASK {}")
        assert r.headers["Access-Control-Allow-Origin"] == "https://example.org"
        pre = call(
            f"{url}/sparql",
            method="OPTIONS",
            headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
        )
        assert pre.status == 204
        assert "POST" in pre.headers["Access-Control-Allow-Methods"]
        assert pre.headers["Access-Control-Allow-Origin"] == "https://example.org"


# --- element IRIs and pages ----------------------------------------------------------------------

_DATA: Graph | None = None


def _data_graph() -> Graph:
    """The data files (not the store) as one rdflib graph: the oracle for what the server must show."""
    global _DATA
    if _DATA is None:
        g = Graph()
        for p in graphs.data_files(ROOT):
            g.parse(p, format="turtle")
        _DATA = g
    return _DATA


def _some_element() -> URIRef:
    g = _data_graph()
    with_desc = sorted(
        s
        for s in g.subjects(URIRef("http://purl.org/dc/terms/description"), None)
        if isinstance(s, URIRef) and (s, URIRef(WK + "hasParent"), None) in g
    )
    assert with_desc, "no element with a description and a parent in the data"
    return with_desc[0]


def test_element_iri_content_negotiation(base: str) -> None:
    iri = _some_element()
    path = "/id/" + str(iri).removeprefix("https://w3id.org/wardkg/id/")
    own = {(iri, p, o) for p, o in _data_graph().predicate_objects(iri)}
    for accept, fmt in (
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ):
        r = call(base + path, headers={"Accept": accept})
        assert r.status == 200 and r.type == accept
        assert own <= set(Graph().parse(data=r.body, format=fmt))
    page = call(base + path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status == 200 and page.type == "text/html"
    label = next(
        o for o in _data_graph().objects(iri, RDFS.label) if isinstance(o, Literal) and o.language == "ja"
    )
    assert _html_text(str(label)) in page.text
    for parent in _data_graph().objects(iri, URIRef(WK + "hasParent")):
        assert "/id/" + str(parent).removeprefix("https://w3id.org/wardkg/id/") in page.text
    assert call(base + "/id/13120/plan/no-such-plan", headers={"Accept": "text/turtle"}).status == 404
    assert call(base + "/id/13120/plan/no-such-plan", headers={"Accept": "text/html"}).status == 404


def _html_text(s: str) -> str:
    import html

    return html.escape(s, quote=True)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).lower()


def test_search_page_finds_what_the_data_says(base: str) -> None:
    term = "医療的ケア児"
    g = _data_graph()
    expected = set()
    for s, p, o in g:
        if p in (RDFS.label, URIRef("http://purl.org/dc/terms/description")) and _norm(term) in _norm(str(o)):
            if (s, URIRef(WK + "hasParent"), None) in g or (s, URIRef(WK + "inPlan"), None) in g:
                expected.add(str(s))
    r = call(f"{base}/search?" + urllib.parse.urlencode({"q": term}), headers={"Accept": "text/html"})
    assert r.status == 200
    found = {"https://w3id.org/wardkg/id/" + m for m in re.findall(r'href="/id/([^"]+)"', r.text)}
    assert expected and expected <= found
    assert {"13120", "13119"} <= {e.removeprefix("https://w3id.org/wardkg/id/")[:5] for e in expected}
    bad = call(f"{base}/search?sdg=99", headers={"Accept": "text/html"})
    assert bad.status == 400 and "sdg" in bad.text


def test_stored_query_download_matches_the_runner(base: str, store_path: Path) -> None:
    import pyoxigraph as ox

    q = get_query("plans-overview")
    expected = format_csv(run_query(OxigraphEngine(ox.Store.read_only(str(store_path))), q, {}))
    r = call(f"{base}/queries/plans-overview.csv")
    assert r.status == 200 and r.type == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.text == expected
    j = call(f"{base}/queries/plans-overview.json")
    assert j.type == "application/sparql-results+json"
    assert len(j.json()["results"]["bindings"]) == expected.count("\r\n") - 1
    assert call(f"{base}/queries/no-such-query").status == 404
    missing = call(f"{base}/queries/sdg-initiatives.csv?sdg=not-a-goal")
    assert missing.status == 400


def test_pages_and_language_switch(base: str) -> None:
    for path in (
        "/",
        "/sdg",
        "/budget",
        "/queries",
        "/editor",
        "/queries/search",
        "/static/style.css",
        "/static/app.js",
    ):
        r = call(base + path)
        assert r.status == 200, path
    ja = call(base + "/").text
    assert '<html lang="ja">' in ja and "計画要素をさがす" in ja
    switch = call(base + "/lang?to=en&next=/sdg")
    # urllib follows the 303 but drops the cookie; the cookie itself is what makes the switch stick
    assert switch.status == 200
    en = call(base + "/sdg", headers={"Cookie": "lang=en"}).text
    assert '<html lang="en">' in en and "SDG coverage" in en
    assert call(base + "/nothing-here").status == 404
    assert call(base + "/static/../app.py").status == 404


def test_cli_serve_subprocess(tmp_path: Path) -> None:
    """One real ``wardkg serve`` run: it prints its address, answers, and stops on SIGINT.

    stderr goes to a file, not a pipe nobody reads (a full pipe would block the server's writes), and
    what the server wrote there is part of every failure message. SIGINT is set to its default in the
    child: a test run started in the background by a non-interactive shell (``cmd &``) ignores SIGINT,
    the server would inherit that, and Python then installs no KeyboardInterrupt handler."""
    err_path = tmp_path / "serve.stderr"
    with err_path.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wardkg.cli", "serve", "--port", "0", "--timeout", "5"],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            cwd=ROOT,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    stopped_in_time = True
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line + err_path.read_text(encoding="utf-8")
        r = get(f"http://127.0.0.1:{m.group(1)}", COUNT)
        assert r.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stopped_in_time = False
            proc.kill()
            proc.wait()
    log = err_path.read_text(encoding="utf-8")
    assert stopped_in_time, f"wardkg serve did not stop within 30 s of SIGINT; its stderr:\n{log}"
    assert proc.returncode == 0, log


def test_cli_serve_bad_options() -> None:
    from wardkg.cli import main

    assert main(["serve", "--timeout", "0"]) == 2
    assert main(["serve", "--max-rows", "-1"]) == 2


def test_heatmap_counts_match_the_annotations_and_the_search(base: str) -> None:
    """Each cell = distinct elements of the ward linked (not rejected) to the goal or one of its targets,
    computed here from the annotation files with rdflib; the cell's link lists that many elements."""
    oa = "http://www.w3.org/ns/oa#"
    g = _data_graph()
    if (None, URIRef(oa + "hasTarget"), None) not in g:
        pytest.skip("no SDG annotations in data/ (run `wardkg build` or `wardkg link`)")
    expected: dict[tuple[str, str], set[str]] = {}
    plans = set(g.subjects(URIRef(WK + "issuedBy"), None))
    for a, el in g.subject_objects(URIRef(oa + "hasTarget")):
        if el in plans or (a, URIRef(WK + "reviewVerdict"), URIRef(WK + "Rejected")) in g:
            continue
        for body in g.objects(a, URIRef(oa + "hasBody")):
            goal = str(body).removeprefix("http://metadata.un.org/sdg/").split(".")[0]
            ward = str(el).removeprefix("https://w3id.org/wardkg/id/")[:5]
            expected.setdefault((ward, goal), set()).add(str(el))
    page = call(base + "/sdg").text
    cells = re.findall(r'data-ward="(\d+)" data-goal="(\d+)"[^>]*><a href="([^"]+)"[^>]*>(\d+)</a>', page)
    assert len(cells) == 17 * len({w for w, _ in expected})
    for ward, goal, _, n in cells:
        assert int(n) == len(expected.get((ward, goal), set())), (ward, goal)
    small = [(w, gl, href, n) for w, gl, href, n in cells if 0 < int(n) <= 50][:3]
    for ward, goal, href, _n in small:
        listed = call(base + href.replace("&amp;", "&")).text
        found = set(re.findall(r'href="/id/(\d{5}/plan/[^"]+)"', listed)) - {
            p for p in re.findall(r'href="/id/(\d{5}/plan/[^"/]+)"', listed)
        }
        assert {"https://w3id.org/wardkg/id/" + f for f in found} == expected[(ward, goal)]


def test_describe_and_links_only_for_web_iris(base: str) -> None:
    iri = _some_element()
    r = get(base, f"DESCRIBE <{iri}>", "application/n-triples")
    assert r.status == 200 and r.type == "application/n-triples"
    own = {(iri, p, o) for p, o in _data_graph().predicate_objects(iri)}
    assert own <= set(Graph().parse(data=r.body, format="nt"))
    from wardkg.server.html import cell

    assert "<a " not in cell(URIRef("javascript:alert(1)"))
    assert 'href="/id/13120"' in cell(URIRef("https://w3id.org/wardkg/id/13120"))


def test_sparql_without_query_gives_the_editor_to_a_browser(base: str) -> None:
    page = call(f"{base}/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status == 200 and page.type == "text/html"
    assert 'id="sparql-text"' in page.text


def test_unit_filter_finds_the_units_elements(base: str) -> None:
    g = _data_graph()
    unit_of = URIRef(WK + "responsibleUnit")
    names = sorted({str(n) for u in g.objects(None, unit_of) for n in g.objects(u, RDFS.label)})
    assert names
    name = names[len(names) // 2]
    units = {
        u
        for u in set(g.objects(None, unit_of))
        if (u, RDFS.label, None) in g and name in {str(n) for n in g.objects(u, RDFS.label)}
    }
    expected = {str(e) for u in units for e in g.subjects(unit_of, u)}
    r = call(f"{base}/search?" + urllib.parse.urlencode({"unit": name}), headers={"Accept": "text/html"})
    found = {"https://w3id.org/wardkg/id/" + m for m in re.findall(r'<td><a href="/id/([^"]+)">', r.text)}
    assert expected <= found


def test_budget_chart_sums_each_line_once_per_goal(base: str) -> None:
    """Per goal: the budget lines of the elements linked (not rejected) to it or its targets, each line once,
    computed here from the data files; also for one fiscal year."""
    oa = "http://www.w3.org/ns/oa#"
    g = _data_graph()
    linked: dict[str, set[URIRef]] = {}
    for a, el in g.subject_objects(URIRef(oa + "hasTarget")):
        if (a, URIRef(WK + "reviewVerdict"), URIRef(WK + "Rejected")) in g:
            continue
        for body in g.objects(a, URIRef(oa + "hasBody")):
            goal = str(body).removeprefix("http://metadata.un.org/sdg/").split(".")[0]
            linked.setdefault(goal, set()).add(el)  # type: ignore[arg-type]
    lines = [(line, el) for line, el in g.subject_objects(URIRef(WK + "budgetOf"))]
    if not lines or not linked:
        pytest.skip("no budget lines or no SDG links in data/")
    years = sorted({str(y) for line, _ in lines for y in g.objects(line, URIRef(WK + "fiscalYear"))})
    for fy in (None, years[0]):
        expected: dict[str, Decimal] = {}
        for line, el in lines:
            if fy and (line, URIRef(WK + "fiscalYear"), URIRef(fy)) not in g:
                continue
            amount = Decimal(str(next(g.objects(line, URIRef(WK + "amount")), 0)))
            for goal, els in linked.items():
                if el in els:
                    expected[goal] = expected.get(goal, Decimal(0)) + amount
        qs = "?" + urllib.parse.urlencode({"fy": fy.rsplit("/", 1)[-1]}) if fy else ""
        page = call(f"{base}/budget{qs}").text
        shown = {gl: Decimal(v) for gl, v in re.findall(r'<rect data-goal="(\d+)" data-yen="([\d.]+)"', page)}
        assert len(shown) == 17
        for goal in map(str, range(1, 18)):
            assert shown[goal] == expected.get(goal, Decimal(0)), (fy, goal)


def _page_of(base: str, iri: URIRef) -> str:
    path = "/id/" + str(iri).removeprefix("https://w3id.org/wardkg/id/")
    r = call(base + path, headers={"Accept": "text/html"})
    assert r.status == 200, iri
    return r.text


def _section(page: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}">(.*?)</section>', page, re.S)
    assert m, sid
    return m.group(1)


def test_element_page_sections_follow_the_data(base: str) -> None:
    """Versions, KPIs, SDG links (code, method, evidence) and budget of real elements appear on their pages."""
    import html as html_mod

    g = _data_graph()
    revised = sorted(g.subject_objects(URIRef("http://www.w3.org/ns/prov#wasRevisionOf")))
    if revised:
        newer, older = revised[0]
        assert "/id/" + str(older).removeprefix("https://w3id.org/wardkg/id/") in _section(
            _page_of(base, newer), "versions"
        )  # type: ignore[arg-type]
        assert "/id/" + str(newer).removeprefix("https://w3id.org/wardkg/id/") in _section(
            _page_of(base, older), "versions"
        )  # type: ignore[arg-type]
    kpis = sorted(g.subject_objects(URIRef(WK + "indicatorOf")))
    if kpis:
        kpi, el = kpis[0]
        label = next(str(o) for o in g.objects(kpi, RDFS.label))
        assert html_mod.escape(label) in _section(_page_of(base, el), "kpi")  # type: ignore[arg-type]
    oa = "http://www.w3.org/ns/oa#"
    targets = sorted(
        {el for el in g.objects(None, URIRef(oa + "hasTarget")) if (el, URIRef(WK + "hasParent"), None) in g}
    )
    if targets:
        el = targets[len(targets) // 2]
        sdg = _section(_page_of(base, el), "sdg")  # type: ignore[arg-type]
        for a in g.subjects(URIRef(oa + "hasTarget"), el):
            code = str(next(g.objects(a, URIRef(oa + "hasBody")))).removeprefix("http://metadata.un.org/sdg/")
            assert f">{code}</a>" in sdg
            for m in g.objects(a, URIRef(WK + "linkMethod")):
                assert str(m).rsplit("#", 1)[-1] in sdg
            for ev in g.objects(a, URIRef(WK + "evidence")):
                assert html_mod.escape(str(ev)) in sdg
    lines = sorted(g.subject_objects(URIRef(WK + "budgetOf")))
    if lines:
        line, el = lines[0]
        written = next((str(o) for o in g.objects(line, URIRef(WK + "amountAsWritten"))), None)
        if written:
            assert html_mod.escape(written) in _section(_page_of(base, el), "budget")  # type: ignore[arg-type]
    assert revised and kpis and targets and lines, "the data lack versions, KPIs, SDG links or budget lines"


def test_service_description_for_rdf_clients(base: str) -> None:
    sd = "http://www.w3.org/ns/sparql-service-description#"
    r = call(f"{base}/sparql", headers={"Accept": "text/turtle"})
    assert r.status == 200 and r.type == "text/turtle"
    g = Graph().parse(data=r.body, format="turtle")
    svc = URIRef(f"{base}/sparql")
    assert (svc, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert (svc, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in g
    assert len(list(g.objects(svc, URIRef(sd + "resultFormat")))) == 7


def test_every_stored_query_runs_from_its_page(store_path: Path) -> None:
    """Each query of the catalogue runs from its form (required parameters get a sample value) within the
    default limits and shows the rows it announces."""
    from wardkg.query import load_catalogue

    with wardkg_serve(store_path) as base:
        _run_every_query(base, load_catalogue(QUERIES_DIR))


def _run_every_query(base: str, catalogue: dict[str, Any]) -> None:
    samples = {
        "text": "子ども",
        "ja": "子育て支援課",
        "iri": "wkid:13120/plan/vision2-ap-2022",
        "ward": "13120",
    }
    for name, q in catalogue.items():
        params = {p.name: samples.get(p.type, "") for p in q.params if p.required}
        qs = urllib.parse.urlencode({"run": "1", **params})
        r = call(f"{base}/queries/{name}?{qs}", headers={"Accept": "text/html"})
        assert r.status == 200, (name, r.text[-300:])
        m = re.search(r'id="result-count">(\d+)', r.text)
        assert m, name
        assert r.text.count("<tr>") == int(m.group(1)) + 1, name  # header row + one per result


def test_domain_and_ward_filters(base: str) -> None:
    g = _data_graph()
    pd = URIRef(WK + "policyDomain")
    domains = sorted({str(d) for d in g.objects(None, pd)})
    assert domains
    domain = domains[0]
    slug = domain.rsplit("/", 1)[-1]
    tagged = {str(e) for e in g.subjects(pd, URIRef(domain)) if (e, URIRef(WK + "hasParent"), None) in g}
    ward = sorted(tagged)[0].removeprefix("https://w3id.org/wardkg/id/")[:5]
    expected = {e for e in tagged if e.startswith(f"https://w3id.org/wardkg/id/{ward}/")}
    r = call(
        f"{base}/search?" + urllib.parse.urlencode({"domain": slug, "ward": ward}),
        headers={"Accept": "text/html"},
    )
    found = {"https://w3id.org/wardkg/id/" + m for m in re.findall(r'<td><a href="/id/([^"]+)">', r.text)}
    elements = {f for f in found if f.count("/") > 7}  # not the plan column's links
    assert expected <= elements
    assert all(f.startswith(f"https://w3id.org/wardkg/id/{ward}/") for f in found)
