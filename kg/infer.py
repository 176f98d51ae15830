"""RDFS entailment with the ontology, over plain triples, one block at a time.

The rules that matter for kg's data (rdfs2, rdfs3, rdfs7, rdfs9 with transitive
rdfs5/rdfs11): superproperties of every predicate, superclasses of every type,
and the types the ontology's domains and ranges imply.  Working per block keeps
it linear and parallel; no triple about the ontology's own terms is added.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from .rdf import RDF_TYPE, Lit, Triple

RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _closure(direct: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Reflexive-transitive closure of a parent map."""
    out: dict[str, frozenset[str]] = {}

    def up(node: str, seen: frozenset = frozenset()) -> frozenset[str]:
        if node in out:
            return out[node]
        found = {node}
        for parent in direct.get(node, ()):
            if parent not in seen:
                found |= up(parent, seen | {node})
        out[node] = frozenset(found)
        return out[node]

    for node in list(direct):
        up(node)
    return out


@lru_cache(maxsize=1)
def _schema():
    from rdflib import URIRef

    from .vocab import ontology_graph

    graph = ontology_graph()
    sub_class: dict[str, set[str]] = {}
    sub_prop: dict[str, set[str]] = {}
    domain: dict[str, set[str]] = {}
    range_: dict[str, set[str]] = {}
    for table, predicate in ((sub_class, "subClassOf"), (sub_prop, "subPropertyOf"),
                             (domain, "domain"), (range_, "range")):
        for s, _, o in graph.triples((None, URIRef(RDFS + predicate), None)):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                table.setdefault(str(s), set()).add(str(o))
    classes, props = _closure(sub_class), _closure(sub_prop)
    return classes, props, domain, range_


def _supers(table: dict[str, frozenset[str]], term: str) -> frozenset[str]:
    return table.get(term) or frozenset((term,))


def entailed(triples: Iterable[Triple]) -> list[Triple]:
    """The triples RDFS entailment adds to ``triples`` (not those already there)."""
    classes, props, domain, range_ = _schema()
    triples = list(triples)
    have = set(triples)
    added: set[Triple] = set()
    for s, p, o in triples:
        for q in _supers(props, p):
            if q != p:
                added.add((s, q, o))
            for c in domain.get(q, ()):
                added.update((s, RDF_TYPE, d) for d in _supers(classes, c))
            if not isinstance(o, Lit):
                for c in range_.get(q, ()):
                    if not c.startswith("http://www.w3.org/2001/XMLSchema#") and c != RDFS + "Literal":
                        added.update((o, RDF_TYPE, d) for d in _supers(classes, c))
        if p == RDF_TYPE and not isinstance(o, Lit):
            added.update((s, RDF_TYPE, d) for d in _supers(classes, o))
    noise = {RDFS + "Resource", RDFS + "Literal"}
    return sorted((t for t in added - have if not (t[1] == RDF_TYPE and t[2] in noise)),
                  key=lambda t: (t[0], t[1], str(t[2])))


def fits_schema(predicate: str, subject_type: str, object_type: str = "") -> bool:
    """Whether entity types fit a kg property's rdfs:domain and rdfs:range (``object_type`` empty:
    a literal value, only the domain is checked).  Types and the predicate are local names
    (``Place``, ``locatedIn``); a property the ontology gives no domain or range fits anything."""
    from .vocab import KG_IRI

    classes, props, domain, range_ = _schema()
    prop = KG_IRI + predicate

    def within(type_: str, allowed: set[str]) -> bool:
        return not allowed or bool(allowed & _supers(classes, KG_IRI + type_))

    doms = {c for q in _supers(props, prop) for c in domain.get(q, ())}
    ranges = {c for q in _supers(props, prop) for c in range_.get(q, ()) if c.startswith(KG_IRI)}
    return within(subject_type, doms) and (not object_type or within(object_type, ranges))
