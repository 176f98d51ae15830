"""The mention side of the view's model, reduced as it is read: bounded by entities, not mentions.

The page needs, per entity, how often and in which documents it is mentioned, the first
few sentences that mention it, and how often two entities share a sentence; per relation,
its evidence.  :class:`Digest` keeps exactly that.  It is filled either from SPARQL rows
(``kg view`` on any store or file, :func:`kg.view.data.load_model`) or, during ``kg build``,
from each document's triples in the render workers (:func:`digest_triples`), merged in
the parent; both paths end in :meth:`Digest.apply`, so they give the same model
(tests/test_view_digest.py checks that on built graphs).

Mention rows are ``(entity, sentence, begin, end, rule)``; ``rule`` is a rule IRI in the
build path and the rule's identifier in the SPARQL path (``rule_ids`` maps the former).
"""
from __future__ import annotations

from bisect import insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable, Optional

from ..rdf import RDF_TYPE, Lit

KG = "https://w3id.org/kg-cn/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TA_IDENT = "http://www.w3.org/2005/11/its/rdf#taIdentRef"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

MAX_SENTENCES = 6          # sentences kept per entity (the payload ships this many)
MAX_EVIDENCE = 6           # evidence rows kept per relation (the payload ships this many), and their count
CROWDED = 60               # a sentence naming more entities links nothing in particular


def count_pairs(sentences: Iterable[set]) -> Counter:
    """(entity, entity) -> sentences naming both, from each sentence's set of entities;
    sentences naming more than CROWDED entities are left out."""
    counts: Counter = Counter()
    for members in sentences:
        if len(members) <= CROWDED:
            counts.update(combinations(sorted(members), 2))
    return counts


