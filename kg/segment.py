"""Segment stage: sentences -> tokens with POS tags and document offsets.

The user dictionary is generated from the project's lexicons, so names such as
湖南省委理论学习中心组 or 中央办公厅 come out as single tokens.  Each segmenter owns
a private dictionary: words added for one rule set never leak into another.
Segmenters are registered by name: ``jieba`` (the reference) and ``rjieba``
(jieba's algorithm in Rust, with the same dictionary and words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from math import log
from typing import Iterable, Protocol

from .model import Document, Sentence, Token
from .registry import Registry

SEGMENTERS: Registry = Registry("segmenter")


class Segmenter(Protocol):
    name: str

    def cut(self, text: str) -> list[tuple[str, str]]:
        """(word, POS tag) pairs that concatenate to ``text``."""

    def frequency(self, word: str) -> int:
        """How common ``word`` is in the segmenter's dictionary (0 when unknown)."""


@dataclass(frozen=True)
class BaseDictionary:
    """jieba's stock dictionary, read once per process: word frequencies and POS tags.
    Read-only; every segmenter copies what it changes."""

    freq: dict
    total: int
    tags: dict


@lru_cache(maxsize=1)
def base_dictionary() -> BaseDictionary:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.check_initialized()
    # posseg read the same dict.txt's tags when it was imported: no second read
    tags = jieba.posseg.dt.word_tag_tab
    if jieba.posseg.dt.tokenizer.dictionary != tokenizer.dictionary:
        tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    return BaseDictionary(tokenizer.FREQ, tokenizer.total, tags)


# jieba's own block splitting (posseg): runs of Han characters, letters, digits and a few
# joiners are cut by the dictionary; everything else goes character by character.
_RE_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_RE_SKIP = re.compile(r"(\r\n|\s)")
_RE_ENG1 = re.compile(r"^[a-zA-Z0-9]$", re.U)
_RE_NUM = re.compile(r"[\.0-9]+")
_RE_ENG = re.compile(r"[a-zA-Z0-9]+")
_RE_ENG_WORD = re.compile(r"^[a-zA-Z0-9]+$")


def _route(block: str, freq: dict, logtotal: float) -> list:
    """jieba's get_DAG and calc on one block: route[i] = (best log-probability, end of the
    word that starts at i)."""
    n = len(block)
    route: list = [None] * (n + 1)
    route[n] = (0.0, 0)
    for idx in range(n - 1, -1, -1):
        # the words starting at idx (jieba's DAG), scored as calc does; the greatest
        # (score, end) wins, as calc's max over the same tuples
        best = None
        i, frag = idx, block[idx]
        while i < n and frag in freq:
            count = freq[frag]
            if count:
                candidate = (log(count) - logtotal + route[i + 1][0], i)
                if best is None or candidate > best:
                    best = candidate
            i += 1
            frag = block[idx:i + 1]
        if best is None:
            best = (log(freq.get(block[idx]) or 1) - logtotal + route[idx + 1][0], idx)
        route[idx] = best
    return route


_PURE_HAN = re.compile("[\u4E00-\u9FD5]+")


def _suggest_freq(tokenizer, word: str) -> int:
    """``tokenizer.suggest_freq(word, False)``, computed the same way, but for a word of Han
    characters only (the common case) without jieba's generic cut and its generators."""
    if not _PURE_HAN.fullmatch(word):
        return tokenizer.suggest_freq(word, False)
    freq_table, total = tokenizer.FREQ, tokenizer.total
    route, ftotal = _route(word, freq_table, log(total)), float(total)
    freq, x, n = 1, 0, len(word)
    while x < n:
        y = route[x][1] + 1
        freq *= freq_table.get(word[x:y], 1) / ftotal
        x = y
    return max(int(freq * total) + 1, freq_table.get(word, 1))


