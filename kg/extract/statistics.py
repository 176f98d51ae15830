"""Statistic rule kind: figures with their unit, measure, period and subject."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from ..model import Mention, Sentence, Statistic, Token
from .base import Rule, Where, entity_type, need, rule_kind
from .base import word_list
from .tokens import pos_in
from .prefilter import template_needs
from .template import Template, compile_template_pattern, slot_text

MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
               "千万": 10_000_000, "亿": 100_000_000, "万亿": 10**12}
_APPROX_WORDS = ("余", "多", "近", "约", "左右", "上下", "以上", "超过")


def scaled(value: str, multiplier: Optional[str]) -> str:
    """'747' with '万' -> '7470000'; keeps decimals exact."""
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if multiplier:
        number *= MULTIPLIERS[multiplier]
    text = format(number.normalize(), "f")
    return text


@rule_kind("statistic")
class StatisticRule(Rule):
    """A figure pattern over the sentence template, with groups ``value``, ``mult``,
    ``unit``, ``approx``, optional ``value_to`` and ``measure``; when the pattern has
    no ``measure`` group the measure is read off the tokens ``after`` or ``before`` it."""

    stage = "statistic"
    keys = frozenset({"pattern", "measure", "measure_pos", "measure_stop", "measure_skip",
                      "measure_max", "subject", "period_patterns"})
    default_priority = 0

    def __init__(self, regex: re.Pattern, measure: str, measure_pos: tuple[str, ...],
                 measure_stop: frozenset[str], measure_skip: frozenset[str], measure_max: int,
                 subject_types: tuple[str, ...], periods: list[re.Pattern], **common) -> None:
        super().__init__(**common)
        self.regex, self.measure, self.measure_pos = regex, measure, measure_pos
        self.measure_stop, self.measure_skip, self.measure_max = measure_stop, measure_skip, measure_max
        self.subject_types, self.periods = subject_types, periods
        self.needs = template_needs(regex)        # the engine skips sentences without any

    @classmethod
    def from_spec(cls, spec, where: Where, lists):
        regex = compile_template_pattern(need(spec, "pattern", where), where, lists)
        for group in ("value", "unit"):
            if group not in regex.groupindex:
                raise where.fail(f"a statistic pattern needs a '(?P<{group}>...)' group")
        measure = spec.get("measure", "group" if "measure" in regex.groupindex else "auto")
        if measure not in ("after", "before", "auto", "group"):
            raise where.fail("'measure' must be after, before, auto (after, else before) or group")
        return cls(
            regex=regex, measure=measure,
            measure_pos=word_list(spec.get("measure_pos", ["n*", "vn", "j", "b"]), where, lists),
            measure_stop=frozenset(word_list(spec.get("measure_stop", []), where, lists)),
            measure_skip=frozenset(word_list(spec.get("measure_skip", []), where, lists)),
            measure_max=int(spec.get("measure_max", 3)),
            subject_types=tuple(entity_type(t, where) for t in spec.get("subject", ["Place", "Organization"])),
            periods=[compile_template_pattern(p, where, lists) for p in spec.get("period_patterns", [])],
            **cls.common(spec, where))

    def find(self, template: Template) -> list[Statistic]:
        sentence = template.sentence
        out: list[Statistic] = []
        for match in self.regex.finditer(template.text):
            groups = match.groupdict()
            try:
                value = scaled(groups["value"], groups.get("mult"))
                value_to = scaled(groups["value_to"], groups.get("mult_to")) if groups.get("value_to") else None
            except (ValueError, KeyError):
                continue
            start, end = template.to_doc(*match.span())
            measure = self._measure(template, match, sentence, start, end)
            if not measure:
                continue
            approx = any(groups.get(g) for g in ("approx", "approx_before")) or \
                any(w in sentence.norm[max(0, start - sentence.start - 1):start - sentence.start]
                    for w in ("近", "约"))
            period_start, period_end, period_text = self._period(template, match)
            s, e = start - sentence.start, end - sentence.start
            out.append(Statistic(
                start=start, end=end, text=sentence.text[s:e], rule=self.id, sentence=sentence.index,
                value=value, unit=groups["unit"], measure=measure, value_to=value_to,
                approximate=bool(approx), period_start=period_start, period_end=period_end,
                period_text=period_text, subject=self._subject(template, match)))
        return out

    def _measure(self, template: Template, match: re.Match, sentence: Sentence,
                 start: int, end: int) -> str:
        if self.measure == "group":
            m_start, m_end = template.to_doc(*match.span("measure"))
            return sentence.norm[m_start - sentence.start:m_end - sentence.start].strip()
        after = [t for t in sentence.tokens if t.start >= end]
        before = list(reversed([t for t in sentence.tokens if t.end <= start]))
        if self.measure == "after":
            return self._phrase(after)
        if self.measure == "before":
            return self._phrase(before, reverse=True)
        return self._phrase(after) or self._phrase(before, reverse=True)

    def _phrase(self, tokens: list[Token], reverse: bool = False) -> str:
        """Noun-like tokens next to the figure, skipping link words (达到, 为) next to it."""
        chosen: list[Token] = []
        i = 0
        while i < len(tokens) and tokens[i].text in self.measure_skip:
            i += 1
        for token in tokens[i:]:
            if token.text in self.measure_stop or not pos_in(token.pos, self.measure_pos) \
                    or len(chosen) >= self.measure_max:
                break
            chosen.append(token)
        if reverse:
            chosen.reverse()
        return "".join(t.text for t in chosen)

    def _period(self, template: Template, match: re.Match) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """The period nearest before the figure: a time (2012-2019年) or a phrase (党的十九大以来)."""
        before = template.text[:match.start()]
        best: Optional[tuple[int, Optional[str], Optional[str], Optional[str]]] = None
        for pattern in self.periods:
            for found in pattern.finditer(before):
                start, end = template.to_doc(*found.span())
                text = template.sentence.norm[start - template.sentence.start:end - template.sentence.start]
                times = [m for m in template.slots_in(*found.span()) if m.type == "Time" and m.attr("time_start")]
                since = times[-1].attr("time_start") if times else None
                if best is None or found.end() >= best[0]:
                    best = (found.end(), since, None, text)
        # A day the text gives without its year (5日) is no period of a figure.
        slots = [m for m in template.slots_in(0, match.start()) if m.type == "Time" and m.attr("time_start")]
        if slots:
            time = slots[-1]
            end = template.text.rfind(slot_text(time.type, template.mentions.index(time)), 0, match.start())
            if best is None or end > best[0]:
                best = (end, time.attr("time_start") or None, time.attr("time_end") or None, None)
        return (best[1], best[2], best[3]) if best else (None, None, None)

    def _subject(self, template: Template, match: re.Match) -> Optional[Mention]:
        for mention in template.slots_in(0, match.start()):
            if mention.type in self.subject_types:
                return mention
        return None
