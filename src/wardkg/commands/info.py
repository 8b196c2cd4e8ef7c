"""``wardkg info [FILE…] [--lang ja|en] [--json]`` — what the graph holds.

Loads what ``wardkg validate`` loads (ontology/*.ttl and the data files, default every
``data/<ward>/*.ttl``) and prints: triples, files, the most frequent classes, the wards with plans, the
plans, elements per ward and SDG links. Counting is done in Python over the triples rather than with SPARQL:
rdflib's SPARQL engine is slow on aggregates (FINDINGS.md) and these are single passes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from wardkg.graphs import data_files, load_graph, ontology_files
from wardkg.namespaces import OA, WK
from wardkg.validate import Lang, compact


@dataclass
class WardInfo:
    """One ward that issues at least one plan in the loaded data."""

    iri: str
    label: str
    plans: list[tuple[str, str]] = field(default_factory=list)
    """(IRI, label) of each plan the ward issues."""
    elements: int = 0
    sdg_links: int = 0


@dataclass
class GraphInfo:
    files: list[str]
    triples: int
    classes: list[tuple[str, int]]
    wards: list[WardInfo]
    plans: int
    elements: int
    sdg_annotations: int
    sdg_shortcuts: int
    municipalities: int


def _label(g: Graph, node: URIRef, lang: str) -> str:
    labels = {lit.language: str(lit) for lit in g.objects(node, RDFS.label) if isinstance(lit, Literal)}
    return labels.get(lang) or labels.get("ja") or labels.get(None) or compact(str(node))


def summarize(g: Graph, files: list[str], lang: Lang = "ja", top: int = 15) -> GraphInfo:
    """Counts over *g*. An element is anything with ``wk:inPlan`` (docs/MODEL.md: every element has one)."""
    classes = Counter(str(o) for o in g.objects(None, RDF.type))
    plan_ward: dict[URIRef, URIRef] = {}
    for plan_node, ward_node in g.subject_objects(WK.issuedBy):
        if isinstance(plan_node, URIRef) and isinstance(ward_node, URIRef):
            plan_ward[plan_node] = ward_node
    wards: dict[URIRef, WardInfo] = {}
    for plan, ward in sorted(plan_ward.items()):
        info = wards.setdefault(ward, WardInfo(str(ward), _label(g, ward, lang)))
        info.plans.append((str(plan), _label(g, plan, lang)))
    element_ward: dict[URIRef, URIRef] = {}
    for element, in_plan in g.subject_objects(WK.inPlan):
        owner = plan_ward.get(in_plan) if isinstance(in_plan, URIRef) else None
        if isinstance(element, URIRef) and owner is not None:
            element_ward[element] = owner
    for owner in element_ward.values():
        wards[owner].elements += 1
    annotations = set(g.subjects(RDF.type, OA.Annotation))
    for ann in annotations:
        target = g.value(ann, OA.hasTarget)
        if not isinstance(target, URIRef):
            continue
        linked = element_ward.get(target) or plan_ward.get(target)
        if linked is not None:
            wards[linked].sdg_links += 1
    return GraphInfo(
        files=files,
        triples=len(g),
        classes=classes.most_common(top),
        wards=[wards[w] for w in sorted(wards)],
        plans=len(plan_ward),
        elements=len(element_ward),
        sdg_annotations=len(annotations),
        sdg_shortcuts=sum(1 for _ in g.triples((None, WK.contributesTo, None))),
        municipalities=len(set(g.subjects(RDF.type, WK.Municipality))),
    )


_TEXT: dict[str, dict[Lang, str]] = {
    "loaded": {
        "ja": "読み込み：ファイル {files} 件、{triples} トリプル",
        "en": "Loaded: {files} files, {triples} triples",
    },
    "classes": {"ja": "クラス（多い順）", "en": "Classes (most frequent)"},
    "wards": {
        "ja": "計画のある区：{n} 区（語彙の区 {m} 区）",
        "en": "Wards with plans: {n} (wards in the vocabulary: {m})",
    },
    "ward": {
        "ja": "  {label}（{iri}）：計画 {plans} 件、要素 {elements} 件、SDG対応 {sdg} 件",
        "en": "  {label} ({iri}): {plans} plans, {elements} elements, {sdg} SDG links",
    },
    "totals": {
        "ja": "合計：計画 {plans} 件、要素 {elements} 件、SDG対応（oa:Annotation）{ann} 件、wk:contributesTo {short} 件",
        "en": "Totals: {plans} plans, {elements} elements, {ann} SDG links (oa:Annotation), {short} wk:contributesTo",
    },
}


def format_info(info: GraphInfo, lang: Lang = "ja") -> str:
    t = {k: v[lang] for k, v in _TEXT.items()}
    lines = [t["loaded"].format(files=len(info.files), triples=info.triples), "", t["classes"]]
    lines += [f"  {n:>7}  {compact(cls)}" for cls, n in info.classes]
    lines += ["", t["wards"].format(n=len(info.wards), m=info.municipalities)]
    for w in info.wards:
        lines.append(
            t["ward"].format(
                label=w.label, iri=compact(w.iri), plans=len(w.plans), elements=w.elements, sdg=w.sdg_links
            )
        )
        lines += [f"    {compact(p)}  {label}" for p, label in w.plans]
    lines += [
        "",
        t["totals"].format(
            plans=info.plans, elements=info.elements, ann=info.sdg_annotations, short=info.sdg_shortcuts
        ),
    ]
    return "\n".join(lines) + "\n"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "info",
        help="what the graph holds: triples, classes, wards, plans, elements, SDG links",
        description="Load ontology/*.ttl and the data files and summarise what is loaded.",
    )
    p.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="Turtle files (default: data/<ward>/*.ttl)"
    )
    p.add_argument("--lang", choices=["ja", "en"], default="ja", help="output language (default: ja)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data: list[Path] = list(args.files) or data_files()
    paths = [*ontology_files(), *data]
    g = load_graph(*paths)
    info = summarize(g, [str(p) for p in paths], lang=args.lang)
    if args.json:
        json.dump(asdict(info), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_info(info, lang=args.lang))
    return 0
