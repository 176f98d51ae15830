"""The SHACL shapes of ontology/shapes.ttl, checked fast over plain triples.

pyshacl over a whole corpus graph costs more than building it.  kg's shapes use
a small part of SHACL Core (targetClass, targetSubjectsOf, class, or, minCount,
maxCount, datatype, languageIn, minLength, pattern, nodeKind) plus two SPARQL
constraints (offsets select the anchored text; every assertion is also asserted
directly).  This module reads the shapes file and evaluates exactly those
constraints on one block of triples at a time: each document's named graph in
its worker, and the entity layer once.  Types that live in the other layer
(the class of an entity a mention points to) are passed in.  tests/test_checks.py
shows on hand-broken graphs that the results equal pyshacl's on the full shapes.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Optional

from .rdf import RDF_TYPE, Lit, Triple, compact
from .validate import Violation

SH = "http://www.w3.org/ns/shacl#"
RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SHAPES = "https://w3id.org/kg-cn/shapes#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KG = "https://w3id.org/kg-cn/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass
class PropertyShape:
    path: str
    min_count: int = 0
    max_count: Optional[int] = None
    datatypes: tuple[str, ...] = ()         # one, or the alternatives of an sh:or
    languages: tuple[str, ...] = ()
    min_length: Optional[int] = None
    pattern: Optional[re.Pattern] = None
    cls: Optional[str] = None
    iri_only: bool = False
    message: str = ""


@dataclass
class NodeShape:
    name: str
    target_classes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()           # the node must be one of these (sh:class / sh:or)
    message: str = ""
    properties: list[PropertyShape] = field(default_factory=list)


def _show(term) -> str:
    if isinstance(term, Lit):
        return term.value
    if term.startswith(SHAPES):
        return "kgsh:" + term[len(SHAPES):]
    return compact(term) or f"<{term}>"


@lru_cache(maxsize=1)
def shapes() -> tuple[NodeShape, ...]:
    """Node shapes of ontology/shapes.ttl (SPARQL-based ones are implemented below)."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF as R
    from rdflib.namespace import SH as S

    from .validate import shapes_graph

    g = shapes_graph()

    def one(node, predicate):
        return g.value(node, predicate)

    def alternatives(node, key):
        found = one(node, S["or"])
        if found is None:
            return ()
        return tuple(str(one(item, key)) for item in Collection(g, found) if one(item, key) is not None)

    out = []
    for shape in sorted(set(g.subjects(R.type, S.NodeShape)), key=str):
        if not isinstance(shape, URIRef) or one(shape, S.sparql) is not None:
            continue
        node = NodeShape(str(shape), tuple(sorted(str(c) for c in g.objects(shape, S.targetClass))),
                         tuple(sorted(str(p) for p in g.objects(shape, S.targetSubjectsOf))),
                         (str(one(shape, S["class"])),) if one(shape, S["class"]) is not None
                         else alternatives(shape, S["class"]),
                         str(one(shape, S.message) or ""))
        for prop in sorted(g.objects(shape, S.property), key=lambda b: str(one(b, S.path))):
            if not isinstance(prop, BNode):
                continue
            number = lambda key: int(one(prop, key)) if one(prop, key) is not None else None  # noqa: E731
            languages = one(prop, S.languageIn)
            pattern = one(prop, S.pattern)
            datatype = one(prop, S.datatype)
            node.properties.append(PropertyShape(
                str(one(prop, S.path)), number(S.minCount) or 0, number(S.maxCount),
                (str(datatype),) if datatype is not None else alternatives(prop, S.datatype),
                tuple(str(x) for x in Collection(g, languages)) if languages is not None else (),
                number(S.minLength), re.compile(str(pattern)) if pattern is not None else None,
                str(one(prop, S["class"])) if one(prop, S["class"]) is not None else None,
                one(prop, S.nodeKind) == S.IRI, str(one(prop, S.message) or "")))
        out.append(node)
    return tuple(out)


@lru_cache(maxsize=1)
def _targets() -> tuple[frozenset[str], frozenset[str]]:
    """The classes some shape targets, and the predicates some shape targets the subjects of:
    Block indexes focus nodes by those only."""
    return (frozenset(c for shape in shapes() for c in shape.target_classes),
            frozenset(p for shape in shapes() for p in shape.target_subjects_of))


