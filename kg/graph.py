"""Graph stage: KnowledgeBase -> rdflib Graph, with provenance for every fact.

Provenance model (documented in README): documents are nif:Context with the
full text; sentences and mentions are NIF strings with offsets; each relation
is asserted directly and also reified as a kg:Assertion (rdf:Statement) that
points to its sentence (prov:wasDerivedFrom), its mentions and its rule.
"""
from __future__ import annotations

import hashlib
from typing import Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .model import Document, Entity, KnowledgeBase, Mention, ResolvedRelation, Statistic
from .vocab import ITSRDF, KG, KGR, NIF, PREFIXES, datatype_properties


def _hash(*parts: str, size: int = 12) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def entity_iri(entity: Entity) -> URIRef:
    """Stable, ASCII-only IRI: the division code for places that have one, else a hash of the key."""
    if entity.type == "Place" and entity.code:
        return KGR[f"place-{entity.code}"]
    return KGR[f"{entity.type.lower()}-{_hash(entity.key)}"]


def document_iri(doc_id: str) -> URIRef:
    return KGR[f"doc-{doc_id}"]


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return KGR[f"doc-{doc_id}-s{index}"]


def mention_iri(doc_id: str, mention: Mention) -> URIRef:
    return KGR[f"doc-{doc_id}-m{mention.start}-{mention.end}-{mention.type.lower()}"]


def rule_iri(rule_id: str) -> URIRef:
    return KGR[f"rule-{rule_id}"]


