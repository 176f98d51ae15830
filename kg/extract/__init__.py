"""Extract stage: declarative rules (kg/data/rules/*.yaml) -> mentions, relations, statistics."""
from .base import RULE_KINDS, Rule, rule_kind
from .engine import Extractor, select
from .rulefile import RuleSet, extend_rules, load_rules

__all__ = ["RULE_KINDS", "Extractor", "Rule", "RuleSet", "extend_rules", "load_rules", "rule_kind", "select"]
