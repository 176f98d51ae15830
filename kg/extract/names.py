"""The ``person_name`` entity rule kind: Chinese personal names by character statistics and
the evidence a reader uses.

A candidate is a surname followed by one or two given-name characters that starts and ends
on jieba token boundaries (so 李强|在 gives 李强, never 李强在).  It scores how name-like its
characters are: for each character, log P(in a given name) - log P(elsewhere), learned from
the names in jieba's own dictionary (kg/data/names/name_chars.json, built by
tests/tools/build_name_stats.py).  A candidate becomes a Person only with evidence:

* a title or job just before it (省长, 校长, 经销商, 村党支部书记) or a speech or action verb,
  同志 or 先生 just after it, with a score of at least ``min_score``;
* or membership in a 、-list one of whose members has such evidence (副省长X、Y、Z);
* or, without context, a whole jieba ``nr`` token (a name jieba knows) scoring at least
  ``alone_score``.

A ``person_name`` rule that gives ``chars`` finds foreign names instead, by their
transliteration characters (kg/extract/foreign_names.py).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

from ..model import Mention, Sentence, Token
from ..resources import data_path
from .base import Rule, entity_type, need, rule_kind, word_list


@lru_cache(maxsize=4)
def name_model(name: str) -> "NameModel":
    return NameModel(json.loads(data_path(*name.split("/")).read_text(encoding="utf-8")))


class NameModel:
    """Log-odds of a character as surname or given name against its use in other words."""

    def __init__(self, data: dict) -> None:
        names, total = data["names"], data["general_total"]
        general = data["general"]

        def odds(counts: dict) -> dict[str, float]:
            return {c: math.log((n + 0.5) / names) - math.log((general.get(c, 0) + 1000) / total)
                    for c, n in counts.items()}

        self.given = odds(data["given"])
        self.family = odds(data["surname"])
        self.unseen = {c: -math.log((n + 1000) / total) + math.log(0.5 / names) for c, n in general.items()}

    def given_score(self, char: str) -> float:
        if char in self.given:
            return self.given[char]
        return self.unseen.get(char, -0.8)     # a rare character unseen anywhere: a neutral guess


_NAME_PIECE = frozenset({"nr", "nrt", "nrfg", "ns", "n", "ng", "j", "zg", "nz"})
_QUOTES = frozenset("“”\"《》「」'")
_JOINERS = ("、", "和", "与", "及")
# Surnames that are also measure words (一张, 这项, 两封).
_MEASURES = frozenset("张项封盘台门位支")
# One-character heads of a unit or place that jieba leaves loose before a name (渔民村|李育英,
# 宣教科|郝彦南): they end the unit's name, they do not start the person's.
_UNIT_HEADS = frozenset("村乡镇县市省区科室组队厂局处部院所站社系班校")


def _in_list(tokens, i: int) -> bool:
    """The token stands next to 、 (副省长王建华、刘彦彬)."""
    return (i > 0 and tokens[i - 1].text == "、") or (i + 1 < len(tokens) and tokens[i + 1].text == "、")


# Lists of places and locative frames (in_place_list, after_locative): a name with no other
# evidence there is a place, not a person.  Shared with kg.extract.foreign_names.
_LIST_PLACE_TAGS = frozenset({"ns", "nsf"})
_LIST_END = frozenset("，,。；;：:（）()“”《》")
#: Words after 等 that close a list of places (苏梅、哈尔科夫等方向, 明尼阿波利斯、波特兰等地).
_PLACE_LIST_CLOSERS = frozenset({"地", "地区", "方向", "城市", "国家", "国", "省", "市", "州", "县", "港口", "省份",
                                 "城镇", "多地"})
_SEPARATORS = frozenset({"、", "与", "和", "及"})
#: Locative words before which a name that has no other evidence is a place (在巴赫穆特击退 ...),
#: unless the clause goes on as a person's (在李强陪同下).
_LOCATIVE = frozenset({"在", "于", "赴", "到", "至"})
_PERSON_AFTER_LOCATIVE = frozenset({"陪同", "主持", "带领", "领导", "率领", "的", "指导", "见证", "关心", "关怀", "支持",
                                    "那里", "这里", "家", "家里", "身上", "身边", "手中", "手里", "心中", "面前"})


def _member_end(tokens, k: int, step: int) -> int:
    """Index of the list separator (、, 与 ...) or boundary that ends the member starting at k."""
    while 0 <= k < len(tokens) and tokens[k].text not in _SEPARATORS and tokens[k].text not in _LIST_END \
            and tokens[k].text != "等":
        k += step
    return k


def after_locative(tokens, i: int, j: int) -> bool:
    """The candidate stands after 在, 于, 赴 ... and before a verb that is not a person's
    (在巴赫穆特击退俄军, 在哈尔科夫夺回), or after a part of a country (南部敖德萨): a place."""
    if i > 0 and tokens[i - 1].pos == "f" and tokens[i - 1].text.endswith("部") and tokens[i - 1].end == tokens[i].start:
        return True                 # 南部|敖德萨, 东部|顿涅茨克: a part of a country
    if i == 0 or tokens[i - 1].text not in _LOCATIVE or tokens[i - 1].end != tokens[i].start:
        return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or nxt.text not in _PERSON_AFTER_LOCATIVE


def in_place_list(tokens, i: int, j: int, limit: int = 12) -> bool:
    """Tokens i..j are a member of a 、-list of places: two or more other members are one
    word jieba tags as a place, or the list closes with 等地, 等方向 ... (在苏梅、哈尔科夫、
    顿涅茨克等方向, 哈尔科夫等地).  People's lists hold names jieba takes for places (巴音朝鲁,
    柳江) one at a time, so one such member alone proves nothing."""
    places, closed = 0, False
    for step, edge in ((1, j + 1), (-1, i - 1)):
        k = edge
        for _ in range(limit):
            if not (0 <= k < len(tokens)) or tokens[k].text not in _SEPARATORS:
                break
            begin = k + step
            k = _member_end(tokens, begin, step)
            member = tokens[min(begin, k - step):max(begin, k - step) + 1] if k != begin else ()
            if len(member) == 1 and member[0].pos in _LIST_PLACE_TAGS and len(member[0].text) >= 2:
                places += 1
        if step == 1 and 0 <= k < len(tokens) - 1 and tokens[k].text == "等":
            after = tokens[k + 2] if tokens[k + 1].text in ("多", "各") and k + 2 < len(tokens) else tokens[k + 1]
            closed = after.text in _PLACE_LIST_CLOSERS          # 等地, 等多地, 等方向
        elif step == 1 and 0 <= k < len(tokens) and tokens[k].text in ("等地", "等国"):
            closed = True
    return places >= 2 or closed


def _whole_name(token: Token) -> bool:
    """A three-character token jieba's dictionary tags as a name (李肇星 553, 邓稼先): famous
    people are frequent words, and three-character nr words are nearly all names."""
    return len(token.text) == 3 and token.pos.startswith("nr")


def _glued(tokens, j: int) -> bool:
    """The word goes on with a one-character noun or locative (罗霄山|脉, 白桦林|间)."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is not None and nxt.start == tokens[j].end and len(nxt.text) == 1 \
        and (nxt.pos.startswith("n") or nxt.pos == "f")


