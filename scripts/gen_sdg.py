"""Generate ontology/sdg.ttl — the 17 SDG goals and 169 targets on the UN's own IRIs — from data/reference/.

Why generated: 186 concepts × two languages is too much to hand-edit without drift, and the texts must stay
exactly as the documents give them. The tables (sdg-targets.tsv, sdg-goal-short-names.tsv) are the reviewed
data; data/reference/README.md names the file each text was transcribed from.

Provenance of every prefLabel and altLabel is stated per label (an owl:Axiom with wk:labelSource), because the
Japanese texts come from copies of the MOFA provisional translation, some corrected, and wardkg's own
translations must never pass as official text (issue 2, item 2).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from gen_common import ONTOLOGY_DIR, REFERENCE_DIR, Row, label_axiom, read_tsv, run
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from wardkg.errors import SourceFormatError
from wardkg.namespaces import ID, SDG_SCHEME, SDGO, WK, sdg_iri

TARGETS_TSV = REFERENCE_DIR / "sdg-targets.tsv"
SHORT_TSV = REFERENCE_DIR / "sdg-goal-short-names.tsv"
OUTPUT = ONTOLOGY_DIR / "sdg.ttl"
TARGET_COLUMNS = ["code", "en", "ja", "ja_source", "ja_note"]
SHORT_COLUMNS = ["code", "short_en", "short_ja"]

CODE_RE = re.compile(r"^(?P<goal>[1-9]\d?)(?:\.(?P<target>[1-9]\d?|[a-z]))?$")
GOALS = 17
TARGETS = 169

REF = ID["reference/"]
A_RES_70_1 = URIRef(REF + "a-res-70-1")
MOFA = URIRef(REF + "mofa-2030-agenda-provisional-translation")
WARDKG_TRANSLATION = URIRef(REF + "wardkg-translation")
UN_ICONS = URIRef(REF + "un-sdg-icons")
UNIC_ICONS_JA = URIRef(REF + "unic-tokyo-sdg-icons-ja")
COPY_EN = URIRef(REF + "copy/open-sdg-sdg-translations-en")
COPY_JA = URIRef(REF + "copy/ja-17goals-page-template")

JA_SOURCES = {
    "mofa-copy": (MOFA, COPY_JA),
    "mofa-copy-corrected": (MOFA, COPY_JA),
    "wardkg": (WARDKG_TRANSLATION, None),
}
"""ja_source value → (wk:labelSource, wk:transcribedFrom). A note is required unless the text is as copied."""


@dataclass(frozen=True)
class Entry:
    code: str
    goal: str
    is_goal: bool
    en: str
    ja: str
    ja_source: str
    ja_note: str


def parse_targets(path: Path = TARGETS_TSV) -> list[Entry]:
    """Read and check sdg-targets.tsv: valid unique codes, both texts present, a known ja_source."""
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for row in read_tsv(path, TARGET_COLUMNS):
        entries.append(_entry(path, row, seen))
    goals = [e for e in entries if e.is_goal]
    targets = [e for e in entries if not e.is_goal]
    if len(goals) != GOALS or len(targets) != TARGETS:
        raise SourceFormatError(
            path,
            None,
            f"{GOALS} goals and {TARGETS} targets",
            f"{len(goals)} goals and {len(targets)} targets",
        )
    goal_codes = {e.code for e in goals}
    for e in targets:
        if e.goal not in goal_codes:
            raise SourceFormatError(
                path, seen[e.code], f"a goal row for target {e.code}", f"no goal {e.goal}"
            )
    return entries


def _entry(path: Path, row: Row, seen: dict[str, int]) -> Entry:
    code = row["code"]
    m = CODE_RE.match(code)
    if not m or not 1 <= int(m["goal"]) <= GOALS:
        raise SourceFormatError(path, row.line, "a goal (1–17) or target code such as 13.2 or 4.a", code)
    if code in seen:
        raise SourceFormatError(path, row.line, f"a code not used before (first on line {seen[code]})", code)
    seen[code] = row.line
    for col in ("en", "ja"):
        if not row[col]:
            raise SourceFormatError(path, row.line, f"a non-empty {col} text for {code}", "")
    if row["ja_source"] not in JA_SOURCES:
        raise SourceFormatError(path, row.line, "ja_source one of " + ", ".join(JA_SOURCES), row["ja_source"])
    if row["ja_source"] != "mofa-copy" and not row["ja_note"]:
        raise SourceFormatError(path, row.line, f"a ja_note saying why {code} is {row['ja_source']}", "")
    return Entry(code, m["goal"], m["target"] is None, row["en"], row["ja"], row["ja_source"], row["ja_note"])


def parse_short_names(path: Path = SHORT_TSV) -> dict[str, tuple[str, str]]:
    """Read sdg-goal-short-names.tsv: exactly one row per goal 1–17."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_tsv(path, SHORT_COLUMNS):
        code = row["code"]
        if not code.isdigit() or not 1 <= int(code) <= GOALS or code in out:
            raise SourceFormatError(path, row.line, "a new goal number 1–17", code)
        if not row["short_en"] or not row["short_ja"]:
            raise SourceFormatError(path, row.line, f"both short names of goal {code}", "")
        out[code] = (row["short_en"], row["short_ja"])
    if len(out) != GOALS:
        raise SourceFormatError(path, None, f"{GOALS} goals", f"{len(out)}")
    return out


