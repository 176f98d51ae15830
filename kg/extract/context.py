"""Context rule kinds, applied at resolution: abbreviations read from the document.

``division_prefix``: a generic body name (省委, 市政府, 省委书记) belongs to the
document's own province or city, so 省委 in a Hunan document is 湖南省委.
``short_name``: a short name (中心组) stands for the one full name in the same
document that ends with it (湖南省委理论学习中心组).
"""
from __future__ import annotations

import re
from typing import Optional

from .base import Rule, compile_regex, entity_type, need, rule_kind
from .gazetteer import LEVELS
from .base import word_list


@rule_kind("division_prefix")
class DivisionPrefixRule(Rule):
    stage = "context"
    keys = frozenset({"types", "pattern", "levels"})

    def __init__(self, types: tuple[str, ...], regex: re.Pattern, levels: dict[str, str], **common) -> None:
        super().__init__(**common)
        self.types, self.regex, self.levels = types, regex, levels

    @classmethod
    def from_spec(cls, spec, where, lists):
        regex = compile_regex(lists.expand(need(spec, "pattern", where), where), where)
        if "word" not in regex.groupindex:
            raise where.fail("the pattern needs a (?P<word>...) group for the division word")
        levels = {str(k): str(v) for k, v in need(spec, "levels", where, dict).items() if k != "__line__"}
        bad = [v for v in levels.values() if v not in LEVELS]
        if bad:
            raise where.fail(f"unknown level(s) {', '.join(bad)}; levels: {', '.join(LEVELS)}")
        types = tuple(entity_type(t, where) for t in need(spec, "types", where, list))
        return cls(types=types, regex=regex, levels=levels, **cls.common(spec, where))

    def split(self, type_: str, name: str) -> Optional[tuple[str, str]]:
        """(level, rest) when ``name`` starts with a generic division word: 省委书记 -> (province, 委书记)."""
        if type_ not in self.types:
            return None
        match = self.regex.match(name)
        if not match:
            return None
        word = match.group("word")
        return self.levels[word], name[match.end("word"):]


@rule_kind("short_name")
class ShortNameRule(Rule):
    """A short name stands for the document's own longer name that ends (``match: suffix``,
    中心组) or starts (``match: prefix``, 巴 for 巴勒斯坦) with it; without one it is dropped."""

    stage = "context"
    keys = frozenset({"type", "names", "match", "within"})

    def __init__(self, type_: str, names: frozenset[str], match: str, within: frozenset[str],
                 **common) -> None:
        super().__init__(**common)
        self.type, self.names, self.match, self.within = type_, names, match, within

    @classmethod
    def from_spec(cls, spec, where, lists):
        match = spec.get("match", "suffix")
        if match not in ("suffix", "prefix"):
            raise where.fail("'match' must be suffix or prefix")
        return cls(type_=entity_type(need(spec, "type", where), where),
                   names=frozenset(word_list(need(spec, "names", where, list), where, lists)),
                   match=match,
                   within=frozenset(word_list(spec["within"], where, lists)) if "within" in spec else frozenset(),
                   **cls.common(spec, where))

    def applies(self, type_: str, name: str) -> bool:
        return type_ == self.type and name in self.names

    def expands(self, short: str, longer: str) -> bool:
        """True when ``longer`` is a longer name this short name can stand for."""
        if len(longer) <= len(short) or (self.within and longer not in self.within):
            return False
        return longer.endswith(short) if self.match == "suffix" else longer.startswith(short)


@rule_kind("optional_prefix")
class OptionalPrefixRule(Rule):
    """Names that differ only by an optional leading word are one entity:
    《党委(党组)...学习规则》 is 《中国共产党党委(党组)...学习规则》."""

    stage = "context"
    keys = frozenset({"type", "prefixes"})

    def __init__(self, type_: str, prefixes: tuple[str, ...], **common) -> None:
        super().__init__(**common)
        self.type, self.prefixes = type_, prefixes

    @classmethod
    def from_spec(cls, spec, where, lists):
        prefixes = word_list(need(spec, "prefixes", where, list), where, lists)
        return cls(type_=entity_type(need(spec, "type", where), where),
                   prefixes=tuple(sorted(prefixes, key=len, reverse=True)), **cls.common(spec, where))


@rule_kind("document_scoped")
class DocumentScopedRule(Rule):
    """Generic names (《实施办法》, 《通知》) name a different thing in every document,
    so they are never merged across documents."""

    stage = "context"
    keys = frozenset({"type", "names"})

    def __init__(self, type_: str, names: frozenset[str], **common) -> None:
        super().__init__(**common)
        self.type, self.names = type_, names

    @classmethod
    def from_spec(cls, spec, where, lists):
        return cls(type_=entity_type(need(spec, "type", where), where),
                   names=frozenset(word_list(need(spec, "names", where, list), where, lists)),
                   **cls.common(spec, where))

    def applies(self, type_: str, name: str) -> bool:
        return type_ == self.type and name in self.names
