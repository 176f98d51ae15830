"""Corpus merge: per-document results -> one entity layer.

Workers resolve each document on its own (kg.resolve); here their entity
contributions are merged by key, titles cited without their issuer's prefix
are merged into the full title (optional_prefix rules), and background facts
are added.  Memory grows with the number of distinct entities and facts, not
with documents, tokens or mentions.
"""
from __future__ import annotations

from typing import Optional

from .background import background_relations
from .graph import rules_used
from .model import DocSummary, Entity, KnowledgeBase, ResolvedRelation
from .text import match_key


def summarize(part: KnowledgeBase) -> DocSummary:
    """The summary of one resolved document (``part`` holds exactly one document)."""
    doc = part.documents[0]
    facts = {(r.subject, r.predicate, r.object) for r in part.relations if r.relation is not None}
    return DocSummary(
        doc_id=doc.doc_id, name=doc.name, path=doc.path, encoding=doc.encoding, chars=len(doc.text),
        sentences=len(doc.sentences), boilerplate_lines=doc.boilerplate_lines, title=doc.meta.title,
        entities=part.entities, facts=facts, rules=rules_used(part),
        mentions=sum(1 for m in part.mentions if m.entity), assertions=len(part.relations),
        statistics=len(part.statistics))


class EntityLayer:
    """Entities and direct facts of the whole corpus, merged document by document."""

    def __init__(self, knowledge) -> None:
        self.knowledge = knowledge
        self.entities: dict[str, Entity] = {}
        self.facts: set[tuple[str, str, str]] = set()
        self.rules: set[str] = set()

    @classmethod
    def for_resolver(cls, resolver) -> "EntityLayer":
        return cls(resolver.knowledge)

    def add(self, part) -> None:
        summary = part if isinstance(part, DocSummary) else summarize(part)
        for key, entity in summary.entities.items():
            mine = self.entities.get(key)
            if mine is None:
                self.entities[key] = Entity(key, entity.type, entity.label, set(entity.alt_labels),
                                            entity.code, set(entity.links))
            else:
                mine.alt_labels |= entity.alt_labels
                mine.links |= entity.links
        self.facts |= summary.facts
        self.rules |= summary.rules

    def finish(self) -> tuple[dict[str, str], list[ResolvedRelation]]:
        """Merge prefixed titles, then add background facts.  Returns the key renames
        (to apply to every document's results) and the background relations."""
        renames = prefix_renames(self.entities, self.knowledge.prefix_merges)
        for old, new in renames.items():
            merged = self.entities.pop(old)
            target = self.entities[new]
            target.alt_labels |= merged.alt_labels | {merged.label}
            target.alt_labels.discard(target.label)
            target.links |= merged.links
        if renames:
            self.facts = {(renames.get(s, s), p, renames.get(o, o)) for s, p, o in self.facts}
        k = self.knowledge
        background = background_relations(self.entities, k.gazetteer, k.gazetteer_rule, k.index)
        return renames, background


def prefix_renames(entities: dict[str, Entity], rules) -> dict[str, str]:
    """《X》 -> 《中国共产党X》 when both are entities (optional_prefix rules)."""
    renames: dict[str, str] = {}
    for rule in rules:
        by_label = {(e.type, match_key(e.label)): key for key, e in entities.items()}
        for key, entity in sorted(entities.items()):
            if entity.type != rule.type or "@" in key:
                continue
            for prefix in rule.prefixes:
                target = by_label.get((entity.type, match_key(prefix + entity.label)))
                if target and target != key:
                    renames[key] = target
                    break
    return renames


def fact_object_is_value(predicate: str) -> bool:
    from .vocab import datatype_properties

    return predicate in datatype_properties()


def direct_fact_triples(facts, renames: Optional[dict[str, str]] = None):
    """Direct triples of text relations, from (subject key, predicate, object) facts."""
    from .graph import key_iri, kg, time_literal

    renames = renames or {}
    for s, p, o in sorted(facts):
        obj = time_literal(o) if fact_object_is_value(p) else key_iri(renames.get(o, o))
        yield (key_iri(renames.get(s, s)), kg(p), obj)
