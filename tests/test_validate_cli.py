"""``wardkg validate`` and ``wardkg info``: in-process through cli.main, plus one real subprocess run.

Fixtures in tests/cli/ are built on the shipped vocabularies (ontology/*.ttl): valid.ttl conforms (with
warnings), invalid.ttl has three known violations, broken.ttl does not parse at line 25.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wardkg import cli
from wardkg.graphs import (
    data_files,
    group_by_source,
    load_graph,
    ontology_files,
    source_unit,
    vocabulary_files,
)
from wardkg.namespaces import SHAPES
from wardkg.validate import validate_files

HERE = Path(__file__).parent / "cli"
VALID, INVALID, BROKEN = HERE / "valid.ttl", HERE / "invalid.ttl", HERE / "broken.ttl"
needs_vocab = pytest.mark.skipif(not vocabulary_files(), reason="ontology vocabularies not built yet")


@needs_vocab
def test_valid_file_exits_0_and_prints_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(VALID), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Conforms" in out
    assert "violation 0" in out
    assert "[warning]" in out and "wksh:SourceDocumentRecommended-license" in out


@needs_vocab
def test_core_tier_hides_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(VALID), "--shapes", "core"]) == 0
    out = capsys.readouterr().out
    assert "警告 0件" in out and "[警告]" not in out


@needs_vocab
def test_invalid_file_exits_1_grouped_by_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(INVALID), "--shapes", "core"]) == 1
    out = capsys.readouterr().out
    assert "不適合" in out
    for shape in ("wksh:FiscalYearInPlan", "wksh:LabelJa", "wksh:SDGAnnotation-body"):
        assert shape in out
    assert "計画期間内の年度" in out  # the shape's Japanese sh:name heads its group


@needs_vocab
def test_invalid_results_are_exactly_the_three_known() -> None:
    report = validate_files([INVALID], tier="core")
    base = "https://w3id.org/wardkg/id/13120/plan/cli-test/sp/1"
    assert {r.key() for r in report.results} == {
        (f"{base}/i/1/budget/2026", "wk:fiscalYear", "http://www.w3.org/ns/shacl#SPARQLConstraintComponent",
         str(SHAPES.FiscalYearInPlan)),
        (f"{base}/i/1", "rdfs:label", "http://www.w3.org/ns/shacl#QualifiedMinCountConstraintComponent",
         str(SHAPES.LabelJa)),
        (f"{base}/sdg/18", "oa:hasBody", "http://www.w3.org/ns/shacl#NodeConstraintComponent",
         str(SHAPES["SDGAnnotation-body"])),
    }  # fmt: skip
    (fy,) = [r for r in report.results if r.source_shape == str(SHAPES.FiscalYearInPlan)]
    assert "fy/2026" in fy.message_en and "fy/2026" in fy.message_ja  # {?value} filled in, both languages


def test_broken_turtle_exits_2_naming_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(BROKEN)]) == 2
    err = capsys.readouterr().err
    assert f"{BROKEN}:25:" in err


def test_broken_file_among_good_ones_is_reported_before_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "13120" / "zz.ttl"
    bad.parent.mkdir()
    bad.write_text("@prefix wk: <https://w3id.org/wardkg/ontology#> .\n\nwk:a wk:b .\n", encoding="utf-8")
    assert cli.main(["validate", str(VALID), str(bad)]) == 2
    assert f"{bad}:3:" in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(tmp_path / "nope.ttl")]) == 2
    assert "nope.ttl: no such file" in capsys.readouterr().err


@needs_vocab
def test_shipped_vocabularies_conform() -> None:
    """With no data, the vocabularies themselves are validated (SDG scheme complete, wards, fiscal years)."""
    report = validate_files([], tier="core")
    assert report.conforms, [r.key() for r in report.violations[:10]]


@needs_vocab
def test_parallel_equals_serial(tmp_path: Path) -> None:
    """Two sources in two worker processes give the same results as one process."""
    a, b = tmp_path / "13120" / "a.ttl", tmp_path / "13120" / "b.ttl"
    a.parent.mkdir()
    shutil.copy(VALID, a)
    shutil.copy(INVALID, b)
    assert len(group_by_source([a, b])) == 2
    serial = validate_files([a, b], workers=1)
    parallel = validate_files([a, b], workers=2)
    assert serial.results == parallel.results
    assert len(serial.violations) == 3


def test_source_and_its_sdg_file_are_one_unit() -> None:
    assert source_unit(Path("data/13120/vision2-ap-2022.sdg.ttl")) == source_unit(
        Path("data/13120/vision2-ap-2022.ttl")
    )


@needs_vocab
def test_subprocess_run() -> None:
    """The installed console entry point, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "wardkg.cli", "validate", str(INVALID), "--lang", "en", "--shapes", "core"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Does not conform" in proc.stdout and "wksh:LabelJa" in proc.stdout


