"""Background facts: what the gazetteer and the lexicons know beyond the text.

Every place with a division code climbs the gazetteer to its province (汝城县 →
郴州市 → 湖南省), and lexicon entries bring their links (中央办公厅
subOrganizationOf 中共中央).  These facts carry the rule of their knowledge source
instead of a sentence.
"""
from __future__ import annotations

from typing import Optional

from .extract.gazetteer import Division, Gazetteer
from .extract.lexicon import LexiconIndex
from .model import Entity, ResolvedRelation
from .text import match_key


def place_key(division: Division) -> str:
    return f"Place#{division.official_code}" if division.official_code else f"Place:{match_key(division.name)}"


def official(code: str) -> bool:
    """A statistics-bureau code (digits), not a made-up gazetteer id."""
    return bool(code) and code.isdigit()


def ensure_entity(kb, key: str, type_: str, label: str, code: Optional[str] = None) -> Entity:
    """The entity under ``key`` in ``kb`` (a KnowledgeBase or a plain dict of entities), created if new."""
    entities = kb if isinstance(kb, dict) else kb.entities
    entity = entities.get(key)
    if entity is None:
        entity = entities[key] = Entity(key, type_, label, code=code if type_ == "Place" else None)
    return entity


def background_relations(entities: dict[str, Entity], gazetteer: Optional[Gazetteer], gazetteer_rule: str,
                         index: LexiconIndex) -> list[ResolvedRelation]:
    """The gazetteer hierarchy and lexicon links of every entity, each fact once; entities the
    facts need (the province above a county) are added to ``entities``."""
    kb = entities
    facts: set[tuple[str, str, str, str]] = set()
    for key in sorted(kb):
        entity = kb[key]
        if entity.type == "Place" and entity.code and gazetteer is not None:
            chain = gazetteer.chain(entity.code)
            for child, parent in zip(chain, chain[1:]):
                parent_key = place_key(parent)
                ensure_entity(kb, parent_key, "Place", parent.name, parent.official_code or None)
                facts.add((place_key(child), "locatedIn", parent_key, gazetteer_rule))
        for predicate, target, rule in sorted(entity.links):
            target_key = _lexicon_entity(kb, index, target)
            if target_key and target_key != key:
                facts.add((key, predicate, target_key, rule))
    return [ResolvedRelation(None, "", subject, predicate, obj, source_rule=rule)
            for subject, predicate, obj, rule in sorted(facts)]


def _lexicon_entity(kb: dict, index: LexiconIndex, name: str) -> Optional[str]:
    """The entity a link names, created from its lexicon entry when the text did not mention it."""
    entries = [e for e in index.lookup(name) if not e.is_alias]
    if not entries:
        return None
    entry = entries[0]
    code = entry.code if official(entry.code) and entry.type == "Place" else ""
    key = f"Place#{code}" if code else f"{entry.type}:{match_key(entry.name)}"
    ensure_entity(kb, key, entry.type, entry.name, code or None)
    return key
