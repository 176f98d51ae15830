"""Every rule's examples pass: each rule shows what it finds, and that it still finds it."""
from __future__ import annotations

import pytest

from kg.extract.rulefile import _parse, rule_files
from kg.rulecheck import run_example

# The cases come from the rule files' YAML (a fraction of a second at collection); the rules
# themselves are compiled once, in the session's pipeline.
CASES = [(spec["id"], i) for path in rule_files() for spec in _parse(path).get("rules") or []
         if spec.get("enabled", True) is not False for i, _ in enumerate(spec.get("examples") or [])]


def test_rules_examples_every_rule_has_one(pipeline):
    assert all(rule.examples for rule in pipeline.ruleset.rules)
    assert len(pipeline.ruleset.rules) >= 50
    assert CASES == [(rule.id, i) for rule in pipeline.ruleset.rules for i, _ in enumerate(rule.examples)]


@pytest.mark.parametrize("rule_id, index", CASES, ids=[f"{r}#{i}" for r, i in CASES])
def test_rules_example_passes(pipeline, rule_id, index):
    rule = pipeline.ruleset.by_id(rule_id)
    problems = run_example(pipeline, rule, rule.examples[index])
    assert not problems, f"{rule.where.path.name}: {rule_id}: " + "; ".join(problems)
