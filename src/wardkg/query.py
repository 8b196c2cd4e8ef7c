"""The one query runner: the stored-query catalogue, parameter binding, engines and result formats.

Why one module: every way of asking the graph (``wardkg query``, the tests, the remote client, the
benchmarks) goes through :func:`run_query`, so a stored query means the same thing on the embedded
pyoxigraph store, on rdflib's engine and on a remote SPARQL 1.1 endpoint.

Parameters are RDF terms, never text. Each ``# param:`` line of a stored query declares a type; the
user's value is turned into an rdflib term (:func:`coerce_param`) and handed to the engine as a
pre-bound variable (pyoxigraph ``substitutions``, rdflib ``initBindings``) or, for a remote endpoint,
as a ``VALUES`` block built from the terms' own N-Triples serialisation and placed at the start of the
query's WHERE group (:func:`inject_values`). A value such as ``"} ; DROP ALL ; #`` therefore stays one
string literal that matches nothing.

A stored query given a ``ward`` also runs on that ward's graphs only (:func:`ward_scope`,
:mod:`wardkg.scope`): the engine's default graph becomes the ward's dataset, so the query's time is one
ward's, not the country's. The ``ward`` value is bound too, so the rows are those of the whole dataset.

The header comment format is documented in queries/README.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Identifier

from wardkg.errors import InputError, SourceFormatError
from wardkg.fiscal import FiscalYearError, parse_fiscal_year
from wardkg.jtext import match_key
from wardkg.namespaces import PREFIXES, fiscal_year_iri, sdg_iri, ward_iri
from wardkg.pushdown import pushdown_points
from wardkg.scope import ward_code
from wardkg.sources import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"

Term = Identifier
"""An RDF term as the runner hands it around (rdflib URIRef, Literal or BNode)."""

PARAM_TYPES: dict[str, str] = {
    "iri": "an IRI, full (<https://…> or https://…) or prefixed (wkid:13120/plan/…)",
    "string": "a plain string literal",
    "ja": 'a Japanese name matched exactly as printed (the literal "…"@ja)',
    "text": "search text; NFKC-normalised, white space removed, Latin lower-cased (as wk:normalizedTitle)",
    "integer": "an xsd:integer",
    "decimal": "an xsd:decimal",
    "ward": "a ward: its 5-digit code (13120) or IRI",
    "sdg": "an SDG goal or target code (13, 13.2, 4.a) or its UN IRI",
    "fy": "a fiscal year: 2024, FY2024, 令和6年度 or its IRI",
}

REQUIRED = "required"
"""Default word for a parameter the user must give."""
ANY = "any"
"""Default word for a parameter that is left unbound (no restriction) when not given."""


@dataclass(frozen=True)
class Param:
    """One ``# param: name type default — description`` line."""

    name: str
    type: str
    default: str
    description: str

    @property
    def required(self) -> bool:
        return self.default == REQUIRED


@dataclass(frozen=True)
class Column:
    """One result column; *separator* is set for list columns (``units[、]``), whose parts the runner sorts.

    Why sort: GROUP_CONCAT's order is unspecified and differs between engines; sorting the parts makes a
    row the same on every engine and in every run.
    """

    name: str
    separator: str | None = None


@dataclass(frozen=True)
class StoredQuery:
    """A query file of queries/ with its parsed header."""

    name: str
    path: Path
    text: str
    title: str
    title_en: str
    question: str
    question_en: str
    params: tuple[Param, ...] = ()
    columns: tuple[Column, ...] = ()
    scope: str = "ward"
    """``ward``: run with a ``ward`` value, the query sees only that ward's graphs (:mod:`wardkg.scope`);
    ``all``: it always sees every graph (it compares the ward with the others)."""

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


_HEADER_RE = re.compile(r"^#\s*(?P<key>[a-z]+(?:@en)?)\s*:\s*(?P<value>.*?)\s*$")
_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)\s+(?P<default>\S+)\s+[—-]+\s+(?P<desc>.+)$"
)
_COLUMN_RE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<sep>[^\]]+)\])?$")
_REQUIRED_KEYS = ("title", "title@en", "question", "question@en", "columns")
SCOPES = ("ward", "all")
"""Values of the optional ``# scope:`` header line (default ``ward``); see StoredQuery.scope."""


