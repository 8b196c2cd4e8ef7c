"""The embedded store: built from the input files, cached on disk, rebuilt only when an input changed.

Runs on a small copy of the project layout in a temporary directory (ontology/ + data/<ward>/), so the
test controls which files change; the real ontology is copied in so materialisation runs for real.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from wardkg import cli, store
from wardkg.errors import InputError
from wardkg.query import load_catalogue, run_query
from wardkg.store import (
    ENTAILED_GRAPH,
    OxigraphEngine,
    ensure_store,
    graph_iri,
    input_files,
    load_dataset,
    open_store,
)

ROOT = Path(__file__).resolve().parents[1]
WK = "https://w3id.org/wardkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

DATA = """@prefix wk: <https://w3id.org/wardkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://w3id.org/wardkg/id/13120/plan/> .
<p> a wk:ActionPlan ; rdfs:label "テスト計画"@ja ; wk:issuedBy <https://w3id.org/wardkg/id/13120> .
<p/pillar/1> a wk:Pillar ; rdfs:label "柱"@ja ; wk:inPlan <p> .
<p/pillar/1/sp/1> a wk:StrategicPlan ; rdfs:label "戦略"@ja ; wk:hasParent <p/pillar/1> .
<p/pillar/1/sp/1/i/1> a wk:Initiative ; rdfs:label "取組"@ja ; wk:hasParent <p/pillar/1/sp/1> .
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "ontology").mkdir()
    for p in (ROOT / "ontology").glob("*.ttl"):
        shutil.copy(p, tmp_path / "ontology" / p.name)
    (tmp_path / "data" / "13120").mkdir(parents=True)
    (tmp_path / "data" / "13120" / "p.ttl").write_text(DATA, encoding="utf-8")
    return tmp_path


def test_inputs_and_graph_names(project: Path) -> None:
    files = input_files(project)
    assert project / "data" / "13120" / "p.ttl" in files
    assert graph_iri(project / "data" / "13120" / "p.ttl", project) == URIRef(
        "https://w3id.org/wardkg/graph/data/13120/p"
    )


def test_store_is_cached_and_rebuilt_only_on_change(project: Path) -> None:
    cache = project / ".wardkg-cache"
    first = ensure_store(project, cache)
    assert first.rebuilt
    again = ensure_store(project, cache)
    assert not again.rebuilt and again.path == first.path
    # touching a file without changing it keeps the store (the key is the content hash)
    data = project / "data" / "13120" / "p.ttl"
    data.write_text(DATA, encoding="utf-8")
    assert not ensure_store(project, cache).rebuilt
    data.write_text(DATA.replace("テスト計画", "改訂計画"), encoding="utf-8")
    changed = ensure_store(project, cache)
    assert changed.rebuilt and changed.key != first.key
    assert not first.path.exists(), "the stale store is removed"
    assert [p.name for p in cache.iterdir() if not p.name.startswith(".")] == [changed.path.name]


def test_store_holds_the_entailments_queries_need(project: Path) -> None:
    if not (ROOT / "src" / "wardkg" / "reasoning.py").is_file():
        pytest.skip("src/wardkg/reasoning.py not written yet")
    store = open_store(project, project / ".wardkg-cache")
    eng = OxigraphEngine(store)
    ask = (
        "PREFIX wk: <"
        + WK
        + ">\nSELECT ?m ?top WHERE { <https://w3id.org/wardkg/id/13120/plan/p/pillar/1/sp/1/i/1> "
        "wk:municipality ?m ; wk:partOf ?top ; a wk:PlanElement . "
        "?top a wk:PolicyArea }"
    )
    rows = eng.select(ask, {}).rows
    assert [(str(m), str(t)) for m, t in rows] == [
        ("https://w3id.org/wardkg/id/13120", "https://w3id.org/wardkg/id/13120/plan/p/pillar/1")
    ]
    outline = run_query(eng, load_catalogue()["plan-outline"], {"plan": "wkid:13120/plan/p"})
    assert [str(r["number"]) for r in outline.dicts()] == ["", "", ""]  # no notations in this file
    assert len(outline.rows) == 3
    ds = load_dataset(root=project)
    assert ENTAILED_GRAPH in ds.graphs