def time_literal(value: str) -> Literal:
    """'2017' -> xsd:gYear, '2017-08' -> xsd:gYearMonth, '2017-08-18' -> xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(value), XSD.string)
    return Literal(value, datatype=datatype)


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class GraphBuilder:
    """Adds documents, entities, mentions, relations and statistics to one rdflib Graph."""

    def __init__(self, rule_kinds: dict[str, str], rule_comments: Optional[dict[str, str]] = None) -> None:
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace, override=True, replace=True)
        self.rule_kinds = rule_kinds
        self.rule_comments = rule_comments or {}
        self._rules_used: set[str] = set()
        self._entity_iris: dict[str, URIRef] = {}

    def add(self, triple) -> None:
        self.graph.add(triple)

    # -- nodes --------------------------------------------------------------

    def document(self, doc: Document) -> None:
        node = document_iri(doc.doc_id)
        self.add((node, RDF.type, KG.Document))
        self.add((node, DCTERMS.identifier, Literal(doc.name)))
        self.add((node, KG.encoding, Literal(doc.encoding)))
        self.add((node, NIF.isString, Literal(doc.text)))
        meta = doc.meta
        if meta.title:
            self.add((node, DCTERMS.title, zh(meta.title)))
        if meta.source:
            self.add((node, DCTERMS.source, Literal(meta.source, datatype=XSD.anyURI)))
        if meta.date:
            datatype = XSD.dateTime if "T" in meta.date else XSD.date
            self.add((node, DCTERMS.date, Literal(meta.date, datatype=datatype)))
        if meta.publisher:
            self.add((node, DCTERMS.publisher, zh(meta.publisher)))
        if meta.creator:
            self.add((node, DCTERMS.creator, zh(meta.creator)))
        if meta.identifier:
            self.add((node, DCTERMS.identifier, Literal(meta.identifier)))
        for sentence in doc.sentences:
            s = sentence_iri(doc.doc_id, sentence.index)
            self.add((s, RDF.type, KG.Sentence))
            self.add((s, NIF.anchorOf, Literal(sentence.text)))
            self._offsets(s, sentence.start, sentence.end)
            self.add((s, NIF.referenceContext, node))
            self.add((s, KG.inDocument, node))

    def entity(self, entity: Entity) -> URIRef:
        node = entity_iri(entity)
        self._entity_iris[entity.key] = node
        self.add((node, RDF.type, KG[entity.type]))
        self.add((node, RDFS.label, zh(entity.label)))
        for alt in sorted(entity.alt_labels):
            self.add((node, SKOS.altLabel, zh(alt)))
        if entity.code:
            self.add((node, KG.divisionCode, Literal(entity.code)))
        return node

    def mention(self, doc_id: str, mention: Mention, entity_key: str) -> URIRef:
        node = mention_iri(doc_id, mention)
        doc = document_iri(doc_id)
        self.add((node, RDF.type, KG.Mention))
        self.add((node, NIF.anchorOf, Literal(mention.text)))
        self._offsets(node, mention.start, mention.end)
        self.add((node, NIF.referenceContext, doc))
        self.add((node, NIF.sentence, sentence_iri(doc_id, mention.sentence)))
        self.add((node, KG.inDocument, doc))
        self._rule(node, mention.rule)
        if entity_key:
            target = self._entity_iris[entity_key]
            self.add((node, ITSRDF.taIdentRef, target))
            self.add((doc, KG.mentions, target))
        return node

    def relation(self, rel: ResolvedRelation) -> None:
        subject = self._entity_iris[rel.subject]
        predicate = KG[rel.predicate]
        if rel.predicate in datatype_properties():
            obj = time_literal(rel.object)
        else:
            obj = self._entity_iris[rel.object]
        self.add((subject, predicate, obj))
        source = rel.relation
        ident = [rel.subject, rel.predicate, rel.object, rel.doc_id, rel.source_rule]
        if source is not None:
            ident += [str(source.start), str(source.end), source.rule,
                      str(source.subject.start), str(source.object.start)]
        node = KGR[f"assertion-{_hash(*ident, size=16)}"]
        self.add((node, RDF.type, KG.Assertion))
        self.add((node, RDF.subject, subject))
        self.add((node, RDF.predicate, predicate))
        self.add((node, RDF.object, obj))
        if source is None:
            self.add((node, PROV.wasDerivedFrom, KGR[f"source-{rel.source_rule}"]))
            self._source(rel.source_rule)
            self._rule(node, rel.source_rule)
            return
        doc = document_iri(rel.doc_id)
        self.add((node, PROV.wasDerivedFrom, sentence_iri(rel.doc_id, source.sentence)))
        self.add((node, KG.inDocument, doc))
        self.add((node, KG.subjectMention, mention_iri(rel.doc_id, source.subject)))
        self.add((node, KG.objectMention, mention_iri(rel.doc_id, source.object)))
        self._rule(node, source.rule)

    def statistic(self, doc_id: str, stat: Statistic, subject_key: str) -> None:
        node = KGR[f"doc-{doc_id}-stat{stat.start}-{stat.end}"]
        doc = document_iri(doc_id)
        self.add((node, RDF.type, KG.Statistic))
        self.add((node, KG.value, Literal(stat.value, datatype=XSD.decimal)))
        if stat.value_to is not None:
            self.add((node, KG.valueAfter, Literal(stat.value_to, datatype=XSD.decimal)))
        self.add((node, KG.unit, Literal(stat.unit)))
        self.add((node, KG.measure, Literal(stat.measure)))
        self.add((node, KG.approximate, Literal(stat.approximate)))
        if stat.period_start:
            self.add((node, KG.periodStart, time_literal(stat.period_start)))
        if stat.period_end:
            self.add((node, KG.periodEnd, time_literal(stat.period_end)))
        if stat.period_text:
            self.add((node, KG.period, Literal(stat.period_text)))
        if subject_key:
            self.add((node, KG.about, self._entity_iris[subject_key]))
        self.add((node, NIF.anchorOf, Literal(stat.text)))
        self._offsets(node, stat.start, stat.end)
        self.add((node, NIF.referenceContext, doc))
        self.add((node, NIF.sentence, sentence_iri(doc_id, stat.sentence)))
        self.add((node, KG.inDocument, doc))
        self._rule(node, stat.rule)

    # -- helpers ------------------------------------------------------------

    def _offsets(self, node: URIRef, start: int, end: int) -> None:
        self.add((node, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
        self.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))

    def _rule(self, node: URIRef, rule_id: str) -> None:
        self.add((node, KG.extractedBy, rule_iri(rule_id)))
        if rule_id in self._rules_used:
            return
        self._rules_used.add(rule_id)
        rule = rule_iri(rule_id)
        self.add((rule, RDF.type, KG.Rule))
        self.add((rule, DCTERMS.identifier, Literal(rule_id)))
        self.add((rule, KG.ruleKind, Literal(self.rule_kinds.get(rule_id, "unknown"))))
        if self.rule_comments.get(rule_id):
            self.add((rule, RDFS.comment, Literal(self.rule_comments[rule_id], lang="en")))

    def _source(self, rule_id: str) -> None:
        node = KGR[f"source-{rule_id}"]
        self.add((node, RDF.type, KG.KnowledgeSource))
        self.add((node, RDFS.label, Literal(f"knowledge source of rule {rule_id}", lang="en")))


def build_graph(kb: KnowledgeBase, rule_kinds: dict[str, str],
                rule_comments: Optional[dict[str, str]] = None) -> Graph:
    """The full RDF graph of a knowledge base."""
    builder = GraphBuilder(rule_kinds, rule_comments)
    for doc in kb.documents:
        builder.document(doc)
    for key in sorted(kb.entities):
        builder.entity(kb.entities[key])
    for item in kb.mentions:
        builder.mention(item.doc_id, item.mention, item.entity)
    for rel in kb.relations:
        builder.relation(rel)
    for doc_id, stat, subject in kb.statistics:
        builder.statistic(doc_id, stat, subject)
    return builder.graph
