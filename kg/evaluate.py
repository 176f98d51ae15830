"""Evaluation: score the pipeline against gold annotations and public NER benchmarks.

Gold files (format in tests/gold/README.md) are scored at entity level after
resolution: one entity is one real thing, matched by any of its names.  The
People's Daily and CLUENER2020 benchmarks are scored by exact span, beside a
plain jieba POS-tag baseline.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence

from .errors import ValidationFailed
from .model import (ENTITY_TYPES, VALUE_TYPES, Document, DocumentMeta, KnowledgeBase, Mention,
                    Sentence)
from .text import label_form, match_key, normalize

#: Top-N missed / false-alarm strings per type kept in JSON reports by default.
DEFAULT_ERRORS = 20


# -- scores -------------------------------------------------------------------

@dataclass
class Score:
    """Counts for one type; matched items are counted on each side separately."""

    gold: int = 0
    predicted: int = 0
    found: int = 0        # gold items matched by a prediction (recall side)
    correct: int = 0      # predictions matching a gold item (precision side)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.gold + other.gold, self.predicted + other.predicted,
                     self.found + other.found, self.correct + other.correct)

    def to_dict(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "found": self.found,
                "correct": self.correct, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def micro(scores: Iterable[Score]) -> Score:
    """Micro-average: the sum of the counts."""
    return sum(scores, Score())


# -- gold files ---------------------------------------------------------------

_GOLD_KEYS = {"document", "entities", "relations", "note"}
_ENTITY_KEYS = {"text", "type", "note"}
_RELATION_KEYS = {"subject", "predicate", "object", "note"}


@dataclass(frozen=True)
class GoldEntity:
    names: tuple[str, ...]    # equivalent names of one real entity
    type: str

    @property
    def keys(self) -> set[str]:
        return {match_key(n) for n in self.names}


@dataclass(frozen=True)
class GoldRelation:
    subject: tuple[str, ...]
    predicate: str
    object: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.subject[0]} {self.predicate} {self.object[0]}"


@dataclass(frozen=True)
class Gold:
    """One annotated document."""

    path: Path
    document: Path
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...] = ()


def _line_of(raw: str, value: object, after: str) -> int:
    """Line of the first occurrence of ``value`` (as JSON) after the key ``after``, or 1."""
    start = max(raw.find(f'"{after}"'), 0)
    for needle in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        pos = raw.find(needle, start)
        if pos >= 0:
            return raw.count("\n", 0, pos) + 1
    return 1


def _names(value: object) -> Optional[tuple[str, ...]]:
    """A name or a list of names, as a tuple of non-empty strings; None if malformed."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return None
    if not all(isinstance(n, str) and n.strip() for n in items):
        return None
    return tuple(n.strip() for n in items)


def _first_name(item: object) -> object:
    """What to search for to find an item's line: its first string value."""
    if isinstance(item, dict):
        for value in item.values():
            if isinstance(value, str):
                return value
            if isinstance(value, list) and value and isinstance(value[0], str):
                return value[0]
    return item


def _gold_entity(item: object) -> GoldEntity | str:
    """A GoldEntity, or what is wrong with ``item``."""
    if not isinstance(item, dict):
        return "an entity must be an object {\"text\": ..., \"type\": ...}"
    if unknown := set(item) - _ENTITY_KEYS:
        return f"unknown key(s) {sorted(unknown)} in entity (allowed: text, type, note)"
    names = _names(item.get("text"))
    if names is None:
        return "entity 'text' must be a non-empty name or a list of names"
    if item.get("type") not in ENTITY_TYPES:
        return f"entity {names[0]!r} has type {item.get('type')!r}; known types: {', '.join(ENTITY_TYPES)}"
    return GoldEntity(names, item["type"])


