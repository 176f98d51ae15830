"""Rule kinds that work on mentions already found: ``compose``, ``nested`` and ``relation``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..model import Mention, Relation, Sentence
from ..text import match_key
from .base import Rule, Where, compile_regex, entity_type, need, property_name, rule_kind
from .base import word_list
from .lexicon import LexiconIndex
from .prefilter import template_needs
from .template import Template, compile_template_pattern


@dataclass(frozen=True)
class Produce:
    """One relation a rule produces: subject group, predicate, object group."""

    subject: str
    predicate: str
    object: str


def _produce_list(value, where: Where, groups: set[str], allowed_extra: set[str] = frozenset()) -> list[Produce]:
    from ..vocab import datatype_properties

    items = value if isinstance(value, list) else [value]
    out: list[Produce] = []
    for item in items:
        if not isinstance(item, dict) or not {"subject", "predicate", "object"} <= set(item):
            raise where.fail("each 'produce'/'relation' item needs subject, predicate and object")
        predicate = str(item["predicate"])
        if predicate not in datatype_properties():
            property_name(predicate, where)
        for role in ("subject", "object"):
            if item[role] not in groups | allowed_extra:
                raise where.fail(f"{role} '{item[role]}' is not a named slot of the pattern "
                                 f"(named slots: {', '.join(sorted(groups)) or 'none'})")
        out.append(Produce(str(item["subject"]), predicate, str(item["object"])))
    return out


def _relations(template: Template, match: re.Match, produce: list[Produce], rule: str,
               sentence: Sentence, new: Optional[Mention] = None) -> list[Relation]:
    # The evidence span covers every slot, also one matched in a lookahead ({a}(?={b})).
    start, end = template.to_doc(match.start(), max([match.end(), *(match.end(g) for g in match.groupdict())]))
    out: list[Relation] = []
    for item in produce:
        subjects = [new] if item.subject == "new" else template.group_mentions(match, item.subject)
        objects = [new] if item.object == "new" else template.group_mentions(match, item.object)
        for s in subjects:
            for o in objects:
                if s is not None and o is not None and s != o:
                    out.append(Relation(s, item.predicate, o, rule, sentence.index, start, end))
    return out


@rule_kind("relation")
class RelationRule(Rule):
    """A pattern over the sentence template; named slots become relation ends."""

    stage = "relation"
    keys = frozenset({"pattern", "produce", "slot_not_match"})
    default_priority = 0

    def __init__(self, regex: re.Pattern, produce: list[Produce],
                 slot_not_match: Optional[dict[str, re.Pattern]] = None, **common) -> None:
        super().__init__(**common)
        self.regex, self.produce = regex, produce
        self.slot_not_match = slot_not_match or {}
        self.needs = template_needs(regex)        # the engine skips sentences without any

    @classmethod
    def from_spec(cls, spec, where, lists):
        regex = compile_template_pattern(need(spec, "pattern", where), where, lists)
        produce = _produce_list(need(spec, "produce", where, (list, dict)), where, set(regex.groupindex))
        not_match = spec.get("slot_not_match") or {}
        if not isinstance(not_match, dict) or any(k != "__line__" and k not in regex.groupindex for k in not_match):
            raise where.fail("'slot_not_match' must map slots of the pattern to regular expressions")
        return cls(regex=regex, produce=produce,
                   slot_not_match={k: compile_regex(lists.expand(str(v), where), where)
                                   for k, v in not_match.items() if k != "__line__"},
                   **cls.common(spec, where))

    def find(self, template: Template) -> list[Relation]:
        out: list[Relation] = []
        for match in self.regex.finditer(template.text):
            if any(m is not None and pattern.fullmatch(m.norm or m.text)
                   for slot, pattern in self.slot_not_match.items()
                   for m in template.group_mentions(match, slot)):
                continue        # 中俄, 巴以: two countries side by side, not one inside the other
            out.extend(_relations(template, match, self.produce, self.id, template.sentence))
        return out


@rule_kind("compose")
class ComposeRule(Rule):
    """Join mentions and the words around them into one larger mention:
    ``{org:Organization}(?P<head>{@position_titles})`` -> a Position postIn org."""

    stage = "compose"
    keys = frozenset({"pattern", "type", "relation", "slot_text", "slot_match", "canonical_from", "span",
                      "standalone", "keep_inner"})
    default_priority = 25

    def __init__(self, regex: re.Pattern, type_: str, produce: list[Produce],
                 slot_text: dict[str, "frozenset[str] | re.Pattern"], canonical_from: Optional[str],
                 span: Optional[str], standalone: bool = True,
                 keep_inner: Optional[frozenset] = None, **common) -> None:
        super().__init__(**common)
        self.regex, self.type, self.produce, self.slot_text = regex, type_, produce, slot_text
        self.canonical_from, self.span = canonical_from, span
        # standalone: false - the composite only swallows its parts (福建|舰 is a ship, no
        # mention of 福建) and is dropped itself, like a blocker lexicon's words.
        self.standalone = standalone
        # keep_inner: the types of the parts that always stay as mentions inside the composite
        # (None: every part stays). Parts of other types stay only when they are named as written:
        # a title read with its default owner (总理 = 国务院总理) is dropped, so 加拿大总理 is no
        # mention of China's premier, while 加拿大 in it, and 马里兰州州长 in 美国马里兰州州长, stay.
        self.keep_inner = keep_inner
        self.needs = template_needs(regex)        # the engine skips sentences without any

    @classmethod
    def from_spec(cls, spec, where, lists):
        regex = compile_template_pattern(need(spec, "pattern", where), where, lists)
        produce = _produce_list(spec.get("relation", []), where, set(regex.groupindex), {"new"})
        slot_text = {}
        for group, words in (spec.get("slot_text") or {}).items():
            if group == "__line__":
                continue
            if group not in regex.groupindex:
                raise where.fail(f"slot_text names '{group}', which is not a named slot of the pattern")
            slot_text[group] = frozenset(word_list(words, where, lists))
        for group, pattern in (spec.get("slot_match") or {}).items():
            if group == "__line__":
                continue
            if group not in regex.groupindex:
                raise where.fail(f"slot_match names '{group}', which is not a named slot of the pattern")
            slot_text[group] = compile_regex(lists.expand(str(pattern), where), where)
        canonical_from, span = spec.get("canonical_from"), spec.get("span")
        for key, group in (("canonical_from", canonical_from), ("span", span)):
            if group and group not in regex.groupindex:
                raise where.fail(f"{key} names '{group}', which is not a group of the pattern")
        standalone = spec.get("standalone", True)
        if not isinstance(standalone, bool):
            raise where.fail("'standalone' must be true or false")
        keep_inner = spec.get("keep_inner")
        if keep_inner is not None:
            keep_inner = frozenset(entity_type(t, where) for t in need(spec, "keep_inner", where, list))
        return cls(regex=regex, type_=entity_type(need(spec, "type", where), where),
                   produce=produce, slot_text=slot_text, canonical_from=canonical_from, span=span,
                   standalone=standalone, keep_inner=keep_inner, **cls.common(spec, where))

    def apply(self, template: Template) -> Optional[tuple[Mention, list[Mention], list[Relation]]]:
        """The first composition in the template: new mention, parts it consumed, relations."""
        sentence = template.sentence
        for match in self.regex.finditer(template.text):
            start, end = template.to_doc(*match.span(self.span or 0))
            parts = template.slots_in(*match.span(self.span or 0))
            if (not parts and not self.span) or end - start > 40 or not self._slots_agree(template, match):
                continue
            if len(parts) == 1 and parts[0].rule == self.id and parts[0].span == (start, end):
                continue        # this rule's own composite again: no progress (a retyping rule)
            s, e = start - sentence.start, end - sentence.start
            canonical = _composed_canonical(sentence, start, end, parts)
            if self.canonical_from:
                source = template.group_mentions(match, self.canonical_from)[0]
                canonical = source.attr("canonical") or match_key(source.norm)
            attrs = [("canonical", canonical)] if canonical != match_key(sentence.norm[s:e]) else []
            context = next((p.attr("context") for p in parts if p.attr("context")), None)
            if context and parts[0].start == start:
                attrs.append(("context", context))
            if not self.standalone:
                attrs.append(("standalone", "no"))
            new = Mention(start, end, sentence.text[s:e], self.type, self.id, sentence.index,
                          norm=sentence.norm[s:e], priority=self.priority, attrs=tuple(attrs))
            return new, parts, _relations(template, match, self.produce, self.id, sentence, new)
        return None

    def keeps(self, part: Mention) -> bool:
        """Whether a part of a composite stays as a mention inside it: never for a composite that
        is dropped (``standalone: false``), otherwise as ``keep_inner`` says."""
        return self.standalone and (self.keep_inner is None or part.type in self.keep_inner
                                    or part.attr("canonical") is None)

    def _slots_agree(self, template: Template, match: re.Match) -> bool:
        """``slot_text`` constraints: the named slot's words must be one of the listed ones."""
        for group, allowed in self.slot_text.items():
            mentions = template.group_mentions(match, group)
            ok = (lambda m: allowed.fullmatch(m.norm)) if isinstance(allowed, re.Pattern) else \
                (lambda m: m.norm in allowed)
            if mentions and not all(ok(m) for m in mentions):
                return False
        return True


