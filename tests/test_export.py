"""The open-data export: determinism, round trips, CSV columns, checksums, the catalog, the refusal."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, RDFS

from conftest import ROOT, in_ci
from wardkg.errors import ValidationFailed
from wardkg.export import export
from wardkg.export.tables import COLUMNS
from wardkg.namespaces import SPDX, WK
from wardkg.sources import DATA_DIR, load_sources

BUILT = all((DATA_DIR / d.ward / f"{d.id}.ttl").exists() for d in load_sources())
pytestmark = pytest.mark.skipif(not BUILT, reason="data/ is not built yet; run `wardkg build`")


def _ok(_paths: list[Path]) -> bool:
    return True


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "dist"
    export(out, base_url="https://example.org/wardkg/", check=_ok)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_exports_are_byte_identical(dist: Path, tmp_path: Path) -> None:
    again = tmp_path / "dist"
    export(again, base_url="https://example.org/wardkg/", check=_ok)
    first, second = _files(dist), _files(again)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"files differ between two exports: {different}"


def test_expected_files_exist(dist: Path) -> None:
    names = set(_files(dist))
    for doc in load_sources():
        for ext in ("ttl", "jsonld", "nt"):
            assert f"{doc.ward}/{doc.id}.{ext}" in names
            assert f"{doc.ward}/{doc.ward}-all.{ext}" in names
        assert f"{doc.ward}/{doc.ward}-elements.csv" in names
    assert {"catalog.ttl", "context.jsonld", "coverage.md", "coverage.json", "wardkg-all.ttl"} <= names


@pytest.mark.parametrize("stem", [f"{d.ward}/{d.id}" for d in load_sources()])
def test_formats_round_trip_to_isomorphic_graphs(dist: Path, stem: str) -> None:
    turtle = Graph().parse(dist / f"{stem}.ttl", format="turtle")
    nt = Graph().parse(dist / f"{stem}.nt", format="nt")
    doc = json.loads((dist / f"{stem}.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == "https://example.org/wardkg/context.jsonld"
    doc["@context"] = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert len(turtle) > 0
    assert isomorphic(turtle, nt), "N-Triples differ from Turtle"
    assert isomorphic(turtle, jsonld), "JSON-LD differs from Turtle"


def test_csv_has_bom_columns_and_one_row_per_element(dist: Path) -> None:
    for ward in sorted({d.ward for d in load_sources()}):
        raw = (dist / ward / f"{ward}-elements.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows and tuple(rows[0].keys()) == COLUMNS
        g = Graph().parse(dist / ward / f"{ward}-all.ttl")
        elements = {str(s) for s in g.subjects(WK.inPlan, None)}
        assert {r["iri"] for r in rows} == elements
        for r in rows:
            assert r["ward"] == ward and r["title"], r["iri"]
            assert r["source_lines"], f"{r['iri']} has no source lines"


def test_catalog_checksums_and_sizes_match_the_files(dist: Path) -> None:
    cat = Graph().parse(dist / "catalog.ttl")
    dists = list(cat.subjects(RDF.type, DCAT.Distribution))
    assert len(dists) >= 3 * len(load_sources())
    for d in dists:
        url = str(cat.value(d, DCAT.downloadURL))
        assert url.startswith("https://example.org/wardkg/")
        data = (dist / url.removeprefix("https://example.org/wardkg/")).read_bytes()
        assert int(cat.value(d, DCAT.byteSize)) == len(data)
        checksum = cat.value(d, SPDX.checksum)
        assert str(cat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert cat.value(d, URIRef("http://purl.org/dc/terms/license")) is not None


def test_catalog_passes_the_dcat_shapes(dist: Path) -> None:
    shapes = Graph().parse(ROOT / "shapes" / "dcat.ttl")
    conforms, _, text = validate(Graph().parse(dist / "catalog.ttl"), shacl_graph=shapes)
    assert conforms, text


def test_dcat_shapes_catch_a_distribution_without_access_url(dist: Path) -> None:
    cat = Graph().parse(dist / "catalog.ttl")
    victim = next(iter(cat.subjects(RDF.type, DCAT.Distribution)))
    cat.remove((victim, DCAT.accessURL, None))
    shapes = Graph().parse(ROOT / "shapes" / "dcat.ttl")
    conforms, report, _ = validate(cat, shacl_graph=shapes)
    assert not conforms
    sh = "http://www.w3.org/ns/shacl#"
    fired = {
        (str(report.value(r, URIRef(sh + "focusNode"))), str(report.value(r, URIRef(sh + "sourceShape"))))
        for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult"))
    }
    assert (str(victim), "https://w3id.org/wardkg/shapes#DcatDistributionAccessURL") in fired


def test_coverage_report_has_real_numbers(dist: Path) -> None:
    rows = json.loads((dist / "coverage.json").read_text(encoding="utf-8"))
    assert {r["source"] for r in rows} == {d.id for d in load_sources()}
    for r in rows:
        assert r["elements"] > 0, r
        assert 0 <= r["descriptions"] <= r["elements"]
    assert "| 板橋区 13119 |" in (dist / "coverage.md").read_text(encoding="utf-8")


def test_export_refuses_invalid_data_and_force_marks_the_catalog(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with pytest.raises(ValidationFailed):
        export(out, check=lambda g: False)
    assert not out.exists(), "a refused export must write nothing"
    export(out, check=lambda g: False, force=True)
    cat = Graph().parse(out / "catalog.ttl")
    catalog = next(iter(cat.subjects(RDF.type, DCAT.Catalog)))
    assert cat.value(catalog, WK.shaclConforms) == Literal(False)
    assert any(o.language == "en" for o in cat.objects(catalog, RDFS.comment))


def test_export_refuses_a_graph_that_really_violates_the_core_shapes(tmp_path: Path) -> None:
    """The default check is the core SHACL shapes: an element stripped of its Japanese label is refused."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("sources"))
    doc = load_sources()[0]
    path = data / doc.ward / f"{doc.id}.ttl"
    g = Graph().parse(path)
    victim = next(iter(g.subjects(WK.inPlan, None)))
    g.remove((victim, RDFS.label, None))
    g.serialize(path, format="turtle")
    with pytest.raises(ValidationFailed):
        export(tmp_path / "dist", data_dir=data)
    assert not (tmp_path / "dist").exists()


