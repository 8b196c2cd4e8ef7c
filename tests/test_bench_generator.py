"""The synthetic-municipality generator (bench/wardbench): seeded and reproducible, valid against the core
shapes, shaped like the real graph within the stated tolerances, entailments equal to the reasoner's.

The real built graph is the repository's data/<ward>/*.ttl (plus *.sdg.ttl when built). No timings here.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from wardkg import graphs, store
from wardkg.jtext import match_key
from wardkg.namespaces import ID, WK
from wardkg.sources import PROJECT_ROOT
from wardkg.validate import validate_files, validate_files_fast

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

from wardbench.generate import Pool, check_digit, generate, load_pool, synthetic_code
from wardbench.profile import TOLERANCES, compare, measure
from wardbench.run import fit_exponent

pytestmark = pytest.mark.skipif(not graphs.data_files(PROJECT_ROOT), reason="no built ward data in data/")


@pytest.fixture(scope="module")
def pool() -> Pool:
    return load_pool(PROJECT_ROOT)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_text(pool: Pool, tmp_path: Path) -> None:
    generate(pool, 4, tmp_path / "a", seed=7)
    generate(pool, 4, tmp_path / "b", seed=7)
    generate(pool, 4, tmp_path / "c", seed=8)
    a, b, c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert a == b
    data_a = {k: v for k, v in a.items() if k.startswith("data/")}
    data_c = {k: v for k, v in c.items() if k.startswith("data/")}
    assert data_a != data_c
    assert sorted({k.split("/")[1] for k in data_a}) == [synthetic_code(i) for i in range(4)]


def test_profile_within_stated_tolerances(pool: Pool, tmp_path: Path) -> None:
    n = len(pool.templates)  # one municipality per template ward
    out = tmp_path / "syn"
    generate(pool, n, out, seed=3)
    synthetic = measure(graphs.load_graph(*graphs.data_files(out)), n)
    real = measure(pool.real_data, len(pool.templates))
    assert compare(real, synthetic) == []
    # The comparison can fail: a profile with 30 % more units per element is out of tolerance.
    skewed = measure(pool.real_data, len(pool.templates))
    skewed.per_element = {
        **skewed.per_element,
        "units": skewed.per_element["units"] * (1 + 2 * TOLERANCES["relative"]),
    }
    assert any(line.startswith("per_element.units") for line in compare(real, skewed))


def test_text_permuted_but_lengths_and_normalised_titles_kept(pool: Pool, tmp_path: Path) -> None:
    out = tmp_path / "syn"
    generate(pool, 1, out, seed=5)
    g = graphs.load_graph(*graphs.data_files(out))
    code = synthetic_code(0)
    real_code = next(t.code for t in pool.templates if (out / "data" / code / next(iter(t.files))).is_file())
    real = graphs.load_graph(*graphs.data_files(PROJECT_ROOT, wards=[real_code]))

    def label_lengths(graph: Graph) -> Counter[int]:
        return Counter(
            len(str(o))
            for o in graph.objects(None, RDFS.label)
            if isinstance(o, Literal) and o.language == "ja"
        )

    def consistent(graph: Graph) -> int:
        return sum(
            1
            for s, key in graph.subject_objects(WK.normalizedTitle)
            if any(match_key(str(lab)) == str(key) for lab in graph.objects(s, RDFS.label))
        )

    assert label_lengths(g) - Counter(
        len(str(o)) for o in g.objects(ID[code], RDFS.label) if isinstance(o, Literal) and o.language == "ja"
    ) == label_lengths(real)
    assert consistent(g) == consistent(real)
    real_labels = {str(o) for o in real.objects(None, RDFS.label)}
    syn_labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert len(real_labels & syn_labels) < 0.2 * len(real_labels)  # words are not the real ones
    text = "".join(p.read_text(encoding="utf-8") for p in graphs.data_files(out))
    assert f"{ID}{real_code}/" not in text and f"<{ID}{real_code}>" not in text
    assert (ID[code], WK.localGovernmentCode, Literal(code + check_digit(code))) in g


def test_valid_against_the_core_shapes_like_its_template(pool: Pool, tmp_path: Path) -> None:
    """The smallest template ward: the synthetic copy has exactly the template's core results by shape."""
    smallest = min(pool.templates, key=lambda t: sum(len(a) + len(b) for a, b in t.files.values()))
    n = len(pool.templates)
    out = tmp_path / "syn"
    generate(pool, n, out, seed=11)
    code = next(
        synthetic_code(i)
        for i in range(n)
        if sorted(p.name for p in (out / "data" / synthetic_code(i)).glob("*.ttl")) == sorted(smallest.files)
    )
    syn = validate_files(graphs.data_files(out, wards=[code]), root=out, tier="core")
    real = validate_files(
        graphs.data_files(PROJECT_ROOT, wards=[smallest.code]), root=PROJECT_ROOT, tier="core"
    )

    def by_shape(results: list[object]) -> Counter[tuple[str, str]]:
        return Counter((r.source_shape, r.component) for r in results)  # type: ignore[attr-defined]

    assert by_shape(syn.results) == by_shape(real.results)
    assert syn.conforms == real.conforms


