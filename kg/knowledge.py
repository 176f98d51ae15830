"""The knowledge layer: what extraction and resolution both know.

The lexicon index (every lexicon and gazetteer surface form), the gazetteer of
administrative divisions, and the context rules that resolution applies,
gathered from a loaded rule set by rule *kind* name.  The resolver receives
this object and nothing else of the extractor; entity keys are made here too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, NamedTuple, Optional

import ahocorasick

from .text import match_key

__all__ = ["Division", "Gazetteer", "Knowledge", "LexEntry", "LexiconIndex", "entity_key"]


class LexEntry(NamedTuple):
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
    after: tuple[str, ...] = ()   # a mention only right after one of these places (江苏太仓)

    @property
    def is_alias(self) -> bool:
        return self.surface != match_key(self.name)


class LexiconIndex:
    """All lexicon entries by surface, with an Aho-Corasick automaton to find them."""

    def __init__(self, entries: Iterable[LexEntry]) -> None:
        self._build(list(entries))

    def __getstate__(self) -> dict:
        # The maps and an automaton of integers pickle and load fast (an automaton of Python
        # objects pickles each value); the match groups are rebuilt from the maps on load.
        return {"by_surface": self.by_surface, "by_name": self.by_name, "by_code": self.by_code,
                "automaton": self._automaton}

    def __setstate__(self, state: dict) -> None:
        self.by_surface, self.by_name, self.by_code = state["by_surface"], state["by_name"], state["by_code"]
        self._automaton = state["automaton"]
        self._groups = self._match_groups()
        self._shared: dict[tuple[str, str], bool] = {}

    def _build(self, entries: list[LexEntry]) -> None:
        self.by_surface: dict[str, list[LexEntry]] = {}
        self.by_name: dict[tuple[str, str], LexEntry] = {}
        self.by_code: dict[str, LexEntry] = {}
        for entry in entries:
            self.by_surface.setdefault(entry.surface, []).append(entry)
            if not entry.is_alias:
                self.by_name.setdefault((entry.type, match_key(entry.name)), entry)
                if entry.code:
                    self.by_code.setdefault(entry.code, entry)
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for index, surface in enumerate(self.by_surface):
            self._automaton.add_word(surface, index)
        if self.by_surface:
            self._automaton.make_automaton()
        self._groups = self._match_groups()
        self._shared: dict[tuple[str, str], bool] = {}

    def extended(self, entries: Iterable[LexEntry]) -> "LexiconIndex":
        """This index with ``entries`` added after its own: the same maps, numbering and
        matches as an index built from all the entries at once, without indexing this one's
        again (a user's lexicons over the built-in ones)."""
        import pickle

        new = LexiconIndex.__new__(LexiconIndex)
        new.by_surface, new.by_name, new.by_code = dict(self.by_surface), dict(self.by_name), dict(self.by_code)
        automaton = pickle.loads(pickle.dumps(self._automaton))    # a copy (C-level, fast)
        groups, plain = list(self._groups), list(self._plain)
        changed: dict[str, int] = {}
        for entry in entries:
            group = new.by_surface.get(entry.surface)
            if group is None:
                new.by_surface[entry.surface] = group = []
                changed[entry.surface] = len(groups)
                automaton.add_word(entry.surface, len(groups))
                groups.append(None)
                plain.append(None)
            elif entry.surface not in changed:
                new.by_surface[entry.surface] = group = list(group)      # never the base's list
                changed[entry.surface] = self._automaton.get(entry.surface)   # its number
            group.append(entry)
            if not entry.is_alias:
                new.by_name.setdefault((entry.type, match_key(entry.name)), entry)
                if entry.code:
                    new.by_code.setdefault(entry.code, entry)
        for surface, index in changed.items():
            group = tuple(new.by_surface[surface])
            groups[index] = (len(surface), group)
            plain[index] = (len(surface), tuple(e for e in group if not e.after))
        if new.by_surface:
            automaton.make_automaton()
        new._automaton, new._groups, new._plain = automaton, groups, plain
        new._shared = {}
        return new

    def shares_name(self, surface: str, type_: str) -> bool:
        """Whether several gazetteer divisions of ``type_`` share ``surface`` as a name of their
        own (东山: 东山区 of Heilongjiang, 东山县 of Fujian): the mention is then named by the
        surface, and resolution chooses by the document's places.  Memoised per surface."""
        key = (surface, type_)
        found = self._shared.get(key)
        if found is None:
            names = {e.name for e in self.by_surface.get(surface, ())
                     if e.type == type_ and e.code and e.standalone and not e.after}
            found = self._shared[key] = len(names) > 1
        return found

    def _match_groups(self) -> list[tuple[int, tuple[LexEntry, ...]]]:
        """(length, entries) per surface, in the automaton's numbering (the maps' order)."""
        groups = [(len(surface), tuple(group)) for surface, group in self.by_surface.items()]
        # Entries that name something only after a given place (``after``) are for the sentence
        # matcher alone; every other reader of the index sees the rest.
        self._plain = [(length, tuple(e for e in group if not e.after)) for length, group in groups]
        return groups

    def __len__(self) -> int:
        return len(self.by_surface)

    def iter_matches(self, norm: str, guarded: bool = False) -> Iterator[tuple[int, int, tuple[LexEntry, ...]]]:
        """(start, end, entries) for every occurrence of a surface in ``norm``; entries with
        ``after`` only when ``guarded`` (the caller then checks what precedes them)."""
        if not self.by_surface:
            return
        groups = self._groups if guarded else self._plain
        for last, index in self._automaton.iter(norm):
            length, group = groups[index]
            if group:
                yield last + 1 - length, last + 1, group

    def lookup(self, text: str, type_: str | None = None) -> list[LexEntry]:
        found = self.by_surface.get(match_key(text), [])
        return [e for e in found if (type_ is None or e.type == type_) and not e.after]

    def nested_divisions(self, big: str, small: str) -> tuple[LexEntry, LexEntry] | None:
        """(entry of ``big``, entry of ``small``) when both name gazetteer divisions and one of
        ``small``'s lies under one of ``big``'s (division codes nest: 43 > 4310 > 431026).
        A short form kept only after its parent (浦东 after 上海) counts after that parent."""
        for inner in self.by_surface.get(match_key(small), []):
            if inner.type != "Place" or not inner.code or not inner.standalone:
                continue
            for outer in self.lookup(big, "Place"):
                if outer.code and outer.standalone and inner.code.startswith(outer.code) \
                        and inner.code != outer.code and (not inner.after or outer.name in inner.after):
                    return outer, inner
        return None

    def is_division(self, surface: str) -> bool:
        """Whether ``surface`` names some gazetteer division."""
        return any(e.code for e in self.lookup(surface, "Place"))

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



class Division(NamedTuple):
    id: str
    name: str
    level: str
    parent: str

    @property
    def official_code(self) -> str:
        """The statistics-bureau code, or '' for made-up ids (Hong Kong districts...)."""
        return self.id if self.id.isdigit() else ""


class Gazetteer:
    """Divisions by id, with their chain of parents."""

    def __init__(self, divisions: dict[str, Division]) -> None:
        self.divisions = divisions

    def chain(self, division_id: str) -> list[Division]:
        """The division and its ancestors, innermost first."""
        out: list[Division] = []
        current = self.divisions.get(division_id)
        while current is not None and current not in out:
            out.append(current)
            current = self.divisions.get(current.parent)
        return out



def entity_key(type_: str, label: str, code: str = "", scope: str = "") -> str:
    """The identity of an entity: its division code for places that have one, else its type
    and canonical label (and a document id for names generic across documents)."""
    if code and type_ == "Place":
        return f"Place#{code}"
    base = f"{type_}:{match_key(label)}"
    return f"{base}@{scope}" if scope else base


@dataclass
class Knowledge:
    """Lexicons, gazetteer and context rules, as resolution needs them."""

    index: LexiconIndex
    gazetteer: Optional[Gazetteer] = None
    gazetteer_rule: str = ""
    #: context rules by kind: division_prefix, short_name, optional_prefix, document_scoped
    context: dict[str, list] = field(default_factory=dict)
    #: ids of the rules that find foreign-shaped names (``foreign_name: true``)
    foreign_name_rules: frozenset = frozenset()

    def rules(self, kind: str) -> list:
        return self.context.get(kind, [])

    @property
    def prefix_merges(self) -> list:
        return self.rules("optional_prefix")

    @classmethod
    def from_rules(cls, ruleset, index: LexiconIndex) -> "Knowledge":
        context: dict[str, list] = {}
        for rule in ruleset.stage("context"):
            context.setdefault(rule.kind, []).append(rule)
        gazetteers = [r for r in ruleset.stage("entity") if r.kind == "gazetteer"]
        return cls(index, gazetteers[0].gazetteer if gazetteers else None,
                   gazetteers[0].id if gazetteers else "", context,
                   frozenset(r.id for r in ruleset.rules if r.foreign_name))
