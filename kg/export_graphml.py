"""GraphML export of the entity layer (Gephi, Cytoscape, networkx, yEd).

Nodes carry ``type`` (Place, Person, ...), ``label`` and ``iri``; edges carry ``type``
(the kg property: locatedIn, holds, ...).  The graph is directed and may hold parallel
edges.  Characters XML 1.0 cannot hold (C0 controls but tab, CR, LF; lone surrogates)
become U+FFFD: the only change made to any text.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import quoteattr

from .exporters import EXPORTERS, Exporter, atomic_text, entities, relations

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="type" for="node" attr.name="type" attr.type="string"/>
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="iri" for="node" attr.name="iri" attr.type="string"/>
  <key id="relation" for="edge" attr.name="type" attr.type="string"/>
  <graph id="kg" edgedefault="directed">
"""


def _text(value: str) -> str:
    value = _NOT_XML.sub("\ufffd", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def export_graphml(store, out_dir: Path) -> list[Path]:
    path = Path(out_dir) / "graph.graphml"
    with atomic_text(path) as out:
        out.write(HEAD)
        for iri, kind, label in entities(store):
            out.write(f'    <node id={_attr(iri)}><data key="type">{_text(kind)}</data>'
                      f'<data key="label">{_text(label)}</data><data key="iri">{_text(iri)}</data></node>\n')
        for number, (s, p, o) in enumerate(relations(store)):
            out.write(f'    <edge id="e{number}" source={_attr(s)} target={_attr(o)}>'
                      f'<data key="relation">{_text(p)}</data></edge>\n')
        out.write("  </graph>\n</graphml>\n")
    return [path]


EXPORTERS.add("graphml", Exporter("graphml", ("graph.graphml",), export_graphml,
                                  "entities and relations as GraphML (Gephi, Cytoscape, networkx)"))
