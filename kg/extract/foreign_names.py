"""Foreign names written in Chinese for the ``person_name`` rule kind (a rule with ``chars``)
(库克, 基里延科, 卡洛斯·阿马特), found by the characters of transliteration and the
evidence a reader uses.

A name is a run of adjacent jieba tokens made only of transliteration characters, at
least one of them a whole token jieba tags as a name (nr, nrt) of two or more
characters; runs joined by ``·`` form one name.  It becomes a Person only with evidence:
a title or job just before it (外交大臣, 司令), a speech or action word just after it
(说, 表示, 先生), or, for a run of three or more characters, the place of a subject
(after punctuation or a function word, before a verb, preposition or punctuation).
A place name jieba also tags nrt (加里宁格勒) loses to the gazetteer, which has the
higher priority.
"""
from __future__ import annotations

from ..model import Mention, Sentence, Token
from .base import Rule, entity_type, word_list
from .names import after_locative, in_place_list

_NAME_TAGS = ("nr", "nrt", "nrfg")
_PLACE_TAGS = ("ns", "nt")
_PIECE_TAGS = ("nz", "ng", "j", "zg", "g")


# Characters that may stand glued to a name without being part of it.
_FUNCTION_CHARS = frozenset("在是的和与了对从向把被为将也都就还又等说由让给请跟及同称")


def _loose(tokens, k: int, glued_to: Token) -> bool:
    """Token k is one Chinese character glued to the name that is no function word: the
    name may go on in it (赫里斯|坚科, 汉斯·迪|尚德)."""
    if not 0 <= k < len(tokens):
        return False
    t = tokens[k]
    return len(t.text) == 1 and "\u4e00" <= t.text <= "\u9fff" and t.text not in _FUNCTION_CHARS \
        and (t.end == glued_to.start or t.start == glued_to.end)


def _open(token: Token) -> bool:
    """A neighbour that may continue a name: ·, a name token, or one loose character."""
    return token.text == "·" or token.pos.startswith("nr") or \
        (len(token.text) == 1 and (token.pos in _PIECE_TAGS or (token.pos == "x" and "\u4e00" <= token.text <= "\u9fff")))


