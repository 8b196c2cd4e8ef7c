"""``wardkg export``: the open-data release in dist/.

Writes, deterministically (two runs give identical bytes):
- per source dataset and per ward: Turtle, JSON-LD (with the published context.jsonld), N-Triples;
- the whole graph with the ontology and vocabularies: wardkg-all.{ttl,jsonld,nt};
- a CSV per ward (UTF-8 with BOM, see tables.py);
- coverage.md / coverage.json;
- catalog.ttl: DCAT-AP 3 with VoID statistics, checksums and sizes of every file above.

Everything is written into a staging folder first and moved into place at the end, so a failure leaves
the previous dist/ untouched. A graph with core-shape violations is refused (ValidationFailed, exit 1)
unless ``force`` is given, in which case the catalog says so (wk:shaclConforms false, adms:status).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from wardkg.errors import InputError, ValidationFailed
from wardkg.export.catalog import DatasetInfo, FileInfo, catalog_graph, void_stats
from wardkg.export.coverage import Coverage, coverage_json, coverage_markdown, coverage_of
from wardkg.export.serialize import context_bytes, jsonld_bytes, ntriples_bytes
from wardkg.export.tables import csv_bytes, element_rows
from wardkg.graphs import ontology_files
from wardkg.ingest.common import issued_literal
from wardkg.namespaces import BASE, bind_prefixes, source_iri, ward_iri
from wardkg.rdfio import read_graph, turtle_bytes
from wardkg.sources import DATA_DIR, SourceDoc, load_sources

DEFAULT_BASE_URL = BASE + "dist/"


@dataclass
class ExportResult:
    out: Path
    files: list[FileInfo]
    coverage: list[Coverage]
    conforms: bool


def source_data_files(doc: SourceDoc, data_dir: Path = DATA_DIR) -> list[Path]:
    """data/<ward>/<id>.ttl and, if present, its SDG links data/<ward>/<id>.sdg.ttl."""
    main = data_dir / doc.ward / f"{doc.id}.ttl"
    if not main.exists():
        raise InputError(f"{main}: not built; run `wardkg build` first")
    sdg = data_dir / doc.ward / f"{doc.id}.sdg.ttl"
    return [main, sdg] if sdg.exists() else [main]


class _Writer:
    """Writes files into the staging folder and records size and checksum of each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileInfo] = {}

    def write(self, relpath: str, data: bytes) -> FileInfo:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        info = FileInfo(relpath, len(data), hashlib.sha256(data).hexdigest())
        self.files[relpath] = info
        return info

    def rdf(self, stem: str, g: Graph, context_url: str) -> list[FileInfo]:
        return [
            self.write(f"{stem}.ttl", turtle_bytes(g)),
            self.write(f"{stem}.jsonld", jsonld_bytes(g, context_url)),
            self.write(f"{stem}.nt", ntriples_bytes(g)),
        ]


