"""Links between versions of Nerima's action plans: automatic where titles match, reviewed otherwise.

Why two sources of links: strategic-plan numbers shift between editions (2nd SP9-12 → 3rd SP10-13, SP13-20
→ SP15-22), so numbers are never keys. Identical normalised titles are linked automatically (SameTitle for
pillars and strategic plans, Continued for an entry that carries an older initiative's title); every other
correspondence — renamed, split, merged, new, or an entry continuing an initiative under another name —
comes from data/mappings/nerima-versions.yaml, where each link says who decided it and on what basis.
The mapping is checked against both parsed documents: a path that does not exist or a title that no longer
matches is an error, and so is a newer strategic plan left without any link.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from wardkg.errors import InputError
from wardkg.jtext import match_key
from wardkg.sources import DATA_DIR

VERSIONS_YAML = DATA_DIR / "mappings" / "nerima-versions.yaml"
AUTOMATIC = "wardkg automatic link: identical normalised titles (NFKC, white space removed)"
CHANGE_KINDS = ("SameTitle", "Renamed", "Split", "Merged", "New", "Continued")


@dataclass(frozen=True)
class PlanPair:
    """The newer plan succeeds the older one."""

    newer: str
    older: str
    decided_by: str
    basis: str


@dataclass(frozen=True)
class Link:
    """One version link between element paths (``sp/3``, ``sp/1/no/7``) of two plans."""

    newer: str
    older: str | None
    kind: str
    decided_by: str
    basis: str
    confidence: Decimal


@dataclass(frozen=True)
class VersionMapping:
    pairs: tuple[PlanPair, ...]
    links: tuple[tuple[str, str, Link, str | None, str | None], ...]
    """(newer source, older source, link, newer title as reviewed, older title as reviewed)."""

    def pair_for(self, newer: str) -> PlanPair | None:
        return next((p for p in self.pairs if p.newer == newer), None)


def _split(ref: str, path: Path) -> tuple[str, str]:
    if "/" not in ref:
        raise InputError(f"{path}: {ref!r} is not '<source id>/<element path>'")
    source, rest = ref.split("/", 1)
    return source, rest


@cache
def load_versions(path: Path = VERSIONS_YAML) -> VersionMapping:
    """Read the reviewed mapping; a missing file means no pairs."""
    if not path.exists():
        return VersionMapping((), ())
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from exc
    pairs = []
    for i, p in enumerate(raw.get("plans", []), start=1):
        try:
            pairs.append(PlanPair(str(p["newer"]), str(p["older"]), str(p["decided_by"]), str(p["basis"])))
        except KeyError as exc:
            raise InputError(f"{path}: plans entry {i} lacks {exc}") from exc
    links = []
    for i, e in enumerate(raw.get("links", []), start=1):
        try:
            newer_src, newer = _split(str(e["newer"]), path)
            older_ref = e.get("older")
            older_src, older = _split(str(older_ref), path) if older_ref else ("", None)
            kind = str(e["kind"])
            if kind not in CHANGE_KINDS:
                raise InputError(f"{path}: links entry {i}: kind {kind!r} is not one of {CHANGE_KINDS}")
            if (older is None) != (kind == "New"):
                raise InputError(f"{path}: links entry {i}: only kind New has no older element")
            conf = Decimal(str(e.get("confidence", "1.0")))
            if not Decimal(0) <= conf <= Decimal(1):
                raise InputError(f"{path}: links entry {i}: confidence must lie in [0, 1]")
            link = Link(newer, older, kind, str(e["decided_by"]), str(e["basis"]), conf)
        except KeyError as exc:
            raise InputError(f"{path}: links entry {i} lacks {exc}") from exc
        links.append((newer_src, older_src, link, e.get("newer_title"), e.get("older_title")))
    return VersionMapping(tuple(pairs), tuple(links))


@dataclass(frozen=True)
class Element:
    """What the linker needs to know of an element: its kind (pillar / sp / item) and exact title."""

    kind: str
    title: str | None


def version_links(
    pair: PlanPair,
    newer: dict[str, Element],
    older: dict[str, Element],
    mapping: VersionMapping,
    path: Path = VERSIONS_YAML,
) -> list[Link]:
    """Automatic and reviewed links from the *newer* plan's elements to the *older* plan's (paths → Element)."""
    links: list[Link] = []
    by_title: dict[tuple[str, str], list[str]] = {}
    for p, el in older.items():
        if el.title:
            kind = "entry" if el.kind in ("item", "entry") else el.kind
            by_title.setdefault((kind, match_key(el.title)), []).append(p)
    for p, el in newer.items():
        if not el.title:
            continue
        kind = "entry" if el.kind in ("item", "entry") else el.kind
        for op in by_title.get((kind, match_key(el.title)), []):
            change = "Continued" if kind == "entry" else "SameTitle"
            links.append(Link(p, op, change, AUTOMATIC, "same title in both plans", Decimal("1.0")))
    auto = {(lk.newer, lk.older) for lk in links}
    for newer_src, older_src, link, newer_title, older_title in mapping.links:
        if newer_src != pair.newer:
            continue
        where = f"{path}: link {pair.newer}/{link.newer}"
        if link.newer not in newer:
            raise InputError(f"{where}: no such element in {pair.newer}")
        if newer_title and match_key(str(newer_title)) != match_key(newer[link.newer].title or ""):
            raise InputError(f"{where}: title is now {newer[link.newer].title!r}, not {newer_title!r}")
        if link.older is not None:
            if older_src != pair.older:
                raise InputError(f"{where}: older element must be in {pair.older}, not {older_src}")
            if link.older not in older:
                raise InputError(f"{where}: no element {link.older} in {pair.older}")
            if older_title and match_key(str(older_title)) != match_key(older[link.older].title or ""):
                raise InputError(
                    f"{where}: older title is now {older[link.older].title!r}, not {older_title!r}"
                )
        if (link.newer, link.older) in auto:
            raise InputError(f"{where}: already linked automatically (same title); remove the entry")
        links.append(link)
    linked = {lk.newer for lk in links}
    missing = [p for p, el in newer.items() if el.kind == "sp" and p not in linked]
    if missing:
        raise InputError(
            f"{path}: strategic plans of {pair.newer} with no version link: {', '.join(missing)}"
        )
    return links
