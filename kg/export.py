"""Export stage: write a graph in each registered format, atomically and reproducibly.

The writers are our own, not rdflib's serialisers: they sort triples, so the same
graph always gives the same bytes, and they are fast enough for millions of
triples.  Every file is written to a temporary file beside its target and renamed
into place, so a failed build leaves earlier outputs intact.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from .errors import OutputError
from .vocab import PREFIXES

Triple = tuple  # (subject, predicate, object) rdflib terms

#: name -> (file name, writer(sorted triples) -> bytes)
EXPORTERS: dict[str, tuple[str, Callable[[list[Triple]], bytes]]] = {}

# A conservative PN_LOCAL: names outside it are written as full IRIs.
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))


def exporter(name: str, filename: str):
    """Register a serialiser producing ``filename`` from the sorted triples under ``name``."""
    def register(func: Callable[[list[Triple]], bytes]) -> Callable[[list[Triple]], bytes]:
        EXPORTERS[name] = (filename, func)
        return func
    return register


def _sort_key(term) -> tuple:
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    return (0 if isinstance(term, URIRef) else 1, str(term))


def sorted_triples(graph: Graph) -> list[Triple]:
    """All triples in one total order: the basis of byte-identical output."""
    return sorted(graph, key=lambda t: (_sort_key(t[0]), str(t[1]), _sort_key(t[2])))


def compact(iri: str) -> str | None:
    """prefix:local for an IRI in a known namespace with a safe local name, else None."""
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _string(text: str) -> str:
    """A one-line quoted string, valid in both N-Triples and Turtle."""
    return '"' + text.translate(_ESCAPES) + '"'


def nt_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.language:
        return f"{_string(str(term))}@{term.language}"
    if term.datatype is not None:
        return f"{_string(str(term))}^^<{term.datatype}>"
    return _string(str(term))


def _turtle_term(term) -> str:
    if isinstance(term, URIRef):
        return compact(str(term)) or f"<{term}>"
    if isinstance(term, Literal) and term.datatype is not None and not term.language:
        return f"{_string(str(term))}^^{_turtle_term(term.datatype)}"
    return nt_term(term)


@exporter("turtle", "graph.ttl")
def to_turtle(triples: list[Triple]) -> bytes:
    """Turtle with the kg prefixes, one block per subject, triples in sorted order."""
    lines = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in sorted(PREFIXES.items())]
    for subject, group in groupby(triples, key=lambda t: t[0]):
        body = []
        for predicate, pairs in groupby(group, key=lambda t: t[1]):
            verb = "a" if predicate == RDF.type else _turtle_term(predicate)
            body.append(f"    {verb} " + " ,\n        ".join(_turtle_term(t[2]) for t in pairs))
        lines.append("")
        lines.append(_turtle_term(subject) + "\n" + " ;\n".join(body) + " .")
    return ("\n".join(lines) + "\n").encode("utf-8")


@exporter("nt", "graph.nt")
def to_ntriples(triples: list[Triple]) -> bytes:
    lines = [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in triples]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jsonld_value(term) -> object:
    if isinstance(term, URIRef):
        return {"@id": compact(str(term)) or str(term)}
    if isinstance(term, BNode):
        return {"@id": f"_:{term}"}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype is not None:
        return {"@value": str(term), "@type": compact(str(term.datatype)) or str(term.datatype)}
    return str(term)


@exporter("jsonld", "graph.jsonld")
def to_jsonld(triples: list[Triple]) -> bytes:
    """Flattened JSON-LD: one node object per subject, compact IRIs from the kg prefixes."""
    nodes = []
    for subject, group in groupby(triples, key=lambda t: t[0]):
        node: dict[str, object] = {"@id": _jsonld_value(subject)["@id"]}
        for predicate, pairs in groupby(group, key=lambda t: t[1]):
            objects = [t[2] for t in pairs]
            if predicate == RDF.type:
                node["@type"] = [compact(str(o)) or str(o) for o in objects]
            else:
                node[compact(str(predicate)) or str(predicate)] = [_jsonld_value(o) for o in objects]
        nodes.append(node)
    document = {"@context": {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}, "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def write_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` via a temporary file and a rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError("E401", path=path, detail=exc.strerror or exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())      # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError("E401", path=path, detail=exc.strerror or exc) from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def render(graph: Graph, formats: Iterable[str]) -> dict[str, tuple[str, bytes]]:
    """Serialise ``graph`` in each format: name -> (file name, bytes).  Nothing is written."""
    formats = list(formats)
    for name in formats:
        if name not in EXPORTERS:
            raise OutputError("E402", name=name, known=", ".join(sorted(EXPORTERS)))
    triples = sorted_triples(graph)
    return {name: (EXPORTERS[name][0], EXPORTERS[name][1](triples)) for name in formats}
