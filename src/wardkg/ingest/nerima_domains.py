"""Policy domains of Nerima's pillars and strategic plans, from data/mappings/nerima-policy-domains.yaml.

Why keyed by title: pillar titles are the same in the 2nd and 3rd plans and most strategic-plan titles
recur, so one reviewed table serves every edition; a new title simply has no domain until someone
reviews it (nothing is guessed). Keys match after NFKC with white space removed (jtext.match_key).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from wardkg.errors import InputError
from wardkg.jtext import match_key
from wardkg.sources import DATA_DIR

DOMAINS_YAML = DATA_DIR / "mappings" / "nerima-policy-domains.yaml"

POLICY_DOMAIN_SLUGS: frozenset[str] = frozenset(
    {
        "children", "education", "elderly", "welfare", "health", "safety", "urban", "housing",
        "environment", "industry", "culture", "community", "administration",
    }
)  # fmt: skip
"""The slugs of the policy-domain scheme (ontology/policy-domains.ttl)."""


@dataclass(frozen=True)
class DomainTable:
    """Title match key → domain slugs, for pillars and for strategic plans."""

    pillars: dict[str, tuple[str, ...]]
    strategic_plans: dict[str, tuple[str, ...]]

    def for_pillar(self, title: str) -> tuple[str, ...]:
        return self.pillars.get(match_key(title), ())

    def for_strategic_plan(self, title: str) -> tuple[str, ...]:
        return self.strategic_plans.get(match_key(title), ())


def _section(raw: object, name: str, path: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise InputError(f"{path}: '{name}' must map titles to lists of domain slugs")
    out: dict[str, tuple[str, ...]] = {}
    for title, slugs in raw.items():
        if not isinstance(slugs, list) or not slugs:
            raise InputError(f"{path}: {name} {title!r}: expected a non-empty list of domain slugs")
        bad = [s for s in slugs if s not in POLICY_DOMAIN_SLUGS]
        if bad:
            raise InputError(f"{path}: {name} {title!r}: unknown policy-domain slug(s) {bad}")
        out[match_key(str(title))] = tuple(slugs)
    return out


@cache
def load_domains(path: Path = DOMAINS_YAML) -> DomainTable:
    """Read and check the mapping (unknown slugs are an error; a missing file maps nothing)."""
    if not path.exists():
        return DomainTable({}, {})
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from exc
    return DomainTable(
        _section(raw.get("pillars", {}), "pillars", path),
        _section(raw.get("strategic_plans", {}), "strategic_plans", path),
    )
