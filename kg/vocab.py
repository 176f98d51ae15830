"""Namespaces.  Ontology terms come from ontology/kg.ttl through a closed namespace,
so a misspelt term raises instead of quietly minting a new IRI."""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

from .resources import ontology_path

KG_IRI = "https://w3id.org/kg-cn/ontology#"
KGR = Namespace("https://w3id.org/kg-cn/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

PREFIXES = {
    "kg": Namespace(KG_IRI), "kgr": KGR, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
    "skos": SKOS, "dcterms": DCTERMS, "foaf": FOAF, "org": ORG, "schema": SCHEMA,
    "prov": PROV, "nif": NIF, "itsrdf": ITSRDF,
}


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ontology_path("kg.ttl"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    graph = ontology_graph()
    classes, objects, datas = set(), set(), set()
    for subject, _, kind in graph.triples((None, RDF.type, None)):
        if not isinstance(subject, URIRef) or not str(subject).startswith(KG_IRI):
            continue
        local = str(subject)[len(KG_IRI):]
        if kind == OWL.Class:
            classes.add(local)
        elif kind == OWL.ObjectProperty:
            objects.add(local)
        elif kind == OWL.DatatypeProperty:
            datas.add(local)
    return tuple(sorted(classes)), tuple(sorted(objects)), tuple(sorted(datas))


def class_names() -> tuple[str, ...]:
    return _terms()[0]


def object_properties() -> tuple[str, ...]:
    return _terms()[1]


def datatype_properties() -> tuple[str, ...]:
    return _terms()[2]


class _LazyKG:
    """The kg: namespace, closed over the terms the ontology declares."""

    _ns: ClosedNamespace | None = None

    def _closed(self) -> ClosedNamespace:
        if self._ns is None:
            classes, objects, datas = _terms()
            type(self)._ns = ClosedNamespace(KG_IRI, list(classes + objects + datas))
        return self._ns

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._closed(), name)

    def __getitem__(self, name: str) -> URIRef:
        return self._closed()[name]

    def __contains__(self, name: str) -> bool:
        try:
            self._closed()[name]
        except (KeyError, AttributeError):
            return False
        return True


KG = _LazyKG()
