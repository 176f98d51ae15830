"""Load rule files (YAML) into a RuleSet, reporting problems with file, line and rule id.

A rule file is a mapping with an optional ``lists:`` section (named word lists)
and a ``rules:`` sequence.  Every rule has ``id``, ``kind`` and ``examples``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import yaml

from ..errors import RuleError
from ..resources import rule_files
from .base import RULE_KINDS, ListRegistry, Rule, Where, valid_rule_id


#: What an example may say (see kg/rulecheck.py); a misspelt key would silently check nothing.
EXAMPLE_KEYS = frozenset({"text", "entities", "relations", "statistics", "absent", "__line__"})


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~10x faster parsing
    """SafeLoader that records the 1-based line of every mapping as ``__line__``."""

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    lists: ListRegistry = field(default_factory=ListRegistry)
    files: list[Path] = field(default_factory=list)
    #: every rule id of the files, disabled rules included (a later file may not reuse one)
    ids: dict[str, Where] = field(default_factory=dict)

    def stage(self, name: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.stage == name]

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _parse(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError("E201", path=path, line=1, detail=f"not UTF-8 ({exc.reason})") from exc
    except OSError as exc:
        raise RuleError("E201", path=path, line=0, detail=exc.strerror or str(exc)) from exc
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError("E201", path=path, line=line,
                        detail=str(exc.problem or exc).strip()) from exc
    except yaml.YAMLError as exc:
        raise RuleError("E201", path=path, line=0, detail=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise RuleError("E201", path=path, line=1,
                        detail="expected a mapping with a 'rules:' list (and optional 'lists:')")
    return data


def _collect_lists(path: Path, data: dict, lists: ListRegistry) -> None:
    section = data.get("lists") or {}
    if not isinstance(section, dict):
        raise RuleError("E201", path=path, line=1, detail="'lists:' must map names to word lists")
    for name, words in section.items():
        if name == "__line__":
            continue
        where = Where(path, section.get("__line__", 1), f"lists.{name}")
        if not isinstance(words, list):
            raise where.fail("a list must be a YAML sequence of words")
        lists.add(name, words, where)


def _build_rule(path: Path, spec: object, lists: ListRegistry, seen: dict[str, Where]) -> Rule | None:
    if not isinstance(spec, dict):
        raise RuleError("E201", path=path, line=0, detail=f"each rule must be a mapping, got {spec!r:.60}")
    line = spec.get("__line__", 0)
    rule_id = spec.get("id")
    if not valid_rule_id(rule_id):
        raise RuleError("E202", path=path, line=line, rule=rule_id or "?",
                        detail="'id' must be lower-case letters, digits, '.', '_' or '-'")
    where = Where(path, line, rule_id)
    if rule_id in seen:
        first = seen[rule_id]
        raise RuleError("E204", path=path, line=line, rule=rule_id, first=f"{first.path}:{first.line}")
    seen[rule_id] = where
    kind = spec.get("kind")
    if kind not in RULE_KINDS:
        raise RuleError("E203", path=path, line=line, rule=rule_id, kind=kind,
                        known=", ".join(sorted(RULE_KINDS)))
    examples = spec.get("examples")
    if not isinstance(examples, list) or not examples or not all(isinstance(e, dict) and "text" in e
                                                                  for e in examples):
        raise where.fail("needs 'examples': a list of at least one {text: ..., ...} with expected results")
    for example in examples:
        unknown = sorted(set(example) - EXAMPLE_KEYS)
        if unknown:
            raise RuleError("E202", path=path, line=example.get("__line__", line), rule=rule_id,
                            detail=f"unknown example key(s) {', '.join(map(str, unknown))}; an example takes: "
                                   + ", ".join(sorted(EXAMPLE_KEYS - {"__line__"})))
    if spec.get("enabled", True) is False:
        return None
    cls = RULE_KINDS[kind]
    cls.check_keys(spec, where)
    return cls.from_spec(spec, where, lists)


def load_rules(extra: Sequence[str | Path] = (), builtin: bool = True) -> RuleSet:
    """Load the built-in rule files (unless ``builtin`` is False) and then ``extra`` ones."""
    from . import kinds  # noqa: F401  (registers the built-in rule kinds)

    parsed = _read_files((rule_files() if builtin else []) + [Path(p) for p in extra])
    ruleset = RuleSet(files=[path for path, _ in parsed])
    for path, data in parsed:          # lists first: any file may use any list
        _collect_lists(path, data, ruleset.lists)
    # A user's rule file is checked before the built-in rules are built (seconds of
    # gazetteer work), so a mistake in it is reported at once.
    own = {str(p.resolve()) for p in rule_files()} if builtin else set()
    user = [(path, data) for path, data in parsed if str(path.resolve()) not in own]
    if len(user) < len(parsed):
        ids = {spec["id"]: Where(path, spec.get("__line__", 0), spec["id"])
               for path, data in parsed if str(path.resolve()) in own
               for spec in data.get("rules") or [] if isinstance(spec, dict) and valid_rule_id(spec.get("id"))}
        for path, data in user:
            for spec in data.get("rules") or []:
                _build_rule(path, spec, ruleset.lists, ids)
    _add_rules(ruleset, parsed)
    return ruleset


def _read_files(paths: list[Path], loaded: Sequence[Path] = ()) -> list[tuple[Path, dict]]:
    """The rule files parsed, each once (a built-in file named again, as in ``kg rules
    kg/data/rules/60-context.yaml``, is read once) and none of ``loaded``."""
    known = {str(p.resolve()) for p in loaded}
    unique = {str(p.resolve()) if p.exists() else str(p): p for p in paths}
    paths = [p for key, p in unique.items() if key not in known]
    for path in paths:
        if not path.is_file():
            raise RuleError("E201", path=path, line=0, detail="no such rule file")
    return [(path, _parse(path)) for path in paths]


def _add_rules(ruleset: RuleSet, parsed: list[tuple[Path, dict]]) -> None:
    for path, data in parsed:
        for spec in data.get("rules") or []:
            rule = _build_rule(path, spec, ruleset.lists, ruleset.ids)
            if rule is not None:
                ruleset.rules.append(rule)


def extend_rules(base: RuleSet, extra: Sequence[str | Path]) -> RuleSet | None:
    """``base`` (the built-in rules, already compiled) followed by the rules of the ``extra``
    files, as :func:`load_rules` would give them, without compiling the built-in ones again.
    None when an extra file defines lists: a list may feed built-in rules, so everything must
    be loaded anew."""
    from . import kinds  # noqa: F401

    parsed = _read_files([Path(p) for p in extra], loaded=base.files)
    if any((data.get("lists") or {}) for _, data in parsed):
        return None
    ruleset = RuleSet(rules=list(base.rules), lists=base.lists,
                      files=list(base.files) + [path for path, _ in parsed], ids=dict(base.ids))
    _add_rules(ruleset, parsed)
    return ruleset
