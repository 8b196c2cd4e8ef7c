"""The human review file (data/sdg/review.csv) and how it overrides the automatic links.

Why a CSV: reviewers are policy staff with a spreadsheet. Columns (header required):
``element`` (the element IRI), ``code`` (goal ``13`` or target ``13.2``), ``verdict`` (``approve`` |
``reject`` | ``add``), ``reviewer``, ``date`` (YYYY-MM-DD), ``note``.

Reviewed links win and survive re-runs because the review is applied *after* linking, every time:
* approve / add → the annotation ``<element>/sdg/<code>`` (created if missing, confidence 1) gets
  ``wk:linkMethod wk:ManualReview``, ``wk:reviewVerdict wk:Accepted``, ``wk:reviewer``, ``wk:reviewDate``,
  and the element ``wk:contributesTo`` the code and (for a target) its goal;
* reject → ``wk:ManualReview``, ``wk:Rejected``, and the element's ``wk:contributesTo`` the code is
  removed (for a goal, also its targets').
Rows about elements that the links graph does not cover (another source's graph) are left for that graph.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from wardkg.errors import SourceFormatError
from wardkg.namespaces import OA, WK, sdg_iri
from wardkg.sdg.lexicon import is_code
from wardkg.sources import DATA_DIR

REVIEW_CSV = DATA_DIR / "sdg" / "review.csv"
COLUMNS = ("element", "code", "verdict", "reviewer", "date", "note")
VERDICTS = ("approve", "reject", "add")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ReviewRow:
    element: URIRef
    code: str
    verdict: str
    reviewer: str
    date: str
    note: str
    line: int


def load_review(path: Path = REVIEW_CSV) -> list[ReviewRow]:
    """Read and check the review file; a bad row raises SourceFormatError (file, line, what was expected)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    rows: list[ReviewRow] = []
    header: tuple[str, ...] | None = None
    for lineno, cols in enumerate(reader, start=1):
        if not cols or all(not c.strip() for c in cols) or cols[0].startswith("#"):
            continue
        if header is None:
            header = tuple(c.strip() for c in cols)
            if header != COLUMNS:
                raise SourceFormatError(path, lineno, "the header " + ",".join(COLUMNS), ",".join(cols))
            continue
        if len(cols) != len(COLUMNS):
            raise SourceFormatError(path, lineno, f"{len(COLUMNS)} columns", ",".join(cols))
        element, code, verdict, reviewer, date, note = (c.strip() for c in cols)
        if not element.startswith(("http://", "https://")):
            raise SourceFormatError(path, lineno, "an element IRI (https://w3id.org/wardkg/id/…)", element)
        if not is_code(code):
            raise SourceFormatError(path, lineno, "an SDG goal or target code (13, 13.2)", code)
        if verdict not in VERDICTS:
            raise SourceFormatError(path, lineno, "verdict approve, reject or add", verdict)
        if not reviewer:
            raise SourceFormatError(path, lineno, "a reviewer name", ",".join(cols))
        if not _DATE.match(date):
            raise SourceFormatError(path, lineno, "a date YYYY-MM-DD", date)
        rows.append(ReviewRow(URIRef(element), code, verdict, reviewer, date, note, lineno))
    return rows


def covered_elements(links: Graph) -> set[URIRef]:
    """Elements this links graph speaks for (those the linker considered)."""
    return {s for s in links.subjects(WK.sdgProposalCount, None) if isinstance(s, URIRef)}


def _goal_of(code: str) -> str:
    return code.split(".")[0]


def apply_rows(links: Graph, rows: list[ReviewRow]) -> Graph:
    """A copy of *links* with the review rows applied (rows in file order; later rows win)."""
    out = Graph()
    for prefix, ns in links.namespaces():
        out.bind(prefix, ns, override=True)
    for t in links:
        out.add(t)
    covered = covered_elements(links)
    for row in rows:
        if row.element not in covered:
            continue
        ann = URIRef(f"{row.element}/sdg/{row.code}")
        body = sdg_iri(row.code)
        if (ann, RDF.type, OA.Annotation) not in out:
            if row.verdict == "reject":
                continue
            out.add((ann, RDF.type, OA.Annotation))
            out.add((ann, OA.hasTarget, row.element))
            out.add((ann, OA.hasBody, body))
            out.add((ann, OA.motivatedBy, OA.classifying))
        out.set((ann, WK.linkMethod, WK.ManualReview))
        out.set((ann, WK.reviewer, Literal(row.reviewer)))
        out.set((ann, WK.reviewDate, Literal(row.date, datatype=XSD.date)))
        if row.note:
            out.set((ann, WK.reviewNote, Literal(row.note, lang="ja")))
        if row.verdict in ("approve", "add"):
            out.set((ann, WK.reviewVerdict, WK.Accepted))
            out.set((ann, WK.confidence, Literal("1.000", datatype=XSD.decimal)))
            out.add((row.element, WK.contributesTo, body))
            out.add((row.element, WK.contributesTo, sdg_iri(_goal_of(row.code))))
        else:
            out.set((ann, WK.reviewVerdict, WK.Rejected))
            out.remove((row.element, WK.contributesTo, body))
            if "." not in row.code:
                for o in list(out.objects(row.element, WK.contributesTo)):
                    if str(o).startswith(str(body) + "."):
                        out.remove((row.element, WK.contributesTo, o))
    return out


def apply_review(links: Graph, review_csv: Path = REVIEW_CSV) -> Graph:
    """Apply the review file to one links graph (what the build calls after :func:`link_graph`)."""
    return apply_rows(links, load_review(review_csv))


def orphan_rows(rows: list[ReviewRow], covered: set[URIRef]) -> list[ReviewRow]:
    """Rows whose element no links graph covers (renamed or removed elements): to report, never to drop silently."""
    return [r for r in rows if r.element not in covered]
