"""The DCAT-AP 3 catalog (dist/catalog.ttl) that open-data portals harvest, with VoID statistics.

What CKAN's ckanext-dcat DCAT-AP parser reads is what we write (profiles euro_dcat_ap_2/3): per dataset
dct:title/description (ja and en), dcat:keyword, dct:identifier, dct:issued, dct:language, dct:publisher
(foaf:name), dcat:contactPoint (vcard:fn, vcard:hasURL), dct:spatial, dct:temporal (dcat:startDate /
dcat:endDate), dcat:theme, dct:conformsTo; per distribution dct:title, dcat:accessURL, dcat:downloadURL,
dct:format, dcat:mediaType, dcat:byteSize, spdx:checksum (spdx:algorithm, spdx:checksumValue), dct:license.
No blank nodes (every node has an IRI under the dataset's), so the catalog is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from wardkg.fiscal import fiscal_year_bounds
from wardkg.namespaces import ADMS, BASE, ESTAT_SAC, SPDX, VCARD, WK, bind_prefixes, ward_iri

ONTOLOGY_IRI = URIRef(BASE + "ontology")
CATALOG_IRI = URIRef(BASE + "catalog")
PROJECT_IRI = URIRef(BASE + "project")
CC_BY_4 = URIRef("http://creativecommons.org/licenses/by/4.0/")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_THEME_GOVE = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
EU_LANG_JPN = URIRef("http://publications.europa.eu/resource/authority/language/JPN")
EU_LANG_ENG = URIRef("http://publications.europa.eu/resource/authority/language/ENG")
IANA = "http://www.iana.org/assignments/media-types/"

FORMATS: dict[str, tuple[str, str, str]] = {
    ".ttl": ("text/turtle", "TURTLE", "Turtle"),
    ".jsonld": ("application/ld+json", "JSON_LD", "JSON-LD"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    ".csv": ("text/csv", "CSV", "CSV"),
    ".json": ("application/json", "JSON", "JSON"),
    ".md": ("text/markdown", "TXT", "Markdown"),
}
"""suffix → (IANA media type, EU file-type code, format name)."""


@dataclass
class FileInfo:
    """One exported file as a distribution."""

    relpath: str
    size: int
    sha256: str


@dataclass
class DatasetInfo:
    """One dataset of the catalog (a source document, a ward, or the whole graph)."""

    key: str
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    publisher: URIRef
    publisher_name: str
    wards: list[str]
    fiscal_years: list[int]
    keywords: list[str]
    files: list[FileInfo]
    licence: URIRef = CC_BY_4
    issued: Literal | None = None
    stats: dict[str, int] = field(default_factory=dict)
    contact_name: str | None = None
    source_documents: list[URIRef] = field(default_factory=list)


def dataset_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}dataset/{key}")


def catalog_graph(
    datasets: list[DatasetInfo], base_url: str, conforms: bool, ward_names: dict[str, str]
) -> Graph:
    """The catalog graph: catalog, datasets with VoID statistics, distributions with checksums."""
    g = bind_prefixes(Graph())
    base_url = base_url.rstrip("/") + "/"
    g.add((CATALOG_IRI, RDF.type, DCAT.Catalog))
    g.add((CATALOG_IRI, DCTERMS.title, Literal("wardkg 特別区の計画データ カタログ", lang="ja")))
    g.add(
        (CATALOG_IRI, DCTERMS.title, Literal("wardkg catalogue of Tokyo special wards' plan data", lang="en"))
    )
    g.add(
        (
            CATALOG_IRI,
            DCTERMS.description,
            Literal(
                "東京都特別区の総合計画・アクションプラン・予算の重点事業・各部の経営方針を、出典の行まで辿れる Linked Data にしたもの。",
                lang="ja",
            ),
        )
    )
    g.add(
        (
            CATALOG_IRI,
            DCTERMS.description,
            Literal(
                "Plans of Tokyo's special wards (comprehensive plans, action plans, budget highlights, departmental "
                "management policies) as linked data with line-level provenance and SDG links.",
                lang="en",
            ),
        )
    )
    g.add((CATALOG_IRI, DCTERMS.publisher, PROJECT_IRI))
    g.add((CATALOG_IRI, DCTERMS.license, CC_BY_4))
    g.add((CATALOG_IRI, FOAF.homepage, URIRef(base_url)))
    g.add((CATALOG_IRI, DCTERMS.language, EU_LANG_JPN))
    g.add((CATALOG_IRI, DCTERMS.language, EU_LANG_ENG))
    g.add((CATALOG_IRI, WK.shaclConforms, Literal(conforms)))
    if not conforms:
        g.add((CATALOG_IRI, ADMS.status, URIRef("http://purl.org/adms/status/UnderDevelopment")))
        g.add(
            (
                CATALOG_IRI,
                RDFS.comment,
                Literal(
                    "このカタログのデータは SHACL の必須制約に違反したまま、明示的な指示で公開されました。",
                    lang="ja",
                ),
            )
        )
        g.add(
            (
                CATALOG_IRI,
                RDFS.comment,
                Literal(
                    "Exported on explicit request although the data violates the core SHACL shapes.",
                    lang="en",
                ),
            )
        )
    g.add((PROJECT_IRI, RDF.type, FOAF.Agent))
    g.add((PROJECT_IRI, FOAF.name, Literal("wardkg プロジェクト", lang="ja")))
    g.add((PROJECT_IRI, FOAF.name, Literal("the wardkg project", lang="en")))

    for ds in datasets:
        d = dataset_iri(ds.key)
        g.add((CATALOG_IRI, DCAT.dataset, d))
        g.add((d, RDF.type, DCAT.Dataset))
        g.add((d, RDF.type, VOID.Dataset))
        g.add((d, DCTERMS.identifier, Literal(ds.key)))
        g.add((d, DCTERMS.title, Literal(ds.title_ja, lang="ja")))
        g.add((d, DCTERMS.title, Literal(ds.title_en, lang="en")))
        g.add((d, DCTERMS.description, Literal(ds.description_ja, lang="ja")))
        g.add((d, DCTERMS.description, Literal(ds.description_en, lang="en")))
        g.add((d, DCTERMS.publisher, ds.publisher))
        g.add((ds.publisher, RDF.type, FOAF.Agent))
        g.add((ds.publisher, FOAF.name, Literal(ds.publisher_name, lang="ja")))
        g.add((d, DCTERMS.language, EU_LANG_JPN))
        g.add((d, DCAT.theme, EU_THEME_GOVE))
        g.add((d, DCTERMS.conformsTo, ONTOLOGY_IRI))
        g.add(
            (
                d,
                DCTERMS.accessRights,
                URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC"),
            )
        )
        if ds.issued is not None:
            g.add((d, DCTERMS.issued, ds.issued))
        for kw in ds.keywords:
            g.add((d, DCAT.keyword, Literal(kw, lang="ja")))
        for src in ds.source_documents:
            g.add((d, DCTERMS.source, src))
        for code in ds.wards:
            g.add((d, DCTERMS.spatial, ward_iri(code)))
            g.add((d, DCTERMS.spatial, ESTAT_SAC[f"C{code}"]))
            g.add((ward_iri(code), RDFS.label, Literal(ward_names.get(code, code), lang="ja")))
        if ds.fiscal_years:
            period = URIRef(f"{d}/period")
            start, _ = fiscal_year_bounds(min(ds.fiscal_years))
            _, end = fiscal_year_bounds(max(ds.fiscal_years))
            g.add((d, DCTERMS.temporal, period))
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            g.add((period, DCAT.startDate, Literal(start.isoformat(), datatype=XSD.date)))
            g.add((period, DCAT.endDate, Literal(end.isoformat(), datatype=XSD.date)))
        contact = URIRef(f"{d}/contact")
        g.add((d, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, VCARD.fn, Literal(ds.contact_name or ds.publisher_name, lang="ja")))
        g.add((contact, VCARD.hasURL, URIRef(base_url)))
        for key, value in sorted(ds.stats.items()):
            g.add((d, VOID[key], Literal(value, datatype=XSD.integer)))
        for f in ds.files:
            dist = URIRef(f"{d}/dist/{f.relpath.replace('/', '_')}")
            suffix = "." + f.relpath.rsplit(".", 1)[-1]
            media, eu_code, fmt_name = FORMATS.get(suffix, ("application/octet-stream", "BIN", "binary"))
            g.add((d, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, Literal(f"{ds.title_ja} ({fmt_name})", lang="ja")))
            g.add((dist, DCTERMS.title, Literal(f"{ds.title_en} ({fmt_name})", lang="en")))
            g.add((dist, DCAT.accessURL, URIRef(base_url + f.relpath)))
            g.add((dist, DCAT.downloadURL, URIRef(base_url + f.relpath)))
            g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
            g.add((dist, DCTERMS.format, URIRef(EU_FILE_TYPE + eu_code)))
            g.add((dist, DCAT.byteSize, Literal(f.size, datatype=XSD.nonNegativeInteger)))
            g.add((dist, DCTERMS.license, ds.licence))
            checksum = URIRef(f"{dist}/checksum")
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
    return g


def void_stats(g: Graph) -> dict[str, int]:
    """VoID statistics: triples, entities (IRI subjects with a type), classes, properties, distinct subjects."""
    subjects = {s for s in g.subjects() if isinstance(s, URIRef)}
    typed = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    return {
        "triples": len(g),
        "entities": len(typed),
        "classes": len(set(g.objects(None, RDF.type))),
        "properties": len(set(g.predicates())),
        "distinctSubjects": len(subjects),
    }