def test_entailments_are_filed_per_ward_and_an_old_layout_is_rebuilt(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entailments about ward 13120's resources live in graph/entailed/13120 (wardkg.scope); a store
    built before that layout has another key, so it is rebuilt rather than trusted."""
    if not (ROOT / "src" / "wardkg" / "reasoning.py").is_file():
        pytest.skip("src/wardkg/reasoning.py not written yet")
    ds = load_dataset(root=project)
    own = ds.graphs[URIRef(f"{ENTAILED_GRAPH}/13120")]
    el = URIRef("https://w3id.org/wardkg/id/13120/plan/p/pillar/1/sp/1/i/1")
    assert (el, URIRef(WK + "partOf"), URIRef("https://w3id.org/wardkg/id/13120/plan/p/pillar/1")) in own
    assert len(ds.graphs[ENTAILED_GRAPH]) == 0  # nothing entailed here is about no ward
    cache = project / ".wardkg-cache"
    info = ensure_store(project, cache)
    manifest = json.loads((info.path / "wardkg-manifest.json").read_text(encoding="utf-8"))
    assert manifest["graphs"][f"{ENTAILED_GRAPH}/13120"] == len(own)
    monkeypatch.setattr(store, "STORE_FORMAT", "wardkg-store-2")
    old = ensure_store(project, cache)
    assert old.rebuilt and old.key != info.key


def test_a_triple_in_two_files_is_kept_once(project: Path) -> None:
    dup = project / "data" / "13120" / "q.ttl"
    dup.write_text(DATA, encoding="utf-8")  # same triples as p.ttl
    ds = load_dataset(root=project, reason=False)
    p = ds.graphs[graph_iri(project / "data" / "13120" / "p.ttl", project)]
    q = ds.graphs[graph_iri(dup, project)]
    assert len(p) > 0 and len(q) == 0
    assert len(ds) == len(ds.union())


def test_broken_input_names_file_and_line_and_leaves_no_store(project: Path) -> None:
    bad = project / "data" / "13120" / "bad.ttl"
    bad.write_text(
        '@prefix wk: <https://w3id.org/wardkg/ontology#> .\n\nwk:a wk:b "unterminated .\n', encoding="utf-8"
    )
    cache = project / ".wardkg-cache"
    with pytest.raises(InputError, match=r"bad\.ttl"):
        ensure_store(project, cache)
    assert not any(cache.glob("store-*"))


def test_empty_project_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="wardkg build"):
        ensure_store(tmp_path, tmp_path / "cache")


def test_cli_query_list_and_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in load_catalogue():
        assert name in out
    assert "--param sdg=<sdg>" in out
    assert cli.main(["query", "nope"]) == 2
    assert "no stored query" in capsys.readouterr().err
    assert cli.main(["query", "search"]) == 2
    assert "needs --param q" in capsys.readouterr().err


def test_cli_ad_hoc_query_on_the_project_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["query", "--sparql", "SELECT (1 AS ?one) WHERE {}", "--format", "json"]) == 0
    assert '"one"' in capsys.readouterr().out
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?x WHERE { VALUES ?x { 'ä' } }", encoding="utf-8")
    assert cli.main(["query", "--file", str(q), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["x", "ä"]
    assert cli.main(["query", "--sparql", "SELECT WHERE {"]) == 2
    assert "SPARQL" in capsys.readouterr().err


def test_parsed_graphs_match_the_files(project: Path) -> None:
    ds = load_dataset(root=project, reason=False)
    g = Graph().parse(project / "data" / "13120" / "p.ttl")
    assert len(ds.graphs[graph_iri(project / "data" / "13120" / "p.ttl", project)]) == len(g)


def test_cli_subprocess_writes_utf8_csv() -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "wardkg"
    res = subprocess.run(
        [str(exe), "query", "plans-overview", "--format", "csv"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    text = res.stdout.decode("utf-8")  # UTF-8 whatever the locale
    assert text.startswith("ward,wardName,plan,")
    bad = subprocess.run(
        [str(exe), "query", "search", "--param", "nope"], capture_output=True, timeout=60, check=False
    )
    assert bad.returncode == 2 and b"name=value" in bad.stderr


def test_solution_rows_convert_every_cell_as_from_ox_does() -> None:
    """The memoised row conversion gives the same terms as converting cell by cell, keeps unbound cells
    as None, and repeated terms come out equal (the memo is per result, keyed by the Oxigraph term)."""
    import pyoxigraph as ox
    from rdflib import Literal

    st = ox.Store()
    s = ox.NamedNode("https://example.org/s")
    for i, o in enumerate(
        [
            ox.Literal("区", language="JA"),
            ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")),
            ox.Literal("x"),
        ]
    ):
        st.add(ox.Quad(s, ox.NamedNode(f"https://example.org/p{i}"), o))
    q = "SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?p"
    rows = store.solution_rows(st.query(q), 3)
    cell_by_cell = [tuple(store.from_ox(sol[v]) for v in ("s", "o", "none")) for sol in st.query(q)]
    assert rows == cell_by_cell
    assert [r[1] for r in rows] == [
        Literal("区", lang="ja"),
        Literal("12", datatype=URIRef(XSD + "integer")),
        Literal("x"),
    ]
    assert all(r[0] == URIRef("https://example.org/s") and r[2] is None for r in rows)