@pytest.fixture(scope="session")
def ckan_python() -> str:
    """A venv with CKAN + ckanext-dcat (tests/ckan/requirements.txt), made once under .wardkg-cache/."""
    venv = ROOT / ".wardkg-cache" / "ckan-venv"
    py = venv / "bin" / "python"
    req = ROOT / "tests" / "ckan" / "requirements.txt"
    stamp = venv / ".requirements"
    if not (py.exists() and stamp.exists() and stamp.read_text() == req.read_text()):
        shutil.rmtree(venv, ignore_errors=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(req)], check=True, timeout=900)
        except (subprocess.SubprocessError, OSError) as exc:
            if in_ci():
                pytest.fail(f"could not install CKAN + ckanext-dcat: {exc}")
            pytest.skip(f"could not install CKAN + ckanext-dcat from PyPI: {exc}")
        stamp.write_text(req.read_text())
    return str(py)


@pytest.mark.slow
def test_ckan_dcat_harvester_reads_the_catalog(dist: Path, ckan_python: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run(
        [ckan_python, str(ROOT / "tests" / "ckan" / "parse_catalog.py"), str(dist / "catalog.ttl")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    datasets = json.loads(proc.stdout)
    cat = Graph().parse(dist / "catalog.ttl")
    assert len(datasets) == len(set(cat.subjects(RDF.type, DCAT.Dataset)))
    by_url = {}
    for ds in datasets:
        assert ds["title"] and ds["notes"], ds
        assert ds["extras"].get("publisher_name"), ds["title"]
        assert ds["resources"], ds["title"]
        for r in ds["resources"]:
            by_url[r["url"]] = r
    for rel, data in _files(dist).items():
        url = "https://example.org/wardkg/" + rel
        if rel == "catalog.ttl" or rel == "context.jsonld":
            continue
        assert url in by_url, f"CKAN sees no resource for {rel}"
        r = by_url[url]
        assert r["hash"] == hashlib.sha256(data).hexdigest()
        assert r["hash_algorithm"].endswith("checksumAlgorithm_sha256")
        assert int(r["size"]) == len(data)
        assert r["license"] == "http://creativecommons.org/licenses/by/4.0/"
