"""Neo4j ``neo4j-admin database import full`` CSV of the entity layer.

``neo4j/nodes.csv``: ``iri:ID,label,:LABEL`` (the :LABEL is ``Entity;Place`` etc.);
``neo4j/relationships.csv``: ``:START_ID,:END_ID,:TYPE`` (the kg property, e.g.
``locatedIn``).  Every field is quoted, quotes are doubled, and a label may hold a
newline, so import with ``--multiline-fields=true``::

    neo4j-admin database import full --nodes=neo4j/nodes.csv \\
        --relationships=neo4j/relationships.csv --multiline-fields=true neo4j
"""
from __future__ import annotations

import csv
from pathlib import Path

from .exporters import EXPORTERS, Exporter, atomic_text, entities, relations

NODE_HEADER = ["iri:ID", "label", ":LABEL"]
RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE"]


def _writer(handle):
    return csv.writer(handle, quoting=csv.QUOTE_ALL, doublequote=True, lineterminator="\n")


def export_neo4j(store, out_dir: Path) -> list[Path]:
    folder = Path(out_dir) / "neo4j"
    nodes, rels = folder / "nodes.csv", folder / "relationships.csv"
    with atomic_text(nodes) as out:
        writer = _writer(out)
        writer.writerow(NODE_HEADER)
        for iri, kind, label in entities(store):
            writer.writerow([iri, label, f"Entity;{kind}"])
    with atomic_text(rels) as out:
        writer = _writer(out)
        writer.writerow(RELATIONSHIP_HEADER)
        for s, p, o in relations(store):
            writer.writerow([s, o, p])
    return [nodes, rels]


EXPORTERS.add("neo4j", Exporter("neo4j", ("neo4j/nodes.csv", "neo4j/relationships.csv"), export_neo4j,
                                "entities and relations as neo4j-admin import CSV"))
