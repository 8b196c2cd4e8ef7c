"""What Itabashi's two FY2024 documents share: the plan IRIs, the strategy IRIs and the policy domains.

Why one module: the management-policy challenges name the budget page's 重点戦略 (SDGs / DX / ブランド),
and the link only holds if both builders compute the strategy IRI the same way. The strategy is
identified by its Roman numeral in the budget page (Ⅰ → 1), and a challenge's wording is mapped to that
numeral by matching after NFKC (ＳＤＧｓ戦略 = SDGs戦略), never by near-name similarity.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml
from rdflib import Graph, URIRef

from wardkg.errors import InputError
from wardkg.jtext import match_key
from wardkg.namespaces import WK, domain_iri, element_iri, plan_iri
from wardkg.sources import DATA_DIR

WARD = "13119"
"""板橋区's standard area code."""

BUDGET_PLAN_SLUG = "budget-highlights-2024"
POLICY_PLAN_SLUG = "management-policies-2024"

ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10}
"""The budget page numbers its 重点戦略 with the Roman-numeral characters U+2160…."""

STRATEGY_KEYS: dict[str, int] = {"sdgs": 1, "dx": 2, "ブランド": 3}
"""Match key of the short name a challenge uses (ＳＤＧｓ戦略 / ＤＸ戦略 / ブランド戦略) → the budget numeral.

The FY2024 budget page prints Ⅰ = SDGs(持続可能な開発目標)戦略, Ⅱ = デジタルトランスフォーメーション(DX)戦略,
Ⅲ = ブランド戦略; the budget parser checks that its strategies still carry these keys (see
:func:`strategy_key_of`), so a reordered page cannot silently re-point the links.
"""

MAPPINGS_DIR = DATA_DIR / "mappings"
DOMAINS_YAML = MAPPINGS_DIR / "itabashi-policy-domains.yaml"


def budget_plan(ward: str = WARD, slug: str = BUDGET_PLAN_SLUG) -> URIRef:
    """The budget-highlights plan IRI (``wkid:13119/plan/budget-highlights-2024``)."""
    return plan_iri(ward, slug)


def strategy_iri(number: int, ward: str = WARD, slug: str = BUDGET_PLAN_SLUG) -> URIRef:
    """The wk:Strategy IRI of 重点戦略 *number* (Ⅰ = 1) in the budget page: ``…/strategy/1``."""
    return element_iri(budget_plan(ward, slug), "strategy", number)


def strategy_key_of(name: str) -> str | None:
    """Which strategy a canonical strategy name is about: 'sdgs', 'dx', 'ブランド' or None.

    Matching is on the NFKC, lower-cased form, so ＳＤＧｓ and SDGs agree; DX is looked for in
    brackets or as a prefix word (デジタルトランスフォーメーション(DX)戦略 / ＤＸ戦略).
    """
    key = match_key(name)
    if "sdgs" in key:
        return "sdgs"
    if "(dx)" in key or key.startswith("dx") or "デジタルトランスフォーメーション" in key:
        return "dx"
    if "ブランド" in key:
        return "ブランド"
    return None


def strategies_named(text: str) -> list[int]:
    """The budget strategies a text names (ＳＤＧｓ戦略 / ＤＸ戦略 / ブランド戦略), in number order.

    Only the word 戦略 after the short name counts: a challenge that merely mentions ＤＸ is not tagged.
    """
    key = match_key(text)
    found = {n for short, n in STRATEGY_KEYS.items() if f"{short}戦略" in key}
    return sorted(found)


@cache
def _load_domains(path: Path) -> dict[str, dict[str, list[str]]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the policy-domain mapping: {exc}") from exc
    out: dict[str, dict[str, list[str]]] = {}
    for group in ("strategies", "budget_items", "departments"):
        entries = raw.get(group) or {}
        out[group] = {match_key(str(k)): list(v) for k, v in entries.items()}
    return out


KNOWN_DOMAINS = frozenset(
    "children education elderly welfare health safety urban housing environment industry culture "
    "community administration".split()
)


def domains_for(group: str, name: str, path: Path = DOMAINS_YAML) -> list[str]:
    """The reviewed policy-domain slugs for *name* in *group* (strategies / budget_items / departments).

    Unknown names give an empty list: a new edition's element is then simply unmapped until reviewed.
    """
    slugs = _load_domains(path).get(group, {}).get(match_key(name), [])
    bad = [s for s in slugs if s not in KNOWN_DOMAINS]
    if bad:
        raise InputError(f"{path}: unknown policy-domain slug(s) {bad} for {name!r}")
    return slugs


def add_domains(g: Graph, node: URIRef, slugs: Iterable[str]) -> None:
    """wk:policyDomain for each slug."""
    for slug in slugs:
        g.add((node, WK.policyDomain, domain_iri(slug)))
