"""The ``token`` entity rule kind: a sequence of constraints over jieba tokens and POS tags
(like spaCy's Matcher): 沙洲/ns + 村 is a Place, 湖南省/ns 干部 … 学院 an Organization."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Mention, Sentence, Token
from .base import ListRegistry, Rule, Where, compile_regex, entity_type, need, rule_kind, word_list


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
    #: accepts() by (text, tag): the same words recur in every sentence
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: tag_ok() by tag: a few dozen tags, tested for every new word
    tags: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "memo": {}, "tags": {}}

    def tag_ok(self, pos: str) -> bool:
        """The tag is one ``pos`` allows and ``not_pos`` does not."""
        found = self.tags.get(pos)
        if found is None:
            found = self.tags[pos] = ((not self.pos or pos_in(pos, self.pos))
                                      and not (self.not_pos and pos_in(pos, self.not_pos)))
        return found

    def accepts(self, token: Token) -> bool:
        key = token.key or (token.text, token.pos)
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) > 100_000:
                self.memo.clear()
            found = self.memo[key] = self._accepts(token)
        return found

    def _accepts(self, token: Token) -> bool:
        text = token.text
        if self.text and text not in self.text:
            return False
        if text in self.not_text or not self.min_len <= len(text) <= self.max_len:
            return False
        if self.suffix and not text.endswith(self.suffix):
            return False
        if self.prefix and not text.startswith(self.prefix):
            return False
        if (self.pos or self.not_pos) and not self.tag_ok(token.pos):
            return False
        if self.max_freq and token.freq > self.max_freq:
            return False
        if self.any_of and not any(alt.accepts(token) for alt in self.any_of):
            return False
        return not (self.regex and not self.regex.fullmatch(text))


def pos_in(pos: str, allowed: tuple[str, ...]) -> bool:
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
        return word_list(item[key], where, lists) if key in item else ()

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
    """A sequence of token constraints over jieba tokens and POS tags (like spaCy's Matcher).
    ``sentence_has``: a regex the sentence must contain for the rule to fire at all (a
    team named by a brand, 健力宝队, only in a report of a match); ``after``: a regex the text
    just before the match must end with (a venue after 在, 来到, 前往)."""

    stage = "entity"
    keys = frozenset({"type", "pattern", "min_chars", "max_chars", "not_in", "not_after", "not_before",
                      "sentence_has", "not_contains", "after"})
    default_priority = 10

    def __init__(self, type_: str, specs: tuple[TokenSpec, ...], min_chars: int, max_chars: int,
                 not_in: frozenset[str], not_after: Optional[re.Pattern],
                 not_before: Optional[re.Pattern], sentence_has: Optional[re.Pattern] = None,
                 not_contains: Optional[re.Pattern] = None, after: Optional[re.Pattern] = None,
                 **common) -> None:
        super().__init__(**common)
        self.type, self.specs = type_, specs
        self.min_chars, self.max_chars, self.not_in = min_chars, max_chars, not_in
        self.not_after, self.not_before, self.sentence_has = not_after, not_before, sentence_has
        self.not_contains, self.after = not_contains, after

    @classmethod
    def from_spec(cls, spec, where, lists):
        items = need(spec, "pattern", where, list)
        return cls(type_=entity_type(need(spec, "type", where), where),
                   specs=tuple(_token_spec(i, where, lists) for i in items),
                   min_chars=int(spec.get("min_chars", 2)), max_chars=int(spec.get("max_chars", 30)),
                   not_in=frozenset(word_list(spec["not_in"], where, lists)) if "not_in" in spec else frozenset(),
                   not_after=compile_regex("(?:" + lists.expand(spec["not_after"], where) + ")$", where)
                   if spec.get("not_after") else None,
                   not_before=compile_regex(lists.expand(spec["not_before"], where), where)
                   if spec.get("not_before") else None,
                   sentence_has=compile_regex(lists.expand(spec["sentence_has"], where), where)
                   if spec.get("sentence_has") else None,
                   not_contains=compile_regex(lists.expand(spec["not_contains"], where), where)
                   if spec.get("not_contains") else None,
                   after=compile_regex("(?:" + lists.expand(spec["after"], where) + ")$", where)
                   if spec.get("after") else None,
                   **cls.common(spec, where))

    def find(self, sentence: Sentence, starts: Optional[list[int]] = None) -> list[Mention]:
        """Mentions in ``sentence``.  ``starts``: the token indices the first element accepts,
        when the caller (kg.extract.engine's token gate) already knows that the sentence has a
        token the last element accepts."""
        found: list[Mention] = []
        if self.sentence_has is not None and not self.sentence_has.search(sentence.norm):
            return found
        tokens = sentence.tokens
        first, last = self.specs[0], self.specs[-1]
        if starts is None:
            # Cheap filters before the backtracking walk: most sentences have no token the last
            # element accepts, and most tokens cannot start a match.
            if last.low and not any(last.accepts(t) for t in tokens):
                return found
            starts = [i for i in range(len(tokens)) if not first.low or first.accepts(tokens[i])]
        for i in starts:
            path = match_tokens(self.specs, tokens, i)
            kept = [tokens[i + k] for k, spec_i in enumerate(path) if self.specs[spec_i].capture]
            if not kept:
                continue
            start, end = kept[0].start, kept[-1].end
            s, e = start - sentence.start, end - sentence.start
            surface = sentence.norm[s:e]
            if not self.min_chars <= len(surface) <= self.max_chars or surface in self.not_in:
                continue
            if self.not_contains is not None and self.not_contains.search(surface):
                continue
            # (both end in $, which matches at endpos: the text before the match, not copied)
            if self.not_after is not None and self.not_after.search(sentence.norm, 0, s):
                continue
            if self.after is not None and not self.after.search(sentence.norm, 0, s):
                continue
            if self.not_before is not None and self.not_before.match(sentence.norm, e):
                continue
            found.append(Mention(start, end, sentence.text[s:e], self.type, self.id, sentence.index,
                                 norm=surface, priority=self.priority))
        return found