def _axiom(concept: str, prop: str, lang: str) -> URIRef:
    return URIRef(f"{REF}sdg-label/{concept}/{prop}/{lang}")


def _documents(g: Graph) -> None:
    """The documents and copies the labels come from."""
    docs: list[tuple[URIRef, str, str, str, str]] = [
        (
            A_RES_70_1,
            "Transforming our world: the 2030 Agenda for Sustainable Development (A/RES/70/1)",
            "我々の世界を変革する：持続可能な開発のための2030アジェンダ（国連総会決議 A/RES/70/1）",
            "United Nations General Assembly",
            "https://undocs.org/A/RES/70/1",
        ),
        (
            MOFA,
            "Japanese provisional translation of the 2030 Agenda by the Ministry of Foreign Affairs of Japan",
            "我々の世界を変革する：持続可能な開発のための2030アジェンダ（外務省仮訳）",
            "外務省 (Ministry of Foreign Affairs of Japan)",
            "https://www.mofa.go.jp/mofaj/gaiko/oda/sdgs/about/index.html",
        ),
        (
            WARDKG_TRANSLATION,
            "Translation by the wardkg project (not an official text)",
            "wardkg による翻訳（公式訳ではない）",
            "wardkg",
            "",
        ),
        (
            UN_ICONS,
            "The UN's SDG icons: the short goal titles in English",
            "国連のSDGsアイコン（英語の短い目標名）",
            "United Nations Department of Global Communications",
            "https://www.un.org/sustainabledevelopment/news/communications-material/",
        ),
        (
            UNIC_ICONS_JA,
            "The Japanese SDG icons: the short goal titles in Japanese",
            "SDGsアイコン日本語版（目標の短い名前）",
            "国連広報センター (United Nations Information Centre, Tokyo)",
            "",
        ),
        (
            COPY_EN,
            "open-sdg/sdg-translations, translations/en/global_targets.yml and global_goals.yml (copy of A/RES/70/1 texts)",
            "open-sdg/sdg-translations の英語ファイル（A/RES/70/1 の本文の写し）",
            "Open SDG",
            "https://github.com/open-sdg/sdg-translations",
        ),
        (
            COPY_JA,
            "A public web-page template listing the 169 targets in the MOFA provisional translation (third-party copy; see data/reference/README.md)",
            "外務省仮訳のターゲット文を掲載した第三者のウェブページ・テンプレート（写し）",
            "unknown third party",
            "",
        ),
    ]
    for iri, en, ja, publisher, url in docs:
        g.add((iri, RDF.type, FOAF.Document))
        g.add((iri, RDFS.label, Literal(en, lang="en")))
        g.add((iri, RDFS.label, Literal(ja, lang="ja")))
        g.add((iri, DCTERMS.title, Literal(en, lang="en")))
        g.add((iri, DCTERMS.publisher, Literal(publisher)))
        if url:
            g.add((iri, FOAF.page, URIRef(url)))
    g.add((A_RES_70_1, DCTERMS.issued, Literal("2015-10-21", datatype=XSD.date)))
    for copy in (COPY_EN, COPY_JA):
        g.add(
            (
                copy,
                RDFS.comment,
                Literal("Transcribed by wardkg on 2026-11-23; see data/reference/README.md.", lang="en"),
            )
        )
    g.add((COPY_EN, WK.copyOf, A_RES_70_1))
    g.add((COPY_JA, WK.copyOf, MOFA))
    g.add(
        (
            COPY_JA,
            RDFS.comment,
            Literal(
                "Not checked against the MOFA PDF: the copy writes すべて/子ども where the government's style "
                "may write 全て/子供; obvious copy errors were corrected and each correction is noted on the label.",
                lang="en",
            ),
        )
    )


