"""Parser for the one-line layout of Nerima's action plans (the 2nd plan, seed 002).

Why a marker-driven scanner: the extraction put the whole document on one line and turned every PDF line
wrap into a space, also inside words, so lines carry no structure (NOTES-nerima.md, doc002). Structure
comes from inline markers, read in this order:

1. strong headings — ``施策の柱N``, ``戦略計画N``, ``令和4・5年度の取組`` / ``関連する事業``, the colophon rule ``―――``;
   a pillar title runs to the next 戦略計画 heading and a strategic-plan title to its section heading, so
   wrap spaces inside them are harmless;
2. inside a section, initiatives `` N title`` (N = 1, 2, … restarting per section) and sub-items ``(k)title``;
   every number is checked against the one expected next, so a renumbered or missing item stops the
   parse with its character offset instead of shifting everything after it;
3. inside an item, the ``事業実施課:`` unit list (parsed by :mod:`nerima_units`, which also finds where it ends),
   ``※N term・・・text`` footnote definitions, and ``@ A B C …`` bullet lists (①②③… lost in extraction).

Positions are 0-based character offsets, end exclusive; errors report ``line 1, column offset+1``.
"""

from __future__ import annotations

import re
from pathlib import Path

from wardkg.errors import SourceFormatError
from wardkg.fiscal import FiscalYearError, parse_fiscal_years
from wardkg.ingest.common import Span, chars
from wardkg.ingest.nerima_records import (
    Bullet,
    Footnote,
    Item,
    ParsedPlan,
    Pillar,
    Section,
    StrategicPlan,
    Units,
)
from wardkg.ingest.nerima_units import UnitListError, parse_unit_list
from wardkg.jtext import circled, remove_wrap_spaces, to_ascii_digits

_STRONG = re.compile(
    r"(?<!\S)(?:(?P<pillar>施策の柱)[ \u3000]?(?P<pn>\d+)|(?P<sp>戦略計画)[ \u3000]?(?P<sn>\d+)"
    r"|(?P<sec>令和[\d元]+(?:・[\d元]+)*年度の取組|関連する事業)|(?P<rule>―{3,}))(?=\s|$)"
)
_INIT_HEAD = re.compile(r"(\d+)[ \u3000]+(?=\S)")
_INIT_CAND = re.compile(r"(?<=\s)(\d+)[ \u3000]+(?=\S)")
_SUB_CAND = re.compile(r"(?<=\s)\((\d+)\)[ \u3000]?(?=\S)")
_MARKER = re.compile(r"[ \u3000]*(【再掲】|★)")
_UNITS = re.compile(r"事業実施課[ \u3000]*[:：][ \u3000]*")
_FOOTNOTE_DEF = re.compile(r"(?<!\S)※(\d+)[ \u3000]*([^\s・][^・]*?)?[ \u3000]*・・・")
_BULLET_OPEN = re.compile(r"(?<!\S)@")
_ISSUED = re.compile(
    r"(?P<era>令和|平成)\s*(?P<y>\d+|元)\s*年?\s*(?:\(\s*(?P<g>\d{4})\s*年?\s*\))?\s*年?\s*(?P<m>\d{1,2})\s*月\s*発行"
)
_WRAPPED_TITLE_TAIL = re.compile(
    r"[ \u3000]+(?!【再掲】|★|事業実施課)([^\s。、@※★【(（]{1,30})(?=[ \u3000]*(?:【再掲】|★))"
)
_UNMARKED_TAIL = re.compile(r"[ \u3000]+([^\s。、@※★【(（]{1,25})(?=[ \u3000]+(?!事業実施課)\S)")
_BULLET_LETTERS = "ABCDEFGHIJKLMNOPQRST"
_MAX_TITLE = 120

_ERA_OFFSET = {"令和": 2018, "平成": 1988}