def parse_stored_query(path: Path, text: str | None = None) -> StoredQuery:
    """Parse a stored query's header comment; a malformed header is a SourceFormatError naming the line."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    columns: list[Column] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        m = _HEADER_RE.match(line)
        if not m:
            continue  # free comment lines are allowed in the header
        key, value = m["key"], m["value"]
        if key == "param":
            pm = _PARAM_RE.match(value)
            if not pm:
                raise SourceFormatError(path, lineno, "'# param: name type default — description'", line)
            if pm["type"] not in PARAM_TYPES:
                raise SourceFormatError(
                    path, lineno, f"a parameter type ({', '.join(PARAM_TYPES)})", pm["type"]
                )
            params.append(Param(pm["name"], pm["type"], pm["default"], pm["desc"]))
        elif key == "columns":
            for part in value.split(","):
                cm = _COLUMN_RE.match(part.strip())
                if not cm:
                    raise SourceFormatError(path, lineno, "column names like 'ward, units[、]'", part.strip())
                columns.append(Column(cm["name"], cm["sep"]))
            fields[key] = value
        elif key in ("title", "title@en", "question", "question@en"):
            fields[key] = value
        elif key == "scope":
            if value not in SCOPES:
                raise SourceFormatError(path, lineno, f"a scope ({', '.join(SCOPES)})", value)
            fields[key] = value
        else:
            raise SourceFormatError(
                path, lineno, "title, title@en, question, question@en, param, columns or scope", key
            )
    missing = [k for k in _REQUIRED_KEYS if not fields.get(k)]
    if missing:
        raise SourceFormatError(path, 1, f"header lines {', '.join('# ' + k + ':' for k in missing)}", "")
    return StoredQuery(
        name=path.stem,
        path=path,
        text=text,
        title=fields["title"],
        title_en=fields["title@en"],
        question=fields["question"],
        question_en=fields["question@en"],
        params=tuple(params),
        columns=tuple(columns),
        scope=fields.get("scope", "ward"),
    )


def load_catalogue(directory: Path = QUERIES_DIR) -> dict[str, StoredQuery]:
    """Every ``*.rq`` in *directory*, by name (the file stem), parsed and sorted by name."""
    return {p.stem: parse_stored_query(p) for p in sorted(directory.glob("*.rq"))}


def get_query(name: str, directory: Path = QUERIES_DIR) -> StoredQuery:
    path = directory / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.rq")))
        raise InputError(
            f"no stored query {name!r} in {directory} (known: {known}); see `wardkg query --list`"
        )
    return parse_stored_query(path)


# --- parameters ------------------------------------------------------------------------------------

_IRI_OK = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')
_SDG_CODE = re.compile(r"^(?:[1-9]|1[0-7])(?:\.(?:[1-9]|1[0-9]|[a-z]))?$")


def _expand_iri(value: str) -> URIRef:
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    prefix, colon, rest = v.partition(":")
    if colon and prefix in PREFIXES and not rest.startswith("//"):
        v = str(PREFIXES[prefix]) + rest
    if not _IRI_OK.match(v) or ":" not in v:
        raise InputError(f"{value!r} is not an IRI (give <https://…> or a prefixed name such as wkid:13120)")
    return URIRef(v)


def coerce_param(param: Param, value: str) -> Term:
    """Turn the user's text *value* into the RDF term *param* declares."""
    t = param.type
    try:
        if t == "iri":
            return _expand_iri(value)
        if t == "string":
            return Literal(value)
        if t == "ja":
            return Literal(value.strip(), lang="ja")
        if t == "text":
            return Literal(match_key(value))
        if t == "integer":
            return Literal(int(value), datatype=XSD.integer)
        if t == "decimal":
            return Literal(Decimal(value), datatype=XSD.decimal)
        if t == "ward":
            v = value.strip()
            return ward_iri(v) if re.fullmatch(r"\d{5}", v) else _expand_iri(v)
        if t == "sdg":
            v = value.strip().removeprefix("SDG").removeprefix("sdg").strip()
            return sdg_iri(v) if _SDG_CODE.match(v) else _expand_iri(value)
        if t == "fy":
            v = value.strip()
            if re.fullmatch(r"(?:FY)?\d{4}", v):
                return fiscal_year_iri(int(v.removeprefix("FY")))
            if "年度" in v:
                return fiscal_year_iri(parse_fiscal_year(v))
            return _expand_iri(v)
    except (ValueError, InvalidOperation, FiscalYearError) as exc:
        raise InputError(f"parameter {param.name}: {value!r} is not {PARAM_TYPES[t]}") from exc
    raise InputError(f"parameter {param.name}: unknown type {t!r}")


