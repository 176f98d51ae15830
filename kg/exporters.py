"""Exports read from a store with SPARQL: GraphML, Neo4j import CSV, and every RDF format.

One registry, :data:`EXPORTERS`, for ``kg export STORE --format NAME`` and ``kg build
--format NAME``.  An entry is an :class:`Exporter`: its name, the files it writes and
``export(store, out_dir) -> list[Path]``.  Every file is written to a temporary file
and renamed into place.  GraphML and Neo4j hold the entity layer only (entities and
the direct relations between them); the RDF formats hold every triple but the ontology.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import OutputError
from .registry import Registry

KG = "https://w3id.org/kg-cn/ontology#"


@dataclass(frozen=True)
class Exporter:
    name: str
    filenames: tuple[str, ...]
    export: Callable[[object, Path], list[Path]]
    description: str = ""


EXPORTERS: Registry[Exporter] = Registry("export format", code="E402", error=OutputError)


def atomic_text(path: Path):
    """A text handle on a temporary file beside ``path``, renamed into place on success."""
    from .export import atomic_open

    return atomic_open(path, text=True)


# -- the entity layer, read with SPARQL -------------------------------------------

def entity_classes() -> list[str]:
    """IRIs of the ontology's entity classes (kg:Entity and its subclasses)."""
    from .vocab import class_names, ontology_graph
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    onto = ontology_graph()
    entity = URIRef(KG + "Entity")
    return sorted(KG + c for c in class_names()
                  if (URIRef(KG + c), RDFS.subClassOf, entity) in onto)


def _values(iris: list[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def entities(store) -> Iterator[tuple[str, str, str]]:
    """(IRI, class local name, label) of every entity, ordered by IRI."""
    from .store import select

    query = f"""SELECT ?e (MIN(?t) AS ?type) (MIN(STR(?l)) AS ?label) WHERE {{
      VALUES ?t {{ {_values(entity_classes())} }}
      ?e a ?t . OPTIONAL {{ ?e rdfs:label ?l }}
    }} GROUP BY ?e ORDER BY ?e"""
    for row in select(store, query):
        label = row["label"].value if row["label"] is not None else ""
        yield row["e"].value, row["type"].value[len(KG):], label


def relations(store) -> Iterator[tuple[str, str, str]]:
    """(subject IRI, property local name, object IRI) of direct relations between entities."""
    from .store import select

    classes = _values(entity_classes())
    query = f"""SELECT DISTINCT ?s ?p ?o WHERE {{
      ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?p), "{KG}"))
      FILTER EXISTS {{ VALUES ?ts {{ {classes} }} ?s a ?ts }}
      FILTER EXISTS {{ VALUES ?to {{ {classes} }} ?o a ?to }}
    }} ORDER BY ?s ?p ?o"""
    for row in select(store, query):
        yield row["s"].value, row["p"].value[len(KG):], row["o"].value


def export_to(name: str, store, out_dir: str | Path) -> list[Path]:
    """Run one registered exporter: the files written."""
    return EXPORTERS.get(name).export(store, Path(out_dir))


def export_html(store, out_dir: Path) -> list[Path]:
    """graph.html, the offline view of the store (kg/view)."""
    from .view import render_view

    with atomic_text(Path(out_dir) / "graph.html") as handle:
        handle.write(render_view(store, title="kg knowledge graph"))
    return [Path(out_dir) / "graph.html"]


EXPORTERS.add("html", Exporter("html", ("graph.html",), export_html, "the offline HTML view"))

from . import export_graphml, export_neo4j, export_rdf  # noqa: E402,F401  (they register themselves)
