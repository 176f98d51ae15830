"""Validate a graph against the SHACL shapes in ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .errors import QueryError, ValidationFailed
from .query import FORMATS_BY_SUFFIX, Term, compact
from .resources import ontology_path
from .vocab import ontology_graph


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    path: str
    message: str
    severity: str
    value: str = ""

    def __str__(self) -> str:
        where = f" (path {self.path})" if self.path else ""
        node = f" node {self.value}" if self.value and self.value != self.focus else ""
        return f"{self.severity}: {self.focus}{where}{node}: {self.message} [shape {self.shape}]"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    path = ontology_path("shapes.ttl")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:
        raise ValidationFailed("E502", path=path, detail=str(exc).splitlines()[0]) from exc
    return graph


_SHAPES_NS = "https://w3id.org/kg-cn/shapes#"


def _show(node) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        if str(node).startswith(_SHAPES_NS):
            return "kgsh:" + str(node)[len(_SHAPES_NS):]
        return compact(Term("uri", str(node)))
    return str(node)


def validate_graph(graph: Graph) -> list[Violation]:
    """All SHACL results for ``graph`` (empty when it conforms); ``graph`` is left as it was.

    pyshacl mixes the ontology into the data graph (for subclass targets).  Copying a large
    graph for that costs more than the validation itself, so it works in place and the
    ontology triples it added are taken out again afterwards."""
    import pyshacl

    ontology = ontology_graph()
    added = [triple for triple in ontology if triple not in graph]
    try:
        _, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph(), ont_graph=ontology,
                                        inference="none", advanced=True, allow_warnings=True,
                                        inplace=True)
    finally:
        for triple in added:
            graph.remove(triple)
    out: list[Violation] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        if shape is not None and not isinstance(shape, URIRef):
            # A property shape is a blank node: name the node shape that holds it.
            owner = shapes_graph().value(predicate=SH.property, object=shape)
            shape = owner if owner is not None else shape
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        out.append(Violation(
            focus=_show(report.value(result, SH.focusNode)),
            shape=_show(shape) if isinstance(shape, URIRef) else "(anonymous)",
            path=_show(report.value(result, SH.resultPath)),
            message=str(message) if message else "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            value=_show(report.value(result, SH.value))))
    return sorted(out, key=lambda v: (v.focus, v.shape, v.path, v.message))


def load_graph(path: str | Path) -> Graph:
    path = Path(path)
    if not path.exists():
        raise QueryError("E302", path=path, detail="no such file")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise QueryError("E302", path=path, detail="expected a .ttl, .nt or .jsonld file")
    graph = Graph()
    try:
        graph.parse(str(path), format=fmt)
    except Exception as exc:
        raise QueryError("E302", path=path, detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    return graph