@SEGMENTERS.register("jieba")
class JiebaSegmenter:
    """jieba's POS segmentation without HMM (no invented words), with kg's user words.

    The cut is jieba's own algorithm (``posseg.cut(HMM=False)``: the dictionary DAG and the
    most probable route), run on our private copy of the dictionary."""

    name = "jieba"

    def __init__(self, words: Iterable[tuple[str, str]] = (), extends: "JiebaSegmenter | None" = None) -> None:
        """``words``: (word, tag) pairs to keep whole.  ``extends``: a segmenter whose words
        come first (the built-in ones, under a user's rule files): only the words it lacks, or
        tags differently, are added, on top of its dictionary."""
        import jieba

        base = base_dictionary()
        tokenizer = jieba.Tokenizer()
        # A private copy of the stock dictionary: no second read from disk, and the words
        # added below never reach another segmenter.
        tokenizer.FREQ, tokenizer.total = dict(base.freq), base.total
        tokenizer.initialized = True
        tags = dict(base.tags)
        words = list(words)
        merged: dict[str, str] = {}          # every word kept whole, and its tag, in order
        if extends is not None:
            # its dictionary again: its words at their frequencies, their prefixes, its total
            freq_table = tokenizer.FREQ
            for word, tag, freq in extends.words:
                for end in range(1, len(word)):
                    freq_table.setdefault(word[:end], 0)
                freq_table[word] = freq
                tags[word] = tag
                merged[word] = tag
            tokenizer.total = extends.total
            words = [(w, t) for w, t in words if merged.get(w) != t]
        # Two passes: register every word first, then give each the frequency jieba
        # suggests so that it is cut out whole even next to the other new words.
        for word, tag in words:
            if word not in tokenizer.FREQ or not tokenizer.FREQ[word]:
                tokenizer.add_word(word, 1, tag)
            tags[word] = tag
        for word, tag in words:
            freq = _suggest_freq(tokenizer, word)
            if freq > tokenizer.FREQ.get(word, 0):
                tokenizer.add_word(word, freq, tag)
        merged.update(words)
        self.words = [(w, t, tokenizer.FREQ.get(w, 0)) for w, t in merged.items()]
        self._setup(tokenizer.FREQ, tokenizer.total, tags)

    def _setup(self, freq: dict, total: int, tags: dict) -> None:
        self.freq, self.total, self.tags = freq, total, tags
        self._logtotal = log(total)
        #: (word, tag) -> (shared token key, frequency), kept across sentences (not pickled)
        self.kinds: dict = {}

    def __getstate__(self) -> dict:
        return {"freq": self.freq, "total": self.total, "tags": self.tags, "words": self.words}

    def __setstate__(self, state: dict) -> None:
        self.words = state["words"]
        self._setup(state["freq"], state["total"], state["tags"])

    def frequency(self, word: str) -> int:
        return self.freq.get(word, 0)

    def _cut_han(self, block: str, out: list) -> None:
        """jieba's __cut_DAG_NO_HMM on one block, appending (word, tag) to ``out``."""
        tags = self.tags
        route = _route(block, self.freq, self._logtotal)
        n = len(block)
        x, buf = 0, ""
        while x < n:
            y = route[x][1] + 1
            word = block[x:y]
            if _RE_ENG1.match(word):
                buf += word
            else:
                if buf:
                    out.append((buf, "eng"))
                    buf = ""
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            out.append((buf, "eng"))

    def cut(self, text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for block in _RE_HAN.split(text):
            if not block:
                continue
            if _RE_HAN.match(block):
                self._cut_han(block, out)
                continue
            for piece in _RE_SKIP.split(block):
                if not piece:
                    continue
                if _RE_SKIP.match(piece):
                    out.append((piece, "x"))
                    continue
                for ch in piece:
                    if _RE_NUM.match(ch):
                        out.append((ch, "m"))
                    elif _RE_ENG.match(piece):
                        out.append((ch, "eng"))
                    else:
                        out.append((ch, "x"))
        return out


@SEGMENTERS.register("rjieba")
class RjiebaSegmenter(JiebaSegmenter):
    """jieba's algorithm in Rust (rjieba) with the same dictionary, user words and
    frequencies; POS tags come from kg's tag table, so they match the jieba segmenter."""

    name = "rjieba"

    def __init__(self, words: Iterable[tuple[str, str]] = (), extends: "JiebaSegmenter | None" = None) -> None:
        super().__init__(words, extends)
        # The very dictionary the jieba segmenter uses: rjieba's bundled copy of jieba's
        # dict.txt, plus every word whose frequency kg changed (its user words).
        base = base_dictionary()
        self.changes, total = [], base.total
        for word, freq in self.freq.items():
            if freq and base.freq.get(word) != freq:
                self.changes.append((word, freq, self.tags.get(word, "x")))
                total += freq - base.freq.get(word, 0)     # rjieba replaces a word's count
        # jieba's total also counts every add_word in full; a word no text holds (NUL is
        # refused at reading) makes up the difference, so that both score every route with
        # the same log-probabilities and cut alike.
        if self.total > total:
            self.changes.append(("\x00\x00", self.total - total, "x"))
        # Rust holds the dictionary, so only look-ups stay here: the frequencies of real
        # words (not jieba's zero-count prefixes) and the tags kg changed (rjieba gives every
        # other word the tag of jieba's dictionary).  A smaller engine, loaded faster.
        self.freq = {word: freq for word, freq in self.freq.items() if freq}
        self.tags = {word: tag for word, tag in self.tags.items() if base.tags.get(word) != tag}
        self._make_rust()

    def _make_rust(self) -> None:
        try:
            import rjieba
        except ImportError as exc:  # declared in pyproject; a broken install lands here
            from .errors import KgError

            raise KgError("E602", name="rjieba", detail=str(exc)) from exc
        self._rust = rjieba.Jieba()
        for word, freq, tag in self.changes:
            self._rust.add_word(word, freq, tag)

    def __getstate__(self) -> dict:
        return {**super().__getstate__(), "changes": self.changes}

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        self.changes = state["changes"]
        self._make_rust()

    def cut(self, text: str) -> list[tuple[str, str]]:
        tags, freq = self.tags, self.freq
        out = []
        for word, tag in self._rust.tag(text, False):
            found = tags.get(word)
            if found is None:
                # jieba's posseg joins runs of single letters and digits into one 'eng' token
                found = "eng" if _RE_ENG_WORD.match(word) and not freq.get(word) else tag
            out.append((word, found))
        return out


def make_segmenter(name: str, words: Iterable[tuple[str, str]] = (), extends: object = None) -> Segmenter:
    """Segmenter ``name`` keeping ``words`` whole; ``extends``: one whose words come first
    (see JiebaSegmenter), used when it is of the same kind."""
    cls = SEGMENTERS.get(name)
    if extends is not None and type(extends) is cls:
        return cls(words, extends=extends)
    return cls(words)


def tokenize(segmenter: Segmenter, sentence: Sentence) -> tuple[Token, ...]:
    """Tokens of one sentence with document offsets.  The segmenter sees the width-normalised
    text so that full- and half-width forms segment alike."""
    tokens: list[Token] = []
    pos = sentence.start
    known = segmenter.kinds
    for word, tag in segmenter.cut(sentence.norm):
        if not word:
            continue
        end = pos + len(word)
        if not word.isspace():
            kind = known.get((word, tag))
            if kind is None:
                if len(known) > 200_000:
                    known.clear()
                kind = known[(word, tag)] = ((word, tag), segmenter.frequency(word))
            tokens.append(Token(word, tag, pos, end, kind[1], kind[0]))
        pos = end
    return tuple(tokens)


def segment_document(segmenter: Segmenter, document: Document) -> Document:
    """The document with tokens filled in for every sentence."""
    sentences = tuple(replace(s, tokens=tokenize(segmenter, s)) for s in document.sentences)
    return replace(document, sentences=sentences)
