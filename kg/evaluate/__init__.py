"""Evaluation: score the pipeline against gold annotations and public NER benchmarks.

Gold files (format in tests/gold/README.md) are scored at entity level after
resolution: one entity is one real thing, matched by any of its names.  The
People's Daily and CLUENER2020 benchmarks are scored by exact span, beside a
plain jieba POS-tag baseline.
"""
from .benchmarks import (BENCHMARKS, CLUENER, CLUENER_LABELS, PEOPLES_DAILY, Benchmark, BenchmarkResult, MSRA,
                         Example, Span, SpanScores, evaluate_benchmark, evaluate_cluener,
                         evaluate_msra, evaluate_peoples_daily, flat_mentions, jieba_spans, kg_spans,
                         read_bio, read_cluener, read_msra, read_peoples_daily, sentence_document)
from .gold import (DocumentScore, Gold, GoldEntity, GoldRelation, MissedEntity, PredictedEntity,
                   entity_names, evaluate_gold, find_document, load_gold, predicted_entities,
                   score_document)
from .report import EvalReport, render_report, run
from .scores import DEFAULT_ERRORS, Score, micro

__all__ = [name for name in dir() if not name.startswith("_")]
