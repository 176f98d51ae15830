"""Public NER benchmarks (People's Daily, CLUENER2020) scored by exact span beside a jieba baseline."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence

from ..errors import ValidationFailed
from ..model import (VALUE_TYPES, Document, DocumentMeta, Mention, Sentence)
from ..text import normalize
from .scores import DEFAULT_ERRORS, Score, micro

# -- public NER benchmarks ----------------------------------------------------

@dataclass(frozen=True)
class Span:
    start: int
    end: int                  # exclusive
    type: str


@dataclass(frozen=True)
class Example:
    """One benchmark sentence with its gold spans, and spans of labels outside the mapping
    (CLUENER's company, game, movie): predictions there are neither right nor wrong."""

    text: str
    spans: frozenset[Span]
    ignored: frozenset[tuple[int, int]] = frozenset()


def _open_set(path: str | Path, what: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed("E504", path=path, detail=f"Give the path of the {what} file.")
    return path


def _bio_spans(tags: Sequence[str]) -> set[Span]:
    """Spans of a BIO (or BIOES) tag sequence; an I- tag without its B- starts a span."""
    spans: set[Span] = set()
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix in ("O", "B", "S") or label != kind):
            spans.add(Span(start, i, kind))
            start, kind = None, None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, kind = i, label
    return spans


def read_bio(path: str | Path, limit: Optional[int] = None, what: str = "BIO") -> list[Example]:
    """A character-level BIO file (People's Daily, MSRA): one 'character TAG' per line, the two
    separated by a space or a tab, a blank line between sentences."""
    path = _open_set(path, f"{what} .bio")
    examples: list[Example] = []
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if line.strip():
                char, tag = _bio_line(line)
                if char is None:
                    raise ValidationFailed("E503", path=path, line=number,
                                           detail=f"expected 'character TAG' (space or tab between), got {line!r}")
                chars.append(char)
                tags.append(tag)
                continue
            if chars:
                examples.append(Example("".join(chars), frozenset(_bio_spans(tags))))
                chars, tags = [], []
                if limit is not None and len(examples) >= limit:
                    return examples
    if chars:
        examples.append(Example("".join(chars), frozenset(_bio_spans(tags))))
    return examples[:limit] if limit is not None else examples


def _bio_line(line: str) -> tuple[Optional[str], str]:
    """Split one BIO line at its last space or tab; (None, '') when it is not 'char TAG'."""
    cut = max(line.rfind(" "), line.rfind("\t"))
    if cut < 0:
        return None, ""
    char, tag = line[:cut], line[cut + 1:]
    if len(char) != 1 or not tag:
        return None, ""
    return char, tag


def read_peoples_daily(path: str | Path, limit: Optional[int] = None) -> list[Example]:
    """People's Daily NER (BIO, one character a line)."""
    return read_bio(path, limit, "People's Daily")


def read_msra(path: str | Path, limit: Optional[int] = None) -> list[Example]:
    """MSRA NER (SIGHAN 2006), same BIO format as People's Daily."""
    return read_bio(path, limit, "MSRA")


#: CLUENER2020 labels mapped to our classes; company, game and movie are ignored.
CLUENER_LABELS = {"government": "Organization", "organization": "Organization", "address": "Place",
                  "scene": "Place", "name": "Person", "position": "Position", "book": "Work/Policy"}


def read_cluener(path: str | Path, limit: Optional[int] = None) -> list[Example]:
    """CLUENER2020: one JSON object per line, spans [start, end inclusive] per label and entity."""
    path = _open_set(path, "CLUENER2020 .json")
    examples: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and len(examples) >= limit:
                break
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text, labels = item["text"], item.get("label") or {}
                spans = {_unmarked(text, Span(int(s), int(e) + 1, CLUENER_LABELS[label]))
                         for label, entities in labels.items() if label in CLUENER_LABELS
                         for ranges in entities.values() for s, e in ranges}
                ignored = {(int(s), int(e) + 1) for label, entities in labels.items()
                           if label not in CLUENER_LABELS for ranges in entities.values() for s, e in ranges}
            except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ValidationFailed("E503", path=path, line=number, detail=f"{type(exc).__name__}: {exc}") from exc
            if any(not 0 <= s.start < s.end <= len(text) for s in spans):
                raise ValidationFailed("E503", path=path, line=number, detail="a span lies outside the text")
            examples.append(Example(text, frozenset(spans), frozenset(ignored)))
    return examples


def _unmarked(text: str, span: Span) -> Span:
    """CLUENER's book spans include the 《》 around a title; kg's title mentions do not."""
    if span.end - span.start > 2 and text[span.start] == "《" and text[span.end - 1] == "》":
        return Span(span.start + 1, span.end - 1, span.type)
    return span


@dataclass(frozen=True)
class Benchmark:
    """A span benchmark: its reader, classes, and how our types and jieba tags map onto them."""

    name: str
    title: str
    classes: tuple[str, ...]
    kg_types: Mapping[str, str]
    jieba_tags: Mapping[str, str]          # POS tag prefix -> class
    read: Callable[..., list[Example]]


PEOPLES_DAILY = Benchmark(
    "peoples-daily", "People's Daily NER", ("LOC", "ORG", "PER"),
    {"Organization": "ORG", "Place": "LOC", "Person": "PER"},
    {"nt": "ORG", "ns": "LOC", "nr": "PER"}, read_peoples_daily)

CLUENER = Benchmark(
    "cluener", "CLUENER2020", ("Organization", "Place", "Person", "Position", "Work/Policy"),
    {"Organization": "Organization", "Place": "Place", "Person": "Person", "Position": "Position",
     "Policy": "Work/Policy", "Work": "Work/Policy"},
    {"nt": "Organization", "ns": "Place", "nr": "Person"}, read_cluener)

MSRA = Benchmark(
    "msra", "MSRA NER", ("LOC", "ORG", "PER"),
    {"Organization": "ORG", "Place": "LOC", "Person": "PER"},
    {"nt": "ORG", "ns": "LOC", "nr": "PER"}, read_msra)

BENCHMARKS = {b.name: b for b in (PEOPLES_DAILY, MSRA, CLUENER)}


def sentence_document(text: str) -> Document:
    """A Document holding ``text`` as one sentence: no header, title or boilerplate handling."""
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    sentence = Sentence(0, 0, len(text), text, normalize(text))
    return Document(doc_id, "sentence", "sentence", text, "utf-8", DocumentMeta(), (sentence,))


def flat_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions not strictly inside another mention (of any type), without value mentions."""
    mentions = list(mentions)
    spans = {m.span for m in mentions}

    def nested(m: Mention) -> bool:
        return any(s <= m.start and m.end <= e and (s, e) != m.span for s, e in spans)

    return [m for m in mentions if m.type not in VALUE_TYPES and not nested(m)]


def kg_spans(pipeline, text: str, kg_types: Mapping[str, str]) -> set[Span]:
    """Our extractor's outermost mentions of the benchmark's classes, mapped onto them.
    Types the benchmark does not tag do not hide what they contain: 国务院 in 国务院总理
    (a Position) or 邓小平 in 邓小平理论 (a Concept) count."""
    extraction = pipeline.extract(sentence_document(text))
    mapped = [m for m in extraction.mentions if m.type in kg_types]
    return {Span(m.start, m.end, kg_types[m.type]) for m in flat_mentions(mapped)}


def jieba_spans(text: str, tags: Mapping[str, str]) -> set[Span]:
    """Baseline: every token of plain jieba.posseg (HMM on) whose POS tag maps to a class."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    spans: set[Span] = set()
    pos = 0
    for pair in jieba.posseg.lcut(text):
        end = pos + len(pair.word)
        kind = next((cls for prefix, cls in tags.items() if pair.flag.startswith(prefix)), None)
        if kind is not None:
            spans.add(Span(pos, end, kind))
        pos = end
    return spans


def _top(counter: Counter, n: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]


@dataclass
class SpanScores:
    """One system's exact-span scores on a benchmark, with its error strings per class."""

    system: str
    classes: tuple[str, ...]
    scores: dict[str, Score] = field(default_factory=dict)
    missed: dict[str, Counter] = field(default_factory=dict)
    false_alarms: dict[str, Counter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cls in self.classes:
            self.scores.setdefault(cls, Score())
            self.missed.setdefault(cls, Counter())
            self.false_alarms.setdefault(cls, Counter())

    def add(self, example: Example, predicted: set[Span]) -> None:
        """Count one sentence."""
        for span in example.spans:
            score = self.scores[span.type]
            score.gold += 1
            if span in predicted:
                score.found += 1
            else:
                self.missed[span.type][example.text[span.start:span.end]] += 1
        for span in predicted:
            if span not in example.spans and (span.start, span.end) in example.ignored:
                continue
            score = self.scores[span.type]
            score.predicted += 1
            if span in example.spans:
                score.correct += 1
            else:
                self.false_alarms[span.type][example.text[span.start:span.end]] += 1

    @property
    def micro(self) -> Score:
        return micro(self.scores.values())

    def top_errors(self, n: int = DEFAULT_ERRORS) -> dict[str, dict[str, list[tuple[str, int]]]]:
        """The n most frequent missed and false-alarm strings per class."""
        return {cls: {"missed": _top(self.missed[cls], n), "false_alarms": _top(self.false_alarms[cls], n)}
                for cls in self.classes}

    def to_dict(self, errors: int = DEFAULT_ERRORS) -> dict:
        return {"scores": {c: self.scores[c].to_dict() for c in self.classes},
                "micro": self.micro.to_dict(), "errors": self.top_errors(errors)}


@dataclass
class BenchmarkResult:
    benchmark: Benchmark
    path: Path
    sentences: int
    systems: dict[str, SpanScores]        # "kg" and "jieba"

    @property
    def kg(self) -> SpanScores:
        return self.systems["kg"]

    @property
    def baseline(self) -> SpanScores:
        return self.systems["jieba"]

    def to_dict(self, errors: int = DEFAULT_ERRORS) -> dict:
        return {"benchmark": self.benchmark.name, "path": str(self.path), "sentences": self.sentences,
                "systems": {name: s.to_dict(errors) for name, s in self.systems.items()}}


def evaluate_benchmark(benchmark: Benchmark, path: str | Path, limit: Optional[int] = None,
                       pipeline=None, baseline: bool = True) -> BenchmarkResult:
    """Score kg and (unless ``baseline`` is False) the jieba baseline on the first ``limit``
    sentences of a benchmark.  The baseline is jieba's HMM tagger in pure Python: about two
    thirds of the time."""
    from ..pipeline import Pipeline

    examples = benchmark.read(path, limit)
    pipeline = pipeline or Pipeline.load()
    systems = {"kg": SpanScores("kg", benchmark.classes)}
    if baseline:
        systems["jieba"] = SpanScores("jieba", benchmark.classes)
    for example in examples:
        systems["kg"].add(example, kg_spans(pipeline, example.text, benchmark.kg_types))
        if baseline:
            systems["jieba"].add(example, jieba_spans(example.text, benchmark.jieba_tags))
    return BenchmarkResult(benchmark, Path(path), len(examples), systems)


def evaluate_peoples_daily(path: str | Path, limit: Optional[int] = None, pipeline=None,
                           baseline: bool = True) -> BenchmarkResult:
    return evaluate_benchmark(PEOPLES_DAILY, path, limit, pipeline, baseline)


def evaluate_msra(path: str | Path, limit: Optional[int] = None, pipeline=None,
                  baseline: bool = True) -> BenchmarkResult:
    return evaluate_benchmark(MSRA, path, limit, pipeline, baseline)


def evaluate_cluener(path: str | Path, limit: Optional[int] = None, pipeline=None,
                     baseline: bool = True) -> BenchmarkResult:
    return evaluate_benchmark(CLUENER, path, limit, pipeline, baseline)
