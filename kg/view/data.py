"""SPARQL over a pyoxigraph Store -> the view's plain-Python model.

The view never sees kg's internal objects: it reads entities, relations with their
assertions, documents, sentences and mentions from any store that holds a graph in
kg's data model.  Every query runs with ``use_default_graph_as_union=True`` so a
store with one named graph per document (``kg build``'s store/) and a store loaded
from one Turtle file (everything in the default graph) give the same model.
Results are sorted so the same graph always gives the same model.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox

from ..resources import ontology_path

KG = "https://w3id.org/kg-cn/ontology#"
ENTITY_TYPES = ("Organization", "Place", "Person", "Position", "Policy", "Campaign", "Concept",
                "Event", "Work")
# Predicates between entities that are not relations drawn as edges.
NOT_RELATIONS = {KG + "mentions", KG + "about", KG + "inDocument", KG + "extractedBy"}
PREFIXES = {
    "kg": KG, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
}
_TYPES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)

Q_ENTITIES = f"SELECT ?e ?t ?l WHERE {{ VALUES ?t {{ {_TYPES} }} ?e a ?t ; rdfs:label ?l }}"
Q_ALIASES = "SELECT ?e ?a WHERE { ?e skos:altLabel ?a }"
Q_RELATIONS = f"""SELECT ?s ?p ?o WHERE {{ VALUES ?t {{ {_TYPES} }} ?o a ?t . ?s ?p ?o .
  FILTER(STRSTARTS(STR(?p), "{KG}")) }}"""
Q_ASSERTIONS = """SELECT ?s ?p ?o ?src ?rule ?sb ?se ?ob ?oe ?bg WHERE {
  ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a prov:wasDerivedFrom ?src }
  OPTIONAL { ?a kg:extractedBy/dcterms:identifier ?rule }
  OPTIONAL { ?a kg:subjectMention ?sm . ?sm nif:beginIndex ?sb ; nif:endIndex ?se }
  OPTIONAL { ?a kg:objectMention ?om . ?om nif:beginIndex ?ob ; nif:endIndex ?oe }
  BIND(EXISTS { ?src a kg:KnowledgeSource } AS ?bg) }"""
Q_DOCUMENTS = """SELECT ?d ?title ?date ?id WHERE { ?d a kg:Document .
  OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:date ?date }
  OPTIONAL { ?d dcterms:identifier ?id } }"""
Q_SENTENCES = """SELECT ?s ?d ?b ?text WHERE { ?s a kg:Sentence ; nif:referenceContext ?d ;
  nif:beginIndex ?b ; nif:anchorOf ?text }"""
Q_MENTIONS = """SELECT ?e ?s ?b ?end ?rule WHERE { ?m itsrdf:taIdentRef ?e ; nif:sentence ?s ;
  nif:beginIndex ?b ; nif:endIndex ?end . OPTIONAL { ?m kg:extractedBy/dcterms:identifier ?rule } }"""
Q_LABELS = """SELECT ?x ?l WHERE { ?x rdfs:label ?l . FILTER(STRSTARTS(STR(?x), "https://w3id.org/kg-cn/ontology#"))
  FILTER(LANG(?l) = "zh" || LANG(?l) = "en") }"""


@dataclass
class Model:
    """Everything the page shows, keyed by IRI; offsets are code points in the document."""

    entities: dict[str, dict] = field(default_factory=dict)      # iri -> label, type, aliases
    relations: dict[tuple[str, str, str], dict] = field(default_factory=dict)  # (s, p, o) -> bg, evidence
    documents: dict[str, dict] = field(default_factory=dict)     # iri -> title, date, id
    sentences: dict[str, tuple[str, int, str]] = field(default_factory=dict)  # iri -> doc, begin, text
    # iri -> (sentence, begin, end, rule): the mentions in the entity's first sentences (all of
    # them for a hand-made model); totals, per-document counts and co-mention pairs are
    # counted over every mention (kg.view.digest), or derived from ``mentions`` when not given.
    mentions: dict[str, list[tuple[str, int, int, str]]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # ontology term -> {zh, en}
    mention_totals: Optional[dict[str, int]] = None
    mention_docs: Optional[dict[str, dict[str, int]]] = None
    pairs: Optional[Counter] = None

    def total(self, iri: str) -> int:
        if self.mention_totals is not None:
            return self.mention_totals.get(iri, 0)
        return len(self.mentions.get(iri, ()))

    def docs_of(self, iri: str) -> dict[str, int]:
        """Document IRI -> mentions of the entity there."""
        if self.mention_docs is not None:
            return self.mention_docs.get(iri, {})
        return dict(sorted(Counter(self.sentences[s][0] for s, *_ in self.mentions.get(iri, ())).items()))

    def pair_counts(self) -> Counter:
        """(entity, entity) -> sentences naming both (sentences naming over 60 entities left out)."""
        if self.pairs is not None:
            return self.pairs
        from .digest import count_pairs

        per_sentence: dict[str, set[str]] = defaultdict(set)
        for iri, items in self.mentions.items():
            for sentence, *_ in items:
                per_sentence[sentence].add(iri)
        return count_pairs(per_sentence.values())


def _rows(store: ox.Store, query: str):
    for row in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
        yield [None if term is None else term.value for term in row]


def _int(value) -> int | None:
    return None if value is None else int(value)


def ontology_labels(store: Optional[ox.Store]) -> dict[str, dict[str, str]]:
    """rdfs:label@zh/@en of ontology terms: from the store's ontology graph, else (or with no
    store) the packaged kg.ttl."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    found = [] if store is None else \
        list(store.query(Q_LABELS, prefixes=PREFIXES, use_default_graph_as_union=True))
    if not found:
        onto = ox.Store()
        onto.bulk_load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE)
        found = list(onto.query(Q_LABELS, prefixes=PREFIXES))
    for term, label in sorted((r[0].value, (r[1].language, r[1].value)) for r in found):
        labels[term[len(KG):]].setdefault(label[0], label[1])
    return dict(labels)