def test_precomputed_entailments_equal_the_reasoner(pool: Pool, tmp_path: Path) -> None:
    out = tmp_path / "syn"
    generate(pool, 2, out, seed=2)
    union = graphs.load_graph(*graphs.ontology_files(out), *graphs.data_files(out))
    schema = graphs.load_graph(*graphs.schema_files(out))
    expected = {t for t in store.entailments(union, schema)}
    got: set[tuple[object, object, object]] = set()
    for p in sorted((out / "entailed").glob("*.nt")):
        got |= set(Graph().parse(p, format="nt"))
    # The shared entailments were computed over the real wards too: drop those about the real ward nodes.
    real_nodes = {ID[t.code] for t in pool.templates}
    got = {t for t in got if t[0] not in real_nodes}
    expected = {t for t in expected if t[0] not in real_nodes}
    assert got == expected
    assert any(isinstance(s, URIRef) and str(s).startswith(f"{ID}{synthetic_code(1)}/") for s, _p, _o in got)


def test_no_real_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no built ward data"):
        load_pool(tmp_path)


def test_growth_exponent_fit() -> None:
    assert fit_exponent([(3, 0.3), (30, 3.0), (300, 30.0)]) == pytest.approx(1.0)
    assert fit_exponent([(2, 4.0), (4, 16.0)]) == pytest.approx(2.0)
    assert fit_exponent([(3, 1.0)]) is None


def test_published_per_municipality_the_stored_queries_answer_unchanged(pool: Pool, tmp_path: Path) -> None:
    """The path past one machine: a synthetic graph published to a SPARQL 1.1 server (``oxigraph serve``,
    Graph Store Protocol) through ``wardkg.remote.publish`` — the code behind ``wardkg publish`` — with
    named graphs per municipality; every stored query, text unchanged, returns the embedded store's rows."""
    import shutil as sh

    from conftest import require_binary
    from servers import oxigraph_server
    from wardbench.generate import dataset
    from wardbench.measure import params_for
    from wardkg.query import load_catalogue, row_key, run_query
    from wardkg.remote import RemoteEndpoint, graph_size, publish

    beside = sh.which("oxigraph", path=str(Path(sys.executable).parent))
    binary = beside or require_binary("oxigraph", "pip package oxigraph, in the test extras")
    out = tmp_path / "syn"
    generate(pool, 2, out, seed=4)
    ds = dataset(out)
    assert {str(g) for g in ds.graphs if "/graph/entailed/" in str(g)} == {
        f"{store.ENTAILED_GRAPH}/{synthetic_code(i)}" for i in range(2)
    }
    local = store.OxigraphEngine(store.memory_store(ds))
    term = "区"
    (tmp_path / "server").mkdir()
    with oxigraph_server(binary, tmp_path / "server") as srv:
        publish(ds.graphs, srv.query_url, timeout=120)
        ep = RemoteEndpoint(srv.query_url, timeout=120)
        some = sorted(ds.graphs)[-1]
        assert graph_size(ep, some) == len(ds.graphs[some])
        for name, q in sorted(load_catalogue().items()):
            remote = run_query(ep, q, params_for(q, term))
            want = run_query(local, q, params_for(q, term))
            assert Counter(map(row_key, remote.rows)) == Counter(map(row_key, want.rows)), name