def bind_params(query: StoredQuery, given: Mapping[str, str]) -> dict[str, Term]:
    """The pre-bound variables for *query*: given values, else defaults; ``any`` leaves a variable free."""
    for name in given:
        query.param(name)  # unknown names are an error, not silently ignored
    out: dict[str, Term] = {}
    for p in query.params:
        if p.name in given:
            out[p.name] = coerce_param(p, given[p.name])
        elif p.required:
            raise InputError(f"query {query.name!r} needs --param {p.name}=… ({p.description})")
        elif p.default != ANY:
            out[p.name] = coerce_param(p, p.default)
    return out


def parse_param_args(items: Iterable[str]) -> dict[str, str]:
    """``["ward=13120", "fy=2024"]`` → dict; a missing ``=`` is a usage error."""
    out: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise InputError(f"--param expects name=value, got {item!r}")
        out[name.strip()] = value
    return out


# --- VALUES injection (for engines that only take query text) -------------------------------------

_TOKEN_SKIP = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<where>(?<![\w:?$])WHERE(?![\w:]))
    | (?P<brace>\{)
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)


def where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's outermost WHERE group (comments, strings, IRIs skipped)."""
    seen_where = False
    first_brace: int | None = None
    for m in _TOKEN_SKIP.finditer(text):
        if m.lastgroup == "where":
            seen_where = True
        elif m.lastgroup == "brace":
            if seen_where:
                return m.start()
            if first_brace is None:
                first_brace = m.start()
    if first_brace is None:
        raise InputError("the query has no WHERE group to bind parameters in")
    return first_brace


def ascii_escape(text: str) -> str:
    """Non-ASCII characters as SPARQL ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes.

    Why: Virtuoso mis-decodes non-ASCII characters in the query text (a GROUP_CONCAT separator 、 came
    back as ?); escapes are plain ASCII and every SPARQL 1.1 parser decodes them (SPARQL 1.1 §19.2).
    """
    return "".join(
        ch if ord(ch) < 128 else (f"\\u{ord(ch):04X}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08X}")
        for ch in text
    )


def values_block(bindings: Mapping[str, Term]) -> str:
    """A one-row VALUES block; each value is written by its term's own N-Triples serialiser."""
    names = sorted(bindings)
    cells = []
    for n in names:
        term = bindings[n]
        if isinstance(term, URIRef) and not _IRI_OK.match(str(term)):
            raise InputError(f"parameter {n}: {str(term)!r} is not a valid IRI")
        if isinstance(term, BNode):
            raise InputError(f"parameter {n}: blank nodes cannot be bound")
        cells.append(ascii_escape(term.n3()))
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(cells) + ") }"


def inject_values(text: str, bindings: Mapping[str, Term], pushdown: bool = True) -> str:
    """*text* with a VALUES block for *bindings* as the first element of its WHERE group, repeated inside
    the sub-SELECTs it can restrict without changing the rows (:func:`wardkg.pushdown.pushdown_points`)."""
    if not bindings:
        return text
    for n in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise InputError(f"{n!r} is not a SPARQL variable name")
    where = where_brace(text)
    # the block also goes into every sub-SELECT that projects a bound variable where that gives the same
    # rows (wardkg.pushdown): otherwise the sub-SELECT is evaluated over the whole graph first
    points = pushdown_points(text, bindings, where) if pushdown else []
    inserts = [(at, frozenset(names)) for at, names in points]
    inserts.append((where + 1, frozenset(bindings)))
    for pos, names in sorted(inserts, reverse=True):
        block = values_block({n: bindings[n] for n in names})
        text = text[:pos] + "\n  " + block + "\n" + text[pos:]
    return text


# --- results ---------------------------------------------------------------------------------------


