"""Gold annotation files (format: tests/gold/README.md) and entity-level document scoring."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import ValidationFailed
from ..model import (ENTITY_TYPES, KnowledgeBase)
from ..text import label_form, match_key
from .scores import Score, micro

# -- gold files ---------------------------------------------------------------

_GOLD_KEYS = {"document", "entities", "relations", "note"}
_ENTITY_KEYS = {"text", "type", "note"}
_RELATION_KEYS = {"subject", "predicate", "object", "note"}


@dataclass(frozen=True)
class GoldEntity:
    names: tuple[str, ...]    # equivalent names of one real entity
    type: str

    @property
    def keys(self) -> set[str]:
        return {match_key(n) for n in self.names}


@dataclass(frozen=True)
class GoldRelation:
    subject: tuple[str, ...]
    predicate: str
    object: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.subject[0]} {self.predicate} {self.object[0]}"


@dataclass(frozen=True)
class Gold:
    """One annotated document."""

    path: Path
    document: Path
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...] = ()


def _line_of(raw: str, value: object, after: str) -> int:
    """Line of the first occurrence of ``value`` (as JSON) after the key ``after``, or 1."""
    start = max(raw.find(f'"{after}"'), 0)
    for needle in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        pos = raw.find(needle, start)
        if pos >= 0:
            return raw.count("\n", 0, pos) + 1
    return 1


def _names(value: object) -> Optional[tuple[str, ...]]:
    """A name or a list of names, as a tuple of non-empty strings; None if malformed."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return None
    if not all(isinstance(n, str) and n.strip() for n in items):
        return None
    return tuple(n.strip() for n in items)


def _first_name(item: object) -> object:
    """What to search for to find an item's line: its first string value."""
    if isinstance(item, dict):
        for value in item.values():
            if isinstance(value, str):
                return value
            if isinstance(value, list) and value and isinstance(value[0], str):
                return value[0]
    return item


def _gold_entity(item: object) -> GoldEntity | str:
    """A GoldEntity, or what is wrong with ``item``."""
    if not isinstance(item, dict):
        return "an entity must be an object {\"text\": ..., \"type\": ...}"
    if unknown := set(item) - _ENTITY_KEYS:
        return f"unknown key(s) {sorted(unknown)} in entity (allowed: text, type, note)"
    names = _names(item.get("text"))
    if names is None:
        return "entity 'text' must be a non-empty name or a list of names"
    if item.get("type") not in ENTITY_TYPES:
        return f"entity {names[0]!r} has type {item.get('type')!r}; known types: {', '.join(ENTITY_TYPES)}"
    return GoldEntity(names, item["type"])


def _gold_relation(item: object, predicates: set[str]) -> GoldRelation | str:
    """A GoldRelation, or what is wrong with ``item``."""
    if not isinstance(item, dict):
        return "a relation must be an object {\"subject\", \"predicate\", \"object\"}"
    if unknown := set(item) - _RELATION_KEYS:
        return f"unknown key(s) {sorted(unknown)} in relation (allowed: subject, predicate, object, note)"
    subject, obj = _names(item.get("subject")), _names(item.get("object"))
    if subject is None or obj is None:
        return "relation 'subject' and 'object' must be non-empty names or lists of names"
    if item.get("predicate") not in predicates:
        return f"relation predicate {item.get('predicate')!r} is not an ontology property; " \
               f"known: {', '.join(sorted(predicates))}"
    return GoldRelation(subject, item["predicate"], obj)


def _ontology_predicates() -> set[str]:
    from ..vocab import datatype_properties, object_properties

    return set(object_properties()) | set(datatype_properties())


def load_gold(path: str | Path) -> Gold:
    """Read and check a gold file; E504 if it is missing, E503 if it is malformed."""
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed("E504", path=path, detail="Give the path of a gold .json file.")
    raw = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationFailed("E503", path=path, line=exc.lineno, detail=exc.msg) from exc

    def fail(detail: str, item: object = None, after: str = "document") -> ValidationFailed:
        line = _line_of(raw, _first_name(item), after) if item is not None else 1
        return ValidationFailed("E503", path=path, line=line, detail=detail)

    if not isinstance(data, dict):
        raise fail("the file must hold one JSON object {\"document\", \"entities\", \"relations\"}")
    if unknown := set(data) - _GOLD_KEYS:
        raise fail(f"unknown key(s) {sorted(unknown)} (allowed: document, entities, relations, note)")
    if not isinstance(data.get("document"), str) or not data["document"].strip():
        raise fail("'document' must be the path of the annotated text")
    entities, relations = [], []
    for key, parse, out in (("entities", _gold_entity, entities),
                            ("relations", lambda i: _gold_relation(i, _ontology_predicates()), relations)):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise fail(f"'{key}' must be a list", key, key)
        for item in items:
            parsed = parse(item)
            if isinstance(parsed, str):
                raise fail(parsed, item, key)
            out.append(parsed)
    return Gold(path, find_document(data["document"], path), tuple(entities), tuple(relations))


def find_document(raw: str, gold_path: Path) -> Path:
    """The annotated text: relative to the working directory, else to a folder above the gold file."""
    path = Path(raw)
    if path.is_absolute():
        candidates = [path]
    else:
        candidates = [path] + [parent / path for parent in Path(gold_path).resolve().parents]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ValidationFailed("E504", path=raw, detail=f"{gold_path} names this document; it is not in the "
                           "working directory nor under any folder above the gold file.")


@dataclass(frozen=True)
class PredictedEntity:
    key: str
    type: str
    label: str
    names: frozenset[str]     # match keys of label, alt labels and mention surfaces


@dataclass(frozen=True)
class MissedEntity:
    entity: GoldEntity
    hint: str = ""            # e.g. "predicted as Organization 湖南省委"


