"""Run queries in a separate process so that the time limit is real.

Why a process: pyoxigraph evaluates a query in Rust without releasing control to Python, so a thread
cannot be interrupted; the only way to stop a runaway query is to kill the process running it. Each
request's queries run in a fresh child of a *forkserver* (a small single-threaded process started once):
forking the multi-threaded HTTP server itself could copy a lock held by another thread. The child opens
the store read-only (≈30 ms), answers, and sends the result back through a pipe; the parent waits at most
``timeout`` seconds and kills the child otherwise, so a slow query gets an error and never a partial answer.

Why the row limit lives here too: the child counts solutions (or triples) while reading them and gives up
at ``max_rows + 1``, so a huge answer is refused before it is serialised, and never cut silently.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from wardkg.errors import WardkgError
from wardkg.query import ResultTable, StoredQuery, Term, format_csv, format_json, format_tsv, run_query
from wardkg.server.formats import (
    CONSTRUCT_TYPES,
    CSV,
    JSON_RESULTS,
    RDF_FORMATS,
    RESULT_TYPES,
    TSV,
    XML_RESULTS,
    format_xml,
    negotiate,
)
from wardkg.server.guard import Checked, Refused, check_query
from wardkg.store import OxigraphEngine, from_ox


class QueryRefused(WardkgError):
    """The query could not be answered (its HTTP status travels with it, from the worker to the handler)."""

    status = 500

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class QueryTimeout(QueryRefused):
    status = 503


class ResultTooLarge(QueryRefused):
    status = 422


class ServerBusy(QueryRefused):
    status = 503


class QueryError(QueryRefused):
    """Syntax or evaluation error reported by the engine."""

    status = 400


@dataclass(frozen=True)
class SelectJob:
    """A SELECT written by the server (pages), with parameters bound as RDF terms by the runner."""

    text: str
    bindings: Mapping[str, Term] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredJob:
    """A stored query from queries/ with the user's parameter text (bound by :func:`wardkg.query.run_query`)."""

    query: StoredQuery
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawJob:
    """A SPARQL Protocol request: checked (read-only), negotiated and answered as bytes, all in the worker.

    Why the check runs here too: rdflib's parser is pure Python and a long, nested query can keep it busy;
    in the worker it is bounded by the same time limit as the evaluation. *accept* is the request's Accept
    header, *media_type* an explicit choice (``?format=``) that overrides it.
    """

    text: str
    accept: str | None = None
    media_type: str | None = None
    dataset: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    """The request's RDF dataset (SPARQL 1.1 Protocol §2.1.4): the ``default-graph-uri`` and the
    ``named-graph-uri`` IRIs; None (neither given): the union of all graphs as the default graph."""


Job = SelectJob | StoredJob | RawJob


@dataclass(frozen=True)
class RawResult:
    body: bytes
    media_type: str


def _check_rows(n: int, max_rows: int, what: str) -> None:
    if n > max_rows:
        raise ResultTooLarge(
            f"the answer has more than {max_rows} {what} (the server's limit); add LIMIT or narrow the query"
        )


def _limited_table(table: ResultTable, max_rows: int) -> ResultTable:
    _check_rows(len(table.rows), max_rows, "rows")
    return table


def _media_type(job: RawJob, checked: Checked) -> str:
    offers = CONSTRUCT_TYPES if checked.gives_graph else RESULT_TYPES
    if job.media_type is not None:
        if job.media_type not in offers:
            raise QueryRefused(
                f"{job.media_type} cannot carry a {checked.form} answer; one of {', '.join(offers)}", 406
            )
        return job.media_type
    chosen = negotiate(job.accept, offers)
    if chosen is None:
        raise QueryRefused(
            f"none of the accepted media types can carry a {checked.form} answer: {', '.join(offers)}", 406
        )
    return chosen