class TransliteratedNameRule(Rule):
    """Foreign names by their transliteration characters, kept only with evidence.  Built by
    ``person_name`` when the rule gives ``chars`` (see kg/extract/names.py)."""

    kind = "person_name"
    stage = "entity"
    keys = frozenset({"type", "chars", "before", "before_suffixes", "after", "open_before",
                      "not_in", "subject_len", "max_len", "role_suffixes", "not_role", "strong_after",
                      "place_ends"})
    default_priority = 14

    def __init__(self, type_, chars, before, before_suffixes, after, open_before, not_in,
                 subject_len, max_len, role_suffixes=(), not_role=(), strong_after=(), place_ends=(),
                 **common) -> None:
        super().__init__(**common)
        self.place_ends = tuple(place_ends)
        self.role_suffixes, self.not_role = tuple(role_suffixes), frozenset(not_role)
        self.after = frozenset(after) | frozenset(strong_after)
        self.type, self.chars = type_, frozenset(chars)
        self.before, self.before_suffixes = frozenset(before), tuple(before_suffixes)
        self.open_before, self.not_in = frozenset(open_before), frozenset(not_in)
        self.subject_len, self.max_len = subject_len, max_len

    @classmethod
    def from_spec(cls, spec, where, lists):
        def words(key):
            return word_list(spec[key], where, lists) if key in spec else ()

        chars = "".join(words("chars"))
        if not chars:
            raise where.fail("a 'transliterated_name' rule needs 'chars': the transliteration characters")
        return cls(type_=entity_type(spec.get("type", "Person"), where), chars=chars,
                   before=words("before"), before_suffixes=words("before_suffixes"), after=words("after"),
                   open_before=words("open_before"), not_in=words("not_in"),
                   subject_len=int(spec.get("subject_len", 3)), max_len=int(spec.get("max_len", 12)),
                   role_suffixes=words("role_suffixes"), not_role=words("not_role"),
                   strong_after=words("strong_after"), place_ends=words("place_ends"),
                   **cls.common(spec, where))

    def _translit(self, token: Token) -> bool:
        return self.chars.issuperset(token.text)

    def _run(self, tokens: tuple[Token, ...], i: int, first: bool) -> tuple[int, bool]:
        """End index of the run of transliteration tokens from i (i - 1 when none), and
        whether it holds a whole name token of two or more characters."""
        j, named = i, False
        while j < len(tokens) and self._translit(tokens[j]) and (j == i or tokens[j].start == tokens[j - 1].end):
            t = tokens[j]
            if len(t.text) >= 2 and t.pos in _PLACE_TAGS and first:
                break               # 巴西|里瓦尔多: a country before the name is not part of it
            named = named or (len(t.text) >= 2 and t.pos in _NAME_TAGS)
            j += 1
        return j - 1, named

    def _name(self, tokens, i: int):
        """End token index of the name starting at i, or None: runs joined by ·, one of
        them holding a name token, or two runs joined by · (阿·德米特里延科)."""
        if i > 0 and tokens[i - 1].end == tokens[i].start and _open(tokens[i - 1]):
            return None             # the middle of a longer name (拉·|甘地, 马格坦|戈尔)
        j, named = self._run(tokens, i, first=True)
        if j < i:
            return None
        dotted = False
        while j + 2 < len(tokens) and (tokens[j + 1].text == "·" or
                                       (tokens[j + 1].text in "—－" and named)):   # 约翰—格伦
            k, more = self._run(tokens, j + 2, first=False)
            if k < j + 2:
                break
            j, named, dotted = k, named or more, True
        if not (named or dotted):
            return None
        if j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end and _open(tokens[j + 1]) \
                and tokens[j + 1].text not in self.after:
            return None             # the name goes on in characters we do not know (沙|佛尔霍夫)
        if self._goes_on(tokens, j):
            return None
        if dotted and _loose(tokens, i - 1, tokens[i]) and not self._left(tokens, i):
            return None             # 维|姆·杜伊森贝赫: the name began before
        return j

    def _titled(self, tokens, i: int):
        """Right after a title (副部长|加里|巴巴|迪) a run of three or more transliteration
        characters is a name although jieba knows none of its pieces as one."""
        if not self._left(tokens, i) or (i > 0 and tokens[i - 1].end != tokens[i].start):
            return None
        j = i
        while j < len(tokens) and self._translit(tokens[j]) and (j == i or tokens[j].start == tokens[j - 1].end):
            j += 1
        j -= 1
        if j < i or sum(len(t.text) for t in tokens[i:j + 1]) < 3 or any(len(t.text) > 3 for t in tokens[i:j + 1]):
            return None
        if j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end and _open(tokens[j + 1]) \
                and tokens[j + 1].text not in self.after:
            return None
        if self._goes_on(tokens, j):
            return None
        return j

    def _goes_on(self, tokens, j: int) -> bool:
        """After the name, one loose character and then more of the name: a transliteration
        character or · (赫里斯|坚|科, 汉斯·迪|尚|德, 汤姆|士|·)."""
        if not _loose(tokens, j + 1, tokens[j]) or tokens[j + 1].text in self.after or j + 2 >= len(tokens):
            return False
        more = tokens[j + 2]
        return more.start == tokens[j + 1].end and (more.text[:1] in self.chars or more.text[:1] in "·—")

    def _left(self, tokens, i: int) -> bool:
        if i == 0:
            return False
        prev = tokens[i - 1].text
        if prev in self.before or (len(prev) >= 2 and prev.endswith(self.before_suffixes)):
            return True
        # a noun for a person by its last character (物理学家, 协调员, 队友), as for Chinese names
        return len(prev) >= 2 and tokens[i - 1].pos == "n" and prev not in self.not_role \
            and prev.endswith(self.role_suffixes) and not (prev.endswith("人") and len(prev) < 3)

    def _right(self, tokens, j: int) -> bool:
        if j + 1 < len(tokens) and tokens[j + 1].text == "等":      # 布赫等参加, 迪亚等人
            return j + 2 < len(tokens) and (tokens[j + 2].text in self.after or tokens[j + 2].text == "人")
        if j + 3 < len(tokens) and tokens[j + 1].text.isdigit() and tokens[j + 2].text == "日":
            return tokens[j + 3].text in self.after             # a news date between: 梅金斯基17日表示
        return j + 1 < len(tokens) and tokens[j + 1].text in self.after

    def _subject(self, tokens, i: int, j: int) -> bool:
        if in_place_list(tokens, i, j) or after_locative(tokens, i, j):
            return False            # 在苏梅、哈尔科夫、顿涅茨克等方向, 在巴赫穆特击退: places
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        before_ok = prev is None or prev.pos == "x" or prev.text in self.open_before or prev.pos in ("p", "c") \
            or (prev.pos == "v" and len(prev.text) >= 2)        # 强烈反对|内塔尼亚胡|接受
        after_ok = nxt is None or nxt.pos[:1] in ("v", "p", "d", "c", "x") or nxt.text == "的"
        quoted = (prev is not None and prev.text in "“《\"") or (nxt is not None and nxt.text in "”》\"")
        return before_ok and after_ok and not quoted

    def find(self, sentence: Sentence) -> list[Mention]:
        tokens = sentence.tokens
        chars = self.chars
        out, i = [], 0
        while i < len(tokens):
            if not chars.issuperset(tokens[i].text):    # a name starts with a transliteration token
                i += 1
                continue
            j = self._name(tokens, i)
            if j is None:
                j = self._titled(tokens, i)
            if j is None:
                i += 1
                continue
            start, end = tokens[i].start, tokens[j].end
            s, e = start - sentence.start, end - sentence.start
            text = sentence.text[s:e]
            han = len(text.replace("·", ""))
            if text not in self.not_in and 2 <= han <= self.max_len and not text.endswith(self.place_ends) and (
                    self._left(tokens, i) or self._right(tokens, j)
                    or (han >= self.subject_len and self._subject(tokens, i, j))
                    or (i == j and tokens[i].pos == "nrt" and self._subject(tokens, i, j)
                        and (i == 0 or tokens[i - 1].pos in ("x", "p", "c")))):   # ，|琼斯|重返
                out.append(Mention(start, end, text, self.type, self.id, sentence.index,
                                   norm=sentence.norm[s:e], priority=self.priority))
            i = j + 1
        return out
