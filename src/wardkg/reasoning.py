"""OWL reasoning for wardkg: a HermiT consistency check, and the entailments the queries rely on.

Two jobs, two tools:

* :func:`check_consistency` asks HermiT (through owlready2, needs Java) whether the ontology — and,
  optionally, data — is consistent and which classes are unsatisfiable. This is the proof that the axioms
  of ontology/wardkg.ttl (disjoint classes, functional properties, property chains, enumerations) do not
  contradict each other, and the check that fails when data types a node in two disjoint classes.
  owlready2 does not read Turtle and HermiT refuses datatypes outside the OWL 2 datatype map (xsd:date,
  xsd:gYear; FINDINGS.md), so the files are converted to N-Triples through a *reasoner view* that drops
  such literals and types individuals as owl:NamedIndividual (owlready2 ignores untyped ones).

* :func:`materialise` computes, in plain Python, only the entailments the stored queries need: the
  transitive closure of wk:partOf, wk:inPlan through the chain wk:hasParent ∘ wk:inPlan, wk:municipality
  through wk:inPlan ∘ wk:issuedBy and wk:issuedBy ⊑ wk:municipality, the closure of ORG's transitive
  org:transitiveSubOrganizationOf, and rdf:type up the wk:/org: class hierarchy. The rules are read from
  the ontology (rdfs:subPropertyOf, owl:TransitiveProperty, owl:propertyChainAxiom, rdfs:subClassOf), so
  the code follows the ontology rather than repeating it. owlrl computes the full OWL 2 RL closure but is
  slow on graphs of this size (43 s at 100 k triples, FINDINGS.md); :func:`owlrl_entailments` runs it for
  the cross-check test on a small graph, which proves both give the same triples for these properties.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import ORG, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from wardkg.errors import InputError, WardkgError
from wardkg.namespaces import WK
from wardkg.sources import PROJECT_ROOT

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "wardkg.ttl"
EXTERNAL_TERMS_PATH = ONTOLOGY_DIR / "imports" / "external-terms.ttl"
DEFAULT_ONTOLOGY_PATHS: tuple[Path, ...] = (ONTOLOGY_PATH, EXTERNAL_TERMS_PATH)
"""The ontology and the declarations of the external terms it uses (ontology/imports/README.md)."""

ONTOLOGY_IRI = "https://w3id.org/wardkg/ontology"

RDF_PLAIN_LITERAL = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral")
RDF_LANG_STRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")

OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    [OWL.real, OWL.rational, RDF.XMLLiteral, RDF_PLAIN_LITERAL]
    + [
        XSD[name]
        for name in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
            "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
            "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
            "dateTime dateTimeStamp"
        ).split()
    ]
)
"""The OWL 2 datatype map (OWL 2 Structural Specification §4). HermiT rejects anything else."""

MATERIALISED_PROPERTIES: tuple[URIRef, ...] = (
    WK.partOf,
    WK.inPlan,
    WK.municipality,
    ORG.transitiveSubOrganizationOf,
)
"""The properties whose entailed triples :func:`materialise` returns (besides rdf:type)."""

TYPE_NAMESPACES: tuple[str, ...] = (str(WK), str(ORG))
"""rdf:type is materialised only up to classes in these namespaces (what the queries ask for)."""


class ReasonerUnavailable(WardkgError):
    """No Java runtime, so HermiT cannot run. Tests turn this into a visible skip."""


class ReasonerError(WardkgError):
    """HermiT ran but failed for another reason than an inconsistency (its message is attached)."""


@dataclass(frozen=True)
class ReasonerReport:
    """What HermiT found: consistent or not, and the unsatisfiable classes (IRIs, sorted)."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    triples: int
    """Triples given to the reasoner (after the reasoner view)."""
    dropped_literals: int
    """Triples left out because their literal's datatype is outside the OWL 2 datatype map."""
    dropped_datatypes: tuple[str, ...] = field(default=())
    files: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Consistent and no class is unsatisfiable."""
        return self.consistent and not self.unsatisfiable

    def summary(self) -> str:
        """A one-paragraph readable verdict."""
        if not self.consistent:
            verdict = "INCONSISTENT: no model satisfies these axioms and facts"
        elif self.unsatisfiable:
            verdict = "consistent, but unsatisfiable classes: " + ", ".join(self.unsatisfiable)
        else:
            verdict = "consistent, no unsatisfiable class"
        note = ""
        if self.dropped_literals:
            note = (
                f"; {self.dropped_literals} literal(s) left out (datatypes outside the OWL 2 map: "
                f"{', '.join(self.dropped_datatypes)})"
            )
        return f"HermiT: {verdict} ({self.triples} triples from {len(self.files)} file(s){note})"


# --- loading -----------------------------------------------------------------------------------------


def load_graph(paths: Iterable[Path | str]) -> Graph:
    """Parse RDF files into one graph; a file that does not parse is an InputError naming the file."""
    g = Graph()
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        fmt = "turtle" if path.suffix == ".ttl" else None
        try:
            g.parse(str(path), format=fmt)
        except Exception as exc:  # rdflib raises several unrelated types; each names the line
            raise InputError(f"{path}: does not parse as RDF: {exc}") from exc
    return g


@lru_cache(maxsize=4)
def _ontology_cached(paths: tuple[str, ...]) -> Graph:
    return load_graph(paths)


def default_ontology() -> Graph:
    """The ontology with its external-term declarations (cached; treat as read-only)."""
    return _ontology_cached(tuple(str(p) for p in DEFAULT_ONTOLOGY_PATHS))


def external_terms() -> Graph:
    """ontology/imports/external-terms.ttl alone (cached; treat as read-only)."""
    return _ontology_cached((str(EXTERNAL_TERMS_PATH),))


# --- HermiT ------------------------------------------------------------------------------------------

_META_NAMESPACES = (str(OWL), str(RDF), str(RDFS))
ANNOTATION_BUILTINS: frozenset[Node] = frozenset(
    [RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated]
)
"""The annotation properties OWL 2 itself declares (the view drops their assertions too)."""


def reasoner_view(g: Graph) -> tuple[Graph, int, tuple[str, ...]]:
    """A copy of *g* that owlready2 + HermiT accept: no out-of-map literals, individuals declared.

    Annotation assertions (rdfs:label, skos:definition, dct:title, wk:evidence, …) are left out: they
    carry no logical meaning, so the verdict is the same, and HermiT has a quarter less to read.

    Returns (view, number of dropped triples, dropped datatypes). Individuals are typed
    owl:NamedIndividual when they are an instance of a non-meta class or the subject or object of a
    declared object property: owlready2 ignores individuals without that declaration (FINDINGS.md).
    """
    declared_datatypes = set(g.subjects(RDF.type, RDFS.Datatype))
    allowed = OWL2_DATATYPES | declared_datatypes
    view = Graph()
    dropped = 0
    dropped_types: set[str] = set()
    annotation_props: set[Node] = set(g.subjects(RDF.type, OWL.AnnotationProperty)) | ANNOTATION_BUILTINS
    object_props: set[Node] = set(g.subjects(RDF.type, OWL.ObjectProperty))
    for prop in list(object_props):
        object_props.update(n for n in g.transitive_subjects(RDFS.subPropertyOf, prop) if n is not None)
    individuals: set[URIRef] = set()
    for s, p, o in g:
        if p in annotation_props:
            continue  # no logical meaning in OWL 2; labels and SDG evidence are most of the data
        if isinstance(o, Literal):
            dt = o.datatype
            if dt is not None and dt not in allowed and dt != RDF_LANG_STRING:
                dropped += 1
                dropped_types.add(str(dt))
                continue
        view.add((s, p, o))
        if p == RDF.type and isinstance(s, URIRef) and not str(o).startswith(_META_NAMESPACES):
            individuals.add(s)
        elif p in object_props:
            for node in (s, o):
                if isinstance(node, URIRef):
                    individuals.add(node)
    for ind in individuals:
        view.add((ind, RDF.type, OWL.NamedIndividual))
    return view, dropped, tuple(sorted(dropped_types))


def java_executable() -> str:
    """The Java that owlready2 will run, or raise ReasonerUnavailable with what to do about it."""
    import owlready2

    exe = str(owlready2.JAVA_EXE)
    found = shutil.which(exe) or (exe if os.path.isfile(exe) and os.access(exe, os.X_OK) else None)
    if found is None:
        raise ReasonerUnavailable(
            f"no Java runtime found (looked for {exe!r}): the HermiT reasoner needs Java 8 or newer; "
            "install it with `make system-deps` (Debian: apt-get install default-jre-headless)"
        )
    return found


def _hermit_classpath() -> str:
    """The HermiT jar that owlready2 bundles (owlready2/hermit/HermiT.jar)."""
    import owlready2

    base = Path(owlready2.__file__).parent / "hermit"
    return os.pathsep.join([str(base), str(base / "HermiT.jar")])


def _run_hermit(nt_path: Path, find_unsatisfiable: bool, timeout: float) -> tuple[bool, tuple[str, ...]]:
    """HermiT's command line: -k (is owl:Thing satisfiable = consistent), -U (classes ≡ owl:Nothing).

    Why not owlready2.sync_reasoner: it always classifies classes, properties *and every individual*
    (-c -O -D -I), which took 219 s on the shipped data against 5 s for the consistency check alone.
    """
    import owlready2

    command = [
        java_executable(),
        f"-Xmx{int(owlready2.reasoning.JAVA_MEMORY)}M",
        "-cp",
        _hermit_classpath(),
        "org.semanticweb.HermiT.cli.CommandLine",
        "-N",
        "-k",
    ]
    if find_unsatisfiable:
        command.append("-U")
    command.append(nt_path.resolve().as_uri())
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReasonerError(f"HermiT did not finish within {timeout:.0f} s") from exc
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        if "InconsistentOntologyException" in output:
            return False, ()
        tail = "\n".join(output.strip().splitlines()[-8:])
        raise ReasonerError(f"HermiT failed (exit {proc.returncode}):\n{tail}")
    if f"{OWL.Thing} is satisfiable" not in proc.stdout:
        return False, ()
    unsatisfiable: list[str] = []
    in_list = False
    for line in proc.stdout.splitlines():
        if line.startswith("Classes equivalent to"):
            in_list = True
        elif in_list and line.startswith("\t"):
            iri = line.strip().strip("<>")
            if iri != str(OWL.Nothing):
                unsatisfiable.append(iri)
        else:
            in_list = False
    return True, tuple(sorted(unsatisfiable))


def check_consistency(
    ontology_paths: Sequence[Path | str] = DEFAULT_ONTOLOGY_PATHS,
    extra_paths: Sequence[Path | str] = (),
    find_unsatisfiable: bool = True,
    timeout: float = 600.0,
) -> ReasonerReport:
    """Run HermiT on the ontology (plus *extra_paths*, e.g. data or a broken example).

    owlready2 loads the reasoner view (converted to N-Triples, since it does not read Turtle) and saves
    what it understood; HermiT (owlready2's bundled jar) checks that file's consistency and, with
    *find_unsatisfiable*, lists the unsatisfiable classes (a classification: skip it for large data).

    Raises InputError for a file that is missing or does not parse, ReasonerUnavailable without Java,
    ReasonerError when HermiT fails for another reason. An inconsistency is a result, not an error.
    """
    files = tuple(str(p) for p in (*ontology_paths, *extra_paths))
    g = load_graph(files)  # bad input is reported before a missing Java
    java_executable()
    import owlready2

    view, dropped, dropped_types = reasoner_view(g)
    data = view.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="wardkg-hermit-") as tmp:
        nt_path = Path(tmp) / "reasoner-view.nt"
        try:
            world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(data), format="ntriples")
            with nt_path.open("wb") as fh:
                world.save(fh, format="ntriples")
        finally:
            world.close()
        consistent, unsatisfiable = _run_hermit(nt_path, find_unsatisfiable, timeout)
    return ReasonerReport(
        consistent=consistent,
        unsatisfiable=unsatisfiable,
        triples=len(view),
        dropped_literals=dropped,
        dropped_datatypes=dropped_types,
        files=files,
    )


# --- materialisation ---------------------------------------------------------------------------------

Pair = tuple[Node, Node]


@dataclass(frozen=True)
class _Rules:
    """The rule base read from the ontology, restricted to what feeds the materialised properties."""

    sub_properties: tuple[tuple[URIRef, URIRef], ...]
    transitive: frozenset[URIRef]
    chains: tuple[tuple[tuple[URIRef, ...], URIRef], ...]
    relevant: frozenset[URIRef]
    super_classes: dict[URIRef, frozenset[URIRef]]


def _rules(ontology: Graph, targets: Sequence[URIRef]) -> _Rules:
    sub_props = sorted(
        (s, o)
        for s, o in ontology.subject_objects(RDFS.subPropertyOf)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o
    )
    transitive = frozenset(
        p for p in ontology.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)
    )
    chains: list[tuple[tuple[URIRef, ...], URIRef]] = []
    for prop, head in ontology.subject_objects(OWL.propertyChainAxiom):
        if not isinstance(prop, URIRef) or not isinstance(head, BNode | URIRef):
            continue
        members = tuple(m for m in Collection(ontology, head) if isinstance(m, URIRef))
        if len(members) >= 2:
            chains.append((members, prop))
    chains.sort()
    # Backward: a property matters if it can produce a triple of a target property.
    relevant = set(targets)
    changed = True
    while changed:
        changed = False
        for s, o in sub_props:
            if o in relevant and s not in relevant:
                relevant.add(s)
                changed = True
        for members, prop in chains:
            if prop in relevant and not relevant.issuperset(members):
                relevant.update(members)
                changed = True
    supers: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub_cls, super_cls in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub_cls, URIRef) and isinstance(super_cls, URIRef):
            supers[sub_cls].add(super_cls)
    closed: dict[URIRef, frozenset[URIRef]] = {}
    for cls in supers:
        seen: set[URIRef] = set()
        stack = list(supers[cls])
        while stack:
            c = stack.pop()
            if c not in seen and c != cls:
                seen.add(c)
                stack.extend(supers.get(c, ()))
        closed[cls] = frozenset(seen)
    return _Rules(
        sub_properties=tuple((s, o) for s, o in sub_props if s in relevant and o in relevant),
        transitive=frozenset(p for p in transitive if p in relevant),
        chains=tuple((m, p) for m, p in chains if p in relevant),
        relevant=frozenset(relevant),
        super_classes=closed,
    )


def _transitive_closure(pairs: set[Pair]) -> set[Pair]:
    succ: dict[Node, set[Node]] = defaultdict(set)
    for s, o in pairs:
        succ[s].add(o)
    out: set[Pair] = set()
    for start in succ:
        seen: set[Node] = set()
        stack = list(succ[start])
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            stack.extend(succ.get(n, ()))
        out.update((start, n) for n in seen)
    return out


def _join(left: set[Pair], right: set[Pair]) -> set[Pair]:
    by_subject: dict[Node, set[Node]] = defaultdict(set)
    for s, o in right:
        by_subject[s].add(o)
    return {(x, z) for x, y in left for z in by_subject.get(y, ())}


def materialise(g: Graph, ontology: Graph | None = None) -> Graph:
    """The entailed triples the queries rely on, that *g* does not already state.

    * wk:partOf — transitive closure, fed by wk:hasParent (⊑ wk:partOf);
    * wk:inPlan — through the chain wk:hasParent ∘ wk:inPlan (children inherit their parent's plan);
    * wk:municipality — wk:issuedBy ⊑ wk:municipality and the chain wk:inPlan ∘ wk:issuedBy;
    * org:transitiveSubOrganizationOf — ORG's transitive super-property of org:subOrganizationOf;
    * rdf:type — every wk:/org: superclass of each asserted type (so a query can ask ``?x a wk:PlanElement``).

    The rules come from *ontology* (default: ontology/wardkg.ttl + imports); the axioms of the external
    vocabularies in ontology/imports (ORG's transitive sub-organisation) are always added, so a caller
    that passes wardkg.ttl alone still gets the organisation closure. Not computed here: types from
    rdfs:domain/range, inverse properties, owl:sameAs — nothing the stored queries need. The result is a
    set of triples, so it is deterministic; add it to the data graph or load it next to it.
    """
    onto = default_ontology() if ontology is None else ontology + external_terms()
    rules = _rules(onto, MATERIALISED_PROPERTIES)
    facts: dict[URIRef, set[Pair]] = {p: set() for p in rules.relevant}
    for p in rules.relevant:
        for s, o in g.subject_objects(p):
            if not isinstance(o, Literal):
                facts[p].add((s, o))

    changed = True
    while changed:
        changed = False
        for sub, sup in rules.sub_properties:
            new = facts[sub] - facts[sup]
            if new:
                facts[sup] |= new
                changed = True
        for prop in sorted(rules.transitive):
            closure = _transitive_closure(facts[prop])
            if not closure <= facts[prop]:
                facts[prop] |= closure
                changed = True
        for members, prop in rules.chains:
            derived = facts[members[0]]
            for m in members[1:]:
                derived = _join(derived, facts[m])
            if not derived <= facts[prop]:
                facts[prop] |= derived
                changed = True

    out = Graph()
    for prop in MATERIALISED_PROPERTIES:
        for s, o in facts.get(prop, ()):
            if (s, prop, o) not in g:
                out.add((s, prop, o))
    for s, cls in g.subject_objects(RDF.type):
        if not isinstance(cls, URIRef):
            continue
        for sup in rules.super_classes.get(cls, ()):
            if str(sup).startswith(TYPE_NAMESPACES) and (s, RDF.type, sup) not in g:
                out.add((s, RDF.type, sup))
    return out


def owlrl_entailments(g: Graph, ontology: Graph | None = None) -> Graph:
    """What owlrl's OWL 2 RL closure entails for the same properties and types as :func:`materialise`.

    Only for cross-checking on small graphs (owlrl is slow). Restricted to nodes of *g* that the ontology
    does not describe, to triples *g* does not state, to MATERIALISED_PROPERTIES and to rdf:type with a
    wk:/org: class.
    """
    import owlrl

    onto = default_ontology() if ontology is None else ontology
    work = Graph()
    for t in onto:
        work.add(t)
    for t in g:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
    onto_subjects = set(onto.subjects())
    wanted = set(MATERIALISED_PROPERTIES)
    out = Graph()
    for s, p, o in work:
        if s in onto_subjects or not isinstance(s, URIRef) or (s, p, o) in g:
            continue
        if p in wanted and not isinstance(o, Literal):
            out.add((s, p, o))
        elif p == RDF.type and isinstance(o, URIRef) and str(o).startswith(TYPE_NAMESPACES):
            out.add((s, p, o))
    return out
