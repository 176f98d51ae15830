"""Extract stage: run the rules of a RuleSet over a segmented Document.

Per sentence: entity candidates (lexicon index, regex, token rules) -> longest
non-overlapping selection -> compose -> nested splits -> relations -> statistics;
then per document: names confirmed in one sentence found again in the others.
"""
from __future__ import annotations

import operator

from bisect import bisect_right
from typing import Optional

from ..model import MENTION_TYPES, Document, Extraction, Mention, Relation, Sentence
from .lexicon import LexiconIndex, compound_places, lexicon_mentions
from .names import document_names
from .rulefile import RuleSet
from .template import Template

_TYPE_ORDER = {t: i for i, t in enumerate(MENTION_TYPES)}
_MAX_COMPOSE = 20


def select(candidates: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions that cover the most text; among equal cover, fewer
    (longer) mentions, then higher priority.  Weighted interval scheduling, so that
    吉林省|长春市 beats 吉林省长|春市 although 吉林省长 is the longest single match."""
    ordered = sorted(candidates, key=lambda m: (m.end, m.start, -m.priority,
                                                _TYPE_ORDER.get(m.type, 99), m.rule, m.text))
    ends = [m.end for m in ordered]
    # best[i]: (covered, -count, priority) using the first i candidates, and the choice.
    best: list[tuple[tuple[int, int, int], tuple[Mention, ...]]] = [((0, 0, 0), ())]
    for i, mention in enumerate(ordered):
        j = bisect_right(ends, mention.start, 0, i)      # candidates ending at or before its start
        (cover, neg_count, prio), chosen = best[j]
        take = ((cover + mention.end - mention.start, neg_count - 1, prio + mention.priority),
                chosen + (mention,))
        best.append(max(best[i], take, key=lambda item: item[0]))
    return sorted(best[-1][1], key=lambda m: m.start)


def _bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Decoded(dict):
    """mask -> the items at its set bits, in order; sentences share a few thousand masks."""

    LIMIT = 50_000

    def __init__(self, items) -> None:
        super().__init__()
        self.members = list(items)

    def __reduce__(self):                    # pickled (in the compiled engine) without its memo
        return _Decoded, (self.members,)

    def __missing__(self, mask: int) -> list:
        if len(self) > self.LIMIT:
            self.clear()
        items = self.members
        found = self[mask] = [items[i] for i in _bits(mask)]
        return found


class CharGate:
    """Which of a list of rules could match a sentence, by the characters their matches need
    (kg.extract.prefilter: a rule with ``needs`` runs only on a sentence holding one of them;
    one without runs everywhere).  Each character maps to a bit mask of the rules it lets in,
    so a sentence costs a look-up per distinct character instead of a set test per rule."""

    def __init__(self, needs: list) -> None:
        self.all = (1 << len(needs)) - 1
        self.always = 0
        self.by_char: dict[str, int] = {}
        for index, chars in enumerate(needs):
            if chars is None:
                self.always |= 1 << index
            else:
                for char in chars:
                    self.by_char[char] = self.by_char.get(char, 0) | 1 << index

    def mask(self, chars: Optional[frozenset]) -> int:
        if chars is None:
            return self.all
        mask, get = self.always, self.by_char.get
        for char in chars:
            mask |= get(char, 0)
        return mask


class _Staged:
    """The rules of one stage: bits ``offset`` to ``offset + len(rules)`` of the extractor's
    character gate."""

    def __init__(self, rules, offset: int) -> None:
        self.rules, self.offset = list(rules), offset
        self.width = (1 << len(self.rules)) - 1
        self._decoded = _Decoded(self.rules)

    def applicable(self, mask: int) -> list:
        """The rules, in order, whose bits are set in ``mask`` (CharGate.mask of a sentence)."""
        return self._decoded[mask >> self.offset & self.width]


class TokenGate:
    """Which token rules can match a sentence, from its tokens, without trying each rule.

    For every distinct token (text and tag, which is all a token constraint looks at) it
    records once which rules' last element accepts it and which rules' first element does;
    a rule runs only on a sentence with a token its last element accepts, and only from the
    tokens its first element accepts.  The same words recur in every sentence, so this costs
    a few dictionary look-ups per token instead of a test per rule per token."""

    LIMIT = 200_000

    def __init__(self, finders) -> None:
        self.token_rules = [(i, r) for i, r in enumerate(finders) if getattr(r, "kind", "") == "token"]
        self.rules = frozenset(i for i, _ in self.token_rules)
        self.always = frozenset(i for i, r in self.token_rules if not r.specs[-1].low)
        # Regex rules with characters a match cannot do without (kg.extract.prefilter).
        self.needs = {i: r.needs for i, r in enumerate(finders) if getattr(r, "needs", None)}
        self.token_mask = sum(1 << i for i in self.rules)
        self.run = _Decoded((i, r, i in self.rules) for i, r in enumerate(finders))
        self._known: dict = {}
        self._last = _SpecGate([(i, r.specs[-1]) for i, r in self.token_rules if r.specs[-1].low])
        self._first = _SpecGate([(i, r.specs[0]) for i, r in self.token_rules if r.specs[0].low])

    def _of(self, token) -> tuple[int, tuple]:
        """(bit mask of the rules whose last element accepts the token, the rules whose first
        element does)."""
        key = token.key or (token.text, token.pos)
        found = self._known.get(key)
        if found is None:
            if len(self._known) > self.LIMIT:
                self._known.clear()
            found = self._known[key] = (
                sum(1 << i for i in self._last.matching(token)), tuple(self._first.matching(token)))
        return found

    def sentence(self, tokens) -> tuple[int, dict]:
        """(bit mask of the token rules that can match, token positions each may start at)."""
        triggered = sum(1 << i for i in self.always)
        first_at: dict[int, list[int]] = {}
        for position, token in enumerate(tokens):
            last, first = self._of(token)
            triggered |= last
            for index in first:
                first_at.setdefault(index, []).append(position)
        return triggered, first_at


class _SpecGate:
    """The token specs (with their rule indices) that accept a token, without trying every
    one: a spec that lists its words (``text``) is tried only on those words, one with
    suffixes only on words that end in one, the others only on tags they allow.  The indices
    come out in rule order."""

    def __init__(self, specs) -> None:
        self.by_text: dict[str, list] = {}
        self.by_suffix: dict[str, list] = {}
        self.others: list = []
        for index, spec in specs:
            if spec.text:
                for word in spec.text:
                    self.by_text.setdefault(word, []).append((index, spec))
            elif spec.suffix:
                # by the suffixes' last characters: a word is tried only on specs it could end like
                for char in sorted({suffix[-1] for suffix in spec.suffix if suffix}):
                    self.by_suffix.setdefault(char, []).append((spec.suffix, index, spec))
            else:
                self.others.append((index, spec))
        self._by_pos: dict[str, list] = {}

    def matching(self, token) -> list[int]:
        text = token.text
        others = self._by_pos.get(token.pos)
        if others is None:
            others = self._by_pos[token.pos] = [
                (i, spec) for i, spec in self.others if spec.tag_ok(token.pos)]
        tried = self.by_text.get(text, []) + [(i, spec) for suffix, i, spec in self.by_suffix.get(text[-1:], ())
                                              if text.endswith(suffix)] + others
        return sorted(i for i, spec in tried if spec._accepts(token))


def _entries(rules) -> list:
    """The lexicon entries of the entity rules, in rule order."""
    return [e for rule in rules if rule.stage == "entity" for e in getattr(rule, "entries", ())]


class Extractor:
    """Holds the compiled rules and the lexicon index; ``extract`` is a pure function of a document."""

    prefilter = True       # skip rules by the characters their matches need (off: every rule runs)

    def __init__(self, ruleset: RuleSet, base: "Extractor | None" = None) -> None:
        """``base``: an extractor whose rules begin ``ruleset`` (the built-in ones, under a
        user's files); its lexicon index is extended rather than built again."""
        self.ruleset = ruleset
        head = len(base.ruleset.rules) if base is not None else 0
        if head and len(ruleset.rules) >= head and all(map(operator.is_, ruleset.rules, base.ruleset.rules)):
            self.index = base.index.extended(_entries(ruleset.rules[head:]))
        else:
            self.index = LexiconIndex(_entries(ruleset.rules))
        self.finders = [r for r in ruleset.stage("entity") if hasattr(r, "find")]
        self.composers = ruleset.stage("compose")
        self.nesters = ruleset.stage("nested")
        self.relaters = ruleset.stage("relation")
        self.counters = ruleset.stage("statistic")
        # One character gate over every rule the prefilter applies to: the finders (token rules
        # are gated by their tokens instead, kg.extract.engine.TokenGate), then each later stage.
        needs = [frozenset() if getattr(r, "kind", "") == "token" else (getattr(r, "needs", None) or None)
                 for r in self.finders]
        self.finder_bits = (1 << len(needs)) - 1
        self._staged = {}
        for stage, rules in (("compose", self.composers), ("relation", self.relaters),
                             ("statistic", self.counters)):
            self._staged[stage] = _Staged(rules, len(needs))
            needs += [getattr(r, "needs", None) for r in rules]
        self.chars = CharGate(needs)
        self.document_scoped = [r for r in self.finders if getattr(r, "document_scope", False)]
        self.see_inside = {r.id for r in ruleset.rules if getattr(r, "inner_mentions", False)}
        # Inside a title only known names count (lexicon and gazetteer), not guesses by suffix.
        self.known_names = {r.id for r in ruleset.stage("entity") if hasattr(r, "entries")}

    def extract(self, document: Document) -> Extraction:
        result = Extraction(document)
        for sentence in document.sentences:
            mentions, relations, statistics = self.extract_sentence(sentence)
            result.mentions.extend(mentions)
            result.relations.extend(relations)
            result.statistics.extend(statistics)
        for rule in self.document_scoped:
            result.mentions.extend(document_names(rule, document.sentences, result.mentions))
        return result

    def candidates(self, sentence: Sentence, chars: Optional[frozenset] = None,
                   mask: Optional[int] = None) -> list[Mention]:
        """Every entity candidate of a sentence (``chars``: its characters, if known; ``mask``:
        their CharGate mask, if known)."""
        tokens = sentence.tokens
        starts = frozenset(t.start for t in tokens)
        ends = frozenset(t.end for t in tokens)
        found = lexicon_mentions(self.index, sentence.norm, sentence.start, sentence.index,
                                 sentence.text, starts, ends)
        found += compound_places(self.index, sentence.norm, sentence.start, sentence.index, sentence.text, tokens)
        gate = self._token_gate()
        triggered, first_at = gate.sentence(tokens)
        if mask is None:
            if chars is None and self.prefilter:
                chars = frozenset(sentence.norm)
            mask = self.chars.mask(chars)
        run = mask & self.finder_bits & ~gate.token_mask
        for index, rule, token in gate.run[run | triggered]:       # in rule order
            if token:
                found.extend(rule.find(sentence, first_at.get(index, ())
                                       if rule.specs[0].low else range(len(tokens))))
            else:
                found.extend(rule.find(sentence))
        return found

    def _token_gate(self) -> "TokenGate":
        gate = self.__dict__.get("_gate")
        if gate is None:
            gate = self.__dict__["_gate"] = TokenGate(self.finders)
        return gate

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_gate"}

    def extract_sentence(self, sentence: Sentence):
        # Rules over the template skip sentences without a character their matches need
        # (kg.extract.prefilter); the template's text outside its slots is the sentence's.
        chars = frozenset(sentence.norm) if self.prefilter else None
        mask = self.chars.mask(chars)
        candidates = self.candidates(sentence, chars, mask)
        top = select(candidates)
        inner: list[Mention] = self._inside(top, candidates)
        relations: list[Relation] = []
        top = self._compose(sentence, top, inner, relations, mask)
        top = [m for m in top if m.attr("standalone") != "no"]
        inner = [m for m in inner if m.attr("standalone") != "no"]
        top, inner = self._nest(sentence, top, inner, relations)
        template = Template(sentence, top)
        # Relations also see the places a written-out chain was split into (江西省|抚州市东乡区…
        # -> 抚州市, 东乡区 …), so the place before the chain reaches its first part.
        parts = _split_places(top, inner)
        between = Template(sentence, sorted(top + parts, key=lambda m: m.start)) if parts else template
        for rule in self._staged["relation"].applicable(mask):
            relations.extend(rule.find(between))
        statistics = [s for rule in self._staged["statistic"].applicable(mask) for s in rule.find(template)]
        statistics = _unique_statistics(statistics)
        mentions = _unique_mentions(top + inner)
        return mentions, _unique_relations(relations, mentions), statistics

    def _inside(self, top: list[Mention], candidates: list[Mention]) -> list[Mention]:
        """Names inside titles (中国 in 《中国在发展》) from rules with ``inner_mentions``."""
        inner: list[Mention] = []
        for outer in top:
            if outer.rule not in self.see_inside:
                continue
            contained = [c for c in candidates if outer.start <= c.start and c.end <= outer.end
                         and c.span != outer.span and c.rule in self.known_names]
            inner.extend(select(contained))
        return inner

    def _compose(self, sentence: Sentence, top: list[Mention], inner: list[Mention],
                 relations: list[Relation], mask: int) -> list[Mention]:
        composers = self._staged["compose"].applicable(mask)
        if not composers:
            return top
        # A long list of titles and names (吊唁 lists of thirty heads of state) composes once per
        # member: the bound grows with the sentence's mentions.
        for _ in range(_MAX_COMPOSE + 2 * len(top)):
            template = Template(sentence, top)
            for rule in composers:
                result = rule.apply(template)
                if result is not None:
                    new, parts, produced = result
                    top = sorted([m for m in top if m not in parts] + [new], key=lambda m: m.start)
                    # A rule that retypes a mention in context (利物浦 the club) replaces it;
                    # the rule says which other parts stay inside (ComposeRule.keeps; all, for
                    # a compose kind that does not say).
                    keeps = getattr(rule, "keeps", None)
                    inner.extend(p for p in parts if p.span != new.span and (keeps is None or keeps(p)))
                    relations.extend(produced)
                    break
            else:
                return top
        return top

    def _nest(self, sentence: Sentence, top: list[Mention], inner: list[Mention],
              relations: list[Relation]) -> tuple[list[Mention], list[Mention]]:
        queue = list(top) + list(inner)
        replaced: dict[Mention, Mention] = {}
        split_from: dict[Mention, Mention] = {}      # a split remainder -> the place split off it
        seen = 0
        while queue and seen < 200:
            mention = queue.pop(0)
            seen += 1
            for rule in self.nesters:
                result = rule.apply(mention, sentence, self.index)
                if result is None:
                    continue
                outer, part, relation = result
                if mention in split_from and not self._inside_division(part, split_from[mention]):
                    # 北京|中山公园: a park named after 中山 is no place of 中山市, which is not
                    # in 北京市; a chain goes on only inside the division before it.
                    continue
                if outer.span != mention.span and part.type == "Place":
                    split_from[outer] = part
                if outer != mention:
                    replaced[mention] = outer
                    # 湖南省郴州市汝城县: a place split again hands its relations to its parts;
                    # a name kept whole (湖南代表团 -> 湖南省代表团) keeps them.
                    heir = outer if outer.span == mention.span else part
                    relations[:] = [_retarget(r, mention, heir) for r in relations]
                    queue.append(outer)
                inner.append(part)
                if relation is not None:
                    relations.append(relation)
                queue.append(part)
                break
        def final(mention: Mention) -> Mention:
            while mention in replaced:          # a split remainder may be split again
                mention = replaced[mention]
            return mention

        return [final(m) for m in top], [final(m) for m in inner]

    def _inside_division(self, part: Mention, container: Mention) -> bool:
        """Whether a place split off after ``container`` can lie in it: when both are divisions
        of the gazetteer, the gazetteer must put the part under the container; otherwise it
        cannot tell."""
        index = self.index
        if not (index.is_division(part.norm) and index.is_division(container.norm)):
            return True
        return index.nested_divisions(container.norm, part.norm) is not None


def _split_places(top: list[Mention], inner: list[Mention]) -> list[Mention]:
    """The places inside the sentence that no top mention covers: parts a nested rule split
    off a written-out chain of places (the rest of the chain stays in ``top``)."""
    taken = [(m.start, m.end) for m in top]
    out: list[Mention] = []
    for mention in sorted((m for m in inner if m.type == "Place"), key=lambda m: (m.start, -m.end)):
        span = (mention.start, mention.end)
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        taken.append(span)
        out.append(mention)
    return out


def _retarget(relation: Relation, old: Mention, new: Mention) -> Relation:
    if relation.subject == old:
        return Relation(new, relation.predicate, relation.object, relation.rule,
                        relation.sentence, relation.start, relation.end)
    if relation.object == old:
        return Relation(relation.subject, relation.predicate, new, relation.rule,
                        relation.sentence, relation.start, relation.end)
    return relation


def _unique_mentions(mentions: list[Mention]) -> list[Mention]:
    seen: dict[tuple[int, int, str], Mention] = {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.end, m.type, -m.priority)):
        seen.setdefault((mention.start, mention.end, mention.type), mention)
    return list(seen.values())


def _unique_relations(relations: list[Relation], mentions: list[Mention]) -> list[Relation]:
    alive = {(m.start, m.end, m.type) for m in mentions}
    out: dict[tuple, Relation] = {}
    for r in relations:
        s, o = r.subject, r.object
        if (s.start, s.end, s.type) not in alive or (o.type != "Time" and (o.start, o.end, o.type) not in alive):
            continue
        key = (s.start, s.end, s.type, r.predicate, o.start, o.end, o.type)
        out.setdefault(key, r)
    return list(out.values())


def _unique_statistics(statistics):
    seen = {}
    for stat in statistics:
        seen.setdefault((stat.start, stat.end), stat)
    return sorted(seen.values(), key=lambda s: s.start)