@dataclass
class ResultTable:
    """A SELECT result: variable names and rows of RDF terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [r[i] for r in self.rows]

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, r, strict=True)) for r in self.rows]


class Engine(Protocol):
    """Something that answers SPARQL SELECT queries with pre-bound variables.

    *ward_scope* (a ward code, from :func:`ward_scope`) asks the engine to evaluate the query on that
    ward's graphs only (:func:`wardkg.scope.ward_graphs`); the rows are the same, the work is one ward's.
    An engine may ignore it.
    """

    def select(
        self, text: str, bindings: Mapping[str, Term], ward_scope: str | None = None
    ) -> ResultTable: ...


class RdflibEngine:
    """rdflib's own SPARQL engine over an rdflib Graph (the reference the embedded store is compared with).

    It ignores *ward_scope*: a plain Graph has no named graphs to restrict to, and the rows are the same.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, text: str, bindings: Mapping[str, Term], ward_scope: str | None = None) -> ResultTable:
        try:
            res = self.graph.query(text, initBindings={Variable(k): v for k, v in bindings.items()})
        except Exception as exc:  # rdflib raises pyparsing errors and plain Exceptions
            raise InputError(f"SPARQL error (rdflib): {exc}") from exc
        if res.type != "SELECT":
            raise InputError("only SELECT queries are supported")
        variables = [str(v) for v in res.vars or []]
        rows = [tuple(_norm_term(row[i]) for i in range(len(variables))) for row in res]  # type: ignore[index]
        return ResultTable(variables, rows)


def _norm_term(term: object) -> Term | None:
    """Engine-neutral term: xsd:string literals become plain literals, language tags lower-case."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.language:
            return Literal(str(term), lang=term.language.lower())
        return term
    if isinstance(term, URIRef | BNode):
        return term
    raise InputError(f"unexpected result term {term!r}")


LIST_SEPARATOR = "|"
"""What list columns are joined with in the query text (GROUP_CONCAT separator): ASCII, because Virtuoso
mangles a non-ASCII separator; the runner re-joins the sorted parts with the column's declared separator."""


def postprocess(query: StoredQuery | None, table: ResultTable) -> ResultTable:
    """Sort the parts of list columns (declared ``name[sep]`` in ``# columns:``) so rows are engine-independent.

    The query joins a list column with ``"|"`` (LIST_SEPARATOR); the parts are split, stripped, sorted,
    de-duplicated and joined again with the declared separator (``、``, `` | ``, a space).
    """
    if query is None:
        return table
    seps = {c.name: c.separator for c in query.columns if c.separator}
    if not seps:
        return table
    idx = {i: seps[v] for i, v in enumerate(table.variables) if v in seps}
    rows = []
    for row in table.rows:
        cells = list(row)
        for i, sep in idx.items():
            cell = cells[i]
            if isinstance(cell, Literal):
                parts = sorted({part.strip() for part in str(cell).split(LIST_SEPARATOR) if part.strip()})
                cells[i] = Literal(sep.join(parts))
        rows.append(tuple(cells))
    return ResultTable(table.variables, rows)


def ward_scope(query: StoredQuery, bindings: Mapping[str, Term]) -> str | None:
    """The ward whose graphs *query* may run on: the code of its bound ``ward`` parameter, unless the
    query's scope is ``all`` or the value is not a ward IRI (then None: every graph)."""
    if query.scope != "ward":
        return None
    param = next((p for p in query.params if p.name == "ward" and p.type == "ward"), None)
    if param is None or "ward" not in bindings:
        return None
    return ward_code(bindings["ward"])


def run_query(
    engine: Engine,
    query: StoredQuery | str,
    params: Mapping[str, str] | None = None,
    scoped: bool = True,
) -> ResultTable:
    """Run a stored query (with user parameters) or an ad-hoc query text on *engine*.

    A stored query given a ``ward`` runs on that ward's graphs (:func:`ward_scope`) — the ``ward`` value
    is bound as well, so the rows are those of the whole dataset; *scoped* = False runs it on every
    graph (the tests and the benchmark compare both).
    """
    if isinstance(query, str):
        if params:
            raise InputError("ad-hoc queries take no --param (write the values into the query)")
        return engine.select(query, {})
    bindings = bind_params(query, params or {})
    scope = ward_scope(query, bindings) if scoped else None
    table = engine.select(query.text, bindings, scope) if scope else engine.select(query.text, bindings)
    return postprocess(query, table)


# --- formatting ------------------------------------------------------------------------------------

_NUMERIC = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger,
    XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
    XSD.unsignedByte, XSD.decimal, XSD.double, XSD.float,
}  # fmt: skip


