"""Lexicon rule kind and the Aho-Corasick index shared by all lexicon-like rules.

Every lexicon-like rule (``lexicon``, ``gazetteer``) contributes LexEntry records;
the Extractor builds one automaton over all of them and matches each sentence
once.  The same entries become jieba's user dictionary.
"""
from __future__ import annotations

from typing import Iterable

from ..knowledge import LexEntry, LexiconIndex
from ..model import Mention
from ..text import label_form, match_key, normalize
from .base import Rule, Where, entity_type, need, property_name, rule_kind

#: Default jieba part-of-speech tag per entity type.
POS_BY_TYPE = {"Organization": "nt", "Place": "ns", "Person": "nr"}


#: jieba's dictionary glues a conjunction or preposition to some names (和普京/nz): a name
#: right after one of these at the start of a token still starts on a boundary.
_GLUE = frozenset("和与同及跟对向")


def lexicon_mentions(index: LexiconIndex, norm: str, offset: int, sentence: int,
                     text: str, starts: frozenset[int], ends: frozenset[int]) -> list[Mention]:
    """Candidate mentions for every lexicon match in one sentence."""
    found: list[Mention] = []
    guarded: list[tuple[Mention, tuple[str, ...]]] = []
    for start, end, group in index.iter_matches(norm, guarded=True):
        s, e = offset + start, offset + end
        # Several divisions of one short form (LexiconIndex.shares_name): one mention of them.
        shared = next((e.type for e in group if index.shares_name(e.surface, e.type)), None) \
            if len(group) > 1 else None
        first = next((e.name for e in group if e.type == shared), None)
        for entry in group:
            if entry.type == shared and entry.name != first:
                continue
            starts_here = s in starts or (start > 0 and s - 1 in starts and norm[start - 1] in _GLUE)
            # 西藏|地区 written as one word still names 西藏: 地区 (area) is a common noun.
            area = entry.type == "Place" and norm.startswith(_AREA, end) and e + len(_AREA) in ends
            if len(entry.surface) <= entry.boundary and not (
                    starts_here and (e in ends or (entry.prefix_ok and not norm.startswith(_ETHNIC, end))
                                     or area)):
                continue
            stop, e_stop = end, e
            if entry.surface.endswith(_AREA) and _area_of(index, entry):
                # 东北地区 names the region 东北: the mention is the name, not the common noun.
                stop, e_stop = end - len(_AREA), e - len(_AREA)
            attrs = [("canonical", entry.surface if entry.type == shared else entry.name),
                     ("surface_key", entry.surface)]
            if not entry.standalone:
                attrs.append(("standalone", "no"))
            if entry.context:
                attrs.append(("context", entry.context))
            mention = Mention(s, e_stop, text[start:stop], entry.type, entry.rule, sentence,
                              norm=norm[start:stop], priority=30, attrs=tuple(attrs))
            if entry.after:
                guarded.append((mention, entry.after))
            else:
                found.append(mention)
    if guarded:
        # 太仓 right after 江苏 or 苏州 (each a place of its own, ending where it starts).
        ends_of = {(m.end, m.attr("canonical")) for m in found if m.type == "Place"}
        found.extend(m for m, after in guarded if any((m.start, name) in ends_of for name in after))
    return found


def compound_places(index: LexiconIndex, norm: str, offset: int, sentence: int, text: str,
                    tokens) -> list[Mention]:
    """The two divisions in one word of jieba's dictionary (辽宁沈阳, 广西南宁, 云南省西双版纳
    傣族自治州): a match there ends or starts inside the word, so lexicon_mentions leaves it
    out.  Kept only when the gazetteer puts the second inside the first (their division codes
    nest), so that no word that merely starts like a place is split."""
    found: list[Mention] = []
    for token in tokens:
        word = norm[token.start - offset:token.end - offset]
        if len(word) < 4 or token.pos[:1] != "n" or index.lookup(word, "Place"):
            continue
        for cut in range(2, len(word) - 1):
            pair = index.nested_divisions(word[:cut], word[cut:])
            if pair is None:
                continue
            base = token.start - offset
            for (begin, end), entry in zip(((0, cut), (cut, len(word))), pair):
                attrs = (("canonical", entry.name), ("surface_key", entry.surface))
                found.append(Mention(token.start + begin, token.start + end, text[base + begin:base + end],
                                     "Place", entry.rule, sentence, norm=word[begin:end], priority=30,
                                     attrs=attrs))
            break
    return found


_AREA = "地区"
#: A name that may begin a longer word (中国|式) does not begin an ethnic group's name:
#: 朝鲜族, 俄罗斯族 and 蒙古族 are peoples of China, not the countries.
_ETHNIC = "族"


def _area_of(index: LexiconIndex, entry: LexEntry) -> bool:
    """The place entry ``X地区`` (or its alias) also has the surface X: 东北地区 and 东北."""
    short = entry.surface[:-len(_AREA)]
    return entry.type == "Place" and len(short) >= 2 and any(
        e.name == entry.name for e in index.lookup(short, "Place"))


def make_entries(rule: str, type_: str, name: str, aliases: Iterable[str] = (), **fields) -> list[LexEntry]:
    """LexEntry records for a canonical name and its aliases."""
    canonical = label_form(name)
    pos = fields.pop("pos", None) or POS_BY_TYPE.get(type_, "nz")
    surfaces = dict.fromkeys([match_key(canonical)] + [match_key(a) for a in aliases if a])
    return [LexEntry(surface=s, name=canonical, type=type_, rule=rule, pos=pos, **fields)
            for s in surfaces if s]


@rule_kind("lexicon")
class LexiconRule(Rule):
    """Named entities listed by type, each with its aliases and optional links.

    entries: a list of names, or of {name, aliases, type, links, standalone, context}.
    """

    stage = "entity"
    keys = frozenset({"type", "pos", "entries", "boundary", "standalone", "prefix_ok"})
    default_priority = 30

    def __init__(self, entries: list[LexEntry], **common) -> None:
        super().__init__(**common)
        self.entries = entries

    @classmethod
    def from_spec(cls, spec, where, lists):
        default_type = entity_type(spec.get("type", "Organization"), where)
        boundary = int(spec.get("boundary", 99))
        entries: list[LexEntry] = []
        for item in need(spec, "entries", where, list):
            entries.extend(_entry_from_item(item, spec, default_type, boundary, where))
        return cls(entries=entries, **cls.common(spec, where))


def _entry_from_item(item, spec: dict, default_type: str, boundary: int, where: Where) -> list[LexEntry]:
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict) or not item.get("name"):
        raise where.fail(f"each entry needs a 'name' (got {item!r:.60})")
    type_ = entity_type(item.get("type", default_type), where)
    links = item.get("links") or {}
    if not isinstance(links, dict):
        raise where.fail(f"entry '{item['name']}': 'links' must map a property to a name")
    link_pairs = []
    for predicate, targets in links.items():
        if predicate == "__line__":
            continue
        for target in [targets] if isinstance(targets, str) else targets:
            link_pairs.append((property_name(predicate, where), label_form(str(target))))
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    return make_entries(
        where.rule, type_, normalize(str(item["name"])), [normalize(str(a)) for a in aliases],
        pos=item.get("pos") or spec.get("pos"),
        standalone=bool(item.get("standalone", spec.get("standalone", True))),
        context=str(item.get("context", "")),
        links=tuple(sorted(link_pairs)), boundary=int(item.get("boundary", boundary)),
        prefix_ok=bool(item.get("prefix_ok", spec.get("prefix_ok", False))))
