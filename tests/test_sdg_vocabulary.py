"""ontology/sdg.ttl: complete (17 goals, 169 targets), bilingual, well-linked, and up to date with its tables."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from wardkg.errors import SourceFormatError
from wardkg.namespaces import PREFIXES, SDG, SDG_SCHEME, SDGO, WK
from wardkg.rdfio import read_graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_sdg  # noqa: E402

SDG_TTL = ROOT / "ontology" / "sdg.ttl"


@pytest.fixture(scope="module")
def g() -> Graph:
    return read_graph(SDG_TTL)


def _labels(g: Graph, s: URIRef, prop: URIRef, lang: str) -> list[str]:
    return [str(o) for o in g.objects(s, prop) if isinstance(o, Literal) and o.language == lang]


def test_file_is_up_to_date() -> None:
    assert gen_sdg.main(["--check"]) == 0, "run python scripts/gen_sdg.py"


def test_seventeen_goals_and_169_targets(g: Graph) -> None:
    goals = set(g.subjects(RDF.type, SDGO.Goal))
    targets = set(g.subjects(RDF.type, SDGO.Target))
    assert len(goals) == 17
    assert len(targets) == 169
    for c in goals | targets:
        assert (c, RDF.type, SKOS.Concept) in g
        assert (c, SKOS.inScheme, SDG_SCHEME) in g
    assert (SDG_SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert set(g.objects(SDG_SCHEME, SKOS.hasTopConcept)) == goals


def test_every_concept_has_one_label_per_language(g: Graph) -> None:
    for c in set(g.subjects(SKOS.inScheme, SDG_SCHEME)):
        assert len(_labels(g, c, SKOS.prefLabel, "en")) == 1, c
        assert len(_labels(g, c, SKOS.prefLabel, "ja")) == 1, c
        ja = _labels(g, c, SKOS.prefLabel, "ja")[0]
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), f"{c} ja label is not Japanese: {ja}"


def test_targets_broader_their_goal_and_notation_matches_iri(g: Graph) -> None:
    notations: list[str] = []
    for c in set(g.subjects(SKOS.inScheme, SDG_SCHEME)):
        (notation,) = list(g.objects(c, SKOS.notation))
        notations.append(str(notation))
        assert c == SDG[str(notation)], f"{c} has notation {notation}"
        if (c, RDF.type, SDGO.Target) in g:
            goal = SDG[str(notation).split(".")[0]]
            assert list(g.objects(c, SKOS.broader)) == [goal]
            assert (goal, SKOS.narrower, c) in g
            assert (goal, RDF.type, SDGO.Goal) in g
    assert len(notations) == len(set(notations)) == 186


def test_known_texts(g: Graph) -> None:
    """Spot checks against the documents (A/RES/70/1, the MOFA translation, the icon names)."""
    assert _labels(g, SDG["13.2"], SKOS.prefLabel, "en") == [
        "Integrate climate change measures into national policies, strategies and planning"
    ]
    assert _labels(g, SDG["13.2"], SKOS.prefLabel, "ja") == [
        "気候変動対策を国別の政策、戦略及び計画に盛り込む。"
    ]
    assert set(_labels(g, SDG["1"], SKOS.altLabel, "ja")) == {"貧困をなくそう"}
    assert set(_labels(g, SDG["1"], SKOS.altLabel, "en")) == {"No poverty"}
    assert set(_labels(g, SDG["11"], SKOS.altLabel, "ja")) == {"住み続けられるまちづくりを"}
    assert (SDG["4.a"], SKOS.broader, SDG["4"]) in g


def test_every_label_has_a_queryable_source(g: Graph) -> None:
    q = """
    SELECT ?c ?label (COUNT(?src) AS ?n) WHERE {
      ?c skos:inScheme <http://metadata.un.org/sdg> ; skos:prefLabel|skos:altLabel ?label .
      OPTIONAL { ?ax owl:annotatedSource ?c ; owl:annotatedTarget ?label ; wk:labelSource ?src }
    } GROUP BY ?c ?label
    """
    rows = list(g.query(q, initNs={"skos": SKOS, "owl": OWL, "wk": WK}))
    assert len(rows) == 186 * 2 + 17 * 2
    assert all(int(r[2]) == 1 for r in rows), [r for r in rows if int(r[2]) != 1][:3]


def test_corrected_labels_carry_a_note(g: Graph) -> None:
    for ax in g.subjects(RDF.type, OWL.Axiom):
        if (ax, WK.labelSource, gen_sdg.WARDKG_TRANSLATION) in g:
            assert list(g.objects(ax, WK.labelNote)), ax
    notes = {str(g.value(ax, OWL.annotatedSource)) for ax in g.subjects(WK.labelNote, None)}
    assert str(SDG["17.4"]) in notes


def _write(tmp: Path, rows: list[str]) -> Path:
    p = tmp / "sdg-targets.tsv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p


def _real_rows() -> list[str]:
    return gen_sdg.TARGETS_TSV.read_text(encoding="utf-8").rstrip("\n").split("\n")


def test_missing_target_is_refused(tmp_path: Path) -> None:
    rows = [r for r in _real_rows() if not r.startswith("13.2\t")]
    with pytest.raises(SourceFormatError, match="169 targets"):
        gen_sdg.parse_targets(_write(tmp_path, rows))


def test_duplicate_code_names_its_line(tmp_path: Path) -> None:
    rows = _real_rows()
    rows.append(rows[5])
    with pytest.raises(SourceFormatError) as exc:
        gen_sdg.parse_targets(_write(tmp_path, rows))
    assert exc.value.line == len(rows)
    assert "first on line 6" in exc.value.expected


def test_bad_code_and_missing_note_are_refused(tmp_path: Path) -> None:
    rows = _real_rows()
    rows[3] = "3.x.1" + rows[3][rows[3].index("\t") :]
    with pytest.raises(SourceFormatError) as exc:
        gen_sdg.parse_targets(_write(tmp_path, rows))
    assert exc.value.line == 4
    rows = _real_rows()
    cols = rows[30].split("\t")
    cols[3], cols[4] = "wardkg", ""
    rows[30] = "\t".join(cols)
    with pytest.raises(SourceFormatError, match="ja_note"):
        gen_sdg.parse_targets(_write(tmp_path, rows))


def test_wrong_column_count_is_refused(tmp_path: Path) -> None:
    rows = _real_rows()
    rows[10] = rows[10].rsplit("\t", 1)[0]
    with pytest.raises(SourceFormatError) as exc:
        gen_sdg.parse_targets(_write(tmp_path, rows))
    assert exc.value.line == 11


VOCABULARIES = ["sdg.ttl", "wards.ttl", "fiscal-years.ttl", "policy-domains.ttl"]


@pytest.mark.parametrize("name", VOCABULARIES)
def test_vocabulary_parses_with_the_project_prefixes(name: str) -> None:
    """Every reference vocabulary parses with rdflib, has no blank nodes, and declares only namespaces.py prefixes."""
    path = ROOT / "ontology" / name
    g = read_graph(path)
    assert len(g) > 0
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    declared = re.findall(r"^@prefix (\w*): <([^>]*)> \.$", path.read_text(encoding="utf-8"), flags=re.M)
    assert declared
    for prefix, ns in declared:
        assert prefix in PREFIXES and str(PREFIXES[prefix]) == ns, (name, prefix, ns)