def term_text(term: Term | None) -> str:
    """The cell text of a term: IRIs as is, literals by lexical form, numbers in canonical decimal form.

    Why canonical numbers: engines write the same sum as ``2501000``, ``2501000.0`` or ``2.501E6``; users
    and the cross-engine tests both want one spelling.
    """
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        try:
            d = Decimal(str(term))
        except InvalidOperation:
            return str(term)
        if d == d.to_integral_value():
            return str(int(d))
        return format(d.normalize(), "f")
    return str(term)


def compact(term: Term | None) -> str:
    """Cell text for tables: IRIs shortened with wardkg's prefixes (``wkid:13120/plan/…``)."""
    if isinstance(term, URIRef):
        s = str(term)
        best, short = "", s
        for prefix, ns in PREFIXES.items():
            base = str(ns)
            if s.startswith(base) and len(base) > len(best):
                best, short = base, f"{prefix}:{s[len(base) :]}"
        return short
    return term_text(term)


def display_width(text: str) -> int:
    """Terminal columns *text* takes: wide (W) and full-width (F) characters count two, combining marks zero."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def format_table(table: ResultTable) -> str:
    """An aligned text table; Japanese (wide) characters are counted as two columns; numbers right-aligned."""
    cells = [[compact(t).replace("\n", " ") for t in row] for row in table.rows]
    numeric = [
        bool(table.rows)
        and all(t is None or (isinstance(t, Literal) and t.datatype in _NUMERIC) for t in col)
        for col in zip(*table.rows, strict=True)
    ] or [False] * len(table.variables)
    widths = [display_width(v) for v in table.variables]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(_pad(v, w, False) for v, w in zip(table.variables, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        lines.append("  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, numeric, strict=True)).rstrip())
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_csv(table: ResultTable, delimiter: str = ",") -> str:
    """SPARQL 1.1 CSV results (RFC 4180, UTF-8): header of variable names, then lexical forms."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(table.variables)
    for row in table.rows:
        w.writerow([term_text(t) for t in row])
    return buf.getvalue()


def _tsv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        return term_text(term)
    if isinstance(term, Literal):
        return term.n3()
    return term.n3()


def format_tsv(table: ResultTable) -> str:
    """SPARQL 1.1 TSV results: variables as ``?name``, terms in Turtle/N-Triples syntax."""
    lines = ["\t".join("?" + v for v in table.variables)]
    lines += ["\t".join(_tsv_cell(t) for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def format_json(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [
        {v: _json_term(t) for v, t in zip(table.variables, row, strict=True) if t is not None}
        for row in table.rows
    ]
    doc = {"head": {"vars": table.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


FORMATS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(table: ResultTable, fmt: str) -> str:
    try:
        return FORMATS[fmt](table)
    except KeyError:
        raise InputError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})") from None


def parse_json_results(doc: Mapping[str, object]) -> ResultTable:
    """SPARQL JSON results (from a remote endpoint) → ResultTable with engine-neutral terms."""
    head = doc.get("head")
    results = doc.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise InputError("the endpoint's answer is not SPARQL JSON results (no head/results)")
    variables = [str(v) for v in head.get("vars", [])]
    rows = []
    for b in results.get("bindings", []):
        row: list[Term | None] = []
        for v in variables:
            cell = b.get(v)
            row.append(None if cell is None else _from_json(cell))
        rows.append(tuple(row))
    return ResultTable(variables, rows)


def _from_json(cell: Mapping[str, str]) -> Term | None:
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        dt = cell.get("datatype")
        if lang:
            return _norm_term(Literal(value, lang=lang))
        return _norm_term(Literal(value, datatype=URIRef(dt) if dt else None))
    raise InputError(f"unknown term type {kind!r} in the endpoint's answer")


def row_key(row: Sequence[Term | None]) -> tuple[tuple[str, str, str], ...]:
    """A comparison key for one row: kind, canonical text and language of each cell.

    Numbers compare by value (engines differ in the numeric datatype of a SUM); everything else exactly.
    """
    out = []
    for t in row:
        if t is None:
            out.append(("unbound", "", ""))
        elif isinstance(t, Literal) and t.datatype in _NUMERIC:
            out.append(("number", term_text(t), ""))
        elif isinstance(t, Literal):
            out.append(("literal", str(t), (t.language or "") + "|" + str(t.datatype or "")))
        else:
            out.append((type(t).__name__, str(t), ""))
    return tuple(out)
