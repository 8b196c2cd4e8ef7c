"""The parameter VALUES block repeated inside sub-SELECTs (wardkg.pushdown): where it goes, where it must
not, and that it never changes a stored query's rows (tiny graphs, the fixtures and the real graph)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from wardkg.pushdown import pushdown_points
from wardkg.query import (
    ResultTable,
    Term,
    bind_params,
    inject_values,
    load_catalogue,
    row_key,
    run_query,
    where_brace,
)
from wardkg.store import OxigraphEngine, solution_rows

CATALOGUE = load_catalogue()
EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"

# a1 (g 1, t x), a2 (g 2, t x), a3 (g 1, t y)
DATA = f"""
<{EX}a1> <{EX}g> "1" .
<{EX}a1> <{EX}t> <{EX}x> .
<{EX}a2> <{EX}g> "2" .
<{EX}a2> <{EX}t> <{EX}x> .
<{EX}a3> <{EX}g> "1" .
<{EX}a3> <{EX}t> <{EX}y> .
"""


def store() -> ox.Store:
    st = ox.Store()
    st.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES)
    return st


def pushed(query: str, *names: str) -> list[frozenset[str]]:
    text = PREFIX + query
    return [n for _, n in pushdown_points(text, names, where_brace(text))]


def rows(st: ox.Store, text: str) -> Counter[tuple[object, ...]]:
    res = st.query(text)
    assert isinstance(res, ox.QuerySolutions)
    return Counter(solution_rows(res, len(res.variables)))


def both(query: str, t: str) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]:
    """Rows with and without the repeated block, binding ?t to ex:<t>."""
    st = store()
    text = PREFIX + query
    b = {"t": URIRef(EX + t)}
    return rows(st, inject_values(text, b)), rows(st, inject_values(text, b, pushdown=False))


PLAIN = "SELECT ?a ?n WHERE { { SELECT ?a ?t WHERE { ?a ex:t ?t } } ?a ex:g ?n }"
GROUPED = "SELECT ?t ?n WHERE { { SELECT ?t (COUNT(?a) AS ?n) WHERE { ?a ex:t ?t } GROUP BY ?t } }"
LIMITED = "SELECT ?a WHERE { { SELECT ?a ?t WHERE { ?a ex:t ?t } ORDER BY ?a LIMIT 1 } }"
OPTIONAL = "SELECT ?a ?t WHERE { ?a ex:g ?n OPTIONAL { SELECT ?a ?t WHERE { ?a ex:t ?t } } }"
# in a nested group the OPTIONAL is evaluated before the outer block is joined: there a repeated block
# would let a3 (linked to y only) through unextended, then bound to x by the outer block
OPTIONAL_NESTED = "SELECT ?a ?t WHERE { { ?a ex:g ?n OPTIONAL { SELECT ?a ?t WHERE { ?a ex:t ?t } } } }"
MINUS = "SELECT ?a WHERE { ?a ex:g ?n MINUS { SELECT ?a ?t WHERE { ?a ex:t ?t } } }"
EXISTS = "SELECT ?a WHERE { ?a ex:g ?n FILTER NOT EXISTS { { SELECT ?a ?t WHERE { ?a ex:t ?t } } } }"
UNION = "SELECT ?a WHERE { { { SELECT ?a ?t WHERE { ?a ex:t ?t } } } UNION { ?a ex:g ?t } }"
RENAMED = "SELECT ?a WHERE { { SELECT ?a (?u AS ?t) WHERE { ?a ex:t ?u } } }"
STAR = "SELECT ?a WHERE { { SELECT * WHERE { ?a ex:t ?t } } }"
NOT_PROJECTED = "SELECT ?a ?t WHERE { { SELECT ?a WHERE { ?a ex:t ?t } } }"
NESTED = "SELECT ?a WHERE { { SELECT ?a ?t WHERE { { SELECT ?a ?t WHERE { ?a ex:t ?t } } ?a ex:g ?n } } }"
NESTED_UNDER_LIMIT = (
    "SELECT ?a WHERE { { SELECT ?a ?t WHERE { { SELECT ?a ?t WHERE { ?a ex:t ?t } } } LIMIT 5 } }"
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PLAIN, [frozenset({"t"})]),
        (GROUPED, [frozenset({"t"})]),
        (UNION, [frozenset({"t"})]),
        (NESTED, [frozenset({"t"}), frozenset({"t"})]),
        (LIMITED, []),
        (OPTIONAL, []),
        (OPTIONAL_NESTED, []),
        (MINUS, []),
        (EXISTS, []),
        (RENAMED, []),
        (STAR, []),
        (NOT_PROJECTED, []),
        (NESTED_UNDER_LIMIT, []),
    ],
)
def test_where_the_block_is_repeated(query: str, expected: list[frozenset[str]]) -> None:
    assert pushed(query, "t") == expected


@pytest.mark.parametrize(
    "query",
    [
        PLAIN,
        GROUPED,
        LIMITED,
        OPTIONAL,
        OPTIONAL_NESTED,
        MINUS,
        EXISTS,
        UNION,
        RENAMED,
        STAR,
        NOT_PROJECTED,
        NESTED,
    ],
)
@pytest.mark.parametrize("t", ["x", "y", "nothing"])
def test_the_rows_never_change(query: str, t: str) -> None:
    with_block, without = both(query, t)
    assert with_block == without


def naive(query: str, t: str) -> Counter[tuple[object, ...]]:
    """The block forced into the first sub-SELECT whatever the rules say: what they prevent."""
    text = PREFIX + query
    at = text.index("WHERE", text.index("SELECT", text.index("{"))) + len("WHERE {")
    block = f"VALUES (?t) {{ (<{EX}{t}>) }}"
    forced = text[:at] + block + text[at:]
    return rows(store(), inject_values(forced, {"t": URIRef(EX + t)}, pushdown=False))


@pytest.mark.parametrize(("query", "t"), [(LIMITED, "y"), (OPTIONAL_NESTED, "x")])
def test_the_rules_matter(query: str, t: str) -> None:
    """Under LIMIT and OPTIONAL a repeated block would change the rows: the rules keep it out."""
    assert naive(query, t) != both(query, t)[1]


def test_comments_strings_and_unbalanced_braces() -> None:
    noisy = (
        "SELECT ?a WHERE {\n  # { SELECT ?t WHERE {\n"
        '  { SELECT ?a ?t WHERE { ?a ex:t ?t FILTER(?t != "{ SELECT ?t }") } } }'
    )
    assert pushed(noisy, "t") == [frozenset({"t"})]
    assert both(noisy, "x")[0] == both(noisy, "x")[1]
    assert pushed("SELECT ?a WHERE { { SELECT ?a ?t WHERE { ?a ex:t ?t } }", "t") == []
    assert pushed("SELECT ?a WHERE { SERVICE <http://e/s> { SELECT ?a ?t WHERE { ?a ex:t ?t } } }", "t") == []


# --- the stored queries -------------------------------------------------------------------------------

PUSHED_PARAMS = {
    "budget-by-plan": [{"fy": "2024"}, {"ward": "13120"}, {"fy": "2025", "ward": "13119"}],
    "budget-by-sdg": [{"fy": "2024"}, {"ward": "13120"}, {"fy": "2026", "ward": "13120"}],
    "cross-ward-by-domain": [{"domain": "domain:children"}, {"domain": "domain:environment"}],
    "cross-ward-by-target": [{"sdg": "4.2"}, {"sdg": "13.2"}, {"sdg": "11.7"}, {"sdg": "1.1"}],
    "sdg-initiatives": [{"sdg": "13"}, {"sdg": "4.2"}, {"sdg": "11.7"}, {"sdg": "17"}],
}


def test_the_stored_queries_that_get_a_repeated_block() -> None:
    """Which stored queries the rules let the block into, and for which parameters (a query rewritten
    so that its sub-SELECT no longer qualifies shows up here)."""
    got = {}
    for name, q in CATALOGUE.items():
        bound = {p.name for p in q.params}
        points = pushdown_points(q.text, bound, where_brace(q.text))
        if points:
            got[name] = sorted(set().union(*(n for _, n in points)))
    assert got == {
        "budget-by-plan": ["fy", "ward"],
        "budget-by-sdg": ["fy", "ward"],
        "cross-ward-by-domain": ["domain"],
        "cross-ward-by-target": ["sdg"],
        "sdg-initiatives": ["sdg"],
    }


class Unpushed(OxigraphEngine):
    """The embedded engine with the block at the start of the WHERE group only (as before)."""

    def select(self, text: str, bindings: Mapping[str, Term], ward_scope: str | None = None) -> ResultTable:
        assert ward_scope is None
        res = self.store.query(inject_values(text, bindings, pushdown=False), use_default_graph_as_union=True)
        assert isinstance(res, ox.QuerySolutions)
        variables = [v.value for v in res.variables]
        return ResultTable(variables, solution_rows(res, len(variables)))


@pytest.mark.parametrize(("name", "params"), [(n, p) for n, ps in sorted(PUSHED_PARAMS.items()) for p in ps])
def test_stored_query_rows_equal_with_and_without_the_repeated_block(
    name: str, params: dict[str, str]
) -> None:
    """On the real graph (and the query's fixture): the same rows, and some rows for most values."""
    from test_queries import HAS_DATA, fixture_engines, real_engines

    q = CATALOGUE[name]
    bind_params(q, params)  # the values are valid parameters
    engines = [fixture_engines(name)[0]]
    if HAS_DATA:
        engines.append(real_engines()[0])
    for engine in engines:
        a = run_query(engine, q, params, scoped=False)
        b = run_query(Unpushed(engine.store), q, params, scoped=False)
        assert Counter(map(row_key, a.rows)) == Counter(map(row_key, b.rows))


def test_the_parameter_values_above_find_rows_on_the_real_graph() -> None:
    """So the equality above is not between two empty results."""
    from test_queries import HAS_DATA, real_engines

    if not HAS_DATA:
        pytest.skip("data/ has no built ward data yet (run `wardkg build`)")
    for name, values in PUSHED_PARAMS.items():
        found = [len(run_query(real_engines()[0], CATALOGUE[name], p).rows) for p in values]
        assert sum(n > 0 for n in found) >= len(values) - 1, (name, found)
