"""kg query's additions for stores: named queries, output format checks, RDF output of
CONSTRUCT/DESCRIBE, and the notes printed on stderr (file hint, rdflib gYear warning)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from .errors import QueryError
from .query import Result, run_query

# -- named queries, graph results and file hints ------------------------------------

#: --format values for CONSTRUCT/DESCRIBE results -> kg.rdf.RDF_FORMATS name
GRAPH_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "jsonld"}
ROW_FORMATS = ("table", "csv", "tsv", "json")


def run_named(name: str, path: str | Path, params: dict[str, str], engine: str = "oxigraph") -> Result:
    """Run the named query ``name`` over ``path`` with ``params`` bound as typed terms."""
    from . import named

    query = named.get(name)
    return run_query(path, query.sparql, engine, named.bindings(query, params))


def check_format(result: Result, fmt: Optional[str]) -> str:
    """The output format for this result (defaults: table for rows, ttl for graphs), checked."""
    is_graph = result.triples is not None
    if fmt is None:
        return "ttl" if is_graph else "table"
    if is_graph and fmt not in GRAPH_FORMATS:
        raise QueryError("E314", fmt=fmt, form="CONSTRUCT or DESCRIBE", allowed=", ".join(GRAPH_FORMATS))
    if not is_graph and fmt in GRAPH_FORMATS:
        raise QueryError("E314", fmt=fmt, form="SELECT or ASK", allowed=", ".join(ROW_FORMATS))
    return fmt


def format_graph(triples: list, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE triples as Turtle, N-Triples or JSON-LD, with kg's writers."""
    from .rdf import RDF_FORMATS, sort_triples

    writer = RDF_FORMATS.get(GRAPH_FORMATS[fmt])
    return writer.head() + writer.block(sort_triples(triples), None) + writer.tail()


def file_hint(path: str | Path) -> Optional[str]:
    """A one-line note when ``path`` is an RDF file rather than a store folder."""
    if Path(path).is_dir():
        return None
    return (f"kg: note: {path} is an RDF file, parsed again on every query; a store answers in "
            "milliseconds: 'kg build' writes one (output/store/), give that folder instead.")


GYEAR_COMPARISON = re.compile(r"gYear[^\n]*[<>]|[<>]=?[^\n]*gYear", re.I)


def engine_warning(sparql: str, engine: str) -> Optional[str]:
    """rdflib silently returns no rows when a FILTER compares xsd:gYear values: say so."""
    if engine == "rdflib" and GYEAR_COMPARISON.search(sparql):
        return ("kg: warning: rdflib cannot compare xsd:gYear values (the filter matches nothing); "
                "use --engine oxigraph, or compare years as numbers: xsd:integer(STR(?y)) >= 2020.")
    return None