def _gold_relation(item: object, predicates: set[str]) -> GoldRelation | str:
    """A GoldRelation, or what is wrong with ``item``."""
    if not isinstance(item, dict):
        return "a relation must be an object {\"subject\", \"predicate\", \"object\"}"
    if unknown := set(item) - _RELATION_KEYS:
        return f"unknown key(s) {sorted(unknown)} in relation (allowed: subject, predicate, object, note)"
    subject, obj = _names(item.get("subject")), _names(item.get("object"))
    if subject is None or obj is None:
        return "relation 'subject' and 'object' must be non-empty names or lists of names"
    if item.get("predicate") not in predicates:
        return f"relation predicate {item.get('predicate')!r} is not an ontology property; " \
               f"known: {', '.join(sorted(predicates))}"
    return GoldRelation(subject, item["predicate"], obj)


def _ontology_predicates() -> set[str]:
    from .vocab import datatype_properties, object_properties

    return set(object_properties()) | set(datatype_properties())


def load_gold(path: str | Path) -> Gold:
    """Read and check a gold file; E504 if it is missing, E503 if it is malformed."""
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed("E504", path=path, detail="Give the path of a gold .json file.")
    raw = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationFailed("E503", path=path, line=exc.lineno, detail=exc.msg) from exc

    def fail(detail: str, item: object = None, after: str = "document") -> ValidationFailed:
        line = _line_of(raw, _first_name(item), after) if item is not None else 1
        return ValidationFailed("E503", path=path, line=line, detail=detail)

    if not isinstance(data, dict):
        raise fail("the file must hold one JSON object {\"document\", \"entities\", \"relations\"}")
    if unknown := set(data) - _GOLD_KEYS:
        raise fail(f"unknown key(s) {sorted(unknown)} (allowed: document, entities, relations, note)")
    if not isinstance(data.get("document"), str) or not data["document"].strip():
        raise fail("'document' must be the path of the annotated text")
    entities, relations = [], []
    for key, parse, out in (("entities", _gold_entity, entities),
                            ("relations", lambda i: _gold_relation(i, _ontology_predicates()), relations)):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise fail(f"'{key}' must be a list", key, key)
        for item in items:
            parsed = parse(item)
            if isinstance(parsed, str):
                raise fail(parsed, item, key)
            out.append(parsed)
    return Gold(path, find_document(data["document"], path), tuple(entities), tuple(relations))


def find_document(raw: str, gold_path: Path) -> Path:
    """The annotated text: relative to the working directory, else to a folder above the gold file."""
    path = Path(raw)
    if path.is_absolute():
        candidates = [path]
    else:
        candidates = [path] + [parent / path for parent in Path(gold_path).resolve().parents]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ValidationFailed("E504", path=raw, detail=f"{gold_path} names this document; it is not in the "
                           "working directory nor under any folder above the gold file.")


@dataclass(frozen=True)
class PredictedEntity:
    key: str
    type: str
    label: str
    names: frozenset[str]     # match keys of label, alt labels and mention surfaces


@dataclass(frozen=True)
class MissedEntity:
    entity: GoldEntity
    hint: str = ""            # e.g. "predicted as Organization 湖南省委"


@dataclass
class DocumentScore:
    """Entity- and relation-level scores of one gold document, with the errors to act on."""

    gold: Gold
    entities: dict[str, Score]
    relations: Score
    missed_entities: list[MissedEntity] = field(default_factory=list)
    false_entities: list[PredictedEntity] = field(default_factory=list)
    missed_relations: list[GoldRelation] = field(default_factory=list)
    false_relations: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def micro(self) -> Score:
        return micro(self.entities.values())

    def to_dict(self) -> dict:
        return {
            "gold": str(self.gold.path), "document": str(self.gold.document),
            "entities": {t: s.to_dict() for t, s in sorted(self.entities.items())},
            "micro": self.micro.to_dict(), "relations": self.relations.to_dict(),
            "missed_entities": [{"text": list(m.entity.names), "type": m.entity.type, "hint": m.hint}
                                for m in self.missed_entities],
            "false_entities": [{"label": e.label, "type": e.type} for e in self.false_entities],
            "missed_relations": [str(r) for r in self.missed_relations],
            "false_relations": [" ".join(r) for r in self.false_relations],
        }


