"""Lexicon rule kind and the Aho-Corasick index shared by all lexicon-like rules.

Every lexicon-like rule (``lexicon``, ``gazetteer``) contributes LexEntry records;
the Extractor builds one automaton over all of them and matches each sentence
once.  The same entries become jieba's user dictionary.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import ahocorasick

from ..model import Mention
from ..text import label_form, match_key, normalize
from .base import Rule, Where, entity_type, need, property_name, rule_kind

#: Default jieba part-of-speech tag per entity type.
POS_BY_TYPE = {"Organization": "nt", "Place": "ns", "Person": "nr"}


@dataclass(frozen=True)
class LexEntry:
    """One surface form of one lexicon entity."""

    surface: str              # match key of the surface form
    name: str                 # canonical label
    type: str
    rule: str
    pos: str = "nz"
    code: str = ""            # gazetteer id, for places and their bodies
    level: str = ""           # gazetteer level
    context: str = ""         # generic form: resolve against the document's division at this level
    standalone: bool = True   # False: only as part of a larger name (bare 部长, 书记)
    links: tuple[tuple[str, str], ...] = ()   # (predicate, canonical label of the target)
    segment: bool = True      # add to jieba's user dictionary
    boundary: int = 99        # surfaces up to this length must align with token boundaries
    prefix_ok: bool = False   # ... or at least start a token (中国 in 中国式, 中国国情)

    @property
    def is_alias(self) -> bool:
        return self.surface != match_key(self.name)


class LexiconIndex:
    """All lexicon entries by surface, with an Aho-Corasick automaton to find them."""

    def __init__(self, entries: Iterable[LexEntry]) -> None:
        self.by_surface: dict[str, list[LexEntry]] = {}
        self.by_name: dict[tuple[str, str], LexEntry] = {}
        self.by_code: dict[str, LexEntry] = {}
        for entry in entries:
            self.by_surface.setdefault(entry.surface, []).append(entry)
            if not entry.is_alias:
                self.by_name.setdefault((entry.type, match_key(entry.name)), entry)
                if entry.code:
                    self.by_code.setdefault(entry.code, entry)
        self._automaton = ahocorasick.Automaton()
        for surface, group in self.by_surface.items():
            self._automaton.add_word(surface, (len(surface), tuple(group)))
        if self.by_surface:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.by_surface)

    def iter_matches(self, norm: str) -> Iterator[tuple[int, int, tuple[LexEntry, ...]]]:
        """(start, end, entries) for every occurrence of a surface in ``norm``."""
        if not self.by_surface:
            return
        for last, (length, group) in self._automaton.iter(norm):
            yield last + 1 - length, last + 1, group

    def lookup(self, text: str, type_: str | None = None) -> list[LexEntry]:
        found = self.by_surface.get(match_key(text), [])
        return [e for e in found if type_ is None or e.type == type_]

    def canonical(self, type_: str, name: str) -> LexEntry | None:
        return self.by_name.get((type_, match_key(name)))

    def segment_words(self) -> Iterator[tuple[str, str]]:
        """(word, pos) pairs for jieba's user dictionary, in a stable order."""
        seen: set[str] = set()
        for surface in sorted(self.by_surface):
            group = [e for e in self.by_surface[surface] if e.segment]
            if group and len(surface) >= 2 and surface not in seen and " " not in surface:
                seen.add(surface)
                yield surface, group[0].pos


#: jieba's dictionary glues a conjunction or preposition to some names (和普京/nz): a name
#: right after one of these at the start of a token still starts on a boundary.
_GLUE = frozenset("和与同及跟对向")


def lexicon_mentions(index: LexiconIndex, norm: str, offset: int, sentence: int,
                     text: str, starts: frozenset[int], ends: frozenset[int]) -> list[Mention]:
    """Candidate mentions for every lexicon match in one sentence."""
    found: list[Mention] = []
    for start, end, group in index.iter_matches(norm):
        s, e = offset + start, offset + end
        for entry in group:
            starts_here = s in starts or (start > 0 and s - 1 in starts and norm[start - 1] in _GLUE)
            if len(entry.surface) <= entry.boundary and not (
                    starts_here and (e in ends or entry.prefix_ok)):
                continue
            attrs = [("canonical", entry.name), ("surface_key", entry.surface)]
            if not entry.standalone:
                attrs.append(("standalone", "no"))
            if entry.context:
                attrs.append(("context", entry.context))
            found.append(Mention(s, e, text[start:end], entry.type, entry.rule, sentence,
                                 norm=norm[start:end], priority=30, attrs=tuple(attrs)))
    return found


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