@rule_kind("person_name")
class PersonNameRule(Rule):
    """Names by surname and given-name statistics, kept only with contextual evidence."""

    stage = "entity"
    keys = frozenset({"type", "stats", "surnames", "before", "before_suffixes", "after", "not_in",
                      "not_given", "inner_given", "not_next", "min_score", "min_char", "alone_score", "weak_score",
                      "open_before", "max_freq", "honorifics", "document_scope",
                      "role_suffixes", "not_role", "strong_after", "half_score", "half_not_end", "half_not_before",
                      "alone_not_before",
                      "chars", "subject_len", "max_len", "place_ends"})     # the last four: foreign names
    default_priority = 15

    def __init__(self, type_, model, surnames, before, before_suffixes, after, not_in, not_given,
                 not_next, min_score, min_char, alone_score, weak_score, open_before, max_freq,
                 honorifics=(), document_scope=False, inner_given=(), alone_not_before=(),
                 half_score=99.0, half_not_end=(), half_not_before=(),
                 role_suffixes=(), not_role=(), strong_after=(),
                 **common) -> None:
        super().__init__(**common)
        self.role_suffixes, self.not_role = tuple(role_suffixes), frozenset(not_role)
        self.strong_after = frozenset(strong_after)
        self.type, self.model = type_, model
        self.surnames = frozenset(surnames)
        self.before, self.before_suffixes, self.after = frozenset(before), tuple(before_suffixes), frozenset(after)
        self.not_in, self.not_given = frozenset(not_in), frozenset(not_given)
        self.inner_given = frozenset(inner_given)
        self.alone_not_before = frozenset(alone_not_before)
        self.not_next, self.open_before = frozenset(not_next), frozenset(open_before)
        self.weak_score, self.honorifics = weak_score, frozenset(honorifics)
        self.document_scope = document_scope
        self.half_score, self.half_not_end = half_score, frozenset(half_not_end)
        self.half_not_before = frozenset(half_not_before)
        self.known_freq = 30
        self.min_score, self.min_char, self.alone_score, self.max_freq = min_score, min_char, alone_score, max_freq

    @classmethod
    def from_spec(cls, spec, where, lists):
        if "chars" in spec:         # foreign names: a run of transliteration characters
            from .foreign_names import TransliteratedNameRule
            return TransliteratedNameRule.from_spec(spec, where, lists)

        def words(key):
            return word_list(spec[key], where, lists) if key in spec else ()

        return cls(type_=entity_type(spec.get("type", "Person"), where),
                   model=name_model(str(need(spec, "stats", where))),
                   surnames=words("surnames"), before=words("before"), before_suffixes=words("before_suffixes"),
                   after=words("after"), not_in=words("not_in"), not_given=words("not_given"),
                   inner_given=words("inner_given"), alone_not_before=words("alone_not_before"),
                   not_next=words("not_next"), open_before=words("open_before"), honorifics=words("honorifics"),
                   role_suffixes=words("role_suffixes"), not_role=words("not_role"),
                   strong_after=words("strong_after"),
                   document_scope=bool(spec.get("document_scope", False)),
                   weak_score=float(spec.get("weak_score", 6.0)), half_score=float(spec.get("half_score", 99.0)),
                   half_not_end=words("half_not_end"), half_not_before=words("half_not_before"),
                   min_score=float(spec.get("min_score", 2.0)), min_char=float(spec.get("min_char", 0.0)),
                   alone_score=float(spec.get("alone_score", 6.0)), max_freq=int(spec.get("max_freq", 100)),
                   **cls.common(spec, where))

    # -- candidates ---------------------------------------------------------------------
    def _candidate(self, tokens: tuple[Token, ...], i: int, relaxed: bool = False):
        """The best name starting at token i: (end token index, score, whole_nr) or None.
        ``relaxed``: the given name may be a word jieba knows as something else (戚|西洋,
        姚|保国), for a name with strong evidence on both sides."""
        first = tokens[i]
        surname = first.text[:2] if first.text[:2] in self.surnames and len(first.text[:2]) == 2 else first.text[0]
        if surname not in self.surnames:
            return None
        best = None
        text, j = "", i
        while j < len(tokens) and (j == i or tokens[j].start == tokens[j - 1].end):
            text += tokens[j].text
            given = text[len(surname):]
            if len(given) > 2:
                break
            if given and self._good(tokens, i, j, text, given, relaxed):
                score = self.model.family.get(surname[0], 0.0) + sum(self.model.given_score(c) for c in given)
                best = (j, score, i == j and first.pos.startswith("nr"))
            j += 1
        return best

    def _good(self, tokens, i: int, j: int, text: str, given: str, relaxed: bool = False) -> bool:
        if text in self.not_in or any(not "\u4e00" <= c <= "\u9fff" for c in given):
            return False
        if i == j and text[1:] in self.honorifics:
            return False            # 张女士, 王先生: a surname and a form of address, no name
        if text[0] in _MEASURES and i > 0 and (tokens[i - 1].pos == "m" or tokens[i - 1].text[-1:] in "这那哪每几"):
            return False            # 那|张小巧的门票, 一|项: a measure word after a number or demonstrative
        # In a dictionary name (唐家璇) only the last character must be a given-name one:
        # 家 or 正 in the middle is common, at the end rare (唐山|正).
        whole = i == j and _whole_name(tokens[i])
        # ``inner_given``: characters that end no given name but often begin a two-character
        # one (洪家光, 王家卫); elsewhere every given character is checked.
        checked = given[-1:] if whole or relaxed else \
            (given[1:] if len(given) == 2 and given[0] in self.inner_given else given)
        if any(c in self.not_given for c in checked) \
                or (whole and given[0] in "先老"):
            return False
        # a piece of a longer transliterated name (安德雷|斯, 巴蒂|斯图塔, 呼日勒|苏赫)
        if j + 1 < len(tokens) and tokens[j + 1].text[:1] in self.not_next and tokens[j + 1].start == tokens[j].end:
            return False
        if j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end and len(tokens[j + 1].text) >= 2 \
                and tokens[j + 1].pos.startswith("nr") and i < j \
                and tokens[j + 1].text not in self.strong_after and tokens[j + 1].text not in self.after:
            return False            # 马|格|坦|戈尔·圭尼贡多: a name token glued after pieces goes on
        if i > 0 and tokens[i - 1].text[-1:] in self.not_next and tokens[i - 1].end == tokens[i].start \
                and not self._left(tokens, i):
            return False
        if i > 1 and tokens[i - 2].text == "·" and len(tokens[i - 1].text) <= 2 \
                and tokens[i - 2].end == tokens[i - 1].start and tokens[i - 1].end == tokens[i].start:
            return False            # 班禅额尔德尼·确|吉杰布: the rest of a name after its dot
        if not relaxed and any(self.model.given_score(c) < self.min_char for c in given):
            return False
        if i == j and not tokens[i].pos.startswith(("nr", "nz")) and tokens[i].freq:
            return False            # a word jieba knows as something else (柴达木/ns, 郁金香/n)
        if i == j and tokens[i].freq > self.known_freq and not self._left(tokens, i, roles=False) \
                and not _in_list(tokens, i) and not _whole_name(tokens[i]) and not self._honorific(tokens, j):
            return False            # jieba tags common words nr (荣光 38, 仲夏 44); its names are rarer
        if i > 0 and tokens[i - 1].end == tokens[i].start and len(tokens[i - 1].text) == 1 \
                and tokens[i - 1].pos in _NAME_PIECE and tokens[i - 1].text not in self.before \
                and tokens[i - 1].text not in _UNIT_HEADS:
            return False            # the end of a longer name (岸|田文雄, 赫|马拉), not 村|李育英
        for t in tokens[i:j + 1]:
            if relaxed and t is not tokens[i]:
                if t.text in self.strong_after or t.text in self.honorifics or t.pos[:1] in ("d", "p", "c", "u", "r"):
                    return False    # 陈|教授, 韦伯|更: a title or a function word, no given name
                continue            # the given name's pieces: the evidence vouches for them
            if relaxed and t.pos.startswith("nr") and i < j and t.text not in self.not_in:
                continue            # 李铁|辰校长: a name token jieba knows, with more after it (not 谢谢|肖)
            if len(t.text) >= 2 and t.pos in ("ns", "nt") and not (t is tokens[j] and _in_list(tokens, i)):
                return False        # 唐山|正; in a 、-list 李|天马 may still be a name
            # a common word inside (高|水平, 祝贺|马) is no given name
            if len(t.text) >= 2 and t.text != text and t.freq > self.max_freq \
                    and not (t is tokens[j] and t.pos == "ns" and _in_list(tokens, i)):
                return False
        if i == j and not tokens[i].pos.startswith("nr") and tokens[i].freq > self.max_freq:
            return False
        if i < j and not relaxed and len(tokens[j].text) >= 2 and tokens[j].pos in ("ns", "nt") and not any(t.pos.startswith("nr") for t in tokens[i:j]):
            return False        # a place after a surname-like word (高|天马) is a name only after a name
        return True

    def _left(self, tokens, i: int, roles: bool = True) -> bool:
        if i == 0 or tokens[i - 1].end != tokens[i].start:
            return False
        prev = tokens[i - 1].text
        if prev in self.before or (len(prev) >= 2 and prev.endswith(self.before_suffixes)):
            return True
        if not roles:
            return False
        # a noun for a person by its last character (船工, 学者, 企业家, 候选人)
        return len(prev) >= 2 and tokens[i - 1].pos == "n" and prev not in self.not_role \
            and prev.endswith(self.role_suffixes) and not (prev.endswith("人") and len(prev) < 3)

    def _honorific(self, tokens, j: int) -> bool:
        """同志, 先生, 校长 right after: even a common word jieba tags nr (彭真 268) is a name there."""
        return j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end and tokens[j + 1].text in self.honorifics

    def _right(self, tokens, j: int) -> bool:
        if j + 1 >= len(tokens) or tokens[j + 1].start != tokens[j].end:
            return False
        nxt = tokens[j + 1].text
        if nxt == "等":       # 杨震等参加: 等 counts only before a verb that follows names, or 人
            return j + 2 < len(tokens) and (tokens[j + 2].text in self.after or tokens[j + 2].text == "人")
        return nxt in self.after or nxt in self.strong_after

    def _half(self, tokens, i: int, j: int) -> bool:
        """A high-scoring name of several pieces with one fitting neighbour, unless it ends in
        a function word or like a place (蔡奇|同, 马栏山), goes on in a loose character
        (杨金|桥) or stands before the head of a place or body (艾卜哈|国际机场)."""
        last, nxt = tokens[j], tokens[j + 1] if j + 1 < len(tokens) else None
        if last.text[-1] in self.half_not_end or last.pos[:1] in ("p", "c", "u", "d", "r"):
            return False
        if nxt is not None and nxt.start == last.end and (
                (len(nxt.text) == 1 and nxt.pos in _NAME_PIECE) or nxt.text in self.half_not_before):
            return False
        return any(self._sides(tokens, i, j))

    def _may_relax(self, tokens, i: int) -> bool:
        """A quick test before a relaxed candidate: evidence before it, a list separator
        before it, or a title within the next three tokens."""
        return (i > 0 and tokens[i - 1].text in _JOINERS) or self._left(tokens, i) \
            or any(t.text in self.strong_after for t in tokens[i + 1:i + 4])

    @staticmethod
    def _listed(tokens, i: int, j: int) -> bool:
        """The candidate stands between list separators (、牛剑峰和)."""
        return i > 0 and tokens[i - 1].text in _JOINERS and j + 1 < len(tokens) \
            and (tokens[j + 1].text in _JOINERS or tokens[j + 1].text in "等，,。；;")

    def _cut(self, tokens, i: int, j: int) -> bool:
        """A two-character name whose next character, glued to it, may be its end
        (丈夫王长|泉): evidence before it does not tell where the name stops."""
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        return nxt is not None and nxt.start == tokens[j].end and len(nxt.text) == 1 \
            and tokens[j].end - tokens[i].start == 2 and nxt.pos in _NAME_PIECE \
            and not self._right(tokens, j)

    def _strong(self, tokens, i: int, j: int) -> bool:
        """Evidence strong enough for a relaxed name: a title or job before it and a clean end
        after it (厂长戚西洋说), or a title or form of address right after it (姚保国局长)."""
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is not None and nxt.start == tokens[j].end and nxt.text in self.strong_after:
            return True
        clean = nxt is None or nxt.pos[:1] in ("v", "p", "d", "c", "x", "u") or nxt.text in self.after
        return clean and self._left(tokens, i)

    def _subject(self, tokens, i: int, j: int) -> bool:
        """Weak evidence: the name stands where a subject or object stands, after punctuation
        or a function word (，|高允连|对企业) and before a verb, preposition or punctuation."""
        before_ok, after_ok = self._sides(tokens, i, j)
        return before_ok and after_ok

    def _sides(self, tokens, i: int, j: int) -> tuple[bool, bool]:
        """Whether the word before and the word after a candidate fit a subject or object."""
        if after_locative(tokens, i, j):
            return False, False
        if (i > 0 and tokens[i - 1].text in _QUOTES) or (j + 1 < len(tokens) and tokens[j + 1].text in _QUOTES):
            return False, False     # a quoted word is a nickname, brand or mascot (“吉冰”)
        before_ok = i == 0 or tokens[i - 1].end != tokens[i].start or tokens[i - 1].pos == "x" \
            or tokens[i - 1].text in self.open_before or tokens[i - 1].pos in ("p", "c") \
            or (tokens[i - 1].pos == "v" and len(tokens[i - 1].text) >= 2)    # 表扬|袁茂堂|和
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        after_ok = after is None or after.pos[:1] in ("v", "p", "d", "c", "x", "u", "a", "t") \
            or after.text in ("的", "说")
        return before_ok, after_ok

    def find(self, sentence: Sentence) -> list[Mention]:
        tokens = sentence.tokens
        found: list[tuple[int, int, float, bool, bool]] = []   # i, j, score, evidence, alone
        surnames = self.surnames
        for i in range(len(tokens)):
            text = tokens[i].text
            if text[:1] not in surnames and text[:2] not in surnames:
                continue            # a name starts with its surname (the test _candidate makes first)
            cand = self._candidate(tokens, i)
            evidence = cand is not None and cand[1] >= self.min_score and \
                (self._left(tokens, i) or self._right(tokens, cand[0]))
            if evidence and self._cut(tokens, i, cand[0]):
                evidence = False
            if not evidence and tokens[i].text[:1] in self.surnames and tokens[i].pos not in ("d", "p", "c", "u") \
                    and self._may_relax(tokens, i):
                loose = self._candidate(tokens, i, relaxed=True)
                if loose is not None and loose[1] >= self.min_score and self._strong(tokens, i, loose[0]) \
                        and (cand is None or loose[0] > cand[0]):
                    cand, evidence = loose, True
                elif cand is None and loose is not None and self._listed(tokens, i, loose[0]):
                    found.append((i, loose[0], loose[1], False, False))   # only a 、-list vouches
                    continue
            if cand is None:
                continue
            j, score, whole_nr = cand
            known = whole_nr and _whole_name(tokens[i])
            if not evidence and in_place_list(tokens, i, j):
                continue            # 在苏梅、哈尔科夫、顿涅茨克等方向: a list of places
            alone = (whole_nr and score >= self.alone_score and not _glued(tokens, j)
                     and not (j + 1 < len(tokens) and tokens[j + 1].text in self.alone_not_before)
                     and (tokens[i].freq <= self.max_freq or _whole_name(tokens[i]))) or \
                (known and score >= (self.min_score + self.alone_score) / 2 and self._subject(tokens, i, j)) or \
                (score >= self.weak_score and not (i == j and len(tokens[i].text) == 2)
                 and self._subject(tokens, i, j)) or \
                (i < j and score >= self.half_score and self._half(tokens, i, j))
            found.append((i, j, score, evidence, alone))
        accepted = {(i, j) for i, j, _s, ev, alone in found if ev or alone}
        # 、-lists: a member with evidence vouches for its neighbours (副省长X、Y、Z).
        by_start = {i: (j, s) for i, j, s, _e, _a in found}
        changed = True
        while changed:
            changed = False
            for i, j, score, _e, _a in found:
                if (i, j) in accepted or score < self.min_score:
                    continue
                # 、 joins any members; 和, 与, 及 only names that score well (王辉和成红霞)
                joins = _JOINERS if score >= self.weak_score else "、"
                prev_ok = i >= 2 and tokens[i - 1].text in joins and any(
                    (a, b) in accepted and b == i - 2 for a, b in accepted)
                nxt = by_start.get(j + 2)
                next_ok = j + 2 < len(tokens) and tokens[j + 1].text in joins and nxt is not None \
                    and (j + 2, nxt[0]) in accepted
                if prev_ok or next_ok:
                    accepted.add((i, j))
                    changed = True
        out = []
        for i, j in sorted(accepted):
            start, end = tokens[i].start, tokens[j].end
            s, e = start - sentence.start, end - sentence.start
            out.append(Mention(start, end, sentence.text[s:e], self.type, self.id, sentence.index,
                               norm=sentence.norm[s:e], priority=self.priority))
        return out


