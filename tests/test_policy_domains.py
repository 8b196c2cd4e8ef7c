"""ontology/policy-domains.ttl: exactly the agreed slugs, bilingual, and every slug the mappings use exists."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from wardkg.errors import SourceFormatError
from wardkg.namespaces import DOMAIN, domain_iri
from wardkg.rdfio import read_graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_policy_domains  # noqa: E402

AGREED = {
    "children": "子ども・子育て",
    "education": "教育・学び",
    "elderly": "高齢者",
    "welfare": "障害・福祉・地域共生",
    "health": "健康・医療",
    "safety": "防災・防犯・安全",
    "urban": "まちづくり・交通",
    "housing": "住宅",
    "environment": "環境・みどり・脱炭素",
    "industry": "産業・農業・観光",
    "culture": "文化・スポーツ",
    "community": "地域・協働・多文化共生",
    "administration": "行政運営・DX・人材",
}


@pytest.fixture(scope="module")
def g() -> Graph:
    return read_graph(ROOT / "ontology" / "policy-domains.ttl")


def test_up_to_date() -> None:
    assert gen_policy_domains.main(["--check"]) == 0, "run python scripts/gen_policy_domains.py"


def test_exactly_the_agreed_slugs(g: Graph) -> None:
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts == {domain_iri(s) for s in AGREED}
    for slug, ja in AGREED.items():
        c = domain_iri(slug)
        assert str(c) == str(DOMAIN) + slug
        assert (c, SKOS.prefLabel, Literal(ja, lang="ja")) in g
        assert (c, SKOS.inScheme, gen_policy_domains.SCHEME) in g
        for prop in (SKOS.prefLabel, SKOS.definition, SKOS.scopeNote):
            langs = sorted(o.language for o in g.objects(c, prop) if isinstance(o, Literal))
            assert langs == ["en", "ja"], (slug, prop)


def test_related_is_symmetric_and_inside_the_scheme(g: Graph) -> None:
    pairs = list(g.subject_objects(SKOS.related))
    assert pairs
    for a, b in pairs:
        assert (b, SKOS.related, a) in g
        assert a != b
        assert (b, SKOS.inScheme, gen_policy_domains.SCHEME) in g


def _slugs_in(node: object) -> set[str]:
    if isinstance(node, dict):
        out: set[str] = set()
        for v in node.values():
            out |= _slugs_in(v)
        return out
    if isinstance(node, list):
        return {x for x in node if isinstance(x, str)}
    return set()


@pytest.mark.parametrize(
    "mapping", sorted((ROOT / "data" / "mappings").glob("*-policy-domains.yaml")), ids=lambda p: p.name
)
def test_every_mapped_slug_is_a_concept(mapping: Path) -> None:
    slugs = _slugs_in(yaml.safe_load(mapping.read_text(encoding="utf-8")))
    assert slugs, mapping
    assert slugs <= set(AGREED), slugs - set(AGREED)


def _table(tmp: Path, edit: int, line: str | None) -> Path:
    rows = gen_policy_domains.DOMAINS_TSV.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if line is None:
        del rows[edit]
    else:
        rows[edit] = line
    p = tmp / "policy-domains.tsv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("edit", "line", "expected"),
    [
        (1, "kids\t子ども\tChildren\td\td\ts\ts\t", "agreed slugs"),
        (2, "children\t子ども\tChildren\td\td\ts\ts\t", "each slug once"),
        (1, "children\t子ども\tChildren\t\td\ts\ts\t", "non-empty def_ja"),
        (1, "children\t子ども\tChildren\td\td\ts\ts\tsports", "related slugs"),
        (8, None, "every agreed slug"),
    ],
)
def test_broken_table_is_refused(tmp_path: Path, edit: int, line: str | None, expected: str) -> None:
    with pytest.raises(SourceFormatError) as exc:
        gen_policy_domains.build_graph(_table(tmp_path, edit, line))
    assert expected in exc.value.expected
