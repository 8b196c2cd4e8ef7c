"""Yen amounts and telephone contacts as Itabashi's 広報 pages print them.

Why separate: both are small grammars with their own failure modes (an amount without 円, a contact
without a number) that the budget parser must report with the line they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wardkg.jtext import nfkc

AMOUNT_RE = re.compile(r"【(?:(\d+)億)?(?:(\d+)万)?円】")
"""【２億6128万円】 after NFKC: 億 = 10^8, 万 = 10^4; the page rounds to 万円."""


def parse_amount(text: str) -> int | None:
    """Yen in an amount bracket (【２億6128万円】 → 261280000), or None if *text* is not one.

    An empty bracket (【円】) is not an amount either: the caller reports it.
    """
    m = AMOUNT_RE.fullmatch(nfkc(text).strip())
    if not m or (m[1] is None and m[2] is None):
        return None
    oku = int(m[1]) if m[1] else 0
    man = int(m[2]) if m[2] else 0
    return oku * 100_000_000 + man * 10_000


PHONE_RE = re.compile(r"☎\s*(\d{4})\s*[-－‐−]\s*(\d{4})")
"""☎3579－2013 (23-ward exchange + line number; the page omits the area code 03)."""

UNIT_TOKEN_RE = re.compile(r".+?(?:センター|担当課|課|室)")
"""One organisational name ending in a section-level suffix; what is left (ending in 係) is the 係."""


@dataclass(frozen=True)
class Contact:
    """One ▶問＝ contact: the unit path as printed, and the number."""

    units: tuple[str, ...]
    exchange: str
    number: str
    as_written: str

    @property
    def digits(self) -> str:
        """``0335792013`` — the key of the shared contact point."""
        return f"03{self.exchange}{self.number}"

    @property
    def tel(self) -> str:
        """``tel:+81-3-3579-2013`` (RFC 3966)."""
        return f"tel:+81-3-{self.exchange}-{self.number}"


class ContactError(ValueError):
    """A contact text that does not follow 課 [係] ☎NNNN－NNNN, with what was wrong."""


def split_units(name: str) -> tuple[str, ...]:
    """子ども家庭総合支援センター支援課管理・サービス調整係 → (センター, 支援課, 管理・サービス調整係).

    The sections end in 課 / 室 / センター; what follows the last of them must be a 係 (or nothing).
    """
    parts: list[str] = []
    rest = name
    while rest and (m := UNIT_TOKEN_RE.match(rest)) is not None:
        parts.append(m[0])
        rest = rest[m.end() :]
    if rest:
        if not rest.endswith("係"):
            raise ContactError(f"{name!r}: expected a 課 / 室 / センター name optionally followed by a 係")
        parts.append(rest)
    if not parts:
        raise ContactError(f"{name!r}: no unit name")
    return tuple(parts)


def parse_contacts(text: str) -> list[Contact]:
    """All contacts in one joined ▶問＝ text (the wraps already removed).

    ``生活支援課自立支援係☎3579－2455・庶務係☎3579－2352``: a name after ・ that is only a 係 shares the
    previous contact's 課. Contacts are separated by 、 or ・; every name must be followed by a number.
    """
    body = text.strip()
    if body.startswith("▶問＝"):
        body = body[len("▶問＝") :]
    contacts: list[Contact] = []
    pos = 0
    prev_units: tuple[str, ...] = ()
    for m in PHONE_RE.finditer(body):
        raw_name = body[pos : m.start()]
        shared = raw_name.startswith("・")
        name = raw_name.lstrip("、・ ").strip()
        if not name:
            raise ContactError(f"a telephone number {m[0]!r} without a unit name before it")
        units = split_units(nfkc(name))
        if shared and len(units) == 1 and units[0].endswith("係") and prev_units:
            units = (*prev_units[:-1], units[0]) if prev_units[-1].endswith("係") else (*prev_units, units[0])
        contacts.append(Contact(units, m[1], m[2], m[0].removeprefix("☎").strip()))
        prev_units = units
        pos = m.end()
    tail = body[pos:].strip(" 、・")
    if tail:
        raise ContactError(f"{tail!r} has no telephone number (☎NNNN－NNNN) after it")
    if not contacts:
        raise ContactError("no telephone number (☎NNNN－NNNN)")
    return contacts
