"""Export an rdflib Graph (small graphs, API users) with the same writers a corpus build
streams with (kg/rdf.py), and write files atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import Iterable, Iterator

from .errors import OutputError
from .rdf import RDF_FORMATS, Lit, sort_triples


def plain_triples(graph) -> list:
    """rdflib terms -> kg.rdf terms (IRIs as str, literals as Lit), sorted."""
    from rdflib import BNode, Literal

    def term(value):
        if isinstance(value, Literal):
            return Lit(str(value), str(value.datatype) if value.datatype else "", value.language or "")
        if isinstance(value, BNode):
            return f"_:{value}"
        return str(value)

    return sort_triples((term(s), term(p), term(o)) for s, p, o in graph)


def render(graph, formats: Iterable[str]) -> dict[str, tuple[str, bytes]]:
    """Serialise ``graph`` in each format: name -> (file name, bytes).  Nothing is written."""
    formats = list(formats)
    chosen = [RDF_FORMATS.get(name) for name in formats]
    triples = plain_triples(graph)
    return {fmt.name: (fmt.filename, (fmt.head() + fmt.block(triples, None) + fmt.tail()).encode("utf-8"))
            for fmt in chosen}


@contextmanager
def atomic_open(path: Path, text: bool = False) -> Iterator:
    """A handle on a temporary file beside ``path`` (UTF-8 text or bytes), renamed into place
    when the block ends without an error; nothing is left behind otherwise."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError("E401", path=path, detail=exc.strerror or exc) from exc
    try:
        with (os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")) as handle:
            yield handle
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)      # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError("E401", path=path, detail=exc.strerror or exc) from exc
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` via a temporary file and a rename."""
    with atomic_open(path) as handle:
        handle.write(payload)
