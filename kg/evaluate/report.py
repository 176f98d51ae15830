"""The whole evaluation run and its text or JSON report."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .benchmarks import CLUENER, MSRA, PEOPLES_DAILY, BenchmarkResult, _open_set, evaluate_benchmark
from .gold import DocumentScore, evaluate_gold, load_gold
from .scores import DEFAULT_ERRORS, Score, micro

# -- the whole evaluation and its report ------------------------------------

@dataclass
class EvalReport:
    documents: list[DocumentScore] = field(default_factory=list)
    benchmarks: list[BenchmarkResult] = field(default_factory=list)

    def totals(self) -> tuple[dict[str, Score], Score]:
        """Entity scores per type and relation scores summed over every gold document."""
        types: dict[str, Score] = {}
        relations = Score()
        for doc in self.documents:
            for type_, score in doc.entities.items():
                types[type_] = types.get(type_, Score()) + score
            relations = relations + doc.relations
        return types, relations

    def to_dict(self, errors: int = DEFAULT_ERRORS) -> dict:
        data = {"documents": [d.to_dict() for d in self.documents],
                "benchmarks": [b.to_dict(errors) for b in self.benchmarks]}
        if len(self.documents) > 1:
            types, relations = self.totals()
            data["total"] = {"entities": {t: s.to_dict() for t, s in sorted(types.items())},
                             "micro": micro(types.values()).to_dict(), "relations": relations.to_dict()}
        return data


def run(gold_files: Sequence[str | Path] = (), peoples_daily: Optional[str | Path] = None,
        cluener: Optional[str | Path] = None, limit: Optional[int] = None, pipeline=None,
        msra: Optional[str | Path] = None) -> EvalReport:
    """Everything `kg eval` asks for; paths are checked before the pipeline loads."""
    from ..pipeline import Pipeline

    golds = [load_gold(p) for p in gold_files]
    sets = [(b, _open_set(p, b.title)) for b, p in ((PEOPLES_DAILY, peoples_daily), (MSRA, msra), (CLUENER, cluener)) if p]
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
    if len(report.documents) > 1:
        parts.append(_total_text(report))
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


def _total_text(report: EvalReport) -> str:
    types, relations = report.totals()
    lines = [f"all {len(report.documents)} gold documents"]
    rows = [[t] + _score_cells(types[t]) for t in sorted(types)]
    rows.append(["micro"] + _score_cells(micro(types.values())))
    rows.append(["relations"] + _score_cells(relations))
    lines += _table(["type", "gold", "found", "pred", "correct", "P", "R", "F1"], rows)
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