@dataclass
class Digest:
    totals: Counter = field(default_factory=Counter)                  # entity -> mentions
    docs: dict = field(default_factory=lambda: defaultdict(Counter))  # entity -> doc -> mentions
    first: dict = field(default_factory=dict)      # entity -> {sentence: {items}} (smallest sentences)
    pairs: Counter = field(default_factory=Counter)                   # (a, b) -> shared sentences
    sentences: dict = field(default_factory=dict)  # sentence -> (doc, begin, text), those cited
    assertions: list = field(default_factory=list)  # [s, p, o, src, rule, sb, se, ob, oe] (+ bg)
    # merged from other digests: per relation, the first MAX_EVIDENCE text rows (apply's order)
    # and how many there were, so that memory grows with relations, not with assertions
    kept: dict = field(default_factory=dict)        # (s, p, o) -> [row], in apply's order, at most MAX_EVIDENCE
    counted: Counter = field(default_factory=Counter)   # (s, p, o) -> text rows merged
    bounded: bool = False       # a build's digest: it has the layer's sources and rule ids first
    _pruned_at: int = field(default=0, repr=False)      # sentences held after the last pruning
    # the entity side, when the digest was made from triples (all of a build's graphs):
    entity_rows: list = field(default_factory=list)     # (entity, type IRI, label)
    alias_rows: list = field(default_factory=list)      # (entity, alias)
    typed: set = field(default_factory=set)             # nodes of an entity type
    relation_rows: list = field(default_factory=list)   # (s, p, o) candidates: kg: predicate, IRI object
    document_rows: list = field(default_factory=list)   # [document, title, date, identifier]
    identifiers: dict = field(default_factory=dict)     # node -> dcterms:identifier (rules)
    sources: set = field(default_factory=set)           # knowledge sources (background facts)
    # one group's rows, until close(): sentences seen, mentions by sentence
    _group_sentences: dict = field(default_factory=dict, repr=False)
    _group_mentions: list = field(default_factory=list, repr=False)

    # -- filling -------------------------------------------------------------

    def add_sentence(self, iri: str, doc: str, begin: int, text: str) -> None:
        self._group_sentences[iri] = (doc, begin, text)

    def add_mention(self, entity: str, sentence: str, begin: int, end: int, rule: str) -> None:
        self._group_mentions.append((entity, sentence, begin, end, rule))

    def add_assertion(self, row: list) -> None:
        self.assertions.append(row)

    def close(self) -> None:
        """Reduce the rows added since the last close (one document, or a whole store)."""
        sentences, rows = self._group_sentences, self._group_mentions
        self._group_sentences, self._group_mentions = {}, []
        items: dict[str, set] = defaultdict(set)
        for entity, sentence, begin, end, rule in rows:
            if sentence in sentences:
                items[entity].add((sentence, begin, end, rule))
        members: dict[str, set] = defaultdict(set)
        for entity, found in items.items():
            self.totals[entity] += len(found)
            per_doc = self.docs[entity]
            by_sentence: dict[str, set] = {}
            for item in found:
                per_doc[sentences[item[0]][0]] += 1
                members[item[0]].add(entity)
                by_sentence.setdefault(item[0], set()).add(item)
            self._keep(entity, by_sentence)
        self.pairs.update(count_pairs(members.values()))
        cited = {s for kept in self.first.values() for s in kept}
        cited.update(row[3] for row in self._rows() if row[3] is not None)
        for iri, value in sentences.items():
            if iri in cited:
                self.sentences[iri] = value

    def _keep(self, entity: str, by_sentence: dict[str, set]) -> None:
        kept = self.first.setdefault(entity, {})
        for sentence, found in by_sentence.items():
            kept.setdefault(sentence, set()).update(found)
        if len(kept) > MAX_SENTENCES:
            for sentence in sorted(kept)[MAX_SENTENCES:]:
                del kept[sentence]

    def merge(self, other: "Digest") -> None:
        """Add another (closed) digest: the documents' digests, in any order, give the same result."""
        self.totals.update(other.totals)
        for entity, per_doc in other.docs.items():
            self.docs[entity].update(per_doc)
        for entity, kept in other.first.items():
            self._keep(entity, kept)
        self.pairs.update(other.pairs)
        self.sources |= other.sources
        self.identifiers.update(other.identifiers)
        for row in other._rows():
            self._add_row(row)
        self.sentences.update(other.sentences)
        self.entity_rows.extend(other.entity_rows)
        self.alias_rows.extend(other.alias_rows)
        self.typed |= other.typed
        self.relation_rows.extend(other.relation_rows)
        self.document_rows.extend(other.document_rows)
        if len(self.sentences) > max(4096, 2 * self._pruned_at):       # amortised: the set doubled
            self._prune()

    def _rows(self):
        yield from self.assertions
        for rows in self.kept.values():
            yield from rows

    def _add_row(self, row) -> None:
        """A merged assertion row: background rows are kept (they are few, one per fact);
        of the text rows of one relation only the first MAX_EVIDENCE in apply's order, and
        their number.  ``sources`` and ``identifiers`` come from the entity layer's digest,
        which a build digests first (``bounded``); otherwise, and for SPARQL rows (they
        carry their flag), every row is kept as it is."""
        if len(row) > 9 or not self.bounded or row[3] in self.sources:
            self.assertions.append(row)
            return
        triple = (row[0], row[1], row[2])
        self.counted[triple] += 1
        rows = self.kept.setdefault(triple, [])
        order = self._order
        if len(rows) == MAX_EVIDENCE and order(row) >= order(rows[-1]):
            return
        insort(rows, row, key=order)
        del rows[MAX_EVIDENCE:]

    def _order(self, row) -> str:
        """apply's sort key of a text row in a build."""
        return str(self._map(row, self.identifiers) + ["false"])

    def _prune(self) -> None:
        cited = {s for kept in self.first.values() for s in kept}
        cited.update(row[3] for row in self._rows() if row[3] is not None)
        self.sentences = {s: v for s, v in self.sentences.items() if s in cited}
        self._pruned_at = len(self.sentences)

    # -- into the model --------------------------------------------------------

    def apply(self, model, rule_ids: Optional[dict] = None, sources: Optional[set] = None) -> None:
        """Fill ``model``'s mentions, sentences and relation evidence (its entities and
        relations are already read).  ``rule_ids`` maps rule IRIs to identifiers and
        ``sources`` lists the knowledge-source IRIs (background facts) when the rows came
        from triples; SPARQL rows carry both already."""
        def rule(value):
            if rule_ids is None:
                return value or ""
            return rule_ids.get(value, "") if value else ""

        entities = model.entities
        for s, p, o, src, rule_iri, sb, se, ob, oe, *bg in sorted(
                (row + ([] if sources is None else ["true" if row[3] in sources else "false"])
                 for row in self._mapped(rule_ids)), key=str):
            relation = model.relations.get((s, p, o))
            if relation is None:
                continue
            if bg[0] != "true":
                relation["bg"] = False
                relation["count"] = relation.get("count", 0) + 1
                if len(relation["evidence"]) < MAX_EVIDENCE:
                    relation["evidence"].append((src, rule_iri or "", _int(sb), _int(se), _int(ob), _int(oe)))
            elif src and src.rsplit("/", 1)[-1] not in relation["sources"]:
                relation["sources"].append(src.rsplit("/", 1)[-1])
        for triple, count in self.counted.items():      # text rows merged beyond the kept ones
            relation = model.relations.get(triple)
            if relation is not None:
                relation["count"] += count - len(self.kept[triple])
        mentions, totals, docs = {}, {}, {}
        for entity in sorted(self.first):
            if entity not in entities:
                continue
            items = sorted({(s, b, e, rule(r)) for found in self.first[entity].values() for s, b, e, r in found})
            mentions[entity] = items
            totals[entity] = self.totals[entity]
            docs[entity] = dict(sorted(self.docs[entity].items()))
        model.mentions, model.mention_totals, model.mention_docs = mentions, totals, docs
        model.pairs = Counter({pair: n for pair, n in self.pairs.items()
                               if pair[0] in entities and pair[1] in entities})
        cited = {s for items in mentions.values() for s, *_ in items}
        cited.update(src for relation in model.relations.values() for src, *_ in relation["evidence"])
        model.sentences = {s: v for s, v in sorted(self.sentences.items()) if s in cited}

    def _mapped(self, rule_ids: Optional[dict]):
        for row in self._rows():
            yield self._map(row, rule_ids)

    @staticmethod
    def _map(row, rule_ids: Optional[dict]) -> list:
        row = list(row)
        if rule_ids is not None:
            row[4] = rule_ids.get(row[4]) if row[4] else None
        return row



