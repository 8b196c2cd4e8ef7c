"""Measured quality of the SDG linker against the labelled development set (data/sdg/devset.csv).

The development set was labelled by reading each element (title, description, place in its plan) before
the lexicon was tuned on it; columns: ``ward``, ``title`` (the element's exact title), ``goals`` and
``targets`` (``;``-separated, primary first; targets may be empty when no target fits), ``split``
(``dev`` = used for tuning the lexicon, ``test`` = held out, assigned by a hash of ward and title) and
``rationale`` (for hard cases).

Each row is resolved to the element with that title in the ward's built graphs (data/<ward>/*.ttl), so
the linker sees what it sees in the build (description, parent titles). A row whose title is not (yet)
in any graph is scored from its title alone and counted as ``title-only``.

Metrics: goal-level micro and macro precision / recall / F1 of the *accepted* goals (confidence ≥ the
acceptance threshold) against the labelled goals, and target-level precision@1 (the linker's primary
target is one of the labelled targets; rows without labelled targets are skipped, rows with no
proposal count as misses). Reported overall, per ward and per split.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from wardkg.errors import SourceFormatError
from wardkg.jtext import match_key
from wardkg.namespaces import WK
from wardkg.rdfio import read_graph
from wardkg.sdg.lexicon import Lexicon, is_code
from wardkg.sdg.linker import default_lexicon, elements_of, propose, title_of
from wardkg.sdg.scorer import ACCEPT_THRESHOLD
from wardkg.sources import DATA_DIR

DEVSET_CSV = DATA_DIR / "sdg" / "devset.csv"
COLUMNS = ("ward", "title", "goals", "targets", "split", "rationale")
WARD_NAMES = {"13120": "練馬区 Nerima", "13115": "杉並区 Suginami", "13119": "板橋区 Itabashi"}


@dataclass(frozen=True)
class Labelled:
    ward: str
    title: str
    goals: tuple[str, ...]
    targets: tuple[str, ...]
    split: str
    rationale: str
    line: int


@dataclass(frozen=True)
class Prediction:
    goals: tuple[str, ...]
    """Accepted goals, primary first."""
    primary_target: str | None
    element: URIRef | None


def _codes(path: Path, line: int, text: str, kind: str) -> tuple[str, ...]:
    codes = tuple(c.strip() for c in text.split(";") if c.strip())
    for c in codes:
        if not is_code(c) or (kind == "goal") == ("." in c):
            raise SourceFormatError(path, line, f"{kind} codes separated by ';'", c)
    return codes


def load_devset(path: Path = DEVSET_CSV) -> list[Labelled]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise SourceFormatError(path, 1, "the header " + ",".join(COLUMNS), ",".join(rows[0] if rows else []))
    out: list[Labelled] = []
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(COLUMNS):
            raise SourceFormatError(path, i, f"{len(COLUMNS)} columns", ",".join(r))
        ward, title, goals, targets, split, rationale = r
        if split not in ("dev", "test"):
            raise SourceFormatError(path, i, "split dev or test", split)
        g = _codes(path, i, goals, "goal")
        t = _codes(path, i, targets, "target")
        if any(c.split(".")[0] not in g for c in t):
            raise SourceFormatError(path, i, "targets of the labelled goals only", targets)
        out.append(Labelled(ward, title, g, t, split, rationale, i))
    return out


def ward_graph(ward: str, data_dir: Path = DATA_DIR) -> Graph:
    """All built source graphs of one ward (not the .sdg.ttl link files)."""
    paths = sorted(p for p in (data_dir / ward).glob("*.ttl") if not p.name.endswith(".sdg.ttl"))
    return read_graph(*paths) if paths else Graph()


def _title_index(g: Graph) -> dict[str, list[URIRef]]:
    idx: dict[str, list[URIRef]] = defaultdict(list)
    for el in elements_of(g):
        idx[match_key(title_of(g, el))].append(el)
    return idx


def _prediction(g: Graph, node: URIRef, lexicon: Lexicon) -> Prediction:
    links = propose(g, node, lexicon)
    goals = [lk for lk in links if "." not in lk.code and lk.rank is not None]
    goals.sort(key=lambda lk: lk.rank or 0)
    accepted = tuple(lk.code for lk in goals if round(lk.confidence, 3) >= ACCEPT_THRESHOLD)
    stated = tuple(lk.code for lk in links if lk.rank is None and lk.confidence >= ACCEPT_THRESHOLD)
    targets = sorted(
        (lk for lk in links if "." in lk.code and lk.rank is not None), key=lambda lk: lk.rank or 0
    )
    return Prediction(stated + accepted, targets[0].code if targets else None, node)


def predict(
    rows: Iterable[Labelled], lexicon: Lexicon | None = None, data_dir: Path = DATA_DIR
) -> list[Prediction]:
    """The linker's prediction for each labelled row (resolved in the built graph when possible)."""
    lex = lexicon or default_lexicon()
    graphs: dict[str, tuple[Graph, dict[str, list[URIRef]]]] = {}
    out: list[Prediction] = []
    for row in rows:
        if row.ward not in graphs:
            g = ward_graph(row.ward, data_dir)
            graphs[row.ward] = (g, _title_index(g))
        g, idx = graphs[row.ward]
        nodes = idx.get(match_key(row.title), [])
        if nodes:
            out.append(_prediction(g, nodes[0], lex))
        else:
            mini = Graph()
            node = URIRef("urn:wardkg:devset:" + str(row.line))
            mini.add((node, RDF.type, WK.Initiative))
            mini.add((node, RDFS.label, Literal(row.title, lang="ja")))
            p = _prediction(mini, node, lex)
            out.append(Prediction(p.goals, p.primary_target, None))
    return out


