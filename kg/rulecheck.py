"""Run the examples that every rule carries and report the ones that fail.

An example is ``{text, entities, relations, statistics, absent}``:
  entities:   ["沙洲村/Place", ...]      label, alias or surface, and type
  relations:  ["沙洲村 locatedIn 汝城县"]  labels (or aliases) and a property
  statistics: [{value: '51', unit: 个, measure: 贫困县}]
  absent:     ["中心组/Organization"]    no entity may carry this label, and
              ["黄河 locatedIn 青铜峡市"]  no such relation may hold
At least one expected item must come from the rule itself, so that every example
really exercises its rule.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterable

from .corpus import parse_document
from .extract.base import Rule
from .model import KnowledgeBase
from .pipeline import Pipeline
from .text import label_form, match_key

_STAT_FIELDS = ("value", "value_to", "unit", "measure", "period_start", "period_end", "period")


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    location: str
    text: str
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.location}: rule '{self.rule}': example {self.text[:40]!r}: " + "; ".join(self.problems)


def _split_entity(spec: str) -> tuple[str, str]:
    text, _, type_ = str(spec).rpartition("/")
    return text, type_


class _Found:
    """What a pipeline run produced, indexed for the checks."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.names: dict[str, set[str]] = {}
        for entity in kb.entities.values():
            forms = {match_key(entity.label)} | {match_key(a) for a in entity.alt_labels}
            self.names[entity.key] = forms
        self.surfaces = {(match_key(label_form(m.mention.text)), m.mention.type, m.mention.rule)
                         for m in kb.mentions}

    def keys_named(self, text: str, type_: str | None = None) -> set[str]:
        key = match_key(text)
        return {k for k, forms in self.names.items()
                if key in forms and (type_ is None or self.kb.entities[k].type == type_)}

    def entity(self, text: str, type_: str) -> bool:
        key = match_key(text)
        return bool(self.keys_named(text, type_)) or any(s == key and t == type_ for s, t, _ in self.surfaces)

    def relation(self, spec: str) -> tuple[bool, set[str]]:
        parts = spec.split()
        if len(parts) != 3:
            return False, set()
        subject, predicate, obj = parts
        subjects = self.keys_named(subject)
        objects = self.keys_named(obj)
        rules = set()
        hit = False
        for rel in self.kb.relations:
            if rel.predicate == predicate and rel.subject in subjects and \
                    (rel.object in objects or rel.object == obj):
                hit = True
                if rel.relation is not None:
                    rules.add(rel.relation.rule)
                if rel.source_rule:
                    rules.add(rel.source_rule)
        return hit, rules


def run_example(pipeline: Pipeline, rule: Rule, example: dict) -> list[str]:
    """Problems with one example (empty when it passes)."""
    text = str(example["text"]).strip()
    document = parse_document(text, name=f"example-{rule.id}")
    extraction = pipeline.extract(document)
    kb = pipeline.resolve([extraction])
    found = _Found(kb)
    problems: list[str] = []
    own = False
    for spec in example.get("entities") or []:
        name, type_ = _split_entity(spec)
        if not found.entity(name, type_):
            problems.append(f"entity {spec} not found")
        elif _produces_entity(pipeline, rule, document, name, type_, found):
            own = True
    for spec in example.get("relations") or []:
        hit, rules = found.relation(str(spec))
        if not hit:
            problems.append(f"relation '{spec}' not found")
        elif rule.id in rules:
            own = True
    for spec in example.get("statistics") or []:
        match = [stat for _, stat, _ in kb.statistics if _stat_matches(stat, spec)]
        if not match:
            problems.append(f"statistic {dict(spec)} not found (found: {_stat_list(kb)})")
        elif any(stat.rule == rule.id for stat in match):
            own = True
    problems += _absent_problems(found, kb, example)
    expects = any(example.get(k) for k in ("entities", "relations", "statistics"))
    if rule.stage == "context" and not problems:
        # A context rule changes resolution: without it, the example must no longer hold.
        # (Or, for rules whose effect is the identity of entities, such as document scoping,
        # the example's entities must be keyed differently without it.)
        kb_without = without_rule(pipeline, rule).resolve([extraction])
        if not _expectation_problems(_Found(kb_without), kb_without, example) and \
                set(kb_without.entities) == set(kb.entities):
            problems.append("the example holds without this rule too, so it does not show the rule's effect")
        return problems
    if expects and not own and not problems:
        problems.append("none of the expected results comes from this rule")
    return problems


