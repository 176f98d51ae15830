"""Sentence templates: the sentence with each mention replaced by a slot ``⟦Type#i⟧``.

Relation, compose and statistic rules are regular expressions over templates,
written with slot macros: ``{org:Organization}`` is a named slot of type
Organization, ``{Policy|Work}`` an unnamed slot of either type, ``{x:Any}`` any
type.  Positions in the template map back to document offsets.

Times are written ``⟪i⟫``: a date is an adverbial, not one of the things a relation links,
so a gap that may hold no other mention (``[^。⟦]{0,6}``) passes over it, at about the
length of the date itself — 日本多地19日出现暴雪，其中山形县 still puts 山形县 in 日本, and
会议18日在京开幕 is still held in Beijing — while ``{t:Time}`` matches it.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..model import Mention, Sentence
from .base import ListRegistry, Where, compile_regex, entity_type

_SLOT_MACRO = re.compile(r"\{(?:([a-z_][a-z0-9_]*):)?([A-Z][A-Za-z]*(?:\|[A-Z][A-Za-z]*)*)\}")
_SLOT = re.compile(r"⟦[A-Za-z]+#(\d+)⟧|⟪(\d+)⟫")
_TIME = "Time"


def slot_text(type_: str, index: int) -> str:
    """The slot of the index-th mention of a template."""
    return f"⟪{index}⟫" if type_ == _TIME else f"⟦{type_}#{index}⟧"


_MARKS = {"《": "》", "“": "”", "〈": "〉", "「": "」"}


def compile_template_pattern(pattern: str, where: Where, lists: ListRegistry) -> re.Pattern:
    """Expand ``{@list}`` and slot macros, then compile."""
    pattern = lists.expand(pattern, where)

    def slot(match: re.Match) -> str:
        name, types = match.groups()
        if types == "Any":
            body = "(?:⟦[A-Za-z]+#\\d+⟧|⟪\\d+⟫)"
        else:
            named = types.split("|")
            for t in named:
                entity_type(t, where, allow_values=True)
            kinds = [t for t in named if t != _TIME]
            forms = ([f"⟦(?:{'|'.join(kinds)})#\\d+⟧"] if kinds else []) + (["⟪\\d+⟫"] if _TIME in named else [])
            body = forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"
        return f"(?P<{name}>{body})" if name else body

    return compile_regex(_SLOT_MACRO.sub(slot, pattern), where)


class Template:
    """A sentence as text with slots, and the way back to document offsets."""

    def __init__(self, sentence: Sentence, mentions: Sequence[Mention]) -> None:
        self.sentence = sentence
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = sentence.start
        for i, mention in enumerate(self.mentions):
            start, end = self._with_marks(mention, pos)
            gap = sentence.norm[pos - sentence.start:start - sentence.start]
            parts.append(gap)
            starts.extend(range(pos, pos + len(gap)))
            ends.extend(range(pos + 1, pos + len(gap) + 1))
            slot = slot_text(mention.type, i)
            parts.append(slot)
            starts.extend([start] * len(slot))
            ends.extend([end] * len(slot))
            pos = end
        tail = sentence.norm[pos - sentence.start:]
        parts.append(tail)
        starts.extend(range(pos, pos + len(tail)))
        ends.extend(range(pos + 1, pos + len(tail) + 1))
        self.text = "".join(parts)
        self._starts, self._ends = starts, ends

    def _with_marks(self, mention: Mention, floor: int) -> tuple[int, int]:
        """The mention's span, widened over 《》 or “” that wrap it exactly:
        rules then need not spell the marks out around every slot."""
        norm, base = self.sentence.norm, self.sentence.start
        before, after = mention.start - 1 - base, mention.end - base
        if before >= 0 and mention.start - 1 >= floor and after < len(norm) \
                and _MARKS.get(norm[before]) == norm[after]:
            return mention.start - 1, mention.end + 1
        return mention.start, mention.end

    def to_doc(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of the template span [start, end)."""
        if end <= start:
            at = self._starts[start] if start < len(self._starts) else self.sentence.end
            return at, at
        return self._starts[start], self._ends[end - 1]

    def slots_in(self, start: int, end: int) -> list[Mention]:
        """Mentions whose slots lie inside the template span [start, end)."""
        return [self.mentions[int(m.group(1) or m.group(2))] for m in _SLOT.finditer(self.text, start, end)]

    def group_mentions(self, match: re.Match, group: str) -> list[Mention]:
        start, end = match.span(group)
        return [] if start < 0 else self.slots_in(start, end)
