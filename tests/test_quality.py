"""Extraction quality targets: the sample's gold annotation and People's Daily dev."""
from __future__ import annotations

import pytest

from kg.evaluate import EvalReport, evaluate_gold, evaluate_peoples_daily
from kg.evaluate.scores import micro

from .conftest import ROOT, shared_path

GOLD = ROOT / "tests" / "gold" / "sample.gold.json"


@pytest.fixture(scope="module")
def sample_score(pipeline):
    return evaluate_gold(GOLD, pipeline)


def test_quality_sample_recall_and_precision(sample_score):
    micro = sample_score.micro
    assert micro.recall >= 0.95, [str(m) for m in sample_score.missed_entities]
    assert micro.precision >= 0.90, [(e.type, e.label) for e in sample_score.false_entities]


def test_quality_sample_every_gold_relation_found(sample_score):
    assert sample_score.missed_relations == []


def test_quality_peoples_daily_targets(pipeline):
    # kg only: the targets lie far above jieba's baseline (LOC 0.64, ORG 0.43, PER 0.46), which
    # test_evaluate compares live on a slice; scoring it here would triple the time.
    result = evaluate_peoples_daily(shared_path("data", "peoples_daily_ner", "dev.bio"), pipeline=pipeline,
                                    baseline=False)
    kg = result.kg.scores
    # The targets: LOC 0.85, PER 0.80 at precision 0.85, ORG 0.75.
    assert kg["LOC"].f1 >= 0.85
    assert kg["PER"].f1 >= 0.80 and kg["PER"].precision >= 0.85
    assert kg["ORG"].f1 >= 0.75


@pytest.fixture(scope="module")
def news_report(pipeline):
    """The 20 hand-annotated news stories of tests/gold/news-*.gold.json (they read ../shared)."""
    shared_path("corpus", "news_xwlb")
    golds = sorted((ROOT / "tests" / "gold").glob("news-*.gold.json"))
    assert len(golds) == 20
    return EvalReport(documents=[evaluate_gold(g, pipeline) for g in golds])


def test_quality_news_gold_aggregate(news_report):
    types, relations = news_report.totals()
    total = micro(types.values())
    assert total.gold >= 190 and relations.gold >= 45
    assert total.precision >= 0.93 and total.recall >= 0.90
    assert types["Person"].precision == 1.0 and types["Person"].recall >= 0.75
    assert relations.recall >= 0.85