@lru_cache(maxsize=1)
def _superclasses() -> Mapping[str, frozenset[str]]:
    from .infer import _schema

    return _schema()[0]


def _datatype(term) -> Optional[str]:
    if not isinstance(term, Lit):
        return None
    return RDF_LANG if term.lang else (term.datatype or XSD_STRING)


_NO_PROPS: Mapping = {}


class Block:
    """Triples indexed by subject, with the classes of every node (rdfs:subClassOf closed)."""

    def __init__(self, triples: Iterable[Triple], types: Optional[Mapping[str, Iterable[str]]] = None) -> None:
        self.props: dict[str, dict[str, list]] = {}
        declared: dict[str, set[str]] = defaultdict(set)
        props = self.props
        for s, p, o in triples:
            node = props.get(s)
            if node is None:
                node = props[s] = {}
            values = node.get(p)
            if values is None:
                node[p] = [o]
            else:
                values.append(o)
            if p == RDF_TYPE and not isinstance(o, Lit):
                declared[s].add(o)
        for node, classes in (types or {}).items():
            declared[node].update(classes)
        supers = _superclasses()
        closed: dict[frozenset, frozenset] = {}     # most nodes share a handful of class sets
        self.types = {}
        for node, classes in declared.items():
            key = frozenset(classes)
            found = closed.get(key)
            if found is None:
                found = closed[key] = frozenset().union(*(supers.get(c, frozenset((c,))) for c in key))
            self.types[node] = found
        # focus nodes by target class and by predicate, indexed once per block, not per shape
        self.by_class: dict[str, set] = defaultdict(set)
        self.by_predicate: dict[str, set] = defaultdict(set)
        target_classes, targeted = _targets()
        for node, classes in self.types.items():
            if node in props:
                for cls in target_classes.intersection(classes):
                    self.by_class[cls].add(node)
        for subject, node in props.items():
            for predicate in targeted.intersection(node):
                self.by_predicate[predicate].add(subject)

    def is_a(self, node, cls: str) -> bool:
        return not isinstance(node, Lit) and cls in self.types.get(node, ())


def _check_property(block: Block, shape: NodeShape, prop: PropertyShape, focus: str, out: list) -> None:
    values = block.props.get(focus, _NO_PROPS).get(prop.path, ())
    # Messages are built only for a failure (most focus nodes conform): no closure per call.
    if len(values) < prop.min_count:
        _fail(out, focus, shape, prop, f"Less than {prop.min_count} values on {_show(focus)}->{_show(prop.path)}")
    if prop.max_count is not None and len(values) > prop.max_count:
        _fail(out, focus, shape, prop, f"More than {prop.max_count} values on {_show(focus)}->{_show(prop.path)}")
    for value in values:
        literal = isinstance(value, Lit)
        if prop.datatypes and _datatype(value) not in prop.datatypes:
            _fail(out, focus, shape, prop, f"Value {_show(value)} does not have datatype "
                  f"{' or '.join(map(_show, prop.datatypes))}", value)
        elif prop.datatypes and literal and not _well_formed(value):
            _fail(out, focus, shape, prop, f"Value {_show(value)} is not a valid {_show(value.datatype)}", value)
        if prop.languages and not (literal and value.lang in prop.languages):
            _fail(out, focus, shape, prop, f"Value {_show(value)} is not in the languages {prop.languages}", value)
        if prop.min_length is not None and len(value.value if literal else value) < prop.min_length:
            _fail(out, focus, shape, prop, f"Value {_show(value)} is shorter than {prop.min_length}", value)
        if prop.pattern is not None and not prop.pattern.search(value.value if literal else value):
            _fail(out, focus, shape, prop, f"Value {_show(value)} does not match the pattern", value)
        if prop.cls is not None and not block.is_a(value, prop.cls):
            _fail(out, focus, shape, prop, f"Value {_show(value)} is not of class {_show(prop.cls)}", value)
        if prop.iri_only and literal:
            _fail(out, focus, shape, prop, f"Value {_show(value)} is not an IRI", value)


def _fail(out: list, focus: str, shape: NodeShape, prop: PropertyShape, default: str, value=None) -> None:
    out.append(Violation(_show(focus), _show(shape.name), _show(prop.path), prop.message or default,
                         "Violation", _show(value) if value is not None else ""))


