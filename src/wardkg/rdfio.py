"""The one deterministic Turtle writer, and atomic file output.

Why: generated files (data/<ward>/*.ttl, dist/) are committed or published and must be reproducible
byte for byte (STYLE.md §3). Blank nodes are given canonical labels (rdflib.compare.to_canonical_graph,
RDFC-style hashing) and wardkg.turtle writes everything in a fixed order. Data builders mint IRIs instead of
blank nodes anyway.

Every file is written to a temporary file in the target folder and renamed into place, so a failure never
leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from wardkg import turtle
from wardkg.namespaces import PREFIXES, bind_prefixes


@contextmanager
def atomic_output(path: Path | str, mode: str = "w") -> Iterator[IO[str]]:
    """Open a temporary file beside *path*; rename it over *path* only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(
            fd, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else ""
        ) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Write *data* to *path* atomically."""
    with atomic_output(path, "wb") as fh:
        fh.write(data)  # type: ignore[arg-type]


def write_text_atomic(path: Path | str, text: str) -> None:
    """Write UTF-8 *text* to *path* atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _has_bnodes(g: Graph) -> bool:
    return any(isinstance(t, BNode) for triple in g for t in triple)


def canonical(g: Graph) -> Graph:
    """A copy of *g* whose blank nodes carry content-derived labels (*g* itself if it has none).

    Only the triples that mention a blank node are canonicalised: a blank node's canonical label depends
    on the triples it occurs in (RDFC-style hashing of its neighbourhood), so the result equals
    canonicalising the whole graph, at a fraction of the cost on a large graph with a small OWL part.
    """
    with_bnodes = [t for t in g if any(isinstance(x, BNode) for x in t)]
    if not with_bnodes:
        return g
    part = Graph()
    for t in with_bnodes:
        part.add(t)
    out = bind_prefixes(Graph())
    out.addN((s, p, o, out) for s, p, o in g if not any(isinstance(x, BNode) for x in (s, p, o)))
    out.addN((s, p, o, out) for s, p, o in to_canonical_graph(part))
    return out


def turtle_bytes(g: Graph, header: str | None = None) -> bytes:
    """Serialise *g* as deterministic Turtle with wardkg's prefixes; *header* becomes ``#`` comment lines.

    Blank nodes get canonical labels first; wardkg.turtle writes subjects, predicates and objects in a fixed
    order with only the prefixes used.
    """
    text = turtle.serialize(canonical(g), {p: str(ns) for p, ns in PREFIXES.items()})
    if header:
        comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
        text = comment + "\n" + text
    return text.encode("utf-8")


def write_turtle(g: Graph, path: Path | str, header: str | None = None) -> None:
    """Write *g* to *path* as deterministic Turtle, atomically."""
    write_bytes_atomic(path, turtle_bytes(g, header))


def read_graph(*paths: Path | str) -> Graph:
    """Parse Turtle (or any format rdflib guesses from the suffix) files into one graph."""
    g = Graph()
    bind_prefixes(g)
    for p in paths:
        fmt = "turtle" if str(p).endswith(".ttl") else None
        g.parse(str(p), format=fmt)
    return g
