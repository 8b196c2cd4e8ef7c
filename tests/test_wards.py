"""ontology/wards.ttl: the 23 special wards with consistent codes, names in both languages, Tokyo as parent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS

from wardkg.errors import SourceFormatError
from wardkg.namespaces import ESTAT_SAC, WK, ward_iri
from wardkg.rdfio import read_graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_wards  # noqa: E402


@pytest.fixture(scope="module")
def g() -> Graph:
    return read_graph(ROOT / "ontology" / "wards.ttl")


def test_up_to_date() -> None:
    assert gen_wards.main(["--check"]) == 0, "run python scripts/gen_wards.py"


def test_23_wards_with_consistent_identifiers(g: Graph) -> None:
    wards = set(g.subjects(RDF.type, WK.Municipality))
    assert len(wards) == 23
    codes = sorted(str(g.value(w, DCTERMS.identifier)) for w in wards)
    assert codes == [str(c) for c in range(13101, 13124)]
    for w in wards:
        code = str(g.value(w, DCTERMS.identifier))
        assert w == ward_iri(code)
        assert (w, RDF.type, ORG.Organization) in g
        assert list(g.objects(w, SKOS.exactMatch)) == [ESTAT_SAC[f"C{code}"]]
        assert str(g.value(w, WK.localGovernmentCode))[:5] == code
        assert (w, WK.partOfPrefecture, gen_wards.prefecture_iri()) in g
        for prop in (RDFS.label, SKOS.prefLabel):
            langs = sorted(o.language for o in g.objects(w, prop) if isinstance(o, Literal))
            assert langs == ["en", "ja"], (w, prop)
    assert not list(g.triples((None, OWL.sameAs, None)))


def test_the_three_wards_of_the_sources(g: Graph) -> None:
    for code, ja, en in (
        ("13120", "練馬区", "Nerima City"),
        ("13115", "杉並区", "Suginami City"),
        ("13119", "板橋区", "Itabashi City"),
    ):
        w = ward_iri(code)
        assert (w, SKOS.prefLabel, Literal(ja, lang="ja")) in g
        assert (w, SKOS.prefLabel, Literal(en, lang="en")) in g
    tokyo = gen_wards.prefecture_iri()
    assert (tokyo, RDF.type, WK.Prefecture) in g
    assert (tokyo, SKOS.prefLabel, Literal("東京都", lang="ja")) in g


@pytest.mark.parametrize(
    ("code", "full"),
    [
        ("13101", "131016"),
        ("13113", "131130"),
        ("13120", "131202"),
        ("13123", "131237"),
        ("13202", "132021"),
        ("01100", "011002"),
    ],
)
def test_check_digit(code: str, full: str) -> None:
    """Known six-digit codes: 千代田区, 渋谷区 (remainder 1 → 0), 練馬区, 江戸川区, 立川市 (remainder 0 → 1), 札幌市."""
    assert code + gen_wards.check_digit(code) == full


def _table(tmp: Path, edit: int, line: str | None) -> Path:
    rows = gen_wards.WARDS_TSV.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if line is None:
        del rows[edit]
    else:
        rows[edit] = line
    p = tmp / "wards.tsv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("edit", "line", "expected"),
    [
        (5, "13124\t新区\tNew City\tしんく", "13101–13123"),
        (5, "13101\t千代田区\tChiyoda City\tちよだく", "each ward once"),
        (5, "13105\t文京\tBunkyo City\tぶんきょうく", "練馬区 / Nerima City"),
        (5, "13105\t文京区\tBunkyo City\tbunkyo", "hiragana"),
        (5, None, "23 special wards"),
        (0, "code\tja\ten\tkana", "header"),
    ],
)
def test_broken_table_is_refused(tmp_path: Path, edit: int, line: str | None, expected: str) -> None:
    with pytest.raises(SourceFormatError) as exc:
        gen_wards.build_graph(_table(tmp_path, edit, line))
    assert expected in exc.value.expected
    if line is not None:
        assert exc.value.line == edit + 1
