"""Stored queries: catalogue, fixtures with expected rows, embedded store vs rdflib, injection, real data.

Each ``queries/<name>.rq`` has ``tests/queries/<name>/data.ttl`` (a small graph in the shape the built
graph has after materialisation) and ``expected.csv`` (rows written by hand from the fixture, compared as
a multiset). An optional ``params.txt`` (``name=value`` lines) gives the parameters for that run.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
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
    assert "板橋区" in text and text.rstrip().endswith("(6 rows)")
    csv_text = format_csv(table)
    assert csv_text.splitlines()[0] == ",".join(table.variables)
    assert "185" in csv_text  # canonical number: 185, not 185.0
    tsv = format_tsv(table).splitlines()
    assert tsv[0].startswith("?ward\t?wardName") and '"板橋区"@ja' in tsv[1]
    import json

    doc = json.loads(format_json(table))
    assert doc["head"]["vars"] == table.variables
    assert len(doc["results"]["bindings"]) == len(table.rows)
    first = doc["results"]["bindings"][0]
    assert first["wardName"] == {"type": "literal", "value": "板橋区", "xml:lang": "ja"}
    assert "area" not in first or first["area"]["type"] == "uri"


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


RDFLIB_ON_REAL_DATA = (
    "plans-overview",
    "new-and-reposted",
    "version-changes",
    "kpi-targets",
    "stated-vs-listed",
    "elements-per-domain",
    "cross-ward-by-domain",
    "dcat-datasets",
    "budget-by-plan",
)
"""Queries rdflib answers on the real graph in about a second; the SDG and unit queries take rdflib
minutes there (FINDINGS.md: 20–30× slower than pyoxigraph), so for them the fixture comparison above
is the engine check."""


@needs_data
@pytest.mark.parametrize("name", RDFLIB_ON_REAL_DATA)
def test_real_graph_embedded_agrees_with_rdflib(name: str) -> None:
    q = CATALOGUE[name]
    ox_engine, rdflib_engine = real_engines()
    a = run_query(ox_engine, q, real_params(q))
    b = run_query(rdflib_engine, q, real_params(q))
    assert Counter(map(row_key, a.rows)) == Counter(map(row_key, b.rows))


def real(name: str, params: dict[str, str] | None = None) -> list[dict[str, object]]:
    q = CATALOGUE[name]
    table = run_query(real_engines()[0], q, params if params is not None else real_params(q))
    return [{k: v for k, v in row.items()} for row in table.dicts()]


def ask(text: str) -> list[dict[str, object]]:
    prefixes = "PREFIX wk: <https://w3id.org/wardkg/ontology#>\n"
    return [dict(r) for r in real_engines()[0].select(prefixes + text, {}).dicts()]


def num(v: object) -> Decimal:
    return Decimal(str(v)) if v is not None else Decimal(0)


WARD_NAMES = {"練馬区", "杉並区", "板橋区"}


@needs_data
@pytest.mark.parametrize("name", NAMES)
def test_real_graph_every_query_runs_with_ward_names(name: str) -> None:
    rows = real(name)
    for row in rows:
        if row.get("wardName") is not None:
            assert str(row["wardName"]) in WARD_NAMES


@needs_data
def test_real_plans_overview() -> None:
    rows = real("plans-overview")
    assert {str(r["wardName"]) for r in rows} == WARD_NAMES
    n_plans = ask("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a wk:Plan ; wk:issuedBy ?w }")[0]["n"]
    assert len(rows) == int(str(n_plans))
    assert all(r["planTitle"] is not None for r in rows)


@needs_data
def test_real_budget_plan_totals_equal_the_lines() -> None:
    rows = real("budget-by-plan")
    totals = {(r["plan"], r["fy"]): num(r["total"]) for r in rows if r["area"] is None}
    assert totals, "the data has budget lines"
    for (plan, fy), total in totals.items():
        direct = ask(
            f"SELECT (SUM(?a) AS ?s) WHERE {{ {{ SELECT DISTINCT ?l ?a WHERE {{ ?l a wk:BudgetLine ; "
            f"wk:budgetOf ?e ; wk:fiscalYear <{fy}> ; wk:amount ?a . ?e wk:inPlan <{plan}> }} }} }}"
        )[0]["s"]
        assert total == num(direct)
        parts = sum(
            num(r["total"]) for r in rows if r["plan"] == plan and r["fy"] == fy and r["area"] is not None
        )
        assert parts >= total  # equal unless an element sits under two top-level areas
        assert parts == total


@needs_data
def test_real_budget_by_sdg_goal_totals_within_the_ward_total() -> None:
    rows = real("budget-by-sdg")
    for r in rows:
        ward_total = ask(
            f"SELECT (SUM(?a) AS ?s) WHERE {{ {{ SELECT DISTINCT ?l ?a WHERE {{ ?l a wk:BudgetLine ; "
            f"wk:budgetOf ?e ; wk:fiscalYear <{r['fy']}> ; wk:amount ?a . ?e wk:municipality <{r['ward']}> }} }} }}"
        )[0]["s"]
        assert num(r["total"]) <= num(ward_total)


@needs_data
def test_real_sdg_matrix_counts_are_consistent() -> None:
    rows = real("sdg-coverage-matrix")
    assert rows, "the data has SDG links"
    for r in rows:
        goals = [int(str(r[f"g{i}"])) for i in range(1, 18)]
        assert max(goals) <= int(str(r["elements"])) <= sum(goals)


@needs_data
def test_real_sdg_initiatives_and_search() -> None:
    rows = real("sdg-initiatives", {"sdg": "13"})
    assert rows and all(str(r["linkedTo"]).split(".")[0] == "13" for r in rows)
    assert all(r["planTitle"] is not None and r["title"] is not None for r in rows)
    hits = real("search", {"q": "区"})
    assert hits and all(r["title"] is not None for r in hits)


@needs_data
def test_real_stated_counts_and_outline() -> None:
    stated = real("stated-vs-listed")
    for r in stated:
        assert num(r["difference"]) == num(r["listed"]) - num(r["stated"])
    outline = real("plan-outline")
    n_el = ask(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a wk:PlanElement ; wk:inPlan ?p . ?p a wk:Plan }"
    )[0]["n"]
    assert len({r["element"] for r in outline}) == int(str(n_el))


@needs_data
def test_real_provenance_names_document_and_place() -> None:
    rows = real("element-provenance")
    assert rows
    for r in rows:
        assert r["document"] is not None and r["localPath"] is not None
        assert r["span"] is not None
        assert r["firstLine"] is not None or r["charStart"] is not None


def test_gaps_at_target_level() -> None:
    q = CATALOGUE["sdg-gaps"]
    rows = run_query(fixture_engines("sdg-gaps")[0], q, {"level": "target"}).dicts()
    got = {(str(r["wardName"]), str(r["code"])) for r in rows}
    # Nerima serves 13.2; Suginami's direct goal-4 link does not serve target 4.1
    assert got == {("練馬区", "4.1"), ("杉並区", "4.1"), ("杉並区", "13.2")}


def test_initiatives_for_a_target_only() -> None:
    q = CATALOGUE["sdg-initiatives"]
    rows = run_query(fixture_engines("sdg-initiatives")[0], q, {"sdg": "13.3"}).dicts()
    assert {(str(r["element"]).rsplit("/", 1)[1], str(r["path"])) for r in rows} == {
        ("pr1", "施策一"),
        ("pr1", "施策二"),
    }


def test_fiscal_year_parameter_on_kpis_and_budgets() -> None:
    kpi = run_query(fixture_engines("kpi-targets")[0], CATALOGUE["kpi-targets"], {"fy": "令和7年度"}).dicts()
    assert [(str(r["kind"]), str(r["value"])) for r in kpi] == [("年度別計画", "20")]
    budget = run_query(
        fixture_engines("budget-by-sdg")[0], CATALOGUE["budget-by-sdg"], {"fy": "2025"}
    ).dicts()
    assert {str(r["linesWithoutAmount"]) for r in budget} == {"1"} and len(budget) == 2
