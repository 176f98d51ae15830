"""Export stage: write a graph in each registered format, atomically.

Every file is written to a temporary file beside its target and renamed into
place, so a failed build leaves earlier outputs intact.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable

from rdflib import Graph

from .errors import OutputError
from .vocab import PREFIXES

#: name -> (file name, writer(graph) -> bytes)
EXPORTERS: dict[str, tuple[str, Callable[[Graph], bytes]]] = {}


def exporter(name: str, filename: str):
    """Register a serialiser producing ``filename`` under ``name``."""
    def register(func: Callable[[Graph], bytes]) -> Callable[[Graph], bytes]:
        EXPORTERS[name] = (filename, func)
        return func
    return register


@exporter("turtle", "graph.ttl")
def to_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


@exporter("nt", "graph.nt")
def to_ntriples(graph: Graph) -> bytes:
    # rdflib writes N-Triples in store order; sorting makes the file reproducible.
    # split on "\n" only: str.splitlines() would also cut at U+2028 inside a literal.
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


@exporter("jsonld", "graph.jsonld")
def to_jsonld(graph: Graph) -> bytes:
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


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


def render(graph: Graph, formats: list[str]) -> dict[str, tuple[str, bytes]]:
    """Serialise ``graph`` in each format: name -> (file name, bytes).  Nothing is written."""
    out: dict[str, tuple[str, bytes]] = {}
    for name in formats:
        if name not in EXPORTERS:
            raise OutputError("E402", name=name, known=", ".join(sorted(EXPORTERS)))
        filename, func = EXPORTERS[name]
        out[name] = (filename, func(graph))
    return out
