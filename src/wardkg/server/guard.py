"""Read-only check of a SPARQL request, done on the parse tree (never by looking for words in the text).

Why a parser: ``SERVICE`` or ``LOAD`` may appear harmlessly in a string literal, an IRI or a comment, and a
real SERVICE clause may be spelt ``service`` or follow a newline. rdflib's SPARQL 1.1 grammar gives the
query form and every ``ServiceGraphPattern`` node; an update (including LOAD, which is an update
operation) does not parse as a query at all, but does parse as an update — that is how updates sent as
``query=`` are recognised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue


class Refused(Exception):
    """The request is not allowed on this read-only endpoint (HTTP *status*, message for the user)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class Checked:
    """A query that may run: its form (SELECT, ASK, CONSTRUCT or DESCRIBE)."""

    form: str

    @property
    def gives_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, dict):  # CompValue is an OrderedDict
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for v in node:
            yield from _walk(v)


def _update_ops(text: str) -> list[str] | None:
    """The operation names if *text* is a SPARQL Update (``Load``, ``InsertData`` …), else None."""
    try:
        tree = parseUpdate(text)
    except Exception:  # pyparsing's ParseException and rdflib's plain Exceptions alike
        return None
    requests: list[Any] = list(tree["request"]) if "request" in tree else []
    return [n.name for n in requests if isinstance(n, CompValue)]


def check_query(text: str) -> Checked:
    """The query's form if it may run here; :class:`Refused` for updates, LOAD, SERVICE and syntax errors."""
    if not text.strip():
        raise Refused(400, "empty query")
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        ops = _update_ops(text)
        if ops:
            names = ", ".join(sorted(set(ops)))
            raise Refused(403, f"this endpoint is read-only: SPARQL Update ({names}) is refused") from None
        raise Refused(400, f"SPARQL syntax error: {exc}") from None
    except Exception as exc:  # rdflib raises plain Exceptions for e.g. undefined prefixes
        raise Refused(400, f"SPARQL error: {exc}") from None
    form = ""
    for node in _walk(tree):
        if isinstance(node, CompValue):
            if node.name in FORMS and not form:
                form = FORMS[node.name]
            if node.name == "ServiceGraphPattern":
                raise Refused(
                    403,
                    f"SERVICE (federated query to {node.get('term')}) is refused: this endpoint only answers "
                    "from its own graph",
                )
    if not form:
        raise Refused(400, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return Checked(form)
