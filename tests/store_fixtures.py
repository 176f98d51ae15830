"""Glue from today's build output to the store layout, kept here so the switch to the
build's own ``output/store/`` and ``graph.nq`` is one place.

The per-document convention: a subject with ``kg:inDocument D`` (and ``D`` itself) goes
to the named graph ``D``; everything else is the entity layer (default graph).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

IN_DOCUMENT = "https://w3id.org/kg-cn/ontology#inDocument"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DOCUMENT = "https://w3id.org/kg-cn/ontology#Document"


def plain_triples(path: Path) -> list:
    """The triples of an RDF file as kg.rdf terms."""
    import pyoxigraph as ox

    from kg.store import plain

    return [(plain(t.subject), plain(t.predicate), plain(t.object)) for t in ox.parse(path=str(path))]


def partition(triples: list) -> dict:
    """graph IRI (None: default) -> sorted triples, by the per-document convention."""
    from kg.rdf import sort_triples

    home = {s: o for s, p, o in triples if p == IN_DOCUMENT}
    home.update({s: s for s, p, o in triples if p == RDF_TYPE and o == DOCUMENT})
    graphs = defaultdict(list)
    for triple in triples:
        graphs[home.get(triple[0])].append(triple)
    return {g: sort_triples(ts) for g, ts in graphs.items()}


def render(graphs: dict, name: str) -> str:
    """A file of format ``name`` from RDF_FORMATS, rendered block by block as the build does."""
    from kg.rdf import RDF_FORMATS

    fmt = RDF_FORMATS.get(name)
    order = sorted(graphs, key=lambda g: (g is not None, g or ""))
    blocks = [b for b in (fmt.block(graphs[g], g) for g in order) if b]
    return fmt.head() + fmt.joiner.join(blocks) + fmt.tail()


def write_formats(graphs: dict, out: Path) -> dict:
    """graph.ttl/.nt/.nq/.trig/.jsonld from the partitioned triples: name -> path."""
    from kg.rdf import RDF_FORMATS

    paths = {}
    for name, fmt in RDF_FORMATS.items():
        paths[name] = out / fmt.filename
        paths[name].write_text(render(graphs, name), encoding="utf-8")
    return paths


@pytest.fixture(scope="session")
def sample_store_dir(sample_build, tmp_path_factory):
    """A folder like the new build's output: graph.* in every format, store/ and graph.html."""
    import shutil

    from kg.store import load_store

    _, built = sample_build
    out = tmp_path_factory.mktemp("sample-store")
    graphs = partition(plain_triples(built / "graph.nt"))
    write_formats(graphs, out)
    if (built / "graph.html").exists():
        shutil.copy(built / "graph.html", out / "graph.html")
    load_store(out / "store", out / "graph.nq")
    return out


@pytest.fixture(scope="session")
def sample_store(sample_store_dir):
    """The sample's store, opened read-only once for the session."""
    from kg.store import open_store

    return open_store(sample_store_dir / "store")