@dataclass
class DocumentScore:
    """Entity- and relation-level scores of one gold document, with the errors to act on."""

    gold: Gold
    entities: dict[str, Score]
    relations: Score
    missed_entities: list[MissedEntity] = field(default_factory=list)
    false_entities: list[PredictedEntity] = field(default_factory=list)
    missed_relations: list[GoldRelation] = field(default_factory=list)
    false_relations: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def micro(self) -> Score:
        return micro(self.entities.values())

    def to_dict(self) -> dict:
        return {
            "gold": str(self.gold.path), "document": str(self.gold.document),
            "entities": {t: s.to_dict() for t, s in sorted(self.entities.items())},
            "micro": self.micro.to_dict(), "relations": self.relations.to_dict(),
            "missed_entities": [{"text": list(m.entity.names), "type": m.entity.type, "hint": m.hint}
                                for m in self.missed_entities],
            "false_entities": [{"label": e.label, "type": e.type} for e in self.false_entities],
            "missed_relations": [str(r) for r in self.missed_relations],
            "false_relations": [" ".join(r) for r in self.false_relations],
        }


def entity_names(kb: KnowledgeBase, doc_id: Optional[str] = None) -> dict[str, set[str]]:
    """Match keys of every entity's names: label, alt labels and its mentions' surfaces."""
    names = {key: {match_key(e.label)} | {match_key(a) for a in e.alt_labels}
             for key, e in kb.entities.items()}
    for rm in kb.mentions:
        if rm.entity and rm.entity in names and (doc_id is None or rm.doc_id == doc_id):
            names[rm.entity].add(match_key(label_form(rm.mention.text)))
    return names


def predicted_entities(kb: KnowledgeBase, doc_id: Optional[str] = None) -> list[PredictedEntity]:
    """Entities with at least one mention in the document; background-only entities do not count."""
    names = entity_names(kb, doc_id)
    keys = dict.fromkeys(rm.entity for rm in kb.mentions
                         if rm.entity and rm.entity in kb.entities and (doc_id is None or rm.doc_id == doc_id))
    return [PredictedEntity(k, kb.entities[k].type, kb.entities[k].label, frozenset(names[k])) for k in keys]


def _hint(gold: GoldEntity, predicted: list[PredictedEntity]) -> str:
    """Why a gold entity may have been missed: found with another type, or only a longer/shorter name."""
    keys = gold.keys
    other = [p for p in predicted if p.names & keys]
    if other:
        return "predicted as " + ", ".join(f"{p.type} {p.label}" for p in other)
    near = [p for p in predicted if any(k in n or n in k for k in keys for n in p.names if n)]
    if near:
        return "overlaps " + ", ".join(f"{p.type} {p.label}" for p in near[:3])
    return ""


def _relation_hits(rel: GoldRelation, subject: set[str], predicate: str, obj: set[str]) -> bool:
    return predicate == rel.predicate and bool(subject & {match_key(n) for n in rel.subject}) \
        and bool(obj & {match_key(n) for n in rel.object})


def score_document(gold: Gold, kb: KnowledgeBase, doc_id: Optional[str] = None) -> DocumentScore:
    """Compare a document's knowledge base with its gold annotation."""
    predicted = predicted_entities(kb, doc_id)
    entities: dict[str, Score] = {}
    missed: list[MissedEntity] = []
    for g in gold.entities:
        score = entities.setdefault(g.type, Score())
        score.gold += 1
        if any(p.type == g.type and p.names & g.keys for p in predicted):
            score.found += 1
        else:
            missed.append(MissedEntity(g, _hint(g, predicted)))
    false: list[PredictedEntity] = []
    for p in predicted:
        score = entities.setdefault(p.type, Score())
        score.predicted += 1
        if any(g.type == p.type and p.names & g.keys for g in gold.entities):
            score.correct += 1
        else:
            false.append(p)
    relations, missed_rel, false_rel = _score_relations(gold, kb, doc_id)
    return DocumentScore(gold, entities, relations, missed, false, missed_rel, false_rel)


def _score_relations(gold: Gold, kb: KnowledgeBase, doc_id: Optional[str]
                     ) -> tuple[Score, list[GoldRelation], list[tuple[str, str, str]]]:
    """Recall over every KB relation (text or background); precision over text-derived ones."""
    names = entity_names(kb, doc_id)

    def ends(key: str) -> set[str]:
        return names.get(key) or {match_key(key)}     # a literal object such as a date

    def label(key: str) -> str:
        return kb.entities[key].label if key in kb.entities else key

    score = Score(gold=len(gold.relations))
    missed = []
    for g in gold.relations:
        if any(_relation_hits(g, ends(r.subject), r.predicate, ends(r.object)) for r in kb.relations):
            score.found += 1
        else:
            missed.append(g)
    triples = dict.fromkeys((r.subject, r.predicate, r.object) for r in kb.relations
                            if r.relation is not None and (doc_id is None or r.doc_id == doc_id))
    false = []
    for s, p, o in triples:
        score.predicted += 1
        if any(_relation_hits(g, ends(s), p, ends(o)) for g in gold.relations):
            score.correct += 1
        else:
            false.append((label(s), p, label(o)))
    return score, missed, false


def evaluate_gold(gold: Gold | str | Path, pipeline=None) -> DocumentScore:
    """Run the pipeline on a gold file's document and score the result."""
    from ..corpus import read_document
    from ..pipeline import Pipeline

    gold = gold if isinstance(gold, Gold) else load_gold(gold)
    pipeline = pipeline or Pipeline.load()
    document = read_document(gold.document)
    kb = pipeline.resolve([pipeline.extract(document)])
    return score_document(gold, kb, document.doc_id)