_LEXICAL = {
    "http://www.w3.org/2001/XMLSchema#nonNegativeInteger": re.compile(r"^\+?[0-9]+$"),
    "http://www.w3.org/2001/XMLSchema#decimal": re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"),
    "http://www.w3.org/2001/XMLSchema#gYear": re.compile(r"^-?[0-9]{4,}(?:Z|[+-][0-9]{2}:[0-9]{2})?$"),
    "http://www.w3.org/2001/XMLSchema#gYearMonth": re.compile(r"^-?[0-9]{4,}-(?:0[1-9]|1[0-2])$"),
    "http://www.w3.org/2001/XMLSchema#date": re.compile(r"^-?[0-9]{4,}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"),
    "http://www.w3.org/2001/XMLSchema#dateTime": re.compile(
        r"^-?[0-9]{4,}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
        r"(?:Z|[+-][0-9]{2}:[0-9]{2})?$"),
}


def _well_formed(value: Lit) -> bool:
    """An ill-typed literal fails sh:datatype in pyshacl too."""
    pattern = _LEXICAL.get(value.datatype)
    return pattern is None or bool(pattern.match(value.value))


def _focus_nodes(block: Block, shape: NodeShape) -> list[str]:
    nodes: set = set()
    for cls in shape.target_classes:
        nodes |= block.by_class.get(cls, set())
    for predicate in shape.target_subjects_of:
        nodes |= block.by_predicate.get(predicate, set())
    return sorted(nodes)


def check_block(triples: Iterable[Triple], types: Optional[Mapping[str, Iterable[str]]] = None,
                facts: Iterable[Triple] = (), block: Optional[Block] = None) -> list[Violation]:
    """Every violation of the shapes in one block of triples.  ``types`` gives the classes of
    nodes described in another layer; ``facts`` are direct triples held in another layer;
    ``block``: the triples already indexed (``Block(triples, types)``)."""
    block = block if block is not None else Block(triples, types)
    out: list[Violation] = []
    for shape in shapes():
        for focus in _focus_nodes(block, shape):
            if shape.classes and not any(block.is_a(focus, c) for c in shape.classes):
                out.append(Violation(_show(focus), _show(shape.name), "", shape.message or "node class",
                                     "Violation", _show(focus)))
            for prop in shape.properties:
                _check_property(block, shape, prop, focus, out)
    out += _offsets_match_text(block)
    out += _asserted_directly(block, set(facts))
    return sorted(out, key=lambda v: (v.focus, v.shape, v.path, v.message))


def _offsets_match_text(block: Block) -> list[Violation]:
    out = []
    for node, props in block.props.items():
        anchors, begins, ends, docs = (props.get(NIF + "anchorOf"), props.get(NIF + "beginIndex"),
                                       props.get(NIF + "endIndex"), props.get(KG + "inDocument"))
        if not (anchors and begins and ends and docs):
            continue
        for doc in docs:
            for text in block.props.get(doc, {}).get(NIF + "isString", []):
                for anchor in anchors:
                    for b in begins:
                        for e in ends:
                            b_, e_ = int(b.value), int(e.value)
                            if e_ <= b_ or anchor.value != text.value[b_:e_]:
                                out.append(Violation("kg:Mention", "kgsh:OffsetsMatchTextShape", "",
                                                     "offsets do not select the anchored text: its nif:anchorOf "
                                                     "differs from the document text between nif:beginIndex and "
                                                     "nif:endIndex", "Violation", _show(node)))
    return out


def _asserted_directly(block: Block, facts: set) -> list[Violation]:
    out = []
    for node, classes in block.types.items():
        if KG + "Assertion" not in classes:
            continue
        props = block.props.get(node, {})
        for s in props.get(RDF + "subject", []):
            for p in props.get(RDF + "predicate", []):
                for o in props.get(RDF + "object", []):
                    if o not in block.props.get(s, {}).get(p, ()) and (s, p, o) not in facts:
                        out.append(Violation("kg:Assertion", "kgsh:AssertedDirectlyShape", "",
                                             "the reified relation is not asserted directly in the graph",
                                             "Violation", _show(node)))
    return out


def check_entity_layer(triples: Iterable[Triple]) -> list[Violation]:
    return check_block(triples)


def check_document(triples: Iterable[Triple], types: Optional[Mapping[str, Iterable[str]]] = None,
                   facts: Iterable[Triple] = (), block: Optional[Block] = None) -> list[Violation]:
    return check_block(triples, types, facts, block)
