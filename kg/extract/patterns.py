"""The ``regex`` entity rule kind: a regular expression over the width-normalised sentence."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Mention, Sentence
from ..text import chinese_to_int, int_to_chinese, label_form
from .prefilter import required_chars
from .base import ListRegistry, Rule, Where, compile_regex, entity_type, need, rule_kind, token_bounds, word_list


class Classifier:
    """Type of a name by its head (its last characters): ``{Policy: '@policy_heads', default: Work}``."""

    def __init__(self, spec: dict, where: Where, lists: ListRegistry) -> None:
        self.heads: list[tuple[str, str]] = []
        self.default: Optional[str] = None
        for type_, words in spec.items():
            if type_ == "__line__":
                continue
            if type_ == "default":
                self.default = entity_type(words, where) if words else None
                continue
            entity_type(type_, where)
            for word in word_list(words, where, lists):
                self.heads.append((word, type_))
        self.heads.sort(key=lambda pair: -len(pair[0]))

    def classify(self, name: str) -> Optional[str]:
        # The head comes before a trailing (试行) or (2025年版) and closing quotes.
        stripped = re.sub(r"(?:\([^()]{1,12}\))+$", "", name.rstrip("”’\"' "))
        for head, type_ in self.heads:
            if stripped.endswith(head):
                return type_
        return self.default


_TEMPLATE_FIELD = re.compile(r"\{(\w+)(?::(cn|int))?\}")


def fill_template(template: str, match: re.Match) -> str:
    """Fill '{group}', '{group:cn}' (as a Chinese numeral) or '{group:int}' from a match."""
    def field(m: re.Match) -> str:
        value = match.group(m.group(1)) or ""
        if m.group(2) and value:
            number = chinese_to_int(value)
            value = int_to_chinese(number) if m.group(2) == "cn" else str(number)
        return value
    return _TEMPLATE_FIELD.sub(field, template)


def time_attrs(match: re.Match) -> tuple[tuple[str, str], ...]:
    """ISO start/end of a time expression from groups y, m, d (and y2, m2, d2 for ranges)."""
    groups = match.groupdict()

    def iso(y: Optional[str], m: Optional[str], d: Optional[str]) -> Optional[str]:
        if not y:
            return None
        out = f"{int(y):04d}"
        if m:
            out += f"-{int(m):02d}"
            if d:
                out += f"-{int(d):02d}"
        return out

    start = iso(groups.get("y"), groups.get("m"), groups.get("d"))
    end = iso(groups.get("y2") or (groups.get("y") if groups.get("m2") else None),
              groups.get("m2"), groups.get("d2")) or start
    attrs = (("time_start", start or ""), ("time_end", end or ""))
    if start is None and groups.get("d"):
        # 1月5日, 5日: a day the document's own date completes (kg.timeline.anchored).
        month = groups.get("m")
        attrs += (("time_anchor", f"--{int(month):02d}-{int(groups['d']):02d}" if month
                   else f"---{int(groups['d']):02d}"),)
    return attrs


@rule_kind("regex")
class RegexRule(Rule):
    """A regular expression over the width-normalised sentence; group ``name`` (or the
    whole match) is the mention.  ``type`` is fixed or ``classify`` picks it by head word."""

    stage = "entity"
    keys = frozenset({"pattern", "type", "classify", "group", "canonical", "canonical_map", "time",
                      "attrs", "first_in", "not_in", "boundary", "inner_mentions", "max_word_freq"})
    default_priority = 20

    def __init__(self, regex: re.Pattern, type_: Optional[str], classifier: Optional[Classifier],
                 groups: tuple[str, ...], canonical: Optional[str], time: bool,
                 attrs: tuple[tuple[str, str], ...], first_in: tuple[str, ...],
                 not_in: frozenset[str], canonical_map: dict[str, str], boundary: str,
                 inner_mentions: bool = False, max_word_freq: int = 0, **common) -> None:
        super().__init__(**common)
        self.boundary, self.inner_mentions = boundary, inner_mentions
        self.max_word_freq = max_word_freq
        self.regex, self.type, self.classifier = regex, type_, classifier
        self.groups, self.canonical, self.time = groups, canonical, time
        self.attrs, self.first_in, self.not_in = attrs, first_in, not_in
        self.canonical_map = canonical_map
        # Characters every match holds one of: the engine skips sentences without any.
        self.needs = required_chars(regex.pattern, getattr(regex, "flags", 0) & re.IGNORECASE)

    @classmethod
    def from_spec(cls, spec, where, lists):
        regex = compile_regex(lists.expand(need(spec, "pattern", where), where), where)
        if ("type" in spec) == ("classify" in spec):
            raise where.fail("give exactly one of 'type' and 'classify'")
        type_ = entity_type(spec["type"], where, allow_values=True) if "type" in spec else None
        classifier = Classifier(spec["classify"], where, lists) if "classify" in spec else None
        group = spec.get("group")
        if group and group not in regex.groupindex:
            raise where.fail(f"group '{group}' is not in the pattern")
        # Without 'group', the mention is the first of name, name2, name3 ... that matched.
        groups = (group,) if group else tuple(sorted(g for g in regex.groupindex if re.fullmatch(r"name\d*", g)))
        attrs = tuple(sorted((str(k), str(v)) for k, v in (spec.get("attrs") or {}).items()
                             if k != "__line__"))
        mapping = spec.get("canonical_map") or {}
        if not isinstance(mapping, dict):
            raise where.fail("'canonical_map' must map surface forms to canonical names")
        boundary = spec.get("boundary", "none")
        if boundary not in ("none", "start", "both"):
            raise where.fail("'boundary' must be none, start (the match starts a jieba token) or both")
        return cls(regex=regex, type_=type_, classifier=classifier, groups=groups,
                   canonical=spec.get("canonical"), time=bool(spec.get("time", type_ == "Time")),
                   attrs=attrs, first_in=word_list(spec["first_in"], where, lists) if "first_in" in spec else (),
                   not_in=frozenset(word_list(spec["not_in"], where, lists)) if "not_in" in spec else frozenset(),
                   canonical_map={str(k): str(v) for k, v in mapping.items() if k != "__line__"},
                   boundary=boundary, inner_mentions=bool(spec.get("inner_mentions", False)),
                   max_word_freq=int(spec.get("max_word_freq", 0)),
                   **cls.common(spec, where))

    def _common_word(self, sentence: Sentence, start: int, end: int) -> bool:
        """The match is or holds a frequent dictionary word not tagged as a name (连续, 和|群众)."""
        base = sentence.start
        return any(start <= t.start - base and t.end - base <= end and len(t.text) >= 2
                   and t.freq > self.max_word_freq and not t.pos.startswith("nr")
                   for t in sentence.tokens)

    def find(self, sentence: Sentence) -> list[Mention]:
        found: list[Mention] = []
        for match in self.regex.finditer(sentence.norm):
            start, end = next((match.span(g) for g in self.groups if match.start(g) >= 0), match.span())
            if end <= start:
                continue
            if self.boundary != "none":
                starts, ends = token_bounds(sentence)
                if start not in starts or (self.boundary == "both" and end not in ends):
                    continue
            if self.max_word_freq and self._common_word(sentence, start, end):
                continue
            surface = sentence.norm[start:end]
            if surface in self.not_in or (self.first_in and not surface.startswith(self.first_in)):
                continue
            type_ = self.type or (self.classifier.classify(surface) if self.classifier else None)
            if type_ is None:
                continue
            attrs = list(self.attrs)
            if surface in self.canonical_map:
                attrs.append(("canonical", self.canonical_map[surface]))
            elif self.canonical:
                try:
                    attrs.append(("canonical", label_form(fill_template(self.canonical, match))))
                except ValueError:
                    continue
            if self.time:
                attrs.extend(time_attrs(match))
            found.append(Mention(sentence.start + start, sentence.start + end,
                                 sentence.text[start:end], type_, self.id, sentence.index,
                                 norm=surface, priority=self.priority, attrs=tuple(attrs)))
        return found