def _expectation_problems(found: "_Found", kb: KnowledgeBase, example: dict) -> list[str]:
    """Which expected items (entities, relations, statistics, absent) fail in ``kb``."""
    problems = [f"entity {spec} not found" for spec in example.get("entities") or []
                if not found.entity(*_split_entity(spec))]
    problems += [f"relation '{spec}' not found" for spec in example.get("relations") or []
                 if not found.relation(str(spec))[0]]
    problems += [f"statistic {spec} not found" for spec in example.get("statistics") or []
                 if not any(_stat_matches(stat, spec) for _, stat, _ in kb.statistics)]
    return problems + _absent_problems(found, kb, example)


def _absent_problems(found: "_Found", kb: KnowledgeBase, example: dict) -> list[str]:
    """``absent`` items found all the same: an entity ("中心组/Organization") or a relation
    ("黄河 locatedIn 青铜峡市", any relation of the knowledge base)."""
    problems = []
    for spec in example.get("absent") or []:
        if len(str(spec).split()) == 3:
            if found.relation(str(spec))[0]:
                problems.append(f"relation '{spec}' should not be there")
            continue
        name, type_ = _split_entity(spec)
        if any(e.type == type_ and match_key(e.label) == match_key(name) for e in kb.entities.values()):
            problems.append(f"entity {spec} should not be there")
    return problems


def without_rule(pipeline: Pipeline, rule: Rule) -> Pipeline:
    """The same pipeline with one context rule taken out of the resolver's knowledge layer,
    to show what the rule changes."""
    knowledge = pipeline.resolver.knowledge
    context = {kind: [r for r in rules if r is not rule] for kind, rules in knowledge.context.items()}
    resolver = dataclasses.replace(pipeline.resolver, knowledge=dataclasses.replace(knowledge, context=context))
    return dataclasses.replace(pipeline, resolver=resolver)


def _produces_entity(pipeline: Pipeline, rule: Rule, document, name: str, type_: str, found: _Found) -> bool:
    key = match_key(name)
    if any(s == key and t == type_ and r == rule.id for s, t, r in found.surfaces):
        return True
    entries = getattr(rule, "entries", None)
    if entries is not None:
        return any(e.surface == key and e.type == type_ for e in entries)
    finder = getattr(rule, "find", None)
    if finder is None or rule.stage != "entity":
        return False
    segmented = pipeline.segment(document)
    return any(match_key(label_form(m.text)) == key and m.type == type_
               for sentence in segmented.sentences for m in finder(sentence))


def _stat_matches(stat, spec: dict) -> bool:
    actual = {"value": stat.value, "value_to": stat.value_to, "unit": stat.unit, "measure": stat.measure,
              "period_start": stat.period_start, "period_end": stat.period_end, "period": stat.period_text}
    return all(str(actual[f]) == str(spec[f]) for f in _STAT_FIELDS if f in spec)


def _stat_list(kb: KnowledgeBase) -> str:
    return ", ".join(f"{s.value}{s.unit}:{s.measure}" for _, s, _ in kb.statistics) or "none"


def check_rules(pipeline: Pipeline, rules: Iterable[Rule] | None = None) -> list[ExampleFailure]:
    failures: list[ExampleFailure] = []
    for rule in rules if rules is not None else pipeline.ruleset.rules:
        for example in rule.examples:
            problems = run_example(pipeline, rule, example)
            if problems:
                location = f"{rule.where.path.name}:{example.get('__line__', rule.where.line)}"
                failures.append(ExampleFailure(rule.id, location, str(example["text"]).strip(), tuple(problems)))
    return failures