def _composed_canonical(sentence: Sentence, start: int, end: int, parts: list[Mention]) -> str:
    """Surface with each part replaced by its canonical name (中办主任 -> 中共中央办公厅主任)."""
    out, pos = [], start
    for i, part in enumerate(sorted(parts, key=lambda m: m.start)):
        out.append(sentence.norm[pos - sentence.start:part.start - sentence.start])
        # Only the leading entity is named canonically (中办 -> 中共中央办公厅); a later
        # part such as 总理 in 印度总理 keeps its words.
        out.append((part.attr("canonical") if i == 0 else None) or part.norm)
        pos = part.end
    out.append(sentence.norm[pos - sentence.start:end - sentence.start])
    return match_key("".join(out))


@rule_kind("nested")
class NestedRule(Rule):
    """Split a compound name at a known prefix: 汝城县沙洲村 -> 沙洲村 locatedIn 汝城县;
    湖南省委宣传部 -> subOrganizationOf 湖南省委.  ``split: true`` keeps only the
    remainder as the outer entity; otherwise the whole name stays one entity.  A remainder
    is split off only when it names something (it starts with a proper noun or a rare word)
    or matches ``named_remainder`` (a township or village after its county: 淮南市|窑河乡).
    Without ``split`` the part's canonical name carries over to the whole (国家发展改革委办公厅
    -> 国家发展和改革委员会办公厅) unless ``keep_name``: a venue keeps its name as written."""

    stage = "nested"
    keys = frozenset({"outer", "inner", "split", "remainder", "predicate", "inner_coded", "keep_whole",
                      "named_remainder", "keep_name"})
    default_priority = 0

    def __init__(self, outer: str, inner: str, split: bool, remainder: Optional[re.Pattern],
                 predicate: str, inner_coded: bool, keep_whole: frozenset[str],
                 named_remainder: Optional[re.Pattern] = None, keep_name: bool = False, **common) -> None:
        super().__init__(**common)
        self.keep_name = keep_name
        self.outer, self.inner, self.split = outer, inner, split
        self.remainder, self.predicate, self.inner_coded = remainder, predicate, inner_coded
        self.keep_whole, self.named_remainder = keep_whole, named_remainder

    @classmethod
    def from_spec(cls, spec, where, lists):
        remainder, named = spec.get("remainder"), spec.get("named_remainder")
        return cls(outer=entity_type(need(spec, "outer", where), where),
                   inner=entity_type(need(spec, "inner", where), where),
                   split=bool(spec.get("split", False)),
                   remainder=compile_regex(lists.expand(remainder, where), where) if remainder else None,
                   predicate=property_name(need(spec, "predicate", where), where),
                   inner_coded=bool(spec.get("inner_coded", False)),
                   keep_whole=frozenset(word_list(spec["keep_whole"], where, lists)) if "keep_whole" in spec else frozenset(),
                   named_remainder=compile_regex(lists.expand(named, where), where) if named else None,
                   keep_name=bool(spec.get("keep_name", False)),
                   **cls.common(spec, where))

    def apply(self, mention: Mention, sentence: Sentence,
              index: LexiconIndex) -> Optional[tuple[Mention, Mention, Optional[Relation]]]:
        """(outer, inner, relation) if ``mention`` starts with a known name of the inner type;
        the relation is None when the name is listed and its entry links it elsewhere."""
        if mention.type != self.outer:
            return None
        if self.split and index.lookup(mention.norm, self.outer):
            return None          # a known name (湘西土家族苗族自治州) is not a compound to split
        best: Optional[tuple[int, str]] = None
        for start, end, group in index.iter_matches(mention.norm):
            if start != 0 or end >= len(mention.norm) or _cuts_word(sentence, mention, end):
                continue
            rest = mention.norm[end:]
            if self.remainder and not self.remainder.fullmatch(rest):
                continue
            entry = next((e for e in group if e.type == self.inner and e.standalone
                          and (e.code or not self.inner_coded)), None)
            if entry and (best is None or end > best[0]):
                best = (end, entry.name)
        if best is None:
            return None
        cut, canonical = best
        inner = Mention(mention.start, mention.start + cut, mention.text[:cut], self.inner,
                        self.id, mention.sentence, norm=mention.norm[:cut],
                        attrs=_entry_attrs(index, self.inner, mention.norm[:cut]))
        outer = mention
        rest = mention.norm[cut:]
        if not self.split and not self.keep_name and canonical != match_key(mention.norm[:cut]) \
                and not mention.attr("canonical"):
            # 国家发展改革委办公厅 -> 国家发展和改革委员会办公厅: the part's canonical name carries over.
            outer = Mention(mention.start, mention.end, mention.text, mention.type, mention.rule,
                            mention.sentence, norm=mention.norm, priority=mention.priority,
                            attrs=mention.attrs + (("canonical", canonical + rest),))
        if self.split and rest not in self.keep_whole and (
                _names_something(sentence, mention.start + cut)
                or (self.named_remainder is not None and self.named_remainder.fullmatch(rest))):
            # 长沙高新区 stays whole: 高新区 alone would be one node for every city's zone.
            outer = Mention(mention.start + cut, mention.end, mention.text[cut:], mention.type,
                            mention.rule, mention.sentence, norm=mention.norm[cut:],
                            priority=mention.priority)
        relation: Optional[Relation] = Relation(outer, self.predicate, inner, self.id, mention.sentence,
                                                mention.start, mention.end)
        if not self.split and self.inner == self.outer \
                and not _listed_link(index, self.outer, mention.norm, self.predicate, canonical):
            # 中国国民党革命委员会 starts with 中国国民党 but is a party of its own: a listed name
            # is part of what its entry links it to, not of every listed name it starts with.
            relation = None
        return outer, inner, relation


