"""Small pieces of SPARQL shared by the page queries (prefix block, bilingual label patterns)."""

from __future__ import annotations

from wardkg.namespaces import PREFIXES

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def labels(var: str, out: str | None = None, prop: str = "rdfs:label") -> str:
    """OPTIONAL patterns binding ``?<out>Ja`` and ``?<out>En`` to *var*'s label in each language."""
    o = out or var
    return (
        f'OPTIONAL {{ ?{var} {prop} ?{o}Ja FILTER(LANG(?{o}Ja) = "ja") }}\n'
        f'OPTIONAL {{ ?{var} {prop} ?{o}En FILTER(LANG(?{o}En) = "en") }}\n'
    )
