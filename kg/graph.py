"""Graph stage: resolved results -> RDF triples (plain :mod:`kg.rdf` terms), with
provenance for every fact.

Provenance model (documented in README): documents are nif:Context with the
full text; sentences and mentions are NIF strings with offsets; each relation
is asserted directly and also reified as a kg:Assertion (rdf:Statement) that
points to its sentence (prov:wasDerivedFrom), its mentions and its rule.

The triples come in two layers so that a corpus never has to be held at once:
:func:`document_triples` gives one document's named graph (its text,
sentences, mentions, statistics and assertions) and runs in the workers;
:func:`entity_layer_triples` gives the default graph (entities, direct
relations, background facts, rules), built once from the merged entity layer.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Mapping, Optional

from .model import Document, Entity, KnowledgeBase, Mention, ResolvedRelation, Statistic
from .rdf import RDF_TYPE, XSD, Lit, Triple
from .vocab import KG_IRI, datatype_properties

KGR = "https://w3id.org/kg-cn/id/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
TA_IDENT = "http://www.w3.org/2005/11/its/rdf#taIdentRef"
LABEL = RDFS_NS + "label"


def kg(term: str) -> str:
    return KG_IRI + term


def _hash(*parts: str, size: int = 12) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def key_iri(key: str) -> str:
    """Stable, ASCII-only IRI of an entity key: the division code for places that have one
    ("Place#431026"), else a hash of the key ("Policy:…")."""
    if key.startswith("Place#"):
        return f"{KGR}place-{key[6:]}"
    type_ = key.split(":", 1)[0]
    return f"{KGR}{type_.lower()}-{_hash(key)}"


def entity_iri(entity: Entity) -> str:
    if entity.type == "Place" and entity.code:
        return f"{KGR}place-{entity.code}"
    return f"{KGR}{entity.type.lower()}-{_hash(entity.key)}"


def document_iri(doc_id: str) -> str:
    return f"{KGR}doc-{doc_id}"


def sentence_iri(doc_id: str, index: int) -> str:
    return f"{KGR}doc-{doc_id}-s{index}"


def mention_iri(doc_id: str, mention: Mention) -> str:
    return f"{KGR}doc-{doc_id}-m{mention.start}-{mention.end}-{mention.type.lower()}"


def rule_iri(rule_id: str) -> str:
    return f"{KGR}rule-{rule_id}"


def source_iri(rule_id: str) -> str:
    return f"{KGR}source-{rule_id}"


_TIME_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}


def time_literal(value: str) -> Lit:
    """'2017' -> xsd:gYear, '2017-08' -> xsd:gYearMonth, '2017-08-18' -> xsd:date."""
    return Lit(value, _TIME_TYPES.get(len(value), XSD + "string"))


def zh(text: str) -> Lit:
    return Lit(text, "", "zh")


def _int(value: int) -> Lit:
    return Lit(str(value), XSD + "nonNegativeInteger")


def _offsets(node: str, start: int, end: int) -> list[Triple]:
    return [(node, NIF + "beginIndex", _int(start)), (node, NIF + "endIndex", _int(end))]


def assertion_iri(rel: ResolvedRelation) -> str:
    ident = [rel.subject, rel.predicate, rel.object, rel.doc_id, rel.source_rule]
    source = rel.relation
    if source is not None:
        ident += [str(source.start), str(source.end), source.rule,
                  str(source.subject.start), str(source.object.start)]
    return f"{KGR}assertion-{_hash(*ident, size=16)}"


def relation_object(rel: ResolvedRelation):
    """The object term of a relation: a typed literal for value properties, else an entity IRI."""
    if rel.predicate in datatype_properties():
        return time_literal(rel.object)
    return key_iri(rel.object)


def direct_triple(rel: ResolvedRelation) -> Triple:
    return (key_iri(rel.subject), kg(rel.predicate), relation_object(rel))


def _assertion(rel: ResolvedRelation) -> list[Triple]:
    """The reified form of a relation with its evidence (the direct triple is separate)."""
    node = assertion_iri(rel)
    subject, predicate, obj = direct_triple(rel)
    out = [(node, RDF_TYPE, kg("Assertion")), (node, RDF_NS + "subject", subject),
           (node, RDF_NS + "predicate", predicate), (node, RDF_NS + "object", obj)]
    source = rel.relation
    if source is None:
        out += [(node, PROV_DERIVED, source_iri(rel.source_rule)),
                (node, kg("extractedBy"), rule_iri(rel.source_rule))]
        return out
    doc = document_iri(rel.doc_id)
    out += [(node, PROV_DERIVED, sentence_iri(rel.doc_id, source.sentence)),
            (node, kg("inDocument"), doc),
            (node, kg("subjectMention"), mention_iri(rel.doc_id, source.subject)),
            (node, kg("objectMention"), mention_iri(rel.doc_id, source.object)),
            (node, kg("extractedBy"), rule_iri(source.rule))]
    return out


def _document_node(doc: Document) -> list[Triple]:
    node = document_iri(doc.doc_id)
    out = [(node, RDF_TYPE, kg("Document")), (node, DCT + "identifier", Lit(doc.name)),
           (node, kg("encoding"), Lit(doc.encoding)), (node, NIF + "isString", Lit(doc.text))]
    meta = doc.meta
    if meta.title:
        out.append((node, DCT + "title", zh(meta.title)))
    if meta.source:
        out.append((node, DCT + "source", Lit(meta.source, XSD + "anyURI")))
    if meta.date:
        out.append((node, DCT + "date", Lit(meta.date, XSD + ("dateTime" if "T" in meta.date else "date"))))
    if meta.publisher:
        out.append((node, DCT + "publisher", zh(meta.publisher)))
    if meta.creator:
        out.append((node, DCT + "creator", zh(meta.creator)))
    if meta.identifier:
        out.append((node, DCT + "identifier", Lit(meta.identifier)))
    for sentence in doc.sentences:
        s = sentence_iri(doc.doc_id, sentence.index)
        out += [(s, RDF_TYPE, kg("Sentence")), (s, NIF + "anchorOf", Lit(sentence.text)),
                *_offsets(s, sentence.start, sentence.end),
                (s, NIF + "referenceContext", node), (s, kg("inDocument"), node)]
    return out


_MENTION, _ANCHOR, _BEGIN, _END = KG_IRI + "Mention", NIF + "anchorOf", NIF + "beginIndex", NIF + "endIndex"
_CONTEXT, _SENTENCE, _IN_DOC = NIF + "referenceContext", NIF + "sentence", KG_IRI + "inDocument"
_EXTRACTED_BY, _MENTIONS = KG_IRI + "extractedBy", KG_IRI + "mentions"


def _mention(doc_id: str, mention: Mention, entity_key: str, target: str = "") -> list[Triple]:
    """A mention's triples; ``target``: the IRI of ``entity_key`` if already known."""
    node, doc = mention_iri(doc_id, mention), document_iri(doc_id)
    out = [(node, RDF_TYPE, _MENTION), (node, _ANCHOR, Lit(mention.text)),
           (node, _BEGIN, _int(mention.start)), (node, _END, _int(mention.end)),
           (node, _CONTEXT, doc), (node, _SENTENCE, sentence_iri(doc_id, mention.sentence)),
           (node, _IN_DOC, doc), (node, _EXTRACTED_BY, rule_iri(mention.rule))]
    if entity_key:
        target = target or key_iri(entity_key)
        out += [(node, TA_IDENT, target), (doc, _MENTIONS, target)]
    return out