def _listed_link(index: LexiconIndex, type_: str, surface: str, predicate: str, target: str) -> bool:
    """False when ``surface`` is a listed name of ``type_`` whose entries do not link it to
    ``target`` by ``predicate``; True for names the lexicons do not list and for generic names
    that the document completes (省委宣传部 is the document's own province's)."""
    entries = index.lookup(surface, type_)
    if any(e.context for e in entries):
        return True
    return not entries or any(p == predicate and t == target for e in entries for p, t in e.links)


_PROPER = ("ns", "nz", "nr", "nrt", "nrfg", "j", "m")
_RARE = 50


def _names_something(sentence: Sentence, at: int) -> bool:
    """A split remainder must start with a proper noun (沙洲|村) or a rare word (东源|村), not a
    common one (航空|口岸, 国际|机场): otherwise the remainder names a kind of thing."""
    token = next((t for t in sentence.tokens if t.start == at), None)
    # a rare word (东源|村, freq 10) names a village as well as a proper noun does
    return token is None or token.pos in _PROPER or (len(token.text) >= 2 and token.freq <= _RARE)


def _cuts_word(sentence: Sentence, mention: Mention, cut: int) -> bool:
    """True when the cut falls inside a token that is not the whole name: 岳麓|山大学科技城
    cuts the word 岳麓山, while 湖南省委|理论学习中心组 is one dictionary word and may be split."""
    at = mention.start + cut
    for token in sentence.tokens:
        if token.start < at < token.end:
            return not (token.start <= mention.start and token.end >= mention.end)
    return False


def _entry_attrs(index: LexiconIndex, type_: str, surface: str) -> tuple[tuple[str, str], ...]:
    entries = index.lookup(surface, type_)
    if not entries:
        return ()
    name = entries[0].surface if index.shares_name(entries[0].surface, type_) else entries[0].name
    attrs = [("canonical", name), ("surface_key", entries[0].surface)]
    if entries[0].context:
        attrs.append(("context", entries[0].context))
    return tuple(attrs)