def build_graph(targets_tsv: Path = TARGETS_TSV, short_tsv: Path = SHORT_TSV) -> Graph:
    """The SDG scheme as an rdflib graph."""
    entries = parse_targets(targets_tsv)
    shorts = parse_short_names(short_tsv)
    g = Graph()
    _documents(g)
    scheme = SDG_SCHEME
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("Sustainable Development Goals", lang="en")))
    g.add((scheme, SKOS.prefLabel, Literal("持続可能な開発目標（SDGs）", lang="ja")))
    g.add((scheme, DCTERMS.source, A_RES_70_1))
    g.add((scheme, DCTERMS.source, MOFA))
    for e in entries:
        iri = sdg_iri(e.code)
        en, ja = Literal(e.en, lang="en"), Literal(e.ja, lang="ja")
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, RDF.type, SDGO.Goal if e.is_goal else SDGO.Target))
        g.add((iri, SKOS.inScheme, scheme))
        g.add((iri, SKOS.notation, Literal(e.code)))
        g.add((iri, SKOS.prefLabel, en))
        g.add((iri, SKOS.prefLabel, ja))
        g.add((iri, DCTERMS.source, A_RES_70_1))
        ja_doc, ja_via = JA_SOURCES[e.ja_source]
        g.add((iri, DCTERMS.source, ja_doc))
        label_axiom(g, _axiom(e.code, "prefLabel", "en"), iri, SKOS.prefLabel, en, A_RES_70_1, COPY_EN)
        label_axiom(g, _axiom(e.code, "prefLabel", "ja"), iri, SKOS.prefLabel, ja, ja_doc, ja_via, e.ja_note)
        if e.is_goal:
            g.add((iri, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, iri))
            short_en, short_ja = shorts[e.code]
            s_en, s_ja = Literal(short_en, lang="en"), Literal(short_ja, lang="ja")
            g.add((iri, SKOS.altLabel, s_en))
            g.add((iri, SKOS.altLabel, s_ja))
            g.add((iri, DCTERMS.source, UN_ICONS))
            g.add((iri, DCTERMS.source, UNIC_ICONS_JA))
            label_axiom(g, _axiom(e.code, "altLabel", "en"), iri, SKOS.altLabel, s_en, UN_ICONS)
            label_axiom(g, _axiom(e.code, "altLabel", "ja"), iri, SKOS.altLabel, s_ja, UNIC_ICONS_JA)
        else:
            goal = sdg_iri(e.goal)
            g.add((iri, SKOS.broader, goal))
            g.add((goal, SKOS.narrower, iri))
            g.add((goal, SDGO.hasTarget, iri))
    return g


def main(argv: list[str] | None = None) -> int:
    return run(
        argv,
        script="gen_sdg.py",
        inputs="data/reference/sdg-targets.tsv, data/reference/sdg-goal-short-names.tsv",
        output=OUTPUT,
        build=build_graph,
    )


if __name__ == "__main__":
    sys.exit(main())
