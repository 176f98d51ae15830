"""The streaming RDF formats of kg.rdf.RDF_FORMATS, written from a store.

One block per graph: the default graph (the entity layer) first, then each document
graph in IRI order; the ontology's graph is left out, as in the build's files.
"""
from __future__ import annotations

from pathlib import Path

from .exporters import EXPORTERS, Exporter, atomic_text
from .rdf import RDF_FORMATS


def _exporter(name: str):
    def export(store, out_dir: Path) -> list[Path]:
        from .store import data_graphs, graph_triples

        fmt = RDF_FORMATS.get(name)
        path = Path(out_dir) / fmt.filename
        with atomic_text(path) as out:
            out.write(fmt.head())
            first = True
            for graph in data_graphs(store):
                block = fmt.block(graph_triples(store, graph), graph)
                if not block:
                    continue
                if not first:
                    out.write(fmt.joiner)
                out.write(block)
                first = False
            out.write(fmt.tail())
        return [path]
    return export


for _name, _fmt in RDF_FORMATS.items():
    EXPORTERS.add(_name, Exporter(_name, (_fmt.filename,), _exporter(_name), f"all triples as {_fmt.filename}"))
