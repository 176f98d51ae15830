"""TriG output: one ``<doc> { ... }`` block per document graph, the entity layer plain.

A block rendered for a named graph (the document IRI) is wrapped in braces; a block
for the default graph is plain Turtle.  The braces are written without the optional
``GRAPH`` keyword, which older TriG parsers (raptor's) do not accept.  Register name:
``trig``.
"""
from __future__ import annotations

from typing import Optional, Sequence

from .rdf import RDF_FORMATS, RdfFormat, Triple, _prefix_lines, ttl_term, turtle_block


def trig_block(triples: Sequence[Triple], graph: Optional[str] = None) -> str:
    body = turtle_block(triples)
    if graph is None or not body:
        return body
    return f"\n{ttl_term(graph)} {{{body}}}\n"


RDF_FORMATS.add("trig", RdfFormat("trig", "graph.trig", trig_block, head=_prefix_lines,
                                  media_type="application/trig"))
