"""Every rule's examples pass: each rule shows what it finds, and that it still finds it."""
from __future__ import annotations

import pytest

from kg.extract import load_rules
from kg.rulecheck import run_example

RULESET = load_rules()
CASES = [(rule.id, i) for rule in RULESET.rules for i, _ in enumerate(rule.examples)]


def test_rules_examples_every_rule_has_one():
    assert all(rule.examples for rule in RULESET.rules)
    assert len(RULESET.rules) >= 50


@pytest.mark.parametrize("rule_id, index", CASES, ids=[f"{r}#{i}" for r, i in CASES])
def test_rules_example_passes(pipeline, rule_id, index):
    rule = pipeline.ruleset.by_id(rule_id)
    problems = run_example(pipeline, rule, rule.examples[index])
    assert not problems, f"{rule.where.path.name}: {rule_id}: " + "; ".join(problems)