def document_names(rule: PersonNameRule, sentences, mentions: list[Mention]) -> list[Mention]:
    """A name confirmed once in a document (by any rule) is the same person wherever else it
    stands there on jieba token boundaries, outside other mentions (``document_scope``)."""
    names = {m.text for m in mentions if m.type == rule.type and 2 <= len(m.text) <= 8
             and all("\u4e00" <= c <= "\u9fff" or c == "·" for c in m.text)}
    if not names:
        return []
    ordered = sorted(names, key=lambda name: (-len(name), name))
    taken: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        taken.setdefault(m.sentence, []).append(m.span)
    out = []
    for sentence in sentences:
        starts = {t.start: t for t in sentence.tokens}
        ends = {t.end for t in sentence.tokens}
        spans = taken.get(sentence.index, [])
        # Longest names first (钱素云 before 钱素, which would otherwise take its first two
        # characters); a fixed order, so that the result never depends on set iteration.
        for name in ordered:
            at = sentence.text.find(name)
            while at >= 0:
                start, end = sentence.start + at, sentence.start + at + len(name)
                if start in starts and end in ends and not any(s < end and start < e for s, e in spans):
                    out.append(Mention(start, end, name, rule.type, rule.id, sentence.index,
                                       norm=sentence.norm[at:at + len(name)], priority=rule.priority,
                                       attrs=(("evidence", "document"),)))
                    spans.append((start, end))
                at = sentence.text.find(name, at + 1)
    return out