def _int(value) -> Optional[int]:
    return None if value is None else int(value)


def _value(term) -> str:
    return term.value if isinstance(term, Lit) else term


ENTITY_TYPES = frozenset(KG + t for t in ("Organization", "Place", "Person", "Position", "Policy", "Campaign",
                                          "Concept", "Event", "Work"))
NOT_RELATIONS = frozenset({KG + "mentions", KG + "about", KG + "inDocument", KG + "extractedBy"})
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT = "http://purl.org/dc/terms/"


def digest_triples(triples: Iterable[tuple], props: Optional[dict] = None) -> Digest:
    """The digest of one named graph's triples (a document's, or the entity layer): the rows
    the view's SPARQL would read from that graph, reduced.  ``props``: the triples already
    indexed as subject -> predicate -> objects (kg.checks.Block.props)."""
    if props is None:
        props = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            props[s][p].append(o)
    digest = Digest()

    def one(node: dict, predicate: str):
        values = node.get(predicate)
        return _value(values[0]) if values else None

    def every(node: dict, predicate: str) -> list:
        return [_value(v) for v in node.get(predicate, ())] or [None]

    for iri, node in props.items():
        types = node.get(RDF_TYPE, ())
        entity_types = [t for t in types if t in ENTITY_TYPES]
        if entity_types:
            digest.typed.add(iri)
            for label in node.get(LABEL, ()):
                if isinstance(label, Lit):
                    digest.entity_rows.extend((iri, t, label.value) for t in entity_types)
        for alias in node.get(ALT_LABEL, ()):
            if isinstance(alias, Lit):
                digest.alias_rows.append((iri, alias.value))
        if entity_types or not types:       # nodes of other classes (mentions...) relate nothing
            for predicate, values in node.items():
                if predicate.startswith(KG) and predicate not in NOT_RELATIONS:
                    digest.relation_rows.extend((iri, predicate, o) for o in values if not isinstance(o, Lit))
        if KG + "Document" in types:
            digest.document_rows.extend([iri, title, date, ident] for title in every(node, DCT + "title")
                                        for date in every(node, DCT + "date")
                                        for ident in every(node, DCT + "identifier"))
        if KG + "Rule" in types and DCT + "identifier" in node:
            digest.identifiers[iri] = one(node, DCT + "identifier")
        if KG + "KnowledgeSource" in types:
            digest.sources.add(iri)
        if KG + "Sentence" in types:
            doc, begin, text = one(node, NIF + "referenceContext"), one(node, NIF + "beginIndex"), \
                one(node, NIF + "anchorOf")
            if doc is not None and begin is not None and text is not None:
                digest.add_sentence(iri, doc, int(begin), text)
        if TA_IDENT in node:
            sentence, begin, end = one(node, NIF + "sentence"), one(node, NIF + "beginIndex"), \
                one(node, NIF + "endIndex")
            if sentence is not None and begin is not None and end is not None:
                rule = one(node, KG + "extractedBy") or ""
                for entity in node[TA_IDENT]:
                    digest.add_mention(entity, sentence, int(begin), int(end), rule)
        if KG + "Assertion" in types:
            s, p, o = one(node, RDF + "subject"), one(node, RDF + "predicate"), one(node, RDF + "object")
            if s is None or p is None or o is None:
                continue

            def span(mention_iri):
                mention = props.get(mention_iri) if mention_iri else None
                if not mention:
                    return None, None
                return one(mention, NIF + "beginIndex"), one(mention, NIF + "endIndex")

            sb, se = span(one(node, KG + "subjectMention"))
            ob, oe = span(one(node, KG + "objectMention"))
            digest.add_assertion([s, p, o, one(node, DERIVED), one(node, KG + "extractedBy"), sb, se, ob, oe])
    digest.close()
    return digest