def _fill(model: Model, entities, aliases, relations, documents) -> None:
    """The entity side of the model from rows (SPARQL's, or a digest's)."""
    for iri, type_iri, label in sorted(entities):
        model.entities.setdefault(iri, {"label": label, "type": type_iri[len(KG):], "aliases": []})
    for iri, alias in sorted(aliases):
        entity = model.entities.get(iri)
        if entity is not None and alias != entity["label"] and alias not in entity["aliases"]:
            entity["aliases"].append(alias)
    for s, p, o in sorted(relations):
        if s in model.entities and p not in NOT_RELATIONS:
            model.relations[(s, p, o)] = {"bg": True, "evidence": [], "sources": []}
    for iri, title, date, ident in sorted(documents, key=str):
        model.documents.setdefault(iri, {"title": title or ident or iri.rsplit("/", 1)[-1],
                                         "date": (date or "")[:10]})


def load_model(store: Optional[ox.Store], digest=None) -> Model:
    """Read the view's model from a store (see the module docstring).

    ``digest`` (a :class:`kg.view.digest.Digest` of every graph's triples, made while the
    build wrote them) stands for the queries, costly on a large store: only the ontology's
    labels are read from the store then, and with ``store=None`` from the packaged ontology
    (the one every kg store holds), so the build draws the page while its store still loads.
    Without it the rows are read here with SPARQL and reduced the same way
    (tests/test_view_digest.py checks both give one model)."""
    from .digest import Digest

    model = Model(labels=ontology_labels(store))
    if digest is not None:
        # Everything came from the triples the build wrote: no query over the whole store.
        relations = [(s, p, o) for s, p, o in digest.relation_rows if o in digest.typed]
        _fill(model, digest.entity_rows, digest.alias_rows, relations, digest.document_rows)
        digest.apply(model, digest.identifiers, digest.sources)
        return model
    if store is None:
        raise TypeError("load_model needs a store or a digest")
    _fill(model, _rows(store, Q_ENTITIES), _rows(store, Q_ALIASES), _rows(store, Q_RELATIONS),
          _rows(store, Q_DOCUMENTS))
    digest = Digest()
    for iri, doc, begin, text in _rows(store, Q_SENTENCES):
        digest.add_sentence(iri, doc, int(begin), text)
    for iri, sentence, begin, end, rule in _rows(store, Q_MENTIONS):
        digest.add_mention(iri, sentence, int(begin), int(end), rule or "")
    for row in _rows(store, Q_ASSERTIONS):
        digest.add_assertion(row)
    digest.close()
    digest.apply(model)
    return model