def _statistic(doc_id: str, stat: Statistic, subject_key: str) -> list[Triple]:
    node, doc = f"{KGR}doc-{doc_id}-stat{stat.start}-{stat.end}", document_iri(doc_id)
    out = [(node, RDF_TYPE, kg("Statistic")), (node, kg("value"), Lit(stat.value, XSD + "decimal")),
           (node, kg("unit"), Lit(stat.unit)), (node, kg("measure"), Lit(stat.measure)),
           (node, kg("approximate"), Lit("true" if stat.approximate else "false", XSD + "boolean"))]
    if stat.value_to is not None:
        out.append((node, kg("valueAfter"), Lit(stat.value_to, XSD + "decimal")))
    if stat.period_start:
        out.append((node, kg("periodStart"), time_literal(stat.period_start)))
    if stat.period_end:
        out.append((node, kg("periodEnd"), time_literal(stat.period_end)))
    if stat.period_text:
        out.append((node, kg("period"), Lit(stat.period_text)))
    if subject_key:
        out.append((node, kg("about"), key_iri(subject_key)))
    out += [(node, NIF + "anchorOf", Lit(stat.text)), *_offsets(node, stat.start, stat.end),
            (node, NIF + "referenceContext", doc), (node, NIF + "sentence", sentence_iri(doc_id, stat.sentence)),
            (node, kg("inDocument"), doc), (node, kg("extractedBy"), rule_iri(stat.rule))]
    return out


