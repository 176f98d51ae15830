"""The HTML view: an offline, explorable page drawn from any graph kg builds.

``render_view(store, title=...)`` reads the graph from a pyoxigraph Store with SPARQL
(kg.view.data), ranks and lays it out (kg.view.layout), packs a compact JSON block
(kg.view.payload) and renders one self-contained page (kg.view.render, with
kg/data/view/graph.html.j2, view.js and view.css).  ``open_graph(path)`` opens a store
folder or an RDF file for it.
"""
from .render import render_view
from .source import open_graph, store_from_ntriples

__all__ = ["render_view", "open_graph", "store_from_ntriples"]
