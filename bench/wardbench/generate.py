"""Synthetic municipalities shaped like the real wards: seeded, reproducible, valid against the shapes.

How: each synthetic municipality is a *resampled ward*. The real built graph (``data/<ward>/*.ttl`` with its
``*.sdg.ttl`` SDG links) is the pool of templates; municipality *i* takes one real ward's whole set of source
graphs (round-robin over a seeded shuffle of the wards, so any three consecutive municipalities hold each
template once) and rewrites it:

* every IRI of the ward (``wkid:13120`` and ``wkid:13120/…``) moves to the new code (``wkid:90001/…``);
  synthetic codes start at 90001 — prefecture 90 does not exist, so they never collide with a real code;
* every free-text literal (labels, titles, descriptions, normalised titles, evidence …) goes through a
  seeded, per-municipality *character permutation* within its script (kanji → kanji, hiragana → hiragana,
  katakana → katakana, drawn from the characters the real data uses). Lengths, the mix of scripts, the
  character frequency spectrum and equalities between literals (a label and its normalised title, a title
  repeated in two plans) are kept; the words are not, so a text search is as selective as on real data and
  two municipalities never share a title by accident. Literals a shape or a query compares with fixed
  values (``wk:unitKind``, ``wk:countedKind``, ``wk:counterUnit`` …) are left alone;
* the ward node itself (from ontology/wards.ttl) is cloned into every source file of the municipality, with
  the new code, a local-government code with its check digit, an English label "Synthetic municipality
  90001" and no ``skos:exactMatch`` to e-Stat (there is no such area).

Structure is therefore exactly the real one — class and property distribution, hierarchy depth, units,
SDG links, budgets and KPIs per element — and :mod:`wardbench.profile` measures and states it. The
entailments the queries need (:func:`wardkg.reasoning.materialise`) are computed once on the real graph and
rewritten the same way (``entailed/<code>.nt``; the ontology-level ones in ``entailed/_shared.nt``), so a
large synthetic graph loads without re-running the reasoner; a test proves that they equal the reasoner's
output on a small synthetic graph.

Output (a project-like root, usable as ``root=`` by wardkg.graphs / validate / store)::

    OUT/ontology/*.ttl        copies of the real ontology and vocabularies
    OUT/shapes/*.ttl          copies of the shapes
    OUT/data/<code>/<source>.ttl, <source>.sdg.ttl   (sorted N-Triples, which is valid Turtle)
    OUT/entailed/<code>.nt, _shared.nt
    OUT/profile.json          the measured real profile, the generator's parameters and the synthetic sizes
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from wardbench.profile import measure
from wardkg import graphs, store
from wardkg.namespaces import ID, WK, bind_prefixes
from wardkg.rdfio import write_bytes_atomic
from wardkg.sources import PROJECT_ROOT

FIRST_CODE = 90001
ID_BASE = str(ID)
FIXED_PREDICATES: frozenset[str] = frozenset(
    f"<{WK[name]}>"
    for name in (
        "unitKind",
        "countedKind",
        "counterUnit",
        "roundingUnit",
        "marker",
        "statUnit",
        "action",
        "amountAsWritten",
        "telephoneAsWritten",
        "currency",
        "evidenceField",
        "sourceSpan",
        "localPath",
        "sha256",
    )
)
"""Predicates whose literals are compared with fixed values (shapes' sh:in, query filters): never permuted."""

SCRIPTS: dict[str, tuple[int, int]] = {
    "kanji": (0x4E00, 0x9FFF),
    "hiragana": (0x3041, 0x3096),
    "katakana": (0x30A1, 0x30FA),
}


def _script(ch: str) -> str | None:
    cp = ord(ch)
    for name, (lo, hi) in SCRIPTS.items():
        if lo <= cp <= hi and unicodedata.normalize("NFKC", ch) == ch:
            return name
    return None


def check_digit(code5: str) -> str:
    """全国地方公共団体コード check digit (weights 6..2, (11 − sum mod 11) mod 10), as scripts/gen_wards.py."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def synthetic_code(i: int) -> str:
    return str(FIRST_CODE + i)


def _nt_lines(g: Graph) -> list[str]:
    data = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted({line for line in data.splitlines() if line.strip()})


@dataclass
class Template:
    """One real ward as N-Triples lines: its source files, its node in wards.ttl and its entailments."""

    code: str
    files: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    """file name → (lines left as they are, lines whose literal is permuted)."""
    ward_lines: list[str] = field(default_factory=list)
    entailed: list[str] = field(default_factory=list)


def _split(lines: Iterable[str]) -> tuple[list[str], list[str]]:
    fixed, text = [], []
    for line in lines:
        _s, p, rest = line.split(" ", 2)
        if rest.startswith('"') and p not in FIXED_PREDICATES and any(_script(c) for c in rest):
            text.append(line)
        else:
            fixed.append(line)
    return fixed, text


def _owner(term: str, codes: Sequence[str]) -> str | None:
    for code in codes:
        if term == f"<{ID_BASE}{code}>" or term.startswith(f"<{ID_BASE}{code}/"):
            return code
    return None


@dataclass
class Pool:
    """Everything the generator draws from, measured once from the real built graph."""

    templates: list[Template]
    shared_entailed: list[str]
    alphabet: dict[str, list[str]]
    real_data: Graph
    ontology_root: Path

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.templates]


def load_pool(real_root: Path = PROJECT_ROOT, ontology_root: Path = PROJECT_ROOT) -> Pool:
    """Read the real built graph under *real_root*/data and the ontology under *ontology_root*."""
    files = graphs.data_files(real_root)
    if not files:
        raise SystemExit(f"{real_root}/data: no built ward data (run `wardkg build` first)")
    by_ward: dict[str, list[Path]] = {}
    for p in files:
        by_ward.setdefault(p.parent.name, []).append(p)
    codes = sorted(by_ward)
    onto_files = graphs.ontology_files(ontology_root)
    union = graphs.load_graph(*onto_files, *files)
    schema = graphs.load_graph(*graphs.schema_files(ontology_root))
    entailed_lines = _nt_lines(store.entailments(union, schema))
    wards_graph = graphs.load_graph(*(p for p in onto_files if p.name == "wards.ttl"))
    templates = []
    for code in codes:
        t = Template(code)
        for p in by_ward[code]:
            t.files[p.name] = _split(_nt_lines(graphs.load_graph(p)))
        node = URIRef(f"{ID_BASE}{code}")
        ward = bind_prefixes(Graph())
        for pred, obj in wards_graph.predicate_objects(node):
            ward.add((node, pred, obj))
        t.ward_lines = _nt_lines(ward)
        templates.append(t)
    shared: list[str] = []
    by_code = {t.code: t for t in templates}
    for line in entailed_lines:
        s, _p, rest = line.split(" ", 2)
        o = rest.rsplit(" ", 1)[0]
        owners = {c for c in (_owner(s, codes), _owner(o, codes)) if c}
        if len(owners) > 1:
            raise AssertionError(f"an entailment links two wards: {line}")
        if owners:
            by_code[owners.pop()].entailed.append(line)
        else:
            shared.append(line)
    data = graphs.load_graph(*files)
    alphabet: dict[str, set[str]] = {name: set() for name in SCRIPTS}
    for obj in data.objects():
        if isinstance(obj, Literal):
            for ch in str(obj):
                script = _script(ch)
                if script:
                    alphabet[script].add(ch)
    return Pool(templates, shared, {k: sorted(v) for k, v in alphabet.items()}, data, ontology_root)


def cipher(pool: Pool, seed: int, i: int) -> dict[int, str]:
    """The translation table of municipality *i*: a seeded permutation of each script's characters."""
    rng = random.Random(f"wardbench:{seed}:{i}")
    table: dict[int, str] = {}
    for name in SCRIPTS:
        chars = pool.alphabet[name]
        shuffled = chars[:]
        rng.shuffle(shuffled)
        table.update({ord(a): b for a, b in zip(chars, shuffled, strict=True)})
    return table


def template_order(pool: Pool, seed: int) -> list[Template]:
    order = pool.templates[:]
    random.Random(f"wardbench-order:{seed}").shuffle(order)
    return order


def _rewrite(lines: Iterable[str], old: str, new: str) -> str:
    text = "\n".join(lines)
    text = text.replace(f"<{ID_BASE}{old}/", f"<{ID_BASE}{new}/").replace(
        f"<{ID_BASE}{old}>", f"<{ID_BASE}{new}>"
    )
    return text


def ward_node_lines(t: Template, code: str, table: dict[int, str]) -> list[str]:
    """The synthetic municipality's node: the template ward's, re-coded, no e-Stat match, an English label."""
    out = []
    for line in t.ward_lines:
        _s, p, rest = line.split(" ", 2)
        if p == "<http://www.w3.org/2004/02/skos/core#exactMatch>":
            continue
        if p == f"<{WK.localGovernmentCode}>":
            rest = f'"{code}{check_digit(code)}" .'
        elif p == "<http://purl.org/dc/terms/identifier>":
            rest = f'"{code}" .'
        elif rest.endswith("@en ."):
            rest = f'"Synthetic municipality {code}"@en .'
        elif rest.startswith('"'):
            rest = rest.translate(table)
        out.append(f"<{ID_BASE}{code}> {p} {rest}")
    return out


def municipality_files(pool: Pool, seed: int, i: int) -> tuple[str, Template, dict[str, str], str]:
    """(code, template, {file name: N-Triples text}, entailed N-Triples) of municipality *i*."""
    order = template_order(pool, seed)
    t = order[i % len(order)]
    code = synthetic_code(i)
    table = cipher(pool, seed, i)
    node = "\n".join(ward_node_lines(t, code, table))
    out: dict[str, str] = {}
    for name, (fixed, text) in sorted(t.files.items()):
        body = _rewrite(fixed, t.code, code) + "\n" + _rewrite(text, t.code, code).translate(table)
        out[name] = "\n".join(sorted(set((body + "\n" + node).splitlines()) - {""})) + "\n"
    entailed = _rewrite(t.entailed, t.code, code) + "\n"
    return code, t, out, entailed


def generate(pool: Pool, n: int, out: Path, seed: int = 1) -> dict[str, object]:
    """Write *n* synthetic municipalities under *out* (replacing what was there); returns the manifest."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    (out / "entailed").mkdir()
    for sub in ("ontology", "shapes"):
        (out / sub).mkdir()
        for p in sorted((pool.ontology_root / sub).glob("*.ttl")):
            shutil.copyfile(p, out / sub / p.name)
    write_bytes_atomic(out / "entailed" / "_shared.nt", ("\n".join(pool.shared_entailed) + "\n").encode())
    lines = 0
    templates: dict[str, int] = {}
    for i in range(n):
        code, t, files, entailed = municipality_files(pool, seed, i)
        templates[t.code] = templates.get(t.code, 0) + 1
        d = out / "data" / code
        d.mkdir()
        for name, text in files.items():
            (d / name).write_text(text, encoding="utf-8")
            lines += text.count("\n")
        (out / "entailed" / f"{code}.nt").write_text(entailed, encoding="utf-8")
    manifest: dict[str, object] = {
        "municipalities": n,
        "seed": seed,
        "first_code": synthetic_code(0),
        "templates": dict(sorted(templates.items())),
        "file_lines": lines,
        "method": "resampled wards: IRIs re-coded, free text permuted per script, structure kept",
        "real_profile": measure(pool.real_data, len(pool.templates)).to_json(),
    }
    write_bytes_atomic(out / "profile.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    manifest["seconds"] = round(
        time.perf_counter() - started, 2
    )  # reported, not written: output is reproducible
    return manifest


def dataset(out: Path) -> store.Dataset:
    """The generated graph as wardkg's store sees it: one named graph per file, and the entailments in one
    named graph per municipality (``graph/entailed/<code>``; ``graph/entailed`` for the shared ones), so a
    municipality can be published or replaced on a SPARQL server without touching the others."""
    parts: dict[URIRef, Graph] = {}
    for p in [*graphs.ontology_files(out), *graphs.data_files(out)]:
        parts[store.graph_iri(p, out)] = graphs.load_graph(p)
    for p in sorted((out / "entailed").glob("*.nt")):
        name = store.ENTAILED_GRAPH if p.stem == "_shared" else URIRef(f"{store.ENTAILED_GRAPH}/{p.stem}")
        parts[name] = bind_prefixes(Graph()).parse(p, format="nt")
    return store.Dataset(parts)


def describe(profile: dict[str, object]) -> str:
    """The measured profile as a few readable lines (what the generator reproduces)."""
    p = profile
    per = p["per_element"]
    depth = p["depth"]
    lab = p["label_length_ja"]
    assert isinstance(per, dict) and isinstance(depth, dict) and isinstance(lab, dict)
    shares = p["class_share"]
    assert isinstance(shares, dict)
    top = sorted(shares.items(), key=lambda kv: -kv[1])[:8]
    return "\n".join(
        [
            f"real profile: {p['municipalities']} wards, {p['triples']} triples "
            f"({p['triples_per_municipality']} per ward), {p['elements']} plan elements "
            f"({p['elements_per_municipality']} per ward)",
            f"  hierarchy depth: mean {depth['mean']}, median {depth['median']}, p90 {depth['p90']}, max {depth['max']}",
            f"  Japanese label length (chars): mean {lab['mean']}, median {lab['median']}, p90 {lab['p90']}, max {lab['max']}",
            "  per element: " + ", ".join(f"{k} {v}" for k, v in per.items()),
            "  top classes: " + ", ".join(f"{k} {v:.3f}" for k, v in top),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/generate", description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--municipalities", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--real", type=Path, default=PROJECT_ROOT, help="root whose data/<ward>/ holds the real built graph"
    )
    args = ap.parse_args(argv)
    if args.municipalities < 1:
        ap.error("--municipalities must be at least 1")
    pool = load_pool(args.real)
    manifest = generate(pool, args.municipalities, args.out, args.seed)
    print(describe(manifest["real_profile"]))  # type: ignore[arg-type]
    print(
        f"wrote {args.municipalities} synthetic municipalities ({manifest['file_lines']} triples in data files) "
        f"to {args.out} in {manifest['seconds']} s; profile in {args.out / 'profile.json'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