@pytest.mark.slow
def test_municipality_bundles_give_the_merged_graphs_results(pool: Pool, tmp_path: Path) -> None:
    """``validate_files(by="municipality")`` (whole municipalities packed into two bundles, in parallel)
    reports exactly what one pySHACL call on the merged graph reports — on a generated graph of three
    municipalities, one per real ward, so every template's sources are validated together."""
    from wardkg.validate import class_hierarchy, load_shapes, municipality_bundles, validate

    out = tmp_path / "syn"
    generate(pool, len(pool.templates), out, seed=6)
    files = graphs.data_files(out)
    bundles = municipality_bundles(files, 2)
    assert len(bundles) == 2
    assert sorted(p for b in bundles for p in b) == sorted(map(str, files))
    for b in bundles:  # a municipality is never split
        for p in b:
            assert {str(q) for q in files if q.parent == Path(p).parent} <= set(b)
    got = validate_files(files, root=out, tier="core", by="municipality")
    ctx = graphs.load_graph(*graphs.vocabulary_files(out))
    ctx += class_hierarchy(graphs.load_graph(*graphs.schema_files(out)))
    want = validate(graphs.load_graph(*files), shapes=load_shapes(out, "core"), context=ctx)
    assert set(got.results) == set(want.results)
    # the fast engine: one graph, and one bundle per municipality on two workers (what it does beyond
    # FAST_BUNDLE_BYTES), give that call's results too
    one = validate_files(files, root=out, tier="core", engine="fast")
    bundled = validate_files_fast(files, root=out, tier="core", bundle_bytes=1)
    assert one.results == bundled.results == sorted(want.results)


def _named_quads(st: object) -> Counter[str]:
    """Every quad as text, blank nodes left out (their labels differ between two loads)."""
    return Counter(str(q) for q in st if "_:" not in str(q))  # type: ignore[attr-defined]


def test_on_disk_stream_load_equals_the_per_file_load(pool: Pool, tmp_path: Path) -> None:
    """The largest sizes load on disk through one N-Quads stream: it must hold exactly the quads the
    per-file in-memory load holds, every triple in the same named graph (per-ward entailed graphs too)."""
    from wardbench.measure import NQuadStream, load_embedded

    root = tmp_path / "syn"
    generate(pool, 4, root, seed=3)
    files = [*graphs.ontology_files(root), *graphs.data_files(root)]
    entailed = sorted((root / "entailed").glob("*.nt"))
    memory = load_embedded(root, files, entailed)
    (tmp_path / "disk").mkdir()
    disk = load_embedded(root, files, entailed, tmp_path / "disk")
    assert len(disk) == len(memory)
    assert _named_quads(disk) == _named_quads(memory)
    assert f"{store.ENTAILED_GRAPH}/{synthetic_code(0)}" in {g.value for g in disk.named_graphs()}

    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> _:x .\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.ttl:2: expected one N-Triples statement"):
        NQuadStream([(broken, URIRef("urn:g"))]).read()


def test_one_synthetic_size_is_measured_end_to_end(pool: Pool, tmp_path: Path) -> None:
    """bench/run's per-size process on a tiny generated graph: every stored query answers on both
    engines with the same rows, the product's validation engine gives pySHACL's results, and the steps a
    default run leaves to --full say why they were skipped."""
    import json

    from wardbench.measure import main as measure_main
    from wardkg.query import load_catalogue

    root = tmp_path / "syn"
    generate(pool, 2, root, seed=5)
    spec = {
        "label": "synthetic-2",
        "municipalities": 2,
        "root": str(root),
        "reps": 1,
        "budgets": {"step": 120.0, "query": 10.0, "validate": 300.0, "query_embedded": 120.0},
        "work": str(tmp_path / "work"),
        "search_term": "区",
        "ward": synthetic_code(0),
        "merged_validation": False,
        "disk": False,
        "rdflib": True,
        "full": False,
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    assert measure_main([str(tmp_path / "spec.json"), str(tmp_path / "out.json")]) == 0
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    names = set(load_catalogue())
    assert names <= set(out["queries"])
    for name in names:
        entry = out["queries"][name]
        assert "times" in entry["embedded"], name
        if "times" in entry["rdflib"]:
            assert entry["agree"] is True, name
    assert out["validation"]["fast_identical_to_per_municipality"] is True
    assert "skipped" in out["steps"]["validate.per_source"]
    assert "skipped" in out["steps"]["export.turtle.rdflib"]
    assert "times" in out["steps"]["load.rdflib"] and "times" in out["steps"]["validate.fast"]
