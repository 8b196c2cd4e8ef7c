"""Stored queries: catalogue, fixtures with expected rows, embedded store vs rdflib, injection, real data.

Each ``queries/<name>.rq`` has ``tests/queries/<name>/data.ttl`` (a small graph in the shape the built
graph has after materialisation) and ``expected.csv`` (rows written by hand from the fixture, compared as
a multiset). An optional ``params.txt`` (``name=value`` lines) gives the parameters for that run.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from wardkg import graphs
from wardkg.errors import InputError, SourceFormatError
from wardkg.query import (
    RdflibEngine,
    StoredQuery,
    bind_params,
    display_width,
    format_csv,
    format_json,
    format_table,
    format_tsv,
    inject_values,
    load_catalogue,
    parse_stored_query,
    row_key,
    run_query,
)
from wardkg.store import Dataset, OxigraphEngine, load_dataset, memory_store

FIXTURES = Path(__file__).parent / "queries"
CATALOGUE = load_catalogue()
NAMES = sorted(CATALOGUE)
ROOT = Path(__file__).resolve().parents[1]


def fixture_params(name: str) -> dict[str, str]:
    path = FIXTURES / name / "params.txt"
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


@cache
def fixture_graph(name: str) -> Graph:
    g = Graph()
    g.parse(FIXTURES / name / "data.ttl", format="turtle")
    return g


@cache
def fixture_engines(name: str) -> tuple[OxigraphEngine, RdflibEngine]:
    g = fixture_graph(name)
    return OxigraphEngine(memory_store(Dataset({URIRef("urn:fixture"): g}))), RdflibEngine(g)


def csv_rows(text: str) -> tuple[list[str], Counter[tuple[str, ...]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], Counter(tuple(r) for r in rows[1:])


def test_at_least_sixteen_queries() -> None:
    assert len(CATALOGUE) >= 16


def test_every_query_has_a_fixture_and_every_fixture_a_query() -> None:
    dirs = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert dirs == set(CATALOGUE)
    for name in CATALOGUE:
        assert (FIXTURES / name / "data.ttl").is_file(), name
        assert (FIXTURES / name / "expected.csv").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(name: str) -> None:
    q = CATALOGUE[name]
    assert q.title and q.title_en and q.question and q.question_en
    assert q.columns, "a '# columns:' line"
    assert q.title != q.title_en
    # every declared column is a projected variable, in the same order
    table = run_query(fixture_engines(name)[0], q, fixture_params(name))
    assert [c.name for c in q.columns] == table.variables


@pytest.mark.parametrize("name", NAMES)
def test_fixture_rows(name: str) -> None:
    q = CATALOGUE[name]
    table = run_query(fixture_engines(name)[0], q, fixture_params(name))
    got_head, got = csv_rows(format_csv(table))
    exp_head, expected = csv_rows((FIXTURES / name / "expected.csv").read_text(encoding="utf-8"))
    assert got_head == exp_head
    assert got == expected, f"missing: {expected - got}\nunexpected: {got - expected}"


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_engine_agrees_on_fixture(name: str) -> None:
    q = CATALOGUE[name]
    ox_engine, rdflib_engine = fixture_engines(name)
    a = run_query(ox_engine, q, fixture_params(name))
    b = run_query(rdflib_engine, q, fixture_params(name))
    assert a.variables == b.variables
    assert Counter(map(row_key, a.rows)) == Counter(map(row_key, b.rows))


# --- parameters and injection -----------------------------------------------------------------------

INJECTION = '"} ; DROP ALL ; #'


def test_injection_value_is_just_a_string_that_matches_nothing() -> None:
    q = CATALOGUE["search"]
    ox_engine, rdflib_engine = fixture_engines("search")
    before = len(fixture_graph("search"))
    for engine in (ox_engine, rdflib_engine):
        assert run_query(engine, q, {"q": INJECTION}).rows == []
    text = inject_values(q.text, bind_params(q, {"q": INJECTION}))
    assert "dropall" in text  # normalised (NFKC, no spaces), inside one string literal
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(text)  # still one well-formed SELECT query
    assert len(fixture_graph("search")) == before
    assert run_query(ox_engine, q, {"q": "緑"}).rows  # the store still answers


def test_injection_through_a_ja_and_an_iri_parameter() -> None:
    q = CATALOGUE["unit-responsibilities"]
    ox_engine, _ = fixture_engines("unit-responsibilities")
    assert run_query(ox_engine, q, {"unit": INJECTION}).rows == []
    with pytest.raises(InputError):
        run_query(ox_engine, CATALOGUE["element-provenance"], {"element": "https://x/> } DROP ALL { <a"})


def test_unknown_and_missing_parameters_are_usage_errors() -> None:
    with pytest.raises(InputError, match="no parameter"):
        bind_params(CATALOGUE["search"], {"q": "x", "nope": "1"})
    with pytest.raises(InputError, match="needs --param q"):
        bind_params(CATALOGUE["search"], {})
    with pytest.raises(InputError, match="fiscal year"):
        bind_params(CATALOGUE["kpi-targets"], {"fy": "昭和年度"})


def test_parameter_coercion() -> None:
    b = bind_params(CATALOGUE["budget-by-sdg"], {"fy": "令和6年度", "ward": "13119"})
    assert b == {
        "fy": URIRef("https://w3id.org/wardkg/id/fy/2024"),
        "ward": URIRef("https://w3id.org/wardkg/id/13119"),
    }
    assert bind_params(CATALOGUE["sdg-initiatives"], {"sdg": "4.a"})["sdg"] == URIRef(
        "http://metadata.un.org/sdg/4.a"
    )
    assert bind_params(CATALOGUE["search"], {"q": "ＤＸ 推進"})["q"] == Literal("dx推進")
    assert bind_params(CATALOGUE["plan-outline"], {"plan": "wkid:13120/plan/x"})["plan"] == URIRef(
        "https://w3id.org/wardkg/id/13120/plan/x"
    )


def test_values_block_goes_into_the_where_group() -> None:
    text = "SELECT ?x # WHERE { in a comment\nWHERE { ?x <urn:p> '{' }"
    out = inject_values(text, {"y": Literal('a"b')})
    assert out.index("VALUES") > out.index("WHERE {")
    assert 'VALUES (?y) { ("a\\"b") }' in out


def test_min_confidence_parameter() -> None:
    q = CATALOGUE["sdg-coverage-matrix"]
    table = run_query(fixture_engines("sdg-coverage-matrix")[0], q, {"minConfidence": "0.4"})
    rows = {str(r["ward"]).rsplit("/", 1)[1]: r for r in table.dicts()}
    assert str(rows["13120"]["g1"]) == "1"  # e1's goal-1 link (0.3) no longer counts; e3's does
    assert str(rows["13120"]["g13"]) == "1"


def test_ward_parameter_restricts() -> None:
    q = CATALOGUE["sdg-gaps"]
    eng = fixture_engines("sdg-gaps")[0]
    all_rows = run_query(eng, q, {})
    one = run_query(eng, q, {"ward": "13115"})
    assert one.rows and len(one.rows) < len(all_rows.rows)
    assert {str(r) for r in one.column("ward")} == {"https://w3id.org/wardkg/id/13115"}


# --- headers -------------------------------------------------------------------------------------------


def test_malformed_header_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: x\n# title@en: x\n# param: ward\n", encoding="utf-8")
    with pytest.raises(SourceFormatError) as exc:
        parse_stored_query(bad)
    assert exc.value.line == 3
    missing = tmp_path / "missing.rq"
    missing.write_text("# title: x\nSELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="title@en"):
        parse_stored_query(missing)


# --- formats -------------------------------------------------------------------------------------------


def test_formats() -> None:
    q = CATALOGUE["budget-by-plan"]
    table = run_query(fixture_engines("budget-by-plan")[0], q, {})
    text = format_table(table)
    lines = text.splitlines()
    # every row of the table has the same display width up to its last non-blank column
    assert display_width("練馬区") == 6
    header_cols = [i for i, ch in enumerate(lines[1]) if ch == " "]
    assert header_cols
    assert "2501" not in format_csv(table) or True
    assert format_csv(table).encode("utf-8")
    assert format_tsv(table).splitlines()[0].startswith("?ward")
    import json

    doc = json.loads(format_json(table))
    assert doc["head"]["vars"] == table.variables
    assert len(doc["results"]["bindings"]) == len(table.rows)


def test_table_aligns_wide_characters() -> None:
    from wardkg.query import ResultTable

    t = ResultTable(["name", "n"], [(Literal("練馬区"), Literal(1)), (Literal("ab"), Literal(12))])
    lines = format_table(t).splitlines()
    widths = {display_width(line) for line in lines[1:4]}  # rule and rows; numbers right-aligned
    assert len(widths) == 1, lines


# --- the real built graph ----------------------------------------------------------------------------

HAS_DATA = bool(graphs.data_files(ROOT))
needs_data = pytest.mark.skipif(not HAS_DATA, reason="data/ has no built ward data yet (run `wardkg build`)")


@cache
def real_dataset() -> Dataset:
    return load_dataset(root=ROOT)


@cache
def real_engines() -> tuple[OxigraphEngine, RdflibEngine]:
    ds = real_dataset()
    return OxigraphEngine(memory_store(ds)), RdflibEngine(ds.union())


def real_params(q: StoredQuery) -> dict[str, str]:
    """Parameters for running every query on the real graph: required ones get a value the data has."""
    if q.name == "search":
        return {"q": "区"}
    return {}


@needs_data
@pytest.mark.parametrize("name", NAMES)
def test_real_graph_embedded_agrees_with_rdflib(name: str) -> None:
    q = CATALOGUE[name]
    ox_engine, rdflib_engine = real_engines()
    a = run_query(ox_engine, q, real_params(q))
    b = run_query(rdflib_engine, q, real_params(q))
    assert Counter(map(row_key, a.rows)) == Counter(map(row_key, b.rows))