def document_triples(part: KnowledgeBase) -> list[Triple]:
    """The named graph of one document: its node and text, sentences, mentions,
    statistics and the reified relations read from it (renames already applied)."""
    out: list[Triple] = []
    for doc in part.documents:
        out += _document_node(doc)
    targets: dict[str, str] = {}             # entity key -> IRI (a hash): most recur in a document
    for item in part.mentions:
        key = item.entity
        target = targets.get(key) if key else ""
        if target is None:
            target = targets[key] = key_iri(key)
        out += _mention(item.doc_id, item.mention, key, target)
    for rel in part.relations:
        if rel.relation is not None:
            out += _assertion(rel)
    for doc_id, stat, subject in part.statistics:
        out += _statistic(doc_id, stat, subject)
    return out


def rules_used(part: KnowledgeBase) -> set[str]:
    used = {item.mention.rule for item in part.mentions}
    used |= {rel.relation.rule if rel.relation is not None else rel.source_rule for rel in part.relations}
    used |= {stat.rule for _, stat, _ in part.statistics}
    return used


def _entity(entity: Entity) -> list[Triple]:
    node = entity_iri(entity)
    out = [(node, RDF_TYPE, kg(entity.type)), (node, LABEL, zh(entity.label))]
    out += [(node, SKOS_LABEL, zh(alt)) for alt in sorted(entity.alt_labels)]
    if entity.code:
        out.append((node, kg("divisionCode"), Lit(entity.code)))
    return out


def _rule(rule_id: str, kinds: Mapping[str, str], comments: Mapping[str, str]) -> list[Triple]:
    node = rule_iri(rule_id)
    out = [(node, RDF_TYPE, kg("Rule")), (node, DCT + "identifier", Lit(rule_id)),
           (node, kg("ruleKind"), Lit(kinds.get(rule_id, "unknown")))]
    if comments.get(rule_id):
        out.append((node, RDFS_NS + "comment", Lit(comments[rule_id], "", "en")))
    return out


def entity_layer_triples(entities: Mapping[str, Entity], facts: Iterable[Triple],
                         background: Iterable[ResolvedRelation], rules: Iterable[str],
                         kinds: Mapping[str, str], comments: Optional[Mapping[str, str]] = None) -> list[Triple]:
    """The default graph: every entity, every direct relation, background facts with their
    knowledge source, and the rules used anywhere."""
    comments = comments or {}
    out: list[Triple] = []
    for key in sorted(entities):
        out += _entity(entities[key])
    out += facts
    rules = set(rules)
    for rel in background:
        out.append(direct_triple(rel))
        out += _assertion(rel)
        node = source_iri(rel.source_rule)
        out += [(node, RDF_TYPE, kg("KnowledgeSource")),
                (node, LABEL, Lit(f"knowledge source of rule {rel.source_rule}", "", "en"))]
        rules.add(rel.source_rule)
    for rule_id in sorted(rules):
        out += _rule(rule_id, kinds, comments)
    return out


def to_rdflib(triples: Iterable[Triple]):
    """An rdflib Graph of plain triples (for users who ask for a Graph, and small builds)."""
    from rdflib import Graph, Literal, URIRef

    from .vocab import PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    terms: dict = {}

    def term(value):
        found = terms.get(value)
        if found is None:
            if isinstance(value, Lit):
                found = Literal(value.value, lang=value.lang or None,
                                datatype=URIRef(value.datatype) if value.datatype else None)
            else:
                found = URIRef(value)
            terms[value] = found
        return found

    for s, p, o in triples:
        graph.add((term(s), term(p), term(o)))
    return graph