class _Scanner:
    """The text and its path, and one way to fail: at a character offset, saying what was expected."""

    def __init__(self, text: str, path: Path | str) -> None:
        self.text = text
        self.path = path

    def fail(self, offset: int, expected: str, found: str | None = None) -> SourceFormatError:
        if found is None:
            found = self.text[offset : offset + 40] if offset < len(self.text) else "the end of the text"
        return SourceFormatError(self.path, 1, expected, found, column=offset + 1)

    def skip_ws(self, pos: int, end: int) -> int:
        while pos < end and self.text[pos].isspace():
            pos += 1
        return pos

    def rstrip_end(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end


def looks_one_line(text: str) -> bool:
    """True when *text* has the 2nd-plan layout: (almost) no line breaks and inline 施策の柱N / 戦略計画N headings."""
    body = text.strip()
    return body.count("\n") <= 2 and bool(_STRONG.search(body)) and "戦略計画" in body


def parse_one_line(text: str, path: Path | str) -> ParsedPlan:
    """Parse a one-line Nerima action plan into records; raise SourceFormatError where it does not fit."""
    sc = _Scanner(text, path)
    tokens = list(_STRONG.finditer(text))
    if not tokens or not tokens[0]["pillar"]:
        first = tokens[0].start() if tokens else 0
        raise sc.fail(first, "the first 施策の柱N heading after the cover")
    rules = [t for t in tokens if t["rule"]]
    if not rules:
        raise sc.fail(len(text), "the colophon rule (―――) after the last unit line: the text seems truncated")
    if len(rules) < 2 or text[rules[-1].end() :].strip():
        raise sc.fail(len(text), "the colophon's closing rule (―――) at the end: the text seems truncated")
    body_end = rules[0].start()
    body_tokens = [t for t in tokens if t.start() < body_end]
    title, title_span, fiscal_years, is_draft = _cover(sc, tokens[0].start())
    issued, issuing_unit, colophon_title = _colophon(sc, rules[0].end())
    if colophon_title:
        title, title_span = colophon_title
    pillars = _structure(sc, body_tokens, body_end)
    return ParsedPlan(
        variant="one-line",
        title=title,
        title_span=title_span,
        fiscal_years=fiscal_years,
        issued=issued,
        issuing_unit=issuing_unit,
        is_draft=is_draft,
        pillars=pillars,
    )


# --- cover and colophon ----------------------------------------------------------------------------


def _cover(sc: _Scanner, end: int) -> tuple[str, Span, tuple[int, ...], bool]:
    """Title and fiscal years from the cover (everything before the first pillar heading)."""
    cover = sc.text[:end]
    m = re.search(r"令和[\d元]+\s*年度", cover)
    if not m:
        raise sc.fail(0, "the cover: the plan title, then its fiscal years (令和N年度…)", cover[:40])
    title_raw = cover[: m.start()].strip()
    if not title_raw:
        raise sc.fail(0, "the plan title before the fiscal years on the cover")
    fy_text = cover[m.start() :]
    fy_end = fy_text.rfind("年度")
    try:
        years = parse_fiscal_years(fy_text[: fy_end + 2])
    except FiscalYearError as exc:
        raise sc.fail(m.start(), "the fiscal years of the plan (令和N年度・令和M年度)") from exc
    start = len(cover) - len(cover.lstrip())
    return title_raw, chars(start, start + len(title_raw)), tuple(years), "素案" in title_raw


def _colophon(sc: _Scanner, start: int) -> tuple[str | None, tuple[str, ...], tuple[str, Span] | None]:
    """Issue month and issuing unit from the colophon (``令和3年(2021 年)12 月 発行 練馬区 企画部 企画課``)."""
    text = sc.text
    m = _ISSUED.search(text, start)
    if not m:
        return None, (), None
    year = _ERA_OFFSET[m["era"]] + (1 if m["y"] == "元" else int(m["y"]))
    if m["g"] and int(m["g"]) != year:
        raise sc.fail(m.start(), f"the Gregorian year {year} in brackets", m.group(0))
    issued = f"{year:04d}-{int(m['m']):02d}"
    title_start = sc.skip_ws(start, m.start())
    title_end = sc.rstrip_end(title_start, m.start())
    colophon_title = None
    if title_end > title_start:
        colophon_title = (text[title_start:title_end], chars(title_start, title_end))
    rest = text[m.end() :]
    after = m.end() + len(rest) - len(rest.lstrip())
    ward = re.match(r"\S+区", text[after:])
    unit: tuple[str, ...] = ()
    if ward:
        try:
            ul = parse_unit_list(text, after + ward.end())
            if len(ul.pairs) == 1:
                pair = ul.pairs[0]
                unit = (pair.department,) if pair.section is None else (pair.department, pair.section)
        except UnitListError:
            unit = ()
    return issued, unit, colophon_title


# --- headings --------------------------------------------------------------------------------------


def _title(sc: _Scanner, start: int, end: int, what: str, next_what: str) -> tuple[str, str, Span]:
    """A pillar / strategic-plan title: all text up to the next strong heading (wrap spaces removed)."""
    s = sc.skip_ws(start, end)
    e = sc.rstrip_end(s, end)
    raw = sc.text[s:e]
    if not raw:
        raise sc.fail(start, f"the {what} title")
    if len(raw) > _MAX_TITLE or "。" in raw:
        raise sc.fail(s, f"a short {what} title followed by {next_what}", raw[:40])
    return raw, remove_wrap_spaces(raw), chars(s, e)


def _structure(sc: _Scanner, tokens: list[re.Match[str]], body_end: int) -> list[Pillar]:
    pillars: list[Pillar] = []
    sp_no = 0
    current_sp: StrategicPlan | None = None
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        seg_end = nxt.start() if nxt else body_end
        if tok["pillar"]:
            n = int(tok["pn"])
            if n != len(pillars) + 1:
                raise sc.fail(tok.start(), f"施策の柱{len(pillars) + 1}", tok.group(0))
            if nxt is None or not nxt["sp"]:
                raise sc.fail(seg_end, f"a 戦略計画 heading after the title of 施策の柱{n}")
            raw, title, _span = _title(sc, tok.end(), seg_end, f"施策の柱{n}", "a 戦略計画 heading")
            pillars.append(Pillar(n, raw, title, chars(tok.start(), seg_end)))
            current_sp = None
        elif tok["sp"]:
            n = int(tok["sn"])
            if n != sp_no + 1:
                raise sc.fail(
                    tok.start(), f"戦略計画{sp_no + 1} (strategic plans are numbered across the plan)"
                )
            if nxt is None or not nxt["sec"]:
                raise sc.fail(
                    seg_end, f"a section heading (令和…年度の取組 / 関連する事業) after 戦略計画{n}'s title"
                )
            raw, title, _span = _title(sc, tok.end(), seg_end, f"戦略計画{n}", "a section heading")
            sp_no = n
            current_sp = StrategicPlan(n, raw, title, chars(tok.start(), seg_end))
            pillars[-1].plans.append(current_sp)
        else:
            if current_sp is None:
                raise sc.fail(tok.start(), "a 戦略計画 heading before this section heading", tok.group(0))
            heading = tok.group(0)
            kind = "kanren" if heading == "関連する事業" else "torikumi"
            if any(s.kind == kind for s in current_sp.sections):
                raise sc.fail(tok.start(), f"one {heading} section per strategic plan", heading)
            years: tuple[int, ...] = ()
            if kind == "torikumi":
                years = tuple(parse_fiscal_years(heading))
            section = Section(kind, heading, years, chars(tok.start(), tok.end()))
            section.items = _items(sc, tok.end(), seg_end, f"戦略計画{current_sp.number} {heading}")
            if not section.items:
                raise sc.fail(tok.end(), f"initiative 1 under {heading}")
            section.span = chars(tok.start(), sc.rstrip_end(tok.end(), seg_end))
            current_sp.sections.append(section)
            current_sp.span = chars(current_sp.span.char_start or 0, section.span.char_end or 0)
            pillars[-1].span = chars(pillars[-1].span.char_start or 0, section.span.char_end or 0)
    for p in pillars:
        for sp in p.plans:
            if not sp.sections:
                raise sc.fail(sp.span.char_start or 0, f"a section heading in 戦略計画{sp.number}")
    return pillars


def _heading(sc: _Scanner, pos: int, end: int) -> tuple[int, str, bool, bool]:
    """Title token(s) and ★ / 【再掲】 markers after an item number; returns (body start, raw title, new, repost).

    A title ends at the first space (no heading title in this family contains one) — unless a ★ or
    【再掲】 marker follows within the next short token, which shows the heading wrapped before the marker.
    """
    text = sc.text
    m = re.compile(r"\S+").match(text, pos, end)
    if not m:
        raise sc.fail(pos, "an item title")
    title_end = m.end()
    # A heading broken by a wrap: "練馬こども カフェの充実 ★" — join a short, unpunctuated next token
    # when a marker follows it.
    raw_end = title_end
    if not _MARKER.match(text, title_end, end):
        nxt = _WRAPPED_TITLE_TAIL.match(text, title_end, end) or _wrapped_unmarked_tail(text, title_end, end)
        raw_end = nxt.end() if nxt else title_end
    raw = text[pos:raw_end]
    is_new = is_repost = False
    p = raw_end
    while True:
        mm = _MARKER.match(text, p, end)
        if not mm:
            break
        if mm.group(1) == "★":
            is_new = True
        else:
            is_repost = True
        p = mm.end()
    return p, raw, is_new, is_repost


def _wrapped_unmarked_tail(text: str, pos: int, end: int) -> re.Match[str] | None:
    """A short, unpunctuated token after the title, followed by more text, continues a wrapped title.

    Body text starts with a full-width first line (30+ characters) or a sentence with 、/。; a heading
    that wrapped leaves a short tail (``練馬こども カフェの充実 民間カフェ等が…``). In the 2nd plan no real
    heading is followed by such a token (checked in tests/ingest/test_nerima_oneline.py).
    """
    m = _UNMARKED_TAIL.match(text, pos, end)
    if m is None or m.group(1).startswith("事業実施課"):
        return None
    return m


def _items(sc: _Scanner, start: int, end: int, where: str) -> list[Item]:
    """The numbered initiatives of one section, each with its sub-items, text and unit line."""
    text = sc.text
    items: list[Item] = []
    pos = sc.skip_ws(start, end)
    n = 1
    while pos < end:
        m = _INIT_HEAD.match(text, pos, end)
        if not m or int(m.group(1)) != n:
            raise sc.fail(pos, f"initiative {n} of {where} (its number, a space, then its title)")
        body, raw, is_new, is_repost = _heading(sc, m.end(), end)
        nxt = _next_initiative(sc, body, end, n + 1, where)
        region_end = nxt if nxt is not None else end
        item = Item(
            n,
            raw,
            remove_wrap_spaces(raw),
            chars(pos, sc.rstrip_end(pos, region_end)),
            is_new=is_new,
            is_repost=is_repost,
        )
        _item_body(sc, item, body, region_end, f"initiative {n} of {where}")
        items.append(item)
        n += 1
        pos = sc.skip_ws(region_end, end)
    return items


def _next_initiative(sc: _Scanner, start: int, end: int, expected: int, where: str) -> int | None:
    """Where initiative *expected* starts, or None when the section ends first.

    A free-standing number (space on both sides) is the next heading when it is the number expected
    next. Any other number is an error where it stands right after a 事業実施課 list — that is where
    headings stand, so the item was renumbered or one is missing — and running text elsewhere.
    """
    text = sc.text
    skipped: list[re.Match[str]] = []
    for cand in _INIT_CAND.finditer(text, start, end):
        number = int(cand.group(1))
        if number == expected:
            return cand.start(1)
        if _follows_unit_list(sc, start, cand.start(1)):
            # report the first earlier number that already broke the sequence (an item without a unit line)
            first = next((c for c in skipped if expected < int(c.group(1)) <= number), cand)
            raise sc.fail(first.start(1), f"initiative {expected} of {where} after initiative {expected - 1}")
        skipped.append(cand)
    return None


def _follows_unit_list(sc: _Scanner, start: int, pos: int) -> bool:
    """True when ``text[start:pos]`` ends with a complete 事業実施課 list."""
    marks = list(_UNITS.finditer(sc.text, start, pos))
    if not marks:
        return False
    try:
        ul = parse_unit_list(sc.text, marks[-1].end())
    except UnitListError:
        return False
    return sc.skip_ws(ul.end, pos) == pos


def _item_body(sc: _Scanner, item: Item, start: int, end: int, where: str) -> None:
    """Split an initiative into its lead text and sub-items (1), (2), …; leaves get text and units."""
    text = sc.text
    subs = list(_SUB_CAND.finditer(text, start, end))
    if not subs:
        _leaf(sc, item, start, end, where)
        return
    for k, sm in enumerate(subs, start=1):
        if int(sm.group(1)) != k:
            raise sc.fail(sm.start(), f"sub-item ({k}) of {where}")
    lead = Item(0, "", "", chars(start, start))
    _leaf(sc, lead, start, subs[0].start(), where)
    item.description = lead.description
    item.bullets = lead.bullets
    item.footnotes = lead.footnotes
    item.units = lead.units
    for k, sm in enumerate(subs, start=1):
        sub_end = subs[k].start() if k < len(subs) else end
        body, raw, is_new, is_repost = _heading(sc, sm.end(), sub_end)
        child = Item(
            k,
            raw,
            remove_wrap_spaces(raw),
            chars(sm.start(), sc.rstrip_end(sm.start(), sub_end)),
            is_new=is_new,
            is_repost=is_repost,
        )
        _leaf(sc, child, body, sub_end, f"sub-item ({k}) of {where}")
        item.children.append(child)
    _share_units(item)


def _share_units(item: Item) -> None:
    """One unit line after the last of several sub-items, none before: the line serves them all.

    6-1 of the 2nd plan leads in with "次の事業を行います" and prints one 事業実施課 line after (2). Only this
    pattern is read as sharing; a sub-item without a line elsewhere has none (nothing is guessed).
    """
    kids = item.children
    if len(kids) >= 2 and kids[-1].units is not None and all(k.units is None for k in kids[:-1]):
        kids[-1].units_shared_with = tuple(k.number for k in kids)
        for k in kids[:-1]:
            k.units = kids[-1].units
            k.units_shared_with = kids[-1].units_shared_with


def _leaf(sc: _Scanner, item: Item, start: int, end: int, where: str) -> None:
    """Body text, bullets, footnote definitions and the unit line of one item."""
    text = sc.text
    unit_marks = list(_UNITS.finditer(text, start, end))
    if len(unit_marks) > 1:
        raise sc.fail(unit_marks[1].start(), f"one 事業実施課 line in {where}, then the next heading")
    content_end = end
    if unit_marks:
        um = unit_marks[0]
        content_end = um.start()
        try:
            ul = parse_unit_list(text, um.end())
        except UnitListError as exc:
            raise sc.fail(exc.offset, f"{exc.expected} in the 事業実施課 line of {where}", exc.found) from exc
        rest = sc.skip_ws(ul.end, end)
        if rest < end:
            raise sc.fail(rest, f"the next heading after the 事業実施課 line of {where}")
        item.units = Units(ul, chars(um.start(), ul.end))
    content_end = sc.rstrip_end(start, content_end)
    defs = list(_FOOTNOTE_DEF.finditer(text, start, content_end))
    body_end = defs[0].start() if defs else content_end
    for k, dm in enumerate(defs, start=1):
        if int(to_ascii_digits(dm.group(1))) != k:
            raise sc.fail(dm.start(), f"footnote ※{k} in {where}")
        d_end = defs[k].start() if k < len(defs) else content_end
        d_end = sc.rstrip_end(dm.start(), d_end)
        term = remove_wrap_spaces(dm.group(2)) if dm.group(2) else None
        body_text = remove_wrap_spaces(text[dm.end() : d_end])
        item.footnotes.append(Footnote(k, term, body_text, chars(dm.start(), d_end)))
    body_end = sc.rstrip_end(start, body_end)
    opens = list(_BULLET_OPEN.finditer(text, start, body_end))
    lead_end = opens[0].start() if opens else body_end
    lead = remove_wrap_spaces(text[start:lead_end])
    item.description = lead or None
    for i, om in enumerate(opens):
        list_end = opens[i + 1].start() if i + 1 < len(opens) else body_end
        item.bullets.extend(_bullets(sc, om.start(), list_end, len(item.bullets)))


def _bullets(sc: _Scanner, start: int, end: int, already: int) -> list[Bullet]:
    """One @ A B C … list: @ = ①, A = ②, … Letters are found in order, each after a space.

    A letter is a bullet only where it is the expected next one and stands after a space at the start of
    a token; a letter glued to Latin text (``AAI・RPA`` = ②AI・RPA) is split off. Capitals in running text
    (AI, ICT, PTA, …) are not bullets: the next letter must follow the end of a sentence or a bullet title.
    """
    text = sc.text
    starts = [start]
    pos = start + 1
    for letter in _BULLET_LETTERS:
        found = None
        for cand in re.finditer(rf"(?<=\s){letter}(?=\S)", text[pos:end]):
            c = pos + cand.start()
            if _bullet_letter_ok(text, c):
                found = c
                break
        if found is None:
            break
        starts.append(found)
        pos = found + 1
    out = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else end
        e = sc.rstrip_end(s, e)
        raw = text[s + 1 : e]
        title = None
        tm = re.match(r"(\S{1,30})[ \u3000]+(\S.*)$", raw, re.S)
        body = raw
        if tm and _is_bullet_title(tm.group(1)):
            title, body = tm.group(1), tm.group(2)
        n = already + i + 1
        out.append(Bullet(n, circled(n), remove_wrap_spaces(body), title, chars(s, e)))
    return out


def _is_bullet_title(token: str) -> bool:
    """A bullet's first token is its title when short, not a sentence, and its brackets are closed.

    Untitled bullets start with a full-width wrapped line (30+ characters) or a sentence; a token that
    opens a bracket it does not close (``三体操(練馬区健康いきいき体操・ねりま``) is a wrapped line.
    """
    if len(token) > 30 or token.endswith("。") or "、" in token:
        return False
    return token.count("(") == token.count(")") and token.count("「") == token.count("」")


def _bullet_letter_ok(text: str, pos: int) -> bool:
    """Is the capital at *pos* (after a space) the next bullet letter rather than running text?

    In this family every bullet ends with a sentence (。) or a closing bracket before the next letter;
    a capital after any other character is running text (``…タブレット AI…``).
    """
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] in "。)）」"
