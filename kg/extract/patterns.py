"""Entity rule kinds that match patterns: ``regex`` over characters, ``token`` over jieba tokens."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..model import Mention, Sentence, Token
from ..text import chinese_to_int, int_to_chinese, label_form
from .base import ListRegistry, Rule, Where, compile_regex, entity_type, need, rule_kind


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
            for word in _words(words, where, lists):
                self.heads.append((word, type_))
        self.heads.sort(key=lambda pair: -len(pair[0]))

    def classify(self, name: str) -> Optional[str]:
        # The head comes before a trailing (试行) or (2025年版) and closing quotes.
        stripped = re.sub(r"(?:\([^()]{1,12}\))+$", "", name.rstrip("”’\"' "))
        for head, type_ in self.heads:
            if stripped.endswith(head):
                return type_
        return self.default


def _words(value, where: Where, lists: ListRegistry) -> tuple[str, ...]:
    """A word list given inline, as one word, or as '@name'."""
    if isinstance(value, str):
        return lists.get(value[1:], where) if value.startswith("@") else (value,)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_words(item, where, lists))
        return tuple(out)
    raise where.fail(f"expected a word, a list of words or '@list', got {value!r:.60}")


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
    return (("time_start", start or ""), ("time_end", end or ""))


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
                   attrs=attrs, first_in=_words(spec["first_in"], where, lists) if "first_in" in spec else (),
                   not_in=frozenset(_words(spec["not_in"], where, lists)) if "not_in" in spec else frozenset(),
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
        starts = {t.start - sentence.start for t in sentence.tokens}
        ends = {t.end - sentence.start for t in sentence.tokens}
        for match in self.regex.finditer(sentence.norm):
            start, end = next((match.span(g) for g in self.groups if match.start(g) >= 0), match.span())
            if end <= start:
                continue
            if self.boundary != "none" and (start not in starts or (self.boundary == "both" and end not in ends)):
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


@dataclass(frozen=True)
class TokenSpec:
    """Constraints on one token, and how often it may repeat."""

    text: frozenset[str] = frozenset()
    not_text: frozenset[str] = frozenset()
    suffix: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    pos: tuple[str, ...] = ()
    not_pos: tuple[str, ...] = ()
    regex: Optional[re.Pattern] = None
    min_len: int = 1
    max_len: int = 99
    low: int = 1
    high: int = 1
    capture: bool = True      # False: context only, not part of the mention
    max_freq: int = 0         # > 0: reject tokens more frequent than this in the dictionary
    any_of: tuple["TokenSpec", ...] = ()   # the token must also satisfy one of these

    def accepts(self, token: Token) -> bool:
        text = token.text
        if self.text and text not in self.text:
            return False
        if text in self.not_text or not self.min_len <= len(text) <= self.max_len:
            return False
        if self.suffix and not text.endswith(self.suffix):
            return False
        if self.prefix and not text.startswith(self.prefix):
            return False
        if self.pos and not _pos_in(token.pos, self.pos):
            return False
        if self.not_pos and _pos_in(token.pos, self.not_pos):
            return False
        if self.max_freq and token.freq > self.max_freq:
            return False
        if self.any_of and not any(alt.accepts(token) for alt in self.any_of):
            return False
        return not (self.regex and not self.regex.fullmatch(text))


def _pos_in(pos: str, allowed: tuple[str, ...]) -> bool:
    """'n*' allows every tag that starts with n; 'n' allows exactly n."""
    return any(pos.startswith(a[:-1]) if a.endswith("*") else pos == a for a in allowed)


_OPS = {"1": (1, 1), "?": (0, 1), "+": (1, None), "*": (0, None)}
_TOKEN_KEYS = {"text", "not_text", "suffix", "prefix", "pos", "not_pos", "regex", "min_len",
               "max_len", "op", "max", "capture", "max_freq", "any_of", "__line__"}


def _token_spec(item, where: Where, lists: ListRegistry) -> TokenSpec:
    if not isinstance(item, dict):
        raise where.fail(f"each token pattern element must be a mapping, got {item!r:.60}")
    unknown = set(item) - _TOKEN_KEYS
    if unknown:
        raise where.fail(f"unknown token constraint(s) {', '.join(sorted(unknown))}; "
                         f"allowed: {', '.join(sorted(_TOKEN_KEYS - {'__line__'}))}")
    op = str(item.get("op", "1"))
    if op not in _OPS:
        raise where.fail(f"token 'op' must be one of 1 ? + *, got {op!r}")
    low, high = _OPS[op]
    high = int(item.get("max", high if high is not None else 4))

    def words(key: str) -> tuple[str, ...]:
        return _words(item[key], where, lists) if key in item else ()

    return TokenSpec(text=frozenset(words("text")), not_text=frozenset(words("not_text")),
                     suffix=words("suffix"), prefix=words("prefix"), pos=words("pos"),
                     not_pos=words("not_pos"),
                     regex=compile_regex(lists.expand(item["regex"], where), where) if "regex" in item else None,
                     min_len=int(item.get("min_len", 1)), max_len=int(item.get("max_len", 99)),
                     low=low, high=high, capture=bool(item.get("capture", True)),
                     max_freq=int(item.get("max_freq", 0)),
                     any_of=tuple(_token_spec(alt, where, lists) for alt in item.get("any_of") or ()))


def match_tokens(specs: tuple[TokenSpec, ...], tokens: tuple[Token, ...], start: int) -> list[int]:
    """The longest match of ``specs`` at ``start``: the spec index of each matched token."""
    best: list[int] = []

    def walk(spec_i: int, tok_i: int, path: list[int]) -> None:
        nonlocal best
        if spec_i == len(specs):
            if len(path) > len(best):
                best = list(path)
            return
        spec = specs[spec_i]
        count = 0
        positions = [tok_i] if spec.low == 0 else []
        while count < spec.high and tok_i + count < len(tokens) and spec.accepts(tokens[tok_i + count]) \
                and _contiguous(tokens, start, tok_i + count):
            count += 1
            if count >= spec.low:
                positions.append(tok_i + count)
        for pos in reversed(positions):
            walk(spec_i + 1, pos, path + [spec_i] * (pos - tok_i))

    walk(0, start, [])
    return best


def _contiguous(tokens: tuple[Token, ...], first: int, i: int) -> bool:
    """A match never spans white space or skipped characters between tokens."""
    return i == first or tokens[i].start == tokens[i - 1].end


@rule_kind("token")
class TokenRule(Rule):
    """A sequence of token constraints over jieba tokens and POS tags (like spaCy's Matcher)."""

    stage = "entity"
    keys = frozenset({"type", "pattern", "min_chars", "max_chars", "not_in", "not_after", "not_before"})
    default_priority = 10

    def __init__(self, type_: str, specs: tuple[TokenSpec, ...], min_chars: int, max_chars: int,
                 not_in: frozenset[str], not_after: Optional[re.Pattern],
                 not_before: Optional[re.Pattern], **common) -> None:
        super().__init__(**common)
        self.type, self.specs = type_, specs
        self.min_chars, self.max_chars, self.not_in = min_chars, max_chars, not_in
        self.not_after, self.not_before = not_after, not_before

    @classmethod
    def from_spec(cls, spec, where, lists):
        items = need(spec, "pattern", where, list)
        return cls(type_=entity_type(need(spec, "type", where), where),
                   specs=tuple(_token_spec(i, where, lists) for i in items),
                   min_chars=int(spec.get("min_chars", 2)), max_chars=int(spec.get("max_chars", 30)),
                   not_in=frozenset(_words(spec["not_in"], where, lists)) if "not_in" in spec else frozenset(),
                   not_after=compile_regex("(?:" + lists.expand(spec["not_after"], where) + ")$", where)
                   if spec.get("not_after") else None,
                   not_before=compile_regex(lists.expand(spec["not_before"], where), where)
                   if spec.get("not_before") else None,
                   **cls.common(spec, where))

    def find(self, sentence: Sentence) -> list[Mention]:
        found: list[Mention] = []
        tokens = sentence.tokens
        first, last = self.specs[0], self.specs[-1]
        # Cheap filters before the backtracking walk: most sentences have no token the last
        # element accepts, and most tokens cannot start a match.
        if last.low and not any(last.accepts(t) for t in tokens):
            return found
        for i in range(len(tokens)):
            if first.low and not first.accepts(tokens[i]):
                continue
            path = match_tokens(self.specs, tokens, i)
            kept = [tokens[i + k] for k, spec_i in enumerate(path) if self.specs[spec_i].capture]
            if not kept:
                continue
            start, end = kept[0].start, kept[-1].end
            s, e = start - sentence.start, end - sentence.start
            surface = sentence.norm[s:e]
            if not self.min_chars <= len(surface) <= self.max_chars or surface in self.not_in:
                continue
            if self.not_after is not None and self.not_after.search(sentence.norm[:s]):
                continue
            if self.not_before is not None and self.not_before.match(sentence.norm, e):
                continue
            found.append(Mention(start, end, sentence.text[s:e], self.type, self.id, sentence.index,
                                 norm=surface, priority=self.priority))
        return found