def export(
    out: Path,
    base_url: str | None = None,
    force: bool = False,
    check: Callable[[list[Path]], bool] | None = None,
    data_dir: Path = DATA_DIR,
) -> ExportResult:
    """Write the release to *out*. *check* decides whether the data files conform (default: core SHACL shapes)."""
    base_url = (base_url or DEFAULT_BASE_URL).rstrip("/") + "/"
    context_url = base_url + "context.jsonld"
    docs = load_sources()
    vocab = read_graph(*ontology_files())
    per_source: list[tuple[SourceDoc, Graph]] = []
    data_paths: list[Path] = []
    for doc in docs:
        paths = source_data_files(doc, data_dir)
        data_paths.extend(paths)
        per_source.append((doc, read_graph(*paths)))
    whole = bind_prefixes(Graph())
    for _, g in per_source:
        whole += g

    conforms = (check or core_shapes_conform)(data_paths)
    if not conforms and not force:
        raise ValidationFailed(
            "the graph violates the core shapes; run `wardkg validate` for the report "
            "(or export with --force, which marks the catalog)"
        )

    ward_names = {d.ward: d.ward_name for d in docs}
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent if out.parent.exists() else None))
    try:
        w = _Writer(staging)
        w.write("context.jsonld", context_bytes())
        datasets: list[DatasetInfo] = []
        coverage: list[Coverage] = []
        # per source
        for doc, g in per_source:
            files = w.rdf(f"{doc.ward}/{doc.id}", g, context_url)
            cov = coverage_of(g, doc.ward, doc.ward_name, source_iri(doc.ward, doc.id), doc.id)
            coverage.append(cov)
            datasets.append(_source_dataset(doc, g, files))
        # per ward
        for ward in sorted({d.ward for d in docs}):
            g_ward = bind_prefixes(Graph())
            ward_docs = [d for d, _ in per_source if d.ward == ward]
            for d, g in per_source:
                if d.ward == ward:
                    g_ward += g
            files = w.rdf(f"{ward}/{ward}-all", g_ward, context_url)
            rows = element_rows(g_ward + vocab, ward_iri(ward), ward_names[ward])
            files.append(w.write(f"{ward}/{ward}-elements.csv", csv_bytes(rows)))
            datasets.append(_ward_dataset(ward, ward_names[ward], ward_docs, g_ward, files))
        # the whole graph with ontology and vocabularies
        everything = whole + vocab
        bind_prefixes(everything)
        files = w.rdf("wardkg-all", everything, context_url)
        files.append(w.write("coverage.json", coverage_json(coverage)))
        files.append(w.write("coverage.md", coverage_markdown(coverage)))
        datasets.append(_whole_dataset(docs, everything, files))
        catalog = catalog_graph(datasets, base_url, conforms, ward_names)
        w.write("catalog.ttl", turtle_bytes(catalog))
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(out, sorted(w.files.values(), key=lambda f: f.relpath), coverage, conforms)


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace *out* by *staging* with two renames (the old release is removed only after the new is in place)."""
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)


def core_shapes_conform(paths: list[Path]) -> bool:
    """The data files conform to shapes/core.ttl (validated as one graph with the vocabularies, by the
    default engine — pySHACL's results, tests/test_validate_engines.py)."""
    from wardkg.validate import validate_files

    return validate_files(paths, tier="core", engine="fast").conforms


def _source_dataset(doc: SourceDoc, g: Graph, files: list[FileInfo]) -> DatasetInfo:
    return DatasetInfo(
        key=f"{doc.ward}/{doc.id}",
        title_ja=f"{doc.ward_name} {doc.title}",
        title_en=doc.title_en or doc.title,
        description_ja=f"{doc.ward_name}の「{doc.title}」を wardkg オントロジーで表した Linked Data(出典の行番号つき)。",
        description_en=f"{doc.title_en or doc.title}: the document's plan structure as linked data "
        "(wardkg ontology), with line-level provenance and proposed SDG links.",
        publisher=ward_iri(doc.ward),
        publisher_name=doc.ward_name,
        wards=[doc.ward],
        fiscal_years=list(doc.fiscal_years),
        keywords=sorted({doc.ward_name, "行政計画", "SDGs", _kind_keyword(doc.kind)}),
        files=files,
        licence=URIRef(doc.licence) if doc.licence else URIRef("http://creativecommons.org/licenses/by/4.0/"),
        issued=issued_literal(doc.issued) if doc.issued else None,
        stats=void_stats(g),
        contact_name=f"{doc.ward_name} {' '.join(doc.issuing_unit)}".strip(),
        source_documents=[source_iri(doc.ward, doc.id)],
    )


def _ward_dataset(
    ward: str, ward_name: str, docs: list[SourceDoc], g: Graph, files: list[FileInfo]
) -> DatasetInfo:
    years = sorted({y for d in docs for y in d.fiscal_years})
    return DatasetInfo(
        key=ward,
        title_ja=f"{ward_name}の計画データ(全出典)",
        title_en=f"Plan data of {ward_name} (all sources)",
        description_ja=f"{ward_name}の全出典文書({len(docs)}件)を一つにまとめたグラフと、要素一覧の CSV。",
        description_en=f"All {len(docs)} source documents of ward {ward} in one graph, and a CSV of its plan elements.",
        publisher=ward_iri(ward),
        publisher_name=ward_name,
        wards=[ward],
        fiscal_years=years,
        keywords=sorted({ward_name, "行政計画", "SDGs"}),
        files=files,
        stats=void_stats(g),
        source_documents=[source_iri(d.ward, d.id) for d in docs],
    )


def _whole_dataset(docs: list[SourceDoc], g: Graph, files: list[FileInfo]) -> DatasetInfo:
    years = sorted({y for d in docs for y in d.fiscal_years})
    return DatasetInfo(
        key="all",
        title_ja="wardkg 特別区の計画データ(全体とオントロジー)",
        title_en="wardkg: all wards' plan data with the ontology and vocabularies",
        description_ja="全区・全出典のデータに、wardkg オントロジー、SDG の目標・ターゲット、特別区、年度、政策分野の語彙を加えたグラフ。",
        description_en="Every ward and source together with the wardkg ontology and its vocabularies "
        "(SDG goals and targets, the 23 special wards, fiscal years, policy domains).",
        publisher=URIRef(BASE + "project"),
        publisher_name="wardkg プロジェクト",
        wards=sorted({d.ward for d in docs}),
        fiscal_years=years,
        keywords=sorted({"行政計画", "SDGs", "特別区", "Linked Data"}),
        files=files,
        stats=void_stats(g),
        source_documents=[source_iri(d.ward, d.id) for d in docs],
    )


def _kind_keyword(kind: str) -> str:
    return {
        "action-plan": "アクションプラン",
        "comprehensive-plan": "総合計画",
        "budget-highlights": "予算",
        "management-policies": "経営方針",
    }.get(kind, kind)
