"""The registry of document families: name → parser/builder.

Why: a ward adds next year's edition of a document without code (``wardkg ingest PATH --family NAME``),
and the build command walks data/sources/sources.yaml and dispatches on each source's ``family``.

A family module defines ``FAMILY = Family(...)``; :data:`FAMILY_MODULES` lists the modules to import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph

from wardkg.errors import InputError
from wardkg.sources import SourceDoc

BuildFn = Callable[[str, SourceDoc], Graph]
"""(document text, source record) → the source's RDF graph. Raises SourceFormatError on bad input."""


@dataclass(frozen=True)
class Family:
    """A document family: its name, a one-line description, and the function that builds its graph."""

    name: str
    description: str
    build: BuildFn


FAMILY_MODULES: tuple[str, ...] = (
    "wardkg.ingest.nerima",
    "wardkg.ingest.suginami",
    "wardkg.ingest.itabashi_budget",
    "wardkg.ingest.itabashi_policies",
)


def families() -> dict[str, Family]:
    """Every registered family by name (modules not yet written are skipped)."""
    found: dict[str, Family] = {}
    for mod_name in FAMILY_MODULES:
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError as exc:
            if exc.name == mod_name:
                continue
            raise
        fam = getattr(mod, "FAMILY", None)
        if isinstance(fam, Family):
            found[fam.name] = fam
    return found


def get_family(name: str) -> Family:
    """The family called *name*, or an InputError listing the known ones."""
    fams = families()
    if name not in fams:
        raise InputError(f"unknown document family {name!r}; known: {', '.join(sorted(fams)) or 'none'}")
    return fams[name]