def entity_names(kb: KnowledgeBase, doc_id: Optional[str] = None) -> dict[str, set[str]]:
    """Match keys of every entity's names: label, alt labels and its mentions' surfaces."""
    names = {key: {match_key(e.label)} | {match_key(a) for a in e.alt_labels}
             for key, e in kb.entities.items()}
    for rm in kb.mentions:
        if rm.entity and rm.entity in names and (doc_id is None or rm.doc_id == doc_id):
            names[rm.entity].add(match_key(label_form(rm.mention.text)))
    return names


def predicted_entities(kb: KnowledgeBase, doc_id: Optional[str] = None) -> list[PredictedEntity]:
    """Entities with at least one mention in the document; background-only entities do not count."""
    names = entity_names(kb, doc_id)
    keys = dict.fromkeys(rm.entity for rm in kb.mentions
                         if rm.entity and rm.entity in kb.entities and (doc_id is None or rm.doc_id == doc_id))
    return [PredictedEntity(k, kb.entities[k].type, kb.entities[k].label, frozenset(names[k])) for k in keys]


def _hint(gold: GoldEntity, predicted: list[PredictedEntity]) -> str:
    """Why a gold entity may have been missed: found with another type, or only a longer/shorter name."""
    keys = gold.keys
    other = [p for p in predicted if p.names & keys]
    if other:
        return "predicted as " + ", ".join(f"{p.type} {p.label}" for p in other)
    near = [p for p in predicted if any(k in n or n in k for k in keys for n in p.names if n)]
    if near:
        return "overlaps " + ", ".join(f"{p.type} {p.label}" for p in near[:3])
    return ""


def _relation_hits(rel: GoldRelation, subject: set[str], predicate: str, obj: set[str]) -> bool:
    return predicate == rel.predicate and bool(subject & {match_key(n) for n in rel.subject}) \
        and bool(obj & {match_key(n) for n in rel.object})


def score_document(gold: Gold, kb: KnowledgeBase, doc_id: Optional[str] = None) -> DocumentScore:
    """Compare a document's knowledge base with its gold annotation."""
    predicted = predicted_entities(kb, doc_id)
    entities: dict[str, Score] = {}
    missed: list[MissedEntity] = []
    for g in gold.entities:
        score = entities.setdefault(g.type, Score())
        score.gold += 1
        if any(p.type == g.type and p.names & g.keys for p in predicted):
            score.found += 1
        else:
            missed.append(MissedEntity(g, _hint(g, predicted)))
    false: list[PredictedEntity] = []
    for p in predicted:
        score = entities.setdefault(p.type, Score())
        score.predicted += 1
        if any(g.type == p.type and p.names & g.keys for g in gold.entities):
            score.correct += 1
        else:
            false.append(p)
    relations, missed_rel, false_rel = _score_relations(gold, kb, doc_id)
    return DocumentScore(gold, entities, relations, missed, false, missed_rel, false_rel)


def _score_relations(gold: Gold, kb: KnowledgeBase, doc_id: Optional[str]
                     ) -> tuple[Score, list[GoldRelation], list[tuple[str, str, str]]]:
    """Recall over every KB relation (text or background); precision over text-derived ones."""
    names = entity_names(kb, doc_id)

    def ends(key: str) -> set[str]:
        return names.get(key) or {match_key(key)}     # a literal object such as a date

    def label(key: str) -> str:
        return kb.entities[key].label if key in kb.entities else key

    score = Score(gold=len(gold.relations))
    missed = []
    for g in gold.relations:
        if any(_relation_hits(g, ends(r.subject), r.predicate, ends(r.object)) for r in kb.relations):
            score.found += 1
        else:
            missed.append(g)
    triples = dict.fromkeys((r.subject, r.predicate, r.object) for r in kb.relations
                            if r.relation is not None and (doc_id is None or r.doc_id == doc_id))
    false = []
    for s, p, o in triples:
        score.predicted += 1
        if any(_relation_hits(g, ends(s), p, ends(o)) for g in gold.relations):
            score.correct += 1
        else:
            false.append((label(s), p, label(o)))
    return score, missed, false


