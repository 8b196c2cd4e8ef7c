"""Generate ontology/wards.ttl — Tokyo's 23 special wards and Tokyo itself — from data/reference/wards.tsv.

Why generated: the ward codes drive three identifiers that must agree (the local IRI wkid:13120, the e-Stat
standard area code sac:C13120 and the six-digit local government code 131202 with its check digit); computing
them from one table rules out a typo in one of them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from gen_common import ONTOLOGY_DIR, REFERENCE_DIR, read_tsv, run
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from wardkg.errors import SourceFormatError
from wardkg.namespaces import ESTAT_SAC, WK, ward_iri

WARDS_TSV = REFERENCE_DIR / "wards.tsv"
OUTPUT = ONTOLOGY_DIR / "wards.ttl"
COLUMNS = ["code", "name_ja", "name_en", "kana"]
TOKYO_CODE = "13"
WARD_CODE_RE = re.compile(r"^131(0[1-9]|1\d|2[0-3])$")
"""The special wards are 13101 (千代田区) … 13123 (江戸川区) in the standard area codes (JIS X 0402)."""

NOTE = """\
Wards link to e-Stat's statistical LOD with skos:exactMatch, not owl:sameAs: e-Stat's standard-area-code
resources carry time-versioned statements (codes valid from / until, successor areas), and owl:sameAs
would merge those statements into our ward node, so a reasoner would give 練馬区 every past version's
properties. A special ward is an independent local government, not a unit of the Tokyo Metropolitan
Government, so Tokyo is linked with wk:partOfPrefecture, not org:subOrganizationOf."""


def check_digit(code5: str) -> str:
    """The check digit of a local government code (全国地方公共団体コード): 13120 → "2" (131202).

    Weights 6,5,4,3,2 on the five digits; the digit is (11 − sum mod 11) mod 10, so a remainder of 1 gives 0
    and a remainder of 0 gives 1 (立川市 13202 → 132021).
    """
    if not re.fullmatch(r"\d{5}", code5):
        raise ValueError(f"a five-digit code is needed, got {code5!r}")
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def prefecture_iri(code: str = TOKYO_CODE) -> URIRef:
    """wkid:13 — 東京都 (the two-digit prefecture code)."""
    return ward_iri(code)


def build_graph(path: Path = WARDS_TSV) -> Graph:
    """The wards of *path* and Tokyo as an rdflib graph."""
    rows = read_tsv(path, COLUMNS)
    g = Graph()
    tokyo = prefecture_iri()
    g.add((tokyo, RDF.type, WK.Prefecture))
    g.add((tokyo, RDF.type, ORG.Organization))
    for lit in (Literal("東京都", lang="ja"), Literal("Tokyo Metropolis", lang="en")):
        g.add((tokyo, RDFS.label, lit))
        g.add((tokyo, SKOS.prefLabel, lit))
    g.add((tokyo, SKOS.altLabel, Literal("Tokyo", lang="en")))
    g.add((tokyo, SKOS.altLabel, Literal("とうきょうと", lang="ja-Hira")))
    g.add((tokyo, DCTERMS.identifier, Literal(TOKYO_CODE)))
    g.add((tokyo, WK.localGovernmentCode, Literal("130001")))
    g.add((tokyo, SKOS.exactMatch, ESTAT_SAC["C13000"]))
    seen: set[str] = set()
    for row in rows:
        code = row["code"]
        if not WARD_CODE_RE.match(code):
            raise SourceFormatError(path, row.line, "a special-ward code 13101–13123", code)
        if code in seen:
            raise SourceFormatError(path, row.line, "each ward once", code)
        seen.add(code)
        if not row["name_ja"].endswith("区") or not row["name_en"].endswith(" City"):
            raise SourceFormatError(
                path, row.line, "names like 練馬区 / Nerima City", f"{row['name_ja']} / {row['name_en']}"
            )
        if not re.fullmatch(r"[\u3041-\u309f]+く", row["kana"]):
            raise SourceFormatError(path, row.line, "a hiragana reading ending in く", row["kana"])
        ward = ward_iri(code)
        g.add((ward, RDF.type, WK.Municipality))
        g.add((ward, RDF.type, ORG.Organization))
        for lit in (Literal(row["name_ja"], lang="ja"), Literal(row["name_en"], lang="en")):
            g.add((ward, RDFS.label, lit))
            g.add((ward, SKOS.prefLabel, lit))
        g.add((ward, SKOS.altLabel, Literal(row["kana"], lang="ja-Hira")))
        g.add((ward, DCTERMS.identifier, Literal(code)))
        g.add((ward, WK.localGovernmentCode, Literal(code + check_digit(code))))
        g.add((ward, SKOS.exactMatch, ESTAT_SAC[f"C{code}"]))
        g.add((ward, WK.partOfPrefecture, tokyo))
    if len(seen) != 23:
        raise SourceFormatError(path, None, "the 23 special wards", f"{len(seen)} rows")
    return g


def main(argv: list[str] | None = None) -> int:
    return run(
        argv,
        script="gen_wards.py",
        inputs="data/reference/wards.tsv",
        output=OUTPUT,
        build=build_graph,
        note=NOTE,
    )


if __name__ == "__main__":
    sys.exit(main())