@dataclass
class Metrics:
    n: int = 0
    resolved: int = 0
    micro_p: float = 0.0
    micro_r: float = 0.0
    micro_f1: float = 0.0
    macro_p: float = 0.0
    macro_r: float = 0.0
    macro_f1: float = 0.0
    p_at_1: float = 0.0
    n_targets: int = 0
    per_goal: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def metrics(rows: list[Labelled], preds: list[Prediction]) -> Metrics:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    hits = n_t = 0
    for row, pred in zip(rows, preds, strict=True):
        gold, got = set(row.goals), set(pred.goals)
        for c in got & gold:
            tp[c] += 1
        for c in got - gold:
            fp[c] += 1
        for c in gold - got:
            fn[c] += 1
        if row.targets:
            n_t += 1
            hits += int(pred.primary_target in row.targets)
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    m = Metrics(n=len(rows), resolved=sum(1 for p in preds if p.element is not None))
    m.micro_p = TP / (TP + FP) if TP + FP else 0.0
    m.micro_r = TP / (TP + FN) if TP + FN else 0.0
    m.micro_f1 = _f1(m.micro_p, m.micro_r)
    goals = sorted(set(tp) | set(fp) | set(fn), key=int)
    ps, rs, fs = [], [], []
    for gl in goals:
        p = tp[gl] / (tp[gl] + fp[gl]) if tp[gl] + fp[gl] else 0.0
        r = tp[gl] / (tp[gl] + fn[gl]) if tp[gl] + fn[gl] else 0.0
        ps.append(p)
        rs.append(r)
        fs.append(_f1(p, r))
        m.per_goal[gl] = (tp[gl], fp[gl], fn[gl])
    if goals:
        m.macro_p, m.macro_r, m.macro_f1 = sum(ps) / len(goals), sum(rs) / len(goals), sum(fs) / len(goals)
    m.n_targets = n_t
    m.p_at_1 = hits / n_t if n_t else 0.0
    return m


def report(rows: list[Labelled], preds: list[Prediction]) -> str:
    """The table `wardkg evaluate` prints: overall, per split, per ward (and per ward × split)."""
    groups: list[tuple[str, list[int]]] = [("all", list(range(len(rows))))]
    for split in ("dev", "test"):
        groups.append((f"split={split}", [i for i, r in enumerate(rows) if r.split == split]))
    for ward in sorted({r.ward for r in rows}):
        name = WARD_NAMES.get(ward, ward)
        groups.append((f"{ward} {name}", [i for i, r in enumerate(rows) if r.ward == ward]))
        for split in ("dev", "test"):
            groups.append(
                (f"{ward} {split}", [i for i, r in enumerate(rows) if r.ward == ward and r.split == split])
            )
    head = (
        f"{'group':<22}{'n':>4}{'inKG':>5} | {'goal micro P':>12}{'R':>6}{'F1':>6} | "
        f"{'macro P':>8}{'R':>6}{'F1':>6} | {'target P@1':>10}{'(n)':>5}"
    )
    lines = [head, "-" * len(head)]
    for name, idx in groups:
        if not idx:
            continue
        m = metrics([rows[i] for i in idx], [preds[i] for i in idx])
        lines.append(
            f"{name:<22}{m.n:>4}{m.resolved:>5} | {m.micro_p:>12.3f}{m.micro_r:>6.3f}{m.micro_f1:>6.3f} | "
            f"{m.macro_p:>8.3f}{m.macro_r:>6.3f}{m.macro_f1:>6.3f} | {m.p_at_1:>10.3f}{m.n_targets:>5}"
        )
    lines.append(
        f"accept threshold {ACCEPT_THRESHOLD}; inKG = rows resolved to an element of data/<ward>/*.ttl"
    )
    return "\n".join(lines)


def errors(rows: list[Labelled], preds: list[Prediction]) -> list[str]:
    """One line per row where the linker disagrees with the label (for tuning on the dev split)."""
    out = []
    for row, p in zip(rows, preds, strict=True):
        goal_ok = set(p.goals) == set(row.goals)
        tgt_ok = not row.targets or p.primary_target in row.targets
        if not (goal_ok and tgt_ok):
            out.append(
                f"{row.split} {row.ward} {row.title}: gold {';'.join(row.goals)} [{';'.join(row.targets)}] "
                f"got {';'.join(p.goals) or '-'} [{p.primary_target or '-'}]"
            )
    return out