def evaluate_gold(gold: Gold | str | Path, pipeline=None) -> DocumentScore:
    """Run the pipeline on a gold file's document and score the result."""
    from .corpus import read_document
    from .pipeline import Pipeline

    gold = gold if isinstance(gold, Gold) else load_gold(gold)
    pipeline = pipeline or Pipeline.load()
    document = read_document(gold.document)
    kb = pipeline.resolve([pipeline.extract(document)])
    return score_document(gold, kb, document.doc_id)


# -- public NER benchmarks ----------------------------------------------------

@dataclass(frozen=True)
class Span:
    start: int
    end: int                  # exclusive
    type: str


@dataclass(frozen=True)
class Example:
    """One benchmark sentence with its gold spans."""

    text: str
    spans: frozenset[Span]


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


def read_peoples_daily(path: str | Path, limit: Optional[int] = None) -> list[Example]:
    """People's Daily NER: one 'character tag' per line, a blank line between sentences."""
    path = _open_set(path, "People's Daily .bio")
    examples: list[Example] = []
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if line.strip():
                char, sep, tag = line.rpartition(" ")
                if not sep or len(char) != 1:
                    raise ValidationFailed("E503", path=path, line=number, detail=f"expected 'character TAG', got {line!r}")
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
                spans = {Span(int(s), int(e) + 1, CLUENER_LABELS[label])
                         for label, entities in labels.items() if label in CLUENER_LABELS
                         for ranges in entities.values() for s, e in ranges}
            except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ValidationFailed("E503", path=path, line=number, detail=f"{type(exc).__name__}: {exc}") from exc
            if any(not 0 <= s.start < s.end <= len(text) for s in spans):
                raise ValidationFailed("E503", path=path, line=number, detail="a span lies outside the text")
            examples.append(Example(text, frozenset(spans)))
    return examples


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

BENCHMARKS = {b.name: b for b in (PEOPLES_DAILY, CLUENER)}


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
    """Our extractor's flat mentions of ``text``, mapped onto the benchmark classes."""
    extraction = pipeline.extract(sentence_document(text))
    return {Span(m.start, m.end, kg_types[m.type]) for m in flat_mentions(extraction.mentions)
            if m.type in kg_types}


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
                       pipeline=None) -> BenchmarkResult:
    """Score kg and the jieba baseline on the first ``limit`` sentences of a benchmark."""
    from .pipeline import Pipeline

    examples = benchmark.read(path, limit)
    pipeline = pipeline or Pipeline.load()
    ours = SpanScores("kg", benchmark.classes)
    base = SpanScores("jieba", benchmark.classes)
    for example in examples:
        ours.add(example, kg_spans(pipeline, example.text, benchmark.kg_types))
        base.add(example, jieba_spans(example.text, benchmark.jieba_tags))
    return BenchmarkResult(benchmark, Path(path), len(examples), {"kg": ours, "jieba": base})


def evaluate_peoples_daily(path: str | Path, limit: Optional[int] = None, pipeline=None) -> BenchmarkResult:
    return evaluate_benchmark(PEOPLES_DAILY, path, limit, pipeline)


def evaluate_cluener(path: str | Path, limit: Optional[int] = None, pipeline=None) -> BenchmarkResult:
    return evaluate_benchmark(CLUENER, path, limit, pipeline)


# -- the whole evaluation and its report ------------------------------------

@dataclass
class EvalReport:
    documents: list[DocumentScore] = field(default_factory=list)
    benchmarks: list[BenchmarkResult] = field(default_factory=list)

    def to_dict(self, errors: int = DEFAULT_ERRORS) -> dict:
        return {"documents": [d.to_dict() for d in self.documents],
                "benchmarks": [b.to_dict(errors) for b in self.benchmarks]}