@needs_vocab
def test_info_counts_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["info", str(VALID), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    (nerima,) = info["wards"]
    assert nerima["iri"] == "https://w3id.org/wardkg/id/13120"
    assert nerima["label"] == "練馬区"
    assert [p for p, _ in nerima["plans"]] == ["https://w3id.org/wardkg/id/13120/plan/cli-test"]
    assert nerima["elements"] == 2 and nerima["sdg_links"] == 1
    assert info["plans"] == 1 and info["elements"] == 2
    assert info["sdg_annotations"] == 1 and info["sdg_shortcuts"] == 1
    assert info["municipalities"] == 23
    assert info["triples"] == len(load_graph(*ontology_files(), VALID))


@needs_vocab
def test_info_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["info", str(VALID)]) == 0
    ja = capsys.readouterr().out
    assert "練馬区（wkid:13120）：計画 1 件、要素 2 件、SDG対応 1 件" in ja
    assert cli.main(["info", str(VALID), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Nerima" in en and "1 plans, 2 elements, 1 SDG links" in en


@pytest.mark.slow
@needs_vocab
@pytest.mark.skipif(not data_files(), reason="no data/<ward>/*.ttl built yet")
def test_shipped_data_has_no_core_violations() -> None:
    """The committed data conforms to the core shapes (what `wardkg validate` checks before publishing)."""
    report = validate_files(data_files(), tier="core")
    assert report.conforms, [r.key() for r in report.violations[:10]]


@needs_vocab
@pytest.mark.skipif(not data_files(), reason="no data/<ward>/*.ttl built yet")
def test_real_source_with_two_injected_faults(tmp_path: Path) -> None:
    """A real built source, with one Japanese label removed and one parent link reversed into a cycle:
    exactly those faults are reported (the rest of the real file conforms to the core shapes)."""
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from wardkg.namespaces import WK
    from wardkg.rdfio import write_turtle

    source = min(data_files(), key=lambda p: p.stat().st_size)
    g = load_graph(source)
    child, parent = sorted(g.subject_objects(WK.hasParent))[0]
    labels = [
        lbl for lbl in g.objects(child, RDFS.label) if isinstance(lbl, Literal) and lbl.language == "ja"
    ]
    for lbl in labels:
        g.remove((child, RDFS.label, lbl))
    g.add((parent, WK.hasParent, child))
    broken = tmp_path / source.parent.name / source.name
    broken.parent.mkdir()
    write_turtle(g, broken)
    report = validate_files([broken], tier="core")
    sparql = "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"
    assert {r.key() for r in report.results} == {
        (str(child), "rdfs:label", "http://www.w3.org/ns/shacl#QualifiedMinCountConstraintComponent",
         str(SHAPES.LabelJa)),
        (str(child), "wk:hasParent", sparql, str(SHAPES.NoParentCycle)),
        (str(parent), "wk:hasParent", sparql, str(SHAPES.NoParentCycle)),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"\xff\xfe\x00garbage", 1, "not UTF-8"),
        (b"@prefix ex: <http://e/> .\nex:a ex:b ex:c", 2, "end of file"),
        (b"@prefix ex: <http://e/> .\n\n\nex:a ex:b ex:c ;\n  ex:d ex:g .\nex:e ex:f foo:g .\n", 6, "foo"),
    ],
    ids=["binary", "unfinished", "unbound-prefix"],
)
def test_bad_input_is_exit_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, line: int, words: str
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(content)
    assert cli.main(["validate", str(bad), "--shapes", "core"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:{line}:" in err and words in err


def test_data_files_lists_ward_folders_only(tmp_path: Path) -> None:
    for rel in (
        "data/13120/a.ttl",
        "data/13120/a.sdg.ttl",
        "data/13119/b.ttl",
        "data/sources/x.ttl",
        "data/sdg/y.ttl",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("", encoding="utf-8")
    names = [f"{p.parent.name}/{p.name}" for p in data_files(tmp_path)]
    assert names == ["13119/b.ttl", "13120/a.sdg.ttl", "13120/a.ttl"]
    assert [p.name for p in data_files(tmp_path, wards=["13119"])] == ["b.ttl"]
    assert [len(g) for g in group_by_source(data_files(tmp_path))] == [1, 2]


@needs_vocab
def test_recommended_tier_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """shapes/recommended.ttl is self-contained: alone it reports warnings only, so the invalid file passes."""
    assert cli.main(["validate", str(INVALID), "--shapes", "recommended", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "violation 0" in out and "[warning]" in out


@needs_vocab
def test_shipped_sdg_scheme_check_can_fail() -> None:
    """The completeness check really runs on ontology/sdg.ttl: without target 13.2 it reports 168 targets."""
    from rdflib import URIRef

    from wardkg.validate import context_graph, validate

    vocab = context_graph()
    t132 = URIRef("http://metadata.un.org/sdg/13.2")
    vocab.remove((t132, None, None))
    report = validate(vocab, tier="core")
    assert {r.key() for r in report.results} == {
        ("http://metadata.un.org/sdg", None, "http://www.w3.org/ns/shacl#SPARQLConstraintComponent",
         str(SHAPES.SDGScheme)),
    }  # fmt: skip
    assert "168" in report.results[0].message_en


@needs_vocab
@pytest.mark.skipif(
    not any(p.name.endswith(".sdg.ttl") for p in data_files()), reason="no SDG links built yet"
)
def test_sdg_file_alone_brings_its_source() -> None:
    """`wardkg validate data/<ward>/<id>.sdg.ttl` validates the links with the elements they point at."""
    sdg = min((p for p in data_files() if p.name.endswith(".sdg.ttl")), key=lambda p: p.stat().st_size)
    report = validate_files([sdg], tier="core")
    assert sorted(report.files) == sorted(
        [str(sdg), str(sdg.with_name(sdg.name.replace(".sdg.ttl", ".ttl")))]
    )
    assert report.conforms, [r.key() for r in report.violations[:5]]
