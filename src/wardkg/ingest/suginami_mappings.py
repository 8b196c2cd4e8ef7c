"""The data files that steer the Suginami comprehensive-plan parser (data/mappings/suginami-*.yaml).

Why data files: the eight field headings in the extracted text are irregular, the six plans' names and
IRIs are editorial choices, and the policy-domain mapping is a reviewed judgement. Keeping them out of the
code lets a new edition be ingested by editing YAML, and every mismatch with the source fails loudly
(InputError naming the mapping file) instead of silently producing a different graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wardkg.errors import InputError
from wardkg.jtext import match_key
from wardkg.sources import DATA_DIR

MAPPINGS_DIR = DATA_DIR / "mappings"
FIELDS_YAML = MAPPINGS_DIR / "suginami-fields.yaml"
PLANS_YAML = MAPPINGS_DIR / "suginami-plans.yaml"
DOMAINS_YAML = MAPPINGS_DIR / "suginami-policy-domains.yaml"

DOMAIN_SLUGS = frozenset(
    {
        "children",
        "education",
        "elderly",
        "welfare",
        "health",
        "safety",
        "urban",
        "housing",
        "environment",
        "industry",
        "culture",
        "community",
        "administration",
    }
)
"""The policy-domain scheme's slugs (ontology/policy-domains.ttl); a typo in the mapping fails the build."""


def heading_key(text: str) -> str:
    """The key a field heading is matched on: match_key without `・` (`まちづくり 地域産業` = `まちづくり・地域産業`)."""
    return match_key(text).replace("・", "")


@dataclass(frozen=True)
class FieldSpec:
    """One of the eight fields: canonical name (with `・`), English label, document order."""

    order: int
    canonical: str
    en: str

    @property
    def key(self) -> str:
        return heading_key(self.canonical)


@dataclass(frozen=True)
class PlanSpec:
    """One plan of ○計画の構成: printed title, wk: class local name, IRI slug, headings that introduce its lists."""

    order: int
    title: str
    cls: str
    slug: str
    en: str
    policy_heading: str | None = None
    summary_heading: str | None = None


@dataclass(frozen=True)
class DomainMapping:
    """Policy-domain slugs per field (canonical name) and per measure number (with the measure's title)."""

    fields: dict[str, tuple[str, ...]]
    measures: dict[int, tuple[str, tuple[str, ...]]]

    def for_field(self, canonical: str) -> tuple[str, ...]:
        if canonical not in self.fields:
            raise InputError(f"{DOMAINS_YAML}: field {canonical!r} has no policy domain")
        return self.fields[canonical]

    def for_measure(self, number: int, title: str) -> tuple[str, ...]:
        """The measure's domains; its title must match the one the mapping was reviewed against."""
        if number not in self.measures:
            raise InputError(f"{DOMAINS_YAML}: measure {number} ({title}) has no policy domain")
        mapped_title, slugs = self.measures[number]
        if match_key(mapped_title) != match_key(title):
            raise InputError(
                f"{DOMAINS_YAML}: measure {number} is {title!r} in the source but {mapped_title!r} in the "
                "mapping; review the mapping for this edition"
            )
        return slugs


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read mapping: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a mapping at the top level")
    return raw


def _slugs(path: Path, what: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise InputError(f"{path}: {what}: expected a non-empty list of domain slugs")
    unknown = [s for s in value if s not in DOMAIN_SLUGS]
    if unknown:
        raise InputError(f"{path}: {what}: unknown policy-domain slug(s) {unknown}")
    return tuple(str(s) for s in value)


@cache
def load_fields(path: Path = FIELDS_YAML) -> tuple[FieldSpec, ...]:
    """The eight fields in document order."""
    try:
        specs = tuple(
            FieldSpec(int(f["order"]), str(f["canonical"]), str(f["en"])) for f in _load(path)["fields"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: bad field entry: {exc}") from exc
    if [f.order for f in specs] != list(range(1, len(specs) + 1)):
        raise InputError(f"{path}: field orders must run 1..n in file order")
    return specs


@cache
def load_plans(path: Path = PLANS_YAML) -> tuple[PlanSpec, ...]:
    """The six plans in composition order."""
    try:
        specs = tuple(
            PlanSpec(
                order=int(p["order"]),
                title=str(p["title"]),
                cls=str(p["class"]),
                slug=str(p["slug"]),
                en=str(p["en"]),
                policy_heading=p.get("policy_heading"),
                summary_heading=p.get("summary_heading"),
            )
            for p in _load(path)["plans"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: bad plan entry: {exc}") from exc
    if [p.order for p in specs] != list(range(1, len(specs) + 1)):
        raise InputError(f"{path}: plan orders must run 1..n in file order")
    return specs


@cache
def load_domains(path: Path = DOMAINS_YAML) -> DomainMapping:
    """Field and measure → policy-domain slugs."""
    raw = _load(path)
    try:
        fields = {str(k): _slugs(path, f"field {k}", v) for k, v in raw["fields"].items()}
        measures = {
            int(k): (str(v["title"]), _slugs(path, f"measure {k}", v["domains"]))
            for k, v in raw["measures"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{path}: bad entry: {exc}") from exc
    return DomainMapping(fields, measures)