def run(gold_files: Sequence[str | Path] = (), peoples_daily: Optional[str | Path] = None,
        cluener: Optional[str | Path] = None, limit: Optional[int] = None, pipeline=None) -> EvalReport:
    """Everything `kg eval` asks for; paths are checked before the pipeline loads."""
    from .pipeline import Pipeline

    golds = [load_gold(p) for p in gold_files]
    sets = [(b, _open_set(p, b.title)) for b, p in ((PEOPLES_DAILY, peoples_daily), (CLUENER, cluener)) if p]
    pipeline = pipeline or Pipeline.load()
    report = EvalReport()
    for gold in golds:
        report.documents.append(evaluate_gold(gold, pipeline))
    for benchmark, path in sets:
        report.benchmarks.append(evaluate_benchmark(benchmark, path, limit, pipeline))
    return report


def render_report(report: EvalReport, fmt: str = "table", errors: Optional[int] = None) -> str:
    """The report as aligned plain text ('table') or JSON; ``errors`` top strings per class."""
    if fmt == "json":
        data = report.to_dict(DEFAULT_ERRORS if errors is None else errors)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parts = [_document_text(d) for d in report.documents]
    parts += [_benchmark_text(b, errors or 0) for b in report.benchmarks]
    return "\n".join(parts)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """Aligned columns: the first left-aligned, the others right-aligned."""
    cells = [list(header)] + [[_cell(v) for v in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        first = row[0] + " " * (widths[0] - _width(row[0]))
        rest = [" " * (w - _width(v)) + v for v, w in zip(row[1:], widths[1:])]
        lines.append("  ".join([first] + rest).rstrip())
    return lines


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _score_cells(score: Score) -> list[object]:
    return [score.gold, score.found, score.predicted, score.correct, score.precision, score.recall, score.f1]


def _document_text(doc: DocumentScore) -> str:
    lines = [f"gold {doc.gold.path}  (document {doc.gold.document})"]
    rows = [[t] + _score_cells(doc.entities[t]) for t in sorted(doc.entities)]
    rows.append(["micro"] + _score_cells(doc.micro))
    rows.append(["relations"] + _score_cells(doc.relations))
    lines += _table(["type", "gold", "found", "pred", "correct", "P", "R", "F1"], rows)
    lines += _listing("missed entities", [f"{m.entity.type} {' / '.join(m.entity.names)}"
                                          + (f"  ({m.hint})" if m.hint else "") for m in doc.missed_entities])
    lines += _listing("false alarms", [f"{e.type} {e.label}" for e in doc.false_entities])
    lines += _listing("missed relations", [str(r) for r in doc.missed_relations])
    lines += _listing("false relations", [" ".join(r) for r in doc.false_relations])
    return "\n".join(lines) + "\n"


def _listing(title: str, items: list[str]) -> list[str]:
    return [f"{title} ({len(items)}):"] + [f"  {item}" for item in items] if items else []


def _benchmark_text(result: BenchmarkResult, errors: int) -> str:
    names = list(result.systems)
    lines = [f"{result.benchmark.title}: {result.path} ({result.sentences} sentences)"]
    header = ["type", "gold"] + [f"{n} {c}" for n in names for c in ("pred", "tp", "P", "R", "F1")]
    rows = []
    for cls in list(result.benchmark.classes) + ["micro"]:
        scores = [s.micro if cls == "micro" else s.scores[cls] for s in result.systems.values()]
        rows.append([cls, scores[0].gold] + [v for s in scores for v in
                                             [s.predicted, s.correct, s.precision, s.recall, s.f1]])
    lines += _table(header, rows)
    if errors:
        lines.append(f"most frequent errors of kg (top {errors}):")
        for cls, kinds in result.kg.top_errors(errors).items():
            for kind, items in kinds.items():
                shown = "  ".join(f"{text}×{count}" for text, count in items) or "-"
                lines.append(f"  {cls} {kind.replace('_', ' ')}: {shown}")
    return "\n".join(lines) + "\n"