def _raw(store: ox.Store, job: RawJob, max_rows: int) -> RawResult:
    try:
        mt = _media_type(job, check_query(job.text))
    except Refused as exc:
        raise QueryRefused(str(exc), exc.status) from None
    try:
        if job.dataset is None:
            res = store.query(job.text, use_default_graph_as_union=True)
        else:
            # as the protocol says (and Oxigraph server does): the dataset is exactly what was named, so
            # named-graph-uri alone leaves the default graph empty, default-graph-uri alone no named graphs
            default, named = job.dataset
            graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(g) for g in default]
            res = store.query(job.text, default_graph=graphs, named_graphs=[ox.NamedNode(g) for g in named])
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"SPARQL evaluation failed: {exc}") from exc
    if isinstance(res, ox.QueryBoolean):
        fmt = {JSON_RESULTS: ox.QueryResultsFormat.JSON, XML_RESULTS: ox.QueryResultsFormat.XML,
               CSV: ox.QueryResultsFormat.CSV, TSV: ox.QueryResultsFormat.TSV}[mt]  # fmt: skip
        return RawResult(res.serialize(format=fmt) or b"", mt)
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows: list[tuple[Term | None, ...]] = []
        for sol in res:
            rows.append(tuple(from_ox(sol[v]) for v in variables))
            _check_rows(len(rows), max_rows, "rows")
        table = ResultTable(variables, rows)
        text = {JSON_RESULTS: format_json, XML_RESULTS: format_xml, CSV: format_csv, TSV: format_tsv}[mt](
            table
        )
        return RawResult(text.encode("utf-8"), mt)
    triples: list[Any] = []
    for t in res:
        triples.append(t)
        _check_rows(len(triples), max_rows, "triples")
    from wardkg.namespaces import PREFIXES

    prefixes = {k: str(v) for k, v in PREFIXES.items()} if RDF_FORMATS[mt] != "nt" else None
    body = ox.serialize(triples, format=_ox_rdf_format(mt), prefixes=prefixes)
    return RawResult(body or b"", mt)


def _ox_rdf_format(media_type: str) -> ox.RdfFormat:
    return {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES}[
        RDF_FORMATS[media_type]
    ]


def answer(store: ox.Store, jobs: Sequence[Job], max_rows: int) -> list[ResultTable | RawResult]:
    """Answer *jobs* on *store* (in whatever process calls it); raises QueryRefused / WardkgError."""
    engine = OxigraphEngine(store)
    out: list[ResultTable | RawResult] = []
    for job in jobs:
        if isinstance(job, RawJob):
            out.append(_raw(store, job, max_rows))
        elif isinstance(job, StoredJob):
            out.append(_limited_table(run_query(engine, job.query, job.params), max_rows))
        else:
            out.append(_limited_table(engine.select(job.text, job.bindings), max_rows))
    return out


def _child(store_path: str, jobs: Sequence[Job], max_rows: int, conn: Connection) -> None:
    """Entry point of the worker process: answer, then send ("ok", results) or (error class name, message)."""
    try:
        store = ox.Store.read_only(store_path)
        conn.send(("ok", answer(store, jobs, max_rows)))
    except QueryRefused as exc:
        conn.send((exc.status, str(exc)))
    except WardkgError as exc:  # bad parameter values, engine errors
        conn.send((400, str(exc)))
    except Exception as exc:  # anything else is still reported, never a hang
        conn.send((500, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Executor:
    """Runs jobs in killable worker processes, at most *max_workers* at a time, each within *timeout*."""

    def __init__(self, store_path: Path, timeout: float, max_rows: int, max_workers: int = 4) -> None:
        self.store_path = str(store_path)
        self.timeout = timeout
        self.max_rows = max_rows
        self._slots = threading.BoundedSemaphore(max_workers)
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["wardkg.server.worker"])

    def run(self, jobs: Sequence[Job]) -> list[ResultTable | RawResult]:
        if not self._slots.acquire(timeout=self.timeout):
            raise ServerBusy(
                f"the server is busy (all query workers in use for {self.timeout:g} s); try again"
            )
        try:
            return self._run(jobs)
        finally:
            self._slots.release()

    def _run(self, jobs: Sequence[Job]) -> list[ResultTable | RawResult]:
        recv, send = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(
            target=_child, args=(self.store_path, list(jobs), self.max_rows, send), daemon=True
        )
        proc.start()
        send.close()
        try:
            if not recv.poll(self.timeout):
                proc.kill()
                raise QueryTimeout(
                    f"the query ran longer than the time limit of {self.timeout:g} s and was stopped "
                    "(no partial answer is given)"
                )
            try:
                status, payload = recv.recv()
            except EOFError:
                raise QueryRefused("the query worker died without an answer (out of memory?)") from None
        finally:
            recv.close()
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        if status == "ok":
            results: list[ResultTable | RawResult] = payload
            return results
        raise QueryRefused(str(payload), int(status))

    def tables(self, jobs: Sequence[SelectJob | StoredJob]) -> list[ResultTable]:
        """Like :meth:`run` for jobs that give tables (pages)."""
        out = []
        for r in self.run(jobs):
            assert isinstance(r, ResultTable)
            out.append(r)
        return out
