"""Open a graph for the view: a pyoxigraph store folder or an RDF file.

A folder is opened read-only (``Store.read_only``) so a view never changes a
build's store; a file is bulk-loaded into an in-memory store.  Small on purpose:
the lead may move it into a shared kg/store.py.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import ViewError

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
}


def open_graph(path: str | Path) -> ox.Store:
    """A Store over ``path``; raises ViewError E701 for a missing, unknown or unreadable input."""
    path = Path(path)
    try:
        if path.is_dir():
            return ox.Store.read_only(str(path))
        fmt = FORMATS.get(path.suffix.lower())
        if not path.exists():
            raise ViewError("E701", path=path, detail="no such file or directory")
        if fmt is None:
            raise ViewError("E701", path=path, detail=f"unknown file type '{path.suffix}'")
        store = ox.Store()
        store.bulk_load(path=str(path), format=fmt)
        return store
    except (OSError, SyntaxError, ValueError) as exc:
        raise ViewError("E701", path=path, detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def store_from_ntriples(data: bytes) -> ox.Store:
    """An in-memory store holding N-Triples bytes (how ``kg build`` hands its graph to the view)."""
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return store
